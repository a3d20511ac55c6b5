"""RSS and Atom feeds: one document per item, streamed an item at a time.

The feed is parsed by expat through defusedxml, which refuses a DTD (the way in for entity
expansion and external entities), and cut into items as it goes (:class:`_Splitter`); each item is
handed to feedparser as a small feed of its own, so that what an item means (dates, content types,
Atom's ``id``) is feedparser's reading, while only one item is held at a time.

feedparser is also forgiving: on broken XML its loose parser often still finds the items. So a feed
that is not well-formed is read again whole that way, within the document limit, unless it was cut
short: a feed that ends inside an element is "truncated XML", never read as a document.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.saxutils import escape, quoteattr
from xml.sax.xmlreader import AttributesImpl

import defusedxml.expatreader
import feedparser
from defusedxml import DefusedXmlException

from skyledger.ingest.files import CHUNK_BYTES, Fallback, TextFile, clean_str, failure, parse_datetime, primary_language
from skyledger.ingest.html import hazard_reason
from skyledger.ingest.limits import Limits, size_text
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


class _NotAFeed(Exception):
    """The root element is not a feed's."""


class _Refused(Exception):
    """The feed cannot be read on: the reason is the message."""


class _Splitter(ContentHandler):
    """Cuts a feed into items as SAX events arrive, holding one item at a time.

    Everything before the first item is kept as the feed's header (channel title, language,
    namespaces); each item is written out again as a small feed of its own, the header, the item
    and the header's closing tags, for feedparser to read. Text between and after items is dropped.
    """

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits
        self.stack: list[str] = []
        self.root: str | None = None
        self.header: list[str] = []
        self.header_size = 0
        self.closing: str | None = None  # the header's closing tags, once the first item starts
        self.header_text = ""
        self.item: list[str] | None = None
        self.item_size = 0
        self.item_level = 0
        self.oversize = False
        self.done: list[str | None] = []  # finished items; None for one beyond the document limit
        self.events = 0

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        self.events += 1
        if self.root is None:
            self.root = name
            if _local(name) not in FEED_ROOTS:
                raise _NotAFeed
        if len(self.stack) >= self.limits.depth:
            raise _Refused(f"XML nested deeper than {self.limits.depth} elements")
        if self.item is None and _local(name) in ITEM_NAMES:
            if self.closing is None:
                self.closing = "".join(f"</{open_}>" for open_ in reversed(self.stack))
                self.header_text = "".join(self.header)
            self.item, self.item_size, self.item_level, self.oversize = [], 0, len(self.stack), False
        self.stack.append(name)
        self._emit("<" + name + "".join(f" {key}={quoteattr(value)}" for key, value in attrs.items()) + ">")

    def endElement(self, name: str) -> None:
        self.events += 1
        self.stack.pop()
        self._emit(f"</{name}>")
        if self.item is not None and len(self.stack) == self.item_level:
            self.done.append(None if self.oversize else "".join(self.item))
            self.item = None

    def characters(self, content: str) -> None:
        self.events += 1
        self._emit(escape(content))

    def _emit(self, text: str) -> None:
        if self.item is not None:
            if not self.oversize:
                self.item_size += len(text)
                if self.item_size > self.limits.document_bytes:
                    self.oversize, self.item = True, []
                else:
                    self.item.append(text)
        elif self.closing is None:
            self.header_size += len(text)
            if self.header_size > self.limits.document_bytes:
                size = size_text(self.limits.document_bytes)
                raise _Refused(f"the feed's header, before its first item, is larger than the document limit ({size})")
            self.header.append(text)

    def feed_of(self, item: str) -> bytes:
        """One item as a feed of its own, as UTF-8."""
        return (_DECLARATION + self.header_text + item + (self.closing or "")).encode("utf-8")


def _local(name: str) -> str:
    """An element's name without its namespace prefix."""
    return name.rpartition(":")[2]


#: The root elements of RSS 2.0 (and 0.9x), Atom and RSS 1.0 (RDF).
FEED_ROOTS = frozenset({"rss", "feed", "RDF", "channel"})
#: The elements that are one document each.
ITEM_NAMES = frozenset({"item", "entry"})
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
_DECLARED_ENCODING = re.compile(rb"""^(\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2""")
_UTF8_HEADERS = {"content-type": "application/xml; charset=utf-8"}


def read_feed(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per RSS or Atom item, read an item at a time (see :class:`_Splitter`).

    The XML goes through defusedxml, so a DTD (and with it entity expansion and external entities)
    is refused. A feed that ends early ("truncated XML") is a failure after the items it completed.
    A feed that is not well-formed is read again whole by feedparser's tolerant parser, as long as it
    is within the document limit; a larger one stops at the error.
    """
    file.settle_encoding()  # the encoding recorded is the one the text is read in
    source, limits = file.source, file.limits
    splitter = _Splitter(limits)
    parser = defusedxml.expatreader.create_parser(forbid_dtd=True)
    parser.setContentHandler(splitter)
    state = _FeedState(source, fallback, file)
    quiet, first, closing = 0, True, False
    try:
        with file.open_utf8() as stream:
            while chunk := stream.read(min(CHUNK_BYTES, limits.line_bytes)):
                if first:
                    chunk, first = _DECLARED_ENCODING.sub(rb"\1", chunk, count=1), False
                before = splitter.events
                try:
                    parser.feed(chunk)
                finally:
                    yield from state.reports(splitter)
                quiet = quiet + len(chunk) if splitter.events == before else 0
                if quiet > limits.line_bytes:
                    size = size_text(limits.line_bytes)
                    yield failure(source, f"an XML tag, attribute or comment longer than the line limit ({size})")
                    return
            closing = True
            try:
                parser.close()
            finally:
                yield from state.reports(splitter)
    except _NotAFeed:
        yield failure(source, "not an RSS or Atom feed")
    except _Refused as exc:
        yield failure(source, str(exc))
    except DefusedXmlException as exc:
        yield failure(source, hazard_reason(exc))
    except SAXParseException as exc:
        error = f"line {exc.getLineNumber()}: {exc.getMessage()}"
        if closing:  # the error came at the end: the feed was cut short
            inside = f"ends inside <{splitter.stack[-1]}>" if splitter.stack else "no root element"
            yield failure(source, f"truncated XML ({inside}, line {exc.getLineNumber()})")
        elif file.size <= limits.document_bytes:
            yield from _read_loose(file, fallback, state, error, splitter.root)
        else:
            yield failure(source, f"not well-formed XML ({error}); the rest of the feed was not read")


class _FeedState:
    """What reading a feed has produced so far: items are numbered across the whole feed."""

    def __init__(self, source: str, fallback: Fallback, file: TextFile) -> None:
        self.source, self.fallback, self.file = source, fallback, file
        self.count = 0

    def reports(self, splitter: _Splitter) -> Iterator[Report | ReadFailure]:
        done, splitter.done = splitter.done, []
        for item in done:
            self.count += 1
            if item is None:
                size = size_text(splitter.limits.document_bytes)
                yield failure(f"{self.source}#{self.count}", f"item larger than the document limit ({size})")
                continue
            parsed = feedparser.parse(io.BytesIO(splitter.feed_of(item)), response_headers=_UTF8_HEADERS)
            if not parsed.entries:
                yield failure(f"{self.source}#{self.count}", "item cannot be read as a feed entry")
                continue
            entries = [(self.count, parsed.entries[0])]
            yield from entry_reports(self.source, parsed, entries, self.fallback, self.file.encoding.name)


def _read_loose(
    file: TextFile, fallback: Fallback, state: _FeedState, error: str, root: str | None
) -> Iterator[Report | ReadFailure]:
    """A feed that is not well-formed, read whole by feedparser's tolerant parser, after the items
    the strict reading already gave; refused if it holds a DTD or its root is never closed."""
    source = file.source
    text = file.read_document()
    if _DTD.search(text):
        yield failure(source, "XML with a DTD is refused (<!DOCTYPE>)")
        return
    if root is not None and not re.search(rf"</\s*{re.escape(root)}\s*>\s*(?:<!--.*?-->\s*)*$", text, re.DOTALL):
        yield failure(source, f"truncated XML (the root element <{root}> is never closed)")
        return
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_UTF8_HEADERS)
    if len(parsed.entries) <= state.count:
        if not state.count:
            yield failure(source, f"not well-formed XML ({error})")
        return
    numbered = list(enumerate(parsed.entries, start=1))[state.count :]
    yield from entry_reports(source, parsed, numbered, fallback, file.encoding.name)


_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)\b", re.IGNORECASE)


def entry_reports(
    source: str,
    parsed: feedparser.FeedParserDict,
    entries: list[tuple[int, dict]],
    fallback: Fallback,
    encoding: str | None,
) -> Iterator[Report | ReadFailure]:
    """Reports for feedparser's entries, each with its position in the feed.

    The text is the title, newline, then the item's content or summary as text; the feed's title is
    kept as the channel (the outlet), its language as ``lang``.
    """
    fmt = "atom" if parsed.get("version", "").startswith("atom") else "rss"
    channel = clean_str(parsed.feed.get("title"))
    lang = primary_language(parsed.feed.get("language"))
    for index, entry in entries:
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
            encoding=encoding,
        )
