"""From sentence facts to claims: which fragments make up which total, and who claims it.

A *total* is a count of weapons with an action and no place ('intercepted 98 Ukrainian drones'). A
*fragment* is a count tied to places ('eight over Rostov Region'). A total takes the fragments that
follow it until the next total or a change of action or claimant; if they fall short of the total, it
takes the unclaimed fragments just before it, but only when that makes the sum exact (a breakdown that
starts a paragraph before its total). Where a count over several places can be read as shared
('two drones over Tula and Kaluga') or as each ('two over Lipetsk and Ryazan'), the reading that makes
the breakdown add up to the total wins and the claim says so. Fragments that no total takes become
claims of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skyledger.extract.facts import ClaimantRef, Count, PlaceRef, SentenceFacts
from skyledger.extract.gazetteer import load_regions, resolve
from skyledger.extract.numbers import within
from skyledger.model import Claimant, RegionCount

#: How many sentences after a total its breakdown may run.
FORWARD_REACH = 8


@dataclass
class Fragment:
    """A count with places, and the sentence it stands in."""

    count: Count
    facts: SentenceFacts
    taken: bool = False

    @property
    def areas(self) -> int:
        """How many different regions the count's places stand for ('Taganrog, Novoshakhtinsk and
        Kamensky district' are one: all in Rostov Oblast)."""
        named = {frozenset(c.region for c in p.candidates) for p in self.count.places if p.candidates}
        own = {p.own for p in self.count.places if not p.candidates}
        return len(named) + (0 if named else len(own))  # 'Voronezh and two districts of the region': one

    @property
    def ambiguous(self) -> bool:
        """Several regions and no 'each': shared or each, only the total can tell."""
        return self.areas > 1 and not self.count.each and not self.count.shared

    def contribution(self, distributive: bool) -> int:
        """What this fragment adds to the breakdown under one reading."""
        if self.areas > 1 and (self.count.each or distributive):
            return self.count.value * self.areas
        return self.count.value


@dataclass
class Draft:
    """A claim under construction."""

    anchor: SentenceFacts
    action: str
    weapon: tuple[str, str | None]
    total: Count | None
    fragments: list[Fragment] = field(default_factory=list)
    readings: dict[int, bool] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    claimant: ClaimantRef | None = None
    claimant_basis: str = ""
    exact_readings: int = 0
    toward_counts: list[Count] = field(default_factory=list)
    also: list[SentenceFacts] = field(default_factory=list)

    @property
    def sentence_index(self) -> int:
        """Where the claim is anchored in the document."""
        return self.anchor.sentence.index

    @property
    def last_index(self) -> int:
        """The last sentence the claim's breakdown reaches."""
        return max([self.sentence_index] + [f.facts.sentence.index for f in self.fragments])


def split_counts(sentences: list[SentenceFacts]) -> tuple[list[tuple[SentenceFacts, Count]], list[Fragment]]:
    """Separate totals from fragments, in document order."""
    totals, fragments = [], []
    for f in sentences:
        for c in sorted(f.counts, key=lambda c: c.i):
            if c.places:
                fragments.append(Fragment(c, f))
            elif c.part:
                continue  # 'including 20 over ...' with its places given to another clause: part of a total
            elif c.list_line and c.i > 0 and any(o.places and o.i < c.i for o in f.counts):
                continue  # 'и шесть БПЛА – на[...]': a line of the breakdown before it whose place was cut off
            elif c.action and weapon_of(c, f):
                c.weapon = weapon_of(c, f)  # '48 drones shot down, and 15 more were jammed'
                totals.append((f, c))
    return totals, fragments


def direct_claimant(f: SentenceFacts, near: Count | None = None) -> ClaimantRef | None:
    """The claimant a sentence names as the source: a person, then the first organisation or role
    named ('the governor reported 12 drones, which matches the ministry's figure'), then media.

    With ``near``, two sources of one rank are told apart by distance: in 'Moscow saying it had downed
    57 drones, while Kyiv said Russia had fired 90' the 90 is Kyiv's.
    """
    refs = [r for r in f.claimants if not r.indirect]
    for rank in (
        lambda r: r.entry.person or r.person,
        lambda r: r.entry.kind != "media",
        lambda r: True,
    ):
        picked = [r for r in refs if rank(r)]
        if picked and near is not None and len({(r.entry.key, r.person) for r in picked}) > 1:
            return min(picked, key=lambda r: abs(r.i - near.i))
        if picked:
            return picked[0]
    return None


def claimant_identity(ref: ClaimantRef) -> tuple[str, str | None]:
    """What makes two mentions the same source: the kind and the person ('the ministry' is the
    'Russian Defence Ministry' named a sentence earlier)."""
    return ref.entry.kind, ref.entry.person or ref.person


def same_source(a: ClaimantRef, b: ClaimantRef) -> bool:
    """Two mentions of one source: the same kind and person, or a government ('Moscow said') and a
    body of the same side ('the Russian defence ministry said'); two governments only if the same."""
    governments = [r for r in (a, b) if r.entry.key.startswith("government_")]
    if len(governments) == 2:
        return a.entry.key == b.entry.key
    if len(governments) == 1:
        other = b if governments[0] is a else a
        return other.side in (None, governments[0].side) and other.entry.kind in ("ministry", "military", "official")
    return claimant_identity(a) == claimant_identity(b)


def weapon_of(c: Count, f: SentenceFacts) -> tuple[str, str | None] | None:
    """A count's weapon, or that of the nearest counted weapon before it in the sentence, or the
    weapon the sentence names before it without a number ('destroyed drones overnight: 5 over ...')."""
    if c.weapon:
        return c.weapon
    before = [o for o in f.counts if o.weapon and o.i < c.i]
    if before:
        return max(before, key=lambda o: o.i).weapon
    named = [m for m in f.weapons if m.j <= c.i]
    return named[-1].values[0] if named else None


def compatible(frag: Fragment, draft: Draft) -> bool:
    """A fragment can join a total when action and claimant do not contradict it."""
    if frag.count.action and frag.count.action != draft.action:
        return False
    claimant = direct_claimant(frag.facts)
    if claimant and frag.facts is not draft.anchor:
        mine = draft.claimant
        if mine is None or not same_source(claimant, mine):
            return False  # a sentence that names its own source makes its own claim
    w = weapon_of(frag.count, frag.facts)
    return w is None or w[0] == draft.weapon[0]


def resolve_roles(sentences: list[SentenceFacts]) -> None:
    """'The mayor', 'the governor': the person last named in that role in the report.

    Their region comes along, so a claim the mayor makes later is still Moscow's.
    """
    last: dict[str, ClaimantRef] = {}
    for f in sentences:
        for ref in f.claimants:
            if ref.anaphoric and ref.entry.kind in last:
                named = last[ref.entry.kind]
                ref.entry, ref.person, ref.region_hint = named.entry, named.person, named.region_hint
                ref.side = ref.side or named.side
            elif ref.entry.person or ref.person:
                last[ref.entry.kind] = ref


def region_sets(c: Count) -> list[set[str]]:
    """The regions each place of a count may stand for."""
    return [{p.region for p in ref.candidates} for ref in c.places if ref.candidates]


def opens_list(frag: Fragment) -> bool:
    """The count's clause ends in a colon right after its places: a list follows."""
    toks = frag.facts.toks
    end = max([p.j for p in frag.count.places] + [frag.count.j])
    later = [c.i for c in frag.facts.counts if c.i > frag.count.i]
    stop = min(later + [len(toks)])
    return any(t.text == ":" for t in toks[end:stop]) and all(t.text not in {".", ";"} for t in toks[end:stop])


def promote_summaries(totals: list[tuple[SentenceFacts, Count]], fragments: list[Fragment]) -> list[Fragment]:
    """A count over places that the next fragments break down exactly is a total.

    'Seven drones were destroyed over the Sea of Azov and Crimea: four over the Sea of Azov and
    three over Crimea' is one claim of 7, not 14. The followers must be of its weapon and action, and
    their places among the summary's ('four over Stavropol, three over Oryol and one over Bryansk'
    stays a breakdown), or districts of the claimant's own region it names, or the lines of a list
    its places open with a colon.
    """
    kept = []
    for k, frag in enumerate(fragments):
        mine = region_sets(frag.count)
        # 'над территорией области сбиты 19 беспилотников: 7 над Рыльским районом, ...': the
        # claimant's own region broken down by its districts
        own = bool(frag.count.places) and all(p.own == "region" for p in frag.count.places)
        # 'destroyed 58 UAVs over six regions and the Black Sea: 19 over ... and 3 over the Black Sea':
        # a count whose places end in a colon opens the list that breaks it down
        opens = opens_list(frag)
        followers = []
        weapon = weapon_of(frag.count, frag.facts)
        for nxt in fragments[k + 1 :]:
            theirs = region_sets(nxt.count)
            other = weapon_of(nxt.count, nxt.facts)
            if (other and weapon and other[0] != weapon[0]) or nxt.count.action not in (None, frag.count.action):
                break
            if nxt.facts.sentence.index - frag.facts.sentence.index > FORWARD_REACH:
                break
            inside = own and all(not p.candidates or not p.candidates[0].is_region for p in nxt.count.places)
            among = len(mine) >= 2 and theirs and all(any(t & m for m in mine) for t in theirs)
            if not (inside or among or opens):
                break
            followers.append(nxt)
        table = sums_table(followers, frag.count.value)
        exact = any(frag.count.value in table[n] for n in range(2, len(followers) + 1))
        if exact and frag.count.action and weapon_of(frag.count, frag.facts):
            frag.count.weapon = weapon_of(frag.count, frag.facts)
            frag.count.places = []
            totals.append((frag.facts, frag.count))
        else:
            kept.append(frag)
    totals.sort(key=lambda t: (t[0].sentence.index, t[1].i))
    return kept


def drop_restated_wholes(sentences: list[SentenceFacts]) -> None:
    """'уничтожили 26 беспилотников ... Восемь из 26 дронов перехвачены над Курской областью': a
    whole that repeats a figure the report already stated for that weapon is that figure, not a
    launched claim of its own; the part stays, as a line of the breakdown."""
    stated: set[tuple[int, str]] = set()
    for f in sentences:
        for c in list(f.counts):
            key = (c.value, c.weapon[0]) if c.weapon else None
            if c.implied and key in stated:
                f.counts.remove(c)
            elif key and not c.implied:
                stated.add(key)


def assemble(sentences: list[SentenceFacts]) -> list[Draft]:
    """Build the claim drafts of a document."""
    resolve_roles(sentences)
    drop_restated_wholes(sentences)
    totals, fragments = split_counts(sentences)
    fragments = promote_summaries(totals, fragments)
    drafts = []
    for f, c in totals:
        d = Draft(f, c.action, c.weapon, c)
        d.claimant = direct_claimant(f, c)
        drafts.append(d)
    for k, d in enumerate(drafts):
        take_fragments(d, fragments, next_boundary(d, drafts[k + 1 :]))
    drafts += leftover_drafts(fragments)
    drafts.sort(key=lambda d: (d.sentence_index, d.total.i if d.total else d.fragments[0].count.i))
    drafts = fold_restated_breakdowns(merge_headlines(drafts))
    attach_toward(drafts, sentences)
    return drafts


def fold_restated_breakdowns(drafts: list[Draft]) -> list[Draft]:
    """Lines with no total of their own, opening with a part of what was said ('two of them'), that
    add up to no more than the figure of a claim before them, inside its regions, restate it or a
    part of it: 'shot down three drones over the Kursk region ... Two of them were destroyed over
    the Glushkovo district and one over the Kurchatov district' is one claim of three, not two. The
    later sentence stays as evidence."""
    out: list[Draft] = []
    for d in drafts:
        earlier = next((e for e in out if e.sentence_index < d.sentence_index and restates(d, e)), None)
        if earlier is not None:
            earlier.also = [*earlier.also, d.anchor, *d.also]
            continue
        out.append(d)
    return out


def restates(d: Draft, e: Draft) -> bool:
    """``d``, a breakdown with no total that opens with a part of what was said before ('two of
    them'), gives ``e``'s figure or a part of it again, within ``e``'s regions."""
    if d.total is not None or not d.fragments or not d.fragments[0].count.partitive:
        return False
    part, whole = draft_total(d), draft_total(e)
    if d.action != e.action or d.weapon[0] != e.weapon[0] or part is None or whole is None or part > whole:
        return False
    regions, readings = draft_regions(e), place_readings(d)
    return bool(regions) and bool(readings) and all(r & regions for r in readings)


def place_readings(d: Draft) -> list[set[str]]:
    """The regions each place of a draft may stand for, one set per place."""
    counts = [*([d.total] if d.total else []), *(g.count for g in d.fragments)]
    return [{c.region for c in p.candidates} for f in counts for p in f.places if p.candidates]


def shares_a_region(d: Draft, regions: set[str]) -> bool:
    """``d`` names no place, or one of its places may be one of ``regions``."""
    readings = place_readings(d)
    return not readings or any(r & regions for r in readings)


def draft_regions(d: Draft) -> set[str]:
    """Every region a draft's places may stand for (each reading of each place)."""
    return set().union(*place_readings(d))


def merge_headlines(drafts: list[Draft]) -> list[Draft]:
    """A headline or lead figure repeated by the body is one claim, not two.

    'Russia says air defences downed 45 drones' above 'The ministry said 45 drones were destroyed:
    17 over ...' : the first draft (in the headline or the lead paragraph, naming no source but a
    bare role such as 'governor says', or the same source, and with no breakdown) folds into the
    later one with the same action, weapon and figure, and its sentence stays as evidence.
    """
    out: list[Draft] = []
    for d in drafts:
        later = [o for o in drafts if o.sentence_index > d.sentence_index]
        twin = next((o for o in later if same_figure(o, d)), None)
        source = direct_claimant(d.anchor)
        unnamed = source is None or (source.entry.role and not source.person and not source.entry.person)
        unnamed = unnamed or source.entry.kind == "media"  # '/ТАСС/': the outlet relays, it claims nothing
        repeated = twin is not None and source is not None and twin.claimant is not None
        repeated = repeated and same_source(source, twin.claimant)
        # the headline, or the lead under it (line 1, or 2 after a blank line): wire copy states the
        # figure in its lead, then quotes the statement that gives it
        lead = d.anchor.sentence.para <= 2
        # and a place the body names, if it names any: 'three over Belgorod' in the lead is not the
        # body's 'three over Kursk' (one shared place is enough: a lead's list may be misread)
        inside = twin is not None and shares_a_region(d, draft_regions(twin))
        if twin is not None and lead and (unnamed or repeated) and len(d.fragments) <= 1 and inside:
            twin.also = [*twin.also, d.anchor, *d.also]
            continue
        out.append(d)
    return out


def same_figure(a: Draft, b: Draft) -> bool:
    """Same action and figure, and the same weapon class, or one of them 'mixed': a headline's
    'ЗБИТО/ПОДАВЛЕНО 112 ЦІЛЕЙ' is the body's '112 ударних БпЛА' when all the targets were drones.
    ``b``'s bound counts: a lead's 'more than 60' is the body's 64."""
    same_weapon = a.weapon[0] == b.weapon[0] or "mixed" in (a.weapon[0], b.weapon[0])
    if not same_weapon or a.action != b.action:
        return False
    return within_bound(b, draft_total(a)) if b.total else draft_total(a) == draft_total(b)


def within_bound(d: Draft, value: int | None) -> bool:
    """The draft's figure covers ``value``: equal, or 'more than 60' against 64, 'about 30' against 28."""
    if value is None or d.total is None:
        return False
    if d.total.bound == "at_least":
        return value >= d.total.value
    if d.total.bound == "about":
        return abs(value - d.total.value) <= max(2, d.total.value // 10)
    return value == d.total.value


def attach_toward(drafts: list[Draft], sentences: list[SentenceFacts]) -> None:
    """Give 'N heading toward Moscow' counts to the claim they are part of.

    In the claim's own sentences they belong to it; in a count-less sentence ('Six of the targeted
    drones were heading toward Moscow') to the claim whose breakdown runs around it.
    """
    for f in sentences:
        towards = [c for c in f.toward_only if c.toward]
        if not towards:
            continue
        s = f.sentence.index
        owners = [d for d in drafts if d.sentence_index <= s <= d.last_index + 2]
        if owners:
            max(owners, key=lambda d: d.sentence_index).toward_counts += towards


def next_boundary(d: Draft, later: list[Draft]) -> int | None:
    """Where a total's breakdown must stop: at the next total that is not another source's.

    'The ministry said 29 over the Moscow region ... Sobyanin reported a total of 30 ... Thirteen more
    were downed over the Oryol region, the ministry said': the mayor's figure sits inside the
    ministry's breakdown without ending it.
    """
    for o in later:
        if o.claimant is None or d.claimant is None or same_source(o.claimant, d.claimant):
            return o.sentence_index
    return None


def other_source(frag: Fragment, d: Draft) -> bool:
    """True when a fragment's sentence names a source other than the total's, and nothing else clashes."""
    mine, theirs = d.claimant, direct_claimant(frag.facts)
    if mine is None or theirs is None or same_source(mine, theirs):
        return False
    return frag.count.action in (None, d.action)


def take_fragments(d: Draft, fragments: list[Fragment], next_total: int | None) -> None:
    """Give a total its breakdown (see the module docstring for the rule)."""
    forward: list[Fragment] = []
    last = d.sentence_index
    for frag in fragments:
        s = frag.facts.sentence.index
        if frag.taken or s < d.sentence_index or (s == d.sentence_index and frag.count.i < d.total.i):
            continue
        if next_total is not None and (s > next_total or (s == next_total and frag.facts is not d.anchor)):
            break
        if s - last > FORWARD_REACH:
            break
        if frag.count.additive and frag.facts is d.anchor:
            break  # '22 уничтожено и еще 13 перехвачено над ...': the 13 is a figure of its own
        if not compatible(frag, d):
            if other_source(frag, d):
                continue  # another source's line inside this breakdown ('Sobyanin reported 30 ...')
            break
        forward.append(frag)
        last = s
    chosen = best_prefix(d, forward)
    if chosen is None:
        backward = [
            f
            for f in fragments
            if not f.taken
            and (f.facts.sentence.index < d.sentence_index or (f.facts is d.anchor and f.count.i < d.total.i))
            and compatible(f, d)
        ]  # 'Над Київщиною (5) та Черкащиною (3) знешкоджено 8 БпЛА': the lines may come first
        chosen = with_backward(d, forward, backward[::-1])
    if chosen is None:
        chosen = within_total(d, forward)
    frags, readings = chosen
    for frag in frags:
        frag.taken = True
    d.fragments = sorted(frags, key=lambda f: (f.facts.sentence.index, f.count.i))
    d.readings = readings


def within_total(d: Draft, forward: list[Fragment]) -> tuple[list[Fragment], dict[int, bool]]:
    """No exact breakdown: the longest run of following fragments that stays within the total.

    The breakdown check then fails and says by how much; fragments past the total stay free to
    make claims of their own.
    """
    for n in range(len(forward), 0, -1):
        reading = {id(f): False for f in forward[:n] if f.ambiguous}
        if breakdown_sum(forward[:n], reading) <= d.total.value:
            return forward[:n], reading
    return [], {}


def sums_table(frags: list[Fragment], cap: int) -> list[dict[int, int]]:
    """For every prefix length n, the sums its readings can give and how many readings give each.

    Shared/each choices multiply (two per ambiguous count), but the sums they reach stay few: a
    table of reachable sums up to the total grows linearly with the breakdown, where enumerating
    readings grew as 2**k for every prefix tried.
    """
    table = [{0: 1}]
    for f in frags:
        options = {f.contribution(True), f.contribution(False)} if f.ambiguous else {f.contribution(False)}
        reached: dict[int, int] = {}
        for total, ways in table[-1].items():
            for add in options:
                if total + add <= cap:
                    reached[total + add] = reached.get(total + add, 0) + ways
        table.append(reached)
    return table


def reading_for(frags: list[Fragment], table: list[dict[int, int]], n: int, total: int) -> dict[int, bool]:
    """One reading of frags[:n] that sums to ``total`` (each preferred where both would do)."""
    reading: dict[int, bool] = {}
    rest = total
    for k in range(n, 0, -1):
        f = frags[k - 1]
        if not f.ambiguous:
            rest -= f.contribution(False)
            continue
        distributive = rest - f.contribution(True) in table[k - 1]
        reading[id(f)] = distributive
        rest -= f.contribution(distributive)
    return reading


def breakdown_sum(frags: list[Fragment], reading: dict[int, bool]) -> int:
    """The sum of a breakdown under one reading."""
    return sum(f.contribution(reading.get(id(f), False)) for f in frags)


def best_readings(frags: list[Fragment], total: int) -> tuple[dict[int, bool], int]:
    """(the reading to use, how many readings sum to the total); shared everywhere when none does."""
    table = sums_table(frags, total)
    ways = table[-1].get(total, 0)
    if ways:
        return reading_for(frags, table, len(frags), total), ways
    return {id(f): False for f in frags if f.ambiguous}, 0


def best_prefix(d: Draft, forward: list[Fragment]) -> tuple[list[Fragment], dict[int, bool]] | None:
    """The longest run of following fragments that sums exactly to the total, if any.

    Longest, not shortest: in 'eight over Rostov, four over Stavropol, three each over Oryol and
    Bryansk. Two over Tula and Kaluga, one each near Moscow and Kursk' (22), reading 'two over Tula and
    Kaluga' as two each already gives 22 before Moscow and Kursk; only the whole run with the shared
    reading is the breakdown.
    """
    table = sums_table(forward, d.total.value)
    for n in range(len(forward), 0, -1):
        ways = table[n].get(d.total.value, 0)
        if ways:
            d.exact_readings = ways
            return forward[:n], reading_for(forward, table, n, d.total.value)
    return None


def with_backward(
    d: Draft, forward: list[Fragment], backward: list[Fragment]
) -> tuple[list[Fragment], dict[int, bool]] | None:
    """Following fragments plus the nearest earlier ones, when together they sum exactly."""
    for n in range(1, len(backward) + 1):
        frags = forward + backward[:n]
        reading, exact = best_readings(frags, d.total.value)
        if exact:
            d.exact_readings = exact
            d.flags.append("breakdown_before_total")
            return frags, reading
    return None


def leftover_drafts(fragments: list[Fragment]) -> list[Draft]:
    """Fragments no total took: each sentence's fragments of one weapon class become one claim
    ('над Києвом 9 ракет і 23 БпЛА' is two claims, not 32 missiles)."""
    drafts: list[Draft] = []
    by_sentence: dict[tuple[int, str], list[Fragment]] = {}
    for frag in fragments:
        weapon = weapon_of(frag.count, frag.facts)
        if not frag.taken and frag.count.action and weapon and not frag.count.part:  # a part is no claim alone
            by_sentence.setdefault((frag.facts.sentence.index, weapon[0]), []).append(frag)
    for frags in by_sentence.values():
        first = frags[0]
        if len(frags) == 1 and first.ambiguous:
            # '249 беспилотников над территориями Белгородской, Брянской ... областей': one figure for
            # the places listed together, with no 'each' and nothing else to add up: shared, and no guess
            first.count.shared = True
        d = Draft(first.facts, first.count.action, weapon_of(first.count, first.facts), None, frags)
        d.claimant = direct_claimant(first.facts)
        d.readings = {id(f): False for f in frags if f.ambiguous}
        if any(f.ambiguous for f in frags):
            d.flags.append("collective_or_distributive_unresolved")
        drafts.append(d)
    return drafts


def draft_total(d: Draft) -> int | None:
    """The stated total, or the sum of a breakdown that came without one."""
    if d.total:
        return d.total.value
    return within(breakdown_sum(d.fragments, d.readings))


def place_context(d: Draft, claimant: Claimant) -> list[str]:
    """Region codes that help choose among same-named places: the claimant's, then the sentence's."""
    codes = [claimant.region] if claimant.region else []
    for frag in d.fragments:
        for p in frag.facts.places:
            if len({c.region for c in p.candidates}) == 1:
                codes.append(p.candidates[0].region)
    return codes


def region_lines(d: Draft, claimant: Claimant) -> tuple[list[RegionCount], list[str]]:
    """The breakdown as region lines (repeated regions summed) and the flags it raised.

    Places of one count that fall in one region ('over the Voronezh region, most of them over the
    city of Voronezh') are one line, not a count to split.
    """
    regions = load_regions()
    context = place_context(d, claimant)
    lines: dict[str, RegionCount] = {}
    flags: list[str] = []
    for frag in d.fragments:
        coded: dict[str, tuple[PlaceRef, str, list[str]]] = {}
        for p in frag.count.places:
            code, name, pflags = place_code(p, claimant, context, regions)
            if code is None:
                flags.extend(pflags)
            elif code not in coded:
                coded[code] = (p, name, pflags)
        if not coded:
            continue
        n = len(coded)
        distributive = frag.count.each or n == 1 or d.readings.get(id(frag), False)
        share: int | None = frag.count.value
        count_span = frag.count.span
        line_flags: list[str] = []
        if frag.count.per_place is not None and frag.count.per_place * n == frag.count.value:
            share = frag.count.per_place  # '12 drones over the Kursk and Bryansk regions, 6 each'
            count_span = frag.count.per_place_span or count_span  # each line's count is the '6'
        elif not distributive:
            # A count shared by n places is split only where the split is forced (two drones over two
            # regions: one each); otherwise each line's count is null: the claimant gave none.
            share = 1 if frag.count.value == n else None
            if share:
                line_flags.append("collective_split_evenly")
            else:
                line_flags.append("collective_count" if frag.count.value % n == 0 else "collective_uneven")
        for code, (p, name, pflags) in coded.items():
            line = RegionCount(code, name, share, p.span, count_span, tuple(line_flags + pflags))
            if code in lines:
                old = lines[code]
                summed = None if old.count is None or share is None else within(old.count + share)
                flag = "towns_summed" if via_town(old.flags) and via_town(pflags) else "region_repeated"
                merged = tuple(dict.fromkeys(old.flags + line.flags + (flag,)))
                line = RegionCount(code, name, summed, old.span, old.count_span, merged)
                flags.append(flag)
            lines[code] = line
    return list(lines.values()), flags


def via_town(flags) -> bool:
    """True when a breakdown line came through a town's name, not the region's."""
    return any(f.startswith(("via_town", "via_district")) for f in flags)


def place_code(p: PlaceRef, claimant: Claimant, context: list[str], regions) -> tuple[str | None, str, list[str]]:
    """(region code, region name, flags) for one place reference."""
    if p.own in ("region", "city") and claimant.region and claimant.region in regions:
        return claimant.region, regions[claimant.region].name_en, ["region_from_claimant"]
    if p.own and not p.candidates:
        return None, "", ["own_region_unresolved"]
    if p.district and claimant.region and all(c.region != claimant.region for c in p.candidates):
        # a governor's district that no town of the governor's region names: a namesake elsewhere
        # ('Беловский район' of Kursk is not Belovo in Kemerovo); not placed, and said so
        return None, "", [f"district_unplaced:{p.text}"]
    # An anaphor ('над городом', 'над півостровом') with no claimant's area: the place it points back to.
    place, ambiguous = resolve(p.candidates, context)
    flags = []
    if ambiguous:
        flags.append(f"ambiguous_place:{p.text}")
    if p.fuzzy:
        flags.append(f"fuzzy_place:{p.text}->{p.fuzzy}")
    if p.truncated:
        flags.append("place_truncated")  # the report ends in the middle of this name
    if p.district:
        flags.append(f"via_district:{place.name}")  # a district, placed through the town it is named after
        if claimant.region and claimant.region[:2] != place.region[:2]:
            flags.append("across_front")  # the town's region lies on the other side from the claimant's
    elif not place.is_region:
        flags.append(f"via_town:{place.name}")
    name = regions[place.region].name_en if place.region in regions else place.name
    return place.region, name, flags
