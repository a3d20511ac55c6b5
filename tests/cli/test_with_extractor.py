"""The CLI on the real reader and extractor: only what any correct extractor does."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from skyledger.cli import app

pytestmark = pytest.mark.extractor

KURSK = "Air defence systems destroyed 3 Ukrainian drones over the Kursk region."


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_ingest_a_folder_with_an_empty_file(tmp_path, db):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "kursk.txt").write_text(KURSK, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = run("ingest", folder, "--db", db, "--published", "2025-11-14")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert result.stdout.startswith("ingested 1 documents (1 new), ")
    claims = [json.loads(line) for line in run("claims", "--db", db, "-f", "jsonl").stdout.splitlines()]
    assert any(c["total"] == 3 and c["source"].endswith("kursk.txt") for c in claims)


def test_extract_finds_the_kursk_claim(tmp_path):
    path = tmp_path / "kursk.txt"
    path.write_text(KURSK, encoding="utf-8")
    result = run("extract", path, "--published", "2025-11-14")
    assert result.exit_code == 0
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(
        c["total"] == 3
        and c["action"] == "destroyed"
        and c["weapon"] == "uav"
        and "RU-KRS" in [r["code"] for r in c["regions"]]
        for c in doc["claims"]
    )
