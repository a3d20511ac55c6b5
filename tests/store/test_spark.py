"""The Spark engine gives what one machine gives, document for document, and loads into the same ledger.

Runs Spark in local mode in a child process (``python -m skyledger extract --engine spark``), as a user
would. Skipped, with the reason, where PySpark or a Java runtime is missing (``make setup`` installs
PySpark; ``.ci/run`` installs Java from the distribution).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from tests.store.ledger_content import ledger_content
from tests.store.test_resume import write_reports

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="PySpark not installed (make setup does)"),
    pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for Spark (.ci/run installs one)"),
]


def skyledger(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "skyledger", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our own reports in three languages, the bundled examples' JSONL, a blank and a broken line."""
    folder = tmp_path_factory.mktemp("spark")
    path = write_reports(folder / "reports.jsonl", 150)
    with path.open("a", encoding="utf-8") as out:
        out.write((ROOT / "examples" / "night.jsonl").read_text(encoding="utf-8"))
        out.write("\n{not json\n")
        out.write(json.dumps({"id": "x", "text": "   "}) + "\n")
    return path


@pytest.fixture(scope="module")
def spark_out(corpus: Path) -> Path:
    out = corpus.parent / "out"
    done = skyledger("extract", corpus, "--engine", "spark", "--format", "parquet", "--out", out,
                     "--published", "2025-11-20", "--workers", "2")  # fmt: skip
    assert done.returncode == 1, done.stderr  # the two bad lines are failures
    assert done.stderr.splitlines()[-1].endswith(f", 2 failures to {out}")
    return out


def table(out: Path, name: str) -> list[dict]:
    partitioning = ds.partitioning(pa.schema([("date", pa.string())]), flavor="hive")
    return ds.dataset(out / name, format="parquet", partitioning=partitioning).to_table().to_pylist()


def test_spark_output_equals_the_local_output_document_for_document(corpus: Path, spark_out: Path) -> None:
    local = skyledger("extract", corpus, "--published", "2025-11-20", "--workers", "1")
    assert local.returncode == 1
    expected = [json.loads(line) for line in local.stdout.splitlines()]
    documents = sorted(table(spark_out, "documents"), key=lambda r: r["line"])
    assert [json.loads(d["contract"]) for d in documents] == expected
    days = [datetime.fromisoformat(d["published"]).astimezone(UTC).date().isoformat() for d in documents]
    assert [d["date"] for d in documents] == days
    claims = table(spark_out, "claims")
    assert sorted(c["id"] for c in claims) == sorted(c["id"] for d in expected for c in d["claims"])
    assert len(table(spark_out, "impacts")) == sum(len(d["impacts"]) for d in expected)
    failures = sorted((f["source"], f["reason"]) for f in table(spark_out, "failures"))
    said = [line.removeprefix("Error: ").split(": ", 1) for line in local.stderr.splitlines()]
    assert failures == sorted((source, reason) for source, reason in said) != []


def test_load_gives_the_ledger_ingest_gives(tmp_path: Path, corpus: Path, spark_out: Path) -> None:
    ingested, loaded = tmp_path / "ingested.db", tmp_path / "loaded.db"
    assert skyledger("ingest", corpus, "--db", ingested, "--published", "2025-11-20", "-q").returncode == 1
    n = len(table(spark_out, "documents"))
    first = skyledger("load", spark_out, "--db", loaded)
    assert first.returncode == 1
    assert first.stdout.startswith(f"ingested {n} documents ({n} new)")
    again = skyledger("load", spark_out, "--db", loaded)
    assert again.stdout.startswith(f"ingested {n} documents (0 new, {n} already in the ledger)")
    assert ledger_content(f"sqlite:///{loaded}") == ledger_content(f"sqlite:///{ingested}")


def test_parquet_input_reads_as_the_same_reports(tmp_path: Path, corpus: Path, spark_out: Path) -> None:
    """Rows given as Parquet instead of JSONL, with real timestamps, on executors whose clock is not
    UTC: the same report ids (which include the stated time) and the same claims."""
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:150]]
    for row in rows:
        row["published"] = datetime.fromisoformat(row["published"]).astimezone(UTC)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "reports.parquet")
    out = tmp_path / "out"
    done = skyledger("extract", tmp_path / "reports.parquet", "--engine", "spark", "--format", "parquet",
                     "--out", out, "--published", "2025-11-20", env={"TZ": "Asia/Tokyo"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    from_parquet = {d["doc_id"]: json.loads(d["contract"]) for d in table(out, "documents")}
    from_jsonl = {d["doc_id"]: json.loads(d["contract"]) for d in table(spark_out, "documents") if d["line"] <= 150}
    assert from_parquet.keys() == from_jsonl.keys()
    assert all(from_parquet[k]["claims"] == from_jsonl[k]["claims"] for k in from_jsonl)


def test_a_glob_reads_each_file_on_its_own_and_an_old_output_is_kept(tmp_path: Path, spark_out: Path) -> None:
    """Two files through one glob: each numbered from its own first line, the same reports as on one
    machine; and a run into a folder that holds output is refused, not appended to."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_reports(folder / "a.jsonl", 20, seed=1)
    write_reports(folder / "b.jsonl", 20, seed=2)
    out = tmp_path / "out"
    done = skyledger("extract", f"{folder}/*.jsonl", "--engine", "spark", "--format", "parquet", "--out", out,
                     "--published", "2025-11-20")  # fmt: skip
    assert done.returncode == 0, done.stderr
    documents = table(out, "documents")
    assert sorted((Path(d["input"]).name, d["line"]) for d in documents) == sorted(
        (name, line) for name in ("a.jsonl", "b.jsonl") for line in range(1, 21)
    )
    local = skyledger("extract", folder, "--published", "2025-11-20", "--workers", "1")
    assert {d["doc_id"] for d in documents} == {json.loads(line)["doc_id"] for line in local.stdout.splitlines()}
    again = skyledger("extract", f"{folder}/*.jsonl", "--engine", "spark", "--format", "parquet", "--out", out)
    assert again.returncode == 1
    assert again.stderr.strip().splitlines()[-1] == f"Error: {out} already exists and is not empty: give a new folder"


def test_the_engine_and_the_format_go_together(corpus: Path) -> None:
    done = skyledger("extract", corpus, "--engine", "spark")
    assert done.returncode == 2
    assert "the Spark engine writes --format parquet to --out DIR" in done.stderr
