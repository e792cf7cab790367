"""Bring a store's schema to this code's head with Alembic; stores written before Alembic are adopted in place."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS = Path(__file__).with_name("migrations")
# The schema the hand-rolled migrator of the first release called version 1 is Alembic's 0001.
LEGACY_REVISIONS = {1: "0001"}
# Any constant: replicas starting together take this lock so only one of them migrates.
PG_LOCK_KEY = 0x50A4CE


class SchemaError(RuntimeError):
    """The database's schema is newer than this code or unknown; the message names both."""


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current(engine: Engine) -> str | None:
    """The Alembic revision, "schema_version N" for a store written before Alembic, None when empty."""
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        if revision is None and inspect(connection).has_table("schema_version"):
            row = connection.execute(text("SELECT version FROM schema_version")).first()
            return f"schema_version {row[0] if row else 0} (before Alembic)"
        return revision


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to head in one transaction (one process at a time); returns (revision before, after)."""
    script = ScriptDirectory(str(MIGRATIONS))
    with engine.begin() as connection:  # SQLite: BEGIN IMMEDIATE already serialises writers
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        config = _config(connection)
        before = MigrationContext.configure(connection).get_current_revision()
        if before is None:
            legacy = _legacy_revision(connection)
            if legacy:
                command.stamp(config, legacy)
                before = legacy
        elif before not in {s.revision for s in script.walk_revisions()}:
            raise SchemaError(f"the store has schema revision {before}, newer than this code "
                              f"(head {script.get_current_head()}): upgrade SourceMark")
        command.upgrade(config, "head")
        return before, script.get_current_head()


def _legacy_revision(connection: Connection) -> str | None:
    """The Alembic revision matching a pre-Alembic store's schema_version row, or None for an empty database."""
    if not inspect(connection).has_table("schema_version"):
        return None
    row = connection.execute(text("SELECT version FROM schema_version")).first()
    version = row[0] if row else 0
    if version == 0:
        return None
    if version not in LEGACY_REVISIONS:
        raise SchemaError(f"the store has schema version {version}, newer than this code")
    return LEGACY_REVISIONS[version]
