"""The real page in headless Chromium (Debian's, driven by playwright): a user ingests the examples,
opens the page, clicks Rostov Oblast on the map, finds the 22-drone claim in the table, opens it and
sees the '8' highlighted inside its sentence; a stored '<script>' stays inert text. Screenshots go to
tests/web/output/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn

from skyledger.api import create_app
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract
from tests.web.conftest import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).parent / "output"
HOSTILE = (
    "Air defence systems destroyed 5 Ukrainian drones over the Kursk region overnight, the Russian Defence "
    'Ministry said. <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
    '<a href="javascript:window.pwned=3">link</a>'
)

BOUNDARIES = ROOT / "skyledger" / "web" / "static" / "regions.geojson"
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: install Debian's chromium (.ci/run does)"),
    pytest.mark.skipif(not BOUNDARIES.exists(), reason="no map boundaries: make setup builds them (needs npm)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The page and API over a ledger of the examples, with one hostile report, on loopback."""
    from skyledger.extract import extract
    from skyledger.model import Report

    db = str(tmp_path_factory.mktemp("web") / "ledger.db")
    with open_ledger(db)() as session:
        items = list(read_and_extract([ROOT / "examples"], datetime(2025, 11, 20, tzinfo=UTC)))
        hostile = Report(
            "hostile.txt", HOSTILE, "text", published=datetime(2025, 11, 21, 7, tzinfo=UTC), published_basis="source"
        )
        assert store_batch(session, [*items, extract(hostile)], extractor_version()).failures == []
    port = free_port()
    config = uvicorn.Config(create_app(db, token=""), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors


def test_click_rostov_find_the_22_drone_claim_and_its_8(server, page):
    OUTPUT.mkdir(exist_ok=True)
    page.goto(server)
    page.wait_for_selector("body[data-ready=true]")
    page.screenshot(path=str(OUTPUT / "page.png"), full_page=True)
    rostov = page.locator('#map [data-code="RU-ROS"]')
    assert rostov.evaluate("e => e.tagName") == "path", "Rostov Oblast should be drawn from the boundaries"
    rostov.click()
    page.wait_for_selector("#claims-count >> text=in RU-ROS")
    page.wait_for_selector("#timeline-title >> text=daily totals in RU-ROS")  # the click filters the page
    rows = page.locator("#claims tbody tr")
    assert rows.count() >= 1
    row = rows.filter(has_text="RU-ROS 8").filter(has=page.locator("td.num", has_text="22"))
    assert row.count() == 1
    row.click()
    page.wait_for_selector("#claim mark")
    eight = page.locator('#claim mark[data-fields~="count:RU-ROS"]')
    assert eight.inner_text() == "8"
    sentence = page.locator("#claim .text").inner_text()
    assert "[8]" not in sentence and "8 over the Rostov region" in sentence
    assert page.locator("#claim").inner_text().count("total 22 read from") == 1
    page.screenshot(path=str(OUTPUT / "claim.png"), full_page=True)


def test_a_stored_script_stays_inert_text(server, page):
    page.goto(server)
    page.wait_for_selector("body[data-ready=true]")
    page.locator('#map [data-code="RU-KRS"]').click()
    page.wait_for_selector("#claims-count >> text=in RU-KRS")
    page.locator("#claims tbody tr").filter(has_text="2025-11-21").first.click()
    page.wait_for_selector("#claim .text")
    text = page.locator("#claim .text").inner_text()
    assert "<script>window.pwned = 1</script>" in text and 'onerror="window.pwned = 2"' in text
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#claim script, #claim img, #claim a").count() == 0
    # spans count code points: the emoji before the figure do not shift its highlight
    assert page.locator('#claim mark[data-fields~="total"]').inner_text() == "5"
    page.screenshot(path=str(OUTPUT / "hostile.png"), full_page=True)


def test_usable_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server)
    page.wait_for_selector("body[data-ready=true]")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(OUTPUT / "phone.png"), full_page=True)
    context.close()
