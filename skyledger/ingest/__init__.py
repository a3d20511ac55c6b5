"""Ingest: read files of any supported format into :class:`~skyledger.model.Report` values.

:func:`read` takes one file, :func:`read_paths` files and folders. Neither raises for bad input:
a file, row or message that cannot be read becomes a :class:`~skyledger.model.ReadFailure` with a
one-line reason, and reading carries on, so one broken export does not stop a batch.

Formats (:func:`detect_format`): ``text`` (.txt), ``markdown`` (.md), ``html`` (.html, .htm),
``feed`` (.xml, .rss, .atom; reports say ``rss`` or ``atom``), ``jsonl`` (.jsonl, .ndjson),
``csv`` (.csv) and ``telegram`` (.json, a Telegram Desktop export). Other extensions are sniffed.

Every report has a timezone-aware ``published`` and says where it came from: ``"source"`` (a feed
item's date, a ``published`` column, a Telegram message's time), else ``"cli"`` (the ``published``
argument), else ``"file_mtime"``. Times a source gives without an offset, and a naive
``published`` argument, are taken as UTC. Every report also records the ``encoding`` its file was
decoded from (:mod:`skyledger.ingest.encoding`).

Files are streamed: JSONL and CSV a line at a time, feeds an item at a time, Telegram exports a
message at a time, so a file of any size is read in flat memory; text, Markdown and HTML are one
document per file and are read whole, up to the document limit. Every bound is in
:class:`~skyledger.ingest.limits.Limits`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from skyledger.errors import UnreadableReport
from skyledger.ingest import feeds, html, tabular, telegram, text
from skyledger.ingest.files import SNIFF_BYTES, Fallback, TextFile, failure, fallback_for
from skyledger.ingest.limits import Limits
from skyledger.model import ReadFailure, Report

__all__ = ["FORMATS", "Limits", "detect_format", "read", "read_paths"]

Reader = Callable[[TextFile, Fallback], Iterator[Report | ReadFailure]]

#: Format name -> reader. Each reader takes the opened file and the fallback date.
READERS: dict[str, Reader] = {
    "text": text.read_text_file,
    "markdown": text.read_markdown_file,
    "html": html.read_html_file,
    "feed": feeds.read_feed,
    "jsonl": tabular.read_jsonl,
    "csv": tabular.read_csv,
    "telegram": telegram.read_telegram,
}
FORMATS = tuple(READERS)

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".json": "telegram",
}

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)[\s>/]", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


def sniff_format(content: str) -> str:
    """Guess the format of a file from its content, for extensions we do not know.

    ``<`` starts a feed when a feed's root element comes first, else a page; ``{`` starts JSON: a
    first line that is a whole object without ``messages`` means JSONL, else a Telegram export.

    >>> sniff_format('<?xml version="1.0"?><rss version="2.0">'), sniff_format("<!DOCTYPE html><p>x")
    ('feed', 'html')
    >>> sniff_format('{"id": 1, "text": "a"}\\n{"id": 2, "text": "b"}'), sniff_format('{\\n "messages": []}')
    ('jsonl', 'telegram')
    >>> sniff_format("Three UAVs were shot down.")
    'text'
    """
    head = content.lstrip("\ufeff \t\n")
    if head.startswith("<"):
        window = head[:SNIFF_BYTES]
        feed, page = _FEED_ROOT.search(window), _HTML_ROOT.search(window)
        if feed and (not page or feed.start() < page.start()):
            return "feed"
        if not page and head.startswith("<?xml"):
            return "feed"
        return "html"
    if head.startswith("{"):
        return _sniff_json(head)
    return "text"


def _sniff_json(content: str) -> str:
    """``jsonl`` if the first line is a complete JSON object that is not a Telegram export.

    A first line longer than the head we were given is one long object: a row, unless a
    ``"messages"`` key shows in it (a Telegram export saved on one line).
    """
    first, newline, _ = content.partition("\n")
    if not newline and len(first) >= SNIFF_BYTES:
        return "telegram" if _TOP_MESSAGES.search(first) else "jsonl"
    try:
        value = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return "telegram"
    return "jsonl" if isinstance(value, dict) and "messages" not in value else "telegram"


_TOP_MESSAGES = re.compile(r'^\{\s*(?:"[^"\\]*"\s*:\s*(?:"[^"\\]*"|[-\w.]+)\s*,\s*)*"messages"\s*:')


def detect_format(path: str | os.PathLike[str], content: str | None = None) -> str:
    """Name the format of a file (one of :data:`FORMATS`): by extension, else by its content.

    ``.json`` is sniffed too, since JSONL is often saved as ``.json``. ``content`` is the decoded
    text (or its head) when the caller has it; otherwise the file's first bytes are read.
    Raises :class:`~skyledger.errors.UnreadableReport` if the file must be sniffed and cannot be read.
    """
    path = Path(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is not None and fmt != "telegram":
        return fmt
    if content is None:
        content = TextFile(path, os.fspath(path), Limits.from_env()).head
    if fmt == "telegram":
        return _sniff_json(content.lstrip("\ufeff \t\n"))
    return sniff_format(content)


def read(
    path: str | os.PathLike[str], published: datetime | None = None, *, limits: Limits | None = None
) -> Iterator[Report | ReadFailure]:
    """Read one file into reports, one per document (a file, a feed item, a row, a message).

    ``published`` is the reference date for documents whose source gives none (taken as UTC if
    naive); without it the file's modification time is used. ``limits`` bounds what is held at
    once (default: :meth:`Limits.from_env`). Failures are yielded, never raised.
    """
    source = os.fspath(path)
    path = Path(path)
    limits = Limits.from_env() if limits is None else limits
    if path.is_dir():
        yield failure(source, "is a directory (use read_paths)")
        return
    try:
        file = TextFile(path, source, limits)
        fmt = detect_format(path, file.head)
    except UnreadableReport as exc:
        yield failure(exc.source, exc.reason)
        return
    reader = READERS[fmt]
    try:
        yield from reader(file, fallback_for(path, published))
    except UnreadableReport as exc:  # the file broke off while streaming: what came before stands
        yield failure(exc.source, exc.reason)
    except Exception as exc:  # a bug in one reader must not stop the batch
        yield failure(source, f"{fmt} reader failed ({type(exc).__name__}: {exc})")


def read_paths(
    paths: Iterable[str | os.PathLike[str]], published: datetime | None = None, *, limits: Limits | None = None
) -> Iterator[Report | ReadFailure]:
    """Read files and folders; folders recursively in sorted order, skipping hidden files and folders.

    A path that does not exist is a failure, like any unreadable file. ``limits`` is as for :func:`read`.
    """
    limits = Limits.from_env() if limits is None else limits
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in walk(path):
                yield from read(os.path.join(os.fspath(given), found), published, limits=limits)
        elif not path.exists():
            yield failure(os.fspath(given), "no such file or directory")
        else:
            yield from read(given, published, limits=limits)


def walk(folder: Path) -> list[str]:
    """Relative paths of the visible files under ``folder``, sorted by their path parts.

    Sorting by parts, not by the joined string, keeps a folder's files together (``a/b.txt`` before
    ``a-b.txt``, although ``-`` sorts before ``/``). Symlinked folders are not followed, so a link
    loop cannot make a batch run forever.
    """
    found: list[tuple[str, ...]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        rel = Path(root).relative_to(folder).parts
        found.extend((*rel, name) for name in files if not name.startswith("."))
    return [os.path.join(*parts) for parts in sorted(found)]
