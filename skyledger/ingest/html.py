"""Saved web pages: the article's main text through trafilatura, one document per file.

A news page is mostly not the news: menus, related links, cookie banners and footers carry numbers
and place names too ('Rostov-on-Don weather', '22 comments'), so we hand extraction only what
trafilatura judges to be the main text. A page is read whole, up to the document limit.

An XHTML page may carry a DTD that declares entities ('billion laughs') or refers to files. The
HTML parser we use expands neither, but such a page is hostile or broken, so its prolog is checked
with defusedxml and the page is refused with the reason (:func:`xml_hazard`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import defusedxml.expatreader
import lxml.etree
import lxml.html
import trafilatura
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from skyledger.ingest.files import Fallback, TextFile, failure, parse_datetime, primary_language
from skyledger.model import ReadFailure, Report

#: htmldate settings. ``extensive_search`` is off on purpose: with it on, htmldate also guesses a
#: date from the body text ('On 3 March ...'), which is often the date of the events reported,
#: not of publication, and would be wrongly marked ``published_basis="source"``. The URL's date
#: (``/2025/11/14/``) is only a backup, since it has no time of day; the output format keeps the
#: time and offset when the page's markup gives them.
DATE_CONFIG = {
    "original_date": True,
    "extensive_search": False,
    "deferred_url_extractor": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}

_WORD = re.compile(r"[^\W\d_]{2,}")
#: A main text of fewer words is a page's debris ('menu', 'Home'), not a report.
MIN_WORDS = 3
#: Elements that are never the article: trafilatura drops them beside a main text, but returns them
#: as the text of a page that has nothing else, and a menu is not a report.
_BOILERPLATE = (
    "//nav | //menu | //footer | //aside"
    " | //*[@role='navigation' or @role='menu' or @role='menubar' or @role='banner' or @role='contentinfo']"
)
#: A class or id token that names a menu: 'nav', 'main-menu', 'site_nav', 'breadcrumbs', 'cookie-banner'.
_BOILERPLATE_NAME = re.compile(
    r"^(?:[\w-]*[-_])?(?:menu|nav|navbar|navigation|breadcrumbs?)(?:[-_][\w-]*)?$|^cookie[-_](?:banner|notice|bar)$",
    re.I,
)
#: What holds the article itself: never dropped, nor anything around it.
_CONTENT = "self::article or self::main or @role='main' or descendant::article or descendant::main"


def without_boilerplate(text: str) -> lxml.html.HtmlElement | None:
    """The page's tree without its menus, navigation, footers and asides (by element, ARIA role, or
    a class or id token named so), or None when nothing can be parsed. An element that is or holds
    the article (``<article>``, ``<main>``, role main) stays; so does one only named like a menu
    that holds half the page's words and is not mostly links, so a wrapper named 'has-nav' or an
    article filed under 'category-cookies' is not lost."""
    try:
        tree = lxml.html.document_fromstring(text)
    except ValueError:  # a string with an XML declaration ('<?xml ... encoding=...?>'): parse its bytes
        tree = lxml.html.document_fromstring(text.encode("utf-8"))
    except lxml.etree.ParserError:
        return None
    words = len(_WORD.findall(tree.text_content()))
    named = [
        e
        for e in tree.iter(lxml.etree.Element)
        if e.tag not in ("html", "body")
        and any(_BOILERPLATE_NAME.match(t) for t in f"{e.get('class', '')} {e.get('id', '')}".split())
        and not _holds_text(e, words)
    ]
    for element in [*tree.xpath(_BOILERPLATE), *named]:
        if element.getparent() is not None and not element.xpath(_CONTENT):
            element.drop_tree()
    return tree


def _holds_text(element: lxml.html.HtmlElement, page_words: int) -> bool:
    """Whether an element holds half the page's words, most of them outside links: text, not a menu."""
    own = len(_WORD.findall(element.text_content()))
    linked = sum(len(_WORD.findall(a.text_content())) for a in element.iter("a"))
    return own * 2 > page_words and linked * 2 < own


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)
#: The ``encoding`` of an XML declaration: the text is decoded already, and a parser given it back as
#: UTF-8 bytes would decode it again by what the declaration says.
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2""")


class _Stop(Exception):
    """Raised at the root element: the prolog, where a DTD lives, has been read."""


class _RootStops(ContentHandler):
    def startElement(self, name: str, attrs: object) -> None:
        raise _Stop


def without_declared_encoding(text: str) -> str:
    """The text with its XML declaration's ``encoding`` removed.

    >>> without_declared_encoding('<?xml version="1.0" encoding="windows-1251"?><rss/>')
    '<?xml version="1.0"?><rss/>'
    """
    return _DECLARED_ENCODING.sub(r"\1", text, count=1)


def xml_hazard(text: str) -> str | None:
    """Why a page's XML prolog is refused, or ``None``: any entity declaration (internal ones expand,
    external ones read files or URLs). Only the prolog is parsed (through defusedxml); whether the
    rest is well-formed is not asked. A DOCTYPE that only names an external DTD, as every XHTML page
    does, is allowed: nothing we use ever loads it.

    >>> xml_hazard('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><p>&a;</p>')
    'XML entity declarations are refused (<!ENTITY a>)'
    >>> xml_hazard('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"><html/>') is None
    True
    """
    parser = defusedxml.expatreader.create_parser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setContentHandler(_RootStops())
    try:
        parser.feed(without_declared_encoding(text).encode("utf-8"))
        parser.close()
    except _Stop:
        return None
    except DefusedXmlException as exc:
        return hazard_reason(exc)
    except SAXException:  # not well-formed XML: fine for a page, the HTML parser reads it
        return None
    return None


def hazard_reason(exc: DefusedXmlException) -> str:
    """A one-line reason for what defusedxml refused."""
    if isinstance(exc, DTDForbidden):
        return f"XML with a DTD is refused (<!DOCTYPE {exc.name}>)"
    if isinstance(exc, EntitiesForbidden):
        return f"XML entity declarations are refused (<!ENTITY {exc.name}>)"
    if isinstance(exc, ExternalReferenceForbidden):
        return f"XML external references are refused ({exc.sysid or exc.pubid})"
    return f"refused XML ({type(exc).__name__})"


def read_html_file(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """:func:`read_html` on an opened file."""
    content = file.read_document()
    yield from read_html(file.source, content, fallback, file.encoding.name)


def read_html(
    source: str, text: str, fallback: Fallback, encoding: str | None = None
) -> Iterator[Report | ReadFailure]:
    """One report for an HTML page: trafilatura's main text, with title, URL, date and site name."""
    text = without_declared_encoding(text)
    hazard = xml_hazard(text)
    if hazard is not None:
        yield failure(source, hazard)
        return
    page = without_boilerplate(text)
    body = trafilatura.extract(page, include_comments=False, favor_recall=True) if page is not None else None
    # On broken markup trafilatura can return the debris itself ('<<<>>></'): no words, no text.
    if not body or len(_WORD.findall(body)) < MIN_WORDS:
        yield failure(source, "no main text found in HTML")
        return
    meta = trafilatura.extract_metadata(text, date_config=DATE_CONFIG, extensive=False)
    found = None
    if meta is not None and meta.date:
        try:
            found = parse_datetime(meta.date)
        except ValueError:
            found = None
    published, basis = fallback.choose(found)
    lang = _HTML_LANG.search(text[:4096])
    yield Report(
        source=source,
        text=body,
        format="html",
        title=(meta.title or None) if meta is not None else None,
        url=(meta.url or None) if meta is not None else None,
        published=published,
        published_basis=basis,
        channel=(meta.sitename or None) if meta is not None else None,
        lang=primary_language(lang.group(1)) if lang else None,
        encoding=encoding,
    )
