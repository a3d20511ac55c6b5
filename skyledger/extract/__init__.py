"""extract(report) -> Extraction: the claims, impacts and measures of one report.

The pipeline is: split sentences -> a cheap pre-filter keeps the sentences that hold any trigger word
or digit -> only those are tokenised and read (``facts``) -> totals and fragments become claims
(``claims``) -> times are resolved (``windows``) -> checks are run (``checks``) -> impacts and
measures are read (``impacts``). A report with no trigger costs one regex scan.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import MAXYEAR, MINYEAR, date, datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import yaml

from skyledger.channels import channel_of
from skyledger.extract.candidates import confirmed, needed, split_candidates
from skyledger.extract.checks import (
    breakdown_sums_to_total,
    launched_covers_outcomes,
    reading_resolved,
    regions_match_stated,
    window_matches_stated,
)
from skyledger.extract.claims import Draft, draft_total, region_lines
from skyledger.extract.document import assemble_document, read_document, share_windows
from skyledger.extract.facts import ClaimantRef, SentenceFacts, read_sentence
from skyledger.extract.gazetteer import gazetteer, load_regions
from skyledger.extract.impacts import find_impacts_and_measures
from skyledger.extract.language import detect_language
from skyledger.extract.lexicon import Lexicon, lexicon
from skyledger.extract.markup import reading_text
from skyledger.extract.numbers import within
from skyledger.extract.sentences import Sentence, split_sentences
from skyledger.extract.times import ZONES
from skyledger.extract.tokens import LANGS, tokenize
from skyledger.extract.totals import fold_running_totals
from skyledger.extract.windows import TimeEvidence, build_window, distribute_times, zone_for
from skyledger.model import Claim, Claimant, Extraction, RegionCount, Report, Span, Window


def extractor_version() -> str:
    """'0.1.0+<hash>': the release and a hash of the extractor's code and data tables.

    The ledger re-extracts a stored document only when this changes, so it must change whenever
    the grammar or a table does; a hand-kept number would be forgotten.
    """
    digest = hashlib.sha256()
    roots = [resources.files("skyledger") / "extract", resources.files("skyledger") / "data"]
    for root in roots:
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".yaml", ".csv")):
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return f"0.1.0+{digest.hexdigest()[:10]}"


EXTRACTOR_VERSION = extractor_version()

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_text"]


def extract_text(text: str, lang: str | None = None, published: date | None = None) -> Extraction:
    """Extract from a bare string (for tests and the library)."""
    return extract(Report(source="<text>", text=text, format="text", lang=lang), reference=published)


def extract(report: Report, reference: date | None = None) -> Extraction:
    """Every claim, impact and measure of one report."""
    lang = report.lang if report.lang in LANGS else detect_language(report.text)
    lex = lexicon(lang)
    if reference is None and report.published is not None:
        reference = local_day(report.published, lang)
    if reference is not None and not REFERENCE_RANGE[0] <= reference <= REFERENCE_RANGE[1]:
        reference = None  # a placeholder date ('0001-01-01', '9999-12-31'): no day or year around it exists
    text = reading_text(report.text)
    sentences = split_sentences(text)
    facts = read_candidates(text, sentences, lex)
    author = read_document(text, sentences, facts, lex)
    drafts = assemble_document(facts, text, sentences)
    evidence = distribute_times(drafts, facts)
    share_windows(drafts, evidence, author)
    claims: list[Claim] = []
    read: list[tuple[Draft, Claim]] = []
    by_sentence: dict[int, Claim] = {}
    context_date = None
    context_window = None
    previous = None
    for d in drafts:
        claim = build_claim(d, facts, lex, report, reference, evidence[id(d)], context_date, previous)
        previous = d
        if claim is None:
            continue
        if claim.window.date and "date_from_context" not in claim.flags:
            context_date, context_window = claim.window.date, claim.window
        elif context_window is not None and "date_from_context" in claim.flags:
            claim = window_from_context(claim, context_window)
        read.append((d, claim))
    claims, taken = fold_running_totals(read, lex)
    for d, claim in read:  # a folded figure's sentence speaks of the total that took it
        by_sentence.setdefault(d.sentence_index, taken.get(id(claim), claim))
    home = channel_claimant(report, lex)
    impacts, measures = find_impacts_and_measures(facts, by_sentence, lex, reference, home.region if home else None)
    claims = launched_covers_outcomes(claims)
    return Extraction(report, lang, tuple(claims), tuple(impacts), tuple(measures), EXTRACTOR_VERSION)


#: The reference dates the windows can be read against: a window reaches a year after it, and a
#: 29 February up to eight years before it (times.resolve_year).
REFERENCE_RANGE = (date(MINYEAR + 8, 1, 1), date(MAXYEAR - 1, 12, 31))


def local_day(published: datetime, lang: str) -> date:
    """The calendar day a report was published on where it was written: a Telegram post at 01:30
    Moscow time (22:30 UTC the day before) is about the night that just ended."""
    if published.tzinfo is None or not REFERENCE_RANGE[0] <= published.date() <= REFERENCE_RANGE[1]:
        return published.date()
    return published.astimezone(ZoneInfo(ZONES["UA" if lang == "uk" else "RU"])).date()


def read_candidates(text: str, sentences: list[Sentence], lex: Lexicon) -> list[SentenceFacts]:
    """Read the strong candidate sentences, then the weak ones a productive sentence stands beside."""
    strong, weak = split_candidates(text, sentences, lex.lang)
    toks = {k: tokenize(text[sentences[k].start : sentences[k].end], lex.lang, sentences[k].start) for k in strong}
    kept = [k for k in strong if confirmed(text[sentences[k].start : sentences[k].end], toks[k], lex)]
    facts = {k: read_sentence(text, sentences[k], lex, toks[k]) for k in kept}
    productive = [k for k, f in facts.items() if f.counts or f.toward_only or f.reports_impact or f.times]
    weak = sorted({*weak, *(k for k in strong if k not in facts)})
    for k in needed(weak, productive, len(sentences) - 1):
        facts[k] = read_sentence(text, sentences[k], lex, toks.get(k))
    return [facts[k] for k in sorted(facts)]


def choose_claimant(d: Draft, facts: list[SentenceFacts], previous: Draft | None) -> tuple[ClaimantRef | None, str]:
    """The claim's source, nearest first.

    Its own sentence; the sentence before it in the same paragraph; the source of the claim before
    it in the same paragraph (an Air Force report gives several figures, naming itself once); the
    next sentence when it holds no count ('Governor X confirmed the incident'); the sentence before
    it across a paragraph break, likewise.
    """
    if d.claimant:
        return d.claimant, "sentence"
    pos = facts.index(d.anchor)
    before = facts[pos - 1] if pos > 0 and facts[pos - 1].sentence.index == d.sentence_index - 1 else None
    after = facts[pos + 1] if pos + 1 < len(facts) and facts[pos + 1].sentence.index == d.sentence_index + 1 else None
    para = d.anchor.sentence.para
    if before is not None and before.sentence.para == para and source_in(before):
        return source_in(before), "previous_sentence"
    if previous is not None and para - previous.anchor.sentence.para <= 1 and previous.claimant:
        return previous.claimant, "previous_claim"
    if after is not None and after.turns:
        after = None  # 'Meanwhile, the Russian ministry claimed ...': another source's statement begins
    if after is not None and after.sentence.para == para and source_in(after):
        return source_in(after), "next_sentence"
    for f, basis in ((after, "next_sentence"), (before, "previous_sentence")):
        if f is not None and not f.counts and not f.reports_impact and source_in(f):
            return source_in(f), basis
    if d.anchor.hedge:
        return None, ""  # 'were reportedly launched': hearsay is nobody's claim by default
    return sole_source(facts[:pos]), "sole_source"


def named_body(ref: ClaimantRef | None, facts: list[SentenceFacts], d: Draft) -> ClaimantRef | None:
    """'Moscow said it downed 57 drones ... In its daily update, the Russian defence ministry said':
    a capital named as speaker is the body of its side that the report names next."""
    if ref is None or not ref.entry.key.startswith("government_"):
        return None
    for f in facts:
        if f.sentence.index <= d.sentence_index:
            continue
        for r in f.claimants:
            if not r.indirect and r.side == ref.side and r.entry.kind in ("ministry", "air_force", "military"):
                return r
    return None


def sole_source(earlier: list[SentenceFacts]) -> ClaimantRef | None:
    """The one source a report has named so far, if it has named exactly one (an Air Force summary
    that names itself in its lead). Two different sources before the claim: none is chosen."""
    named = [r for f in earlier for r in f.claimants if not r.indirect and r.entry.kind != "media"]
    named = [r for r in named if r.entry.person or r.person or not r.entry.role]
    identities = {(r.entry.kind, r.entry.person or r.person) for r in named}
    return named[0] if len(identities) == 1 else None


def source_in(f: SentenceFacts) -> ClaimantRef | None:
    """A named source in a neighbouring sentence: a person or an organisation, not media or hearsay."""
    refs = [r for r in f.claimants if not r.indirect and (r.entry.person or r.person or not r.entry.role)]
    refs = [r for r in refs if r.entry.kind != "media"]
    return refs[0] if refs else None


def window_from_context(claim: Claim, context: Window) -> Claim:
    """A claim with no time of its own, in the statement of a claim before it ('… launched 64 drones
    overnight … 52 were shot down'), takes that claim's whole window, not only its date: the hours
    are the same statement's. Flagged ``window_from_context``; the window's span is the other's."""
    w = claim.window
    own = w.start or w.end or w.approx_start or w.phrase  # a vague phrase is a time of its own, read or not
    if own or w.date != context.date or not (context.start or context.approx_start):
        return claim
    window = replace(
        w,
        start=context.start,
        end=context.end,
        tz=context.tz,
        approx_start=context.approx_start,
        approx_end=context.approx_end,
        phrase=context.phrase,
        span=context.span,
    )
    flags = list(claim.flags)
    flags.append("window_from_context")
    if any(t and "T" not in t for t in (window.start, window.end)):
        flags.append("date_unresolved")  # the other claim's bare clock times, and what they lack
    return replace(claim, window=window, flags=tuple(dict.fromkeys(flags)))


@cache
def contested() -> frozenset[str]:
    """Regions with two administrations (``data/contested.yaml``): their offices take no side."""
    text = resources.files("skyledger.data").joinpath("contested.yaml").read_text(encoding="utf-8")
    return frozenset(yaml.safe_load(text)["contested"])


#: The title of a regional office, for its one name ('Governor of Bryansk Oblast').
OFFICE_TITLES = {"governor": "Governor", "mayor": "Mayor"}


def office_of(claimant: Claimant, regions: list[RegionCount], lex: Lexicon, flags: list[str]) -> Claimant:
    """One office, one name. 'The defence ministry said' over Russian regions is the Ministry of
    Defence of Russia, named as its own entry in the claimant table names it, with its side: the
    side comes from the country most of the claim's regions lie in (flagged ``side_from_regions``);
    with no majority, or no region, the claimant stays as the text names it. A governor or mayor is
    the office of its region ('Governor of Kursk Oblast'), on the side of that region's country; one
    the text names without a region ('the governor reported') takes the claim's region when the claim
    names exactly one (flagged ``office_from_regions``)."""
    if claimant.kind in OFFICE_TITLES:
        return regional_office(claimant, regions, flags)
    if claimant.side or claimant.kind not in ("ministry", "air_force", "military"):
        return claimant
    countries = [r.code[:2] for r in regions if r.code[:3] in ("RU-", "UA-")]
    top = max(set(countries), key=countries.count, default=None)
    if top is None or countries.count(top) * 2 <= len(countries):
        return claimant
    entry = next(
        (e for e in lex.claimant_entries.values() if e.kind == claimant.kind and e.side == top and not e.person),
        None,
    )
    flags.append("side_from_regions")
    return replace(claimant, side=top, name=entry.name if entry else claimant.name)


def regional_office(claimant: Claimant, regions: list[RegionCount], flags: list[str]) -> Claimant:
    """A governor's or mayor's office by its region: its one name and its country's side."""
    region = claimant.region
    if region is None:
        codes = {r.code for r in regions if r.code[:3] in ("RU-", "UA-")}
        if len(codes) != 1:
            return claimant
        region = codes.pop()
        flags.append("office_from_regions")
    entry = load_regions().get(region)
    if entry is None:
        return replace(claimant, region=region)
    # a mayor is the office of a city: of a region only where the region is the city (Moscow, Kyiv)
    own = claimant.kind == "governor" or entry.kind == "federal_city"
    name = f"{OFFICE_TITLES[claimant.kind]} of {entry.name_en}" if own else claimant.name
    side = claimant.side or (entry.country if entry.country in ZONES and region not in contested() else None)
    return replace(claimant, region=region, name=name, side=side)


def to_claimant(ref: ClaimantRef | None, lex: Lexicon, report: Report) -> Claimant:
    """The model's Claimant from a mention (or from the channel that published the report)."""
    if ref is None:
        channel = channel_claimant(report, lex)
        return channel or Claimant()
    e = ref.entry
    region = e.region
    if region is None and ref.region_hint:
        region = ref.region_hint[0].candidates[0].region if ref.region_hint[0].candidates else None
    return Claimant(e.kind, e.name, e.person or ref.person, region, ref.side or e.side, ref.span)


def channel_claimant(report: Report, lex: Lexicon) -> Claimant | None:
    """A channel that speaks for a claimant (``data/channels.csv``), or one named after a known claimant.

    'Vyacheslav Gladkov' is that governor; 'Governor of Bryansk Oblast' is a governor whose region
    the gazetteer finds in the name. The claim is flagged claimant_from_channel.
    """
    known = channel_of(report.origin)
    if known is not None:
        return Claimant(known.kind, known.name, known.person, known.region, known.side, None)
    if not report.channel:
        return None
    toks = tokenize(reading_text(report.channel), lex.lang)  # 't.me/kpszsu' names the channel 'kpszsu'
    for m in lex.claimants.scan(toks):
        e = lex.claimant_entries[m.values[0]]
        if e.person or not e.role:
            return Claimant(e.kind, e.name, e.person, e.region, e.side, None)
        places = gazetteer(lex.lang).scan(toks)
        regions = {p.region for p in places[0].values} if places else set()
        if len(regions) == 1:  # named by office_of
            return Claimant(e.kind, None, None, regions.pop(), None, None)
    return None


def build_claim(
    d: Draft,
    facts: list[SentenceFacts],
    lex: Lexicon,
    report: Report,
    reference: date | None,
    ev: TimeEvidence,
    context_date: str | None,
    previous: Draft | None,
) -> Claim | None:
    """Turn a draft into a checked, evidenced Claim."""
    ref, basis = choose_claimant(d, facts, previous)
    d.claimant = d.claimant or ref
    body = named_body(ref, facts, d)
    claimant = to_claimant(body or ref, lex, report)
    flags = list(d.flags)
    if body is not None:
        flags.append("claimant_named_later")
    if ref is None and claimant.kind != "unknown":
        flags.append("claimant_from_channel")
    elif basis in ("next_sentence", "previous_sentence", "previous_claim", "sole_source") and ref is not None:
        flags.append(f"claimant_from_{basis}")
    regions, region_flags = region_lines(d, claimant)
    flags += region_flags
    claimant = office_of(claimant, regions, lex, flags)
    total = draft_total(d)
    derived = d.total is None and len(d.fragments) > 1 and total is not None
    if derived:
        flags.append("total_from_breakdown")
    if (
        not regions
        and claimant.region
        and claimant.kind in ("governor", "mayor")
        and total is not None
        and d.anchor.regions_stated is None
    ):
        known = load_regions()
        if claimant.region in known and claimant.span:
            regions = [type_region(claimant.region, known[claimant.region].name_en, total, claimant.span)]
            flags.append("region_from_claimant")
    toward = toward_count(d, claimant)
    zone, zone_flags = zone_for(claimant, regions, ev.named_zone())
    window, window_flags = build_window(
        ev, zone, reference, report.published_basis if reference else None, context_date
    )
    flags += zone_flags + window_flags
    detail = weapon_detail(d, facts, lex)
    hedge = hedge_span(d, facts)
    spans: list[tuple[str, Span]] = []
    head = d.total or (d.fragments[0].count if d.fragments else None)
    if head is not None:
        if d.total or len(d.fragments) == 1:
            spans.append(("total", head.span))
        if head.action_span:
            spans.append(("action", head.action_span))
        if head.weapon_span:
            spans.append(("weapon", head.weapon_span))
    if hedge:
        spans.append(("hedge", hedge))
    if d.anchor.negation:
        spans.append(("negation", d.anchor.negation))
        flags.append("negated_claim")
    if d.anchor.regions_stated:
        spans.append(("regions_stated", d.anchor.regions_stated[1]))
    # A claim made of one count over its places ('над регионом отражена атака около 30 БПЛА') keeps its bound.
    bound = d.total.bound if d.total else (d.fragments[0].count.bound if len(d.fragments) == 1 else "exact")
    if bound != "exact":
        flags.append(f"approximate:{bound}")
    if any(c.includes_suppressed for c in [d.total, *(f.count for f in d.fragments)] if c is not None):
        flags.append("includes_suppressed")  # 'збито/подавлено 94': one figure for both
    ambiguous = sum(1 for f in d.fragments if f.ambiguous)
    checks = (
        breakdown_sums_to_total(total, bound, regions, derived, any(f.count.part for f in d.fragments)),
        regions_match_stated(d.anchor.regions_stated[0] if d.anchor.regions_stated else None, regions),
        window_matches_stated(window),
        reading_resolved(ambiguous, d.exact_readings, d.total is not None),
    )
    flags += [f"check_failed:{c.name}" for c in checks if c.status == "fail"]
    counts = [c for c in [d.total, *(f.count for f in d.fragments)] if c is not None]
    if any(c.antecedent for c in counts):
        flags.append("total_from_antecedent")  # 'атаку двумя БПЛА ... аппараты уничтожены'
    evidence = sorted(
        {(f.sentence.start, f.sentence.end) for f in d.also}
        | {(d.anchor.sentence.start, d.anchor.sentence.end)}
        | {(f.facts.sentence.start, f.facts.sentence.end) for f in d.fragments}
        | {(c.antecedent.sentence.start, c.antecedent.sentence.end) for c in counts if c.antecedent}
    )
    return Claim(
        claimant=claimant,
        action=d.action,
        weapon=d.weapon[0],
        total=total,
        weapon_detail=detail,
        total_bound=bound,
        regions=tuple(regions),
        regions_stated=d.anchor.regions_stated[0] if d.anchor.regions_stated else None,
        toward_moscow=toward,
        window=window,
        hedged=hedge is not None,
        checks=checks,
        flags=tuple(dict.fromkeys(flags)),
        spans=tuple(spans),
        evidence=tuple(evidence),
        locations=d.total.locations if d.total and d.action == "hit" else None,  # places hit: of hits only
    )


def type_region(code: str, name: str, count: int, span: Span):
    """A breakdown line that stands for the claimant's own region."""
    return RegionCount(code, name, count, span, None, ("region_from_claimant",))


def toward_count(d: Draft, claimant: Claimant) -> int | None:
    """How many of the claim's weapons were said to fly at Moscow ('the city' only for Moscow's mayor)."""
    counts = [c for c in [d.total] + [f.count for f in d.fragments] if c is not None and c.toward]
    if d.anchor.toward_city and not d.anchor.places and claimant.region != "RU-MOW":
        counts = [c for c in counts if c is not d.total]
    counts += d.toward_counts
    return within(sum(c.value for c in counts)) if counts else None


@cache
def detail_classes(lex: Lexicon) -> dict[str, str]:
    """Each weapon type of the tables -> its class ('aircraft-type' -> 'uav')."""
    return {v[1]: v[0] for values in lex.weapons.entries.values() for v in values if v[1]}


def detail_class(detail: str, lex: Lexicon) -> str | None:
    """The class a weapon type belongs to, if the tables name it."""
    return detail_classes(lex).get(detail)


def named_types(f: SentenceFacts, cls: str) -> list[str]:
    """The types of weapon class ``cls`` a sentence names, in order ('Х-101/Х-555, «Калібр»')."""
    return [m.values[0][1] for m in f.weapons if m.values[0][0] == cls and m.values[0][1]]


#: Words that join two kinds of weapon into one figure ('Х-101 та «Калібр»').
CONJUNCTIONS = {"та", "і", "й", "и", "and"}


def weapon_detail(d: Draft, facts: list[SentenceFacts], lex: Lexicon) -> str | None:
    """The weapon's finer type: from the weapon phrase, else a cue ('plane-type') in the next sentences."""
    if d.weapon[1]:
        return d.weapon[1]
    for f in d.fragments:
        if f.count.weapon and f.count.weapon[1]:
            return f.count.weapon[1]
    pos = facts.index(d.anchor)
    for f in facts[pos : pos + 4]:
        if f is not d.anchor and f.counts:
            break
        if f.sentence.index - d.sentence_index > 3:
            break
        fitting = [k for k, _ in f.details if detail_class(k, lex) in (None, d.weapon[0])]
        if fitting:
            return fitting[0]  # 'самолетного типа' is a type of drone, never of the bombs beside them
        wrapped = f.sentence.index == d.sentence_index + 1 and d.anchor.toks[-1].text not in ".!?;"
        if wrapped and not f.actions and not any(t.norm in CONJUNCTIONS for t in f.toks):
            # '- 18 крилатих ракет' / 'Х-101/Х-555, «Калібр»': a list line that OCR wrapped; its types
            # are the figure's type group, which the first type stands for (as in facts.mixed_types);
            # 'Х-101 та «Калібр»' joined by a conjunction are two kinds, and the figure has no one type
            types = named_types(f, d.weapon[0])
            if types:
                return types[0]
    for f in reversed(facts[max(0, pos - 2) : pos]):
        # 'пресечена попытка ... атаку с применением БПЛА самолетного типа. ... два беспилотника уничтожены':
        # the framing sentence names the type of the weapons whose fate the claim states
        if f.counts or d.sentence_index - f.sentence.index > 2:
            break
        types = named_types(f, d.weapon[0])
        if len(set(types)) == 1:
            return types[0]
    return None


def hedge_span(d: Draft, facts: list[SentenceFacts]) -> Span | None:
    """A hedge in the claim's sentence, or in the count-less sentence right after it."""
    if d.anchor.hedge:
        return d.anchor.hedge
    pos = facts.index(d.anchor)
    last = max([d.anchor] + [f.facts for f in d.fragments], key=lambda f: f.sentence.index)
    after = [f for f in facts[pos + 1 :] if f.sentence.index == last.sentence.index + 1]
    if after and not after[0].counts and after[0].hedge:
        return after[0].hedge
    return None
