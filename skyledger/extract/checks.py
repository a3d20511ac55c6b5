"""Consistency checks stored on each claim: pass, fail or n/a, with a detail a person can read."""

from __future__ import annotations

from skyledger.model import Check, RegionCount, Window


def breakdown_sums_to_total(total: int | None, bound: str, regions: list[RegionCount], derived: bool) -> Check:
    """Does the regional breakdown add up to the stated total?

    >>> breakdown_sums_to_total(22, "exact", [], False).status
    'n/a'
    """
    name = "breakdown_sums_to_total"
    counted = [r for r in regions if "region_from_claimant" not in r.flags or len(regions) > 1]
    if total is None or not counted or derived:
        return Check(name, "n/a", "no stated total" if total is None or derived else "no breakdown")
    if any(r.count is None for r in counted):
        return Check(name, "fail", "a shared count could not be split between regions")
    s = sum(r.count for r in counted)
    terms = " + ".join(str(r.count) for r in counted)
    ok = s == total or (bound == "at_least" and s >= total)
    return Check(name, "pass" if ok else "fail", f"{terms} = {s}; stated total {total}")


def regions_match_stated(stated: int | None, regions: list[RegionCount]) -> Check:
    """Does the number of regions listed match a stated number ('over nine regions')?"""
    name = "regions_match_stated"
    if stated is None:
        return Check(name, "n/a", "no number of regions stated")
    if not regions:
        return Check(name, "n/a", f"{stated} regions stated, none listed")
    n = len({r.code for r in regions})
    return Check(name, "pass" if n == stated else "fail", f"{n} regions listed; {stated} stated")


def window_matches_stated(window: Window) -> Check:
    """Does the clock window last as long as a stated length ('a three-hour window')?"""
    name = "window_length_matches_stated"
    if window.hours is None or not window.start or not window.end:
        return Check(name, "n/a", "no stated length" if window.hours is None else "no start and end times")
    minutes = clock_minutes(window.end) - clock_minutes(window.start)
    if minutes <= 0:
        minutes += 24 * 60
    ok = abs(minutes / 60 - window.hours) < 0.01
    return Check(
        name,
        "pass" if ok else "fail",
        f"{window.start[-14:]}..{window.end[-14:]} lasts {minutes / 60:g} h; stated {window.hours:g} h",
    )


def clock_minutes(value: str) -> int:
    """Minutes after midnight of 'HH:MM' or an ISO datetime.

    >>> clock_minutes("23:05"), clock_minutes("2025-11-12T07:00:00+03:00")
    (1385, 420)
    """
    t = value.split("T")[1] if "T" in value else value
    return int(t[:2]) * 60 + int(t[3:5])


def reading_resolved(ambiguous: int, exact_readings: int, total_known: bool) -> Check:
    """Was a shared/each ambiguity ('two drones over Tula and Kaluga') resolved by the total?"""
    name = "collective_distributive_resolved"
    if ambiguous == 0:
        return Check(name, "n/a", "no shared-or-each count")
    if not total_known:
        return Check(name, "fail", "no total to decide; read as shared")
    if exact_readings == 1:
        return Check(name, "pass", "only one reading makes the breakdown match the total")
    if exact_readings > 1:
        return Check(name, "fail", f"{exact_readings} readings match the total")
    return Check(name, "fail", "no reading matches the total; read as shared")
