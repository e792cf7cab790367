"""The store's tables as SQLAlchemy Core metadata; migrations/ creates and changes them."""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

# SQLite keeps INTEGER PRIMARY KEY (the rowid, as stores written before Alembic have it).
ID = BigInteger().with_variant(Integer(), "sqlite")

labels = Table(
    "labels", metadata,
    Column("id", ID, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("label", String(32), nullable=False),
    Column("predicted", String(32)),
    Column("model_version", String(100)),
    Column("context", Text),
    Column("url", Text),
    Column("source", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("count", Integer, nullable=False, server_default="1"),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    UniqueConstraint("text_hash", "label"),
    Index("labels_status", "status", "id"),
)
