"""The furniture gate a model folder may carry in gate/: p(page furniture) for a line, and its threshold.

A gate reads one of two units, named by gate.json's "unit": "sentence" (a sentence alone in its
block; the first gates, and the default for a gate.json without the key) or "block" (a whole block
of up to "max_sentences" sentences, so a two-sentence correction notice or author bio is one line).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Sequence

GATE_DIR = "gate"
GATE_INFO = "gate.json"


UNITS = ("sentence", "block")


class FurnitureGate:
    """A binary sequence classifier (claim, furniture) on a page line, run by the model's runtime."""

    def __init__(self, runtime, threshold: float, unit: str = "sentence", max_sentences: int = 1):
        if unit not in UNITS:
            raise ValueError(f"gate unit {unit!r}: expected one of {', '.join(UNITS)}")
        self.runtime, self.threshold = runtime, threshold
        self.unit, self.max_sentences = unit, max_sentences if unit == "block" else 1

    def furniture(self, lines: Sequence[str]) -> list[float]:
        """The probability that each line is page furniture."""
        from .classifier import batched_forward

        return [row[1] for row in batched_forward(self.runtime, lines, None, 32)] if lines else []


def load_gate(model_folder: Path, runtime: str, threads: int = 0) -> FurnitureGate | None:
    """The gate in <model_folder>/gate/, on onnx where the model's runtime is onnx; None where there is none."""
    folder = model_folder / GATE_DIR
    if not (folder / "config.json").is_file():
        return None
    info = json.loads((folder / GATE_INFO).read_text(encoding="utf-8")) if (folder / GATE_INFO).is_file() else {}
    max_tokens = int(info.get("max_tokens", 64))
    if runtime == "onnx":
        from .runtime_onnx import OnnxRuntime
        engine = OnnxRuntime(folder, max_tokens, threads)
    else:
        from .runtime_torch import TorchRuntime
        engine = TorchRuntime.load(folder, max_tokens, threads)
    return FurnitureGate(engine, float(info.get("threshold", 0.9)), info.get("unit", "sentence"),
                         int(info.get("max_sentences", 1)))


def carry_gate(source: Path, target: Path) -> bool:
    """Copy <source>/gate/ (not its graph, which is rebuilt) into a new version folder; False if it has none.

    The gate is independent of the sentence weights, so a retrained sentence model keeps the gate
    of the model it replaces until `sourcemark gate` trains a new one.
    """
    if not (source / GATE_DIR / "config.json").is_file():
        return False
    shutil.copytree(source / GATE_DIR, target / GATE_DIR, ignore=shutil.ignore_patterns("onnx"))
    return True
