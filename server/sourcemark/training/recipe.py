"""Training recipes beyond one run: the shipped model's (an epoch soup) and the seed soup.

- `train_epoch_soup`, the recipe that made the shipped model 1.3.0: one run of 4 epochs that also
  saves its epoch-1 weights, then the soup of that snapshot and the run's kept weights.
- `train_seeds`: one run per seed, then the soup of the runs' kept weights. One run's scores move
  by up to a point from seed to seed, more than the promotion margin; the mean of several seeds'
  weights (one base, one recipe, so one basin) does not depend on one seed's luck, and the runs'
  own scores give the spread that the card and `compare --runs` report. Measured in December 2026:
  at about its runs' mean on the corpus with batch eight, above it on most sets with batches nine
  and ten; neither time did it pass the promotion rule against 1.3.0 (`docs/model-history.md`).
"""
from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .train import TrainArgs, train

SEEDS = (13, 14, 15)  # the seed soup measured in December 2026 (3 epochs a run)
SHIPPED_SEED, SHIPPED_EPOCHS, SHIPPED_PATIENCE = 13, 4, 4  # the recipe that made the shipped model


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


def train_epoch_soup(args: TrainArgs, keep_runs: bool = False, say: Callable[[str], None] = print,
                     work: Path | None = None) -> dict:
    """The shipped model's recipe into OUT: a run saving epoch 1, then the soup of epoch 1 and its kept weights.

    With one epoch there is nothing to soup: the run itself is written to OUT.
    """
    from .soup import soup

    work = Path(work) if work else runs_dir(args.out)
    if work.exists() and any(work.iterdir()):
        raise ValueError(f"{work} exists and is not empty: remove it or choose another --out")
    run = work / "run"
    save = (1,) if args.epochs > 1 else ()
    started = time.perf_counter()
    try:
        say(f"training {args.epochs} epoch(s) in {run}...")
        # With one epoch the run is the model: it carries the model's version, not the run's.
        metrics = train(replace(args, out=run, save_epochs=save, version=f"{args.version}-run" if save else args.version))
        if not save:
            shutil.copytree(run, args.out, dirs_exist_ok=True)
            return metrics
        say(f"souping epoch 1 with the run's kept weights into {args.out}...")
        result = soup(args.out, [run.with_name("run-epoch1"), run], args.data_dir,
                      version=args.version, name=args.name)
    except BaseException:
        shutil.rmtree(args.out, ignore_errors=True)  # no half-made model folder
        raise
    finally:
        if not keep_runs:
            shutil.rmtree(work, ignore_errors=True)  # 2 x 45 MB at full size; the card keeps their hashes
    return result | {"train_seconds": round(time.perf_counter() - started, 1)}
