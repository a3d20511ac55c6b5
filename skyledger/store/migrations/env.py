"""Alembic's entry point: always run on the connection ``open_ledger`` hands over (no URL here)."""

from alembic import context

from skyledger.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
