"""Hand-made extractions for store tests, so that they do not depend on the extractor's quality.

Spans are found with ``str.index`` in the text, so a fixture cannot point at the wrong words.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skyledger.model import Check, Claim, Claimant, Extraction, Impact, Measure, RegionCount, Report, Window
from skyledger.store import models as m

MSK = timezone(timedelta(hours=3))

MOD_TEXT = (
    "Between 20:00 and 23:00 Moscow time, air defence systems destroyed 12 Ukrainian drones: "
    "8 over the Rostov region and 4 over the Stavropol territory, the Russian Defence Ministry said."
)
GOVERNOR_TEXT = (
    "Губернатор Вячеслав Гладков: над Белгородской областью сбиты 3 беспилотника. "
    "В Шебекино загорелся склад. Аэропорт Калуги ввёл ограничения."
)
AIR_FORCE_TEXT = "Overnight, Russia launched 50 drones, the Ukrainian Air Force said."


def span(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return (start, start + len(words))


def mod_extraction(version: str = "test-1") -> Extraction:
    """A Defence Ministry message with a two-region breakdown, stated clock times and a passing check."""
    t = MOD_TEXT
    claim = Claim(
        claimant=Claimant(
            "ministry", "Russian Defence Ministry", None, None, "RU", span(t, "the Russian Defence Ministry")
        ),
        action="destroyed",
        weapon="uav",
        total=12,
        regions=(
            RegionCount("RU-ROS", "Rostov region", 8, span(t, "Rostov region"), span(t, "8")),
            RegionCount("RU-STA", "Stavropol territory", 4, span(t, "Stavropol territory"), span(t, "4")),
        ),
        window=Window(
            start="2024-11-14T20:00:00+03:00",
            end="2024-11-14T23:00:00+03:00",
            date="2024-11-14",
            tz="Europe/Moscow",
            basis="cli",
            span=span(t, "Between 20:00 and 23:00 Moscow time"),
        ),
        checks=(Check("breakdown_sum", "pass", "8 + 4 = 12"), Check("regions_stated", "n/a")),
        spans=(("action", span(t, "destroyed")), ("total", span(t, "12")), ("weapon", span(t, "drones"))),
        evidence=((0, len(t)),),
    )
    report = Report(
        "mod.txt",
        t,
        "text",
        published=datetime(2024, 11, 14, 23, 30, tzinfo=MSK),
        published_basis="cli",
        lang="en",
    )
    return Extraction(report, "en", (claim,), extractor_version=version)


def governor_extraction(version: str = "test-1") -> Extraction:
    """A governor's Telegram post in Russian: no date, a failing check, an impact and a measure."""
    t = GOVERNOR_TEXT
    claim = Claim(
        claimant=Claimant("governor", None, "Vyacheslav Gladkov", "RU-BEL", "RU", span(t, "Вячеслав Гладков")),
        action="destroyed",
        weapon="uav",
        total=3,
        regions=(
            RegionCount(
                "RU-BEL",
                "Белгородской областью",
                3,
                span(t, "Белгородской областью"),
                span(t, "3"),
                ("claimant_region",),
            ),
        ),
        checks=(Check("breakdown_sum", "pass", "3 = 3"), Check("date_known", "fail", "no date stated")),
        flags=("date_unresolved",),
        spans=(("total", span(t, "3")),),
        evidence=(span(t, "Губернатор Вячеслав Гладков: над Белгородской областью сбиты 3 беспилотника."),),
    )
    report = Report("gladkov.json", t, "telegram", channel="vvgladkov", message_id="4411", lang="ru")
    return Extraction(
        report,
        "ru",
        (claim,),
        impacts=(Impact("fire", span(t, "В Шебекино загорелся склад"), "RU-BEL", "Шебекино"),),
        measures=(
            Measure(
                "airport_restrictions",
                span(t, "Аэропорт Калуги ввёл ограничения"),
                "RU-KLU",
                None,
                ("inferred_region",),
            ),
        ),
        extractor_version=version,
    )


def air_force_extraction(version: str = "test-1") -> Extraction:
    """A launch claim with no region and only a vague time phrase."""
    t = AIR_FORCE_TEXT
    claim = Claim(
        claimant=Claimant("air_force", "Ukrainian Air Force", None, None, "UA", span(t, "the Ukrainian Air Force")),
        action="launched",
        weapon="uav",
        weapon_detail="shahed",
        total=50,
        total_bound="at_least",
        window=Window(
            date="2024-11-15",
            approx_start="2024-11-14T22:00:00+02:00",
            approx_end="2024-11-15T06:00:00+02:00",
            phrase="Overnight",
            basis="source",
            span=span(t, "Overnight"),
        ),
        hedged=True,
        flags=("window_approx",),
        spans=(("total", span(t, "50")),),
    )
    report = Report(
        "af.html",
        t,
        "html",
        title="Overnight attack",
        url="https://example.org/af",
        published=datetime(2024, 11, 15, 8, 0, tzinfo=timezone(timedelta(hours=2))),
        published_basis="source",
    )
    return Extraction(report, "en", (claim,), extractor_version=version)


def all_extractions(version: str = "test-1") -> list[Extraction]:
    """The three fixtures, in ``doc_id`` order (the order the ledger gives documents back in)."""
    xs = [mod_extraction(version), governor_extraction(version), air_force_extraction(version)]
    return sorted(xs, key=lambda x: x.report.doc_id)


TABLES = (
    m.Document,
    m.ExtractionRun,
    m.Claim,
    m.ClaimRegion,
    m.Impact,
    m.Measure,
    m.EvidenceSpan,
    m.ReadFailure,
)


def row_counts(session: Session) -> dict[str, int]:
    """Rows in every ledger table, keyed by table name."""
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in TABLES}
