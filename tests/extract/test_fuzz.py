"""Fuzz the extractor: arbitrary text and mutated reports must never break its invariants.

The invariants live in ``fuzz_checks.py`` and are shared with the long run, ``bench/fuzz.py``:
extraction never raises; every span (claim, region, count, evidence, impact, measure) lies inside
the text, with no blank at its ends, and the text of a count's span reads back as that count; every
count is a non-negative int that fits the ledger; every region code is in the gazetteer and named
by it; every flag is documented in docs/flags.md; closed sets hold only their values; fields the
docs tie together agree; every date exists and has its year when there is a reference date. Two
metamorphic checks: a blank line above the text, or a pictograph in place of a blank, changes no
reading. Inputs: arbitrary text, mutated reports, any publication time, any channel name.

Each hypothesis test is kept to a few hundred examples; the fuzz run goes to 100,000 inputs and
more. Every defect the fuzzing found is a case of ``test_regressions`` or ``test_dated_regressions``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skyledger.extract import extract
from skyledger.model import Claim, Claimant, Extraction, Impact, RegionCount
from tests.extract import fuzz_checks as fc

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Any character but a surrogate: controls, marks, RTL and zero-width characters, emojis, all scripts.
CHARS = st.characters(exclude_categories=("Cs",))
NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.integers(min_value=0, max_value=10**13).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**13).map(lambda n: f"{n:,}".replace(",", " ")),
    st.integers(min_value=1, max_value=600).map(lambda n: "9" * n),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
)
PIECES = st.one_of(
    st.text(CHARS, max_size=12),
    NUMBERS,
    st.sampled_from(fc.NUMBER_PIECES),
    st.sampled_from(fc.MARKUP_PIECES),
    st.sampled_from(fc.WORD_PIECES),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)
LANGS = st.sampled_from([None, "en", "ru", "uk"])

#: The reports mutations start from: written for these tests, and the repository's examples.
SEEDS = list(fc.SEEDS.values()) + fc.example_texts()
MUTATIONS = st.tuples(
    st.sampled_from(fc.OPS),
    st.integers(min_value=0, max_value=1 << 20),
    st.integers(min_value=0, max_value=1 << 20),
    st.one_of(st.sampled_from(fc.PAYLOADS), st.text(CHARS, max_size=6)),
)


def mutated(seed: str, mutations: list[fc.Mutation]) -> str:
    for m in mutations:
        seed = fc.mutate(seed, m, SEEDS)
    return seed


@FUZZ
@given(TEXTS, LANGS)
def test_arbitrary_text(text: str, lang: str | None) -> None:
    assert fc.check_text(text, lang) == []


@FUZZ
@given(st.sampled_from(SEEDS), st.lists(MUTATIONS, min_size=1, max_size=6), LANGS)
def test_mutated_reports(seed: str, mutations: list[fc.Mutation], lang: str | None) -> None:
    assert fc.check_text(mutated(seed, mutations), lang) == []


#: Any publication time: the calendar's edges, any aware or naive datetime from year 1 to 9999, or none.
PUBLISHED = st.one_of(
    st.sampled_from(fc.PUBLISHED_EDGES),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(),
    st.none(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(MUTATIONS, max_size=3), PUBLISHED)
def test_any_publication_time(seed: str, mutations: list[fc.Mutation], published: datetime | None) -> None:
    assert fc.check_text(mutated(seed, mutations), None, published) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(MUTATIONS, max_size=2), st.one_of(st.sampled_from(fc.CHANNELS), TEXTS))
def test_any_channel(seed: str, mutations: list[fc.Mutation], channel: str) -> None:
    """The channel can name the claimant (``claimant_from_channel``): any channel name is read safely."""
    assert fc.check_text(mutated(seed, mutations), None, fc.PUBLISHED, channel) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(MUTATIONS, max_size=4), st.integers(min_value=0, max_value=1000))
def test_metamorphic(seed: str, mutations: list[fc.Mutation], k: int) -> None:
    assert fc.metamorphic_violations(mutated(seed, mutations), k) == []


@pytest.mark.parametrize("name", sorted(fc.SEEDS))
def test_every_seed_is_read_and_keeps_the_invariants(name: str) -> None:
    """The seeds hold claims, so the mutations start from texts that exercise every check."""
    text = fc.SEEDS[name]
    assert extract(fc.make_report(text)).claims
    assert fc.check_text(text) == [] and fc.metamorphic_violations(text) == []


def test_the_checks_catch_broken_extractions() -> None:
    """If the checks accepted anything, every test above would pass for the wrong reason."""
    text = "Air defence shot down 22 drones over the Kursk region."
    report = fc.make_report(text)
    impact = Impact("killed", (0, 3), region="RU-KRS", count=10**12)

    def kinds(claim: Claim) -> set[str]:
        return {fc.failure_kind(v) for v in fc.violations(report, Extraction(report, "en", (claim,), (impact,)))}

    outside = RegionCount("RU-KRS", "Kursk Oblast", 22, (41, 99), (22, 24))
    assert kinds(Claim(Claimant(), "destroyed", "uav", 22, regions=(outside,))) == {"span-outside", "bad-count"}
    region = RegionCount("RU-XYZ", "Nowhere", 7, (41, 46), (22, 24), ("made_up_flag",))
    claim = Claim(
        Claimant(),
        "destroyed",
        "uav",
        23,
        regions=(region,),
        flags=("not_a_flag",),
        spans=(("total", (22, 24)),),
        evidence=((0, 54),),
    )
    assert kinds(claim) == {
        "unknown-region",
        "undocumented-flag",
        "total-span-value",
        "count-span-value",
        "bad-count",
        "bad-checks",
    }


#: Every defect the fuzzing found, as its (shrunk) reproducer.
REGRESSIONS = {
    # pymorphy3 raised ValueError on a word with a letter that has no Unicode name (Tangut, in Python 3.11)
    "letter-without-a-name": "3: \U00018220ш",
    "tangut-in-a-report": "ПВО уничтожены 5 беспилотник\U00017000ов над Курской областью.",
    # digit groups ran past the nine digits a count may have, and the count overflowed the ledger
    "digit-groups-past-nine-digits": "destroy 9 999 999 999 Ukrainian fixed-wing drone",
    "scale-past-nine-digits": "ПВО сбили 999 999 999 тысяч беспилотников над Курской областью.",
    "breakdown-sum-past-nine-digits": (
        "Air defence shot down 999,999,999 drones over the Kursk region, 999,999,999 over the Bryansk "
        "region and 999,999,999 over the Oryol region, the Defence Ministry said."
    ),
    "repeated-region-past-nine-digits": (
        "Air defence shot down 999,999,999 drones over the Kursk region and 999,999,999 over the Kursk "
        "region, the Defence Ministry said."
    ),
    # a blank line above the text moved every paragraph down one, so the lead was no longer the lead
    "blank-line-above-a-repeated-lead": "SHOT DOWN 40 UKRAINIAN DRONE. SHOT DOWN 40 UKRAINIAN DRONE",
    "emoji-line-above-a-repeated-lead": "⚡️\nSHOT DOWN 40 UKRAINIAN DRONE. SHOT DOWN 40 UKRAINIAN DRONE",
    # a line's count restated per place ('6 each') kept the span of the whole figure ('12')
    "per-place-count-span": "уничтожен два БПЛА–Рязанской Астрахан по одно БПЛА",
    "per-place-count-span-en": "Air defences destroyed 12 drones over the Kursk and Bryansk regions, 6 each.",
    # a count already per place ('по два') took a later 'по одно' as its split
    "each-count-split-again": "уничтожен по два БПЛА–Рязанской Астрахан по одно БПЛА",
    # a number of locations was kept on a claim that is no hit (the word 'влучання' cut by markup)
    "locations-of-no-hit": "Зафіксовано 7 ударних БпЛА 6 локація",
    "locations-of-no-hit-markup": "Зафіксовано в`лучання 17 ударних БпЛА на 6 локаціях.",
    # an impact's place flag is documented in the region-line table
    "impact-place-flag": "Belgorod Vronezh governor damaged",
}


#: Defects that show with one publication time: (text, published).
DATED_REGRESSIONS = {
    # a placeholder publication date left no day before or after it: OverflowError
    "published-0001-01-01": (fc.SEEDS["en_wire"], datetime(1, 1, 1, tzinfo=UTC)),
    "published-9999-12-31": (fc.SEEDS["en_governor"], datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
    "published-9999-naive": (fc.SEEDS["ru_ministry"] + " 1 января с 23:00 до 01:00", datetime(9999, 12, 31, 23, 0)),
    # a date that does not exist was kept as '--06-31' beside a reference date
    "thirty-first-of-june": ("У ніч на 31 червня збито 5 БпЛА. Пожежа у Харкові 31 червня.", fc.PUBLISHED),
    "thirty-first-of-february": ("31.02.2025 с 20:00 до 23:30 мск сбиты 5 БПЛА над Курской областью.", fc.PUBLISHED),
    "leap-day-of-a-common-year": ("29.02.2023 с 20:00 до 23:30 мск сбиты 5 БПЛА над Курской областью.", fc.PUBLISHED),
    # 29 February looked for only a year around the reference date, and stayed '--02-29'
    "leap-day-a-year-later": (
        "В ночь на 29 февраля сбиты 5 БПЛА над Курской областью. Пожар в Курске 29 февраля.",
        datetime(2026, 1, 1, tzinfo=UTC),
    ),
    # a window taken from the claim before kept its bare clock times without date_unresolved
    "window-from-context-bare-times": (
        "On the night of 18 November (from 18:00 on 17 November) the enemy launched 50 drones.\n"
        "As of 08:30, air defence shot down 40 drones.\n\n"
        "Separately, the Air Force said 10 drones hit targets in Kharkiv.",
        None,
    ),
}


@pytest.mark.parametrize("text", list(REGRESSIONS.values()), ids=list(REGRESSIONS))
def test_regressions(text: str) -> None:
    assert fc.check_text(text) == []
    assert fc.metamorphic_violations(text) == []


@pytest.mark.parametrize("text, published", list(DATED_REGRESSIONS.values()), ids=list(DATED_REGRESSIONS))
def test_dated_regressions(text: str, published: datetime | None) -> None:
    assert fc.check_text(text, None, published) == []


def test_dates_that_do_not_exist_are_no_dates() -> None:
    text, published = DATED_REGRESSIONS["thirty-first-of-june"]
    x = extract(fc.make_report(text, None, published))
    assert [c.window.date for c in x.claims] == [None] and [i.date for i in x.impacts] == [None]
    text, published = DATED_REGRESSIONS["leap-day-a-year-later"]
    x = extract(fc.make_report(text, None, published))
    assert [c.window.date for c in x.claims] == ["2024-02-29"] and [i.date for i in x.impacts] == ["2024-02-29"]


def test_an_impact_keeps_the_year_its_date_states() -> None:
    x = extract(fc.make_report("21.11.2023 в Курске произошел пожар после атаки БПЛА."))
    assert [(i.kind, i.date) for i in x.impacts] == [("fire", "2023-11-21")]


def test_a_placeholder_publication_date_is_no_reference() -> None:
    text, published = DATED_REGRESSIONS["published-9999-12-31"]
    for claim in extract(fc.make_report(text, None, published)).claims:
        assert claim.window.basis is None and claim.window.approx_start is None


def test_a_vague_phrase_of_its_own_is_not_replaced_by_the_window_before() -> None:
    text = DATED_REGRESSIONS["window-from-context-bare-times"][0].replace("Kharkiv.", "Kharkiv late Tuesday night.")
    for published in (None, fc.PUBLISHED):
        *_, last = extract(fc.make_report(text, None, published)).claims
        assert (last.total, last.window.phrase, last.window.start) == (10, "night", None)
        assert "window_from_context" not in last.flags


def test_a_blank_line_above_keeps_the_lead_folded_into_the_body() -> None:
    text = REGRESSIONS["blank-line-above-a-repeated-lead"]
    for above in ("", "\n", "\n\n", "⚡️\n", "  \n"):
        (claim,) = extract(fc.make_report(above + text)).claims
        assert claim.total == 40 and len(claim.evidence) == 2


def test_a_split_per_place_is_the_lines_count() -> None:
    text = REGRESSIONS["per-place-count-span-en"]
    (claim,) = extract(fc.make_report(text)).claims
    assert claim.total == 12
    assert [(r.code, r.count, text[slice(*r.count_span)]) for r in claim.regions] == [
        ("RU-KRS", 6, "6"),
        ("RU-BRY", 6, "6"),
    ]


def test_numbers_past_nine_digits_are_no_counts() -> None:
    for text in (REGRESSIONS["digit-groups-past-nine-digits"], REGRESSIONS["breakdown-sum-past-nine-digits"]):
        for claim in extract(fc.make_report(text)).claims:
            assert claim.total is None or claim.total <= fc.MAX_COUNT
