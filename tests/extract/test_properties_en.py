"""Property tests: number words, generated breakdowns, and spans that always point at their evidence."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skyledger.extract import extract_text
from skyledger.extract.lexicon import lexicon
from skyledger.extract.numbers import find_numbers
from skyledger.extract.tokens import tokenize

UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split()
)
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def english(n: int) -> str:
    """0..999 in words, the way wire copy writes them ('one hundred and twenty-two')."""
    if n < 20:
        return UNITS[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + UNITS[n % 10])
    rest = n % 100
    return UNITS[n // 100] + " hundred" + ("" if rest == 0 else " and " + english(rest))


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=999))
def test_number_words_round_trip(n: int) -> None:
    toks = tokenize(f"{english(n)} drones", "en")
    (number,) = find_numbers(toks, lexicon("en"))
    assert number.value == n and number.i == 0


@given(st.integers(min_value=1000, max_value=9_999_999))
def test_grouped_digits_round_trip(n: int) -> None:
    text = f"{n:,} residents"
    (number,) = find_numbers(tokenize(text, "en"), lexicon("en"))
    assert (number.value, text[number.start : number.end]) == (n, f"{n:,}")


@cache
def oblasts() -> list[tuple[str, str]]:
    """(code, stem) of regions whose English name is '<Stem> Oblast' and whose stem is one word."""
    path = Path(__file__).resolve().parents[2] / "skyledger" / "data" / "regions.csv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines())
    out = []
    for row in rows:
        stem = row["name_en"].removesuffix(" Oblast")
        if row["name_en"].endswith(" Oblast") and " " not in stem and row["code"] != "RU-MOS":
            out.append((row["code"], stem))
    return out


breakdowns = st.lists(
    st.tuples(st.sampled_from(range(1000)), st.integers(min_value=1, max_value=40)),
    min_size=1,
    max_size=8,
    unique_by=lambda t: t[0],
)


@settings(max_examples=60, deadline=None)
@given(breakdowns, st.booleans())
def test_generated_breakdowns_are_read_back(lines: list[tuple[int, int]], words: bool) -> None:
    places = oblasts()
    picked = [(places[k % len(places)], n) for k, n in lines]
    picked = list({code: ((code, stem), n) for (code, stem), n in picked}.values())
    total = sum(n for _, n in picked)
    say = english if words else str
    parts = [f"{say(n)} over the {stem} region" for (code, stem), n in picked]
    text = (
        f"Russian air defence systems destroyed {total} Ukrainian drones overnight, the Defence Ministry said: "
        + ", ".join(parts)
        + "."
    )
    (claim,) = extract_text(text, "en").claims
    assert claim.total == total
    assert {r.code: r.count for r in claim.regions} == {code: n for (code, _), n in picked}
    assert {c.name: c.status for c in claim.checks}["breakdown_sums_to_total"] == "pass"
    for r in claim.regions:
        (stem,) = [stem for (code, stem), _ in picked if code == r.code]
        assert text[r.span[0] : r.span[1]] in {stem, f"{stem} region"}
        assert text[r.count_span[0] : r.count_span[1]] == say(r.count)
    assert text[slice(*claim.span("total"))] == str(total)
    assert claim.claimant.kind == "ministry" and claim.claimant.span is not None


PIECES = list("abcdefghijklmnopqrstuvwxyz0123456789 ,.:-\n") + [
    "drones",
    " over ",
    " Kursk ",
    " region",
    " shot down ",
    " three ",
    " each ",
    " and ",
    "Governor ",
    " fire ",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_every_span_lies_inside_the_text(text: str) -> None:
    x = extract_text(text, "en")
    spans = [s for c in x.claims for _, s in c.spans] + [r.span for c in x.claims for r in c.regions]
    spans += [c.claimant.span for c in x.claims if c.claimant.span] + [i.span for i in x.impacts]
    for start, end in spans:
        assert 0 <= start < end <= len(text)
