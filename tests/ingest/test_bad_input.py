"""Bad input: each broken file gives exactly one ReadFailure naming it, and the batch carries on.

Every case is written next to a good file in the same folder; the good file must still be read.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from skyledger.ingest import read, read_paths
from skyledger.model import ReadFailure, Report

PUBLISHED = datetime(2025, 11, 20, tzinfo=UTC)
GOOD = "Overnight, air defence forces shot down two UAVs over the Kursk region.\n"

BROKEN_FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>Broken feed</title>
<description>The closing tag below is misspelt</description>
</chanel>
</rss>
"""

CASES = [
    # (file name, bytes, failure source relative to the folder, reason)
    ("empty.txt", b"", "empty.txt", "empty file"),
    ("blank.md", b" \n\t\n", "blank.md", "empty file"),
    ("bom-only.txt", b"\xef\xbb\xbf", "bom-only.txt", "empty file"),
    ("nul.txt", b"Two UAVs\x00\x00\x01", "nul.txt", "binary file, not text"),
    ("scan.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "scan.pdf", "binary file, not text"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "binary file, not text"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00", "archive.txt", "binary file, not text"),
    ("noise.txt", bytes((i * 37) % 256 for i in range(256)), "noise.txt", "binary file, not text"),
    # Text in cp1251, KOI8-R or UTF-16 without a BOM is read (tests/ingest/test_encodings.py); these
    # are too short, or too odd, for any reading to be clearly the right one.
    (
        "short-cp1251.txt",
        "ЗНИЩЕНО: 71 БпЛА".encode("cp1251"),
        "short-cp1251.txt",
        "cannot tell the encoding: not UTF-8, and cp1251 or koi8-r are as likely",
    ),
    (
        "high-bytes.md",
        b"# Report\n" + bytes(range(0x80, 0x100)),
        "high-bytes.md",
        "cannot tell the encoding: not UTF-8, and none of cp1251, koi8-r, koi8-u, iso8859-5, cp866, cp1252,"
        " iso8859-1 reads it cleanly",
    ),
    (
        "result.json",
        b'{"name": "Channel", "messages": [',
        "result.json",
        "malformed JSON (Expecting value: line 1 column 34)",
    ),
    ("list.json", b"[1, 2, 3]", "list.json", "not a Telegram Desktop export (no 'messages' list)"),
    (
        "rows.jsonl",
        b'{"id": "a", "text": "One drone was shot down."}\n{"id": "b", "text": oops}\n',
        "rows.jsonl",
        "line 2: malformed JSON (Expecting value: column 21)",
    ),
    ("array.jsonl", b'["not", "an", "object"]\n', "array.jsonl", "line 1: expected a JSON object, got list"),
    ("bad-date.jsonl", b'{"text": "x y", "published": "soon"}\n', "bad-date.jsonl#1", None),
    ("no-text.jsonl", b'{"id": 7, "title": "Only a title"}\n', "no-text.jsonl#7", "empty text"),
    (
        "no-text-col.csv",
        b"id,body\n1,Two drones\n",
        "no-text-col.csv",
        "no 'text' column (columns: id, body)",
    ),
    (
        "bad-quote.csv",
        b'id,text\n1,"Two drones"x\n2,Three drones\n',
        "bad-quote.csv",
        "line 2: malformed CSV (',' expected after '\"')",
    ),
    ("empty-row.csv", b"id,text\nr1,\nr2,Three drones\n", "empty-row.csv#r1", "empty text"),
    ("empty.html", b"<html><body></body></html>", "empty.html", "no main text found in HTML"),
    (
        "title-only.htm",
        b"<!DOCTYPE html><html><head><title>T</title></head><body></body></html>",
        "title-only.htm",
        "no main text found in HTML",
    ),
    ("broken.html", b"<html><body><div><<<>>></", "broken.html", "no main text found in HTML"),
    (
        "nav.html",
        b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a> menu</nav></body></html>",
        "nav.html",
        "no main text found in HTML",
    ),
    (
        "menu-class.html",
        b"<html><body><ul class='main-menu'><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li>"
        b"<li><a href='/a'>About us</a></li></ul></body></html>",
        "menu-class.html",
        "no main text found in HTML",
    ),
    (
        "role.html",
        b"<html><body><div role='navigation'><a>Home</a><a>World news</a><a>Contact</a></div><footer>Copyright 2025 Some Outlet</footer></body></html>",
        "role.html",
        "no main text found in HTML",
    ),
    ("one-word.html", b"<html><body><div>menu</div></body></html>", "one-word.html", "no main text found in HTML"),
    ("feed.xml", BROKEN_FEED, "feed.xml", "not well-formed XML (line 6: mismatched tag)"),
    ("note.xml", b'<?xml version="1.0"?>\n<note>Not a feed</note>\n', "note.xml", "not an RSS or Atom feed"),
    (
        "bad-message.json",
        json.dumps({"name": "C", "messages": [{"id": 5, "type": "message", "text": 42}]}).encode(),
        "bad-message.json#5",
        "'text' is a int, not a string or list",
    ),
]


@pytest.mark.parametrize(("name", "data", "source", "reason"), CASES, ids=[case[0] for case in CASES])
def test_bad_file_fails_alone(tmp_path, name, data, source, reason):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    items = list(read_paths([tmp_path], PUBLISHED))
    failures = [item for item in items if isinstance(item, ReadFailure)]
    assert len(failures) == 1
    assert failures[0].source == os.path.join(tmp_path, source)
    if reason is not None:
        assert failures[0].reason == reason
    assert "\n" not in str(failures[0])
    reports = [item for item in items if isinstance(item, Report)]
    assert os.path.join(tmp_path, "good.txt") in [report.source for report in reports]


def test_bad_published_date_names_the_value(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "Two drones", "published": "soon"}\n', encoding="utf-8")
    (failure,) = read(path)
    assert failure.reason == "bad published date 'soon' (expected ISO 8601, RFC 2822 or Unix time)"


def test_malformed_rows_do_not_stop_the_file(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(b'id,text\n1,"Two drones"x\n2,Three drones\n3,\n4,"Four\ndrones"\n')
    assert [(item.source, getattr(item, "text", None)) for item in read(path, PUBLISHED)] == [
        (str(path), None),
        (f"{path}#2", "Three drones"),
        (f"{path}#3", None),
        (f"{path}#4", "Four\ndrones"),
    ]


def test_missing_path_is_a_failure(tmp_path):
    missing = tmp_path / "nope.txt"
    assert list(read_paths([missing])) == [ReadFailure(str(missing), "no such file or directory")]
    assert list(read(missing)) == [ReadFailure(str(missing), "no such file or directory")]


def test_directory_given_to_read_is_a_failure(tmp_path):
    assert list(read(tmp_path)) == [ReadFailure(str(tmp_path), "is a directory (use read_paths)")]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_accepted_encodings(tmp_path, encoding, bom):
    text = "Сбиты три беспилотника.\r\nNo casualties."
    path = tmp_path / "report.txt"
    path.write_bytes(bom + text.encode(encoding))
    (report,) = read(path, PUBLISHED)
    assert report.text == "Сбиты три беспилотника.\nNo casualties."


def test_utf16_feed_with_declaration(tmp_path):
    path = tmp_path / "feed.rss"
    feed = (
        '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>Сбиты два БПЛА</title><guid>x1</guid></item></channel></rss>"
    )
    path.write_bytes(b"\xff\xfe" + feed.encode("utf-16-le"))
    assert [(item.source, item.text) for item in read(path, PUBLISHED)] == [(f"{path}#x1", "Сбиты два БПЛА")]


def test_feed_with_broken_xml_but_items_is_read(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>W</title>\n<item><title>Drones & missiles</title></item>\n'
        "</channel></rss>\n",
        encoding="utf-8",
    )
    assert [(item.source, item.text) for item in read(path, PUBLISHED)] == [(f"{path}#1", "Drones & missiles")]
