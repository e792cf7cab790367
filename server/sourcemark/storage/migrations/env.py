"""Alembic environment: migrations run on the connection `storage.migrate` hands over (no ini file)."""
from alembic import context

from sourcemark.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
