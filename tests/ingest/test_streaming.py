"""Streaming: JSONL, CSV, feeds and Telegram exports are read a piece at a time, in memory that does
not grow with the file, and give the same reports as reading them whole did."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from skyledger.ingest import detect_format, read
from skyledger.ingest.feeds import entry_reports
from skyledger.ingest.files import Fallback
from skyledger.model import ReadFailure, Report

PUBLISHED = datetime(2025, 11, 20, tzinfo=UTC)
MB = 1024 * 1024
#: About 5 KB of report text: few, big rows keep a 50 MB file quick to read.
BODY = ("Над Белгородской областью сбиты 12 беспилотников, сообщил губернатор. " * 40).strip()


def peak_while_reading(path: Path) -> tuple[int, int, int]:
    """(reports, failures, tracemalloc peak in bytes) of reading ``path``, keeping nothing."""
    reports = failures = 0
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        for item in read(path, PUBLISHED):
            if isinstance(item, Report):
                reports += 1
            else:
                failures += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return reports, failures, peak


def write_until(path: Path, size: int, head: str, piece, tail: str = "", sep: str = "") -> int:
    """Write ``head``, ``piece(n)`` for n = 1, 2, ... (joined by ``sep``) up to ``size`` bytes, ``tail``."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        while out.tell() < size:
            n += 1
            out.write((sep if n > 1 else "") + piece(n))
        out.write(tail)
    return n


def test_a_50_mb_jsonl_file_streams(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = write_until(
        path, 50 * MB, "", lambda n: json.dumps({"id": n, "text": f"{BODY} {n}"}, ensure_ascii=False) + "\n"
    )
    reports, failures, peak = peak_while_reading(path)
    assert (reports, failures) == (rows, 0)
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"


def test_a_50_mb_telegram_export_streams(tmp_path):
    path = tmp_path / "result.json"

    def message(n: int) -> str:
        text = [f"{BODY} ", {"type": "bold", "text": str(n)}]
        return "  " + json.dumps({"id": n, "type": "message", "date_unixtime": str(1762922463 + n), "text": text})

    head = '{\n "name": "Governor of Belgorod Oblast",\n "type": "public_channel",\n "messages": [\n'
    messages = write_until(path, 50 * MB, head, message, "\n ]\n}\n", sep=",\n")
    reports, failures, peak = peak_while_reading(path)
    assert (reports, failures) == (messages, 0)
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"


def test_a_big_csv_file_streams(tmp_path):
    path = tmp_path / "rows.csv"
    rows = write_until(path, 20 * MB, "id,published,text\n", lambda n: f'{n},2025-11-20,"{BODY}\n{n}"\n')
    reports, failures, peak = peak_while_reading(path)
    assert (reports, failures) == (rows, 0)
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"


def test_a_big_feed_streams(tmp_path):
    path = tmp_path / "feed.xml"
    item = "<item><guid>g{n}</guid><title>Сбиты {n}</title><description><![CDATA[<p>{body}</p>]]></description></item>"
    items = write_until(  # feedparser takes some 10 ms an item: 2 MB, 350 items, is enough to show the peak
        path,
        2 * MB,
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>',
        lambda n: item.format(n=n, body=BODY),
        "</channel></rss>",
    )
    reports, failures, peak = peak_while_reading(path)
    assert (reports, failures) == (items, 0)
    assert peak < MB, f"peak {peak / MB:.1f} MB"


FEEDS = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_a_feed_read_item_by_item_is_the_feed_read_whole(tmp_path, name):
    """Each item is read by feedparser with the feed's header: the same reports as feedparser on the
    whole feed, also when the feed spans many chunks."""
    text = (FEEDS / name).read_text(encoding="utf-8")
    close = "</channel>" if name == "rss.xml" else "</feed>"
    first = text.index("<item>" if name == "rss.xml" else "<entry>")
    items = text[first : text.rindex(close)]
    big = text[:first] + items * 300 + text[text.rindex(close) :]  # some 500 KB
    path = tmp_path / name
    path.write_text(big, encoding="utf-8")
    fallback = Fallback(PUBLISHED, "cli")
    parsed = feedparser.parse(io.BytesIO(big.encode()), response_headers={"content-type": "text/xml; charset=utf-8"})
    whole = list(entry_reports(str(path), parsed, list(enumerate(parsed.entries, 1)), fallback, "utf-8"))
    assert len(whole) >= 600
    assert list(read(path, PUBLISHED)) == whole


def test_the_channel_name_after_the_messages_is_found(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps({"messages": [{"id": 1, "type": "message", "text": "Two drones."}], "name": "Late Channel"}),
        encoding="utf-8",
    )
    (report,) = read(path, PUBLISHED)
    assert (report.source, report.channel) == (f"{path}#1", "Late Channel")


def test_malformed_json_after_good_messages(tmp_path):
    """A cut export: the messages before the break are read, then one failure says where."""
    path = tmp_path / "result.json"
    path.write_text('{"name": "C", "messages": [{"id": 1, "text": "Two drones."}, {"id": 2, "te', encoding="utf-8")
    first, failure = read(path, PUBLISHED)
    assert isinstance(first, Report) and first.source == f"{path}#1"
    assert failure == ReadFailure(str(path), "malformed JSON (Unterminated string starting at: line 1 column 72)")


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ('{"id": 1, "text": "' + "x" * 20000 + '"}\n{"id": 2, "text": "y"}\n', "jsonl"),
        (
            '{"name": "C", "type": "public_channel", "id": 1, "messages": [{"id": 1, "text": "' + "x" * 20000 + '"}]}',
            "telegram",
        ),
    ],
    ids=["long-row", "one-line-export"],
)
def test_a_json_file_whose_first_line_is_longer_than_the_head_is_sniffed(tmp_path, first_line, expected):
    path = tmp_path / "saved.json"
    path.write_text(first_line, encoding="utf-8")
    assert detect_format(path) == expected
    assert all(isinstance(item, Report) for item in read(path, PUBLISHED))


def test_lines_end_at_lf_crlf_and_cr_but_not_at_unicode_separators(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"text": "a\xe2\x80\xa8b"}\r\n{"text": "c"}\r{"text": "d"}\n\n{"text": "e"}')
    assert [(item.source, item.text) for item in read(path, PUBLISHED)] == [
        (f"{path}#1", "a\u2028b"),
        (f"{path}#2", "c"),
        (f"{path}#3", "d"),
        (f"{path}#5", "e"),
    ]
