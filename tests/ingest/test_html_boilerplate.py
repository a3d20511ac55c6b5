"""Menus are dropped, articles are not: pages whose markup looks like boilerplate around the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skyledger.ingest.files import Fallback
from skyledger.ingest.html import read_html
from skyledger.model import Report

FALLBACK = Fallback(datetime(2025, 11, 20, tzinfo=UTC), "cli")
ARTICLE = (
    "<p>Air defence systems destroyed 12 Ukrainian drones over the Kursk region overnight, "
    "the Russian Defence Ministry said on Tuesday morning.</p>"
)


@pytest.mark.parametrize(
    "page",
    [
        # an XHTML page with its XML declaration
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<body><article>{ARTICLE}</article></body></html>",
        # a wrapper whose class says it has a navigation bar
        f'<html><body><div class="page has-nav"><nav><a href="/">Home</a></nav><div>{ARTICLE}</div></div></body></html>',
        # an article filed under a category named like a cookie banner
        f'<html><body><article class="post category-cookies">{ARTICLE}</article></body></html>',
        # a menu beside the article, with its own numbers and places
        f'<html><body><nav><a href="/w">Rostov-on-Don weather</a> <a href="/c">22 comments</a></nav>{ARTICLE}</body></html>',
        f'<html><body><div id="main-menu"><a href="/">Home</a> <a href="/n">News 24</a></div><main>{ARTICLE}</main></body></html>',
    ],
)
def test_the_article_is_read_and_the_menu_is_not(page):
    (report,) = read_html("page.html", page, FALLBACK)
    assert isinstance(report, Report), report
    assert report.text.startswith("Air defence systems destroyed 12")
    assert "comments" not in report.text and "Home" not in report.text
