"""Time expressions: clock ranges, calendar dates, stated window lengths and vague periods.

Times are found on the raw sentence text with regular expressions built from ``times_<lang>.yaml``
(month and weekday names), because clock times ('11:23 pm', '20.00 мск') tokenise unevenly. Each
mention keeps its span. Resolving them to absolute ISO 8601 datetimes is ``windows.build_window``'s job,
which needs a reference date and the claimant's time zone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import MINYEAR, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from skyledger.extract.candidates import trie_regex
from skyledger.extract.lexicon import Lexicon
from skyledger.model import SIDE_ZONES

ZONES = SIDE_ZONES

DIGIT = re.compile(r"\d")
#: '21.11.2025', and '10.02.23' with a two-digit year (infographics): a year of this century.
NUMERIC_DATE = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>20\d\d|\d\d)(?!\d|[.:]\d)")
HOURS = re.compile(r"hour|час|годин", re.IGNORECASE)
WINDOW_WORD = re.compile(r"window|period|span|stretch|окн|период|період", re.IGNORECASE)
#: Words before a date that make it the morning after a night ('the night of November 22').
NIGHT_OF = r"night\s+(?:of|to)\s+(?:the\s+)?$|overnight\s+(?:on|to|into)\s+$|в ночь на\s+$|[ув] ніч на\s+$|ночью\s+$"
CLOCK = r"(?<![\d:.])(?P<{p}h>2[0-3]|[01]?\d)(?:(?P<{p}sep>[:.])(?P<{p}m>[0-5]\d))?(?:\s*(?P<{p}ap>[ap]\.?\s?m\.?))?"

#: The most days a month can have (29 for February: a date with no year may be a leap day).
MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def calendar_day(month: int, day: int, year: int | None = None) -> bool:
    """True for a day that exists: in that year, or in some year when none is given ('31 червня' does not).

    >>> calendar_day(2, 29), calendar_day(2, 29, 2023), calendar_day(6, 31), calendar_day(13, 1)
    (True, False, False, False)
    """
    if not (1 <= month <= 12 and 1 <= day <= MONTH_DAYS[month]):
        return False
    return year is None or month != 2 or day < 29 or calendar.isleap(year)


#: What every clock time with minutes or am/pm holds ('20.00', '7:05', '8 pm').
CLOCKISH = re.compile(r"\d[:.][0-5]\d|\d\s?[apAP]\.?\s?[mM]")
#: A clock time alone in brackets on its own line: an infographic's checkpoint, '(06.00)' ('as of').
CHECKPOINT_RE = re.compile(r"(?m:^)\(\s*" + CLOCK.format(p="b") + r"\s*\)\s*(?m:$)")


@dataclass(frozen=True)
class Clock:
    """A clock time as written: hour, minute, and the am/pm marker if any."""

    hour: int
    minute: int
    meridiem: str | None

    def hhmm(self, meridiem: str | None = None) -> tuple[int, int]:
        """24-hour (hour, minute), applying ``meridiem`` when the time carries none of its own."""
        ap = self.meridiem or meridiem
        h = self.hour
        if ap == "pm" and h < 12:
            h += 12
        if ap == "am" and h == 12:
            h = 0
        return h, self.minute


@dataclass(frozen=True)
class TimeMention:
    """One time expression in a sentence. ``kind``: range, date, duration, vague, from (an open start,
    '(з 18:00 4 березня)') or as_of (a cut-off, 'станом на 08:30')."""

    kind: str
    start: int
    end: int
    clock_from: Clock | None = None
    clock_to: Clock | None = None
    date_from: tuple[int, int] | None = None
    date_to: tuple[int, int] | None = None
    hours: float | None = None
    phrase: str | None = None
    vague: tuple | None = None
    weekday: int | None = None
    tz: str | None = None
    night_of: bool = False
    year: int | None = None


@dataclass(frozen=True)
class Patterns:
    """Compiled regular expressions of one language."""

    range_: re.Pattern
    date: re.Pattern
    duration: re.Pattern
    weekday: re.Pattern
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    tz: re.Pattern | None = None
    opening: re.Pattern | None = None
    as_of: re.Pattern | None = None
    at: re.Pattern | None = None
    at_words: re.Pattern | None = None
    lasting: re.Pattern | None = None
    zones: tuple[tuple[str, re.Pattern], ...] = ()
    #: Any month name, as a trie: a date needs one, and this finds that there is none six times faster
    #: than the date pattern itself, whose alternation of names is tried at every position.
    month_hint: re.Pattern | None = None


def alternation(words) -> str:
    """A regex alternation of words, longest first so 'sept' beats 'sep'."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@cache
def patterns(lex: Lexicon) -> Patterns:
    """Build the regexes of a language from its month and weekday tables."""
    months = {k.lower(): int(v) for k, v in (lex.times.get("months") or {}).items()}
    weekdays = {k.lower(): int(v) for k, v in (lex.times.get("weekdays") or {}).items()}
    mon = alternation(months)

    def day_month(p: str) -> str:
        return (
            rf"(?:(?P<{p}d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{p}mo1>{mon})\b"
            rf"|(?P<{p}mo2>{mon})\.?\s+(?P<{p}d2>\d{{1,2}})(?:st|nd|rd|th)?\b)"
        )

    words = lex.times.get("range_words") or {}
    frm = words.get("from", r"from|between|began at|started at|starting at|since")
    to = words.get("to", r"to|and|until|till|through|–|—|-")
    on = words.get("on", r"on|of")
    tzw = words.get("zone", r"(?:moscow|kyiv|local)\s+time|msk|мск")
    date_a = day_month("a")
    date_b = day_month("b")
    rng = (
        rf"(?:(?:{frm})\s+)?(?:at\s+)?{CLOCK.format(p='a')}(?:\s*(?:{tzw}))?"
        rf"(?:\s+(?:(?:{on})\s+(?:the\s+)?)?{date_a})?"
        rf"(?:\s*(?:{tzw})?)?"
        rf"(?:,?\s+(?:and\s+)?(?:concluded|continued|ended|lasted|finished|ending|running)(?:\s+(?:until|till|to|through))?(?:\s+at)?\s+"
        rf"|\s*(?:{to})\s*(?:at\s+)?)"
        rf"{CLOCK.format(p='b')}(?:\s*(?:{tzw}))?(?:\s*(?:(?:{on})\s+(?:the\s+)?)?{date_b})?"
    )
    # An open start ('(з 18:00 4 березня)') and a cut-off ('станом на 08:30'), where a language names them.
    opening = words.get("open_from")
    as_of = words.get("as_of")
    at = words.get("at")
    hour_words, minute_words = words.get("hour_words"), words.get("minute_words")
    morning, evening = words.get("morning", "(?!x)x"), words.get("evening", "(?!x)x")
    duration = (
        r"\b(?P<n>\d+|[^\W\d_]+)[-\s](?:hour|hours|час\w*|годин\w*)[-\s]?"
        r"(?:window|period|span|stretch|long|окн\w*|период\w*|період\w*)?"
    )
    before = words.get("duration_before")
    return Patterns(
        zones=tuple(
            (side, re.compile(rf"\b(?:{w})", re.IGNORECASE)) for side, w in (lex.times.get("named_zones") or {}).items()
        ),
        range_=re.compile(rng, re.IGNORECASE),
        date=re.compile(day_month("x"), re.IGNORECASE),
        duration=re.compile(rf"(?:(?P<pre>{before})\s+)?{duration}" if before else duration, re.IGNORECASE),
        weekday=re.compile(rf"\b(?P<wd>{alternation(weekdays)})\b", re.IGNORECASE)
        if weekdays
        else re.compile(r"(?!x)x"),
        months=months,
        month_hint=re.compile(rf"(?:{trie_regex(months)})", re.IGNORECASE) if months else None,
        weekdays=weekdays,
        opening=re.compile(
            rf"\b(?:{opening})\s+{CLOCK.format(p='a')}(?:\s*(?:{tzw}))?(?:\s*(?:(?:{on})\s+)?{date_a})?", re.IGNORECASE
        )
        if opening
        else None,
        as_of=re.compile(rf"\b(?:{as_of})\s+{CLOCK.format(p='b')}", re.IGNORECASE) if as_of else None,
        at=re.compile(rf"\b(?:{at})\s+{CLOCK.format(p='a')}(?:\s*(?:{tzw}))?(?!\s*(?:{to})\s*\d)", re.IGNORECASE)
        if at
        else None,
        at_words=re.compile(
            rf"\b(?:{at})\s+(?P<h>[01]?\d|2[0-3])\s+(?:{hour_words})\w*"
            rf"(?:\s+(?P<m>[0-5]?\d)\s+(?:{minute_words})\w*)?"
            rf"(?:\s+(?P<am>{morning})|\s+(?P<pm>{evening}))?(?P<tz>\s*(?:{tzw}))?",
            re.IGNORECASE,
        )
        if at and hour_words and minute_words
        else None,
        lasting=re.compile(rf"(?:{words['lasting']})\w*\s*$", re.IGNORECASE) if words.get("lasting") else None,
    )


def meridiem(text: str | None) -> str | None:
    """'p.m.' -> 'pm'."""
    if not text:
        return None
    return "pm" if text.lower().startswith("p") else "am"


def clock(m: re.Match, p: str) -> Clock | None:
    """The clock group ``p`` of a match, if it is a real time (has minutes or am/pm)."""
    h, mi, ap, sep = m.group(f"{p}h"), m.group(f"{p}m"), m.group(f"{p}ap"), m.group(f"{p}sep")
    if h is None or (mi is None and ap is None):
        return None
    if sep == "." and ap is None and len(mi or "") != 2:
        return None
    return Clock(int(h), int(mi or 0), meridiem(ap))


def month_day(m: re.Match, p: str, months: dict[str, int]) -> tuple[int, int] | None:
    """(month, day) from the date groups ``p`` of a match, if they matched."""
    d = m.group(f"{p}d1") or m.group(f"{p}d2")
    mo = m.group(f"{p}mo1") or m.group(f"{p}mo2")
    if not d or not mo:
        return None
    key = mo.lower().rstrip(".")
    month = months.get(key)
    day = int(d)
    if month is None or not calendar_day(month, day):
        return None  # '31 червня' is no date
    return month, day


def number_word(text: str, lex: Lexicon) -> float | None:
    """'six', 'трех' or '6' -> 6.0 (a number word in any case, through the language's number table)."""
    from skyledger.extract.numbers import unit_value
    from skyledger.extract.tokens import tokenize

    if text.isdigit():
        return float(text)
    toks = tokenize(text, lex.lang)
    value = unit_value(toks[0], lex) if len(toks) == 1 else None
    return float(value) if value is not None else None


def find_times(text: str, offset: int, lex: Lexicon) -> list[TimeMention]:
    """Every time expression of a sentence, spans shifted by ``offset``."""
    pat = patterns(lex)
    out: list[TimeMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    if not DIGIT.search(text):
        return find_durations(text, offset, lex, pat, [])  # clock times and dates all have digits
    for m in NUMERIC_DATE.finditer(text):  # '21.11.2025': read first, so '21.11' is no clock time
        month, day = int(m.group("m")), int(m.group("d"))
        year = int(m.group("y")) + (2000 if len(m.group("y")) == 2 else 0)
        if calendar_day(month, day, year):  # '31.02.2025', '29.02.2023' are no dates
            span = (offset + m.start(), offset + m.end())
            out.append(TimeMention("date", *span, date_to=(month, day), year=year))
            taken.append(m.span())
    # Every clock pattern needs minutes or am/pm; a sentence with neither skips them all.
    clocks = CLOCKISH.search(text) is not None
    for m in pat.range_.finditer(text) if clocks else ():
        if not free(*m.span()):
            continue
        a, b = clock(m, "a"), clock(m, "b")
        if a is None and b is not None and b.meridiem and m.group("ah"):
            a = Clock(int(m.group("ah")), 0, None)  # 'between 8 and 11 pm'
        if a is None or b is None:
            continue
        out.append(
            TimeMention(
                "range",
                offset + m.start(),
                offset + m.start() + len(m.group(0).rstrip()),
                a,
                b,
                month_day(m, "a", pat.months),
                month_day(m, "b", pat.months),
            )
        )
        taken.append(m.span())
    for kind, found in (("from", pat.opening), ("as_of", pat.as_of), ("as_of", CHECKPOINT_RE)):
        for m in found.finditer(text) if found and clocks else ():
            c = clock(m, "a" if kind == "from" else "b")
            if c is None or not free(*m.span()):
                continue
            out.append(
                TimeMention(
                    kind,
                    offset + m.start(),
                    offset + m.end(),
                    clock_from=c if kind == "from" else None,
                    clock_to=c if kind == "as_of" else None,
                    date_from=month_day(m, "a", pat.months) if kind == "from" else None,
                )
            )
            taken.append(m.span())
    for m in pat.at.finditer(text) if pat.at and clocks else ():
        c = clock(m, "a")
        if c is None or not free(*m.span()):
            continue
        # 'около 17.30 мск', 'о 05:00': one moment, the window's start and end alike
        out.append(TimeMention("range", offset + m.start(), offset + m.end(), c, c))
        taken.append(m.span())
    for m in pat.at_words.finditer(text) if pat.at_words else ():
        lasting = pat.lasting is not None and pat.lasting.search(text[max(0, m.start() - 25) : m.start()])
        if lasting and not (m.group("m") or m.group("am") or m.group("pm") or m.group("tz")):
            continue  # 'атака продолжалась около 3 часов': a length, not a moment
        if free(*m.span()):  # 'около 3 часов 30 минут мск', 'около 7 часов вечера': a moment, in words
            hour = int(m.group("h")) + (12 if m.group("pm") and int(m.group("h")) < 12 else 0)
            c = Clock(hour, int(m.group("m") or 0), None)
            out.append(TimeMention("range", offset + m.start(), offset + m.end(), c, c))
            taken.append(m.span())
    for m in pat.date.finditer(text) if pat.month_hint and pat.month_hint.search(text) else ():
        if not free(*m.span()):
            continue
        md = month_day(m, "x", pat.months)
        if md:
            before = text[max(0, m.start() - 40) : m.start()].lower()
            night = bool(
                re.search(
                    NIGHT_OF,
                    before,
                )
            )
            out.append(TimeMention("date", offset + m.start(), offset + m.end(), date_to=md, night_of=night))
            taken.append(m.span())
    return find_durations(text, offset, lex, pat, [with_zone(t, text, offset, pat) for t in out])


#: How far after a clock time its zone may be named ('07:00 on 16 November Moscow time').
ZONE_REACH = 20


def with_zone(t: TimeMention, text: str, offset: int, pat: Patterns) -> TimeMention:
    """A clock time with the zone the text names in or just after it ('14:00 to 17:00 Moscow time',
    'мск'), so that the text's own zone wins over the claimant's."""
    if t.kind == "date" or not pat.zones:
        return t
    words = text[t.start - offset : t.end - offset + ZONE_REACH]
    side = next((side for side, zone in pat.zones if zone.search(words)), None)
    return replace(t, tz=side) if side else t


def find_durations(text: str, offset: int, lex: Lexicon, pat: Patterns, out: list[TimeMention]) -> list[TimeMention]:
    """Stated window lengths ('a six-hour window', 'в течение трех часов'), added to ``out``, sorted."""
    if HOURS.search(text):
        for m in pat.duration.finditer(text):
            n = number_word(m.group("n"), lex)
            stated = "pre" in pat.duration.groupindex and m.group("pre")
            if n is not None and (stated or WINDOW_WORD.search(m.group(0))):
                out.append(TimeMention("duration", offset + m.start(), offset + m.end(), hours=n))
    return sorted(out, key=lambda t: t.start)


def resolve_year(month: int, day: int, reference: date) -> date | None:
    """The date (month, day) nearest before or just after the reference date; 29 February goes back
    to the last leap year.

    >>> resolve_year(11, 23, date(2025, 11, 20)), resolve_year(2, 29, date(2026, 1, 1))
    (datetime.date(2024, 11, 23), datetime.date(2024, 2, 29))
    """
    latest = reference + timedelta(days=2)
    for year in range(reference.year + 1, max(MINYEAR, reference.year - 8) - 1, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= latest:
            return d
    return None


def iso(day: date, hhmm: tuple[int, int], zone: str) -> str:
    """ISO 8601 with the zone's offset on that day."""
    dt = datetime.combine(day, time(*hhmm), tzinfo=ZoneInfo(zone))
    return dt.isoformat()
