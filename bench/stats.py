"""Timing helpers: percentiles, and medians over repeated runs with their spread."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds of `repeat` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summarise(runs: list[list[float]]) -> dict:
    """p50/p95 per run, then the median over runs and the spread (max-min of run p50s, in % of the median)."""
    p50s = [percentile(r, 0.5) for r in runs]
    p95s = [percentile(r, 0.95) for r in runs]
    p50 = statistics.median(p50s)
    return {"p50_ms": round(p50, 2), "p95_ms": round(statistics.median(p95s), 2),
            "noise_pct": round(100 * (max(p50s) - min(p50s)) / p50, 1) if p50 else 0.0, "runs": len(runs)}
