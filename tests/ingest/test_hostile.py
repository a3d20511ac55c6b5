"""Hostile and oversized input: each file is refused with a one-line reason, or read in bounded
pieces, without exhausting memory and without stopping the batch (a good file after it is read).

The big files (200 MB) are written in a temporary folder and read in a child process whose peak
memory is measured; everything else uses small :class:`Limits` so that it is cheap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skyledger.errors import BadLimit
from skyledger.ingest import Limits, read, read_paths
from skyledger.model import ReadFailure, Report

PUBLISHED = datetime(2025, 11, 20, tzinfo=UTC)
MB = 1024 * 1024
GOOD = "Overnight, air defence forces shot down two UAVs over the Kursk region.\n"
GOOD_ROW = json.dumps({"id": "after", "text": GOOD.strip()}) + "\n"
DEEP = 100_000
SMALL = Limits(document_bytes=4096, field_bytes=256, line_bytes=8192, depth=16)
LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(10))

#: (file name, bytes, [(failure source relative to the folder, reason)], sources of reports it still gives)
CASES = [
    ("empty.txt", b"", [("empty.txt", "empty file")], []),
    ("random.txt", bytes((i * 151 + 7) % 256 for i in range(4096)), [("random.txt", "binary file, not text")], []),
    ("sqlite.db", b"SQLite format 3\x00" + b"\x00" * 100, [("sqlite.db", "binary file, not text")], []),
    (
        "deep.jsonl",
        b'{"text": "x", "a": ' + b"[" * DEEP + b"]" * DEEP + b"}\n" + GOOD_ROW.encode(),
        [("deep.jsonl", "line 1: JSON nested deeper than 64 levels")],
        ["deep.jsonl#after"],
    ),
    (
        "deep-object.jsonl",
        b'{"text": "x", "a": ' + b'{"a": ' * DEEP + b"1" + b"}" * DEEP + b"}\n" + GOOD_ROW.encode(),
        [("deep-object.jsonl", "line 1: JSON nested deeper than 64 levels")],
        ["deep-object.jsonl#after"],
    ),
    (
        "deep/result.json",
        b'{"name": "C", "messages": [{"id": 1, "text": '
        + b"[" * DEEP
        + b"]" * DEEP
        + b'}, {"id": 2, "type": "message", "text": "Two drones were shot down."}]}',
        [("deep/result.json#1", "JSON nested deeper than 64 levels")],
        ["deep/result.json#2"],
    ),
    (
        "deep-elsewhere/result.json",
        b'{\n "name": "C",\n "about": ' + b"[" * DEEP + b"]" * DEEP + b',\n "messages": []\n}',
        [("deep-elsewhere/result.json", "JSON nested deeper than 64 levels (in 'about')")],
        [],
    ),
    (
        "laughs.xml",
        f'<?xml version="1.0"?><!DOCTYPE rss [{LAUGHS}]><rss><channel><item><title>&lol9;</title></item>'
        "</channel></rss>".encode(),
        [("laughs.xml", "XML with a DTD is refused (<!DOCTYPE rss>)")],
        [],
    ),
    (
        "xxe.rss",
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title></item></channel></rss>",
        [("xxe.rss", "XML with a DTD is refused (<!DOCTYPE rss>)")],
        [],
    ),
    (
        "dtd.atom",
        b'<!DOCTYPE feed SYSTEM "http://example.org/feed.dtd"><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<entry><id>e1</id><title>Two drones</title></entry></feed>",
        [("dtd.atom", "XML with a DTD is refused (<!DOCTYPE feed>)")],
        [],
    ),
    (
        "laughs.xhtml",
        f'<?xml version="1.0"?><!DOCTYPE html [{LAUGHS}]><html><body><p>&lol9; drones were shot down over '
        "the Kursk region overnight.</p></body></html>".encode(),
        [("laughs.xhtml", "XML entity declarations are refused (<!ENTITY lol0>)")],
        [],
    ),
    (
        "xxe.html",
        b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x; Two drones were shot '
        b"down over the Kursk region overnight, the governor said.</p></body></html>",
        [("xxe.html", "XML entity declarations are refused (<!ENTITY x>)")],
        [],
    ),
    (
        "truncated.xml",
        b"<rss><channel><item><title>x</title>",
        [("truncated.xml", "truncated XML (ends inside <item>, line 1)")],
        [],
    ),
    (
        "truncated-later.rss",
        b"<rss><channel><title>C</title>\n<item><guid>a</guid><title>Two drones were shot down</title></item>\n"
        b"<item><guid>b</guid><title>Three drones",
        [("truncated-later.rss", "truncated XML (ends inside <title>, line 3)")],
        ["truncated-later.rss#a"],
    ),
    (
        "truncated-broken.xml",
        b"<rss><channel><item><title>Drones & missiles</title></item><item><title>x</title>",
        [("truncated-broken.xml", "truncated XML (the root element <rss> is never closed)")],
        [],
    ),
]


@pytest.mark.parametrize(("name", "data", "failures", "reports"), CASES, ids=[case[0] for case in CASES])
def test_hostile_file_is_refused_and_the_batch_goes_on(tmp_path, name, data, failures, reports):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    (tmp_path / "zz-good.txt").write_text(GOOD, encoding="utf-8")
    items = list(read_paths([tmp_path], PUBLISHED))
    got = [(os.path.relpath(item.source, tmp_path), item.reason) for item in items if isinstance(item, ReadFailure)]
    assert got == failures
    assert all("\n" not in reason for _, reason in got)
    sources = [os.path.relpath(item.source, tmp_path) for item in items if isinstance(item, Report)]
    assert sources == [*reports, "zz-good.txt"]


#: What small limits refuse: (file name, bytes, [(failure source, reason)], report sources).
LIMITED = [
    ("big.txt", b"drones " * 1000, [("big.txt", "7000 bytes, larger than the document limit (4 KiB)")], []),
    ("big.md", b"# T\n" + b"drones " * 1000, [("big.md", "7004 bytes, larger than the document limit (4 KiB)")], []),
    (
        "big.html",
        b"<html><body><p>" + b"drones " * 1000 + b"</p></body></html>",
        [("big.html", "7033 bytes, larger than the document limit (4 KiB)")],
        [],
    ),
    (
        "rows.jsonl",
        b'{"id": "long", "text": "' + b"drones " * 2000 + b'"}\n' + GOOD_ROW.encode(),
        [("rows.jsonl", "line 1: longer than the line limit (8 KiB)")],
        ["rows.jsonl#after"],
    ),
    (
        "text.jsonl",
        b'{"id": "big", "text": "' + b"drones " * 1000 + b'"}\n' + GOOD_ROW.encode(),
        [("text.jsonl#big", "'text' is larger than the document limit (4 KiB)")],
        ["text.jsonl#after"],
    ),
    (
        "title.jsonl",
        b'{"id": "t", "title": "' + b"x" * 300 + b'", "text": "Two drones."}\n' + GOOD_ROW.encode(),
        [("title.jsonl#t", "'title' is longer than the field limit (256 bytes)")],
        ["title.jsonl#after"],
    ),
    (
        "nested.jsonl",
        b'{"text": "x", "a": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}\n' + GOOD_ROW.encode(),
        [("nested.jsonl", "line 1: JSON nested deeper than 16 levels")],
        ["nested.jsonl#after"],
    ),
    (
        "line.csv",
        b"id,text\n1," + b"drones " * 2000 + b"\nafter,Two drones were shot down.\n",
        [("line.csv", "line 2: longer than the line limit (8 KiB)")],
        ["line.csv#after"],
    ),
    (
        "cell.csv",
        b'id,text\n1,"' + b"drones\n" * 800 + b'"\nafter,Two drones were shot down.\n',
        [("cell.csv", "line 2: a cell longer than 4 KiB")],
        ["cell.csv#after"],
    ),
    (
        "record.csv",
        b'id,text,x,y\n1,"'
        + b"drones\n" * 550
        + b'","'
        + b"drones\n" * 550
        + b'","'
        + b"drones\n" * 550
        + b'"\nafter,Two drones.\n',
        [("record.csv", "line 1171: record longer than the line limit (8 KiB)")],
        ["record.csv#after"],
    ),
    (
        "long-line-in-cell.csv",
        b'id,text\n1,"two\n' + b"drones " * 2000 + b'\nmore"\nafter,Two drones were shot down.\n',
        [("long-line-in-cell.csv", "line 3: longer than the line limit (8 KiB)")],
        ["long-line-in-cell.csv#after"],
    ),
    (
        "item.xml",
        b"<rss><channel><item><guid>big</guid><description>"
        + b"drones " * 1000
        + b"</description></item><item><guid>after</guid><title>Two drones</title></item></channel></rss>",
        [("item.xml#1", "item larger than the document limit (4 KiB)")],
        ["item.xml#after"],
    ),
    (
        "header.xml",
        b"<rss><channel><description>" + b"drones " * 1000 + b"</description><item><title>x</title></item>",
        [("header.xml", "the feed's header, before its first item, is larger than the document limit (4 KiB)")],
        [],
    ),
    (
        "attribute.xml",
        b'<rss><channel><item a="' + b"drones " * 30000 + b'"/></channel></rss>',
        [("attribute.xml", "an XML tag, attribute or comment longer than the line limit (8 KiB)")],
        [],
    ),
    (
        "nested.xml",
        b"<rss><channel><item>" + b"<b>" * 20 + b"x" + b"</b>" * 20 + b"</item></channel></rss>",
        [("nested.xml", "XML nested deeper than 16 elements")],
        [],
    ),
    (
        "big/result.json",
        json.dumps(
            {"name": "C", "messages": [{"id": 1, "text": "drones " * 1000}, {"id": 2, "text": "Two drones."}]}
        ).encode(),
        [("big/result.json#1", "text larger than the document limit (4 KiB)")],
        ["big/result.json#2"],
    ),
    (
        "message/result.json",
        json.dumps(
            {"name": "C", "messages": [{"id": 1, "text": ["drones "] * 2000}, {"id": 2, "text": "Two drones."}]}
        ).encode(),
        [("message/result.json#1", "message larger than the line limit (8 KiB)")],
        ["message/result.json#2"],
    ),
    (
        "token/result.json",
        b'{"name": "C", "messages": [{"id": 1, "text": "' + b"drones " * 200_000 + b'"}]}',
        [("token/result.json", "a JSON value longer than the line limit (8 KiB) near byte 32768")],
        [],
    ),
]


@pytest.mark.parametrize(("name", "data", "failures", "reports"), LIMITED, ids=[case[0] for case in LIMITED])
def test_what_passes_a_limit_is_refused_alone(tmp_path, name, data, failures, reports):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    (tmp_path / "zz-good.txt").write_text(GOOD, encoding="utf-8")
    items = list(read_paths([tmp_path], PUBLISHED, limits=SMALL))
    got = [(os.path.relpath(item.source, tmp_path), item.reason) for item in items if isinstance(item, ReadFailure)]
    assert got == failures
    sources = [os.path.relpath(item.source, tmp_path) for item in items if isinstance(item, Report)]
    assert sources == [*reports, "zz-good.txt"]


def test_the_limits_come_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "note.txt"
    path.write_bytes(b"drones " * 200)
    monkeypatch.setenv("SKYLEDGER_MAX_DOCUMENT_BYTES", "1K")
    assert list(read(path)) == [ReadFailure(str(path), "1400 bytes, larger than the document limit (1 KiB)")]
    assert [type(item) for item in read(path, limits=Limits())] == [Report]  # limits= wins
    monkeypatch.setenv("SKYLEDGER_MAX_DOCUMENT_BYTES", "lots")
    with pytest.raises(BadLimit, match="SKYLEDGER_MAX_DOCUMENT_BYTES: expected a number of bytes"):
        list(read(path))


def test_limits_must_be_positive():
    with pytest.raises(BadLimit, match="limit depth must be a whole number of at least 1, got 0"):
        Limits(depth=0)


# --- big files, read in a child process whose peak memory is measured --------------------------------

CHILD = """
import json, resource, sys
from datetime import UTC, datetime
from skyledger.ingest import read
import skyledger.ingest.feeds, skyledger.ingest.html, skyledger.ingest.telegram

def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

base = peak_kb()
items = [(item.source, getattr(item, "reason", None)) for item in read(sys.argv[1], datetime(2025, 11, 20, tzinfo=UTC))]
print(json.dumps({"growth_kb": peak_kb() - base, "items": items}))
"""


def read_in_child(path: Path) -> tuple[float, list[tuple[str, str | None]]]:
    """Read ``path`` in a fresh process: (growth of its peak RSS in MB over its imports, items)."""
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True, timeout=300
    )
    out = json.loads(run.stdout)
    return out["growth_kb"] / 1024, [tuple(item) for item in out["items"]]


def write_big(path: Path, head: bytes, size: int, tail: bytes = b"") -> None:
    """``head``, then 'drones ' up to ``size`` bytes, then ``tail``, written a few MB at a time."""
    block = b"drones " * (4 * MB // 7)
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written < size:
            piece = block[: size - written]
            out.write(piece)
            written += len(piece)
        out.write(tail)


def test_a_200_mb_text_file_is_refused_from_its_size_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    write_big(path, b"", 200 * MB)
    growth, items = read_in_child(path)
    assert items == [(str(path), f"{200 * MB} bytes, larger than the document limit (5 MiB)")]
    assert growth < 20  # nothing of it was read: the sample of its head is 64 KiB


def test_a_200_mb_jsonl_line_is_refused_and_the_next_line_read(tmp_path):
    path = tmp_path / "huge.jsonl"
    write_big(path, b'{"text": "', 200 * MB, b'"}\n' + GOOD_ROW.encode())
    growth, items = read_in_child(path)
    assert items == [(str(path), "line 1: longer than the line limit (8 MiB)"), (f"{path}#after", None)]
    assert growth < 100


def test_a_200_mb_telegram_string_stops_the_export_in_bounded_memory(tmp_path):
    path = tmp_path / "result.json"
    write_big(
        path, b'{"name": "C", "messages": [{"id": 2, "text": "Two drones."}, {"id": 1, "text": "', 200 * MB, b'"}]}'
    )
    growth, items = read_in_child(path)
    assert items[0] == (f"{path}#2", None)
    assert items[1][1].startswith("a JSON value longer than the line limit (8 MiB) near byte ")
    assert len(items) == 2
    assert growth < 100


def test_a_200_mb_feed_item_is_refused_and_the_next_item_read(tmp_path):
    path = tmp_path / "feed.xml"
    head = b"<rss><channel><title>C</title><item><guid>big</guid><description>"
    tail = b"</description></item><item><guid>after</guid><title>Two drones</title></item></channel></rss>"
    write_big(path, head, 200 * MB, tail)
    growth, items = read_in_child(path)
    assert items == [(f"{path}#1", "item larger than the document limit (5 MiB)"), (f"{path}#after", None)]
    assert growth < 100


def test_a_10_mb_csv_cell_is_refused_and_the_next_row_read(tmp_path):
    path = tmp_path / "rows.csv"
    with path.open("wb") as out:
        out.write(b'id,text\n1,"')
        out.write(b"drones\n" * (10 * MB // 7))
        out.write(b'"\nafter,Two drones were shot down.\n')
    growth, items = read_in_child(path)
    assert items == [(str(path), "line 2: a cell longer than 5 MiB"), (f"{path}#after", None)]
    assert growth < 100
