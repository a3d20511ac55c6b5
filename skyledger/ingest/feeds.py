"""RSS and Atom feeds through feedparser: one document per item.

feedparser is forgiving: on broken XML it falls back to a loose parser and often still finds the
items, which we then read. Only a feed that yields no items at all is a failure, and then we ask
expat where the XML breaks, because feedparser's own line numbers are shifted by the XML
declaration it rewrites.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from xml.parsers import expat

import feedparser

from skyledger.ingest.files import Fallback, clean_str, failure, parse_datetime, primary_language
from skyledger.model import ReadFailure, Report

#: Elements that end a line of text. Everything else (``<b>``, ``<a>``, ``<span>``) is inline.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
#: Elements whose content is not text at all.
SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})
#: feedparser's content types that hold markup rather than plain text.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


_BLANKS = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    """Collects text runs and line breaks; ``convert_charrefs`` unescapes entities for us."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Whitespace in HTML, newlines included, is one space; only block elements break lines.
            self.parts.append(_BLANKS.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: entities unescaped, one line per block, blanks collapsed.

    A regex that deletes ``<...>`` would leave ``&amp;`` escaped and glue paragraphs together
    ('overnight.Debris'), which breaks sentence splitting downstream.

    >>> html_to_text("<p>Two drones &amp; a&nbsp;missile<br>were shot down.</p><p>No casualties.</p>")
    'Two drones & a missile\\nwere shot down.\\nNo casualties.'
    >>> html_to_text("Fish &lt;3 <script>var x = 1;</script>chips")
    'Fish <3 chips'
    """
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def xml_error(text: str) -> str | None:
    """Where and why ``text`` is not well-formed XML, as ``'line N: message'``; ``None`` if it is.

    >>> xml_error("<rss>\\n<channel>\\n</rss>")
    'line 3: mismatched tag'
    >>> xml_error("<rss/>") is None
    True
    """
    parser = expat.ParserCreate(encoding="utf-8")
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        return f"line {exc.lineno}: {expat.ErrorString(exc.code)}"
    return None


def web_url(value: object) -> str | None:
    """An item's link if it is a web address; feedparser fills ``link`` from an Atom ``id`` too.

    >>> web_url("https://wire.example.org/news/1"), web_url("tag:desk.example.net,2025:entry-78")
    ('https://wire.example.org/news/1', None)
    """
    link = clean_str(value)
    return link if link and link.lower().startswith(("http://", "https://")) else None


def _detail_text(value: str | None, detail: dict | None) -> str:
    """Text of a feedparser field, converting markup only when its declared type says it is markup."""
    if not value:
        return ""
    if detail is None or detail.get("type") in HTML_TYPES:
        return html_to_text(value)
    return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())


def _entry_date(entry: dict) -> datetime | None:
    """The item's date with its own offset, else feedparser's UTC reading of it, else ``None``.

    We parse the raw string first because feedparser converts to a UTC ``struct_time`` and drops the
    publisher's offset; it also gives up on RFC 2822 dates without a zone, which we read as UTC.
    """
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        if entry.get(raw):
            try:
                return parse_datetime(entry[raw])
            except ValueError:
                pass
        if entry.get(parsed):
            return datetime.fromtimestamp(calendar.timegm(entry[parsed]), tz=UTC)
    return None


def read_feed(source: str, text: str, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per RSS or Atom item: title, newline, then the item's content or summary as text.

    The feed's title is kept as the channel (the outlet), its language as ``lang``.
    """
    # Bytes in a stream with an explicit charset: a str that looks like a URL would make feedparser
    # fetch it, and without the charset it would re-decode by the XML declaration's encoding.
    parsed = feedparser.parse(
        io.BytesIO(text.encode("utf-8")), response_headers={"content-type": "application/xml; charset=utf-8"}
    )
    if not parsed.entries:
        error = xml_error(text)
        if error is not None:
            yield failure(source, f"not well-formed XML ({error})")
        elif not parsed.get("version"):
            yield failure(source, "not an RSS or Atom feed")
        return
    fmt = "atom" if parsed.version.startswith("atom") else "rss"
    channel = clean_str(parsed.feed.get("title"))
    lang = primary_language(parsed.feed.get("language"))
    for index, entry in enumerate(parsed.entries, start=1):
        own_id = clean_str(entry.get("id"))
        item_source = f"{source}#{own_id or clean_str(entry.get('link')) or index}"
        title = _detail_text(entry.get("title"), entry.get("title_detail")) or None
        if entry.get("content"):
            body = "\n".join(_detail_text(part.get("value"), part) for part in entry.content)
        else:
            body = _detail_text(entry.get("summary"), entry.get("summary_detail"))
        item_text = "\n".join(part for part in (title, body.strip()) if part)
        if not item_text:
            yield failure(item_source, "item has no title or text")
            continue
        published, basis = fallback.choose(_entry_date(entry))
        yield Report(
            source=item_source,
            text=item_text,
            format=fmt,
            title=title,
            url=web_url(entry.get("link")),
            published=published,
            published_basis=basis,
            channel=channel,
            message_id=own_id,
            lang=lang,
        )
