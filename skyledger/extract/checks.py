"""Consistency checks stored on each claim: pass, fail or n/a, with a detail a person can read."""

from __future__ import annotations

from dataclasses import replace

from skyledger.model import Check, Claim, RegionCount, Window


def breakdown_sums_to_total(
    total: int | None, bound: str, regions: list[RegionCount], derived: bool, partial: bool = False
) -> Check:
    """Does the regional breakdown add up to the stated total?

    >>> breakdown_sums_to_total(22, "exact", [], False).status
    'n/a'
    """
    name = "breakdown_sums_to_total"
    counted = [r for r in regions if "region_from_claimant" not in r.flags or len(regions) > 1]
    if total is None or not counted or derived:
        return Check(name, "n/a", "no stated total" if total is None or derived else "no breakdown")
    if partial:
        return Check(name, "n/a", "the breakdown says it is partial ('including', 'в том числе')")
    if any(r.count is None for r in counted):
        # 'more than 100 drones over the Belgorod, Kursk and Bryansk regions': no split is stated, so
        # there is nothing to add up; not a failed sum
        return Check(name, "n/a", "a count is shared by several regions and not split")
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
    land = len({r.code for r in regions if not r.code.startswith("SEA-")})
    if land != n and stated == land:  # 'over six regions and the Black Sea': a sea is no region
        return Check(name, "pass", f"{land} regions and {n - land} sea area(s) listed; {stated} regions stated")
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


#: Actions that account for launched weapons: each weapon launched was shot down, jammed or hit.
OUTCOMES = ("destroyed", "suppressed", "hit")


def launched_covers_outcomes(claims: list[Claim]) -> list[Claim]:
    """Does a report's launched figure cover its outcomes? Launched >= destroyed + suppressed + hit.

    Figures are compared per source and weapon class within one report (an Air Force report gives
    'launched 120', 'shot down 90', 'hit 28'); the check is added to each claim it involves, and a
    report that gives no launched figure, or no outcome, is left alone.

    >>> from skyledger.model import Claimant
    >>> af = Claimant("air_force", "Air Force of Ukraine")
    >>> out = launched_covers_outcomes([Claim(af, "launched", "uav", 60), Claim(af, "destroyed", "uav", 48),
    ...                                 Claim(af, "hit", "uav", 15)])
    >>> [c.checks[-1].status for c in out], out[0].checks[-1].detail
    (['fail', 'fail', 'fail'], 'launched 60 < destroyed 48 + hit 15 = 63')
    """
    name = "launched_covers_outcomes"
    groups: dict[tuple, list[int]] = {}
    for k, c in enumerate(claims):
        who = (c.claimant.kind, c.claimant.name, c.claimant.person)
        groups.setdefault((who, c.weapon), []).append(k)
    out = list(claims)
    for members in groups.values():
        launched = [claims[k] for k in members if claims[k].action == "launched"]
        outcomes = [claims[k] for k in members if claims[k].action in OUTCOMES]
        if not launched or not outcomes or any(c.total is None for c in launched + outcomes):
            continue
        total = sum(c.total for c in launched)
        spent = {a: sum(c.total for c in outcomes if c.action == a) for a in OUTCOMES}
        terms = " + ".join(f"{a} {n}" for a, n in spent.items() if any(c.action == a for c in outcomes))
        ok = total >= sum(spent.values())
        detail = f"launched {total} {'>=' if ok else '<'} {terms} = {sum(spent.values())}"
        check = Check(name, "pass" if ok else "fail", detail)
        for k in members:
            c = out[k]
            if c.action != "launched" and c.action not in OUTCOMES:
                continue
            flags = c.flags if ok else tuple(dict.fromkeys((*c.flags, f"check_failed:{name}")))
            out[k] = replace(c, checks=(*c.checks, check), flags=flags)
    return out
