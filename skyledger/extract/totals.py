"""Running totals: a source's figures of one night, then their stated sum, are one claim.

A mayor posts through the night ('отражена атака двух БПЛА', 'ещё одного', 'ещё трёх'), and a
report quotes each post, then the sum ('by 06:10 he had reported a total of 19', 'таким образом,
с начала ночи сбиты девять'). The posts' figures are parts of the sum: kept beside it, the ledger
would count the night twice. Only a sum the text marks as one is read so, and only figures that
fit inside it (source, action, weapon, night, hours, regions, count) are its parts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from skyledger.extract.claims import Draft
from skyledger.extract.lexicon import Lexicon
from skyledger.model import Claim, Claimant, Window

#: A window longer than this is a period (a day, a week), whose figure is a claim of its own beside
#: the nights inside it (tests/gold/FORMAT.md), never their sum.
NIGHT_HOURS = 20


def fold_running_totals(read: list[tuple[Draft, Claim]], lex: Lexicon) -> tuple[list[Claim], dict[int, Claim]]:
    """The claims with each stated sum's parts folded into it, and which sum took each part (by id).

    The sum is flagged ``running_total``; a sum that names no source takes its parts' one source,
    flagged ``claimant_from_parts``."""
    out = [claim for _, claim in read]
    taken: dict[int, Claim] = {}
    for k, (d, total) in enumerate(read):
        if total.total is None or total.total_bound == "about" or not stated_as_sum(d, lex):
            continue
        if period(total.window):
            continue
        parts = [c for _, c in read[:k] if id(c) not in taken and part_of_total(c, total)]
        named = {source(c.claimant): c.claimant for c in parts if c.claimant.kind != "unknown"}
        if not parts or sum(c.total or 0 for c in parts) > total.total or len(named) > 1:
            continue
        flags = [*total.flags, "running_total"]
        claimant = total.claimant
        if claimant.kind == "unknown" and named:
            claimant = next(iter(named.values()))
            flags.append("claimant_from_parts")
        folded = replace(total, claimant=claimant, flags=tuple(dict.fromkeys(flags)))
        folded_now = {id(p) for p in parts}
        taken = {key: folded if id(t) in folded_now else t for key, t in taken.items()}  # a sum of sums
        taken |= {id(p): folded for p in parts}
        out = [folded if c is total else c for c in out if id(c) not in taken]
        read[k] = (d, folded)
    return out, taken


def stated_as_sum(d: Draft, lex: Lexicon) -> bool:
    """The draft's figure is marked as a sum: a total word right before it ('a total of 19', 'всего
    40', past punctuation), or a recap word opening its sentence's statement ('таким образом, ...
    сбиты девять'); not a figure since the start of a year or a war, and not one more ('ещё 12')."""
    if d.total is None and not d.fragments:
        return False
    count, facts = (d.total, d.anchor) if d.total else (d.fragments[0].count, d.fragments[0].facts)
    toks, i = facts.toks, count.i
    norms = toks.norms
    glued = any(
        m.j <= i and all(not t.text[:1].isalnum() for t in toks[m.j : i]) for m in lex.cue("total_marker").scan(toks)
    )
    recap = any(m.j <= i for m in lex.cue("recap").scan(toks))
    since = any(m.i < i for m in lex.cue("since_start").scan(toks))
    more = any(lex.cue("additive").match_at(norms, k) for k in range(max(0, i - 2), i))
    return (glued or recap) and not since and not more


def period(w: Window) -> bool:
    """The window is a day or longer ('over the past week', 'за сутки'): no night's sum."""
    start, end = w.start or w.approx_start, w.end or w.approx_end
    if not start or not end or len(start) <= 5 or len(end) <= 5:
        return False
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() > NIGHT_HOURS * 3600


def source(who: Claimant) -> tuple[str, str | None]:
    """Who a claimant is, for comparing two claims' sources: the person where named, else the body."""
    return who.kind, who.person or who.name


def part_of_total(c: Claim, total: Claim) -> bool:
    """Claim ``c`` can be a part of ``total``: its action and weapon; its source (or the total or the
    part names none); its night, and its clock times inside the total's; a smaller figure; and
    regions inside the total's (one at most where the total names none: a breakdown over several
    regions that the total does not give is no part to fold away)."""
    same_source = "unknown" in (total.claimant.kind, c.claimant.kind) or source(c.claimant) == source(total.claimant)
    night = not c.window.date or not total.window.date or c.window.date == total.window.date
    codes = {r.code for r in c.regions}
    inside = codes <= {r.code for r in total.regions} if total.regions else len(codes) <= 1
    smaller = c.total is not None and total.total is not None and c.total < total.total
    kind = (c.action, c.weapon) == (total.action, total.weapon)
    return kind and same_source and night and hours_inside(c.window, total.window) and inside and smaller


def hours_inside(part: Window, total: Window) -> bool:
    """The part's stated clock times fall inside the total's, where both state them in one form."""
    if not (part.start and total.start and part.end and total.end):
        return True
    if (len(part.start) > 5) != (len(total.start) > 5):
        return True  # one resolved to a date, the other a bare time: not comparable
    return total.start <= part.start and part.end <= total.end
