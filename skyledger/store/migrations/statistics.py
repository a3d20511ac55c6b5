"""What revisions that add indexes do after: SQLite's planner needs statistics on a new index before
it prefers it."""

from __future__ import annotations

from collections.abc import Iterable

from alembic import op


def analyze(indexes: Iterable[str]) -> None:
    """A bounded ANALYZE of ``indexes`` on SQLite (nothing elsewhere), milliseconds at any size.

    Without statistics on them SQLite's planner looks rows up by the indexes it knew and reads each
    row, as before; the bound (as at the end of every ingest, store.load) samples each index instead
    of reading it whole. The connection's own limit is put back after."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    limit = bind.exec_driver_sql("PRAGMA analysis_limit").scalar()
    op.execute("PRAGMA analysis_limit=400")
    for name in indexes:
        op.execute(f"ANALYZE {name}")
    op.execute(f"PRAGMA analysis_limit={int(limit or 0)}")
