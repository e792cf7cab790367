"""The shipped model's recipe: one `train` run per seed, then the soup of the runs' kept weights.

One run's dev macro-F1 moves by 0.5-1 point from seed to seed, more than the promotion margin,
so a single run's promotion is partly luck. The mean of several seeds' weights (one base, one
recipe, so one basin) takes that luck out, and the runs' own scores give the spread that
`compare` reports beside the soup.
"""
from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .train import TrainArgs, train

SEEDS = (13, 14, 15)
EPOCHS = 3


def runs_dir(out: Path) -> Path:
    """Where the seed runs are written: beside `out`."""
    return out.with_name(f"{out.name}-seeds")


def spread(values: list[float]) -> dict:
    """Mean, sample standard deviation, min and max of the runs' scores."""
    return {"n": len(values), "mean": statistics.fmean(values),
            "sd": statistics.stdev(values) if len(values) > 1 else 0.0, "min": min(values), "max": max(values)}


def train_seeds(args: TrainArgs, seeds: tuple[int, ...] = SEEDS, keep_runs: bool = False,
                say: Callable[[str], None] = print, work: Path | None = None) -> dict:
    """Train one run per seed into WORK/seedN (default OUT-seeds/), soup their kept weights into OUT.

    Returns the soup's metrics, with the runs' own scores under "seed_runs".
    """
    from .soup import soup

    seeds = tuple(dict.fromkeys(seeds))
    if len(seeds) < 2:
        raise ValueError(f"seeds={list(seeds)}: a seed soup needs at least two different seeds")
    if args.save_epochs:
        raise ValueError("save_epochs: not with several seeds (each run's kept weights are the ingredients)")
    work = Path(work) if work else runs_dir(args.out)
    if work.exists() and any(work.iterdir()):
        raise ValueError(f"{work} exists and is not empty: remove it or choose another --out")
    started = time.perf_counter()
    runs = []
    try:
        for i, seed in enumerate(seeds, 1):
            say(f"seed run {i}/{len(seeds)} (seed {seed}) into {work / f'seed{seed}'}...")
            folder = work / f"seed{seed}"
            metrics = train(replace(args, out=folder, seed=seed, version=f"{args.version}-seed{seed}"))
            runs.append({"seed": seed, "folder": folder, "chosen": metrics["chosen"],
                         "train_seconds": metrics["train_seconds"],
                         "dev_macro_f1": metrics["dev"]["macro_f1"] if metrics["dev"] else None,
                         "test_macro_f1": metrics["test"]["macro_f1"] if metrics["test"] else None})
        say(f"souping the {len(runs)} seed runs into {args.out}...")
        recorded = [{k: v for k, v in r.items() if k != "folder"} for r in runs]
        summary = {"runs": recorded} | {
            f"{split}_macro_f1": spread([r[f"{split}_macro_f1"] for r in runs])
            for split in ("dev", "test") if all(r[f"{split}_macro_f1"] is not None for r in runs)}
        result = soup(args.out, [r["folder"] for r in runs], args.data_dir, version=args.version, name=args.name,
                      seed_runs=summary)
    except BaseException:
        shutil.rmtree(args.out, ignore_errors=True)  # no half-made model folder
        raise
    finally:
        if not keep_runs:
            shutil.rmtree(work, ignore_errors=True)  # 45 MB a run at full size; the card keeps their hashes
    return result | {"train_seconds": round(time.perf_counter() - started, 1)}
