"""Readings that need the whole document: its author, its headline, list headers and shared windows.

Official channels write in fixed shapes that a sentence alone does not show:

- the *author* of a post: a signature line at the end ('Вячеслав Гладков'), a source before a colon
  in the first line ('Олег Синєгубов: ...', 'Київська ОВА: ...'), or the stock phrases of an
  unsigned statement ('дежурными средствами ПВО перехвачены и уничтожены' is the Russian ministry's,
  'противник атакував ...' the Ukrainian Air Force's, listed as ``author_formula`` in the cue table);
- a *headline* above the body that repeats, sums up or excerpts the body's figures;
- a *list header* ending in a colon whose action ('застосувавши:', 'збито:') the dash lines below it
  share;
- one *report window* ('(з 18:00 4 березня)' ... 'станом на 08:30') that covers every figure the
  same source gives in the report.

Each function here is language-neutral: the words come from the language's tables.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass

from skyledger.extract.claims import Draft, assemble, claimant_identity, same_figure
from skyledger.extract.facts import ClaimantRef, Count, PlaceRef, SentenceFacts, span_of
from skyledger.extract.gazetteer import load_regions
from skyledger.extract.lexicon import Lexicon
from skyledger.extract.sentences import Sentence
from skyledger.extract.tokens import tokenize
from skyledger.extract.windows import TimeEvidence
from skyledger.model import Span

#: How a headline ends: with no full stop (a title), so a lead sentence is never taken for one.
SENTENCE_END = re.compile(r"[.!?…:;,]['\"»”’)]*$")


@dataclass
class Author:
    """Who wrote a post, and how we know: 'signature', 'title' or 'formula'."""

    ref: ClaimantRef
    basis: str


def find_author(text: str, sentences: list[Sentence], facts: list[SentenceFacts], lex: Lexicon) -> Author | None:
    """The post's author: its signature, the source its first line opens with, or its stock phrases."""
    if not sentences:
        return None
    last = sentences[-1]
    if len(sentences) > 1 and sentences[-2].para != last.para:
        toks = tokenize(text[last.start : last.end], lex.lang, last.start)
        found = lex.claimants.scan(toks)
        words = [t for t in toks if any(ch.isalpha() for ch in t.text)]
        names = len(words) <= 4 and all(t.text[:1].isupper() for t in words)
        if len(found) == 1 and names and len(words) >= len(toks) - 1:
            entry = lex.claimant_entries[found[0].values[0]]
            if entry.person:
                ref = ClaimantRef(entry, span_of(toks, found[0].i, found[0].j), -1, side=entry.side)
                return Author(ref, "signature")
    first = next((f for f in facts if f.sentence.index == 0), None)
    if first is not None:
        opened = opening_source(first, text, sentences)
        if opened is not None:
            return Author(opened, "title")
    for f in facts:
        for m in lex.cue("author_formula").scan(f.toks):
            entry = lex.claimant_entries.get(m.values[0])
            if entry is not None:
                return Author(ClaimantRef(entry, span_of(f.toks, m.i, m.j), -1, side=entry.side), "formula")
    return None


def opening_source(first: SentenceFacts, text: str, sentences: list[Sentence]) -> ClaimantRef | None:
    """A source that opens the first line: 'Олег Синєгубов: ...', 'Київська ОВА: ...', or a title
    line that starts with one ('Повітряне командування «Захід» інформує')."""
    for ref in first.claimants:
        start = ref.region_hint[0].i if ref.region_hint and ref.region_hint[0].i < ref.i else ref.i
        if start != 0 or ref.indirect or ref.entry.kind == "media":
            continue
        if ref.entry.role and not ref.person:
            continue
        colon = ref.j < len(first.toks) and first.toks[ref.j].text == ":"
        if colon or is_headline(first.sentence, text, sentences):
            return ref
    return None


def is_headline(s: Sentence, text: str, sentences: list[Sentence]) -> bool:
    """The first sentence, alone in its paragraph, with no full stop, and a body below it.

    A first line that ends with a colon is no headline: it opens the list below it ('... уничтожен
    41 украинский беспилотный летательный аппарат:' / '19 – над территорией ...').
    """
    if s.index != 0 or len(sentences) < 2 or sentences[1].para == s.para:
        return False
    line = text[s.start : s.end].rstrip()
    return not SENTENCE_END.search(line) and not line.endswith(":")


def credit_author(facts: list[SentenceFacts], author: Author | None, lex: Lexicon) -> None:
    """Name the author as the source of the figures that name none.

    A signed post speaks for its signer even where a sentence names the forces that shot the drones
    down ('Минобороны России уничтожены семь БПЛА ... Василий Анохин'); a person named in the
    sentence still wins. Otherwise the author stands in only where neither the sentence nor the one
    before it in the paragraph names a source. A person who wrote the post also gives its orders
    ('Просим жителей оставаться дома').
    """
    if author is None:
        return
    for k, f in enumerate(facts):
        direct = [r for r in f.claimants if not r.indirect]
        if not (f.counts or f.toward_only):
            if author.ref.entry.person and not f.claimants and lex.measures.scan(f.toks):
                f.claimants.append(copy(author.ref))
            continue
        if author.basis == "signature":
            if not any(r.entry.person or r.person for r in direct):
                f.claimants.insert(0, copy(author.ref))
            continue
        before = facts[k - 1] if k > 0 else None
        mine = claimant_identity(author.ref)
        named_before = (
            before is not None
            and before.sentence.index == f.sentence.index - 1
            and before.sentence.para == f.sentence.para
            and any(not r.indirect and r.entry.kind != "media" for r in before.claimants)
            and not any(claimant_identity(r) == mine for r in before.claimants)
        )
        others = any(
            not r.indirect and r.entry.kind not in ("media", author.ref.entry.kind)
            for g in facts[:k]
            for r in g.claimants
        )
        if not direct and not named_before and not others:
            # a title's source ('Собянин: ...') does not speak for figures after another source has been
            # named: they continue that source's statement
            f.claimants.insert(0, copy(author.ref))


def inherit_list_actions(facts: list[SentenceFacts], lex: Lexicon) -> None:
    """Dash lines under a header that ends in a colon, or under a heading in capitals ('ЗНИЩЕНО'),
    share its action; lines of the heading that hold neither a count nor an action (its date and
    checkpoint), and the wrapped rest of a list line (no blank line between), do not end it.

    'противник завдав удару ..., застосувавши:' / '– 11 балістичних ракет Іскандер-М;' /
    '– 30 крилатих ракет Х-101;': each line is a launched claim. Under a header that states a total
    of the same weapon ('уничтожены 44 ... аппарата:'), the lines are its breakdown: one without a
    place (a post cut short: '1 БПЛА – над территорией Брян') is not a claim of its own. Under a
    total of several kinds ('збито/подавлено 87 цілей:'), each line is that weapon's own figure.
    """
    header = None
    previous: SentenceFacts | None = None
    for f in facts:
        line, previous = previous, f
        if header is not None and f.sentence.index == header[1] + 1 and list_line(f, lex):
            for c in f.counts:
                same = [h for h in header[2].counts if h.weapon and c.weapon and h.weapon[0] == c.weapon[0]]
                if c.action is None and same and not c.places:
                    continue  # a line of the header total's breakdown whose place was cut off: no claim
                if c.action is None:
                    c.action, c.action_span = header[0].values[0], span_of(header[2].toks, header[0].i, header[0].j)
                    if c.action == "destroyed_or_suppressed":
                        c.action, c.includes_suppressed = "destroyed", True
            header = (header[0], f.sentence.index, header[2])
            continue
        if header is not None and f.sentence.index == header[1] + 1 and not f.counts and not f.actions:
            if f.times or heading(f):  # 'ПОВІТРЯНИХ ЦІЛЕЙ станом на 16:00': still the heading
                header = (header[0], f.sentence.index, header[2])
                continue
            if line is not None and line is not header[2] and f.sentence.para - line.sentence.para <= 1:
                # the rest of a list line wrapped onto the next line, with no blank line between
                # ('- 18 крилатих ракет' / '«Калібр»'): the list goes on
                header = (header[0], f.sentence.index, header[2])
                continue
            header = None
            continue
        header = None
        if f.actions and f.toks and (f.toks[-1].text == ":" or (heading(f) and not f.counts)):
            header = (f.actions[-1], f.sentence.index, f)


def heading(f: SentenceFacts) -> bool:
    """A line of at most four words, all in capitals: an infographic's or a post's heading."""
    words = [t.text for t in f.toks if any(ch.isalpha() for ch in t.text)]
    return 0 < len(words) <= 4 and all(w.isupper() for w in words)


def list_line(f: SentenceFacts, lex: Lexicon) -> bool:
    """A line of a list: it opens with a dash (a bullet reads as one) or with its count, in digits
    or in words ('семь КАБ;' under 'применил по области:')."""
    if not f.toks:
        return False
    first = f.toks[0]
    if lex.cue("list_dash").match_at([first.norm], 0) or first.text[:1].isdigit():
        return True
    return any(c.i == 0 for c in f.counts)


def assemble_document(facts: list[SentenceFacts], text: str, sentences: list[Sentence]) -> list[Draft]:
    """Claims of the body; a headline's figures only where the body does not give that action and weapon.

    'Над Краснодарским краем ночью сбиты 14 беспилотников' above a ministry list whose 14 is the
    Krasnodar line, 'за вечер и ночь сбиты 58' above an evening 18 and a night 40, or a title that
    repeats the body's figure are one reading of the body, not claims of their own.
    """
    head = [f for f in facts if is_headline(f.sentence, text, sentences)]
    if not head:
        return assemble(facts)
    body = assemble([f for f in facts if f not in head])
    shown = {(d.action, d.weapon[0]) for d in body}
    kept = []
    for d in assemble(head):
        # 'ЗБИТО/ПОДАВЛЕНО 112 ЦІЛЕЙ' above '... збито/подавлено 112 ворожих БпЛА': a headline of
        # several kinds is the body's figure when the body gives the same one for one weapon
        twin = next((b for b in body if (b.action, b.weapon[0]) == (d.action, d.weapon[0])), None)
        if twin is None and d.weapon[0] == "mixed":
            twin = next((b for b in body if same_figure(b, d)), None)
        if twin is None:
            kept.append(d)
        elif hasattr(twin, "also"):
            twin.also = [*twin.also, d.anchor]
    if shown and not kept:
        return body
    return sorted(kept + body, key=lambda d: (d.sentence_index, d.total.i if d.total else d.fragments[0].count.i))


def resolve_place_anaphors(facts: list[SentenceFacts]) -> None:
    """Point 'над городом', 'над півостровом', 'над морем' at the last place named of that kind.

    'the city' and 'the region' still mean the claimant's own area where the claimant has one (see
    ``claims.place_code``); this gives them somewhere to point when it has none (a media report).
    """
    regions = load_regions()
    last: dict[str, PlaceRef] = {}
    for f in facts:
        for p in f.places:
            if p.own:
                antecedent = last.get(p.own)
                if antecedent is not None and not p.candidates:
                    p.candidates = antecedent.candidates
                continue
            for place in p.candidates:
                kind = regions[place.region].kind if place.is_region and place.region in regions else place.kind
                last[kind] = p
                last["city" if kind in ("city", "town", "federal_city") else "region"] = p


def share_windows(drafts: list[Draft], evidence: dict[int, TimeEvidence], author: Author | None) -> None:
    """Give every figure of one source the report's window and date where it states none itself.

    An Air Force report opens '(з 18:00 4 березня)' with the launches and closes 'станом на 08:30'
    with the interceptions; the hits in the next paragraph cover the same night. A second source in
    the same news item (a governor) keeps its own times.
    """
    groups: dict[tuple, list[Draft]] = {}
    for d in drafts:
        ref = d.claimant or (author.ref if author else None)
        groups.setdefault(claimant_identity(ref) if ref else ("", None), []).append(d)
    for members in groups.values():
        pool = TimeEvidence()
        for d in members:
            ev = evidence[id(d)]
            pool.ranges += ev.ranges
            pool.starts += ev.starts
            pool.cutoffs += ev.cutoffs
            pool.dates += ev.dates
        if not (pool.ranges or pool.starts or pool.cutoffs):
            continue
        for d in members:
            ev = evidence[id(d)]
            opened = bool(ev.starts or ev.cutoffs)
            if ev.ranges or (not opened and (ev.dates or ev.vague or ev.durations or ev.weekdays)):
                continue  # a figure with times of its own ('earlier in the evening of October 31')
            if not opened and pool.ranges:
                ev.ranges = pool.ranges[:1]
            ev.starts = ev.starts or pool.starts[:1]
            ev.cutoffs = ev.cutoffs or pool.cutoffs[-1:]
            ev.dates = ev.dates or pool.dates[:1]


def inherit_weapons(facts: list[SentenceFacts], lex: Lexicon) -> None:
    """A count with an action and no weapon takes the weapon named just before it in the paragraph;
    a count of hits opening a paragraph, the weapon of the paragraph before when that one names a
    single class.

    'Харків зазнав масованої атаки ударних БпЛА. Зафіксовано щонайменше 9 влучань ...': nine UAV hits;
    '... подавили засобами РЕБ над Куп'янським районом.' / 'Зафіксовано п'ять влучань у Харкові': five.
    """
    for k, f in enumerate(facts):
        for c in f.counts:
            if c.weapon or not c.action or any(o.weapon and o.i < c.i for o in f.counts):
                continue
            for before in reversed(facts[max(0, k - 2) : k]):
                if before.sentence.para != f.sentence.para:
                    # Hits are counted by their own noun ('п'ять влучань'), never by the weapon: a count
                    # of hits opening a paragraph is of the attack just told. (A line of a breakdown
                    # without its weapon takes its total's, when the claim is assembled.)
                    if c.action == "hit" and opens(f, facts):
                        found = paragraph_weapon(facts, before.sentence.para, lex)
                        c.weapon, c.weapon_span = found or (None, None)
                    break
                named = lex.weapons.scan(before.toks)
                if named:
                    # the weapon's span is where it was named: the claim's evidence for its weapon
                    c.weapon, c.weapon_span = named[-1].values[0], span_of(before.toks, named[-1].i, named[-1].j)
                    break


def opens(f: SentenceFacts, facts: list[SentenceFacts]) -> bool:
    """No sentence read before ``f`` stands in its paragraph."""
    return not any(o.sentence.para == f.sentence.para and o.sentence.index < f.sentence.index for o in facts)


def paragraph_weapon(
    facts: list[SentenceFacts], para: int, lex: Lexicon
) -> tuple[tuple[str, str | None], tuple[int, int]] | None:
    """The one weapon class a paragraph counts or names (its last phrase of that class, with its
    span), if one."""
    named = [
        (m.values[0], span_of(o.toks, m.i, m.j))
        for o in facts
        if o.sentence.para == para
        for m in lex.weapons.scan(o.toks)
    ]
    return named[-1] if named and len({w[0] for w, _ in named}) == 1 else None


def resolve_partitive_anaphors(facts: list[SentenceFacts]) -> None:
    """'ворог атакував Україну понад 40 ударними дронами. Збити або подавити вдалося 31 з них', 'shot
    down 31 of them': a part of the figure before it, with another action than that figure's, is a
    figure of its own, of the same weapon. The figure is the last one counted with a weapon in its
    sentence or the two text sentences before, and the part is no larger than it. A part with the
    same action ('Six of them were shot down over ...' after 'shot down 20') stays a line of that
    figure, and a part heading somewhere ('two of them flew toward Moscow') says where, not how many."""
    for k, f in enumerate(facts):
        for c in [c for c in f.toward_only if c.partitive and c.action and not c.toward and c.weapon is None]:
            earlier = [
                o
                for g in facts[max(0, k - 2) : k + 1]
                if f.sentence.index - g.sentence.index <= 2
                for o in g.counts
                if o.weapon and (g is not f or o.i < c.i)
            ]
            if not earlier:
                continue
            whole = earlier[-1]
            if whole.action in (None, c.action) or c.value > whole.value or c.places:
                continue
            c.weapon, c.weapon_span, c.partitive = whole.weapon, whole.weapon_span, False
            f.toward_only.remove(c)
            f.counts.append(c)


def resolve_plural_anaphors(facts: list[SentenceFacts]) -> None:
    """'атаку двумя БПЛА ... Беспилотные летательные аппараты были уничтожены': a plural counted by no
    numeral is as many as were counted of that class of weapon in the nearest of the two sentences
    before it that counts any; 'восемью ракетами «Storm Shadow» и тремя «Нептун» ... все ракеты
    уничтожены' is two figures, one per number.

    A number that had no action of its own (the attack's) becomes this figure and no other; a launch
    ('запустил 20 ракет ... все ракеты сбиты') stays a figure of its own. A plural with no number
    before it, or one that another count of its sentence already counts ('три ракеты ATACMS'), says
    no figure and is dropped. The two sentences are sentences of the text, not the two read before
    it. A figure found this way is flagged ``total_from_antecedent``: its number stands in the
    sentence before, and its total span points there.
    """
    for k, f in enumerate(facts):
        for c in [c for c in f.counts if c.anaphor]:
            f.counts.remove(c)
            if any(overlaps(c.weapon_span, o.weapon_span or o.span) for o in f.counts):
                continue
            near = [b for b in facts[:k] if f.sentence.index - b.sentence.index <= 2]  # sentences, not read ones
            before = next((b for b in reversed(near) if any(antecedent_of(a, c) for a in b.counts)), None)
            if before is None:
                give_places_back(f, c)
            for a in [a for a in before.counts if antecedent_of(a, c)] if before else []:
                one = copy(c)
                one.value, one.bound, one.span, one.antecedent, one.anaphor = a.value, a.bound, a.span, before, False
                one.weapon = a.weapon if a.weapon[1] or not c.weapon[1] else c.weapon
                if a.action is None:
                    before.counts.remove(a)
                f.counts.append(one)
            f.counts.sort(key=lambda x: x.i)


def give_places_back(f: SentenceFacts, c: Count) -> None:
    """A plural that says no figure leaves its places to the count of its class before it in the
    sentence ('уничтожены 20 беспилотников, ... беспилотники над Брянской областью')."""
    heir = next(
        (o for o in reversed(f.counts) if o.i < c.i and o.weapon and c.weapon and o.weapon[0] == c.weapon[0]), None
    )
    if heir is not None and not heir.places:
        heir.places = list(c.places)


def overlaps(a: Span | None, b: Span | None) -> bool:
    """Two character spans share a character."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def antecedent_of(a: Count, c: Count) -> bool:
    """An earlier count the plural ``c`` can mean: the same class of weapon ('все воздушные цели': any
    class), no outcome of its own
    (a plural with the same action restates it: 'ракети росіяни випустили з ...' after '5 ракет')."""
    return (
        c.action != a.action
        and not a.anaphor
        and a.action in (None, "launched")
        and bool(a.weapon and c.weapon)
        and c.weapon[0] in (a.weapon[0], "mixed")
    )


def read_document(text: str, sentences: list[Sentence], facts: list[SentenceFacts], lex: Lexicon) -> Author | None:
    """Every document-level reading that comes before claims are assembled; returns the author."""
    inherit_list_actions(facts, lex)
    inherit_weapons(facts, lex)
    resolve_partitive_anaphors(facts)
    resolve_plural_anaphors(facts)
    resolve_place_anaphors(facts)
    author = find_author(text, sentences, facts, lex)
    credit_author(facts, author, lex)
    return author
