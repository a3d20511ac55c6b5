"""Walking folders, detecting formats and choosing the reference date."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest

from skyledger.ingest import FORMATS, detect_format, read, read_paths
from skyledger.model import Report

TEXT = "Two UAVs were shot down over the Oryol region.\n"


def test_folders_are_walked_sorted_skipping_hidden(tmp_path):
    for name in (
        "b.txt",
        "a/z.txt",
        "a/b/c.txt",
        "a-b.txt",
        ".hidden.txt",
        ".git/config.txt",
        "a/.cache/x.txt",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT, encoding="utf-8")
    sources = [item.source for item in read_paths([tmp_path])]
    assert sources == [os.path.join(tmp_path, name) for name in ("a/b/c.txt", "a/z.txt", "a-b.txt", "b.txt")]


def test_source_is_the_path_as_given(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [item.source for item in read_paths(["docs", "docs/one.txt"])] == ["docs/one.txt", "docs/one.txt"]


def test_reference_date_falls_back_to_cli_then_mtime(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(TEXT, encoding="utf-8")
    mtime = datetime(2025, 11, 18, 6, 30, tzinfo=UTC)
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    (by_file,) = read(path)
    assert (by_file.published, by_file.published_basis) == (mtime, "file_mtime")
    (by_cli,) = read(path, published=datetime(2025, 11, 19, 8, 0))
    assert (by_cli.published, by_cli.published_basis) == (datetime(2025, 11, 19, 8, 0, tzinfo=UTC), "cli")
    msk = timezone(timedelta(hours=3))
    (aware,) = read(path, published=datetime(2025, 11, 19, 8, 0, tzinfo=msk))
    assert aware.published.isoformat() == "2025-11-19T08:00:00+03:00"


def test_source_date_wins_over_cli(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "Two UAVs.", "published": "2025-11-02T23:10:00"}\n', encoding="utf-8")
    (report,) = read(path, published=datetime(2025, 11, 19, tzinfo=UTC))
    assert (report.published.isoformat(), report.published_basis) == ("2025-11-02T23:10:00+00:00", "source")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", "<rss>", "text"),
        ("a.MD", "x", "markdown"),
        ("a.htm", "x", "html"),
        ("a.atom", "x", "feed"),
        ("a.ndjson", "x", "jsonl"),
        ("a.csv", "x", "csv"),
        ("result.json", '{\n "name": "C",\n "messages": []\n}', "telegram"),
        ("rows.json", '{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', "jsonl"),
        ("saved", '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("saved", "<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
        ("saved", "  <div>fragment</div>", "html"),
        ("saved", '{"text": "a"}', "jsonl"),
        ("saved", '{\n "messages": []\n}', "telegram"),
        ("saved.log", "Three drones were shot down.", "text"),
        ("saved", "\ufeff<rss version='2.0'>", "feed"),
    ],
)
def test_detect_format(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == expected
    assert expected in FORMATS


def test_unknown_extension_is_sniffed_and_read(tmp_path):
    path = tmp_path / "export"
    path.write_text('{"id": "x", "text": "One UAV was shot down."}\n', encoding="utf-8")
    assert [(item.source, item.format) for item in read(path)] == [(f"{path}#x", "jsonl")]


def test_utf16_file_is_sniffed(tmp_path):
    path = tmp_path / "saved"
    path.write_bytes("<rss version='2.0'><channel><item><title>Drones</title></item></channel></rss>".encode("utf-16"))
    assert detect_format(path) == "feed"
    assert [item.format for item in read(path)] == ["rss"]


def test_reports_are_reports(tmp_path):
    path = tmp_path / "one.md"
    path.write_text("# Title\n\n**Two** UAVs.\n", encoding="utf-8")
    (report,) = read(path)
    assert isinstance(report, Report)
    assert (report.title, report.text, report.format) == ("Title", "Title\n\nTwo UAVs.\n", "markdown")
