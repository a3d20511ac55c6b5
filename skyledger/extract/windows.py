"""Time windows of claims: which time expression belongs to which claim, resolved to ISO 8601.

A time in the claim's own sentence is the claim's. A sentence with times and no count ('the attack
began at 11:23 pm on November 11 and concluded at 7:00 am on November 12') gives them to the claim
whose claimant it names, else to the nearest claim before it, else to the next one. Clock times are
written in the claimant's zone (Moscow for Russian claimants, Kyiv for Ukrainian ones); a date with no
year takes the year that puts it nearest before the reference date. Vague phrases ('overnight') never
become start/end: their conventional reading goes to approx_start/approx_end, flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from skyledger.extract.claims import Draft
from skyledger.extract.facts import SentenceFacts
from skyledger.extract.gazetteer import load_regions
from skyledger.extract.times import ZONES, TimeMention, iso, resolve_year
from skyledger.model import Claimant, RegionCount, Span, Window

#: How many sentences away a count-less time sentence may give its times to a claim.
TIME_REACH = 3
#: How far a time sentence that names a claimant may reach for that claimant's claim.
NAMED_REACH = 8


@dataclass
class TimeEvidence:
    """The time expressions one claim collected."""

    ranges: list[TimeMention] = field(default_factory=list)
    dates: list[TimeMention] = field(default_factory=list)
    durations: list[TimeMention] = field(default_factory=list)
    vague: list[tuple[str, tuple, Span]] = field(default_factory=list)
    weekdays: list[tuple[int, Span]] = field(default_factory=list)
    starts: list[TimeMention] = field(default_factory=list)
    cutoffs: list[TimeMention] = field(default_factory=list)

    def named_zone(self) -> str | None:
        """The side whose zone the text names beside the claim's clock times ('Moscow time'), if any."""
        return next((t.tz for t in (*self.ranges, *self.starts, *self.cutoffs) if t.tz), None)

    def add(self, f: SentenceFacts, own: bool) -> None:
        """Take a sentence's times; vague phrases and weekdays only from the claim's own sentences."""
        kinds = {"range": self.ranges, "date": self.dates, "duration": self.durations}
        for t in f.times:
            kinds.get(t.kind, self.starts if t.kind == "from" else self.cutoffs).append(t)
        if own:
            self.vague += [(m.values[0][0], m.values[0][1], span) for m, span in f.vague]
            self.weekdays += f.weekdays


def distribute_times(drafts: list[Draft], sentences: list[SentenceFacts]) -> dict[int, TimeEvidence]:
    """Collect each draft's time evidence (keyed by id(draft))."""
    out = {id(d): TimeEvidence() for d in drafts}
    own: dict[int, Draft] = {}
    for d in drafts:
        own[d.anchor.sentence.index] = own.get(d.anchor.sentence.index, d)
        out[id(d)].add(d.anchor, True)
        for frag in d.fragments:
            if frag.facts is not d.anchor:
                out[id(d)].add(frag.facts, False)
    for f in sentences:
        if f.counts or not f.times or f.sentence.index in own or not drafts or f.reports_alert:
            # an alert's times ('the air-raid alert lasted from 23:40 to 06:35') are not the claim's window
            continue
        for target in time_targets(f, drafts, sentences):
            out[id(target)].add(f, False)
    return out


def time_targets(f: SentenceFacts, drafts: list[Draft], sentences: list[SentenceFacts]) -> list[Draft]:
    """The claims a count-less sentence's times belong to.

    A heading's time, with no claim before it ('25.01.2024 (06.00) ЗНИЩЕНО: - 11 ... - 2 ...', 'Около
    17.30 мск пресечена попытка ...'), covers every claim below it, up to the next sentence that
    states a time of its own; any other goes to the one claim ``time_target`` picks.
    """
    s = f.sentence.index
    if any(d.sentence_index < s for d in drafts):
        target = time_target(f, drafts)
        return [target] if target is not None else []
    first = min((d.sentence_index for d in drafts), default=s)
    if first - s > TIME_REACH + 2:
        return []
    # the heading may take several lines (a date, then a checkpoint time); it ends at the first claim
    later = [g.sentence.index for g in sentences if g.sentence.index > first and g.times and not g.counts]
    stop = min(later, default=10**9)
    return [d for d in drafts if s < d.sentence_index < stop]


def time_target(f: SentenceFacts, drafts: list[Draft]) -> Draft | None:
    """The claim a count-less sentence's times belong to."""
    s = f.sentence.index
    near = [d for d in drafts if abs(d.sentence_index - s) <= TIME_REACH]
    named = {r.entry.kind for r in f.claimants}
    matching = [
        d for d in drafts if abs(d.sentence_index - s) <= NAMED_REACH and d.claimant and d.claimant.entry.kind in named
    ]
    if matching:
        return min(matching, key=lambda d: abs(d.sentence_index - s))
    before = [d for d in near if d.sentence_index < s]
    if before:
        return max(before, key=lambda d: d.sentence_index)
    after = [d for d in near if d.sentence_index > s]
    return min(after, key=lambda d: d.sentence_index) if after else None


#: The hours of a night named by its morning's date ('в ночь на 25 марта'): those the time tables
#: give 'overnight', 'ночью' and 'вночі'.
NIGHT_OF = ((21, 0), (7, 0))


def zone_for(claimant: Claimant, regions: list[RegionCount], named: str | None = None) -> tuple[str, list[str]]:
    """The zone of a claim's clock times: the one the text names beside them, else the claimant's by
    side, else the first region's country's, else Moscow (flagged)."""
    if named in ZONES:
        return ZONES[named], []
    if claimant.side in ZONES:
        return ZONES[claimant.side], []
    known = load_regions()
    for r in regions:
        country = known[r.code].country if r.code in known else ""
        if country in ZONES:
            return ZONES[country], []
    return ZONES["RU"], ["tz_assumed"]


def hhmm(t) -> str:
    """'23:05'."""
    return f"{t[0]:02d}:{t[1]:02d}"


def build_window(
    ev: TimeEvidence, zone: str, reference: date | None, basis: str | None, context_date: str | None
) -> tuple[Window, list[str]]:
    """Resolve one claim's time evidence into a Window and flags.

    ``context_date`` is the date of the claim before it in the same report ('--11-22' when the year
    is unknown): a claim with no date of its own is taken to be about the same day, and flagged.
    """
    flags: list[str] = []
    spans: list[Span] = []
    rng = ev.ranges[0] if ev.ranges else open_range(ev)
    dur = ev.durations[0] if ev.durations else None
    anchor_md = None
    night = [t for t in ev.dates if t.night_of]
    if rng and (rng.date_to or rng.date_from):
        anchor_md = rng.date_to or (night[0].date_to if night else rng.date_from)
    dated = [t for t in ev.dates if t.night_of] or ev.dates
    stated_year = None
    if anchor_md is None and dated:
        anchor_md, stated_year = dated[0].date_to, dated[0].year
        spans.append((dated[0].start, dated[0].end))
    day = None
    if anchor_md and stated_year:
        day = real_date(stated_year, *anchor_md)  # '21.11.2025' names its year
    elif anchor_md and reference:
        day = resolve_year(anchor_md[0], anchor_md[1], reference)
    elif anchor_md is None and context_date is not None:
        if context_date.startswith("--"):
            anchor_md = (int(context_date[2:4]), int(context_date[5:7]))
        else:
            day = date.fromisoformat(context_date)
        flags.append("date_from_context")
    elif anchor_md is None and ev.weekdays and reference:
        day = reference - timedelta(days=(reference.weekday() - ev.weekdays[0][0]) % 7)
        if ev.vague and ev.vague[0][1][0] == -1 and day < reference:
            day += timedelta(days=1)  # 'late Tuesday night' is the night after Tuesday: its morning is Wednesday
        flags.append("relative_date")
        spans.append(ev.weekdays[0][1])
    elif anchor_md is None and (rng or ev.cutoffs) and reference:
        day = reference  # 'from 08:00 to 20:00', 'станом на 08:30' in a statement of that day: the report's own day
        flags.append("date_from_reference")
    if anchor_md and reference is None and not stated_year and "date_from_context" not in flags:
        flags.append("year_unresolved")
    start = end = None
    if rng:
        spans.append((rng.start, rng.end))
        b = rng.clock_to.hhmm()
        a = rng.clock_from.hhmm(rng.clock_to.meridiem if rng.clock_from.hhmm(rng.clock_to.meridiem) <= b else None)
        from_day, to_day = resolve_md(rng.date_from, reference), resolve_md(rng.date_to, reference)
        if to_day is None and from_day is not None:
            to_day = from_day + timedelta(days=1 if a > b else 0)  # '23:00 on 15 November to 07:00'
        end_day = to_day or day
        start_day = from_day or (end_day - timedelta(days=1) if end_day and a > b else end_day)
        if end_day and start_day:
            start, end = iso(start_day, a, zone), iso(end_day, b, zone)
        else:
            start, end = hhmm(a), hhmm(b)
            flags.append("date_unresolved")
    elif ev.starts:
        start = open_start(ev.starts[0], day, reference, zone, flags)  # '(from 18:00 on June 8)': no end stated
        spans.append((ev.starts[0].start, ev.starts[0].end))
    elif ev.cutoffs:
        end = cutoff_end(ev.cutoffs[0], day, zone, flags)  # 'станом на 08:00', '(06.00)': an end, no start
        spans.append((ev.cutoffs[0].start, ev.cutoffs[0].end))
    approx_start = approx_end = phrase = None
    if ev.vague and not rng:
        phrase, reading, vspan = ev.vague[0]
        spans.append(vspan)
        base = day or reference
        if day is not None and reading[1] == reading[3] == "00:00" and reading[0] < reading[2] <= 0:
            base = day - timedelta(days=reading[0])  # 'за сутки 20 марта': the stated date is the period itself
        if base:
            approx_start = iso(base + timedelta(days=reading[0]), tuple(int(x) for x in reading[1].split(":")), zone)
            approx_end = iso(base + timedelta(days=reading[2]), tuple(int(x) for x in reading[3].split(":")), zone)
            if day is None:
                flags.append("relative_date")
        flags.append("vague_time")
    elif night and day and not (rng or ev.starts or ev.cutoffs):
        # 'в ночь на 25 марта', 'the night of November 22' with no hours: the conventional night that
        # ends that morning, as the tables read 'overnight', so that the claim is placed in that night
        approx_start = iso(day - timedelta(days=1), NIGHT_OF[0], zone)
        approx_end = iso(day, NIGHT_OF[1], zone)
        flags.append("vague_time")
    hours = dur.hours if dur else None
    if dur:
        spans.append((dur.start, dur.end))
    span = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None
    tz = None
    if start and "T" in start:
        tz = start[-6:]
    elif end and "T" in end:
        tz = end[-6:]  # 'as of 08:30': an end with no start still says the zone
    elif approx_start:
        tz = approx_start[-6:]
    window = Window(
        start,
        end,
        hours,
        (day.isoformat() if day else (f"--{anchor_md[0]:02d}-{anchor_md[1]:02d}" if anchor_md else None)),
        tz,
        approx_start,
        approx_end,
        phrase,
        basis,
        span,
    )
    return window, flags


def cutoff_end(t: TimeMention, day: date | None, zone: str, flags: list[str]) -> str:
    """The end of a window that states no start ('as of 08:00'), on the claim's day when it has one."""
    flags.append("open_window")
    if day is None:
        flags.append("date_unresolved")
        return hhmm(t.clock_to.hhmm())
    return iso(day, t.clock_to.hhmm(), zone)


def open_start(t: TimeMention, day: date | None, reference: date | None, zone: str, flags: list[str]) -> str:
    """The start of a window that states no end: on its own date, else the evening before the day."""
    hm = t.clock_from.hhmm()
    start_day = resolve_md(t.date_from, reference) or (day - timedelta(days=1) if day and hm[0] >= 12 else day)
    flags.append("open_window")
    if start_day is None:
        flags.append("date_unresolved")
        return hhmm(hm)
    return iso(start_day, hm, zone)


def open_range(ev: TimeEvidence) -> TimeMention | None:
    """An open start and a cut-off ('(з 18:00 4 березня)' ... 'станом на 08:30') read as one range."""
    if not ev.starts or not ev.cutoffs:
        return None
    a, b = ev.starts[0], ev.cutoffs[-1]
    return TimeMention("range", min(a.start, b.start), max(a.end, b.end), a.clock_from, b.clock_to, a.date_from)


def real_date(year: int, month: int, day: int) -> date | None:
    """A calendar date, or None for one that does not exist ('31 February')."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_md(md: tuple[int, int] | None, reference: date | None) -> date | None:
    """A (month, day) as a date near the reference, if both are known."""
    if md is None or reference is None:
        return None
    return resolve_year(md[0], md[1], reference)
