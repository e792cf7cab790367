"""Audit a public set's gold labels against the guide: sample by confusion cell, score a blind re-reading.

A public set mapped to our labels can disagree with the guide (a parser chose its content types,
annotators followed another definition). Its errors and its agreements are not equally likely to be
wrong, so a uniform sample wastes the reading: `sample` draws the same number of sentences from
each cell of the model's confusion against the gold (true/false positive/negative), hides both
labels, and `score` weights each cell's re-reading by the cell's size. The result estimates, against
a reader who followed the guide, the F1 of the model and the F1 of the gold itself: the second is
the ceiling the gold lets any guide-following model reach.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from .evaluate import EvalSet

CELLS = ("TP", "FN", "FP", "TN")
UNCLEAR = "unclear"


class AuditError(ValueError):
    """An audit folder or answer file is missing or malformed; the message names what and where."""


def cell_of(gold_positive: bool, model_positive: bool) -> str:
    return ("T" if gold_positive == model_positive else "F") + ("P" if model_positive else "N")


def sample(path: Path, data: EvalSet, predicted: list[str], per_cell: int, seed: int, out: Path) -> dict:
    """Write items.jsonl (sentences and neighbours, no labels) and key.json; return the cell sizes.

    `data` is `path` loaded by `load_eval_set`, `predicted` the model's label for each of its rows."""
    if data.kind != "binary":
        raise AuditError(f"{data.name}: an audit needs a public binary set (rows with 'task'), not {data.kind!r}")
    rows = [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]
    cells: dict[str, list[int]] = {c: [] for c in CELLS}
    for i, (e, p) in enumerate(zip(data.examples, predicted)):
        cells[cell_of(e.label == data.positive, p == data.positive)].append(i)
    rng = random.Random(seed)
    drawn = [(c, i) for c in CELLS for i in rng.sample(cells[c], min(per_cell, len(cells[c])))]
    rng.shuffle(drawn)
    out.mkdir(parents=True, exist_ok=True)
    key = {"set": data.name, "positive": data.positive, "seed": seed,
           "cells": {c: len(v) for c, v in cells.items()}, "items": []}
    with (out / "items.jsonl").open("w", encoding="utf-8") as fh:
        for n, (c, i) in enumerate(drawn, 1):
            r = rows[i]
            fh.write(json.dumps({"n": n, "before": r.get("before") or "", "sentence": r["text"],
                                 "after": r.get("after") or ""}, ensure_ascii=False) + "\n")
            key["items"].append({"n": n, "row": i, "cell": c, "gold": data.examples[i].label, "model": predicted[i]})
    (out / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
    return key["cells"]


def read_answers(folder: Path, positive: str) -> dict[int, str]:
    allowed = {positive, f"not_{positive}", UNCLEAR}
    path = folder / "answers.jsonl"
    if not path.is_file():
        raise AuditError(f"{path}: no answers yet; the reader writes one line per item: "
                         f'{{"n": 1, "label": "{positive}" | "not_{positive}" | "{UNCLEAR}"}}')
    answers = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            n, label = int(row["n"]), row["label"]
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditError(f"{path}, line {number}: not an answer row ({exc})") from None
        if label not in allowed:
            raise AuditError(f"{path}, line {number}: label {label!r} is not one of {sorted(allowed)}")
        answers[n] = label
    return answers


def _estimate(by_cell: dict[str, list[tuple[bool, bool, bool]]], sizes: dict[str, int]) -> dict:
    """Cell-weighted P/R/F1 (and macro-F1) of the model and of the gold against the reader."""
    out = {}
    for who, pick in (("model", lambda g, m: m), ("gold", lambda g, m: g)):
        conf = [[0.0, 0.0], [0.0, 0.0]]  # [reader positive?][pick positive?], weighted counts
        for c, items in by_cell.items():
            for g, m, r in items:
                conf[0 if r else 1][0 if pick(g, m) else 1] += sizes[c] / len(items)
        tp, fn, fp, tn = conf[0][0], conf[0][1], conf[1][0], conf[1][1]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        f1_neg = 2 * tn / (2 * tn + fp + fn) if tn else 0.0
        out[who] = {"precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
                    "f1": f1, "macro_f1": (f1 + f1_neg) / 2}
    return out


def score(folder: Path, resamples: int = 2000, seed: int = 0) -> dict:
    """Per-cell agreement and the estimates with bootstrap 95% intervals (items resampled within cells)."""
    try:
        key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AuditError(f"{folder / 'key.json'}: {exc}") from None
    positive, sizes = key["positive"], key["cells"]
    answers = read_answers(folder, positive)
    missing = [it["n"] for it in key["items"] if it["n"] not in answers]
    if missing:
        raise AuditError(f"{folder / 'answers.jsonl'}: {len(missing)} items unanswered (first: n={missing[0]})")
    by_cell: dict[str, list[tuple[bool, bool, bool]]] = {c: [] for c in CELLS}
    agreement = {c: {"read": 0, "reader_positive": 0, UNCLEAR: 0} for c in CELLS}
    for it in key["items"]:
        label = answers[it["n"]]
        if label == UNCLEAR:
            agreement[it["cell"]][UNCLEAR] += 1
            continue
        agreement[it["cell"]]["read"] += 1
        agreement[it["cell"]]["reader_positive"] += label == positive
        by_cell[it["cell"]].append((it["gold"] == positive, it["model"] == positive, label == positive))
    by_cell = {c: v for c, v in by_cell.items() if v and sizes[c]}
    point = _estimate(by_cell, sizes)
    rng = random.Random(seed)
    draws = [_estimate({c: [rng.choice(v) for _ in v] for c, v in by_cell.items()}, sizes) for _ in range(resamples)]
    for who in point:
        for measure in point[who]:
            xs = sorted(d[who][measure] for d in draws)
            point[who][measure] = {"estimate": point[who][measure],
                                   "low": xs[int(0.025 * len(xs))], "high": xs[int(0.975 * len(xs)) - 1]}
    return {"set": key["set"], "positive": positive, "cells": sizes, "agreement": agreement, **point}


def score_table(result: dict) -> str:
    """The audit as Markdown: what the reader said per cell, then the two estimates."""
    pos = result["positive"]
    lines = [f"Audit of {result['set']} ({pos} vs rest): a blind reading against the guide, per cell of the "
             "model's confusion with the gold", "",
             f"| cell | sentences | read | reader says {pos} | unclear |", "|---|---|---|---|---|"]
    for c in CELLS:
        a = result["agreement"][c]
        lines.append(f"| {c} | {result['cells'][c]} | {a['read']} | {a['reader_positive']} | {a[UNCLEAR]} |")
    lines += ["", "| against the reader | precision | recall | F1 | macro-F1 |", "|---|---|---|---|---|"]
    for who in ("model", "gold"):
        cells = [f"{m['estimate']:.3f} ({m['low']:.3f}-{m['high']:.3f})" for m in
                 (result[who][k] for k in ("precision", "recall", "f1", "macro_f1"))]
        lines.append(f"| {who} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
