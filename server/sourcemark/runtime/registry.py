"""Model versions in one folder: a CURRENT pointer switched atomically, and a history for rollback.

Only a folder that loads is ever pointed at, with its int8 graph already built: a worker that
picks up a promotion then serves the same graph as every other worker, under any runtime.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .classifier import POINTER_FILE, Classifier, ModelError, read_info, resolve_model_dir

HISTORY_FILE = "HISTORY"


def make_readable(folder: str | Path) -> None:
    """World-readable files and folders (safetensors and mkstemp write 0600): the service may run as
    another, non-root user than the one who trained or promoted."""
    folder = Path(folder)
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        extra = 0o755 if path.is_dir() else 0o644
        if mode & extra != extra:
            path.chmod(stat.S_IMODE(mode) | extra)


def ensure_graph(path: str | Path, data_dir: str | Path | None = None,
                 progress: Callable[[str], None] | None = None) -> Path:
    """The folder's int8 graph, exported (calibrated on the corpus in `data_dir`) when missing."""
    from .export import corpus_calibration, export_onnx, graph_paths

    folder = resolve_model_dir(path)
    graphs = graph_paths(folder)
    graph = graphs[0]
    if not all(g.is_file() for g in graphs):
        if progress:
            progress(f"building the int8 graph of {folder.name}...")
        calibration = corpus_calibration(Path(data_dir)) if data_dir is not None else corpus_calibration()
        try:
            export_onnx(folder, calibration, only_missing=True)
        except ModelError:
            raise
        except Exception as exc:  # torch, transformers and onnx raise many types for a broken folder
            raise ModelError(f"cannot export {folder} to its int8 graph: {exc}") from exc
    make_readable(folder)
    return graph


def check_servable(path: str | Path, data_dir: str | Path | None = None,
                   progress: Callable[[str], None] | None = None) -> Path:
    """Raise ModelError unless the folder loads in both runtimes (its int8 graph built first)."""
    folder = resolve_model_dir(path)
    Classifier(folder, runtime="torch")
    ensure_graph(folder, data_dir, progress)
    Classifier(folder, runtime="onnx")
    return folder


class Registry:
    """Version folders under `root`; CURRENT names the one served, HISTORY every promotion in order."""

    def __init__(self, root: str | Path, data_dir: str | Path | None = None,
                 progress: Callable[[str], None] | None = None):
        self.root = Path(root)
        self.data_dir = data_dir  # the corpus whose sentences calibrate a new int8 graph
        self.progress = progress

    def versions(self) -> list[dict]:
        """One row per version folder; `graph` says whether its int8 graphs are built (runtime onnx needs them)."""
        from .export import graph_paths

        current = self.current()
        rows = []
        for folder in sorted(p for p in self.root.iterdir() if (p / "config.json").is_file()):
            info = read_info(folder)
            rows.append({"folder": folder.name, "name": info["name"], "version": str(info["version"]),
                         "trained_at": info.get("trained_at"), "current": folder.name == current,
                         "graph": all(g.is_file() for g in graph_paths(folder))})
        return rows

    def current(self) -> str | None:
        pointer = self.root / POINTER_FILE
        return pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else None

    def history(self) -> list[str]:
        path = self.root / HISTORY_FILE
        return path.read_text(encoding="utf-8").split() if path.is_file() else []

    def promote(self, folder: str) -> str:
        """Point CURRENT at `folder` (a version folder under root) and record it for rollback.
        Refused (ModelError) unless it loads in both runtimes; its int8 graph is built first."""
        name = Path(folder).name
        if not (self.root / name / "config.json").is_file():
            raise ModelError(f"{self.root / name} is not a model folder under {self.root}")
        self._check(name)
        history = self.history()
        if self.current() and not history:
            history = [self.current()]
        self._write(HISTORY_FILE, "\n".join(history + [name]) + "\n")
        self._write(POINTER_FILE, name + "\n")
        return name

    def rollback(self) -> str:
        """Point CURRENT back at the version promoted before the current one."""
        history = self.history()
        if len(history) < 2:
            raise ModelError(f"nothing to roll back to: {self.root / HISTORY_FILE} lists {len(history)} version(s)")
        previous = history[-2]
        self._check(previous, "rolled back")
        self._write(HISTORY_FILE, "\n".join(history[:-1]) + "\n")
        self._write(POINTER_FILE, previous + "\n")
        return previous

    def unpromoted(self) -> list[str]:
        """Version folders never promoted (neither CURRENT nor in HISTORY): candidates that lost."""
        kept = set(self.history()) | {self.current()}
        return [row["folder"] for row in self.versions() if row["folder"] not in kept]

    def remove(self, name: str) -> None:
        """Delete an unpromoted version folder; a promoted one stays (rollback may need it)."""
        if name not in self.unpromoted():
            raise ModelError(f"{name} is not an unpromoted model folder under {self.root}")
        shutil.rmtree(self.root / name)

    def _check(self, name: str, verb: str = "promoted") -> None:
        try:
            check_servable(self.root / name, self.data_dir, self.progress)
        except ModelError as exc:
            raise ModelError(f"{name} not {verb} ({self.current()} stays current): {exc}") from None

    def _write(self, name: str, content: str) -> None:
        # Write beside the target and rename: a reader sees the old file or the new one, never half.
        handle, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; services may run as another user
        os.replace(tmp, self.root / name)
