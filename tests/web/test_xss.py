"""Stored text stays inert on the page, in headless Chromium: reports whose text, title, URL, id and
source hold '<script>', event-handler attributes and 'javascript:' URLs are posted to the API (as a
client with the token would), then the page is opened, every claim of theirs is hovered and opened,
and no script of theirs runs: no flag set, no dialog, no console error, no element or attribute of
theirs in the document, and a URL becomes a link only when it is http(s).

Run twice: with the Content-Security-Policy the server sends, and with Chromium told to ignore it,
so that the page is shown to be safe by itself, not only because the CSP blocks inline script."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from skyledger.api import create_app
from skyledger.store import open_ledger
from tests.api.serving import in_thread
from tests.web.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's chromium (.ci/run does)")
TOKEN = "xss-test-token"


def pwn(tag: str) -> str:
    """Code that leaves a trace if it ever runs."""
    return f"window.__pwned=(window.__pwned||[]).concat('{tag}')"


HOSTILE = [
    {
        "text": "Air defence systems destroyed 5 Ukrainian drones over the Kursk region overnight, the Russian "
        f'Defence Ministry said. <script>{pwn("text-script")}</script> <img src=x onerror="{pwn("text-img")}"> '
        f'<svg onload="{pwn("text-svg")}"></svg> <a href="javascript:{pwn("text-a")}">details</a> '
        f'<iframe src="javascript:{pwn("text-iframe")}"></iframe>',
        "title": f'<script>{pwn("title-script")}</script><img src=x onerror="{pwn("title-img")}">',
        "url": f"javascript:{pwn('url')};alert('url')",
        "source": f'<img src=x onerror="{pwn("source")}">',
        "id": f'"><img src=x onerror="{pwn("id")}">',
        "published": "2026-04-01T07:00:00+03:00",
    },
    {
        "text": "Этой ночью над Белгородской областью сбиты 12 беспилотников, сообщил губернатор. "
        f"<body onload=\"{pwn('ru-body')}\"> javascript:alert('ru')",
        "title": f'x" onmouseover="{pwn("title-attr")}" data-x="',
        "url": f" JaVaScRiPt:{pwn('url-case')}",
        "source": "javascript:alert('source')",
        "id": "' onfocus='alert(1)' autofocus='",
        "published": "2026-04-02T07:00:00+03:00",
    },
    {
        "text": "Сили ППО знищили 9 дронів над територією Курської області, повідомив голова ОВА. "
        f'<details open ontoggle="{pwn("uk-toggle")}">x</details>',
        "title": "<style>body{display:none}</style>",
        "url": f"data:text/html,<script>{pwn('data-url')}</script>",
        "source": "t.me/<b>bold</b>",
        "id": "uk-1",
        "published": "2026-04-03T07:00:00+03:00",
    },
    {
        "text": "Air defence shot down 7 drones over Bryansk region overnight, the governor said.",
        "title": "A plain report <b>with tags in its title</b>",
        "url": "https://example.org/report?q=<b>1</b>&x='\"",
        "source": "example.org",
        "id": "https-1",
        "published": "2026-04-04T07:00:00+03:00",
    },
    {
        "text": "Air defence shot down 3 drones over Voronezh region overnight, the governor said.",
        "title": "vbscript",
        "url": "vbscript:msgbox(1)",
        "source": "wire",
        "id": "vb-1",
        "published": "2026-04-05T07:00:00+03:00",
    },
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """An empty ledger, the hostile reports posted to it through the API, and the page."""
    db = str(tmp_path_factory.mktemp("xss") / "ledger.db")
    open_ledger(db)
    with in_thread(create_app(db, token=TOKEN)) as base:
        got = httpx.post(
            f"{base}/api/documents",
            json={"documents": HOSTILE},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert got.status_code == 200 and got.json()["failures"] == [], got.text
        assert got.json()["new"] == len(HOSTILE) and got.json()["claims"] >= len(HOSTILE)
        yield base + "/"


# Every element and attribute in the page that could run code or load something of a report's.
PROBE = """() => {
  const all = [...document.querySelectorAll('*')];
  const handlers = all.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name));
  const links = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
    .map((e) => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('formaction'));
  return {
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
    foreign: all.filter((e) => ['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'STYLE', 'DETAILS', 'B', 'BASE', 'FORM'].includes(e.tagName)
      && !e.closest('form#filters, form#table-filters')).map((e) => e.tagName),
    handlers,
    links,
    anchors: [...document.querySelectorAll('a[href]')].map((a) => ({ protocol: a.protocol, href: a.href, text: a.textContent })),
    pwned: window.__pwned === undefined ? null : window.__pwned,
  };
}"""


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_hostile_reports_stay_inert_text(server, browser, csp):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=csp == "bypassed")
    page = context.new_page()
    errors, dialogs = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server)
    page.wait_for_selector("body[data-ready=true]")
    rows = page.locator("#claims tbody tr")
    assert rows.count() >= len(HOSTILE)

    seen = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        row.hover()
        claim_id = row.get_attribute("data-id")
        row.click()
        page.wait_for_selector(f'#claims tbody tr.open[data-id="{claim_id}"]')
        page.wait_for_function(
            f"() => document.querySelector('#claim .summary') && document.querySelector('#claims tr.open').dataset.id === {claim_id!r}"
        )
        panel = page.locator("#claim")
        panel.hover()
        for piece in page.locator("#claim .report span, #claim .meta, #claim .text").all():
            piece.hover()
            piece.click()  # the URL shown as text: clicking it does nothing
        seen[claim_id] = panel.inner_text()
        state = page.evaluate(PROBE)
        assert state["pwned"] is None, state["pwned"]
        assert state["scripts"] == ["app.js"], state["scripts"]
        assert state["foreign"] == [] and state["handlers"] == [], state
        for a in state["anchors"]:
            assert a["protocol"] in ("http:", "https:"), a
        assert all(
            not (link or "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            for link in state["links"]
        )

    text = "\n".join(seen.values())
    # every hostile string is on the page, as the characters it is
    for needle in (
        "<script>window.__pwned",
        "onerror=\"window.__pwned=(window.__pwned||[]).concat('text-img')\"",
        "<svg onload=",
        'href="javascript:',
        "<body onload=",
        "<details open ontoggle=",
        "javascript:window.__pwned",  # the URL, shown as text
        "JaVaScRiPt:",
        "data:text/html,<script>",
        "vbscript:msgbox(1)",
        "<img src=x onerror=",  # title and source
        "<style>body{display:none}</style>",
        "t.me/<b>bold</b>",
        "A plain report <b>with tags in its title</b>",
    ):
        assert needle in text, needle
    # the one http(s) URL is a link, to where it says, and gives the page nothing (no opener, no referrer)
    https = next(cid for cid, t in seen.items() if "example.org/report" in t)
    page.locator(f'#claims tbody tr[data-id="{https}"]').click()
    link = page.locator('#claim .report a[href^="https://example.org/"]')
    link.wait_for()
    assert link.count() == 1 and link.get_attribute("rel") == "noopener noreferrer nofollow"
    assert page.locator("#claim .report a").count() == 1
    assert page.evaluate("() => window.__pwned === undefined")
    assert dialogs == [] and errors == [], (dialogs, errors)
    context.close()
