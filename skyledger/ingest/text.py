"""Plain text and Markdown files: one document per file, read whole up to the document limit.

The text is passed on as decoded, because every span that extraction records is an offset into
``Report.text``: the less we rewrite, the easier it is to find the evidence in the original file.
Markdown loses only the markup that would otherwise sit inside sentences (heading hashes, bold
markers, link targets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skyledger.ingest.files import Fallback, TextFile
from skyledger.model import ReadFailure, Report

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def strip_markdown(text: str) -> str:
    """Remove heading hashes, ``**``/``__`` and link targets; keep every word and every line.

    Lines are never joined or dropped, so line numbers still match the file.

    >>> strip_markdown("## Overnight\\nAir defence shot down **three** UAVs ([source](https://t.me/x)).")
    'Overnight\\nAir defence shot down three UAVs (source).'
    """
    text = _HEADING.sub(r"\1", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    return _STRONG.sub(r"\2", text)


def first_heading(text: str) -> str | None:
    """The text of the first Markdown heading, used as the title.

    >>> first_heading("intro\\n# Drones over Kursk #\\nbody")
    'Drones over Kursk'
    """
    match = _HEADING.search(text)
    if match is None:
        return None
    return strip_markdown(match.group(1)).strip() or None


def read_text(
    source: str, text: str, fallback: Fallback, encoding: str | None = None
) -> Iterator[Report | ReadFailure]:
    """One report for a ``.txt`` file, text unchanged."""
    published, basis = fallback.choose(None)
    yield Report(source=source, text=text, format="text", published=published, published_basis=basis, encoding=encoding)


def read_markdown(
    source: str, text: str, fallback: Fallback, encoding: str | None = None
) -> Iterator[Report | ReadFailure]:
    """One report for a ``.md`` file, with light markup removed and the first heading as title."""
    published, basis = fallback.choose(None)
    yield Report(
        source=source,
        text=strip_markdown(text),
        format="markdown",
        title=first_heading(text),
        published=published,
        published_basis=basis,
        encoding=encoding,
    )


def read_text_file(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """:func:`read_text` on an opened file."""
    content = file.read_document()
    yield from read_text(file.source, content, fallback, file.encoding.name)


def read_markdown_file(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """:func:`read_markdown` on an opened file."""
    content = file.read_document()
    yield from read_markdown(file.source, content, fallback, file.encoding.name)
