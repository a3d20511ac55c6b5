"""Every claim's window as an absolute UTC interval, and the attack period (incident) it falls in.

A window that states its clock times is exact. Otherwise the interval is inferred, and says from
what: the conventional reading of a vague phrase ('overnight'), a whole stated day, a window that
states only its end, or (last resort) the twelve hours before publication. Inferred intervals are
compared with a wider tolerance and carry a flag, so that a user can leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from skyledger.model import SIDE_ZONES

#: Each side's zone, for a window that gives a date and no offset (Kyiv has summer time).
ZONES = {side: ZoneInfo(name) for side, name in SIDE_ZONES.items()}
#: The zone incidents are cut in: both sides' nights fall in the same Moscow-time period.
PERIOD_ZONE = ZONES["RU"]
#: A night runs from 18:00 to 09:00 (period zone); the rest of a day is its day period.
NIGHT_FROM, NIGHT_TO = time(18), time(9)
#: How far apart two boundaries may be and still be the same: claimants round to the hour, and an
#: inferred boundary is a convention, not a statement.
EXACT_TOLERANCE, INFERRED_TOLERANCE = timedelta(hours=1), timedelta(hours=3)
#: What a window with no time at all is taken to cover: the hours before the report.
BEFORE_PUBLICATION = timedelta(hours=12)


@dataclass(frozen=True)
class Interval:
    """``[start, end]`` in UTC; ``inferred`` is None when the text states both ends, else how it was got."""

    start: datetime
    end: datetime
    inferred: str | None = None

    @property
    def tolerance(self) -> timedelta:
        return EXACT_TOLERANCE if self.inferred is None else INFERRED_TOLERANCE

    def midpoint(self) -> datetime:
        return self.start + (self.end - self.start) / 2


def _instant(value: str | None) -> datetime | None:
    """A full ISO 8601 timestamp, else None ('23:00' alone is no instant); one without an offset is
    taken to be UTC, as stored times are."""
    if not value or "T" not in value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_iso(value: str | None) -> str | None:
    """A stored timestamp as a UTC ISO string (a naive one is taken to be UTC), so that timestamps
    with different offsets compare and sort as the instants they are.

    >>> utc_iso("2026-03-15T07:05:00+03:00"), utc_iso(None)
    ('2026-03-15T04:05:00+00:00', None)
    """
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def zone(window: dict[str, Any], side: str | None) -> ZoneInfo | Any:
    """The zone a bare date is read in: the window's offset, else the claimant's side, else Moscow."""
    if window.get("tz"):
        return datetime.fromisoformat(f"2000-01-01T00:00:00{window['tz']}").tzinfo
    return ZONES.get(side or "", ZONES["RU"])


def claim_interval(window: dict[str, Any], side: str | None, published: str | None) -> Interval | None:
    """The UTC interval of a contract window (see the module doc for the order of readings).

    >>> i = claim_interval({"start": "2026-03-14T18:00:00+02:00", "end": "2026-03-15T08:30:00+02:00"}, "UA", None)
    >>> i.start.isoformat(), i.end.isoformat(), i.inferred
    ('2026-03-14T16:00:00+00:00', '2026-03-15T06:30:00+00:00', None)
    >>> claim_interval({"date": "2026-03-20"}, "RU", None).inferred
    'date'
    """
    start, end = _instant(window.get("start")), _instant(window.get("end"))
    if start and end and start <= end:
        return Interval(start, end)
    if start and not end:
        end = _instant(published)
        return Interval(start, end, "open_end") if end and end >= start else Interval(start, start, "open_end")
    if end and not start:
        return Interval(end - BEFORE_PUBLICATION, end, "open_start")
    a, b = _instant(window.get("approx_start")), _instant(window.get("approx_end"))
    if a and b and a <= b:
        return Interval(a, b, "calendar" if _midnights(window) else "approx")
    day = window.get("date")
    if day and len(day) == 10:
        first = datetime.combine(date.fromisoformat(day), time(0), zone(window, side))
        return Interval(first.astimezone(UTC), (first + timedelta(days=1)).astimezone(UTC), "date")
    moment = _instant(published)
    if moment is not None:
        return Interval(moment - BEFORE_PUBLICATION, moment, "published")
    return None


def _midnights(window: dict[str, Any]) -> bool:
    """Whether a vague phrase's reading runs from midnight to midnight: a stated calendar period
    ('за сутки 20 марта'), whose bounds are the calendar's, not a convention like 'overnight'."""
    return all("T00:00:00" in (window.get(k) or "") for k in ("approx_start", "approx_end"))


#: Inferred intervals whose bounds are still real ones: a calendar day or period the text names.
CALENDAR = ("calendar", "date")


def period(interval: Interval) -> str:
    """The attack period an interval belongs to, by its midpoint: '2026-03-15 night' or '2026-03-15 day'.

    A night is named by the morning it ends, as claimants name it ('в ночь на 15 марта').

    >>> from datetime import timezone
    >>> period(Interval(datetime(2026, 3, 14, 18, tzinfo=UTC), datetime(2026, 3, 15, 4, tzinfo=UTC)))
    '2026-03-15 night'
    >>> period(Interval(datetime(2026, 3, 20, 11, tzinfo=UTC), datetime(2026, 3, 20, 17, tzinfo=UTC)))
    '2026-03-20 day'
    """
    local = interval.midpoint().astimezone(PERIOD_ZONE)
    clock = local.time()
    if clock >= NIGHT_FROM:
        return f"{(local.date() + timedelta(days=1)).isoformat()} night"
    if clock < NIGHT_TO:
        return f"{local.date().isoformat()} night"
    return f"{local.date().isoformat()} day"


def local_day(moment: datetime, side: str | None) -> str:
    """The claimant's calendar day a window ending at ``moment`` is counted on: a night that ends at
    07:00 counts on that morning's date, a day ending at midnight on the day before it."""
    return (moment - timedelta(minutes=1)).astimezone(ZONES.get(side or "", ZONES["RU"])).date().isoformat()


#: How far two stated windows may differ and still be one window restated: not at all ('около
#: 16.00' and 'около 16.10' are two statements; a relay quotes the post's own hours).
SAME_STATED = timedelta(0)


def matches(a: Interval, b: Interval) -> bool:
    """Two statements of the same window: both ends the same when both are stated, else within the
    inferred tolerance (a relay's 'overnight' against the post's 23:00-07:00)."""
    tol = SAME_STATED if a.inferred is None and b.inferred is None else INFERRED_TOLERANCE
    return abs(a.start - b.start) <= tol and abs(a.end - b.end) <= tol


def contains(outer: Interval, inner: Interval) -> bool:
    """``inner`` lies within ``outer``: within an hour's rounding when both windows are stated,
    strictly when either is inferred, because a conventional night (21:00 to 07:00) must not
    swallow an evening update that the night report may not include."""
    tol = EXACT_TOLERANCE if outer.inferred is None and inner.inferred is None else timedelta(0)
    return outer.start - tol <= inner.start and inner.end <= outer.end + tol


def overlap(a: Interval, b: Interval) -> timedelta:
    """How long two intervals share (zero when they only touch)."""
    return max(timedelta(0), min(a.end, b.end) - max(a.start, b.start))
