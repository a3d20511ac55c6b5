"""Impacts (fire, damage, debris, outages, casualties and their absence) and measures (no-fly zones,
airport restrictions, stay-indoors orders, air-raid alerts), each with its region and span.

The region is the place the sentence names; failing that, the region the text was just talking about
(the last claim's region or the last claimant's region, at most a few sentences back), and the impact
is flagged ``region_from_context``. An impact with no region at all is not written: there would be
no evidence of where it happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from skyledger.extract.facts import PlaceRef, SentenceFacts, span_of
from skyledger.extract.gazetteer import Place, resolve
from skyledger.extract.lexicon import Lexicon, read_yaml
from skyledger.extract.numbers import find_numbers
from skyledger.extract.times import resolve_year
from skyledger.model import Claim, Impact, Measure

#: How many sentences back a context region stays valid.
CONTEXT_REACH = 3
#: Words that may follow a place name inside a list of places.
REGION_WORDS = {"region", "regions", "oblast", "oblasts", "district", "districts", "krai", "область", "район"}
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
        if r.region_hint and r.region_hint[0].candidates:
            return r.region_hint[0].candidates[0].region  # 'Глава ДНР': the area the role governs
    return None


@dataclass
class Where:
    """The places of one sentence, resolved, and the region to fall back on."""

    refs: list[PlaceRef]
    places: list[Place]
    fallback: str | None
    flags: list[str]
    own: str | None = None  # the region of a person the sentence names

    def unplaced(self) -> list[str]:
        """The flags of the towns left unplaced, which an impact keeps even when the sentence names its place."""
        return [f for f in self.flags if f.startswith("place_unplaced:")]

    def regions_at(self, f: SentenceFacts, i: int, j: int) -> tuple[list[str], bool]:
        """Regions a trigger at tokens [i, j) speaks of, and whether they came from the sentence.

        The nearest place and every place listed with it ('in the Sumy and Chernihiv regions').
        """
        k = nearest_index(self.refs, i, j)
        if k is None:
            return ([self.fallback] if self.fallback else []), False
        group = listed_with(f, self.refs, k)
        return list(dict.fromkeys(self.places[n].region for n in group)), True


def find_impacts_and_measures(
    sentences: list[SentenceFacts],
    claims_by_sentence: dict[int, Claim],
    lex: Lexicon,
    reference: date | None,
    home: str | None = None,
) -> tuple[list[Impact], list[Measure]]:
    """Impacts and measures of a document: impacts one per (kind, region, town), measures one per
    (kind, region). ``home`` is the region of the channel's own claimant (a governor's), whose
    villages are his region's."""
    impacts: dict[tuple, Impact] = {}
    measures: dict[tuple, Measure] = {}
    context: tuple[int, str] | None = None
    seen: list[str] = []  # regions of places named so far: context for an ambiguous name later on
    for k, f in enumerate(sentences):
        where = locate(f, context, seen, lex, home)
        read_impacts(f, where, lex, reference, impacts)
        for m in lex.measures.scan(f.toks):
            regions, named = where.regions_at(f, m.i, m.j)
            if m.values[0] == "airport_restrictions" and named:
                regions = list(dict.fromkeys(p.region for p in where.places))  # 'Kaluga and Sheremetyevo airports'
            for region in regions:
                measures.setdefault(
                    (m.values[0], region),
                    Measure(
                        m.values[0],
                        span_of(f.toks, m.i, m.j),
                        region,
                        measure_by(sentences, k),
                        tuple([] if named else where.flags),
                    ),
                )
        seen += place_refs_context(f.places) + ([where.own] if where.own else [])
        context = next_context(f, claims_by_sentence.get(f.sentence.index), where, context)
    return list(impacts.values()), list(measures.values())


def locate(
    f: SentenceFacts, context: tuple[int, str] | None, seen: list[str], lex: Lexicon, home: str | None = None
) -> Where:
    """Resolve a sentence's places with everything known so far as context.

    A town that the claimant's own region (the sentence's governor, else the channel's) does not
    hold is a namesake elsewhere ('Никольское' in a Belgorod governor's post is no 'Никольск' in
    Penza): it is left unplaced, and flagged, rather than put in another region.
    """
    own_region = claimant_region(f)
    hints = country_hints(f, lex)
    previous = [context[1]] if context else []
    codes = [c for c in hints + [own_region, home] + place_refs_context(f.places) + previous + seen[::-1] if c]
    refs = [p for p in f.places if not p.launch_area and not p.own and p.candidates]
    places = [resolve(p.candidates, codes, prefer_town=True)[0] for p in refs]
    flags: list[str] = []  # the towns left unplaced
    if own_region or home:
        kept = [k for k, p in enumerate(places) if p.is_region or p.region == (own_region or home)]
        for k in sorted(set(range(len(refs))) - set(kept)):
            flags.append(f"place_unplaced:{refs[k].text}")
        refs, places = [refs[k] for k in kept], [places[k] for k in kept]
    if own_region:
        return Where(refs, places, own_region, ["region_from_claimant", *flags], own_region)
    if context and f.sentence.index - context[0] <= CONTEXT_REACH:
        return Where(refs, places, context[1], ["region_from_context", *flags])
    return Where(refs, places, None, flags)


def country_hints(f: SentenceFacts, lex: Lexicon) -> list[str]:
    """'in eastern Ukraine' makes an ambiguous 'Donetsk' the Ukrainian one: returns 'UA-*' style hints."""
    return [f"{m.values[0]}-*" for m in lex.cue("country_hint").scan(f.toks)]


def read_impacts(f: SentenceFacts, where: Where, lex: Lexicon, reference: date | None, impacts: dict) -> None:
    """The impacts of one sentence, added to ``impacts`` unless already there."""
    found = [m for m in lex.impacts.scan(f.toks) if m.values[0] != "none"]
    consequences = {m.values[0] for m in found} & CONSEQUENCES
    present = {k for m in found for k in m.values[0].split("+")}
    superseded = superseded_by(lex.lang)
    for m in found:
        for kind in m.values[0].split("+"):
            if superseded is not None:
                if set(superseded.get(kind, ())) & present:
                    continue  # the language's table: 'обломками повреждена кровля' is the damage only
            elif kind in CAUSES and consequences:
                continue  # 'debris struck a warehouse and a fire broke out': the fire is the impact
            regions, named = where.regions_at(f, m.i, m.j)
            for region in regions:
                towns = [p.name for p in where.places if not p.is_region and p.region == region]
                town = towns[0] if towns else None
                if (kind, region, town) in impacts or (town is None and any(k[:2] == (kind, region) for k in impacts)):
                    continue  # the same impact told again ('The fire ... was put out'), one per town
                impacts[(kind, region, town)] = Impact(
                    kind,
                    span_of(f.toks, m.i, m.j),
                    region,
                    towns[0] if towns else None,
                    tuple(dict.fromkeys(towns)) if len(set(towns)) > 1 else (),
                    f.people[0][0] if f.people and kind == "power_outage" else None,
                    count_near(f, lex, m.i, m.j) if kind in COUNTED else None,
                    impact_date(f, reference),
                    tuple(where.unplaced() if named else where.flags),
                )


@cache
def superseded_by(lang: str) -> dict[str, list[str]] | None:
    """A language's own reading of cause and consequence in one sentence (``impact_superseded_by`` in
    its cue table: kind -> the kinds that stand for it), or None for the default above."""
    table = (read_yaml(f"cues_{lang}.yaml") or {}).get("impact_superseded_by")
    return {str(k): list(v) for k, v in table.items()} if isinstance(table, dict) else None


def next_context(f: SentenceFacts, claim: Claim | None, where: Where, context):
    """The region later sentences fall back on: this sentence's claim, its places, or its claimant."""
    s = f.sentence.index
    if claim and claim.regions:
        return s, claim.regions[0].code
    if claim and claim.claimant.region:
        return s, claim.claimant.region
    if where.places:
        return s, where.places[-1].region
    own = where.own
    if not own and where.fallback and f.reports_impact:
        return s, where.fallback  # a run of impact sentences stays where it started
    return (s, own) if own else context


def nearest_index(refs: list[PlaceRef], i: int, j: int) -> int | None:
    """Index of the place named closest to tokens [i, j): one after it ('outages in Donetsk') first."""
    best, best_d = None, 10**6
    for k, ref in enumerate(refs):
        d = ref.i - j if ref.i >= j else (i - ref.j) + 0.5
        if d < best_d:
            best, best_d = k, d
    return best


def listed_with(f: SentenceFacts, refs: list[PlaceRef], k: int) -> list[int]:
    """Indices of the places in the same list as place k ('the Sumy and Chernihiv regions')."""
    glue = {",", "and", "the", "и", "і", "та", "й"}
    group = [k]
    for step in (-1, 1):
        n = k
        while 0 <= n + step < len(refs):
            a, b = (refs[n + step], refs[n]) if step < 0 else (refs[n], refs[n + step])
            between = [t.norm for t in f.toks[a.j : b.i]]
            if not all(w in glue or w in REGION_WORDS for w in between):
                break
            n += step
            group.append(n)
    return sorted(group)


def count_near(f: SentenceFacts, lex: Lexicon, i: int, j: int) -> int | None:
    """A number right around a casualty word ('two people were killed', 'killing three')."""
    near = [n for n in find_numbers(f.toks, lex) if n.kind != "article" and (0 <= i - n.j <= 4 or 0 <= n.i - j <= 2)]
    people = {span for _, span, _ in f.people}
    counted = [n for n in near if (n.start, n.end) in people]  # '17 дронов, ранены три человека': the people
    return (counted or near)[0].value if near else None


def impact_date(f: SentenceFacts, reference: date | None) -> str | None:
    """The calendar date a sentence gives, resolved against the reference date when there is one."""
    for t in f.times:
        if t.kind == "date" and t.date_to:
            if t.year:  # '21.11.2023' names its year
                return date(t.year, *t.date_to).isoformat()
            d = resolve_year(*t.date_to, reference) if reference else None
            return d.isoformat() if d else f"--{t.date_to[0]:02d}-{t.date_to[1]:02d}"
    return None


def measure_by(sentences: list[SentenceFacts], k: int) -> str | None:
    """Who ordered a measure: a person named in its sentence, the next one ('Governor X announced the
    measure'), or the one before it in the same paragraph ('Klitschko said ... Residents should stay in
    shelters')."""
    near = sentences[k : k + 2]
    if k > 0 and sentences[k - 1].sentence.para == sentences[k].sentence.para:
        near.append(sentences[k - 1])
    for f in near:
        for r in f.claimants:
            if r.entry.person or r.person:
                return r.entry.person or r.person
    return None
