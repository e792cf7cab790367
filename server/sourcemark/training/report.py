"""Markdown reports and confusion-matrix PNGs for `sourcemark evaluate` and `compare`."""
from __future__ import annotations

import json
import re
from pathlib import Path


def headline(result: dict, who: str = "model") -> float:
    return result[who][result["headline"]]


def claims_macro_f1(metrics: dict) -> float | None:
    """Macro-F1 over the guide's three claim labels alone (the `none` class left out)."""
    from ..core.labels import CLAIM_LABELS

    scores = [metrics["per_class"][l]["f1"] for l in CLAIM_LABELS if l in metrics["per_class"]]
    return sum(scores) / len(scores) if len(scores) == len(CLAIM_LABELS) else None


def _measure(result: dict) -> str:
    if result["kind"] == "multi":
        return "macro-F1"
    if result["kind"] == "pages":
        return "macro-F1, whole pages"
    if result["kind"] == "lines":
        return "share of furniture `none`"
    return f"F1 of {result['positive']}" if result["headline"] == "f1" else f"macro-F1, {result['positive']} vs rest"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _binary_confusion(metrics: dict) -> str:
    """'TP FN / FP TN' of the positive class (rows: gold), or '' for a multi-class matrix."""
    if len(metrics["labels"]) != 2:
        return ""
    (tp, fn), (fp, tn) = metrics["confusion"]
    return f"{tp} {fn} / {fp} {tn}"


def _interval(result: dict) -> str:
    bounds = result.get("interval")
    return f"{bounds[0]:.3f}-{bounds[1]:.3f}" if bounds else ""


def summary_table(evaluation: dict) -> str:
    """One row per set; the model's 95% interval is over resamples of the set's items (`bootstrap`)."""
    rows = ["| set | measure | cue baseline | model | 95% interval | margin | macro-F1 | P | R | F1 "
            "| confusion (TP FN / FP TN) | claims → `none` |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in evaluation["sets"].values():
        m, b = headline(r), headline(r, "baseline")
        pos = r["model"]["per_class"].get(r["positive"] or "", {})
        p, rec, f1 = (f"{pos[k]:.3f}" for k in ("precision", "recall", "f1")) if pos else ("", "", "")
        rows.append(f"| {r['name']} | {_measure(r)} | {b:.3f} | **{m:.3f}** | {_interval(r)} | {m - b:+.3f} | "
                    f"{r['model']['macro_f1']:.3f} | {p} | {rec} | {f1} | {_binary_confusion(r['model'])} | "
                    f"{_share(r.get('claims_to_none'))} |")
        three = claims_macro_f1(r["model"]), claims_macro_f1(r["baseline"])
        if r["kind"] in ("multi", "pages") and None not in three:
            rows.append(f"| {r['name']} | macro-F1, 3 claim labels | {three[1]:.3f} | **{three[0]:.3f}** | | "
                        f"{three[0] - three[1]:+.3f} | | | | | | |")
    return "\n".join(rows) + "\n"


def _kinds_md(kinds: dict) -> str:
    rows = ["| kind of line | lines | labelled `none` |", "|---|---|---|"]
    rows += [f"| {k} | {v['n']} | {v['none']:.1%} |" for k, v in kinds.items()]
    return "\n".join(rows) + "\n"


def _confusion_md(metrics: dict) -> str:
    labels = metrics["labels"]
    rows = ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    rows += [f"| {g} | " + " | ".join(str(v) for v in row) + " |" for g, row in zip(labels, metrics["confusion"])]
    return "\n".join(rows) + "\n"


def _per_class_md(metrics: dict) -> str:
    rows = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    rows += [f"| {l} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
             for l, m in metrics["per_class"].items()]
    return "\n".join(rows) + "\n"


def confusion_png(metrics: dict, title: str, path: Path) -> None:
    try:
        import matplotlib
    except ImportError as exc:
        raise ImportError("evaluate's confusion plots need matplotlib: pip install 'sourcemark[train]'") from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = metrics["labels"], metrics["confusion"]
    fig, ax = plt.subplots(figsize=(1.4 * len(labels) + 2, 1.2 * len(labels) + 1.5), dpi=110)
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", color="white" if value > peak / 2 else "black")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_report(evaluation: dict, out_dir: str | Path) -> Path:
    """report.md, metrics.json and one confusion PNG per set under out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = evaluation["model"]
    parts = [f"# Evaluation of {model['name']} {model['version']}\n", f"Model folder: `{model['folder']}`\n",
             summary_table(evaluation)]
    for r in evaluation["sets"].values():
        png = re.sub(r"[^A-Za-z0-9_.-]", "_", r["name"]) + ".png"
        confusion_png(r["model"], f"{r['name']} ({model['name']} {model['version']})", out / png)
        parts += [f"\n## {r['name']}\n", f"Model:\n\n{_per_class_md(r['model'])}\n{_confusion_md(r['model'])}",
                  f"\nCue baseline:\n\n{_per_class_md(r['baseline'])}\n{_confusion_md(r['baseline'])}",
                  f"\n![confusion]({png})\n"]
        if r.get("kinds"):
            parts.append(f"\nBy kind of line (model through the service's rules):\n\n{_kinds_md(r['kinds'])}")
        if r["errors"]:
            parts.append("\nSome errors:\n\n" + "\n".join(
                f"- gold `{e['gold']}`, predicted `{e['pred']}`: {e['text'][:200]}" for e in r["errors"][:15]) + "\n")
    path = out / "report.md"
    path.write_text("".join(parts), encoding="utf-8")
    kept = {**evaluation, "sets": {name: {k: v for k, v in r.items() if k not in ("gold", "pred")}
                                   for name, r in evaluation["sets"].items()}}
    (out / "metrics.json").write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def compare_table(old: dict, new: dict, runs: list[dict] | None = None) -> str:
    """Both models' headline scores per set; the change is in points (hundredths), the unit of --margin.

    `runs`: evaluations of other models on the same sets (the seed runs a soup was made of): their
    mean and range per set show how much one draw of the recipe varies. Where both results carry their
    items, a paired bootstrap interval shows how much the change would move with another draw of the set.
    """
    from .bootstrap import paired_interval

    runs = runs or []
    intervals = {name: paired_interval(old["sets"][name], r) for name, r in new["sets"].items()}
    boot_head = " 95% interval of the change (paired bootstrap) |" if any(intervals.values()) else ""
    runtimes = {e["model"].get("runtime") for e in [old, new, *runs]}
    spread_head = f" {len(runs)} seed runs: mean (min-max) |" if runs else ""
    rows = [f"Runtime: {', '.join(sorted(r or 'unknown' for r in runtimes))}"
            + ("" if len(runtimes) == 1 else " (NOT the same runtime: the scores are not comparable)") + "\n",
            f"| set | measure | old {old['model']['version']} | new {new['model']['version']} | change (points) |"
            + boot_head + spread_head, "|---|---|---|---|---|" + ("---|" if boot_head else "") + ("---|" if runs else "")]
    for name, r_new in new["sets"].items():
        r_old = old["sets"][name]
        a, b = headline(r_old), headline(r_new)
        cell = ""
        if boot_head:
            interval = intervals[name]
            cell += f" {interval[0]:+.2f} to {interval[1]:+.2f} |" if interval else " |"
        if runs:
            values = [headline(e["sets"][name]) for e in runs]
            cell += f" {sum(values) / len(values):.4f} ({min(values):.4f}-{max(values):.4f}) |"
        rows.append(f"| {name} | {_measure(r_new)} | {a:.4f} | {b:.4f} | {(b - a) * 100:+.2f} |{cell}")
    return "\n".join(rows) + "\n"


def seed_spread_note(folder: str | Path) -> str:
    """What a model's card records of its seed runs' dev and test spread, as lines under a compare table."""
    from ..runtime.classifier import METRICS_FILE

    path = Path(folder) / METRICS_FILE
    try:
        recorded = json.loads(path.read_text(encoding="utf-8")).get("seed_runs")
    except (OSError, ValueError):
        return ""
    if not recorded:
        return ""
    lines = [f"- {key.split('_')[0]} macro-F1 of the runs: mean {s['mean']:.4f}, sd {s['sd']:.4f}, "
             f"range {s['min']:.4f}-{s['max']:.4f}" for key, s in recorded.items() if key != "runs"]
    return (f"\n{Path(folder).name} is the soup of {len(recorded['runs'])} seed runs "
            f"(seeds {', '.join(str(r['seed']) for r in recorded['runs'])}); from training:\n" + "\n".join(lines) + "\n")
