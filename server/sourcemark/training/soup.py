"""`sourcemark soup`: the uniform average of the weights of models fine-tuned from one base (a model soup).

Fine-tunes of one pre-trained model with the same recipe stay in one basin of the loss, so
their mean is a model too, and often a better one on text unlike the training data. A soup is
only a candidate: `sourcemark compare` decides whether it is promoted.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

from ..runtime.classifier import INFO_FILE, METRICS_FILE, read_info, resolve_model_dir
from .corpus import file_digest, load_corpus
from .evaluate import corpus_eval_set, evaluate_set

WEIGHTS = "model.safetensors"


class SoupError(ValueError):
    pass


def soup(out: str | Path, models: list[str | Path], data_dir: str | Path, version: str = "",
         name: str = "", seed_runs: dict | None = None) -> dict:
    """Write the averaged model to `out` with its card; return its dev and test metrics.

    `seed_runs`: the ingredients' own scores when they are runs of one recipe with different
    seeds (recorded in the metrics and the card as the spread a single run would have had).
    """
    from safetensors.torch import load_file, save_file

    out, folders = Path(out), [resolve_model_dir(m) for m in models]
    if len(folders) < 2:
        raise SoupError("a soup needs at least two models")
    if out.exists() and any(out.iterdir()):
        raise SoupError(f"{out}: folder exists and is not empty")
    missing = [str(f / WEIGHTS) for f in folders if not (f / WEIGHTS).is_file()]
    if missing:
        raise SoupError(f"no safetensors weights at {', '.join(missing)}")
    configs = [json.loads((f / "config.json").read_text(encoding="utf-8")) for f in folders]
    for folder, config in zip(folders[1:], configs[1:]):
        if config.get("id2label") != configs[0].get("id2label"):
            raise SoupError(f"{folder}: labels {config.get('id2label')} differ from {configs[0].get('id2label')}")
    ingredients = [read_info(f) for f in folders]
    contexts = {i["context"] for i in ingredients}
    if len(contexts) > 1:
        raise SoupError(f"the models were trained with different inputs (context {sorted(contexts)})")
    weights = [load_file(str(f / WEIGHTS)) for f in folders]
    shapes = {k: tuple(v.shape) for k, v in weights[0].items()}
    for folder, w in zip(folders[1:], weights[1:]):
        if {k: tuple(v.shape) for k, v in w.items()} != shapes:
            raise SoupError(f"{folder}: its weights do not match {folders[0]}'s names and shapes")
    mean = {k: (sum(w[k].float() for w in weights) / len(weights)).to(v.dtype) if v.is_floating_point() else v
            for k, v in weights[0].items()}

    shutil.copytree(folders[-1], out, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("onnx", WEIGHTS, INFO_FILE, METRICS_FILE, "README.md"))
    save_file(mean, str(out / WEIGHTS), metadata={"format": "pt"})
    data_dir = Path(data_dir)
    info = {
        "name": name or ingredients[-1]["name"],
        "version": version or datetime.now(timezone.utc).strftime("%Y%m%d.%H%M"),
        "base_model": ingredients[-1]["base_model"],
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "context": ingredients[-1]["context"], "max_tokens": ingredients[-1].get("max_tokens", 128),
        "labels": [configs[0]["id2label"][str(i)] for i in range(len(configs[0]["id2label"]))],
        "soup_of": [{"name": i["name"], "version": i["version"], "weights_sha256": file_digest(f / WEIGHTS),
                     "data": i.get("data", []), "args": i.get("args", {}), "kept": i.get("metrics", {}).get("chosen")}
                    for i, f in zip(ingredients, folders)],
        "data": ingredients[-1].get("data", []),
    }
    (out / INFO_FILE).write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    from ..runtime.classifier import Classifier

    classifier = Classifier(out, runtime="torch")
    corpus = load_corpus(data_dir)
    metrics = {split: evaluate_set(classifier, corpus_eval_set(corpus[split], split))["model"]
               for split in ("dev", "test") if corpus.get(split)}
    metrics["history"] = []
    if seed_runs:
        metrics["seed_runs"] = seed_runs
    (out / METRICS_FILE).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(_card(info, metrics), encoding="utf-8")
    from ..runtime.registry import make_readable
    make_readable(out)  # safetensors writes 0600: a service running as another user could not read it
    return metrics


def _card(info: dict, metrics: dict) -> str:
    from .card import scores_and_limits

    parts = "\n".join(
        f"- {i['name']} {i['version']} (weights sha256 `{i['weights_sha256'][:16]}…`), trained on "
        + (", ".join(f"`{d['path']}` `{d['sha256'][:12]}…`" for d in i["data"]) or "data not recorded")
        + (f"; epochs ≤ {i['args'].get('epochs')}, patience {i['args'].get('patience')}, seed {i['args'].get('seed')}"
           if i["args"] else "")
        + (f", kept {i['kept']}" if i.get("kept") else "")
        for i in info["soup_of"])
    return f"""# {info['name']} {info['version']}

Labels each sentence of a news article as {', '.join(f'`{l}`' for l in info['labels'])}
(see the labelling guide). A model soup: the uniform average of the weights of {len(info['soup_of'])} models
fine-tuned from `{info['base_model']}` with `sourcemark train`, made by `sourcemark soup` on {info['trained_at']}.

## Ingredients
{parts}

{_spread_md(metrics.get("seed_runs"))}{scores_and_limits(metrics, info["context"], "the choice among candidates")}"""


def _spread_md(seed_runs: dict | None) -> str:
    """The seed runs' own scores: what one run of the recipe would have scored, and how much that varies."""
    if not seed_runs:
        return ""
    rows = ["| seed | kept | dev macro-F1 | test macro-F1 | minutes |", "|---|---|---|---|---|"]
    fmt = lambda v: "" if v is None else f"{v:.4f}"  # noqa: E731
    rows += [f"| {r['seed']} | {r['chosen']} | {fmt(r['dev_macro_f1'])} | {fmt(r['test_macro_f1'])} | "
             f"{r['train_seconds'] / 60:.1f} |" for r in seed_runs["runs"]]
    lines = [f"- {split}: mean {s['mean']:.4f}, sd {s['sd']:.4f}, range {s['min']:.4f}-{s['max']:.4f} "
             f"({s['n']} runs)" for split, s in ((k.split("_")[0], v) for k, v in seed_runs.items() if k != "runs")]
    return ("## Seed runs\nEach ingredient is one run of the recipe with another seed; their spread is what a "
            "single run's score would have been left to luck.\n\n" + "\n".join(rows) + "\n\n"
            + "\n".join(lines) + "\n\n")
