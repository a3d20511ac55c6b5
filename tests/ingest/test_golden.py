"""Golden tests: every fixture format read into reports, compared whole with a literal.

Each row is (source, format, title, url, published, published_basis, channel, message_id, first 60
characters of text); a failure is ("FAILURE", source, reason). The fixtures are read with a fixed
``published`` so that documents without a source date do not depend on file times.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from skyledger.ingest import read, read_paths
from skyledger.model import Report

FIXTURES = Path(__file__).parent / "fixtures"
PUBLISHED = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)


def summary(item):
    """The compared fields of a report, or of a failure."""
    if isinstance(item, Report):
        return (
            item.source,
            item.format,
            item.title,
            item.url,
            item.published.isoformat(),
            item.published_basis,
            item.channel,
            item.message_id,
            item.text[:60],
        )
    return ("FAILURE", item.source, item.reason)


GOLDEN = {
    "rss.xml": [
        (
            "rss.xml#wire-1001",
            "rss",
            "Air defences down 14 drones over Bryansk",
            "https://wire.example.org/news/1001",
            "2025-11-12T06:05:00+03:00",
            "source",
            "Test Wire – Europe",
            "wire-1001",
            "Air defences down 14 drones over Bryansk\nRussian air defence",
        ),
        (
            "rss.xml#https://wire.example.org/news/1002",
            "rss",
            "Kursk governor: debris damaged two houses",
            "https://wire.example.org/news/1002",
            "2025-11-12T09:30:00+00:00",
            "source",
            "Test Wire – Europe",
            None,
            "Kursk governor: debris damaged two houses\nDebris from a down",
        ),
        (
            "rss.xml#3",
            "rss",
            "Airport restrictions lifted in Kaluga",
            None,
            "2025-11-20T12:00:00+00:00",
            "cli",
            "Test Wire – Europe",
            None,
            "Airport restrictions lifted in Kaluga\nRestrictions at Kaluga",
        ),
    ],
    "atom.xml": [
        (
            "atom.xml#tag:desk.example.net,2025:entry-77",
            "atom",
            "Ministry reports 31 UAVs intercepted",
            "https://desk.example.net/2025/11/13/uavs",
            "2025-11-13T07:15:00+03:00",
            "source",
            "Example Defence Desk",
            "tag:desk.example.net,2025:entry-77",
            "Ministry reports 31 UAVs intercepted\nThe defence ministry sa",
        ),
        (
            "atom.xml#tag:desk.example.net,2025:entry-78",
            "atom",
            "Belgorod: power cut after strike",
            None,
            "2025-11-13T10:02:00+00:00",
            "source",
            "Example Defence Desk",
            "tag:desk.example.net,2025:entry-78",
            "Belgorod: power cut after strike\nPart of Belgorod was left w",
        ),
    ],
    "page.html": [
        (
            "page.html",
            "html",
            "Drones shot down over Voronezh region",
            "https://courier.example.com/world/2025/11/14/voronezh-drones",
            "2025-11-14T08:20:00+03:00",
            "source",
            "Example Courier",
            None,
            "Drones shot down over Voronezh region\nAir defence forces des",
        ),
    ],
    "rows.jsonl": [
        (
            "rows.jsonl#mod-2025-11-15",
            "jsonl",
            "Ministry summary",
            "https://mod.example.gov/news/1",
            "2025-11-15T08:00:00+03:00",
            "source",
            "Ministry of Defence",
            "mod-2025-11-15",
            "Over the past night, air defence systems intercepted and des",
        ),
        (
            "rows.jsonl#2",
            "jsonl",
            None,
            None,
            "2025-11-15T00:00:00+00:00",
            "source",
            None,
            None,
            "The Lipetsk governor said one drone was shot down near Yelet",
        ),
        ("FAILURE", "rows.jsonl", "line 3: malformed JSON (Unterminated string starting at: column 26)"),
        (
            "rows.jsonl#4",
            "jsonl",
            None,
            None,
            "2025-11-20T12:00:00+00:00",
            "cli",
            "Tula governor",
            "4",
            "Overnight, two UAVs were shot down over the Tula region.",
        ),
    ],
    "rows.csv": [
        (
            "rows.csv#csv-1",
            "csv",
            "Morning summary",
            "https://mod.example.gov/news/2",
            "2025-11-16T06:30:00+03:00",
            "source",
            "Ministry of Defence",
            "csv-1",
            "Air defences shot down 12 drones overnight:\n7 over the Bryan",
        ),
        (
            "rows.csv#5",
            "csv",
            None,
            None,
            "2025-11-20T12:00:00+00:00",
            "cli",
            None,
            None,
            "Debris fell near a school in Shebekino, the governor said.",
        ),
        (
            "rows.csv#csv-3",
            "csv",
            "Evening update",
            None,
            "2025-11-16T11:00:00+03:00",
            "source",
            "Rostov governor",
            "csv-3",
            "Three more UAVs were destroyed over the Rostov region.",
        ),
    ],
    "telegram/result.json": [
        (
            "telegram/result.json#11",
            "telegram",
            None,
            None,
            "2025-11-12T04:41:03+00:00",
            "source",
            "Governor of Example Oblast",
            "11",
            "Air defence forces shot down three UAVs over the region over",
        ),
        (
            "telegram/result.json#12",
            "telegram",
            None,
            None,
            "2025-11-12T18:55:40+00:00",
            "source",
            "Governor of Example Oblast",
            "12",
            "Drone attack alert. Residents are asked to stay indoors. Det",
        ),
        (
            "telegram/result.json#14",
            "telegram",
            None,
            None,
            "2025-11-14T06:30:00+00:00",
            "source",
            "Governor of Example Oblast",
            "14",
            "Two more drones were destroyed this morning.",
        ),
    ],
    "note.md": [
        (
            "note.md",
            "markdown",
            "Night of 17 November",
            None,
            "2025-11-20T12:00:00+00:00",
            "cli",
            None,
            None,
            "Night of 17 November\n\nAir defence shot down 4 drones over th",
        ),
    ],
    "note.txt": [
        (
            "note.txt",
            "text",
            None,
            None,
            "2025-11-20T12:00:00+00:00",
            "cli",
            None,
            None,
            "Overnight, air defence forces shot down three UAVs over the ",
        ),
    ],
}

#: Whole texts where the reader does real work on them: markup, quoting, entity lists.
FULL_TEXTS = {
    "rss.xml#https://wire.example.org/news/1002": (
        "Kursk governor: debris damaged two houses\n"
        "Debris from a downed drone damaged two private houses in Kursk,\n"
        "the regional governor said on Wednesday."
    ),
    "rss.xml#wire-1001": (
        "Air defences down 14 drones over Bryansk\n"
        "Russian air defences destroyed 14 Ukrainian drones over the Bryansk region overnight, "
        "the governor said.\n"
        "No casualties & no damage were reported."
    ),
    "rows.csv#csv-1": (
        "Air defences shot down 12 drones overnight:\n"
        "7 over the Bryansk region, 3 over the Oryol region and 2 over the Smolensk region.\n"
        'The ministry said "all targets" were destroyed, with no damage.'
    ),
    "rows.jsonl#2": "The Lipetsk governor said one drone was shot down near Yelets.\nNo casualties.",
    "telegram/result.json#12": (
        "Drone attack alert. Residents are asked to stay indoors. Details: https://example.gov/alerts #alert"
    ),
    "note.md": (
        "Night of 17 November\n\n"
        "Air defence shot down 4 drones over the Kaluga region, the governor wrote on his channel.\n\n"
        "Damage\nNo damage was reported.\n"
    ),
}


@pytest.fixture
def in_fixtures(monkeypatch):
    """Run from the fixture folder, so sources are the short relative paths of the literals."""
    monkeypatch.chdir(FIXTURES)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(in_fixtures, name):
    assert [summary(item) for item in read(name, published=PUBLISHED)] == GOLDEN[name]


def test_full_texts(in_fixtures):
    texts = {}
    for name in GOLDEN:
        texts.update({item.source: item.text for item in read(name, PUBLISHED) if isinstance(item, Report)})
    assert {source: texts[source] for source in FULL_TEXTS} == FULL_TEXTS


def test_html_keeps_boilerplate_out(in_fixtures):
    (report,) = read("page.html", PUBLISHED)
    for boilerplate in ("Subscribe", "Weather in Voronezh", "22 comments", "All rights reserved", "Privacy"):
        assert boilerplate not in report.text
    assert report.lang == "en"


def test_feed_and_row_languages(in_fixtures):
    reports = [item for name in ("rss.xml", "rows.jsonl") for item in read(name, PUBLISHED)]
    langs = {item.source: item.lang for item in reports if isinstance(item, Report)}
    assert langs == {
        "rss.xml#wire-1001": "en",
        "rss.xml#https://wire.example.org/news/1002": "en",
        "rss.xml#3": "en",
        "rows.jsonl#mod-2025-11-15": None,
        "rows.jsonl#2": None,
        "rows.jsonl#4": "en",
    }


def test_whole_fixture_folder_is_read_in_order(in_fixtures):
    sources = [item.source for item in read_paths(["."], PUBLISHED)]
    expected = [row[0] if row[0] != "FAILURE" else row[1] for name in sorted(GOLDEN) for row in GOLDEN[name]]
    assert sources == [f"./{source}" for source in expected]
