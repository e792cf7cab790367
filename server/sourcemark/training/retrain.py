"""Retrain on the corpus plus accepted labels, compare with the current model, promote only when better.

The default recipe is the one that made the shipped model (training.recipe.train_epoch_soup:
one run of 4 epochs saving its epoch-1 weights, then the soup of those and the run's kept
weights); two or more seeds train the seed soup instead, and the decision records the seed
runs' spread. Both models are scored on one runtime (by default the int8 graph the workers
serve), so the gate compares like with like.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from ..runtime.classifier import read_info, resolve_model_dir
from ..runtime.gate import carry_gate
from ..runtime.registry import Registry, check_servable, ensure_graph, make_readable
from ..settings import DEFAULT_CORPUS_DIR
from ..storage import LabelStore
from .calibrate import calibrate
from .corpus import Example, load_corpus, write_label_file
from .evaluate import EvalSet, corpus_eval_set, evaluate, load_eval_set
from .recipe import SHIPPED_EPOCHS, SHIPPED_PATIENCE, SHIPPED_SEED, train_epoch_soup, train_seeds
from .report import compare_table, headline, seed_spread_note
from .train import TrainArgs

HELDOUT = "accepted:held-out"
RUNTIMES = ("onnx", "torch")


@dataclass
class RetrainArgs:
    models_dir: Path
    store_path: Path
    data_dir: Path = DEFAULT_CORPUS_DIR
    public: list[Path] = field(default_factory=list)
    margin: float = 0.5  # points of the headline measure (macro-F1 or F1) a set may lose
    holdout: float = 0.2
    quick: bool = False  # 64 corpus sentences plus every accepted training label: for tests
    epochs: int | None = None  # default: 4 (the shipped recipe), 2 with quick
    seeds: tuple[int, ...] = ()  # one seed (default 13): the shipped recipe; two or more: the seed soup
    keep_runs: bool = False  # keep the runs under <store folder>/runs/<version>/ (e.g. for `compare --runs`)
    patience: int = SHIPPED_PATIENCE
    runtime: str = "onnx"  # both models are scored on this runtime
    base_model: str | None = None
    version: str = ""
    progress: Callable[[str], None] | None = None
    store_url: str | None = None  # a database URL; None: the SQLite file at store_path
    mix_current: bool = False  # candidate = mean of the trained model's weights and the current model's
    calibrate: bool = True  # rescale the candidate's head on dev (labels unchanged, confidence calibrated)

    def __post_init__(self):
        self.models_dir, self.store_path, self.data_dir = Path(self.models_dir), Path(self.store_path), Path(self.data_dir)
        self.public = [Path(p) for p in self.public]
        if not 0 <= self.margin <= 100:
            raise ValueError(f"margin={self.margin}: expected points between 0 and 100")
        if not 0 < self.holdout < 1:
            raise ValueError(f"holdout={self.holdout}: expected a fraction between 0 and 1")
        if self.runtime not in RUNTIMES:
            raise ValueError(f"runtime={self.runtime!r}: expected one of {', '.join(RUNTIMES)}")
        self.epochs = self.epochs if self.epochs is not None else (2 if self.quick else SHIPPED_EPOCHS)
        if self.epochs < 1:
            raise ValueError(f"epochs={self.epochs}: expected >= 1")
        self.seeds = tuple(dict.fromkeys(self.seeds or (SHIPPED_SEED,)))
        self.version = self.version or datetime.now(timezone.utc).strftime("%Y%m%d.%H%M%S")

    def say(self, line: str) -> None:
        if self.progress:
            self.progress(line)


def _same_text(text: str) -> str:
    return " ".join(text.split())


def conflicts(rows: list[dict]) -> dict[str, list[dict]]:
    """Sentences that carry more than one accepted label, keyed by the sentence."""
    by_text: dict[str, list[dict]] = {}
    for row in rows:
        by_text.setdefault(_same_text(row["text"]), []).append(row)
    return {text: group for text, group in by_text.items() if len({r["label"] for r in group}) > 1}


def split_accepted(rows: list[dict], holdout: float) -> tuple[list[Example], list[Example]]:
    """Deterministic by sentence: a label stays on the same side in every retrain."""
    def key(row):
        return hashlib.sha256(row["text"].encode("utf-8", "surrogatepass")).hexdigest()
    ordered = sorted(rows, key=key)
    n_held = max(1, round(len(ordered) * holdout)) if len(ordered) > 1 else 0
    examples = [Example(r["text"], r["label"], r.get("context") or "", f"label:{r['id']}") for r in ordered]
    return examples[n_held:], examples[:n_held]


def decide(old: dict, new: dict, margin: float) -> dict:
    """Promote when no set loses more than `margin` points and the held-out accepted labels improve."""
    rows, promote = [], True
    for name, r_new in new["sets"].items():
        a, b = headline(old["sets"][name]), headline(r_new)
        ok = b > a if name == HELDOUT else (b - a) * 100 >= -margin
        promote &= ok
        rows.append({"set": name, "old": a, "new": b, "change_points": round((b - a) * 100, 4), "ok": ok})
    if HELDOUT not in new["sets"]:
        promote = False
    return {"promote": promote, "margin_points": margin, "rows": rows}


def train_candidate(args: RetrainArgs, label_file: Path, out: Path) -> dict:
    """The shipped model's recipe into `out` (with two or more seeds: the seed soup)."""
    options = {"base_model": args.base_model} if args.base_model else {}
    run_args = TrainArgs(out=out, data_dir=args.data_dir, add=[label_file], quick=args.quick, epochs=args.epochs,
                         patience=args.patience, seed=args.seeds[0], version=args.version, **options)
    work = args.store_path.parent / "runs" / args.version
    if work.exists() and not args.keep_runs:
        shutil.rmtree(work)  # what an interrupted retrain of this version left
    args.say(f"training {len(args.seeds)} run(s) of {args.epochs} epoch(s){' (quick)' if args.quick else ''} "
             f"(seed {', '.join(map(str, args.seeds))})...")
    try:
        if len(args.seeds) > 1:
            metrics = train_seeds(run_args, args.seeds, keep_runs=args.keep_runs, say=args.say, work=work)
        else:
            metrics = train_epoch_soup(run_args, keep_runs=args.keep_runs, say=args.say, work=work)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # no half-written version folder in models/
        raise
    return metrics


def mix_with(out: Path, current: Path, args: RetrainArgs) -> None:
    """Replace the candidate in `out` by the mean of its weights and `current`'s (same base and labels)."""
    from .soup import soup

    args.say(f"taking the mean of the candidate's weights and {current.name}'s...")
    mixed = args.store_path.parent / "runs" / f"{args.version}-mix"
    shutil.rmtree(mixed, ignore_errors=True)
    try:
        soup(mixed, [current, out], args.data_dir, version=args.version, name=read_info(out)["name"])
    except BaseException:
        shutil.rmtree(mixed, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)  # no half-made version folder in models/
        raise
    shutil.rmtree(out)
    shutil.move(str(mixed), str(out))


def retrain(args: RetrainArgs) -> dict:
    """Train a new version folder, compare it with the current model, promote it if it is better."""
    accepted = LabelStore(args.store_url or args.store_path).list("accepted", limit=10**9)
    if not accepted:
        raise ValueError("no accepted labels: accept some feedback (or import labels) before retraining")
    clashes = conflicts(accepted)
    for text, group in clashes.items():
        ids = ", ".join(f"{r['id']} ({r['label']})" for r in group)
        args.say(f"warning: one sentence has different accepted labels, ids {ids}: left out of this retrain "
                 f"(fix with `sourcemark labels edit` or `labels reject`): {text[:80]}")
    usable = [r for r in accepted if _same_text(r["text"]) not in clashes]
    if not usable:
        raise ValueError("every accepted label conflicts with another: nothing to train on")
    train_part, held_out = split_accepted(usable, args.holdout)
    name = f"sourcemark-minilm-{args.version}"
    out = args.models_dir / name
    if out.exists():
        raise ValueError(f"{out} exists: give another --version")
    label_file = write_label_file(args.store_path.parent / "exports" / f"accepted-{args.version}.csv", train_part)
    current = resolve_model_dir(args.models_dir)
    started = time.perf_counter()
    trained = train_candidate(args, label_file, out)
    if args.mix_current:
        mix_with(out, current, args)
    calibration = None
    if args.calibrate:
        args.say("fitting the head scale on dev...")
        try:
            calibration = calibrate(out, args.data_dir)
        except BaseException:
            shutil.rmtree(out, ignore_errors=True)
            raise
        args.say(f"head scale {calibration['scale']}: dev log-loss {calibration['before']['log_loss']:.3f} -> "
                 f"{calibration['after']['log_loss']:.3f}")
    if carry_gate(current, out):
        args.say(f"kept the furniture gate of {current.name}")
    make_readable(out)  # after the last rewrite of the weights: safetensors writes 0600
    train_minutes = (time.perf_counter() - started) / 60

    # The candidate must load (and have its graph) before it is scored or promoted.
    check_servable(out, args.data_dir, args.say)
    if args.runtime == "onnx":
        ensure_graph(current, args.data_dir, args.say)
    sets: list[EvalSet] = [corpus_eval_set(load_corpus(args.data_dir)["test"], "corpus:test")]
    sets += [load_eval_set(p) for p in args.public]
    if held_out:
        sets.append(EvalSet(HELDOUT, "multi", held_out))
    old = evaluate(current, sets, args.say, runtime=args.runtime)
    new = evaluate(out, sets, args.say, runtime=args.runtime)
    decision = decide(old, new, args.margin) | {
        "old": current.name, "new": name, "runtime": new["model"]["runtime"],
        "accepted_train": len(train_part), "accepted_held_out": len(held_out),
        "left_out_conflicting": sorted(r["id"] for group in clashes.values() for r in group),
        "train_minutes": round(train_minutes, 1), "seed_runs": trained.get("seed_runs"),
        "mixed_with": current.name if args.mix_current else None,
        "head_scale": calibration["scale"] if calibration else None}
    table = compare_table(old, new) + seed_spread_note(out)
    if args.mix_current:
        table += f"\n{name} is the mean of the trained candidate's weights and {current.name}'s.\n"
    if calibration:
        table += f"\nIts head was rescaled by {calibration['scale']} on dev (labels unchanged).\n"
    verdict = "promoted" if decision["promote"] else "not promoted"
    (out / "decision.json").write_text(json.dumps(decision, indent=2) + "\n", encoding="utf-8")
    (out / "decision.md").write_text(f"# {name}: {verdict}\n\nAgainst {current.name}, margin "
                                     f"{args.margin} points.\n\n{table}", encoding="utf-8")
    make_readable(out)
    if decision["promote"]:
        Registry(args.models_dir, args.data_dir, args.say).promote(name)
    return decision | {"table": table}
