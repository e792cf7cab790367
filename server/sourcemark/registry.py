"""Model versions in one folder: a CURRENT pointer switched atomically, and a history for rollback."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .classifier import POINTER_FILE, ModelError, read_info

HISTORY_FILE = "HISTORY"


class Registry:
    """Version folders under `root`; CURRENT names the one served, HISTORY every promotion in order."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def versions(self) -> list[dict]:
        current = self.current()
        rows = []
        for folder in sorted(p for p in self.root.iterdir() if (p / "config.json").is_file()):
            info = read_info(folder)
            rows.append({"folder": folder.name, "name": info["name"], "version": str(info["version"]),
                         "trained_at": info.get("trained_at"), "current": folder.name == current})
        return rows

    def current(self) -> str | None:
        pointer = self.root / POINTER_FILE
        return pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else None

    def history(self) -> list[str]:
        path = self.root / HISTORY_FILE
        return path.read_text(encoding="utf-8").split() if path.is_file() else []

    def promote(self, folder: str) -> str:
        """Point CURRENT at `folder` (a version folder under root) and record it for rollback."""
        name = Path(folder).name
        if not (self.root / name / "config.json").is_file():
            raise ModelError(f"{self.root / name} is not a model folder under {self.root}")
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
        self._write(HISTORY_FILE, "\n".join(history[:-1]) + "\n")
        self._write(POINTER_FILE, previous + "\n")
        return previous

    def _write(self, name: str, content: str) -> None:
        # Write beside the target and rename: a reader sees the old file or the new one, never half.
        handle, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; services may run as another user
        os.replace(tmp, self.root / name)
