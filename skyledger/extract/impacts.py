"""Impacts (fire, damage, debris, outages, casualties and their absence) and measures (no-fly zones,
airport restrictions, stay-indoors orders, air-raid alerts), each with its region and span.

The region is the place the sentence names; failing that, the region the text was just talking about
(the last claim's region or the last claimant's region, at most a few sentences back), and the impact
is flagged ``region_from_context``. An impact with no region at all is not written: there would be
no evidence of where it happened.
"""

from __future__ import annotations

from datetime import date

from skyledger.extract.facts import PlaceRef, SentenceFacts
from skyledger.extract.gazetteer import Place, resolve
from skyledger.extract.lexicon import Lexicon
from skyledger.extract.numbers import find_numbers
from skyledger.extract.times import resolve_year
from skyledger.model import Claim, Impact, Measure

#: How many sentences back a context region stays valid.
CONTEXT_REACH = 3
#: Impact kinds that carry a number of people.
COUNTED = {"killed", "injured"}
#: In one sentence, a fire or damage is the impact and the debris or damage that caused it is not
#: recorded again (the gold's reading of 'debris from a downed drone struck a warehouse; a fire erupted').
CONSEQUENCES = {"fire"}
CAUSES = {"debris", "damage"}


def place_refs_context(refs: list[PlaceRef]) -> list[str]:
    """Regions of the unambiguous places in a list: context for the ambiguous ones."""
    return [p.candidates[0].region for p in refs if p.candidates and len({c.region for c in p.candidates}) == 1]


def claimant_region(f: SentenceFacts) -> str | None:
    """The region of a person the sentence names (a governor's, a mayor's)."""
    for r in f.claimants:
        if r.entry.region:
            return r.entry.region
    return None


def find_impacts_and_measures(
    sentences: list[SentenceFacts], claims_by_sentence: dict[int, Claim], lex: Lexicon, reference: date | None
) -> tuple[list[Impact], list[Measure]]:
    """Impacts and measures of a document, de-duplicated by (kind, region, place)."""
    impacts: dict[tuple, Impact] = {}
    measures: dict[tuple, Measure] = {}
    context: tuple[int, str] | None = None
    seen: list[str] = []  # regions of places named so far: context for an ambiguous name later on
    for k, f in enumerate(sentences):
        s = f.sentence.index
        own_region = claimant_region(f)
        ctx_codes = [
            c
            for c in ([own_region] + place_refs_context(f.places) + ([context[1]] if context else []) + seen[::-1])
            if c
        ]
        refs = [p for p in f.places if not p.launch_area and not p.own and p.candidates]
        places = [resolve(p.candidates, ctx_codes, prefer_town=True)[0] for p in refs]
        fallback, flags = None, []
        if own_region:
            fallback, flags = own_region, ["region_from_claimant"]
        elif context and s - context[0] <= CONTEXT_REACH:
            fallback, flags = context[1], ["region_from_context"]
        found = lex.impacts.scan(f.toks)
        consequences = {m.values[0] for m in found} & CONSEQUENCES
        for m in found:
            kind = m.values[0]
            if kind in CAUSES and consequences:
                continue  # 'debris struck a warehouse and a fire broke out': the fire is the impact
            near = nearest_place(refs, places, m.i, m.j)
            region = near.region if near else fallback
            if region is None or kind == "none":
                continue
            towns = [p.name for p in places if not p.is_region and p.region == region]
            people = f.people[0][0] if f.people and kind == "power_outage" else None
            count = count_near(f, lex, m.i, m.j) if kind in COUNTED else None
            if (kind, region) in impacts:
                continue
            impacts[(kind, region)] = Impact(
                kind,
                (f.toks[m.i].start, f.toks[m.j - 1].end),
                region,
                towns[0] if towns else None,
                tuple(dict.fromkeys(towns)) if len(towns) > 1 else (),
                people,
                count,
                impact_date(f, reference),
                tuple(flags if near is None else []),
            )
        for m in lex.measures.scan(f.toks):
            near = nearest_place(refs, places, m.i, m.j)
            region = near.region if near else fallback
            kind = m.values[0]
            if region is None or (kind, region) in measures:
                continue
            measures[(kind, region)] = Measure(
                kind,
                (f.toks[m.i].start, f.toks[m.j - 1].end),
                region,
                measure_by(sentences, k),
                tuple(flags if near is None else []),
            )
        seen += place_refs_context(f.places) + ([own_region] if own_region else [])
        claim = claims_by_sentence.get(s)
        if claim and claim.regions:
            context = (s, claim.regions[0].code)
        elif claim and claim.claimant.region:
            context = (s, claim.claimant.region)
        elif places:
            context = (s, places[-1].region)
        elif own_region:
            context = (s, own_region)
    return list(impacts.values()), list(measures.values())


def nearest_place(refs: list[PlaceRef], places: list[Place], i: int, j: int) -> Place | None:
    """The place named closest to a trigger at tokens [i, j): after it ('outages in Donetsk') first."""
    best, best_d = None, 10**6
    for ref, place in zip(refs, places, strict=True):
        d = ref.i - j if ref.i >= j else (i - ref.j) + 0.5
        if d < best_d:
            best, best_d = place, d
    return best


def count_near(f: SentenceFacts, lex: Lexicon, i: int, j: int) -> int | None:
    """A number right around a casualty word ('two people were killed', 'killing three')."""
    for n in find_numbers(f.toks, lex):
        if n.kind != "article" and (0 <= i - n.j <= 4 or 0 <= n.i - j <= 2):
            return n.value
    return None


def impact_date(f: SentenceFacts, reference: date | None) -> str | None:
    """The calendar date a sentence gives, resolved against the reference date when there is one."""
    for t in f.times:
        if t.kind == "date" and t.date_to:
            d = resolve_year(*t.date_to, reference) if reference else None
            return d.isoformat() if d else f"--{t.date_to[0]:02d}-{t.date_to[1]:02d}"
    return None


def measure_by(sentences: list[SentenceFacts], k: int) -> str | None:
    """Who ordered a measure: a person named in its sentence or the next one."""
    for f in sentences[k : k + 2]:
        for r in f.claimants:
            if r.entry.person or r.person:
                return r.entry.person or r.person
    return None
