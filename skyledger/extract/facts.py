"""What one sentence says: counted weapons, the places each count belongs to, claimants, times, cues.

This is the sentence-level grammar. It reads the token sequence through the language's tables, so
one grammar serves English, Russian and Ukrainian: 'shot down', 'сбиты' and 'збито' all arrive here
as the action ``destroyed``. Document-level decisions (which fragments make up which total, who the
claimant is when the sentence names none) are ``claims.py``'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from skyledger.extract.gazetteer import (
    Place,
    district_towns,
    fuzzy_place,
    fuzzy_written,
    gazetteer,
    generic_districts,
    truncated_region,
)
from skyledger.extract.lexicon import ClaimantEntry, Lexicon, Match
from skyledger.extract.numbers import Number, find_numbers, unit_value
from skyledger.extract.persons import canonical_person, first_name, fold, surname_forms
from skyledger.extract.sentences import Sentence
from skyledger.extract.times import TimeMention, find_times
from skyledger.extract.tokens import (
    ABBREVIATION,
    Tok,
    Tokens,
    active_verb,
    adjective,
    attributive,
    future_form,
    governs_next,
    grammatical_case,
    grammatical_number,
    infinitive,
    may_agree,
    nominative,
    noun_like,
    tokenize,
    verb_form,
)
from skyledger.model import Span

#: How many tokens may stand between a weapon counted without a numeral and the verb it agrees with.
IMPLICIT_REACH = 12
#: Tokens that end a clause: places and counts do not attach across them.
CLAUSE_BREAKS = {";", "(", ")"}
#: Words after an action word that make it a participle describing the weapon ('fired from', 'launched by').
PARTICIPLE_LINKS = {"from", "by"}
#: Words that join two counts under one verb.
COORDINATORS = {"and", ",", "и", "та", "і", "й"}
#: Two words that join two counts under one verb as one coordinator does ('drones along with seven missiles').
COORDINATING_PAIRS = {("along", "with"), ("together", "with"), ("well", "as")}
#: Words that open another clause after a comma (', and that air defences shot down ...').
CLAUSE_JOINERS = {"and", "while", "but", "whereas", "но", "але"}
#: Words that may stand between a preposition and a place name.
ARTICLES = {"the", "a"}
#: How far (in tokens) a count looks for its weapon, and a place for its count.
WEAPON_REACH = 4
BACKWARD_REACH = 40


@dataclass
class PlaceRef:
    """A place named in a sentence (or 'the region', resolved to the claimant's region later)."""

    candidates: tuple[Place, ...]
    i: int
    j: int
    span: Span
    text: str
    fuzzy: str | None = None
    own: str | None = None  # 'region' or 'city': stands for the claimant's own area
    launch_area: bool = False
    of_claimant: bool = False  # 'Rostov Governor', 'the governor of the Kaluga region'
    district: bool = False  # a district found through the town it is named after
    truncated: bool = False  # the report was cut off in the middle of this name


@dataclass
class ClaimantRef:
    """A claimant named in a sentence."""

    entry: ClaimantEntry
    span: Span
    i: int
    person: str | None = None
    region_hint: list[PlaceRef] = field(default_factory=list)
    side: str | None = None
    indirect: bool = False
    anaphoric: bool = False
    j: int = 0


@dataclass
class Count:
    """A number of weapons in a sentence, with what the sentence ties to it."""

    value: int
    bound: str
    span: Span
    i: int
    j: int
    weapon: tuple[str, str | None] | None = None
    weapon_span: Span | None = None
    action: str | None = None
    action_span: Span | None = None
    each: bool = False
    places: list[PlaceRef] = field(default_factory=list)
    toward: bool = False
    includes_suppressed: bool = False
    paren: bool = False
    partitive: bool = False
    implied: bool = False  # the action is implied by the phrase, not stated ('60 of 85 drones')
    locations: int | None = None  # 'влучання 28 ударних БпЛА на 9 локаціях'
    shared: bool = False  # one figure for all its places together, no split stated
    per_place: int | None = None  # '12 over Kursk and Bryansk, 6 each': the split the text states
    per_place_span: Span | None = None  # where the text states that split ('6 each')
    additive: bool = False  # 'и еще тринадцать перехвачено': a figure of its own, no line of the one before
    list_line: bool = False  # 'шесть БПЛА – над ...': a breakdown line, even where its place is cut off
    part: bool = False  # 'including three over ...': a line of a breakdown that says it is partial
    anaphor: bool = False  # 'беспилотные летательные аппараты уничтожены': the number is the one counted before
    antecedent: SentenceFacts | None = None  # where that number was stated ('атаку двумя БПЛА')


@dataclass
class SentenceFacts:
    """Everything the grammar read in one sentence."""

    sentence: Sentence
    toks: list[Tok]
    counts: list[Count] = field(default_factory=list)
    toward_only: list[Count] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    claimants: list[ClaimantRef] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    vague: list[tuple[Match, Span]] = field(default_factory=list)
    weekdays: list[tuple[int, Span]] = field(default_factory=list)
    hedge: Span | None = None
    negation: Span | None = None
    regions_stated: tuple[int, Span] | None = None
    details: list[tuple[str, Span]] = field(default_factory=list)
    actions: list[Match] = field(default_factory=list)
    weapons: list[Match] = field(default_factory=list)
    toward_city: bool = False
    reports_impact: bool = False
    reports_alert: bool = False
    people: list[tuple[int, Span, str]] = field(default_factory=list)
    at_end: bool = False  # the text's last sentence: a report cut short may stop inside it
    turns: bool = False  # opens with 'Meanwhile', 'Водночас': another statement, not this one's sequel


def span_of(toks: Sequence[Tok], i: int, j: int) -> Span:
    """Character span of tokens ``[i, j)``."""
    return toks[i].start, toks[j - 1].end


def covered(matches: Sequence[Match]) -> set[int]:
    """Token indices inside any of the matches."""
    return {k for m in matches for k in range(m.i, m.j)}


def read_sentence(text: str, sentence: Sentence, lex: Lexicon, toks: Tokens | None = None) -> SentenceFacts:
    """Read one sentence of ``text`` into facts (``toks``: its tokens, when the caller has them)."""
    if toks is None:
        toks = tokenize(text[sentence.start : sentence.end], lex.lang, sentence.start)
    facts = SentenceFacts(sentence, toks)
    facts.times = find_times(text[sentence.start : sentence.end], sentence.start, lex)
    facts.actions = joined_actions(lex.actions.scan(toks), toks, lex)
    facts.weapons = lex.weapons.scan(toks)
    facts.vague = [(m, span_of(toks, m.i, m.j)) for m in lex.vague.scan(toks)]
    read_cues(facts, lex)
    read_claimants(facts, lex)
    read_places(facts, lex)
    facts.at_end = sentence.end >= len(text.rstrip())
    opening = next((k for k, t in enumerate(toks[:3]) if any(ch.isalpha() for ch in t.text)), None)
    facts.turns = opening is not None and lex.cue("turn").match_at(toks.norms, opening) is not None
    if facts.at_end:
        read_cut_place(facts, lex)
    link_claimant_regions(facts)
    read_counts(facts, lex)
    return facts


def joined_actions(found: list[Match], toks: Sequence[Tok], lex: Lexicon) -> list[Match]:
    """A destroying verb and a jamming one joined by 'or'/'and' are one combined figure's action.

    'shot down or electronically jammed 96', 'сбиты или подавлены средствами РЭБ 142': the verbs
    table lists each verb once, and any pairing of them, in either order and however each is
    worded, reads as ``destroyed_or_suppressed`` (the table keeps only combined wordings that are
    no such pairing)."""
    joiner, norms = lex.cue("action_joiner"), getattr(toks, "norms", None) or [t.norm for t in toks]
    out: list[Match] = []
    for m in found:
        before = out[-1] if out else None
        if before is not None and {before.values[0], m.values[0]} == {"destroyed", "suppressed"}:
            k = before.j
            while k < m.i and (glue := joiner.match_at(norms, k)) is not None:
                k = glue.j
            if before.j < k == m.i:
                out[-1] = Match(before.i, m.j, ("destroyed_or_suppressed",))
                continue
        out.append(m)
    return out


def read_cues(facts: SentenceFacts, lex: Lexicon) -> None:
    """Hedges, weapon-detail cues and weekday names."""
    toks = facts.toks
    hedges = lex.cue("hedge").scan(toks)
    if hedges:
        facts.hedge = span_of(toks, hedges[0].i, hedges[0].j)
    negations = lex.cue("negation").scan(toks)
    if negations:
        facts.negation = span_of(toks, negations[0].i, negations[0].j)
    facts.details = [(m.values[0], span_of(toks, m.i, m.j)) for m in lex.cue("detail_cue").scan(toks)]
    weekdays = {k.lower(): int(v) for k, v in (lex.times.get("weekdays") or {}).items()}
    facts.weekdays = [(weekdays[t.norm], (t.start, t.end)) for t in toks if t.norm in weekdays]
    facts.toward_city = bool(lex.cue("toward_city").scan(toks))
    facts.reports_impact = any(m.values[0] != "none" for m in lex.impacts.scan(toks))
    facts.reports_alert = any(m.values[0] == "air_raid_alert" for m in lex.measures.scan(toks))


def read_claimants(facts: SentenceFacts, lex: Lexicon) -> None:
    """Claimant mentions: persons, organisations, and role words followed by a name."""
    toks = facts.toks
    indirect = lex.cue("indirect_source").scan(toks)
    agents = lex.cue("agent").scan(toks)  # 'силами ПВО Минобороны': the ministry shot down, not reported
    found = lex.claimants.scan(toks)
    others = namesakes(toks, found, lex)
    for m in found:
        if m.i in others:
            continue
        entry = lex.claimant_entries[m.values[0]]
        ref = ClaimantRef(entry, span_of(toks, m.i, m.j), m.i, j=m.j)
        if entry.role:
            start = past_role_area(toks, m.j, lex)
            name_end = start
            while (
                name_end < len(toks)
                and name_end - start < 3
                and toks[name_end].text[:1].isupper()
                and toks[name_end].text.isalpha()
            ):
                name_end += 1
            norms = getattr(toks, "norms", None) or [t.norm for t in toks]
            named = [lex.claimants.match_at(norms, k) for k in range(start, min(max(name_end, start + 1), len(toks)))]
            if any(p and p.i not in others and lex.claimant_entries[p.values[0]].person for p in named):
                continue  # 'Governor Vasily Anokhin', 'Губернатор Юрий Слюсар': the person entry carries the role
            if name_end > start:
                ref.person = canonical_person(" ".join(t.text for t in toks[start:name_end]), lex.lang)
                ref.span = (ref.span[0], toks[name_end - 1].end)
            else:
                ref.anaphoric = True  # 'the governor': whoever was last named governor
        ref.indirect = any(h.j <= m.i and m.i - h.j <= 3 for h in indirect) or bool(
            agents and any(a.i < m.i <= a.j for a in agents)
        )
        side_word = toks[m.i - 1].norm if m.i > 0 else ""
        ref.side = {"russian": "RU", "ukrainian": "UA", "российский": "RU", "украинский": "UA"}.get(
            side_word, entry.side
        )
        facts.claimants.append(ref)


def namesakes(toks: Sequence[Tok], found: list[Match], lex: Lexicon) -> set[int]:
    """Where a listed person's surname follows another first name: someone else of that name.

    'Novorossiysk Mayor Andrei Kravchenko' is not Ruslan Kravchenko of Kyiv oblast, and his words
    must not be placed in Kyiv oblast: a surname the table lists matches alone, so a first name
    before it (``persons.first_name``; not a role, not the sentence's first word) decides. 'On
    Thursday Gladkov said' and 'В Telegram Гладков написал' name no other first name. A first name
    matched for a surname whose lemma it shares ('Владимир' for 'Владимиров') is no match at all."""
    roles = covered(found)
    out = set()
    for m in found:
        person = lex.claimant_entries[m.values[0]].person
        if not person or m.j - m.i != 1:
            continue
        word = toks[m.i].text
        if first_name(word, lex.lang) and fold(word) not in surname_forms(person):
            out.add(m.i)  # 'Владимир Путин': a first name whose lemma meets a surname's ('Владимиров')
            continue
        if m.i < 2 or m.i - 1 in roles:
            continue
        first = toks[m.i - 1].text
        if not first.istitle() or not first.isalpha() or not first_name(first, lex.lang):
            continue
        if canonical_person(f"{first} {toks[m.i].text}", lex.lang) != person:
            out.add(m.i)
    return out


def read_places(facts: SentenceFacts, lex: Lexicon) -> None:
    """Places in the sentence: gazetteer names, misspellings next to place words, and 'the region'."""
    toks = facts.toks
    norms = getattr(toks, "norms", None) or [t.norm for t in toks]
    blocked = covered(lex.cue("toward_moscow").scan(toks)) | covered(lex.claimants.scan(toks))
    blocked |= covered(lex.cue("tz_word").scan(toks))  # 'Moscow time' names a clock, not a place
    blocked |= covered(lex.cue("not_a_place").scan(toks))  # 'над регионами России': no region of ours
    if dateline(toks):
        blocked.add(0)  # 'MOSCOW - A total of 27 drones ...': where the story was filed, not where they flew
    blocked |= front_axes(toks, lex) | unit_names(toks, lex)
    blocked |= {k for k, t in enumerate(toks) for tm in facts.times if tm.start <= t.start < tm.end}
    preps = lex.cue("place_prep")
    launch = lex.cue("launch_from")
    region_words = lex.cue("region_word")
    table = gazetteer(lex.lang)
    starts = place_starts(lex)
    i = 0
    list_open = False
    while i < len(toks):
        if not list_open and norms[i] not in starts and not toks[i].text[:1].isupper():
            i += 1  # no name, 'the region' or misspelt name can start here: the common case
            continue
        m = table.match_at(norms, i) if i not in blocked else None
        ref = None
        if m:
            ref = PlaceRef(m.values, m.i, m.j, span_of(toks, m.i, m.j), " ".join(t.text for t in toks[m.i : m.j]))
        elif i not in blocked and (
            (head := district_head(norms, i, lex)) is not None or list_open or after_preposition(norms, i, preps)
        ):
            # 'над Льговским районом', 'над Глушковским': the district of the town it is named after; an
            # unknown district is never matched to a region by its likeness (Lgov is not Lviv)
            district = head is not None or listing_districts(facts.places)
            ref = district_ref(toks, i, head, lex) if district else None
            ref = ref or (None if head is not None else fuzzy_ref(toks, i, lex))
        if ref is None:
            own = lex.cue("own_region").match_at(norms, i) or lex.cue("own_city").match_at(norms, i)
            if own and own.j < len(norms) and norms[own.j] in {"of", "'s"}:
                own = None  # 'the Republic of Tatarstan', 'the city's refinery': not the claimant's own area
            if own and i > 0 and (norms[i - 1].isdigit() or unit_value(toks[i - 1], lex) is not None):
                own = None  # 'десяти регионов': a number of regions, not the claimant's own
            anaphor = lex.cue("place_anaphor").match_at(norms, i) if own is None else None
            if anaphor and i not in blocked:
                own = anaphor  # 'над півостровом', 'над морем': the last-named place of that kind
            if own and i not in blocked:
                kind = "region" if lex.cue("own_region").match_at(norms, i) else "city"
                kind = anaphor.values[0] if anaphor else kind
                ref = PlaceRef(
                    (),
                    own.i,
                    own.j,
                    span_of(toks, own.i, own.j),
                    " ".join(t.text for t in toks[own.i : own.j]),
                    own=kind,
                )
        if ref is None:
            list_open = list_open and norms[i] in {",", "and", "и", "та", "і", "й", "or"} | set()
            i += 1
            continue
        ref.launch_area = launched_from(norms, ref.i, launch, facts.places)
        if m and district_adjective(ref, norms, lex):
            i += 1  # 'Київського і Ворошиловського районів': districts of a city, not the Kyiv oblast
            continue
        if facts.places and qualifies_place(norms, ref.i, facts.places[-1].j, lex):
            # 'над акваторией Черного моря у побережья Республики Крым': where in the sea, no place of its own
            i = ref.j
            continue
        facts.places.append(ref)
        i = ref.j
        while i < len(toks) and region_words.match_at(norms, i):
            i = region_words.match_at(norms, i).j
            ref.j, ref.span = i, (ref.span[0], toks[i - 1].end)  # 'Krasnodar territory: 5'
            region_readings(facts, table, lex, ref)
        list_open = True


def front_axes(toks: Sequence[Tok], lex: Lexicon) -> set[int]:
    """Tokens that name an axis of the front, not a place of the claim: the adjective before
    'направление' / 'напрямок' ('на Купянском направлении', both parts of 'Южно-Донецком
    направлении', where 'Южно' would be the town of Yuzhne)."""
    out: set[int] = set()
    for m in lex.cue("front_axis").scan(toks):
        k = m.i - 1
        out.add(k)
        while k >= 2 and toks[k - 1].text == "-":
            k -= 2
            out.add(k)
    return out


def unit_names(toks: Sequence[Tok], lex: Lexicon) -> set[int]:
    """Tokens of a unit's name in quotes ('группировки войск «Днепр»', 'угруповання «Південь»'): a
    name, not the river or the town."""
    out: set[int] = set()
    for m in lex.cue("unit_word").scan(toks):
        k = m.j
        while k < len(toks) and toks[k].text not in QUOTES and k - m.j < 2:
            k += 1  # 'группировки войск «...»'
        if k < len(toks) and toks[k].text in QUOTES:
            end = next((e for e in range(k + 1, min(len(toks), k + 6)) if toks[e].text in QUOTES | {"»", "”"}), k)
            out.update(range(k + 1, end))
    return out


def qualifies_place(norms: list[str], i: int, before: int, lex: Lexicon) -> bool:
    """A place at token ``i`` named after 'у побережья', 'off the coast of' (an adjective or 'полуострова'
    may come between), following a place that ends at ``before``, says where inside that place: it
    is no other place. ('у западного побережья полуострова Крым' alone is where the drones were.)"""
    m = lex.cue("place_qualifier").match_at(norms, before)  # right where that place ends
    return m is not None and i - 2 <= m.j <= i


@cache
def place_starts(lex: Lexicon) -> frozenset[str]:
    """Every token that can start a place name, 'the region' or a place anaphor."""
    tables = [gazetteer(lex.lang), lex.cue("own_region"), lex.cue("own_city"), lex.cue("place_anaphor")]
    return frozenset(word for t in tables for word in t.starts)


def past_role_area(toks: Sequence[Tok], j: int, lex: Lexicon) -> int:
    """Where a name after a role word starts: past the area the role governs ('Губернатор Брянской
    области Александр Богомаз', 'мэр столицы Сергей Собянин')."""
    norms = getattr(toks, "norms", None) or [t.norm for t in toks]
    place = gazetteer(lex.lang).match_at(norms, j) if j < len(toks) else None
    if place is None:
        place = lex.cue("own_city").match_at(norms, j) or lex.cue("own_region").match_at(norms, j)
        return place.j if place and not any(t.text[:1].isupper() for t in toks[place.i : place.j]) else j
    j = place.j
    while j < len(toks) and lex.cue("region_word").match_at(norms, j):
        j = lex.cue("region_word").match_at(norms, j).j
    return j


def district_adjective(ref: PlaceRef, norms: list[str], lex: Lexicon) -> bool:
    """A region's adjective that heads a list of districts ('Киевского и Куйбышевского районов')."""
    if ref.j - ref.i != 1 or not all(p.is_region for p in ref.candidates):
        return False
    heads = lex.cue("district_head")
    k = ref.j
    while k < len(norms) and k - ref.j <= 4:
        if heads.match_at(norms, k):
            return True
        adjective = norms[k].endswith(("ский", "ський", "цкий", "цький"))
        if norms[k] not in {",", "и", "і", "та", "й", "and"} and not adjective:
            return False
        k += 1
    return False


def region_readings(facts: SentenceFacts, table, lex: Lexicon, last: PlaceRef) -> None:
    """'the Moscow and Smolensk regions': a region word closing a list gives every name in the list
    its region reading ('Moscow' the city becomes Moscow Oblast)."""
    for ref in facts.places[::-1]:
        if ref.own or not ref.candidates:
            break
        words = [t.norm for t in facts.toks[ref.i : ref.j] if not lex.cue("region_word").match_at([t.norm], 0)]
        region_key = (*words, "region")
        regions = tuple(p for p in table.entries.get(region_key, []) if p.is_region)
        if regions and not any(p.is_region and p.region == regions[0].region for p in ref.candidates):
            ref.candidates = regions
        glue = facts.toks.norms[ref.j : last.i]
        if ref is not last and not all(n in {",", "and", "и", "та", "і", "й"} for n in glue):
            break
        last = ref


def link_claimant_regions(facts: SentenceFacts) -> None:
    """A place that names a role's area ('Rostov Governor', 'the governor of the Kaluga region',
    'Губернатор Брянской области', 'Сумська ОВА') is the claimant's region, not a place where weapons
    were met. An administration without a region of its own takes the one named next to it."""
    norms = facts.toks.norms
    for ref in facts.claimants:
        if not (ref.entry.role or (ref.entry.region is None and ref.entry.kind in ("official", "governor", "mayor"))):
            continue
        for p in facts.places:
            before = p.j == ref.i or (p.j == ref.i - 1 and norms[p.j] == "'s")
            after = p.i == ref.j or (ref.j < len(norms) and norms[ref.j] == "of" and p.i in (ref.j + 1, ref.j + 2))
            if (before or after) and p.candidates:
                p.of_claimant = True
                ref.region_hint = [p]


def after_preposition(norms: list[str], i: int, preps) -> bool:
    """True when token i follows a place preposition, with or without an article ('over the X')."""
    for k in (i - 1, i - 2):
        m = preps.match_at(norms, k) if k >= 0 else None
        if m and m.j <= i and all(n in ARTICLES for n in norms[m.j : i]):
            return True
    return False


def launched_from(norms: list[str], i: int, launch, earlier: list[PlaceRef]) -> bool:
    """A place right after 'from'/'launched from', or listed after one that was, is a launch area."""
    for n in (1, 2, 3, 4):
        m = launch.match_at(norms, i - n) if i - n >= 0 else None
        if m and (m.j == i or (m.j == i - 1 and norms[m.j] in ARTICLES)):
            return True
    if earlier and earlier[-1].launch_area and all(w in {",", "and", "и", "та", "і"} for w in norms[earlier[-1].j : i]):
        return True
    return False


def read_cut_place(facts: SentenceFacts, lex: Lexicon) -> None:
    """A report cut off in the middle of its last place name ('... над территорией Калуж'): the
    word's beginning names one region only, and is read as that region, flagged place_truncated."""
    toks = facts.toks
    if not toks or any(p.j == len(toks) for p in facts.places):
        return
    last = toks[-1]
    if len(toks) > 1 and last.text.isalpha() and last.text.islower():
        cut = cut_second_word(toks, lex)  # 'над акваторией Азовского м': the name's last word cut short
        if cut is not None:
            facts.places.append(cut)
        return
    if not last.text.isalpha() or not last.text[:1].isupper() or len(last.text) < 4:
        return
    if not after_preposition(toks.norms, len(toks) - 1, lex.cue("place_prep")) and not (
        len(toks) > 1 and lex.cue("region_word").match_at(toks.norms, len(toks) - 2)
    ):
        return  # only where a place is due: 'над Калуж', 'над территорией Калуж'
    region = truncated_region(last.text)
    if region is not None:
        ref = PlaceRef((region,), len(toks) - 1, len(toks), (last.start, last.end), last.text, truncated=True)
        facts.places.append(ref)


def cut_second_word(toks: Sequence[Tok], lex: Lexicon) -> PlaceRef | None:
    """The one two-word place whose first word is the token before last and whose second word begins
    with the last, cut-off token ('Азовского м' -> the Sea of Azov), flagged truncated."""
    first, last = toks[-2], toks[-1].text.lower()
    found = sorted(
        {
            place
            for second, places in two_word_names(lex.lang).get(first.norm, ())
            if second.startswith(last)
            for place in places
        },
        key=lambda p: (p.region, p.name),
    )
    if len({p.region for p in found}) != 1:
        return None
    return PlaceRef(
        (found[0],),
        len(toks) - 2,
        len(toks),
        (first.start, toks[-1].end),
        f"{first.text} {toks[-1].text}",
        truncated=True,
    )


@cache
def two_word_names(lang: str) -> dict[str, list[tuple[str, tuple[Place, ...]]]]:
    """The gazetteer's two-word names by their first word: (second word, places) for each."""
    out: dict[str, list[tuple[str, tuple[Place, ...]]]] = {}
    for key, places in gazetteer(lang).entries.items():
        if len(key) == 2:
            out.setdefault(key[0], []).append((key[1], tuple(places)))
    return out


def dateline(toks: Sequence[Tok]) -> bool:
    """A wire story's dateline: a place in capitals opening the sentence, then a dash, comma or bracket."""
    return (
        len(toks) > 2
        and toks[0].text.isupper()
        and toks[0].text.isalpha()
        and len(toks[0].text) > 2
        and toks[1].text in {"-", "–", "—", ",", "("}
    )


def district_head(norms: list[str], i: int, lex: Lexicon) -> int | None:
    """Where the word 'район' follows the name at ``i`` ('над Льговским районом'), if it does: an
    unknown district is never matched by its likeness to a region's name (Lgov is not Lviv)."""
    heads = lex.cue("district_head")
    return next((k for k in range(i + 1, min(i + 3, len(norms))) if heads.match_at(norms, k)), None)


def listing_districts(places: list[PlaceRef]) -> bool:
    """The list being read names districts: its last place was one ('над Рыльским районом, ...')."""
    last = places[-1] if places else None
    return last is not None and (last.district or any(c.kind == "district" for c in last.candidates))


def district_ref(toks: Sequence[Tok], i: int, head: int | None, lex: Lexicon) -> PlaceRef | None:
    """A district named after a town the gazetteer of populated places knows, flagged as such.

    Not where the text names the city or region it belongs to ('Ленинским районом Севастополя',
    'Беловским районом Курской области'): that name places it, and is read on its own. Every town the
    adjective may stand for is a candidate; the claim's context chooses among them (flagged).
    """
    tok = toks[i]
    if not tok.text[:1].isupper() or tok.norm in generic_districts(lex.lang):
        return None
    if head is not None and head + 1 < len(toks) and gazetteer(lex.lang).match_at(toks.norms, head + 1):
        return None
    towns = district_towns(tok.norm)
    if not towns:
        return None
    return PlaceRef(towns, i, i + 1, (tok.start, tok.end), tok.text, district=True)


def fuzzy_ref(toks: Sequence[Tok], i: int, lex: Lexicon) -> PlaceRef | None:
    """A capitalised unknown word where a place should stand, matched by similarity."""
    tok = toks[i]
    if not tok.text[:1].isupper() or not tok.text.isalpha():
        return None
    hit = fuzzy_place(tok.norm, lex.lang) or fuzzy_written(tok.text, lex.lang)
    if not hit:
        return None
    return PlaceRef(hit[1], i, i + 1, (tok.start, tok.end), tok.text, fuzzy=hit[0])


def nearest_action(facts: SentenceFacts, i: int, j: int, lex: Lexicon) -> Match | None:
    """The action phrase closest to tokens ``[i, j)`` in the same clause."""
    best, best_d = None, 10**6
    relatives = lex.cue("relative")
    for m in facts.actions:
        if m.j <= i:
            d = i - m.j
            gap = facts.toks[m.j : i]
        elif m.i >= j:
            d = m.i - j
            gap = facts.toks[j : m.i]
        else:
            continue
        if clause_break(gap):
            continue
        if m.i >= j and m.j < len(facts.toks) and facts.toks[m.j].norm in PARTICIPLE_LINKS and d <= 2:
            d += 50  # 'missiles, fired from Tu-95 bombers, were destroyed': 'fired from' only describes them
        if m.i >= j and any(relatives.match_at(facts.toks.norms, k) for k in range(max(j, m.i - 2), m.i)):
            d += 50  # 'всі 7 дронів, які атакували столицю, збито': the relative clause describes the drones
        if m.i >= j and any(a.text == "," and b.norm in CLAUSE_JOINERS for a, b in zip(gap, gap[1:], strict=False)):
            d += 50  # 'launched ... seven cruise missiles, and that air defences shot down': another clause
        # An action with another number between it and this one belongs to that number first:
        # 'сбиты 10 ракет и 40 дронов, ещё 27 дронов локационно потеряны' (40 were shot down).
        # Unless the numbers are coordinated under it: 'shot down 6 of the missiles and 21 of the drones'.
        before = tuple(t.norm for t in facts.toks[max(0, i - 2) : i])
        coordinated = m.j <= i and i > 0 and (before[-1] in COORDINATORS or before in COORDINATING_PAIRS)
        d += (1000 if m.j <= i else 2000) * (any(t.text[:1].isdigit() for t in gap) and not coordinated)
        if d < best_d or (d == best_d and m.i >= j):
            best, best_d = m, d
    return best


def find_weapon(facts: SentenceFacts, lex: Lexicon, j: int, article: bool) -> tuple[Match | None, int]:
    """The weapon phrase a number at ``[.., j)`` counts, skipping modifiers; returns (match, end)."""
    toks = facts.toks
    norms = getattr(toks, "norms", None) or [t.norm for t in toks]
    modifiers = lex.cue("count_modifier")
    participles = lex.cue("count_participle")
    k = j
    while k < len(toks) and k - j <= WEAPON_REACH:
        m = lex.weapons.match_at(norms, k)
        if m:
            origin = m.j < len(norms) and lex.cue("origin_word").match_at(norms, m.j)  # 'HIMARS производства США'
            if m.j < len(norms) and lex.cue("weapon_as_modifier").match_at(norms, m.j) and not origin:
                return None, j  # 'a drone attack': the weapon word names the attack, it counts nothing
            m = apposed_type(m, norms, lex)
            return m, m.j
        skip = modifiers.match_at(norms, k) or (None if article else participles.match_at(norms, k))
        if (
            skip is None
            and toks[k].text not in {"(", "“", "«", "„", '"', "‘", "/"}
            and not adjective(toks[k].text, lex.lang)
        ):
            return None, j  # not a modifier, a bracket or an adjective ('двух противокорабельных ракет')
        k = skip.j if skip else k + 1
    return None, j


def apposed_type(m: Match, norms: list[str], lex: Lexicon) -> Match:
    """'11 ударних БПЛА "Shahed-136/131"', '- штурмовик Су-25': the type named right after a weapon
    of the same class is that weapon's type; the match grows to cover it."""
    cls, detail = m.values[0]
    k = m.j
    apposition = lex.cue("apposition")
    while k < len(norms) and k - m.j < 4 and apposition.match_at(norms, k):
        k += 1
    other = lex.weapons.match_at(norms, k) if k > m.j or detail is None else None
    kind = other.values[0] if other is not None else (None, None)
    if kind[0] != cls or not kind[1] or (detail and kind[1] != detail):
        return m
    opened = set(norms[m.j : k])
    closing = {'"': '"', "»": "«", "”": "“", ")": "("}
    closes = other.j < len(norms) and closing.get(norms[other.j]) in opened
    return Match(m.i, other.j + (1 if closes else 0), other.values)


def read_counts(facts: SentenceFacts, lex: Lexicon) -> None:
    """Counts of weapons, their actions, 'each', and the places each count owns."""
    toks = facts.toks
    norms = toks.norms
    masked = {k for k, t in enumerate(toks) for tm in facts.times if tm.start <= t.start < tm.end}
    numbers = find_numbers(toks, lex, masked)
    numbers = sorted(numbers + implicit_ones(facts, lex, numbers), key=lambda n: n.i)
    if not off_theatre(facts, lex):
        for n in numbers:
            read_count(facts, lex, n, norms)
    for c in facts.counts + facts.toward_only:
        if c.action == "destroyed_or_suppressed":  # one combined figure, whichever path read it
            c.action, c.includes_suppressed = "destroyed", True
    set_aside_frames(facts, lex)
    read_toward(facts, lex)
    promote_partitives(facts)
    attach_places(facts, lex)
    drop_restated_shares(facts)
    read_people(facts, lex, numbers)


def implicit_ones(facts: SentenceFacts, lex: Lexicon, numbers: list[Number]) -> list[Number]:
    """Weapons counted as one without a numeral, by agreement: 'украинский беспилотный летательный
    аппарат уничтожен', 'ракета была уничтожена', and a list line that names a weapon alone
    ('– штурмовик Су-25' under 'ЗНИЩЕНО:'). The number's span is the weapon phrase, which is what
    says 'one'. A plural with a verb that agrees ('аппараты уничтожены', 'все БПЛА перехвачены')
    counts as many as were counted before: a number of kind 'plural' and value 0, resolved by
    ``document.resolve_plural_anaphors`` or dropped.
    """
    if lex.lang not in ("ru", "uk"):
        return []  # English says 'a drone': an article, read as a number already
    toks, norms = facts.toks, facts.toks.norms
    cues = ("count_modifier", "not_one", "all_of", "weapon_owner", "future")
    modifiers, not_one, all_of, owners, future = (lex.cue(n) for n in cues)
    line = bool(toks) and bool(lex.cue("list_dash").match_at(norms, 0))
    out = []
    acting = covered(facts.actions)
    for k, m in enumerate(facts.weapons):
        gap = range(facts.weapons[k - 1].j, m.i) if k else range(0)
        if k and len(gap) <= 3 and not acting & set(gap) and not another_weapon(toks, facts.weapons[k - 1], m, lex):
            continue  # 'беспилотника типа «Шахед» и «Гербера»', 'ракеты «Искандер-М»': a type of the weapon before
        i = m.i
        while i > 0 and (mod := modifiers.match_at(norms, i - 1)) is not None and mod.j == i:
            i -= 1
        before_phrase = range(max(0, i - 2), i)
        whole = any(all_of.match_at(norms, k) for k in before_phrase)
        quantified = any(not_one.match_at(norms, k) for k in before_phrase)
        if (quantified and not whole) or any(n.j >= i and n.i < m.j for n in numbers):
            continue  # counted by a numeral already, or 'несколько аппаратов', 'каждый беспилотник'
        if any(owners.match_at(norms, k) for k in range(max(0, i - 2), i)):
            continue  # 'расчет разведывательного БпЛА', 'оператор беспилотника': the crew's own drone
        if oblique(toks[i : m.j], lex.lang) or named_after_oblique(toks, i, lex.lang):
            continue  # 'обломков сбитого беспилотника', 'удара дрона': a weapon in the genitive counts nothing
        noun = phrase_number(toks[i : m.j], lex.lang)
        action = nearest_action(facts, m.i, m.j, lex)
        words = toks[action.i : action.j] if action is not None else []
        if not any(verb_form(t.text, lex.lang) for t in words) or any(noun_like(t.text, lex.lang) for t in words):
            action = None  # 'уничтожение', 'отражена атака': the verb agrees with its own noun, not the weapon
        if action is not None and max(action.i - m.j, i - action.j) > IMPLICIT_REACH:
            action = None  # a title's '«Искандер»' and a verb of the next line: agreement is not read that far
        verb = phrase_number(verb_words(toks, action, lex.lang), lex.lang) if action else None
        before = range(max(0, action.i - 3), action.j) if action is not None else range(0)
        if any(future.match_at(norms, k) or future_form(toks[k].text, lex.lang) for k in before):
            continue  # 'каждый беспилотник будет немедленно уничтожен', 'will be shot down': a promise
        if any(infinitive(t.text, lex.lang) for t in words):
            continue  # 'принял решение атаковать беспилотник': an intention, not an event
        if lex.cue("use_verb").scan(words) and not adversary_weapon(toks, m, lex):
            continue  # 'по опорному пункту был применён БпЛА': a unit's own drone, no count of an attack
        if not_its_patient(toks, i, m.j, action, lex):
            continue
        starts = {w.i for w in facts.weapons}
        counted = [n for n in numbers if counts_phrase(n, i, m.j, toks, acting, lex.lang)]
        own = [n for n in counted if not starts & set(range(n.j, i))]  # 'две ракеты и авиабомба': not hers
        one_of_two = noun == "sing" and verb == "plur" and not own and coordinated(facts, k, lex)
        if ("plur" in (noun, verb) and not one_of_two) or whole:
            if action is not None and (whole or (verb != "sing" and noun != "sing")) and not counted:
                # 'все украинские БПЛА перехвачены', 'аппараты были уничтожены': as many as were counted before
                out.append(Number(0, m.i, m.i, toks[i].start, toks[m.j - 1].end, "plural"))
            continue
        if line and i <= 1 and action is None and not any(n.i >= m.j for n in numbers):
            out.append(Number(1, m.i, m.i, toks[i].start, toks[m.j - 1].end, "line"))
        elif action is not None and (verb == "sing" or (verb is None and noun == "sing") or one_of_two):
            out.append(Number(1, m.i, m.i, toks[i].start, toks[m.j - 1].end, "singular"))
    return out


def coordinated(facts: SentenceFacts, k: int, lex: Lexicon) -> bool:
    """The ``k``-th weapon phrase is joined to another by 'и', 'та', 'а также' with no verb between
    ('авиабомба и беспилотный летательный аппарат уничтожены', 'сбиты истребитель Су-27 ВСУ, а также
    две ракеты'): a plural verb then agrees with the two, and a singular phrase still says one."""
    m, toks, acting = facts.weapons[k], facts.toks, covered(facts.actions)
    end = m.j
    for later in facts.weapons[k + 1 :]:
        if later.i - end > 3 or acting & set(range(end, later.i)) or joined_by(toks, end, later.i, lex):
            break
        end = later.j  # 'истребитель Су-27': the type after the weapon is part of its phrase
    for other in facts.weapons:
        if m.i <= other.i < end:
            continue
        lo, hi = (end, other.i) if other.i >= end else (other.j, m.i)
        if 0 < hi - lo <= 6 and not acting & set(range(lo, hi)) and joined_by(toks, lo, hi, lex):
            return True
    return False


def joined_by(toks: Sequence[Tok], lo: int, hi: int, lex: Lexicon) -> bool:
    """A word that joins two phrases ('и', 'та', 'а также'; a comma alone is not enough) stands in
    tokens ``[lo, hi)``."""
    norms = getattr(toks, "norms", None) or [t.norm for t in toks]
    found = (lex.cue("weapon_joiner").match_at(norms, x) for x in range(lo, hi))
    return any(j is not None and toks[j.i].text != "," for j in found)


def another_weapon(toks: Sequence[Tok], a: Match, b: Match, lex: Lexicon) -> bool:
    """The weapon phrase ``b`` right after ``a`` is a second weapon, not ``a``'s type: a common noun
    in the singular after 'и' or a comma ('управляемая авиабомба и украинский беспилотный летательный
    аппарат', 'два снаряда HIMARS, противокорабельная ракета «Нептун» и ...', '15 беспилотников и
    крылатая ракета'), where a type is a name ('беспилотника типа «Шахед» и «Гербера»')."""
    gap = [t.text for t in toks[a.j : b.i]]
    if not item_of_its_own(toks, b, lex) or not ("," in gap or joined_by(toks, a.j, b.i, lex)):
        return False
    # a weapon of another class is never a type ('15 беспилотников и крылатая ракета'); of the same
    # class, a singular noun after a plural may still name the kind of the plural's weapons
    return b.values[0][0] != a.values[0][0] or phrase_number(toks[a.i : a.j], lex.lang) != "plur"


def item_of_its_own(toks: Sequence[Tok], m: Match, lex: Lexicon) -> bool:
    """A common noun in the singular ('противокорабельная ракета'): in a list it is one more item,
    never a type of the count before it, as a name ('Гербера') or a plural ('дронами-імітаторами') is."""
    return noun_phrase(toks, m) and phrase_number(toks[m.i : m.j], lex.lang) == "sing"


def noun_phrase(toks: Sequence[Tok], m: Match) -> bool:
    """The weapon phrase is a common noun ('беспилотный летательный аппарат', 'БПЛА'), not a type's
    name ('«Гербера»', 'Shahed', 'Х-59'): after 'и' a name is another type of the weapon before, a
    noun another weapon."""
    first = toks[m.i].text
    common = first[:1].islower() or bool(ABBREVIATION.match(first)) or (first.isupper() and len(first) > 1)
    return common and not (m.i and toks[m.i - 1].text in QUOTES)


def adversary_weapon(toks: Tokens, m: Match, lex: Lexicon) -> bool:
    """The weapon at ``m`` is the other side's: the adversary is the sentence's subject ('Противник
    применил ударный БпЛА', in the nominative) or owns the weapon ('применён ударный БпЛА противника')."""
    if m.j < len(toks) and lex.cue("adversary").match_at(toks.norms, m.j):
        return True
    return any(
        lex.cue("adversary").match_at(toks.norms, k) and nominative(toks[k].text, lex.lang) for k in range(len(toks))
    )


def verb_words(toks: Sequence[Tok], action: Match, lang: str) -> Sequence[Tok]:
    """The words of an action that show its number: the action's own, and an auxiliary before it
    ('были уничтожены'). Not any other word before it: 'десантников обнаружил и уничтожил' (an
    attribute of the subject), 'над Белгородской областью уничтожены' (a place) say nothing of the
    verb's number."""
    start = action.i - 1 if action.i > 0 and verb_form(toks[action.i - 1].text, lang) else action.i
    return toks[start : action.j]


def not_its_patient(toks: Sequence[Tok], i: int, j: int, action: Match | None, lex: Lexicon) -> bool:
    """The weapon at tokens ``[i, j)`` is not the one the verb destroyed or launched: it depends on the
    word before it ('сбросами с БпЛА', 'применением ударного БПЛА', 'расчетами дронов'), or it is the
    subject of an active verb of destroying after it ('«Ланцет» уничтожил гаубицу': our drone, the
    agent)."""
    lang = lex.lang
    k = i - 3 if i > 2 and toks[i - 1].text == "-" else i - 1  # past a compound's first part ('FPV-дронов')
    # a time word in the instrumental governs nothing: 'днем беспилотник сбит'
    if k >= 0 and governs_next(toks[k].text, lang) and not lex.vague.match_at(toks.norms, k):
        return True
    if action is None or action.values[0] not in ("destroyed", "suppressed"):
        return False  # 'беспилотник атаковал': the subject of a launch is the weapon launched
    return j <= action.i and any(active_verb(t.text, lang) for t in toks[action.i : action.j])


def counts_phrase(n: Number, i: int, j: int, toks: Sequence[Tok], acting: set[int], lang: str) -> bool:
    """The number counts the weapon phrase at tokens ``[i, j)``: it stands inside it, or before it
    with at most three words between and no verb or punctuation ('три оперативно-тактические ракеты');
    a participle that agrees with the weapon is no verb ('26 уничтоженных дронов')."""
    if n.i >= j:
        return False
    if n.j >= i:
        return True
    between = range(n.j, i)
    verbs = {k for k in acting & set(between) if not attributive(toks[k].text, lang)}
    return len(between) <= 3 and not verbs and not any(toks[k].text in ",.;:()" for k in between)


def named_after_oblique(toks: Sequence[Tok], i: int, lang: str) -> bool:
    """A quoted name in apposition to a noun in an oblique case ('удара ... комплекса «Искандер»',
    'ракетой «Калибр»') takes that noun's case, which the name itself does not show."""
    return (
        i > 1
        and toks[i - 1].text in QUOTES
        and noun_like(toks[i - 2].text, lang)
        and grammatical_case(toks[i - 2].text, lang) == "oblique"
    )


QUOTES = {"«", '"', "“", "„", "'"}
CLOSING_QUOTES = {"»", '"', "”", "“", "'"}


def oblique(toks: Sequence[Tok], lang: str) -> bool:
    """True when a word of the phrase up to its head noun can only be in an oblique case
    (genitive, dative, locative): such a weapon is governed by another word ('обломков сбитого
    беспилотника'), and is not the one the verb counts. Words after the head ('аппарат самолетного
    типа') are its own dependents and say nothing of its case. The first part of a hyphenated
    compound ('FPV-дронов') is no head: the word after the hyphen is."""
    for k, t in enumerate(toks):
        case = grammatical_case(t.text, lang)
        if case == "oblique":
            return True
        if noun_like(t.text, lang) and not (k + 1 < len(toks) and toks[k + 1].text == "-"):
            return False
    return False


def phrase_number(toks: Sequence[Tok], lang: str) -> str | None:
    """'sing' or 'plur' when the words of a phrase that show a number agree on it, else None."""
    numbers = {grammatical_number(t.text, lang) for t in toks} - {None}
    return numbers.pop() if len(numbers) == 1 else None


def clause_action(facts: SentenceFacts, i: int) -> Match | None:
    """The last action before token ``i`` in its clause, looking past bracketed counts: a list of
    places with their counts in brackets shares the verb that opens it."""
    toks = facts.toks

    def reaches(m: Match) -> bool:
        between = {t.text for t in toks[m.j : i]}
        header = m.j < len(toks) and toks[m.j].text == ":"  # 'уничтожены: две ОТР ...; три БПЛА ...'
        return "." not in between and (header or ";" not in between)

    before = [m for m in facts.actions if m.j <= i and reaches(m)]
    return before[-1] if before else None


def bracketed(toks: Sequence[Tok], i: int, j: int) -> bool:
    """Tokens ``[i, j)`` stand alone inside brackets: '(11 БПЛА)', '(two drones)'."""
    return 0 < i and j < len(toks) and toks[i - 1].text == "(" and toks[j].text == ")"


def set_aside_frames(facts: SentenceFacts, lex: Lexicon) -> None:
    """'Пресечена попытка ... атаку с применением девяти БпЛА': the count of a foiled attack names
    the weapons whose fate the report states next ('беспилотные летательные аппараты уничтожены'); it
    is no launched claim of its own, only the number that the next sentence may refer to."""
    if not lex.cue("attempt_frame").scan(facts.toks):
        return
    for c in facts.counts:
        if c.action == "launched":
            c.action = c.action_span = None


def off_theatre(facts: SentenceFacts, lex: Lexicon) -> bool:
    """A sentence about a drone show, exports, or a place abroad with none of ours holds no claim."""
    if lex.cue("not_an_attack").scan(facts.toks):
        return True
    ours = [p for p in facts.places if p.candidates and not p.fuzzy]
    norms = facts.toks.norms
    origin = lex.cue("origin_word")
    # 'реактивных снарядов HIMARS производства США': where a weapon was made is not where it flew
    after = lex.cue("origin_after")  # 'US-made ATACMS missiles'
    abroad = [
        m
        for m in lex.cue("foreign_place").scan(facts.toks)
        if not (m.i and origin.match_at(norms, m.i - 1)) and not after.match_at(norms, m.j)
    ]
    return bool(abroad) and not ours


def read_count(facts: SentenceFacts, lex: Lexicon, n: Number, norms: list[str]) -> None:
    """Classify one number: a weapon count, a stated number of regions, or nothing of ours."""
    toks = facts.toks
    implicit = n.kind in ("article", "singular", "line", "plural")
    partitive = lex.cue("anaphor_after_number").match_at(norms, n.j) if not implicit else None
    if partitive:
        read_partitive(facts, lex, n, partitive.j)
        return
    whole = out_of_end(norms, n.j, lex)
    if whole is not None and whole < len(norms) and digits_or_word(norms[whole], lex):
        read_partitive(facts, lex, n, whole)  # '60 of 85 drones', '22 out of 25', '64 з 95', '8 из 26'
        return
    if n.i > 0 and lex.cue("anaphor_before_number").match_at(norms, n.i - 1):
        return  # 'those three drones' were counted before
    if set_size(norms, n.i, lex):
        return
    article = n.kind in ("article", "singular", "plural")
    if article and n.i > 0 and lex.cue("not_a_count_before").match_at(norms, n.i - 1):
        return
    named_action = lex.cue("action_after_number").match_at(norms, n.j) if not article else None
    weapon, end = find_weapon(facts, lex, named_action.j if named_action else n.j, article)
    paren = False
    if weapon is None and named_action:
        end = named_action.j  # '9 влучань у Салтівському районі': the weapon was named before
    elif weapon is None:
        if article:
            return
        if lex.cue("locations_noun").match_at(norms, n.j):
            counted = [c for c in facts.counts if c.i < n.i]
            if counted and counted[-1].locations is None:
                # '28 ударних БпЛА на 9 локаціях', not the '4 локаціях' of the debris named after them
                counted[-1].locations = n.value
            return
        regions_noun = lex.cue("regions_noun").match_at(norms, n.j)
        if regions_noun:
            facts.regions_stated = (n.value, span_of(toks, n.i, regions_noun.j))
            return
        # '(2)', or '(1 ' where the report was cut short inside the bracket
        closed = n.j < len(toks) and toks[n.j].text == ")" or (n.j == len(toks) and facts.at_end)
        paren = 0 < n.i and toks[n.i - 1].text == "(" and closed
        # 'над акваторией Черного моря – 2': a line written place first, the number last
        paren = paren or (
            n.i > 1
            and bool(lex.cue("list_dash").match_at(norms, n.i - 1))
            and (n.j == len(toks) or toks[n.j].text in {",", ".", ";"})
            and any(p.j == n.i - 1 for p in facts.places)
        )
        if not paren and not elliptical(toks, n.j, lex):
            if stated_total(facts, lex, n, norms):
                return
            if any(lex.cue("including").match_at(norms, k) for k in range(max(0, n.i - 3), n.i)):
                # 'в том числе два, летевших на Москву': part of the count before it, not a new one
                facts.toward_only.append(Count(n.value, n.bound, (n.start, n.end), n.i, n.j))
            return
        end = n.j
    count = Count(n.value, n.bound, (n.start, n.end), n.i, end, anaphor=n.kind == "plural")
    # 'над территориями Белгородской (11 БПЛА), Брянской (8 БПЛА)': a bracketed count, with or without
    # its weapon, belongs to the place before the bracket
    count.paren = (weapon is None and paren) or bracketed(toks, n.i, end)
    if of_another_number(norms, n.i, lex) and weapon is not None:
        # 'два из 26 сбитых беспилотников', 'два из трех аппаратов, уничтоженных над ...': a verb
        # form right after the whole, or after its weapon and a comma, says what the whole is
        k = weapon.j + 1 if weapon.j < len(norms) and norms[weapon.j] == "," else weapon.j
        after = next((a for a in (lex.actions.match_at(norms, x) for x in (n.j, k)) if a is not None), None)
        if after is not None and after.values[0] != "launched":
            part_of_stated_whole(facts, n)
            return  # the whole is the figure shot down, stated elsewhere
        count.action, count.implied = "launched", True  # 'shot down 60 of 85 drones'
        count.weapon, count.weapon_span = weapon.values[0], span_of(toks, weapon.i, weapon.j)
        facts.counts.append(count)
        return
    if weapon is not None:
        count.weapon = mixed_types(weapon, toks, lex)
        count.weapon_span = span_of(toks, weapon.i, weapon.j)
        if count.weapon[0] != weapon.values[0][0] and lex.cue("correlative").match_at(norms, n.i):
            return  # 'both missiles and drones': the kinds of what was shot down, no count of two
    if n.kind == "words" and norms[n.i] in lex.numbers.get("distributive_words", ["single"]):
        count.each = True
    action = named_action or nearest_action(facts, n.i, end, lex) or lex.cue("action_participle").scan(toks[n.j : end])
    if isinstance(action, list):
        action = Match(n.j + action[0].i, n.j + action[0].j, action[0].values) if action else None
    if action is None and (bracketed(toks, n.i, end) or any(t.text == ":" for t in toks[: n.i])):
        # 'уничтожены над территориями Белгородской (2 БпЛА) и ...', 'атакувавши 318 засобами: 12
        # ракетами (...) та 306 ударними БпЛА': the verb that opens the list, past its brackets
        action = clause_action(facts, n.i)
    if action is not None:
        count.action = action.values[0]
        count.action_span = span_of(toks, action.i, action.j)
        if count.action == "destroyed_or_suppressed":
            count.action, count.includes_suppressed = "destroyed", True
    elif article:
        return
    if article and count.action == "hit":
        return  # 'a drone struck a house': an impact the report describes, not a tally of hits
    if count.weapon == ("mixed", "target"):
        shot = action is not None and any(lex.cue("shoot_down").match_at(norms, k) for k in range(action.i, action.j))
        if not shot:
            return  # 'уразили 3 цілі противника': the targets of a strike, no aerial weapons
        count.weapon = ("mixed", None)
    if lex.cue("each").match_at(norms, end) or (end + 1 < len(norms) and lex.cue("each").match_at(norms, end + 1)):
        count.each = True
    if n.i > 0 and norms[n.i - 1] in set(lex.numbers.get("distributive_prefix") or []):
        count.each = True
    including = any(lex.cue("including").match_at(norms, k) for k in range(max(0, n.i - 3), n.i))
    if including and count.anaphor:
        return  # 'в том числе беспилотники над ...': part of the figure before, which states no number of it
    if including:
        # 'destroyed 58 drones, including three over the Moscow region': a part of the total; with a
        # place after it, it becomes a (partial) line of the breakdown (promote_partitives)
        whole = [c for c in facts.counts if c.i < n.i]
        if whole:  # a part shares the action of the figure it is part of, whatever verb comes later
            count.action, count.action_span = whole[-1].action, whole[-1].action_span
            count.weapon = count.weapon or whole[-1].weapon
        whole_kind = whole[-1].weapon[0] if whole and whole[-1].weapon else None
        if whole_kind == "mixed" and count.weapon and count.weapon[0] != "mixed":
            facts.counts.append(count)  # '318 засобами, у тому числі 12 ракетами': each kind is its own figure
            return
        count.partitive = count.part = True
        facts.toward_only.append(count)
        return
    # 'и еще тринадцать перехвачено': another figure with its own verb (not 'ще 2 — над ...', a line)
    more = n.i > 0 and bool(lex.cue("additive").match_at(norms, n.i - 1))
    count.additive = more and end < len(norms) and bool(lex.actions.match_at(norms, end))
    # 'и шесть БПЛА – на[...]': a dashed line whose place was cut off (not '2 ракеты – перехвачены')
    dash = end < len(norms) and bool(lex.cue("list_dash").match_at(norms, end))
    count.list_line = dash and (end + 1 == len(norms) or bool(lex.cue("place_prep").match_at(norms, end + 1)))
    facts.counts.append(count)


def mixed_types(weapon: Match, toks: Sequence[Tok], lex: Lexicon) -> tuple[str, str | None]:
    """A count's weapon; its detail is dropped when the count lists other types of the same class,
    and its class is 'mixed' when it names another class after 'and'.

    '80 ударными БпЛА типа Shahed и дронами-имитаторами' counts UAVs of two types: uav, no detail.
    '48 ... Shahed та 25 БпЛА-імітаторами' gives the second type its own number and stays Shahed, as
    does '2 снаряда HIMARS, противокорабельная ракета «Нептун»': a singular noun is an item of its own.
    """
    cls, detail = weapon.values[0]
    norms = [t.norm for t in toks]
    k = weapon.j
    joiners = lex.cue("weapon_joiner")
    while k < len(norms):
        joiner = joiners.match_at(norms, k)
        if joiner is None:
            break
        k = joiner.j
        while k < len(norms) and lex.cue("count_modifier").match_at(norms, k):
            k = lex.cue("count_modifier").match_at(norms, k).j
        other = lex.weapons.match_at(norms, k)
        if other is None or item_of_its_own(toks, other, lex):
            break
        if other.values[0][0] != cls:
            # '143 drones and missiles', 'понад 30 ракет і дронів': one figure over weapons of two
            # classes, when the second ends the phrase in the first's case; not after a comma ('5
            # БПЛА, ракеты «Нептун»'), nor a new clause ('30 drones and missile debris fell', '90
            # drones and missiles struck', '30 беспилотников и ракеты, летевшие ...')
            nxt = other.j
            clause = nxt < len(norms) and (
                lex.cue("weapon_as_modifier").match_at(norms, nxt) is not None
                or lex.actions.match_at(norms, nxt) is not None
                or (lex.lang != "en" and toks[nxt].text.isalpha() and verb_form(toks[nxt].text, lex.lang))
            )
            agree = may_agree(toks[weapon.j - 1].text, toks[other.j - 1].text, lex.lang)
            return ("mixed", None) if norms[joiner.i] != "," and not clause and agree else (cls, detail)
        if other.values[0][1] != detail and (norms[joiner.i] != "," or other.values[0][1] is None):
            return cls, None  # '... Shahed та дронами-імітаторами': two kinds, counted together
        # 'крилатих ракет Х-101/Х-555, «Калібр»': types listed by commas alone name a group of types,
        # which the group's first type stands for, as with a slash ('Х-101/Х-555')
        k = other.j
    return cls, detail


def read_partitive(facts: SentenceFacts, lex: Lexicon, n: Number, j: int) -> None:
    """'Six of the drones were shot down over the Bryansk region' is a breakdown line of the total;
    'Six of them were heading toward Moscow' and 'One of those three' are not new counts."""
    norms = facts.toks.norms
    of_number = out_of_end(norms, n.j, lex) == j and j < len(norms) and digits_or_word(norms[j], lex)
    of_set_size = j < len(norms) and digits_or_word(norms[j], lex)  # 'one of the two missiles'
    weapon, end = find_weapon(facts, lex, j + 1 if of_number or of_set_size else j, False)
    count = Count(n.value, n.bound, (n.start, n.end), n.i, end if weapon else j, partitive=True)
    if weapon is not None:
        count.weapon = weapon.values[0]
        count.weapon_span = span_of(facts.toks, weapon.i, weapon.j)
    action = nearest_action(facts, n.i, n.j, lex)
    if action is not None:
        count.action = action.values[0]
        count.action_span = span_of(facts.toks, action.i, action.j)
    of_set = lex.cue("partitive_of_set").match_at(norms, n.j)
    if (of_number or of_set) and weapon is not None and action is not None:
        # 'shot down 60 of 85 drones', 'shot down 38 of the drones': the part is the claim
        count.partitive = False
        facts.counts.append(count)
        return
    facts.toward_only.append(count)


def digits_or_word(norm: str, lex: Lexicon) -> bool:
    """True when a token is a number by itself ('85', 'eighty')."""
    return norm.isdigit() or norm in (lex.numbers.get("units") or {})


def out_of_end(norms: list[str], k: int, lex: Lexicon) -> int | None:
    """Where an 'of' between two numbers ends, if one starts at ``k`` ('of', 'out of', 'из', 'з')."""
    m = lex.cue("out_of").match_at(norms, k) if k < len(norms) else None
    return m.j if m else None


def part_of_stated_whole(facts: SentenceFacts, whole: Number) -> None:
    """The part N of 'N из M', when M is a figure stated elsewhere, is a part of that figure, as after
    'including': a breakdown line if a place follows it ('Восемь из 26 дронов были перехвачены над
    Курской областью'), its toward-Moscow figure if it flew there ('Два из трех аппаратов,
    уничтоженных над Московским регионом, летели на Москву'), and no figure of its own."""
    parts = [c for c in facts.counts if c.i < whole.i <= c.i + 3]  # 'Два из трех', 'two out of three'
    if parts:
        part = parts[-1]
        facts.counts.remove(part)
        part.partitive = part.part = True
        facts.toward_only.append(part)


def of_another_number(norms: list[str], i: int, lex: Lexicon) -> bool:
    """True for M in 'N of M drones': M counts the attack, N what the action did to it."""
    for k in (i - 1, i - 2):
        if k >= 1 and out_of_end(norms, k, lex) == i and digits_or_word(norms[k - 1], lex):
            return True
    return False


def set_size(norms: list[str], i: int, lex: Lexicon) -> bool:
    """True for the 'two' of 'One of the two ballistic missiles': the size of a set already counted."""
    return i >= 3 and norms[i - 2 : i] == ["of", "the"] and digits_or_word(norms[i - 3], lex)


def stated_total(facts: SentenceFacts, lex: Lexicon, n: Number, norms: list[str]) -> bool:
    """'5 over Bryansk, 3 over Kursk and 2 over Oryol, a total of 10': the bare number after a total
    marker is the total of the counts before it, with their weapon and action."""
    marker = any((m := lex.cue("total_marker").match_at(norms, k)) and m.j == n.i for k in range(max(0, n.i - 4), n.i))
    before = [c for c in facts.counts if c.j <= n.i and c.action]
    if not marker or not before:
        return False
    last = max(before, key=lambda c: c.i)
    count = Count(n.value, n.bound, (n.start, n.end), n.i, n.j, weapon=last.weapon, action=last.action)
    count.action_span, count.weapon_span = last.action_span, last.weapon_span
    facts.counts.append(count)
    return True


def elliptical(toks: Sequence[Tok], j: int, lex: Lexicon) -> bool:
    """A bare number counts weapons named earlier when a place, 'each', a verb or a dash follows."""
    norms = toks.norms
    if j >= len(norms):
        return False
    nxt = norms[j]
    glued = j + 1 < len(toks) and toks[j - 1].end == toks[j].start and toks[j].end == toks[j + 1].start
    if nxt == "-" and glued and norms[j + 1][:1].isalpha():
        return False  # '54-year-old', 'five-storey': a compound word, no count of weapons ('два - над' is a list)
    if j + 1 < len(norms) and lex.cue("locations_noun").match_at(norms, j + 1):
        return False  # 'three more locations': a count of places, not of weapons
    if (
        lex.cue("each").match_at(norms, j)
        or lex.cue("place_prep").match_at(norms, j)
        or lex.cue("list_dash").match_at(norms, j)
    ):
        return True
    if nxt in set(lex.numbers.get("elliptic_verbs") or ["were", "was", "fell", "more"]):
        return True
    return bool(lex.actions.match_at(norms, j))


def drop_restated_shares(facts: SentenceFacts) -> None:
    """'12 drones over the Kursk and Bryansk regions, 6 each': the share restates the count before it
    and is no count of its own."""
    for c in [c for c in facts.counts if c.each and not c.places]:
        before = [o for o in facts.counts if o.i < c.i and len(o.places) > 1]
        shared = max(before, key=lambda o: o.i) if before else None
        # a count that is already per place ('по два ... над Рязанской и Астраханской') has no split to restate
        if shared is not None and not shared.each and shared.value == c.value * len(shared.places):
            facts.counts.remove(c)
            shared.per_place, shared.per_place_span = c.value, c.span


def promote_partitives(facts: SentenceFacts) -> None:
    """A partitive count followed by a named place ('Six of the drones ... over the Bryansk region')
    is a breakdown line: it joins the sentence's counts."""
    for c in list(facts.toward_only):
        if not c.partitive or c.toward:
            continue
        nxt = min([o.i for o in facts.counts if o.i > c.i] + [len(facts.toks)])
        named = [p for p in facts.places if p.candidates and not p.launch_area and c.j <= p.i < nxt]
        if named and not breaks_between(facts.toks, c.j, named[0].i) and named[0].i - c.j <= 14:
            facts.toward_only.remove(c)
            facts.counts.append(c)


def attach_places(facts: SentenceFacts, lex: Lexicon) -> None:
    """Give each count the places after it (up to the next count), or the free places before it.

    'eight over Rostov Region, four over Stavropol Krai' attaches forward; 'the Samara region saw 12
    drones intercepted' and 'Voronezh and Rostov regions, with ten each destroyed' attach backward.
    """
    places = [p for p in facts.places if not p.launch_area and not p.of_claimant]
    owned: set[int] = {id(p) for c in facts.counts if c.action == "launched" and not c.implied for p in places}
    # A place in a 'launched' clause is where the weapons came from ('24 Kh-101 missiles from
    # bombers over the Caspian Sea'), not where they were met: it is nobody's breakdown.
    for c in facts.counts:
        if c.paren:  # 'the Voronezh region (six)': the count belongs to the place before the bracket
            before = [p for p in places if p.j <= c.i - 1 and not breaks_between(facts.toks, p.j, c.i - 1)]
            if before:
                c.places.append(before[-1])
                owned.add(id(before[-1]))
    # The whole of 'N из M' takes no place: 'Восемь из 26 дронов перехвачены над Курской областью'
    # puts the eight over Kursk, and the 26 are the night's figure, stated elsewhere or launched.
    counts = sorted((c for c in facts.counts if not c.paren and not c.implied), key=lambda c: c.i)
    # 'neutralised 73 drones, most of them over the Krasnodar region': where most were is no line
    majority = [m.j for m in lex.cue("majority").scan(facts.toks)]
    for k, c in enumerate(counts):
        nxt = counts[k + 1].i if k + 1 < len(counts) else len(facts.toks)
        for p in places:
            if id(p) in owned or not c.j <= p.i < nxt or breaks_between(facts.toks, c.j, p.i):
                continue
            if any(c.j <= m and most_were_there(facts.toks, m, p) for m in majority):
                owned.add(id(p))
                continue
            if p.i - c.j <= 14 or (c.places and listed_after(facts.toks, c.places[-1], p, lex)):
                # 'над территориями Брянской, Ленинградской, ... Новгородской областей': a list runs on
                c.places.append(p)
                owned.add(id(p))
    for k, c in enumerate(counts):
        if c.places:
            continue
        prev = counts[k - 1].j if k > 0 else 0
        for p in places:
            if (
                id(p) not in owned
                and prev <= p.i
                and p.j <= c.i
                and c.i - p.j <= BACKWARD_REACH
                and not breaks_between(facts.toks, p.j, c.i)
            ):
                c.places.append(p)
                owned.add(id(p))
    for k, c in enumerate(counts[1:], 1):
        # 'над Києвом 9 ракет і 23 БпЛА': two weapons joined after one place share it
        prev = counts[k - 1]
        coordinated = joined_counts(facts.toks, prev, c, lex)
        shared = prev.places and all(p.j <= prev.i for p in prev.places) and coordinated
        if shared and not c.places and c.weapon and prev.weapon and c.weapon[0] != prev.weapon[0]:
            c.places = list(prev.places)
        # '14 беспилотников и четыре ракеты «Точка-У» уничтожены над территорией Курской области':
        # two weapons joined before one verb and one place share it
        after = c.places and all(p.i >= c.j for p in c.places) and coordinated
        if after and not prev.places and c.weapon and prev.weapon and c.weapon[0] != prev.weapon[0]:
            prev.places = list(c.places)


def most_were_there(toks: Sequence[Tok], m: int, p: PlaceRef) -> bool:
    """A 'most of them' ending at token ``m`` stands right before place ``p``: past a dash, its
    preposition and its adjectives ('most of them over the southern Krasnodar region'), with no
    comma between ('mostly Shaheds, over ...' says what most of them were, not where)."""
    return m <= p.i and p.i - m <= 4 and not {",", ";"} & {t.text for t in toks[m : p.i]}


def joined_counts(toks: Sequence[Tok], prev: Count, c: Count, lex: Lexicon) -> bool:
    """Two counts joined by 'и', 'а также' and nothing else ('9 ракет і 23 БпЛА', 'один реактивный
    снаряд и украинский беспилотный летательный аппарат', '3 ракеты, а также беспилотник'): past the
    first's weapon phrase, only a joiner (with a comma before it) and the second's adjectives stand
    before the second."""
    end = prev.j
    if prev.weapon_span is not None:
        end = max(end, next((k + 1 for k, t in enumerate(toks) if t.end == prev.weapon_span[1]), end))
    skip = CLOSING_QUOTES | {","}
    words = [t.norm for t in toks[end : c.i] if t.text not in skip and not adjective(t.text, lex.lang)]
    joiner = lex.cue("weapon_joiner").match_at(words, 0) if words else None
    return joiner is not None and joiner.j == len(words)


def listed_after(toks: Sequence[Tok], last: PlaceRef, p: PlaceRef, lex: Lexicon) -> bool:
    """``p`` continues the list that ``last`` is in: only list words stand between them."""
    glue = lex.cue("list_glue")
    return p.i - last.j <= 6 and all(glue.match_at(toks.norms, k) for k in range(last.j, p.i))


def clause_break(gap: Sequence[Tok]) -> bool:
    """A semicolon or an unclosed bracket stands in ``gap``: a verb does not reach across it. A whole
    aside in brackets does not break ('випущених з району Енгельса (Саратовська область), а також
    210 ударних БпЛА': the verb of the sentence still counts the drones)."""
    depth = 0
    for t in gap:
        if t.text == ";":
            return True
        depth += (t.text == "(") - (t.text == ")")
        if depth < 0:
            return True
    return depth != 0


def breaks_between(toks: Sequence[Tok], i: int, j: int) -> bool:
    """True when a clause break stands between tokens i and j."""
    return any(t.text in CLAUSE_BREAKS for t in toks[i:j])


def read_toward(facts: SentenceFacts, lex: Lexicon) -> None:
    """'heading toward Moscow' marks the count right before it."""
    toward = lex.cue("toward_moscow").scan(facts.toks) + lex.cue("toward_city").scan(facts.toks)
    for m in toward:
        before = [c for c in facts.counts + facts.toward_only if c.i < m.i]
        if before:
            max(before, key=lambda c: c.i).toward = True


def read_people(facts: SentenceFacts, lex: Lexicon, numbers: list[Number]) -> None:
    """Numbers of people ('500,000 residents') for outages and casualties."""
    norms = facts.toks.norms
    nouns = lex.cue("people_noun")
    for n in numbers:
        if n.kind == "article":
            continue
        for k in range(n.j, min(n.j + 3, len(norms))):
            if nouns.match_at(norms, k):
                facts.people.append((n.value, (n.start, n.end), n.bound))
                break
