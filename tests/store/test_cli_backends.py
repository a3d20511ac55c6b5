"""The CLI on PostgreSQL, with the real reader and extractor on the bundled examples.

Skipped without ``SKYLEDGER_TEST_PG_URL`` (see conftest). What the extractor finds in the examples is
not asserted here (tests/extract does that): only that the commands work on PostgreSQL and that
PostgreSQL and SQLite end up holding, listing and exporting the same ledger.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skyledger.cli import app

pytestmark = pytest.mark.extractor

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = [EXAMPLES / "articles.jsonl", EXAMPLES / "telegram" / "result.json"]


def skyledger(*args: object) -> subprocess.CompletedProcess[str]:
    """Run the installed ``skyledger`` command, as a user would, with no ``$SKYLEDGER_DB`` to fall back on."""
    script = Path(sys.executable).with_name("skyledger")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "skyledger"]
    env = {k: v for k, v in os.environ.items() if k != "SKYLEDGER_DB"}
    return subprocess.run(
        [*command, *map(str, args)], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_ingest_and_claims_on_postgresql(pg_url):
    first = skyledger("ingest", "--db", pg_url, *FILES)
    assert (first.returncode, first.stderr) == (0, "")
    documents = int(first.stdout.split()[1])
    assert documents > 0
    assert first.stdout.startswith(f"ingested {documents} documents ({documents} new), ")
    assert first.stdout.endswith(" 0 failures\n")

    again = skyledger("ingest", "--db", pg_url, *FILES)
    assert (again.returncode, again.stdout) == (
        0,
        first.stdout.replace(f"({documents} new)", f"(0 new, {documents} already in the ledger)"),
    )

    listed = skyledger("claims", "--db", pg_url, "-f", "jsonl")
    assert listed.returncode == 0, listed.stderr
    claims = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(claims) == int(first.stdout.split(", ")[1].split()[0]) > 0
    assert {Path(c["source"].split("#")[0]).name for c in claims} <= {"articles.jsonl", "result.json"}

    table = skyledger("claims", "--db", pg_url)
    assert table.returncode == 0, table.stderr
    assert table.stdout.split()[-2:] == [str(len(claims)), "claims"]

    shown = skyledger("show", claims[0]["id"], "--db", pg_url)
    assert shown.returncode == 0, shown.stderr
    assert claims[0]["id"] in shown.stdout


def run(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_postgresql_and_sqlite_hold_the_same_ledger(pg_url, tmp_path, monkeypatch):
    monkeypatch.delenv("SKYLEDGER_DB", raising=False)
    sqlite = str(tmp_path / "ledger.db")
    for db in (pg_url, sqlite):
        run("ingest", "--db", db, EXAMPLES, "--published", "2025-11-20")

    claims = [json.loads(line) for line in run("claims", "--db", sqlite, "-f", "jsonl").splitlines()]
    assert claims, "the examples should give claims"
    region = next(r["code"] for c in claims for r in c["regions"])
    flag = next(f for c in claims for f in c["flags"])
    views = [
        ("claims", "-f", "jsonl"),
        ("claims", "-f", "csv"),
        ("claims", "-f", "jsonl", "--region", region.lower()),
        ("claims", "-f", "jsonl", "--flag", flag),
        ("claims", "-f", "jsonl", "--since", "2025-11-18", "--until", "2025-11-19"),
        ("claims", "-f", "jsonl", "--action", "destroyed", "--limit", "3"),
        ("export", "-f", "csv", "-o", "-"),
        ("export", "-f", "jsonl", "-o", "-"),
        ("export", "-f", "geojson", "-o", "-"),
        ("show", claims[-1]["id"]),
    ]
    for view in views:
        assert run(*view, "--db", pg_url) == run(*view, "--db", sqlite), view
