"""CLI fixtures: a stand-in reader and extractor, so that CLI plumbing is tested on its own.

Tests marked ``extractor`` use the real ``skyledger.ingest`` and ``skyledger.extract`` instead and
hold only for behaviour every correct extractor has.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from skyledger.model import Check, Claim, Claimant, Extraction, ReadFailure, RegionCount, Report

REGIONS = {"Kursk": "RU-KRS", "Belgorod": "RU-BEL"}
CLAIM = re.compile(r"destroyed (\d+) Ukrainian drones over the (\w+) region")


def pytest_configure(config):
    config.addinivalue_line("markers", "extractor: needs the real skyledger.ingest and skyledger.extract")


def fake_read_paths(paths, published=None):
    """Like the real reader for .txt files: an empty file is a failure, not an exception."""
    for path in map(Path, paths):
        for f in sorted(path.iterdir()) if path.is_dir() else [path]:
            text = f.read_text(encoding="utf-8") if f.exists() else ""
            if not f.exists():
                yield ReadFailure(str(f), "no such file")
            elif not text.strip():
                yield ReadFailure(str(f), "empty file")
            else:
                yield Report(str(f), text, "text", published=published, published_basis="cli" if published else None)


def fake_extract(report: Report) -> Extraction:
    """One claim per 'destroyed N Ukrainian drones over the X region', with spans."""
    if "BOOM" in report.text:
        raise RuntimeError("extractor bug")
    if "CTRL-C" in report.text:
        raise KeyboardInterrupt  # the user pressing Ctrl-C while this report is read
    claims = []
    for m in CLAIM.finditer(report.text):
        total, region = int(m.group(1)), m.group(2)
        claims.append(
            Claim(
                claimant=Claimant("ministry"),
                action="destroyed",
                weapon="uav",
                total=total,
                regions=(RegionCount(REGIONS[region], f"{region} region", total, m.span(2), m.span(1)),),
                checks=(Check("breakdown_sum", "pass", f"{total} = {total}"),),
                spans=(("total", m.span(1)),),
                evidence=((0, len(report.text)),),
            )
        )
    return Extraction(report, "en", tuple(claims), extractor_version="fake-1")


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Put the stand-ins where ``skyledger.store.load`` imports the reader and extractor from."""
    ingest = types.ModuleType("skyledger.ingest")
    ingest.read_paths = fake_read_paths
    extract = types.ModuleType("skyledger.extract")
    extract.extract, extract.EXTRACTOR_VERSION = fake_extract, "fake-1"
    gazetteer = types.ModuleType("skyledger.extract.gazetteer")
    gazetteer.load_regions = lambda: {"RU-KRS": types.SimpleNamespace(lat=51.7, lon=36.2)}
    monkeypatch.setitem(sys.modules, "skyledger.ingest", ingest)
    monkeypatch.setitem(sys.modules, "skyledger.extract", extract)
    monkeypatch.setitem(sys.modules, "skyledger.extract.gazetteer", gazetteer)


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A ledger path, also in $SKYLEDGER_DB so that a forgotten --db cannot touch ./skyledger.db."""
    path = str(tmp_path / "ledger.db")
    monkeypatch.setenv("SKYLEDGER_DB", path)
    return path
