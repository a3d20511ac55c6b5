"""``skyledger extract --engine spark``: the same extraction, run per partition by Apache Spark.

The driver only plans: it lists the inputs, works out each file's fallback date the way the local
reader does, and asks Spark to write. Executors read the lines (JSONL) or rows (Parquet), turn each
into a report with the local reader's own row function (so sources, ids and failures are the same),
extract it with the same pure function, and write the results. Nothing is collected to the driver.

The output folder holds five Parquet datasets, each partitioned by ``date`` (the report's publication
day in UTC, as ``YYYY-MM-DD``):

* ``documents``: one row per report: its fields, its text, its input file and line, and ``contract``,
  the report's whole contract object as JSON text (what ``skyledger extract`` prints for it);
* ``claims``, ``impacts``, ``measures``: one row per item in the contract's columns and nesting
  (:mod:`skyledger.parquet`), with the report's ``doc_id``;
* ``failures``: the rows that could not be read or extracted, with the reason.

``skyledger load DIR`` stores ``documents`` in a ledger, by the same report identity as ``ingest``.
Needs the ``spark`` extra (``pip install 'skyledger[spark]'``) and a Java runtime.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from skyledger.errors import SkyledgerError
from skyledger.ingest.files import Fallback, fallback_for
from skyledger.ingest.limits import Limits
from skyledger.parquet import CONTRACT_FIELDS

DATASETS = ("documents", "claims", "impacts", "measures", "failures")

_SPAN = pa.list_(pa.int64())
DOCUMENT = pa.schema(
    [
        ("date", pa.string()),
        ("input", pa.string()),
        ("line", pa.int64()),
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("format", pa.string()),
        ("lang", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("channel", pa.string()),
        ("message_id", pa.string()),
        ("published", pa.string()),
        ("published_basis", pa.string()),
        ("extractor_version", pa.string()),
        ("encoding", pa.string()),
        ("claims", pa.int64()),
        ("text", pa.string()),
        ("contract", pa.string()),
    ]
)
_KEYS = [("date", pa.string()), ("doc_id", pa.string())]
CLAIM = pa.schema(_KEYS + CONTRACT_FIELDS)
IMPACT = pa.schema(
    _KEYS
    + [
        ("kind", pa.string()),
        ("region", pa.string()),
        ("place", pa.string()),
        ("places", pa.list_(pa.string())),
        ("people", pa.int64()),
        ("count", pa.int64()),
        ("date_said", pa.string()),
        ("flags", pa.list_(pa.string())),
        ("span", _SPAN),
    ]
)
MEASURE = pa.schema(
    _KEYS
    + [
        ("kind", pa.string()),
        ("region", pa.string()),
        ("by", pa.string()),
        ("flags", pa.list_(pa.string())),
        ("span", _SPAN),
    ]
)
FAILURE = pa.schema(
    [
        ("date", pa.string()),
        ("input", pa.string()),
        ("line", pa.int64()),
        ("source", pa.string()),
        ("reason", pa.string()),
    ]
)


def partitioning() -> Any:
    """How the datasets are cut: a ``date=YYYY-MM-DD`` folder, Hive's convention; a report with no date
    goes under Hive's default partition, read back as null."""
    import pyarrow.dataset as ds

    return ds.partitioning(pa.schema([("date", pa.string())]), flavor="hive")


SCHEMAS = {"documents": DOCUMENT, "claims": CLAIM, "impacts": IMPACT, "measures": MEASURE, "failures": FAILURE}


class SparkUnavailable(SkyledgerError):
    """The engine was asked for but PySpark or Java is missing."""


# --- what an executor does -------------------------------------------------------------------------


def rows_of(item: Any, input_path: str, line: int) -> list[tuple[str, dict[str, Any]]]:
    """The output rows of one read item (a report's extraction or a failure), as (dataset, row) pairs.

    Pure, so that the tests can check it without Spark: it is the single-machine result cut into tables.
    """
    from skyledger.contract import extraction_to_dict
    from skyledger.model import ReadFailure

    if isinstance(item, ReadFailure):
        return [
            (
                "failures",
                {"date": None, "input": input_path, "line": line, "source": item.source, "reason": item.reason},
            )
        ]
    contract = extraction_to_dict(item)
    day = _day(item.report.published)
    keys = {"date": day, "doc_id": contract["doc_id"]}
    document = {name: contract.get(name) for name in DOCUMENT.names if name in contract and name != "claims"}
    document |= {
        "date": day,
        "input": input_path,
        "line": line,
        "claims": len(contract["claims"]),
        "encoding": item.report.encoding,
        "text": item.report.text,
        "contract": json.dumps(contract, ensure_ascii=False),
    }
    out = [("documents", document)]
    out += [("claims", keys | _claim(c)) for c in contract["claims"]]
    out += [("impacts", keys | _renamed(i)) for i in contract["impacts"]]
    out += [("measures", keys | m) for m in contract["measures"]]
    return out


def _claim(claim: dict[str, Any]) -> dict[str, Any]:
    """A contract claim as a row of :data:`CLAIM` (hours as a float, as the Parquet export has them)."""
    window = claim["window"]
    hours = window.get("hours")
    return {**claim, "window": {**window, "hours": None if hours is None else float(hours)}}


def _renamed(impact: dict[str, Any]) -> dict[str, Any]:
    """An impact's own ``date`` (the day the text says it happened) beside the partition's ``date``."""
    row = dict(impact)
    row["date_said"] = row.pop("date")
    return row


def _day(published: datetime | None) -> str | None:
    return published.astimezone(UTC).date().isoformat() if published is not None else None


def extract_lines(
    lines: Iterable[tuple[str, int, Any]], fallbacks: dict[str, Fallback], fmt: str, limits: Limits
) -> Iterator[tuple[str, dict[str, Any]]]:
    """An executor's work on one partition: (input, line number, JSONL line or Parquet row) -> rows."""
    from skyledger.extract import extract
    from skyledger.ingest.tabular import jsonl_line, row_report
    from skyledger.model import Report
    from skyledger.store.load import extract_one

    for input_path, number, value in lines:
        if fmt == "jsonl":
            item = jsonl_line(value, number, input_path, fallbacks[input_path], limits)
        else:
            item = row_report(value, input_path, number, "parquet", fallbacks[input_path], limits, "utf-8")
        if item is None:  # a blank line
            continue
        if isinstance(item, Report):
            item = extract_one(item, extract)
        yield from rows_of(item, input_path, number)


# --- the driver -------------------------------------------------------------------------------------


def input_format(path: str) -> str:
    """``jsonl`` or ``parquet``, by extension (a folder is Parquet, as Spark writes it)."""
    lowered = path.rstrip("/").lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith(".parquet") or "." not in lowered.rsplit("/", 1)[-1]:
        return "parquet"
    raise SkyledgerError(f"{path}: the Spark engine reads JSONL (.jsonl, .ndjson) or Parquet, not this")


def session(workers: int | None = None) -> Any:
    """The active SparkSession: spark-submit's, else a local one with ``workers`` cores."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable("the Spark engine needs PySpark: pip install 'skyledger[spark]'") from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("skyledger").config("spark.sql.session.timeZone", "UTC")
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    if not _submitted():
        builder = builder.master(f"local[{workers or '*'}]")
    try:
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception as exc:  # no Java, a bad master URL: one line, not a JVM trace
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SparkUnavailable(f"cannot start Spark ({first}); is a Java runtime installed?") from exc


def _submitted() -> bool:
    """Whether we run under spark-submit, which starts the JVM and sets the master itself."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


_GLOB = set("*?[{")


def _hadoop(spark: Any, path: str) -> tuple[Any, Any]:
    """Hadoop's Path and file system for ``path`` (a local path or any URI Hadoop reads)."""
    hadoop_path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path, hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def expand(spark: Any, path: str) -> list[str]:
    """The inputs a path names: itself, or for a glob the files and folders it matches, in order.

    Each file is then numbered and dated on its own, as the local reader does, so that rows keep
    their own file's name, line numbers and date. A path that matches nothing is an error."""
    hadoop_path, fs = _hadoop(spark, path)
    matched = fs.globStatus(hadoop_path)
    if not matched:
        raise SkyledgerError(f"{path}: no such file or directory")
    if not _GLOB & set(path):
        return [path]
    return sorted(str(status.getPath().toString()) for status in matched)


def file_fallback(spark: Any, path: str, published: datetime | None) -> Fallback:
    """The fallback date of one input, as the local reader gives it: the caller's, else the file's
    modification time (from Hadoop's file system for a URI such as ``s3a://``)."""
    if published is not None or "://" not in path or path.startswith("file://"):
        return fallback_for(Path(path.removeprefix("file://")), published)
    hadoop_path, fs = _hadoop(spark, path)
    millis = fs.getFileStatus(hadoop_path).getModificationTime()
    return Fallback(datetime.fromtimestamp(millis / 1000, tz=UTC), "file_mtime")


def numbered(spark: Any, path: str, fmt: str) -> Any:
    """An RDD of (input, line number, value) for one input: numbered the way the local reader numbers.

    Parquet times are read as text in UTC (the session's zone): a timestamp handed to Python would
    become a naive time in the executor's own zone and shift every date on a machine not on UTC."""
    if fmt == "jsonl":
        lines = spark.sparkContext.textFile(path)
        first_strip = lambda t: (t[0].removeprefix("\ufeff") if t[1] == 0 else t[0], t[1])  # noqa: E731
        return lines.zipWithIndex().map(first_strip).map(lambda t: (path, t[1] + 1, t[0]))
    from pyspark.sql import functions
    from pyspark.sql.types import DateType, TimestampNTZType, TimestampType

    frame = spark.read.parquet(path)
    times = (DateType, TimestampNTZType, TimestampType)
    columns = [
        functions.col(f.name).cast("string").alias(f.name) if isinstance(f.dataType, times) else functions.col(f.name)
        for f in frame.schema
    ]
    frame = frame.select(*columns)
    return frame.rdd.zipWithIndex().map(lambda t: (path, t[1] + 1, t[0].asDict(recursive=True)))


def fresh_output(spark: Any, out: str) -> None:
    """Refuse an output folder that holds anything: a run never appends to an earlier one, so that
    ``load`` cannot count a report twice."""
    hadoop_path, fs = _hadoop(spark, out)
    if fs.exists(hadoop_path) and (not fs.getFileStatus(hadoop_path).isDirectory() or fs.listStatus(hadoop_path)):
        raise SkyledgerError(f"{out} already exists and is not empty: give a new folder")


def run(
    inputs: Sequence[str],
    out: str,
    published: datetime | None = None,
    workers: int | None = None,
    partitions: int | None = None,
) -> dict[str, int]:
    """Extract every report of ``inputs`` on Spark and write the datasets under ``out``; return row counts."""
    from pyspark import StorageLevel

    with warnings.catch_warnings():  # PySpark warns about the installed pandas, which this path never uses
        warnings.simplefilter("ignore", FutureWarning)
        from pyspark.sql.pandas.types import from_arrow_schema

    spark = session(workers)
    fresh_output(spark, out)
    files = [found for path in inputs for found in expand(spark, path)]
    formats = {path: input_format(path) for path in files}
    limits = Limits.from_env()
    counts: dict[str, int] = {}
    for fmt in sorted(set(formats.values())):
        paths = [p for p in files if formats[p] == fmt]
        fallbacks = {p: file_fallback(spark, p, published) for p in paths}
        numbered_rows = spark.sparkContext.union([numbered(spark, p, fmt) for p in paths])
        if partitions:
            numbered_rows = numbered_rows.repartition(partitions)
        rows = numbered_rows.mapPartitions(lambda part, fb=fallbacks, f=fmt: extract_lines(part, fb, f, limits))
        rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
        for name in DATASETS:
            schema = from_arrow_schema(SCHEMAS[name])
            picked = rows.filter(lambda r, n=name: r[0] == n).map(lambda r: r[1])
            frame = spark.createDataFrame(picked, schema=schema)
            frame.write.mode("append").partitionBy("date").parquet(f"{out.rstrip('/')}/{name}")
        for name, n in rows.map(lambda r: (r[0], 1)).countByKey().items():
            counts[name] = counts.get(name, 0) + n
        rows.unpersist()
    return counts


# --- reading it back --------------------------------------------------------------------------------


def read_extracted(folder: str, batch: int = 1_000) -> Iterator[Any]:
    """What the engine wrote under ``folder``, as the extractions and failures ``ingest`` stores:
    streamed ``batch`` rows at a time with pyarrow, so a load holds one batch, not the output."""
    from skyledger.model import ReadFailure
    from skyledger.store.rebuild import extraction_from_contract

    root = Path(folder)
    if not (root / "documents").is_dir():
        raise SkyledgerError(f"{folder}: no 'documents' dataset here (write one with skyledger extract --engine spark)")
    for contract, text, encoding in _rows(root / "documents", ("contract", "text", "encoding"), batch):
        yield extraction_from_contract(json.loads(contract), text, encoding)
    for source, reason in _rows(root / "failures", ("source", "reason"), batch):
        yield ReadFailure(source, reason)


def _rows(path: Path, columns: tuple[str, ...], batch: int) -> Iterator[tuple[Any, ...]]:
    """The ``columns`` of a Parquet dataset, row by row; nothing when Spark wrote no file (no rows)."""
    import pyarrow.dataset as ds

    if not path.is_dir():
        return
    dataset = ds.dataset(path, format="parquet", partitioning=partitioning())
    if not dataset.files:
        return
    missing = [name for name in columns if dataset.schema.get_field_index(name) < 0]
    if missing:
        raise SkyledgerError(f"{path}: not the engine's output (no column {', '.join(missing)})")
    for part in dataset.to_batches(columns=list(columns), batch_size=batch):
        yield from zip(*(part.column(name).to_pylist() for name in columns), strict=True)


__all__ = ["DATASETS", "SparkUnavailable", "read_extracted", "rows_of", "run"]
