"""Bootstrap intervals of a model's headline score on one set, and of the change between two models.

The public sets are small (CheckThat 2024: 484 sentences, 122 opinions), so a score can be a point
or two from what another draw of such sentences would give, and so can a change: resampling the
set's items with replacement (both models on the same draw, for a change) shows how far each
moves. Items are the set's sentences or lines; for whole documents and pages too, so their
interval is somewhat narrow.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

DRAWS = 1000


def _encode(result: dict, gold: Sequence[str], pred: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """Gold and predicted labels as indices; binary kinds as positive (0) vs the rest (1)."""
    if result["kind"] in ("multi", "pages"):
        labels = list(result["model"]["labels"])
        # evaluate_set's label list holds every gold and predicted label, so each item has an index.
        index = {label: i for i, label in enumerate(labels)}
        g = np.array([index[x] for x in gold], dtype=np.int64)
        p = np.array([index[x] for x in pred], dtype=np.int64)
        return g, p, len(labels)
    positive = result["positive"]
    g = np.array([0 if x == positive else 1 for x in gold], dtype=np.int64)
    p = np.array([0 if x == positive else 1 for x in pred], dtype=np.int64)
    return g, p, 2


def _headline(confusion: np.ndarray, headline: str) -> np.ndarray:
    """The headline measure of each of a stack of confusion matrices (draws x gold x predicted)."""
    tp = np.diagonal(confusion, axis1=1, axis2=2).astype(float)
    actual, predicted = confusion.sum(axis=2), confusion.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(actual + predicted > 0, 2 * tp / (actual + predicted), 0.0)
        if headline == "recall":
            return np.where(actual[:, 0] > 0, tp[:, 0] / actual[:, 0], 0.0)
    if headline == "f1":
        return f1[:, 0]
    scored = actual > 0  # the macro average runs over the labels the draw holds, as on the whole set
    return (f1 * scored).sum(axis=1) / np.maximum(scored.sum(axis=1), 1)


def _confusions(g: np.ndarray, p: np.ndarray, n_labels: int, draws: np.ndarray) -> np.ndarray:
    codes = g * n_labels + p
    return np.stack([np.bincount(codes[d], minlength=n_labels * n_labels) for d in draws]) \
        .reshape(len(draws), n_labels, n_labels)


def headline_of(result: dict, gold: Sequence[str], pred: Sequence[str]) -> float:
    """A set's headline score recomputed from its items (equal to what evaluate_set reports)."""
    g, p, n = _encode(result, gold, pred)
    return float(_headline(_confusions(g, p, n, np.arange(len(g))[None, :]), result["headline"])[0])


def score_interval(result: dict, draws: int = DRAWS, seed: int = 0) -> tuple[float, float] | None:
    """95% interval of the model's headline score (0-1); None without items.

    It says which targets a set can tell apart from the score: one inside the interval cannot be.
    A share of lines (the furniture sets' headline) gets the Wilson interval, since resampling a set
    with no misses only ever draws no misses; an F1 comes from `draws` resamples of the items, and
    gets None where every resample scores the same (a set without errors says nothing of the next).
    """
    if not result.get("gold"):
        return None
    g, p, n = _encode(result, result["gold"], result["pred"])
    if result["headline"] == "recall":
        return _wilson(int(((g == 0) & (p == 0)).sum()), int((g == 0).sum()))
    picks = np.random.default_rng(seed).integers(0, len(g), size=(draws, len(g)))
    low, high = np.percentile(_headline(_confusions(g, p, n, picks), result["headline"]), [2.5, 97.5])
    return (float(low), float(high)) if high > low else None


def _wilson(hits: int, total: int, z: float = 1.96) -> tuple[float, float] | None:
    if total == 0:
        return None
    share = hits / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def paired_interval(old: dict, new: dict, draws: int = DRAWS, seed: int = 0) -> tuple[float, float] | None:
    """95% interval of new minus old, in points, over `draws` paired resamples of the set's items.

    None where the results carry no items (an older metrics file) or were scored on different items.
    """
    if "gold" not in old or "gold" not in new or old["gold"] != new["gold"] or not old["gold"]:
        return None
    if old["model"].get("labels") != new["model"].get("labels"):
        return None
    g_old, p_old, n = _encode(old, old["gold"], old["pred"])
    g_new, p_new, _ = _encode(new, new["gold"], new["pred"])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(g_old), size=(draws, len(g_old)))
    change = (_headline(_confusions(g_new, p_new, n, picks), new["headline"])
              - _headline(_confusions(g_old, p_old, n, picks), old["headline"])) * 100
    low, high = np.percentile(change, [2.5, 97.5])
    return float(low), float(high)
