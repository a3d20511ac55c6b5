"""Reading reconciliation back: incidents, daily totals and the track record.

Built from ``claim_groups`` (one row per reconciled claim), so each figure is counted once however
many documents carry it; every row lists the groups (and their lead claims) behind it.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skyledger.reconcile.intervals import Interval
from skyledger.reconcile.totals import DayTotal, Figure, daily
from skyledger.store import models as m
from skyledger.store.query import shift

BY = ("claimant", "region", "weapon")


def _groups(session: Session, since: date | None, until: date | None, claimant: str | None) -> list[m.ClaimGroup]:
    """Groups whose attack period is named by a date in [since, until]."""
    query = select(m.ClaimGroup)
    if since:
        query = query.where(m.ClaimGroup.period >= since.isoformat())
    if until and (after := shift(until, 1)):  # periods are named '2026-03-15 night': before the next day's name
        query = query.where(m.ClaimGroup.period < after.isoformat())
    if claimant:
        query = query.where(m.ClaimGroup.claimant.startswith(claimant, autoescape=True))
    return list(session.scalars(query.order_by(m.ClaimGroup.period, m.ClaimGroup.claimant, m.ClaimGroup.group_id)))


def group_dict(g: m.ClaimGroup) -> dict[str, Any]:
    """One reconciled claim as JSON."""
    return {
        "group": g.group_id,
        "claimant": g.claimant,
        "side": g.side,
        "action": g.action,
        "weapon": g.weapon,
        "low": g.low,
        "high": g.high,
        "start": g.utc_start,
        "end": g.utc_end,
        "inferred": g.inferred,
        "regions": g.regions,
        "documents": g.documents,
        "relays": g.relays,
        "copies": g.copies,
        "superseded": g.superseded,
        "discrepancy": g.discrepancy,
        "grade": g.grade,
        "flags": g.flags,
        "lead_claim": g.lead_claim_id,
    }


def incidents(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    region: str | None = None,
    claimant: str | None = None,
) -> list[dict[str, Any]]:
    """One row per attack period: each side's reconciled claims, side by side, newest first."""
    by_period: dict[str, list[m.ClaimGroup]] = defaultdict(list)
    for g in _groups(session, since, until, None):
        by_period[g.period].append(g)
    out = []
    for p in sorted(by_period, reverse=True):
        gs = by_period[p]
        if region and not any(region.upper() in (r[0] for r in g.regions) for g in gs):
            continue
        if claimant and not any(g.claimant.startswith(claimant) for g in gs):
            continue
        sides: dict[str, list[dict[str, Any]]] = {"RU": [], "UA": [], "other": []}
        for g in gs:
            sides[g.side if g.side in ("RU", "UA") else "other"].append(group_dict(g))
        flags = sorted({f for g in gs for f in g.flags})
        out.append({"incident": p, **sides, "impacts": _impacts(session, p), "flags": flags})
    return out


def _impacts(session: Session, p: str) -> list[dict[str, Any]]:
    """What reports published in the period say happened on the ground (debris, fires, damage …)."""
    rows = session.execute(
        select(m.Impact.kind, m.Impact.region, m.Impact.place, m.Impact.doc_id)
        .join(m.Document, m.Document.doc_id == m.Impact.doc_id)
        .where(m.Document.period == p)
        .order_by(m.Impact.doc_id, m.Impact.id)
    )
    return [{"kind": k, "region": r, "place": place, "doc_id": d} for k, r, place, d in rows]


def daily_totals(
    session: Session,
    by: str = "claimant",
    since: date | None = None,
    until: date | None = None,
    claimant: str | None = None,
) -> list[dict[str, Any]]:
    """Daily totals per claimant and action, and per weapon or region, each window counted once,
    newest first.

    Per claimant, the weapon classes' totals are added, except that a figure over weapons of
    several kinds (class ``mixed``: '87 targets: 3 missiles and 84 drones') already holds them: the
    day takes the larger of the two, flagged ``mixed_and_classes``, never their sum.
    """
    figures: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    # two days either side: a window counts on the day it ends, which may be after its period's name
    first = shift(since, -2) if since else None
    for g in _groups(session, first, shift(until, 2) if until else None, claimant):
        interval = Interval(datetime.fromisoformat(g.utc_start), datetime.fromisoformat(g.utc_end), g.inferred)
        if by == "region":
            for code, count in g.regions:
                if count is not None:
                    figures[(g.claimant, g.action, code)].append(Figure(g.group_id, interval, count, count, g.side))
        elif g.low is not None and g.high is not None:
            figures[(g.claimant, g.action, g.weapon)].append(Figure(g.group_id, interval, g.low, g.high, g.side))
    per_key: dict[tuple[str, str, str], dict[str, DayTotal]] = defaultdict(dict)
    for (who, action, key), figs in figures.items():
        for t in daily(figs):
            per_key[(t.day, who, action)][key] = t
    out = []
    for (day, who, action), totals in sorted(per_key.items(), reverse=True):
        if (since and day < since.isoformat()) or (until and day > until.isoformat()):
            continue
        row = {"date": day, "claimant": who, "action": action}
        if by == "claimant":
            t = _over_classes(day, totals)
            out.append({**row, "low": t.low, "high": t.high, "groups": sorted(set(t.refs)), "flags": sorted(t.flags)})
            continue
        for key in sorted(totals):
            t = totals[key]
            out.append(
                {**row, by: key, "low": t.low, "high": t.high, "groups": sorted(set(t.refs)), "flags": sorted(t.flags)}
            )
    return out


def _over_classes(day: str, totals: dict[str, DayTotal]) -> DayTotal:
    """One claimant's day over all weapon classes (see :func:`daily_totals` for ``mixed``)."""
    row = DayTotal(day)
    for weapon, t in totals.items():
        if weapon != "mixed":
            row.low, row.high = row.low + t.low, row.high + t.high
        row.refs.extend(t.refs)
        for f in t.flags:
            row.flag(f)
    mixed = totals.get("mixed")
    if mixed is not None:
        if len(totals) > 1:
            row.flag("mixed_and_classes")
        row.low, row.high = max(row.low, mixed.low), max(row.high, mixed.high)
    return row


def track_record(session: Session, claimant: str | None = None) -> list[dict[str, Any]]:
    """Per claimant and month: claims made, relayed, discrepancies, corrections, and where the other
    side states a figure for the same period and weapon, the two side by side."""
    all_groups = _groups(session, None, None, None)
    by_period: dict[str, list[m.ClaimGroup]] = defaultdict(list)
    for g in all_groups:
        by_period[g.period].append(g)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for g in all_groups:
        if claimant and not g.claimant.startswith(claimant):
            continue
        row = rows.setdefault(
            (g.claimant, g.period[:7]),
            {
                "claimant": g.claimant,
                "month": g.period[:7],
                "claims": [],
                "relayed": [],
                "discrepancies": [],
                "corrections": [],
                "other_side": [],
            },
        )
        row["claims"].append(g.group_id)
        if g.relays or g.copies:
            row["relayed"].append(g.group_id)
        if g.discrepancy:
            row["discrepancies"].append(g.group_id)
        if g.superseded:
            row["corrections"].append(g.group_id)
        for o in by_period[g.period]:
            if g.side and o.side and o.side != g.side and o.weapon == g.weapon:
                row["other_side"].append(
                    {
                        "period": g.period,
                        "weapon": g.weapon,
                        "this": [g.action, g.low, g.group_id],
                        "other": [o.claimant, o.action, o.low, o.group_id],
                    }
                )
    return [rows[k] for k in sorted(rows)]


class RegionMap:
    """The map's data (``GET /api/regions``) from the daily totals by region of the whole ledger
    (``daily_totals(session, "region")``), held by the API once per state of the ledger.

    Each action's rows are kept in date order, so that a period's rows are found by bisection
    instead of a pass over every day; the answers are kept too (at most ``size`` of them), since
    the map asks for the same periods again and again. They belong to this object, never to the
    ledger's stamp, so that a map computed again is never answered from the previous one. They
    are kept as ``encode`` makes them (the API keeps the JSON it sends).
    """

    def __init__(
        self, daily: list[dict[str, Any]], size: int = 256, encode: Callable[[list[dict[str, Any]]], Any] = list
    ) -> None:
        by_action: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in daily:
            by_action[row["action"]].append(row)
        self.rows = {a: sorted(rows, key=lambda r: r["date"]) for a, rows in by_action.items()}
        self.dates = {a: [r["date"] for r in rows] for a, rows in self.rows.items()}
        self.size, self.encode = size, encode
        self.answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def totals(self, since: date | None, until: date | None, claimant: str | None, action: str) -> Any:
        """Per region, its daily totals for ``action`` and claimants whose key starts with
        ``claimant`` summed over the days [since, until], highest first: what each region's
        claimants said, and how many reconciled claims (groups) are behind it."""
        key = (since, until, claimant, action)
        with self.lock:
            if (answer := self.answers.get(key)) is not None:
                self.answers.move_to_end(key)
                return answer
        answer = self.encode(self._sum(since, until, claimant, action))
        with self.lock:
            self.answers[key] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)
        return answer

    def _sum(self, since: date | None, until: date | None, claimant: str | None, action: str) -> list[dict[str, Any]]:
        from skyledger.extract.gazetteer import load_regions
        from skyledger.regions import names

        dates, rows = self.dates.get(action, []), self.rows.get(action, [])
        first = bisect_left(dates, since.isoformat()) if since else 0
        last = bisect_right(dates, until.isoformat()) if until else len(dates)
        low: dict[str, int] = defaultdict(int)
        high: dict[str, int] = defaultdict(int)
        groups: dict[str, set[str]] = defaultdict(set)
        for row in rows[first:last]:
            if claimant and not row["claimant"].startswith(claimant):
                continue
            code = row["region"]
            low[code] += row["low"]
            high[code] += row["high"]
            groups[code].update(row["groups"])
        known = load_regions()
        out = []
        for code in sorted(low, key=lambda c: (-high[c], c)):
            entry = known.get(code)
            out.append(
                {
                    "code": code,
                    "name": entry.name_en if entry else names().get(code, (code,))[0],
                    "low": low[code],
                    "high": high[code],
                    "claims": len(groups[code]),
                    "lat": entry.lat if entry else None,
                    "lon": entry.lon if entry else None,
                }
            )
        return out
