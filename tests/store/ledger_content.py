"""What a ledger holds, as comparable values: every table's rows, without what says when or in which run.

Two ledgers built from the same reports must hold the same content however the work was split: in
batches of any size, by any number of workers, or in runs that were killed and started again. What may
differ is bookkeeping: row ids, run ids, times of ingestion, and the runs themselves. A failure is kept
once per run that met it (it is an audit of runs), so failures compare as a set.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text

#: Columns that record when or in which run something was written, not what the ledger says.
BOOKKEEPING = {"id", "run_id", "ingested_at", "at", "first_seen", "started_at", "finished_at"}
#: Tables of bookkeeping only.
SKIPPED = {"extraction_runs", "alembic_version"}


def ledger_content(url: str) -> dict[str, Any]:
    """Every table's rows without bookkeeping columns, sorted; read failures as a set."""
    engine = create_engine(url)
    content: dict[str, Any] = {}
    try:
        with engine.connect() as conn:
            for table in sorted(set(inspect(conn).get_table_names()) - SKIPPED):
                columns = [c["name"] for c in inspect(conn).get_columns(table) if c["name"] not in BOOKKEEPING]
                listed = ", ".join(f'"{c}"' for c in columns)
                rows = [tuple(map(_plain, r)) for r in conn.execute(text(f'SELECT {listed} FROM "{table}"'))]
                content[table] = set(rows) if table == "read_failures" else sorted(rows, key=repr)
    finally:
        engine.dispose()
    return content


def _plain(value: Any) -> Any:
    """bytes as hex, so that rows sort and print."""
    return value.hex() if isinstance(value, bytes | memoryview) else value
