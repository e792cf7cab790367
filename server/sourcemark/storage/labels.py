"""The label store: reader feedback and imported labels in SQLite (WAL), behind one small interface.

SQL stays portable (no SQLite-only syntax beyond the PRAGMAs in `_connect`) so another
database can implement the same methods later.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

STATUSES = ("pending", "accepted", "rejected")
SCHEMA_VERSION = 1
# Each migration takes the schema from version i to i + 1.
MIGRATIONS = [
    """
    CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        text_hash CHAR(64) NOT NULL,
        label VARCHAR(32) NOT NULL,
        predicted VARCHAR(32),
        model_version VARCHAR(100),
        context TEXT,
        url TEXT,
        source VARCHAR(16) NOT NULL,
        status VARCHAR(16) NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        created_at VARCHAR(32) NOT NULL,
        updated_at VARCHAR(32) NOT NULL,
        UNIQUE (text_hash, label)
    );
    CREATE INDEX labels_status ON labels (status, id);
    """,
]
COLUMNS = ("id", "text", "label", "predicted", "model_version", "context", "url", "source", "status", "count",
           "created_at", "updated_at")


class StoreError(ValueError):
    """A request the store cannot carry out (unknown id, bad status); the message says which."""


@dataclass(frozen=True)
class Saved:
    id: int
    count: int
    status: str
    duplicate: bool


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


class LabelStore:
    """Feedback and labels with a review status; duplicates (same sentence and label) are counted."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._transaction() as db:
            self._migrate(db)

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            db.row_factory = sqlite3.Row
            # WAL: readers never block the writer; FULL sync: a committed label survives a crash.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            self._local.db = db
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.execute("SELECT version FROM schema_version").fetchone()
        version = row[0] if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}, newer than this code ({SCHEMA_VERSION})")
        for step in MIGRATIONS[version:]:
            for statement in filter(str.strip, step.split(";")):
                db.execute(statement)
        if not row:
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        else:
            db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def add(self, text: str, label: str, *, predicted: str | None = None, model_version: str | None = None,
            context: str | None = None, url: str | None = None, source: str = "feedback",
            status: str = "pending") -> Saved:
        """Store a label, or count it again when the same sentence already has the same label."""
        if status not in STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        text, now, digest = text.strip(), _now(), _hash(text)
        with self._transaction() as db:
            row = db.execute("SELECT id, count, status FROM labels WHERE text_hash = ? AND label = ?",
                             (digest, label)).fetchone()
            if row:
                db.execute("UPDATE labels SET count = count + 1, updated_at = ? WHERE id = ?", (now, row["id"]))
                return Saved(row["id"], row["count"] + 1, row["status"], True)
            cursor = db.execute(
                "INSERT INTO labels (text, text_hash, label, predicted, model_version, context, url, source, status,"
                " count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                (text, digest, label, predicted, model_version, context, url, source, status, now, now))
            return Saved(cursor.lastrowid, 1, status, False)

    def get(self, label_id: int) -> dict:
        row = self._connect().execute(f"SELECT {', '.join(COLUMNS)} FROM labels WHERE id = ?", (label_id,)).fetchone()
        if row is None:
            raise StoreError(f"no label with id {label_id}")
        return dict(row)

    def list(self, status: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        if status is not None and status not in STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        rows = self._connect().execute(
            f"SELECT {', '.join(COLUMNS)} FROM labels {where} ORDER BY id LIMIT ? OFFSET ?", [*params, limit, offset])
        return [dict(r) for r in rows]

    def set_status(self, label_id: int, status: str) -> dict:
        if status not in STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        return self._update(label_id, "status = ?", [status])

    def edit(self, label_id: int, label: str) -> dict:
        """Correct a stored label (an editor's fix); fails when the sentence already has that label."""
        try:
            return self._update(label_id, "label = ?", [label])
        except sqlite3.IntegrityError:
            raise StoreError(f"label {label_id}'s sentence is already stored with label {label!r}") from None

    def _update(self, label_id: int, assignment: str, params: list) -> dict:
        with self._transaction() as db:
            cursor = db.execute(f"UPDATE labels SET {assignment}, updated_at = ? WHERE id = ?",
                                [*params, _now(), label_id])
            if cursor.rowcount == 0:
                raise StoreError(f"no label with id {label_id}")
        return self.get(label_id)

    def counts(self) -> dict[str, int]:
        rows = self._connect().execute("SELECT status, COUNT(*) FROM labels GROUP BY status")
        return {status: 0 for status in STATUSES} | {r[0]: r[1] for r in rows}
