"""Saved web pages: the article's main text through trafilatura, one document per file.

A news page is mostly not the news: menus, related links, cookie banners and footers carry numbers
and place names too ('Rostov-on-Don weather', '22 comments'), so we hand extraction only what
trafilatura judges to be the main text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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

_WORD = re.compile(r"[^\W\d_]{2}")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)


def read_html(source: str, text: str, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report for an HTML page: trafilatura's main text, with title, URL, date and site name."""
    body = trafilatura.extract(text, include_comments=False, favor_recall=True)
    # On broken markup trafilatura can return the debris itself ('<<<>>></'): no words, no text.
    if not body or not _WORD.search(body):
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
