"""Answers to "why this figure?": what was read where, and what was inferred, in words.

``skyledger show`` prints these lines under the claim, beside the table of spans. They are built
from what the ledger already holds (the spans, the flags, the checks, the report's channel and
time), never from a second reading of the text, so each line says what the extractor did. The
sentence for each flag is data (``data/explanations.yaml``); this module only fills it in.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

#: How far apart (in characters) the action and the figure may be to be quoted as one phrase.
PHRASE_GAP = 12
#: A quote longer than this keeps its beginning and end, joined by '…'.
QUOTE_MAX = 90


@cache
def templates() -> dict[str, dict[str, str]]:
    """The explanation of each claim flag and region-line flag (``claim`` and ``region``)."""
    text = resources.files("skyledger.data").joinpath("explanations.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _template(section: str, flag: str) -> tuple[str, str] | None:
    """The template for ``flag`` and the flag's argument (after the ':' of a prefix key)."""
    table = templates()[section]
    if flag in table:
        return table[flag], ""
    head, sep, arg = flag.partition(":")
    return (table[head + sep], arg) if sep and head + sep in table else None


def quote(text: str, span: list[int] | None) -> str:
    """The words at ``span``, in single quotes, on one line; a long span (a window from its start
    time to an end time sentences later) keeps its two ends.

    >>> quote("from 18:00 on 14 March ... as of 08:30", [0, 39])
    "'from 18:00 on 14 March ... as of 08:30'"
    >>> len(quote("word " * 40, [0, 200])) <= QUOTE_MAX + 4
    True
    """
    if not span:
        return "''"
    words = " ".join(text[span[0] : span[1]].split())
    if len(words) > QUOTE_MAX:
        half = QUOTE_MAX // 2 - 1
        words = f"{words[:half].rstrip()} … {words[-half:].lstrip()}"
    return f"'{words}'"


def _phrase(spans: dict[str, list[int]], *fields: str) -> list[int] | None:
    """One span covering ``fields`` when they lie close together ('intercepted and destroyed 22'),
    else the first field's span alone.

    >>> _phrase({"total": [10, 12], "action": [0, 9]}, "total", "action")
    [0, 12]
    >>> _phrase({"total": [40, 42], "action": [0, 9]}, "total", "action")
    [40, 42]
    """
    found = [spans[f] for f in fields if spans.get(f)]
    if not found:
        return None
    start, end = min(s for s, _ in found), max(e for _, e in found)
    if end - start - sum(e - s for s, e in found) > PHRASE_GAP:
        return found[0]
    return [start, end]


def _reading(c: dict[str, Any]) -> str | None:
    """Which reading of a count over several regions was chosen, when the total decided it: the
    lines that share one count span were split ('shared') or each given the count ('each')."""
    if not any(k["name"] == "collective_distributive_resolved" and k["status"] == "pass" for k in c["checks"]):
        return None
    by_span: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in c["regions"]:
        if r.get("count_span"):
            by_span.setdefault(tuple(r["count_span"]), []).append(r)
    lines = []
    for span, regions in by_span.items():
        if len(regions) > 1:
            shared = any("collective_split_evenly" in r["flags"] for r in regions)
            names = " and ".join(r["name"] for r in regions)
            lines.append(f"{quote(c['text'], list(span))} over {names} read as {'shared' if shared else 'each'}")
    if not lines:
        return None
    return f"{'; '.join(lines)}: the only reading that makes the breakdown add up to {c['total']}"


def _fields(c: dict[str, Any]) -> dict[str, Any]:
    """What the templates may name."""
    w = c["window"]
    approx = f"{w['approx_start']} to {w['approx_end']}" if w.get("approx_start") else "no times"
    return {
        "channel": c.get("channel") or c.get("source"),
        "published": c.get("published") or "no time",
        "basis": {"source": "stated by the source", "cli": "given with --published", "mtime": "the file's time"}.get(
            c.get("published_basis") or "", c.get("published_basis") or "unknown"
        ),
        "phrase": w.get("phrase") or quote(c["text"], (c.get("spans") or {}).get("window")).strip("'"),
        "approx": approx,
        "side": c["claimant"].get("side") or "unknown",
        "home": c["claimant"].get("region") or "unknown",
    }


def explain(c: dict[str, Any]) -> list[str]:
    """Lines saying where each value of claim ``c`` (``repo.get_claim``) was read, and what was
    inferred: first the figure, claimant, weapon and window, then one line per flag."""
    text, spans = c["text"], c.get("spans") or {}
    lines = []
    if spans.get("total"):
        lines.append(f"total {c['total']} read from {quote(text, _phrase(spans, 'total', 'action'))}")
    if spans.get("claimant"):
        who = " ".join(v for v in (c["claimant"]["kind"], c["claimant"]["person"] or c["claimant"]["name"]) if v)
        lines.append(f"claimant {who} read from {quote(text, spans['claimant'])}")
    if spans.get("weapon"):
        lines.append(f"weapon {c['weapon']} read from {quote(text, spans['weapon'])}")
    if spans.get("window"):
        lines.append(f"window read from {quote(text, spans['window'])}")
    elif c.get("inferred") == "published":
        lines.append(f"no time stated: the window is the hours before the report's time ({c.get('published')})")
    if reading := _reading(c):
        lines.append(reading)
    fields = _fields(c)
    for flag in c["flags"]:
        if found := _template("claim", flag):
            lines.append(found[0].format(**fields, arg=found[1]))
    for r in c["regions"]:
        for flag in r["flags"]:
            if found := _template("region", flag):
                lines.append(found[0].format(**fields, arg=found[1], code=r["code"]))
    return lines
