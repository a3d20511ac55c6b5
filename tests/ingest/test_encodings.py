"""Encodings: text in the legacy code pages of Russian, Ukrainian and English, and in UTF-16/32 with
or without a BOM, reads as the same words in every format; the encoding is recorded; a reading that
is not clearly right is refused, never read as mojibake."""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
from datetime import UTC, datetime

import pytest

from skyledger.ingest import read, read_paths
from skyledger.ingest.encoding import LEGACY, detect_encoding
from skyledger.model import Extraction, ReadFailure, Report

PUBLISHED = datetime(2025, 11, 20, tzinfo=UTC)

RUSSIAN = [
    "Над Белгородской областью сбиты 12 беспилотников.",
    "Сбиты три беспилотника",
    "ПВО сбила 5 дронов",
    "Ночью ПВО уничтожила 41 БПЛА: 17 над Брянской, 12 над Курской.",
    "Губернатор: в Курске повреждены два дома, пострадавших нет.",
    "Гладков: в Шебекино обломки БПЛА повредили крышу частного дома.",
    "Уничтожен БПЛА",
    "Минобороны: дежурными средствами ПВО перехвачены и уничтожены 23 беспилотных летательных аппарата.",
]
UKRAINIAN = [
    "Над областю збито 7 ударних БпЛА типу «Шахед».",
    "Збито 3 БпЛА.",
    "Протягом ночі сили ППО знешкодили 45 дронів над Київщиною та Харківщиною.",
    "Повітряні сили: збито 18 крилатих ракет «Калібр» і 52 ударні дрони.",
    "Ґрунтовка, їжак, єнот — у Житомирі все гаразд.",
]
ENGLISH = [
    "Air defence shot down “three” drones — café owners said.",
    "Two UAVs were shot down – the governor said…",
    "Naïve résumé of the night’s attack on the Kursk region",
]


def cases() -> list[tuple[str, str]]:
    """(sentence, encoding) for every sentence in every encoding that can hold it."""
    out = []
    for text in RUSSIAN + UKRAINIAN:
        for encoding in ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866"):
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                continue
            out.append((text, encoding))
    out += [(text, "cp1252") for text in ENGLISH]
    return out


CASES = cases()


def reads_the_same(name: str, data: bytes, text: str) -> bool:
    """Whether the recorded encoding ``name`` reads ``data`` as ``text`` (KOI8-U and KOI8-R read a
    Russian sentence alike, so either name is right for it)."""
    return data.decode(codecs.lookup(name).name) == text


@pytest.mark.parametrize(("text", "encoding"), CASES, ids=[f"{e}-{t[:24]}" for t, e in CASES])
def test_legacy_text_file_reads_as_written(tmp_path, text, encoding):
    data = text.encode(encoding)
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    (report,) = read(path, PUBLISHED)
    assert isinstance(report, Report), report
    assert report.text == text
    assert reads_the_same(report.encoding, data, text)
    if encoding not in ("koi8_u", "cp1252"):  # KOI8-U reads Russian as KOI8-R; cp1252 English as Latin-1
        assert report.encoding == codecs.lookup(encoding).name


STREAMED = [(t, e) for t, e in CASES if e in ("cp1251", "koi8_r", "koi8_u")]


@pytest.mark.parametrize(("text", "encoding"), STREAMED, ids=[f"{e}-{t[:24]}" for t, e in STREAMED])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "feed", "telegram"])
def test_legacy_text_in_every_streamed_format(tmp_path, text, encoding, fmt):
    """A spreadsheet's CSV in cp1251, old JSONL and feed exports: the same words, and the encoding."""
    if fmt == "csv":
        name, body = "rows.csv", f'id,text\nr1,"{text}"\n'
    elif fmt == "jsonl":
        name, body = "rows.jsonl", json.dumps({"id": "r1", "text": text}, ensure_ascii=False) + "\n"
    elif fmt == "feed":
        declared = codecs.lookup(encoding).name
        name = "feed.xml"
        body = f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel><title>Лента</title>'
        body += f"<item><guid>r1</guid><title>{text}</title></item></channel></rss>"
    else:
        name = "result.json"
        message = {"id": "r1", "type": "message", "date_unixtime": "1762922463", "text": text}
        body = json.dumps({"name": "Канал", "messages": [message]}, ensure_ascii=False)
    data = body.encode(encoding)
    path = tmp_path / name
    path.write_bytes(data)
    (report,) = read(path, PUBLISHED)
    assert isinstance(report, Report), report
    assert (report.source, report.text) == (f"{path}#r1", text)
    assert reads_the_same(report.encoding, data, body)
    if fmt in ("feed", "telegram"):
        assert report.channel in ("Лента", "Канал")


WIDE = [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
    ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
]


@pytest.mark.parametrize(("encoding", "bom", "recorded"), WIDE, ids=[f"{e}-{r}" for e, _, r in WIDE])
@pytest.mark.parametrize(
    "text", [RUSSIAN[0], UKRAINIAN[2], "Two UAVs were shot down.", RUSSIAN[1] + "\nNo casualties."]
)
def test_unicode_encodings_with_and_without_bom(tmp_path, encoding, bom, recorded, text):
    path = tmp_path / "report.txt"
    path.write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    (report,) = read(path, PUBLISHED)
    assert isinstance(report, Report), report
    assert (report.text, report.encoding) == (text, recorded)


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16-le", b""), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_utf16_rows_are_streamed(tmp_path, encoding, bom):
    rows = [json.dumps({"id": str(n), "text": f"{RUSSIAN[0]} {n}"}, ensure_ascii=False) for n in range(3000)]
    path = tmp_path / "rows.jsonl"
    path.write_bytes(bom + "\n".join(rows).encode(encoding))  # about 500 KB: many chunks
    items = list(read(path, PUBLISHED))
    assert [item.text for item in items] == [f"{RUSSIAN[0]} {n}" for n in range(3000)]
    assert {item.encoding for item in items} == {encoding}


def test_a_streamed_file_with_an_ascii_head_is_told_by_its_first_other_bytes(tmp_path):
    """A CSV's header and first rows may be ASCII in any code page: the first Cyrillic decides."""
    ascii_rows = "".join(f"a{n},Two drones were shot down over the region.\n" for n in range(3000))  # > 64 KiB
    path = tmp_path / "rows.csv"
    path.write_bytes(("id,text\n" + ascii_rows + f"r1,{RUSSIAN[0]}\n").encode("cp1251"))
    items = list(read(path, PUBLISHED))
    assert len(items) == 3001
    assert (items[-1].source, items[-1].text, items[-1].encoding) == (f"{path}#r1", RUSSIAN[0], "cp1251")
    assert {item.encoding for item in items} == {"cp1251"}


def test_a_line_that_does_not_decode_fails_alone(tmp_path):
    """A UTF-8 JSONL file told from its first 64 KiB with one row pasted in from a cp1251 file."""
    good = [json.dumps({"id": str(n), "text": f"{RUSSIAN[0]} {n}"}, ensure_ascii=False) for n in range(1000)]
    bad = json.dumps({"id": "bad", "text": RUSSIAN[1]}, ensure_ascii=False).encode("cp1251")
    path = tmp_path / "rows.jsonl"
    path.write_bytes("\n".join(good).encode("utf-8") + b"\n" + bad + b"\n" + good[0].encode("utf-8") + b"\n")
    items = list(read(path, PUBLISHED))
    failures = [item for item in items if isinstance(item, ReadFailure)]
    offset = len("\n".join(good).encode("utf-8")) + 1 + bad.index(b'"', 20) + 1
    assert failures == [ReadFailure(str(path), f"line 1001: not valid UTF-8 (byte 0xd1 at offset {offset})")]
    assert len(items) == 1002


REFUSED = [
    ("ЗНИЩЕНО: 71 БпЛА".encode("cp1251"), "cp1251 or koi8-r are as likely"),
    (b"# Report\n" + bytes(range(0x80, 0x100)), "none of cp1251, koi8-r, koi8-u, iso8859-5, cp866, cp1252, iso8859-1"),
    ("Дом".encode("cp1251"), "as likely"),
]


@pytest.mark.parametrize(("data", "why"), REFUSED, ids=["caps", "all-high-bytes", "three-letters"])
@pytest.mark.parametrize("name", ["report.txt", "rows.csv", "rows.jsonl"])
def test_a_reading_that_is_not_clearly_right_is_refused(tmp_path, data, why, name):
    if name.endswith(".csv"):
        data = b"id,text\n1," + data + b"\n"
    elif name.endswith(".jsonl"):
        data = b'{"text": "' + data + b'"}\n'
    (tmp_path / name).write_bytes(data)
    (tmp_path / "zgood.txt").write_text("Two drones were shot down.", encoding="utf-8")
    failure, good = read_paths([tmp_path], PUBLISHED)
    assert isinstance(failure, ReadFailure) and isinstance(good, Report)
    assert failure.reason.startswith("cannot tell the encoding: not UTF-8, and ")
    assert why in failure.reason
    assert good.encoding == "utf-8"


def test_the_legacy_candidates_are_the_documented_ones():
    assert [codecs.lookup(name).name for name in LEGACY] == [
        "cp1251",
        "koi8-r",
        "koi8-u",
        "iso8859-5",
        "cp866",
        "cp1252",
        "iso8859-1",
    ]


def test_utf8_always_wins_over_a_legacy_reading():
    """Valid UTF-8 is never second-guessed: cp1251 bytes that are valid UTF-8 are rare, UTF-8 common."""
    for text in RUSSIAN + UKRAINIAN + ENGLISH:
        assert detect_encoding(text.encode("utf-8"), "x").name == "utf-8"


def test_the_encoding_is_not_part_of_the_report(tmp_path):
    """The same words saved in two encodings are one report: same doc_id, equal values."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_bytes(RUSSIAN[0].encode("utf-8"))
    (tmp_path / "b" / "report.txt").write_bytes(RUSSIAN[0].encode("koi8_r"))
    (a,) = read(tmp_path / "a" / "report.txt", PUBLISHED)
    (b,) = read(tmp_path / "b" / "report.txt", PUBLISHED)
    assert (a.encoding, b.encoding) == ("utf-8", "koi8-r")
    assert a.doc_id == b.doc_id
    assert a == dataclasses.replace(b, source=a.source)


def test_every_reader_records_the_encoding():
    fixtures = os.path.join(os.path.dirname(__file__), "fixtures")
    reports = [item for item in read_paths([fixtures], PUBLISHED) if isinstance(item, Report)]
    assert {report.format for report in reports} == {
        "rss",
        "atom",
        "html",
        "jsonl",
        "csv",
        "telegram",
        "text",
        "markdown",
    }
    assert {report.encoding for report in reports} == {"utf-8"}


def test_the_encoding_is_stored_and_read_back(tmp_path):
    from sqlalchemy import select

    from skyledger.store import models as m
    from skyledger.store import open_ledger
    from skyledger.store.rebuild import report_from_row
    from skyledger.store.repo import ingest_extraction

    path = tmp_path / "report.txt"
    path.write_bytes(RUSSIAN[0].encode("cp1251"))
    (report,) = read(path, PUBLISHED)
    factory = open_ledger(str(tmp_path / "ledger.db"))
    with factory() as session:
        ingest_extraction(session, Extraction(report, "ru", extractor_version="test"), None)
        session.commit()
    with factory() as session:
        row = session.scalars(select(m.Document)).one()
        assert row.encoding == "cp1251"
        assert report_from_row(row).encoding == "cp1251"
