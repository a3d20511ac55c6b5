"""The bundled demo corpus reads cleanly, in every format, with the source's own dates."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from skyledger.ingest import read_paths
from skyledger.model import Report

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_examples_read_without_failures():
    items = list(read_paths([EXAMPLES]))
    assert [item for item in items if not isinstance(item, Report)] == []
    counts = Counter(item.format for item in items)
    assert counts == {"telegram": 6, "rss": 4, "jsonl": 15, "csv": 3, "html": 1, "markdown": 2}
    undated = sorted(Path(item.source).name for item in items if item.published_basis != "source")
    assert undated == ["README.md", "notes.md"]
    dated = {item.published.year for item in items if item.published_basis == "source"}
    assert dated == {2025, 2026}  # night.jsonl, the reconciliation demo, is set in March 2026
