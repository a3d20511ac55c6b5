"""The JSON contract as Arrow tables, written to Parquet for pandas, DuckDB, Polars and Spark.

One row per claim, in the contract's own names and nesting (docs/contract.md): ``claimant`` and
``window`` are structs, ``regions`` and ``checks`` lists of structs, ``spans`` a map from field to
``[start, end]``. Nothing is flattened or joined into strings, so a program reads the same values
``skyledger claims -f jsonl`` prints. The ledger adds its document columns (url, channel, lang …)
and what reconciliation says of the claim (group, role, period, grade, the UTC window).

Rows are written in batches (:data:`BATCH`), so an export holds one batch in memory, not the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

BATCH = 5_000
_SPAN = pa.list_(pa.int64(), 2)
_STRINGS = pa.list_(pa.string())

CLAIMANT = pa.struct(
    [
        ("kind", pa.string()),
        ("name", pa.string()),
        ("person", pa.string()),
        ("region", pa.string()),
        ("side", pa.string()),
    ]
)
REGION = pa.struct(
    [
        ("code", pa.string()),
        ("name", pa.string()),
        ("count", pa.int64()),
        ("span", _SPAN),
        ("count_span", _SPAN),
        ("flags", _STRINGS),
    ]
)
WINDOW = pa.struct(
    [
        ("start", pa.string()),
        ("end", pa.string()),
        ("hours", pa.float64()),
        ("date", pa.string()),
        ("tz", pa.string()),
        ("approx_start", pa.string()),
        ("approx_end", pa.string()),
        ("phrase", pa.string()),
        ("basis", pa.string()),
    ]
)
CHECK = pa.struct([("name", pa.string()), ("status", pa.string()), ("detail", pa.string())])

#: A claim as the contract has it (``id`` … ``locations``).
CONTRACT_FIELDS = [
    ("id", pa.string()),
    ("claimant", CLAIMANT),
    ("action", pa.string()),
    ("weapon", pa.string()),
    ("weapon_detail", pa.string()),
    ("total", pa.int64()),
    ("total_bound", pa.string()),
    ("regions", pa.list_(REGION)),
    ("regions_stated", pa.int64()),
    ("toward_moscow", pa.int64()),
    ("window", WINDOW),
    ("hedged", pa.bool_()),
    ("checks", pa.list_(CHECK)),
    ("flags", _STRINGS),
    ("spans", pa.map_(pa.string(), _SPAN)),
    ("evidence", pa.list_(_SPAN)),
    ("locations", pa.int64()),
]
#: The ledger's columns beside it: the document, then reconciliation (``repo.iter_claims``).
LEDGER_FIELDS = [
    (name, pa.string())
    for name in (
        "doc_id",
        "source",
        "published",
        "url",
        "title",
        "channel",
        "lang",
        "group",
        "role",
        "period",
        "grade",
        "day",
        "utc_start",
        "utc_end",
        "inferred",
    )
]
CLAIMS = pa.schema(CONTRACT_FIELDS + LEDGER_FIELDS)


def _row(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim dict as Arrow takes it: the span map as pairs, hours as a float."""
    window = claim["window"]
    return {
        **{name: claim.get(name) for name in CLAIMS.names},
        "spans": list(claim["spans"].items()),
        "window": {**window, "hours": None if window.get("hours") is None else float(window["hours"])},
    }


def batches(claims: Iterable[dict[str, Any]], size: int = BATCH) -> Iterator[pa.RecordBatch]:
    """Claim dicts as record batches of the :data:`CLAIMS` schema."""
    rows = iter(claims)
    while chunk := list(islice(rows, size)):
        yield pa.RecordBatch.from_pylist([_row(c) for c in chunk], schema=CLAIMS)


def write_claims(claims: Iterable[dict[str, Any]], fp: IO[bytes] | str) -> int:
    """Write claim dicts to a Parquet file (a path or a binary file object); returns the row count.
    An empty selection still writes a file with the schema, which readers open as zero rows."""
    n = 0
    with pq.ParquetWriter(fp, CLAIMS, compression="zstd") as writer:
        for batch in batches(claims):
            writer.write_batch(batch)
            n += batch.num_rows
    return n
