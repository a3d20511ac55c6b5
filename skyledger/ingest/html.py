"""Saved web pages: the article's main text through trafilatura, one document per file.

A news page is mostly not the news: menus, related links, cookie banners and footers carry numbers
and place names too ('Rostov-on-Don weather', '22 comments'), so we hand extraction only what
trafilatura judges to be the main text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
import lxml.html
import trafilatura

from skyledger.ingest.files import Fallback, failure, parse_datetime, primary_language
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


def read_html(source: str, text: str, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report for an HTML page: trafilatura's main text, with title, URL, date and site name."""
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
    )
