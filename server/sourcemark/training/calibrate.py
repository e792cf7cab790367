"""`sourcemark calibrate`: rescale a model's classification head so its confidence matches its accuracy on dev.

The mean of two models' weights is less sure of itself than either: 1.4.0 as souped had a mean
confidence of 0.83 on the test split at 93% accuracy, so a reader's "hide labels below X%" setting
hid far more than it promised. Multiplying the head's weight and bias by k multiplies every logit
by k (temperature scaling): every label stays as it was and only the confidence moves. k is the
one that minimises log-loss on the dev split, never the test split.
"""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

from ..runtime.classifier import INFO_FILE, resolve_model_dir
from .corpus import article_examples, load_corpus
from .soup import WEIGHTS

HEAD = ("classifier.weight", "classifier.bias")
SCALES = tuple(round(0.5 + 0.05 * i, 2) for i in range(71))  # 0.5 to 4.0; 1.0 is among them


class CalibrationError(ValueError):
    pass


def _scaled(probs: list[list[float]], k: float) -> list[list[float]]:
    """Each row as softmax(k * log p): the probabilities a head k times larger gives."""
    rows = []
    for row in probs:
        logs = [k * math.log(max(p, 1e-12)) for p in row]
        top = max(logs)
        exps = [math.exp(x - top) for x in logs]
        total = sum(exps)
        rows.append([e / total for e in exps])
    return rows


def _summary(probs: list[list[float]], gold: list[int]) -> dict:
    """Log-loss, mean confidence and accuracy of predicted probabilities against gold label indices."""
    n = len(gold)
    return {"log_loss": -sum(math.log(max(row[g], 1e-12)) for row, g in zip(probs, gold)) / n,
            "mean_confidence": sum(max(row) for row in probs) / n,
            "accuracy": sum(row.index(max(row)) == g for row, g in zip(probs, gold)) / n}


def fit_scale(probs: list[list[float]], gold: list[int]) -> float:
    """The head scale in SCALES with the lowest log-loss (ties go to the one nearest 1)."""
    return min(SCALES, key=lambda k: (round(_summary(_scaled(probs, k), gold)["log_loss"], 9), abs(k - 1)))


def calibrate(model: str | Path, data_dir: str | Path) -> dict:
    """Fit the head scale on dev, rewrite MODEL's weights with it and record it; return before/after figures."""
    from safetensors.torch import load_file, save_file

    from ..runtime.classifier import Classifier

    folder = resolve_model_dir(model)
    weights = load_file(str(folder / WEIGHTS))
    missing = [k for k in HEAD if k not in weights]
    if missing:
        raise CalibrationError(f"{folder}: no classification head ({', '.join(missing)} missing)")
    dev = [e for a in load_corpus(data_dir)["dev"] for e in article_examples(a)]
    if not dev:
        raise CalibrationError(f"{data_dir}: the dev split is empty, so there is nothing to fit the scale on")
    classifier = Classifier(folder, runtime="torch")
    unknown = sorted({e.label for e in dev} - set(classifier.labels))
    if unknown:
        raise CalibrationError(f"dev labels {unknown} are not the model's labels {classifier.labels}")
    probs = [[p[label] for label in classifier.labels] for p in classifier.predict([e.text for e in dev])]
    gold = [classifier.labels.index(e.label) for e in dev]
    k = fit_scale(probs, gold)
    before, after = _summary(probs, gold), _summary(_scaled(probs, k), gold)

    for key in HEAD:
        weights[key] = (weights[key].float() * k).to(weights[key].dtype)
    save_file(weights, str(folder / WEIGHTS), metadata={"format": "pt"})
    shutil.rmtree(folder / "onnx", ignore_errors=True)  # the int8 graph was built from the old head
    path = folder / INFO_FILE
    info = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    previous = (info.get("calibration") or {}).get("head_scale", 1.0)
    info["calibration"] = {"head_scale": round(previous * k, 4), "fitted_on": "dev", "dev_before": before,
                           "dev_after": after}
    path.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"scale": k, "before": before, "after": after}
