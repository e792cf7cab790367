"""Retrain on the corpus plus accepted labels, compare with the current model, promote only when better."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..classifier import resolve_model_dir
from ..registry import Registry
from ..settings import REPO_ROOT
from ..storage import LabelStore
from .corpus import Example, load_corpus, write_label_file
from .evaluate import EvalSet, corpus_eval_set, evaluate, load_eval_set
from .report import compare_table, headline
from .train import TrainArgs, train

HELDOUT = "accepted:held-out"


@dataclass
class RetrainArgs:
    models_dir: Path
    store_path: Path
    data_dir: Path = REPO_ROOT / "data"
    public: list[Path] = field(default_factory=list)
    margin: float = 0.5  # points of the headline measure (macro-F1 or F1) a set may lose
    holdout: float = 0.2
    quick: bool = False
    base_model: str | None = None
    version: str = ""
    store_url: str | None = None  # a database URL; None: the SQLite file at store_path

    def __post_init__(self):
        self.models_dir, self.store_path, self.data_dir = Path(self.models_dir), Path(self.store_path), Path(self.data_dir)
        self.public = [Path(p) for p in self.public]
        if not 0 <= self.margin <= 100:
            raise ValueError(f"margin={self.margin}: expected points between 0 and 100")
        if not 0 < self.holdout < 1:
            raise ValueError(f"holdout={self.holdout}: expected a fraction between 0 and 1")
        self.version = self.version or datetime.now(timezone.utc).strftime("%Y%m%d.%H%M%S")


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
        rows.append({"set": name, "old": a, "new": b, "ok": ok})
    if HELDOUT not in new["sets"]:
        promote = False
    return {"promote": promote, "margin_points": margin, "rows": rows}


def retrain(args: RetrainArgs) -> dict:
    """Train a new version folder, compare it with the current model, promote it if it is better."""
    accepted = LabelStore(args.store_url or args.store_path).list("accepted", limit=10**9)
    if not accepted:
        raise ValueError("no accepted labels: accept some feedback (or import labels) before retraining")
    train_part, held_out = split_accepted(accepted, args.holdout)
    name = f"sourcemark-minilm-{args.version}"
    out = args.models_dir / name
    label_file = write_label_file(args.store_path.parent / "exports" / f"accepted-{args.version}.csv", train_part)
    options = {"base_model": args.base_model} if args.base_model else {}
    train(TrainArgs(out=out, data_dir=args.data_dir, add=[label_file], quick=args.quick, version=args.version, **options))

    sets: list[EvalSet] = [corpus_eval_set(load_corpus(args.data_dir)["test"], "corpus:test")]
    sets += [load_eval_set(p) for p in args.public]
    if held_out:
        sets.append(EvalSet(HELDOUT, "multi", held_out))
    current = resolve_model_dir(args.models_dir)
    old, new = evaluate(current, sets), evaluate(out, sets)
    decision = decide(old, new, args.margin) | {"old": current.name, "new": name,
                                                "accepted_train": len(train_part), "accepted_held_out": len(held_out)}
    table = compare_table(old, new)
    verdict = "promoted" if decision["promote"] else "not promoted"
    (out / "decision.json").write_text(json.dumps(decision, indent=2) + "\n", encoding="utf-8")
    (out / "decision.md").write_text(f"# {name}: {verdict}\n\nAgainst {current.name}, margin "
                                     f"{args.margin} points.\n\n{table}", encoding="utf-8")
    if decision["promote"]:
        Registry(args.models_dir).promote(name)
    return decision | {"table": table}
