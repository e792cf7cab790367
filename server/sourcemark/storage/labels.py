"""The label store: reader feedback and imported labels, one interface on SQLAlchemy Core.

The engine comes from a URL (SQLite file by default, PostgreSQL for several replicas); the
code below never asks which one it has, except through `engine.upsert`.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, func, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from . import migrate
from .engine import READ_ONLY, database_url, make_engine, upsert
from .schema import labels

STATUSES = ("pending", "accepted", "rejected")
COLUMNS = ("id", "text", "label", "predicted", "model_version", "context", "url", "source", "status", "count",
           "created_at", "updated_at")
_SELECT = [labels.c[name] for name in COLUMNS]
_MAX_ID = 2**63 - 1


class StoreError(ValueError):
    """A request the store cannot carry out (unknown id, bad status, newer schema); the message says which."""


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or is busy now; the same call may succeed later."""


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


@contextmanager
def _reachable() -> Iterator[None]:
    """Connection-level failures become StoreUnavailable; constraint and data errors stay as they are."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
        raise StoreUnavailable(f"the label store is unavailable: {type(exc.orig or exc).__name__}") from exc


class LabelStore:
    """Feedback and labels with a review status; duplicates (same sentence and label) are counted.

    `target` is a SQLite file path or a database URL (sqlite:///..., postgresql://...). Opening
    applies any pending migration.
    """

    def __init__(self, target: str | Path):
        self.url = database_url(target)
        parsed = make_url(self.url)
        # SQLite stores keep a path, for callers that put files beside the store.
        self.path = Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None
        self.engine = make_engine(self.url)
        with _reachable():
            try:
                migrate.upgrade(self.engine)
            except migrate.SchemaError as exc:
                raise StoreError(str(exc)) from None

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with _reachable(), self.engine.begin() as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with _reachable(), self.engine.connect() as db:
            yield db.execution_options(**{READ_ONLY: True})

    def add(self, text: str, label: str, *, predicted: str | None = None, model_version: str | None = None,
            context: str | None = None, url: str | None = None, source: str = "feedback",
            status: str = "pending") -> Saved:
        """Store a label, or count it again when the same sentence already has the same label."""
        if status not in STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        text, now, digest = text.strip(), _now(), _hash(text)
        # One statement, so two replicas sending the same correction at once count it twice, not fail.
        insert = upsert(self.engine)(labels).values(
            text=text, text_hash=digest, label=label, predicted=predicted, model_version=model_version,
            context=context, url=url, source=source, status=status, count=1, created_at=now, updated_at=now)
        statement = insert.on_conflict_do_update(
            index_elements=["text_hash", "label"],
            set_={"count": labels.c.count + 1, "updated_at": now},
        ).returning(labels.c.id, labels.c.count, labels.c.status)
        with self._transaction() as db:
            row = db.execute(statement).one()
        return Saved(row.id, row.count, row.status, row.count > 1)

    def get(self, label_id: int) -> dict:
        with self._read() as db:
            row = db.execute(select(*_SELECT).where(labels.c.id == label_id)).first() if 0 < label_id <= _MAX_ID \
                else None
        if row is None:
            raise StoreError(f"no label with id {label_id}")
        return row._asdict()

    def list(self, status: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        if status is not None and status not in STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        query = select(*_SELECT).order_by(labels.c.id).limit(min(limit, _MAX_ID)).offset(min(offset, _MAX_ID))
        if status:
            query = query.where(labels.c.status == status)
        with self._read() as db:
            return [row._asdict() for row in db.execute(query)]

    def set_status(self, label_id: int, status: str) -> dict:
        if status not in STATUSES:
            raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        return self._update(label_id, status=status)

    def edit(self, label_id: int, label: str) -> dict:
        """Correct a stored label (an editor's fix); fails when the sentence already has that label."""
        try:
            return self._update(label_id, label=label)
        except sa_exc.IntegrityError:
            raise StoreError(f"label {label_id}'s sentence is already stored with label {label!r}") from None

    def _update(self, label_id: int, **values) -> dict:
        if not 0 < label_id <= _MAX_ID:
            raise StoreError(f"no label with id {label_id}")
        with self._transaction() as db:
            result = db.execute(update(labels).where(labels.c.id == label_id).values(**values, updated_at=_now()))
            if result.rowcount == 0:
                raise StoreError(f"no label with id {label_id}")
        return self.get(label_id)

    def counts(self) -> dict[str, int]:
        with self._read() as db:
            rows = db.execute(select(labels.c.status, func.count()).group_by(labels.c.status))
            return {status: 0 for status in STATUSES} | {status: n for status, n in rows}

    def close(self) -> None:
        """Close pooled connections (tests and commands that open many stores)."""
        self.engine.dispose()
