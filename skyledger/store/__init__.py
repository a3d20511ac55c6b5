"""The ledger: every extraction stored with its evidence, queryable and exportable.

``db`` opens a database, ``models`` declares the tables, ``repo`` reads and writes them, ``load`` runs a
batch of reports into them and ``exports`` writes them out as CSV, JSONL, GeoJSON or Parquet.
"""

from skyledger.store.db import database_url, open_ledger
from skyledger.store.load import BatchSummary, store_batch
from skyledger.store.repo import (
    finish_run,
    get_claim,
    ingest_extraction,
    iter_claims,
    iter_extractions,
    list_claims,
    record_failure,
    start_run,
)

__all__ = [
    "BatchSummary",
    "database_url",
    "finish_run",
    "get_claim",
    "ingest_extraction",
    "iter_claims",
    "iter_extractions",
    "list_claims",
    "open_ledger",
    "record_failure",
    "start_run",
    "store_batch",
]
