"""JSONL and CSV: one document per row, with columns ``id, url, published, title, text, source``.

Only ``text`` is required; other columns are ignored, except ``lang`` which is kept when given.
The ``source`` column names the outlet or channel the row came from and is kept as
``Report.channel`` and ``id`` as ``Report.message_id`` (the row's own id, part of its identity);
``Report.source`` is always where *we* read it: ``FILE#id``, or ``FILE#N``
with N the line the row starts on (so an editor jumps to it; in a CSV with quoted multi-line
text this differs from the spreadsheet row number).

A bad row is a :class:`ReadFailure` and the rows after it are still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping

from skyledger.ingest.files import Fallback, clean_str, failure, parse_datetime, primary_language
from skyledger.model import ReadFailure, Report

#: The columns we read; any other column is ignored.
COLUMNS = ("id", "url", "published", "title", "text", "source", "lang")


def row_report(row: Mapping[str, object], file: str, line: int, fmt: str, fallback: Fallback) -> Report | ReadFailure:
    """Turn one row (column name -> value) into a report, or a failure naming the row and the reason."""
    try:
        row_id = clean_str(row.get("id"))
    except ValueError:
        row_id = None
    source = f"{file}#{row_id or line}"
    text = row.get("text")
    if text is not None and not isinstance(text, str):
        return failure(source, f"'text' is not a string (got {type(text).__name__})")
    if not text or not text.strip():
        return failure(source, "empty text")
    try:
        fields = {name: clean_str(row.get(name)) for name in ("url", "title", "source", "lang")}
    except ValueError as exc:
        return failure(source, f"bad field ({exc})")
    found = None
    raw_date = row.get("published")
    if raw_date not in (None, ""):
        try:
            found = parse_datetime(raw_date)
        except ValueError:
            return failure(source, f"bad published date {raw_date!r} (expected ISO 8601, RFC 2822 or Unix time)")
    published, basis = fallback.choose(found)
    return Report(
        source=source,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        format=fmt,
        title=fields["title"],
        url=fields["url"],
        published=published,
        published_basis=basis,
        channel=fields["source"],
        message_id=row_id,
        lang=primary_language(fields["lang"]),
    )


def read_jsonl(source: str, text: str, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per JSON object line; blank lines are skipped, a malformed line is one failure.

    Lines are split on ``\\n`` only: ``str.splitlines`` would also split on U+2028, which JSON
    allows raw inside a string.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield failure(source, f"line {number}: malformed JSON ({exc.msg}: column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield failure(source, f"line {number}: expected a JSON object, got {type(row).__name__}")
            continue
        yield row_report(row, source, number, "jsonl", fallback)


def read_csv(source: str, text: str, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per CSV row (comma-separated, double-quoted, header row first).

    The reader is strict, so a stray quote is reported rather than silently swallowing the rows
    after it into one field; reading resumes on the next line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        yield failure(source, f"line 1: malformed CSV header ({exc or 'no header'})")
        return
    names = [name.strip().lower() for name in header]
    if "text" not in names:
        yield failure(source, f"no 'text' column (columns: {', '.join(header)})")
        return
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield failure(source, f"line {start}: malformed CSV ({exc})")
            continue
        if not any(value.strip() for value in values):
            continue
        # Extra cells beyond the header are ignored; missing cells read as empty.
        row = {name: value for name, value in zip(names, values, strict=False) if name in COLUMNS}
        yield row_report(row, source, start, "csv", fallback)
