"""Classification metrics as plain dicts: per-class precision/recall/F1, macro-F1, confusion matrix."""
from __future__ import annotations

from typing import Sequence


def classification_metrics(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Scores over `labels` (gold labels outside it are kept in the matrix but not averaged)."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    per_class = {}
    for label, i in index.items():
        tp = matrix[i][i]
        predicted = sum(row[i] for row in matrix)
        actual = sum(matrix[i])
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
    scored = [label for label in labels if per_class[label]["support"]]
    total = sum(map(sum, matrix))
    return {
        "n": total,
        "accuracy": sum(matrix[i][i] for i in range(len(labels))) / total if total else 0.0,
        "macro_f1": sum(per_class[l]["f1"] for l in scored) / len(scored) if scored else 0.0,
        "per_class": per_class,
        "labels": list(labels),
        "confusion": matrix,
    }


def binary_metrics(gold: Sequence[str], pred: Sequence[str], positive: str) -> dict:
    """Positive class vs the rest: a prediction of any other label counts as the negative class."""
    negative = f"not_{positive}"
    gold_b = [positive if g == positive else negative for g in gold]
    pred_b = [positive if p == positive else negative for p in pred]
    result = classification_metrics(gold_b, pred_b, [positive, negative])
    result["positive"] = positive
    for key in ("precision", "recall", "f1"):
        result[key] = result["per_class"][positive][key]
    return result
