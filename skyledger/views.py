"""Claims as text for people: table cells, and the source sentence with each value marked.

Pure functions over the claim dicts the store returns, so the CLI stays a thin layer of printing
and the API or a report generator can show a claim the same way.
"""

from __future__ import annotations

import re
from typing import Any

CHECK_MARKS = {"pass": "✓", "fail": "✗", "n/a": "–"}

Segment = tuple[str, str | None]


def claimant_cell(c: dict[str, Any]) -> str:
    """Who claims it: the kind, then the person or else the body.

    >>> claimant_cell({"claimant": {"kind": "governor", "name": None, "person": "Vyacheslav Gladkov"}})
    'governor Vyacheslav Gladkov'
    """
    who = c["claimant"]
    return " ".join(part for part in (who["kind"], who["person"] or who["name"]) if part)


def weapon_cell(c: dict[str, Any]) -> str:
    """The weapon class with its finer type.

    >>> weapon_cell({"weapon": "uav", "weapon_detail": "shahed"})
    'uav (shahed)'
    """
    return f"{c['weapon']} ({c['weapon_detail']})" if c.get("weapon_detail") else c["weapon"]


def total_cell(c: dict[str, Any]) -> str:
    """The total, with its bound when the text gives only a bound.

    >>> total_cell({"total": 100, "total_bound": "at_least"})
    '100 (at_least)'
    >>> total_cell({"total": None, "total_bound": "exact"})
    '?'
    """
    total = "?" if c["total"] is None else str(c["total"])
    bound = c.get("total_bound") or "exact"
    return total if bound == "exact" else f"{total} ({bound})"


def regions_cell(c: dict[str, Any]) -> str:
    """The breakdown, one ``CODE count`` per region.

    >>> regions_cell({"regions": [{"code": "RU-ROS", "count": 8}, {"code": "RU-STA", "count": None}]})
    'RU-ROS 8, RU-STA'
    """
    return ", ".join(r["code"] if r["count"] is None else f"{r['code']} {r['count']}" for r in c["regions"])


def _clock(value: str | None) -> str | None:
    """``HH:MM`` of an ISO time or of a bare clock time.

    >>> _clock("2024-11-14T20:00:00+03:00"), _clock("23:10"), _clock(None)
    ('20:00', '23:10', None)
    """
    if value is None:
        return None
    return value[11:16] if "T" in value else value[:5]


def window_cell(c: dict[str, Any]) -> str:
    """When: the date, then the stated clock times or, failing those, the vague phrase in quotes.

    >>> window_cell({"window": {"date": "2024-11-14", "start": "2024-11-14T20:00:00+03:00",
    ...                         "end": "2024-11-14T23:00:00+03:00", "hours": None, "phrase": None}})
    '2024-11-14 20:00–23:00'
    >>> window_cell({"window": {"date": "2024-11-15", "start": "2024-11-14T23:00:00+03:00",
    ...                         "end": "2024-11-15T07:00:00+03:00", "hours": None, "phrase": None}})
    '2024-11-14 23:00–2024-11-15 07:00'
    >>> window_cell({"window": {"date": None, "start": None, "end": None, "hours": 6, "phrase": "overnight"}})
    '"overnight" 6h'
    """
    w = c["window"]
    start, end = _clock(w["start"]), _clock(w["end"])
    start_day = (w["start"] or "")[:10] if "T" in (w["start"] or "") else None
    hours = f"{w['hours']:g}h" if w.get("hours") is not None else None
    if start and start_day and w["date"] and start_day != w["date"]:
        # a window that began the day before its date: both days shown, so neither is misread
        return " ".join(part for part in (f"{start_day} {start}–{w['date']} {end or '?'}", hours) if part)
    times = f"{start or '?'}–{end or '?'}" if start or end else None
    phrase = f'"{w["phrase"]}"' if w.get("phrase") and not times else None
    return " ".join(part for part in (w["date"], times, phrase, hours) if part)


def checks_cell(c: dict[str, Any]) -> str:
    """How many checks passed, failed and did not apply, leaving out the zeros.

    >>> checks_cell({"checks": [{"status": "pass"}, {"status": "pass"}, {"status": "fail"}]})
    '✓2 ✗1'
    """
    counts = {status: sum(k["status"] == status for k in c["checks"]) for status in CHECK_MARKS}
    return " ".join(f"{CHECK_MARKS[s]}{n}" for s, n in counts.items() if n)


def value_of(c: dict[str, Any], field: str) -> str:
    """The normalised value behind one evidence field (``total``, ``region:RU-ROS``, ``count:RU-ROS`` …).

    >>> c = {"total": 12, "total_bound": "exact", "action": "destroyed",
    ...      "regions": [{"code": "RU-ROS", "name": "Rostov region", "count": 8}]}
    >>> value_of(c, "total"), value_of(c, "count:RU-ROS"), value_of(c, "region:RU-ROS"), value_of(c, "action")
    ('12', '8', 'RU-ROS Rostov region', 'destroyed')
    """
    cells = {"total": total_cell, "claimant": claimant_cell, "window": window_cell, "weapon": weapon_cell}
    if field in cells:
        return cells[field](c)
    kind, _, code = field.partition(":")
    region = next((r for r in c.get("regions", []) if r["code"] == code), None)
    if kind == "region" and region:
        return f"{code} {region['name']}"
    if kind == "count" and region:
        return "?" if region["count"] is None else str(region["count"])
    value = c.get(field)
    return "" if value is None or isinstance(value, dict | list) else str(value)


_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole sentences, because a value makes sense only in its sentence.

    >>> t = "First one. Air defence destroyed 3 drones over Kursk. Last."
    >>> s, e = sentence_bounds(t, 33, 34)
    >>> t[s:e]
    'Air defence destroyed 3 drones over Kursk.'
    """
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    while s < start and text[s].isspace():
        s += 1
    m = _SENTENCE_END.search(text, max(start, end - 1))
    e = len(text) if m is None else (m.start() if m.group() == "\n" else m.end())
    return s, max(e, end)


def excerpt_bounds(c: dict[str, Any]) -> tuple[int, int]:
    """The part of the document to show for a claim: the sentences holding its evidence and values."""
    spans = [tuple(s) for s in c.get("evidence", [])] + [(v["start"], v["end"]) for v in c.get("values", [])]
    if not spans:
        return 0, len(c["text"])
    return sentence_bounds(c["text"], min(s for s, _ in spans), max(e for _, e in spans))


def segments(text: str, start: int, end: int, values: list[dict[str, Any]]) -> list[Segment]:
    """Cut ``text[start:end]`` into pieces, each marked with the field it is the value of, or None.

    Overlapping values cannot both be marked: the earlier (then the longer) wins; the values list
    printed beside the excerpt still shows every span.

    >>> segments("destroyed 3 drones", 0, 18, [{"field": "total", "start": 10, "end": 11},
    ...                                       {"field": "count:X", "start": 10, "end": 11}])
    [('destroyed ', None), ('3', 'total'), (' drones', None)]
    """
    out: list[Segment] = []
    pos = start
    for v in sorted(values, key=lambda v: (v["start"], -v["end"])):
        s, e = v["start"], v["end"]
        if s < pos or e > end or s >= e:
            continue
        if s > pos:
            out.append((text[pos:s], None))
        out.append((text[s:e], v["field"]))
        pos = e
    if pos < end:
        out.append((text[pos:end], None))
    return out


def bracketed(parts: list[Segment]) -> str:
    """The plain form of marked text, for pipes and logs: each value in [brackets].

    >>> bracketed([("destroyed ", None), ("3", "total"), (" drones", None)])
    'destroyed [3] drones'
    """
    return "".join(f"[{text}]" if field else text for text, field in parts)


def field_kind(field: str) -> str:
    """The kind of an evidence field, which picks its colour: ``region:RU-ROS`` -> ``region``.

    >>> field_kind("count:RU-ROS"), field_kind("total")
    ('count', 'total')
    """
    return field.partition(":")[0]


def cell(value: Any) -> str:
    """A value of a reconciliation row as one table or CSV cell: lists joined with ';'.

    >>> cell(["a", "b"]), cell(None), cell(True), cell(4)
    ('a;b', '', 'true', '4')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(cell(v) for v in value)
    return str(value)


def figure(low: int | None, high: int | None) -> str:
    """'41', or '40-41' where the sources disagree, or '?' with no figure."""
    if low is None:
        return "?"
    return str(low) if low == high else f"{low}-{high}"


def groups_cell(groups: list[dict[str, Any]]) -> str:
    """A side's reconciled claims in one incident, one per line:
    'ministry:RU destroyed uav 41 (5 docs, discrepancy)'."""
    lines = []
    for g in groups:
        notes = [f"{g['documents']} docs" if g["documents"] > 1 else "", *(f for f in g["flags"] if f != "no_primary")]
        note = ", ".join(n for n in notes if n)
        lines.append(
            f"{g['claimant']} {g['action']} {g['weapon']} {figure(g['low'], g['high'])}"
            + (f" ({note})" if note else "")
        )
    return "\n".join(lines)


def impacts_cell(impacts: list[dict[str, Any]]) -> str:
    """An incident's reports from the ground, one per line: 'debris RU-BEL (Никольское)'."""
    return "\n".join(
        " ".join(x for x in (i["kind"], i["region"], f"({i['place']})" if i["place"] else None) if x) for i in impacts
    )


def hedged_cell(c: dict[str, Any]) -> str:
    """'hedged' for a claim the text hedges ('about', 'reportedly'), else empty."""
    return "hedged" if c.get("hedged") else ""


#: The columns 'skyledger claims' can show, each with how its cell is made from a claim dict.
CLAIM_COLUMNS: dict[str, Any] = {
    "id": lambda c: c["id"],
    "claimant": claimant_cell,
    "action": lambda c: c["action"],
    "weapon": weapon_cell,
    "total": total_cell,
    "toward_moscow": lambda c: cell(c.get("toward_moscow")),
    "hedged": hedged_cell,
    "regions": regions_cell,
    "window": lambda c: window_cell(c),
    "day": lambda c: cell(c.get("day")),
    "role": lambda c: cell(c.get("role")),
    "grade": lambda c: cell(c.get("grade")),
    "flags": lambda c: ", ".join(c["flags"]),
    "checks": lambda c: checks_cell(c),
    "source": lambda c: c["source"],
}
#: The columns shown by default: narrow enough for a 100-column terminal with short values.
DEFAULT_COLUMNS = ("id", "claimant", "action", "weapon", "total", "regions", "day", "role", "checks")
