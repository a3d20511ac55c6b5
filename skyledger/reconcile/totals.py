"""Daily totals by interval algebra: every window counted once, and a range where the text does not
settle an overlap.

Input: one figure per (reconciled) claim of one claimant, action and key (weapon or region), with its
interval. A window inside another (an evening update inside the night report, the parts of a
'за сутки' total) is part of it, so only the outer figure counts; if the parts add up to more than
the outer figure, the total is the range between the two and flagged ``parts_exceed_total``. Two
windows that overlap without one containing the other may count the same weapons twice: the day's
total becomes a range, and both are flagged ``possible_double_count``.

Each outer window counts on the claimant's day its window ends (``intervals.local_day``). Windows are
sorted and swept once, so the cost grows as n log n.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from skyledger.reconcile.intervals import CALENDAR, Interval, contains, local_day, overlap


@dataclass(frozen=True)
class Figure:
    """One reconciled claim's figure for a key: ``low``..``high`` (equal unless relays disagree)."""

    ref: str  # the claim group
    interval: Interval
    low: int
    high: int
    side: str | None = None


@dataclass
class DayTotal:
    """One day's total for one key; ``low == high`` when nothing is unsettled."""

    day: str
    low: int = 0
    high: int = 0
    refs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)


def daily(figures: Iterable[Figure]) -> list[DayTotal]:
    """The day totals of one claimant, action and key, oldest day first."""
    days: dict[str, DayTotal] = {}
    for component in _components(figures):
        _count(component, days)
    return [days[d] for d in sorted(days)]


def _components(figures: Iterable[Figure]) -> list[list[Figure]]:
    """Runs of figures whose windows overlap by more than their tolerance or lie inside one of the
    run, by one sweep over the windows in order."""
    ordered = sorted(figures, key=lambda f: (f.interval.start, -f.interval.end.timestamp(), f.ref))
    out: list[list[Figure]] = []
    reach = None
    for f in ordered:
        tol = f.interval.tolerance
        joins = reach is not None and out and overlap(Interval(f.interval.start, reach), f.interval) > tol
        if joins or (out and any(contains(g.interval, f.interval) for g in out[-1])):
            out[-1].append(f)
            reach = max(reach, f.interval.end)
        else:
            out.append([f])
            reach = f.interval.end
    return out


def _count(component: list[Figure], days: dict[str, DayTotal]) -> None:
    """Add one component to the day totals: outer windows count, inner ones are part of them."""
    parent: dict[str, Figure] = {}
    by_size = sorted(component, key=lambda f: (f.interval.end - f.interval.start, f.ref), reverse=True)
    for i, f in enumerate(by_size):
        outer = [g for g in by_size[:i] if contains(g.interval, f.interval) and _settled(g)]
        if outer:
            parent[f.ref] = outer[-1]  # the smallest window that holds it
    children: dict[str, list[Figure]] = defaultdict(list)
    for ref, p in parent.items():
        children[p.ref].append(next(f for f in component if f.ref == ref))
    tops = [f for f in component if f.ref not in parent]

    def value(f: Figure) -> tuple[int, int, bool]:
        kids = children.get(f.ref, [])
        if not kids:
            return f.low, f.high, False
        parts = [value(k) for k in kids]
        low, high = sum(p[0] for p in parts), sum(p[1] for p in parts)
        if low <= f.low:
            return f.low, f.high, any(p[2] for p in parts)
        return f.low, max(high, f.high), True

    tops.sort(key=lambda f: (f.interval.end, f.ref))
    for k, f in enumerate(tops):
        day = days.setdefault(local_day(f.interval.end, f.side), DayTotal(local_day(f.interval.end, f.side)))
        low, high, exceeded = value(f)
        day.refs.extend(sorted([f.ref] + [g.ref for g in _descendants(f, children)]))
        day.high += high
        earlier = [g for g in tops[:k] if _overlapping(g, f)]
        if earlier:
            shared = min(low, max(value(g)[1] for g in earlier))
            day.low += low - shared
            day.flag("possible_double_count")
        else:
            day.low += low
        if exceeded:
            day.flag("parts_exceed_total")
        if f.low != f.high:
            day.flag("discrepancy")
        if f.interval.inferred:
            day.flag("window_inferred")


def _settled(outer: Figure) -> bool:
    """Whether a window's bounds are real enough for what lies inside it to be part of it: stated,
    or a calendar day or period the text names. A conventional 'overnight' (21:00 to 07:00) is not:
    an update at 21:40 may or may not be in the night report, and that stays open."""
    return outer.interval.inferred is None or outer.interval.inferred in CALENDAR


def _overlapping(a: Figure, b: Figure) -> bool:
    """Two windows that may hold the same weapons: they share more than their tolerance, or one
    lies inside the other without being settled part of it."""
    tol = max(a.interval.tolerance, b.interval.tolerance)
    return overlap(a.interval, b.interval) > tol or contains(a.interval, b.interval) or contains(b.interval, a.interval)


def _descendants(f: Figure, children: dict[str, list[Figure]]) -> list[Figure]:
    out = []
    for k in children.get(f.ref, []):
        out.append(k)
        out.extend(_descendants(k, children))
    return out
