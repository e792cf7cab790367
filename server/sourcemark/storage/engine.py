"""The one place that turns a store setting into a SQLAlchemy engine: SQLite file or PostgreSQL URL."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# Execution option for connections that only read.
READ_ONLY = "sourcemark_read_only"
# A lost database connection fails fast (then the API answers 503) instead of hanging a worker.
CONNECT_TIMEOUT_S = 3


def database_url(target: str | Path) -> str:
    """A URL for `target`: a SQLAlchemy URL as given (postgresql:// uses psycopg 3), or a SQLite file path."""
    text = str(target)
    if "://" not in text:
        path = Path(text).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    url = make_url(text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None})
        _sqlite_immediate_transactions(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        # pre_ping: a connection broken while the database was down is replaced, not handed out.
        # Feedback is rare next to analysis: a small pool per worker keeps many replicas under
        # PostgreSQL's connection limit (docs/scaling.md).
        return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=3, pool_timeout=5,
                             connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    raise ValueError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")


def _sqlite_immediate_transactions(engine: Engine) -> None:
    """WAL, FULL sync, and BEGIN IMMEDIATE so two writers queue instead of failing on lock upgrade."""
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        # WAL: readers never block the writer; FULL sync: a committed label survives a crash.
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=FULL")

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # Reads (marked READ_ONLY) take no write lock, so listing the queue never holds up a correction.
        read_only = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def upsert(engine: Engine):
    """The dialect's INSERT construct, which has on_conflict_do_update on both engines."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
