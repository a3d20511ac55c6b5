"""JSONL and CSV: one document per row, with columns ``id, url, published, title, text, source``.

Only ``text`` is required; other columns are ignored, except ``lang`` which is kept when given.
The ``source`` column names the outlet or channel the row came from and is kept as
``Report.channel`` and ``id`` as ``Report.message_id`` (the row's own id, part of its identity);
``Report.source`` is always where *we* read it: ``FILE#id``, or ``FILE#N``
with N the line the row starts on (so an editor jumps to it; in a CSV with quoted multi-line
text this differs from the spreadsheet row number).

A bad row is a :class:`ReadFailure` and the rows after it are still read. Both formats are read a
line at a time (:meth:`~skyledger.ingest.files.TextFile.lines`), so the file's size does not
matter; a line longer than the line limit, a JSON row nested deeper than the depth limit, a cell or
a CSV record beyond its limit is refused on its own (see :class:`~skyledger.ingest.limits.Limits`).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping

from skyledger.ingest.files import Fallback, Line, TextFile, clean_str, failure, parse_datetime, primary_language
from skyledger.ingest.limits import Limits, size_text
from skyledger.model import ReadFailure, Report

#: The columns we read; any other column is ignored.
COLUMNS = ("id", "url", "published", "title", "text", "source", "lang")
_DEFAULT_LIMITS = Limits()


def row_report(
    row: Mapping[str, object],
    file: str,
    line: int,
    fmt: str,
    fallback: Fallback,
    limits: Limits = _DEFAULT_LIMITS,
    encoding: str | None = None,
) -> Report | ReadFailure:
    """Turn one row (column name -> value) into a report, or a failure naming the row and the reason.

    The text may be as long as the document limit, every other column as long as the field limit.
    """
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
    if too_long(text, limits.document_bytes):
        return failure(source, f"'text' is larger than the document limit ({size_text(limits.document_bytes)})")
    for name in ("id", "url", "published", "title", "source", "lang"):
        value = row.get(name)
        if isinstance(value, str) and too_long(value, limits.field_bytes):
            return failure(source, f"'{name}' is longer than the field limit ({size_text(limits.field_bytes)})")
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
        encoding=encoding,
    )


def too_long(text: str, limit: int) -> bool:
    """Whether ``text`` takes more than ``limit`` bytes as UTF-8 (encoded only when it might).

    >>> too_long("дрон", 8), too_long("дрон", 7)
    (False, True)
    """
    return len(text) > limit or (len(text) * 4 > limit and len(text.encode("utf-8")) > limit)


#: A JSON string, or one bracket: what :func:`nested_deeper` looks at.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def nested_deeper(line: str, depth: int) -> bool:
    """Whether the JSON in ``line`` nests arrays and objects more than ``depth`` deep; cheap for a
    line with few brackets, and never recursive, so it can look at what would overflow the parser.

    >>> nested_deeper('{"a": "[[[[[["}', 1), nested_deeper('{"a": [[1]]}', 2)
    (False, True)
    """
    if line.count("[") + line.count("{") <= depth:
        return False
    level = 0
    for match in _STRING_OR_BRACKET.finditer(line):
        char = match.group()
        if char in "[{":
            level += 1
            if level > depth:
                return True
        elif char in "]}":
            level -= 1
    return False


def read_jsonl(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per JSON object line; blank lines are skipped, a malformed line is one failure.

    Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only: ``str.splitlines`` would also split on U+2028,
    which JSON allows raw inside a string.
    """
    file.settle_encoding()  # the encoding recorded is the one the text is read in
    source, limits, encoding = file.source, file.limits, file.encoding.name
    for line in file.lines():
        number, text = line.number, line.text
        if text is None:
            yield failure(source, f"line {number}: {line.reason}")
            continue
        item = jsonl_line(text, number, source, fallback, limits, encoding)
        if item is not None:
            yield item


def jsonl_line(
    text: str,
    number: int,
    source: str,
    fallback: Fallback,
    limits: Limits = _DEFAULT_LIMITS,
    encoding: str | None = "utf-8",
) -> Report | ReadFailure | None:
    """One JSONL line of file ``source`` as a report, a failure, or ``None`` for a blank line.

    Shared with the Spark engine, which numbers the lines itself, so that both give the same sources,
    ids and reasons.
    """
    if not text.strip():
        return None
    if nested_deeper(text, limits.depth):
        return failure(source, f"line {number}: JSON nested deeper than {limits.depth} levels")
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        return failure(source, f"line {number}: malformed JSON ({exc.msg}: column {exc.colno})")
    except RecursionError:  # not reached past nested_deeper; kept so that no line can stop the file
        return failure(source, f"line {number}: JSON nested too deeply")
    if not isinstance(row, dict):
        return failure(source, f"line {number}: expected a JSON object, got {type(row).__name__}")
    return row_report(row, source, number, "jsonl", fallback, limits, encoding)


class _Refused(Exception):
    """A line of a CSV record was refused (too long, not UTF-8) or the record grew past the line limit."""

    def __init__(self, number: int, reason: str) -> None:
        super().__init__(reason)
        self.number, self.reason = number, reason


class _RecordLines:
    """The lines of a CSV file as ``csv.reader`` takes them, counting what a record has used.

    A refused line raises :class:`_Refused` out of the reader; so does a record that grows past the
    line limit. The double quotes of the current record are counted, so that after a refusal inside
    a quoted cell the rest of that cell can be skipped (:meth:`skip_open_cell`) instead of being
    read as rows of its own.
    """

    def __init__(self, lines: Iterator[Line], limit: int) -> None:
        self._lines, self._limit = lines, limit
        self.number = 0  # the last line handed out or refused
        self.quotes = 0
        self.size = 0

    def start_record(self) -> None:
        self.quotes = self.size = 0

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.number = line.number
        if line.text is None:
            self.quotes += line.quotes
            raise _Refused(line.number, line.reason or "refused")
        self.quotes += line.text.count('"')
        self.size += len(line.text)
        if self.size > self._limit:
            raise _Refused(line.number, f"record longer than the line limit ({size_text(self._limit)})")
        return line.text

    def skip_open_cell(self) -> None:
        """Skip lines until the record's quotes are balanced: the end of the quoted cell it broke in."""
        while self.quotes % 2:
            line = next(self._lines, None)
            if line is None:
                return
            self.number = line.number
            self.quotes += line.quotes if line.text is None else line.text.count('"')


def _next_row(reader: Iterator[list[str]], cell_limit: int) -> list[str]:
    """The next row, with the csv module's cell limit (a process-wide setting) set only meanwhile."""
    previous = csv.field_size_limit(cell_limit)
    try:
        return next(reader)
    finally:
        csv.field_size_limit(previous)


def read_csv(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per CSV row (comma-separated, double-quoted, header row first).

    The reader is strict, so a stray quote is reported rather than silently swallowing the rows
    after it into one field; reading resumes on the next line. A cell may be as long as the document
    limit (the text) and a record as long as the line limit; past either, the record is refused and
    reading resumes after it.
    """
    file.settle_encoding()  # the encoding recorded is the one the text is read in
    source, limits, encoding = file.source, file.limits, file.encoding.name
    lines = _RecordLines(file.lines(keep_ends=True), limits.line_bytes)
    reader = csv.reader(lines, strict=True)
    cell_limit = max(limits.document_bytes, limits.field_bytes)
    try:
        header = _next_row(reader, cell_limit)
    except (StopIteration, csv.Error, _Refused) as exc:
        yield failure(source, f"line 1: malformed CSV header ({exc or 'no header'})")
        return
    names = [name.strip().lower() for name in header]
    if "text" not in names:
        yield failure(source, f"no 'text' column (columns: {', '.join(header)})")
        return
    while True:
        start = lines.number + 1
        lines.start_record()
        try:
            values = _next_row(reader, cell_limit)
        except StopIteration:
            return
        except _Refused as exc:
            lines.skip_open_cell()
            yield failure(source, f"line {exc.number}: {exc.reason}")
            continue
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                lines.skip_open_cell()
                yield failure(source, f"line {start}: a cell longer than {size_text(cell_limit)}")
            else:
                yield failure(source, f"line {start}: malformed CSV ({exc})")
            continue
        if not any(value.strip() for value in values):
            continue
        # Extra cells beyond the header are ignored; missing cells read as empty.
        row = {name: value for name, value in zip(names, values, strict=False) if name in COLUMNS}
        yield row_report(row, source, start, "csv", fallback, limits, encoding)
