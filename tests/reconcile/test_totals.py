"""Interval algebra for daily totals, over many shapes of windows (one claimant, one key)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skyledger.reconcile.intervals import Interval, period
from skyledger.reconcile.totals import Figure, daily


def fig(ref: str, start: str, end: str, value: int, high: int | None = None, inferred: str | None = None) -> Figure:
    """A figure over Moscow-time clock readings on March 2026 days ('20 14:00')."""

    def at(s: str) -> datetime:
        d, hm = s.split()
        return datetime.fromisoformat(f"2026-03-{d}T{hm}:00+03:00").astimezone(UTC)

    return Figure(ref, Interval(at(start), at(end), inferred), value, value if high is None else high, "RU")


@pytest.mark.parametrize(
    "figures, expected",
    [
        # ministry's three updates of one day: disjoint, all on the 20th
        (
            [
                fig("a", "20 07:00", "20 14:00", 6),
                fig("b", "20 14:00", "20 20:00", 4),
                fig("c", "20 20:00", "20 23:00", 7),
            ],
            [("2026-03-20", 17, 17, [])],
        ),
        # a night counts on its morning
        ([fig("n", "20 23:00", "21 07:00", 15)], [("2026-03-21", 15, 15, [])]),
        # an evening update inside the night report is part of it
        ([fig("e", "20 20:00", "20 23:00", 7), fig("n", "20 20:00", "21 07:00", 30)], [("2026-03-21", 30, 30, [])]),
        # a day total beside its parts: the total
        (
            [
                fig("d", "20 00:00", "21 00:00", 26, inferred="calendar"),
                fig("a", "20 14:00", "20 20:00", 19),
                fig("b", "20 20:00", "20 23:00", 7),
            ],
            [("2026-03-20", 26, 26, ["window_inferred"])],
        ),
        # an update at 21:40 inside a conventional 'overnight' (21:00-07:00): it may or may not be in
        # the night report, so the night's day is a range and says so
        (
            [fig("m", "20 21:40", "20 21:40", 1), fig("n", "20 21:00", "21 07:00", 30, inferred="approx")],
            [("2026-03-20", 1, 1, []), ("2026-03-21", 29, 30, ["possible_double_count", "window_inferred"])],
        ),
        # parts adding up to more than their total: the range between the two
        (
            [
                fig("d", "20 00:00", "21 00:00", 20),
                fig("a", "20 14:00", "20 20:00", 19),
                fig("b", "20 20:00", "20 23:00", 7),
            ],
            [("2026-03-20", 20, 26, ["parts_exceed_total"])],
        ),
        # two windows overlapping by hours without one holding the other: a possible double count
        (
            [fig("a", "20 18:00", "21 03:00", 10), fig("b", "20 23:00", "21 07:00", 8)],
            [("2026-03-21", 10, 18, ["possible_double_count"])],
        ),
        # boundaries a quarter of an hour apart are the same boundary, not an overlap
        ([fig("a", "20 07:00", "20 14:15", 6), fig("b", "20 14:00", "20 20:00", 4)], [("2026-03-20", 10, 10, [])]),
        # an update no longer than the tolerance, inside the night report, is part of it too
        ([fig("n", "20 21:00", "21 07:00", 40), fig("e", "20 21:00", "20 22:00", 5)], [("2026-03-21", 40, 40, [])]),
        # relays that disagree give the group a range, and the day says so
        ([fig("g", "20 23:00", "21 07:00", 40, 41)], [("2026-03-21", 40, 41, ["discrepancy"])]),
    ],
)
def test_daily(figures, expected):
    got = [(d.day, d.low, d.high, sorted(d.flags)) for d in daily(figures)]
    assert got == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2026-03-14T21:00:00+03:00", "2026-03-15T07:00:00+03:00", "2026-03-15 night"),
        ("2026-03-14T18:00:00+02:00", "2026-03-15T08:30:00+02:00", "2026-03-15 night"),
        ("2026-03-15T08:00:00+03:00", "2026-03-15T14:00:00+03:00", "2026-03-15 day"),
        ("2026-03-15T14:00:00+03:00", "2026-03-15T20:00:00+03:00", "2026-03-15 day"),
        ("2026-03-15T20:00:00+03:00", "2026-03-15T23:00:00+03:00", "2026-03-16 night"),
        ("2026-03-20T00:00:00+03:00", "2026-03-21T00:00:00+03:00", "2026-03-20 day"),
    ],
)
def test_period(start, end, expected):
    i = Interval(datetime.fromisoformat(start).astimezone(UTC), datetime.fromisoformat(end).astimezone(UTC))
    assert period(i) == expected


HOURS = st.integers(min_value=0, max_value=72)


@given(
    st.lists(
        st.tuples(HOURS, st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=500)), max_size=12
    )
)
def test_totals_are_bounded_by_the_figures(spans):
    """Whatever the windows: low <= high each day, the high totals never exceed the sum of all the
    figures (nothing is counted twice), and every figure is accounted for on exactly one day."""
    base = datetime(2026, 3, 20, tzinfo=UTC)
    figures = [
        Figure(f"g{k}", Interval(base + timedelta(hours=h), base + timedelta(hours=h + n)), v, v, "RU")
        for k, (h, n, v) in enumerate(spans)
    ]
    days = daily(figures)
    assert all(d.low <= d.high for d in days)
    assert sum(d.high for d in days) <= sum(v for _, _, v in spans)
    assert sorted(r for d in days for r in d.refs) == sorted(f.ref for f in figures)
