"""Invariants every extraction must keep, whatever the text, and the inputs that fuzz them.

Shared by the property tests (``tests/extract/test_fuzz.py``) and the long fuzz run
(``bench/fuzz.py``), so that both check the same things:

- :func:`violations` lists what is wrong with one extraction: a span outside the text, blank at an
  end or with no word in it; a count's span that does not read back as the count, or lies outside
  the claim's evidence; a count that is not a non-negative int small enough for the ledger; a
  region code the gazetteer does not know, or names otherwise; a flag that docs/flags.md does not
  document (or a flag list with repeats); a value outside its closed set; fields that the docs say
  go together and do not (``hedged`` and its span, a failed check and its ``check_failed:`` flag, a
  passed breakdown check and a breakdown that adds up, ``locations`` of a claim that is no hit
  ...); a date that does not exist, or has no year beside a reference date; a stated time that is
  neither ISO 8601 nor a bare 'HH:MM' flagged ``date_unresolved``; a contract that is not JSON.
  :func:`check_text` runs the extractor too and turns an exception into a violation.
- :func:`metamorphic_violations`: a blank line above the text, or a pictograph in place of a blank,
  must not change the reading.
- :data:`SEEDS` are report texts written for this file in the style of a Russian ministry post, a
  Ukrainian Air Force tally, an English wire item and a governor's post. Their figures are invented:
  they test shapes, not facts.
- :func:`mutate` applies one :data:`Mutation` (cut, splice, change digits, insert Markdown, emojis,
  line breaks, duplicate a line …) to a text; :func:`random_mutation` and :func:`random_text`
  draw them from a ``random.Random``, and the tests draw the same tuples with hypothesis.
"""

from __future__ import annotations

import json
import random
import re
import traceback
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

#: The largest count the extractor means to read (``numbers.MAX_DIGITS``: nine digits), which keeps
#: every count, sums of breakdowns included, inside the ledger's 32-bit integer columns.
MAX_COUNT = 999_999_999
#: A time written by the extractor: ISO 8601 with an offset, or a bare clock time ('23:30').
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?[+-]\d{2}:\d{2}(?::\d{2})?$")
BARE_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
#: Digits with group separators ('1 000', '500,000'), optionally a case ending ('64-х').
DIGIT_COUNT = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+$|^\d+$")
CASE_ENDING = re.compile(r"-[^\W\d_]{1,4}$")


# --- what the docs allow --------------------------------------------------------------------------


def section(page: str, heading: str) -> str:
    """The text under one '## ' heading of a page, up to the next '## '."""
    return page.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]


def first_column_names(text: str) -> set[str]:
    """Backticked names in the first column of every table row in ``text``."""
    names: set[str] = set()
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            names |= set(re.findall(r"`([^`]+)`", cells[1]))
    return names


@cache
def documented_flags() -> dict[str, frozenset[str]]:
    """Where -> documented flag names, from docs/flags.md: 'claim', 'region', 'impact' (impacts and
    measures). A name with a placeholder ('ambiguous_place:TEXT') is kept as its head plus ':'."""
    page = (DOCS / "flags.md").read_text(encoding="utf-8")
    where = {
        "claim": section(page, "Claim flags"),
        "region": section(page, "Region-line flags"),
        "impact": section(page, "Impact and measure flags"),
    }
    out = {}
    for key, text in where.items():
        names = set()
        for name in first_column_names(text):
            head, colon, value = name.partition(":")
            names.add(f"{head}:" if colon and not re.fullmatch(r"[a-z_]+", value) else name)
        out[key] = frozenset(names)
    return out


def flag_documented(flag: str, where: str) -> bool:
    """A flag is documented for ``where`` exactly, or by its head for a flag that carries a value.

    Impacts and measures may also carry a place flag of the region-line table: docs/flags.md lists
    ``place_unplaced:NAME``, an impact's flag, there."""
    names = documented_flags()[where]
    if where == "impact":
        names = names | documented_flags()["region"]
    return flag in names or (":" in flag and flag.split(":", 1)[0] + ":" in names)


@cache
def documented_kinds() -> dict[str, frozenset[str]]:
    """'impact' and 'measure' -> the kinds docs/contract.md lists in its `kind` rows."""
    page = (DOCS / "contract.md").read_text(encoding="utf-8")
    out = {}
    for key, heading in (("impact", "Impacts"), ("measure", "Measures")):
        row = next(line for line in section(page, heading).splitlines() if line.startswith("| `kind`"))
        out[key] = frozenset(re.findall(r"`([a-z_]+)`", row.split("|", 3)[3]))
    return out


@cache
def region_names() -> dict[str, str]:
    """Region code -> canonical English name, read from the gazetteer's table."""
    import csv

    path = ROOT / "skyledger" / "data" / "regions.csv"
    return {row["code"]: row["name_en"] for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines())}


# --- the invariants -------------------------------------------------------------------------------


def count_ok(value: object) -> bool:
    """A count is a non-negative int (not a bool) that the ledger can store."""
    return type(value) is int and 0 <= value <= MAX_COUNT


def read_back(fragment: str, lang: str) -> int | None:
    """The number a count's span says: digits by themselves ('1 000', '64-х'), else the extractor's
    own number reader over the span alone ('двадцати двух', 'twenty-two', '5 тысяч'). None when the
    span holds no number (a weapon counted as one by agreement, 'беспилотник уничтожен')."""
    plain = CASE_ENDING.sub("", fragment)
    if DIGIT_COUNT.match(plain):
        return int(re.sub(r"\D", "", plain))
    from skyledger.extract.lexicon import lexicon
    from skyledger.extract.numbers import find_numbers
    from skyledger.extract.tokens import tokenize

    numbers = [n for n in find_numbers(tokenize(fragment, lang), lexicon(lang)) if n.kind != "article"]
    return numbers[0].value if numbers else None


def span_problems(name: str, span: object, text: str) -> list[str]:
    """A span is two ints, ``0 <= start < end <= len(text)``, with no blank at either end."""
    if not (isinstance(span, (list, tuple)) and len(span) == 2 and all(type(v) is int for v in span)):
        return [f"span-shape: {name} {span!r}"]
    start, end = span
    if not 0 <= start < end <= len(text):
        return [f"span-outside: {name} {span!r} (len {len(text)})"]
    piece = text[start:end]
    if piece != piece.strip():
        return [f"span-blank-edge: {name} {piece!r}"]
    if not any(ch.isalnum() for ch in piece):
        return [f"span-no-word: {name} {piece!r}"]
    return []


def inside(span: Sequence[int], spans: Sequence[Sequence[int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def claim_problems(c: dict, text: str, lang: str, where: str, dated: bool = True) -> list[str]:
    """Everything wrong with one claim of the contract."""
    from skyledger.extract.markup import reading_text
    from skyledger.model import ACTIONS, CHECK_STATUSES, CHECKS, CLAIMANT_KINDS, WEAPONS

    out: list[str] = []
    spans = c["spans"]
    for name, span in spans.items():
        out += span_problems(f"{where}.spans.{name}", span, text)
    for k, span in enumerate(c["evidence"]):
        out += span_problems(f"{where}.evidence[{k}]", span, text)
    for k, r in enumerate(c["regions"]):
        out += span_problems(f"{where}.regions[{k}].span", r["span"], text)
        if r["count_span"] is not None:
            out += span_problems(f"{where}.regions[{k}].count_span", r["count_span"], text)
    if out:
        return out  # the checks below read the text at the spans
    evidence = c["evidence"]
    if not evidence:
        out.append(f"no-evidence: {where}")
    # the figure's sentence is evidence (an action can come from a list's heading, which is not)
    figures = [("spans.total", spans["total"])] if "total" in spans else []
    figures += [(f"regions[{k}].count_span", r["count_span"]) for k, r in enumerate(c["regions"]) if r["count_span"]]
    for name, span in figures:
        if evidence and not inside(span, evidence) and "region_from_claimant" not in c["flags"]:
            out.append(f"span-outside-evidence: {where}.{name} {span} {evidence}")
    # counts
    for name in ("total", "regions_stated", "toward_moscow", "locations"):
        if c[name] is not None and not count_ok(c[name]):
            out.append(f"bad-count: {where}.{name} = {c[name]!r}")
    for k, r in enumerate(c["regions"]):
        if r["count"] is not None and not count_ok(r["count"]):
            out.append(f"bad-count: {where}.regions[{k}].count = {r['count']!r}")
    # the text at a count's span says that count, read as the grammar reads it ('**сорок** четыре')
    reading = reading_text(text)
    if "total" in spans and c["total"] is not None and "total_from_breakdown" not in c["flags"]:
        said = read_back(reading[slice(*spans["total"])], lang)
        shares = [r for r in c["regions"] if r["count_span"] == spans["total"]]
        allowed = {c["total"]} | {r["count"] for r in shares}  # 'three each over Oryol and Bryansk': 3, total 6
        if said is not None and said not in allowed:
            out.append(f"total-span-value: {where} total {c['total']} but span says {said}")
    for k, r in enumerate(c["regions"]):
        summed = {"region_repeated", "towns_summed", "collective_split_evenly"} & set(r["flags"])
        if r["count"] is not None and r["count_span"] is not None and not summed:
            said = read_back(reading[slice(*r["count_span"])], lang)
            if said is not None and said != r["count"]:
                out.append(f"count-span-value: {where}.regions[{k}] count {r['count']} but span says {said}")
    if "regions_stated" in spans and c["regions_stated"] is not None:
        said = read_back(reading[slice(*spans["regions_stated"])], lang)
        if said is not None and said != c["regions_stated"]:
            out.append(f"regions-stated-value: {where} {c['regions_stated']} but span says {said}")
    # closed sets and the gazetteer
    regions = region_names()
    if c["action"] not in ACTIONS or c["weapon"] not in WEAPONS:
        out.append(f"bad-enum: {where} action {c['action']!r} weapon {c['weapon']!r}")
    who = c["claimant"]
    if who["kind"] not in CLAIMANT_KINDS or who["side"] not in (None, "RU", "UA"):
        out.append(f"bad-enum: {where}.claimant {who!r}")
    if who["region"] is not None and who["region"] not in regions:
        out.append(f"unknown-region: {where}.claimant.region {who['region']!r}")
    for k, r in enumerate(c["regions"]):
        if r["code"] not in regions:
            out.append(f"unknown-region: {where}.regions[{k}] {r['code']!r}")
        elif r["name"] != regions[r["code"]]:
            out.append(f"region-name: {where}.regions[{k}] {r['code']} named {r['name']!r}")
        out += [
            f"undocumented-flag: {where}.regions[{k}] {f!r}" for f in r["flags"] if not flag_documented(f, "region")
        ]
    out += [f"undocumented-flag: {where} {f!r}" for f in c["flags"] if not flag_documented(f, "claim")]
    if len(set(c["flags"])) != len(c["flags"]):
        out.append(f"repeated-flag: {where} {c['flags']}")
    bound = c["total_bound"]
    if bound not in ("exact", "at_least", "about") or (bound != "exact") != (f"approximate:{bound}" in c["flags"]):
        out.append(f"bad-bound: {where} {bound!r} with flags {c['flags']}")
    checks = c["checks"]
    if [k["name"] for k in checks[:4]] != list(CHECKS[:4]) or any(
        k["name"] not in CHECKS or k["status"] not in CHECK_STATUSES for k in checks
    ):
        out.append(f"bad-checks: {where} {[(k['name'], k['status']) for k in checks]}")
    failed = {f"check_failed:{k['name']}" for k in checks if k["status"] == "fail"}
    if failed != {f for f in c["flags"] if f.startswith("check_failed:")}:
        out.append(f"check-flags: {where} failed {sorted(failed)} flags {c['flags']}")
    out += consistency_problems(c, where)
    out += window_problems(c, where, dated)
    return out


def date_problems(value: str | None, where: str, dated: bool) -> list[str]:
    """A date is a real 'YYYY-MM-DD', or a possible '--MM-DD' when there is no reference date."""
    if value is None:
        return []
    if value.startswith("--"):
        try:  # a day of some year: 2000 was a leap year
            ok = bool(re.fullmatch(r"--\d\d-\d\d", value)) and bool(date.fromisoformat("2000" + value[1:]))
        except ValueError:
            ok = False
        if not ok:
            return [f"bad-date: {where} {value!r}"]
        return [f"date-without-year: {where} {value!r} with a reference date"] if dated else []
    try:
        date.fromisoformat(value)
    except ValueError:
        return [f"bad-date: {where} {value!r}"]
    return [] if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else [f"bad-date: {where} {value!r}"]


def window_problems(c: dict, where: str, dated: bool) -> list[str]:
    """Stated times are ISO 8601 with an offset, or bare 'HH:MM' flagged date_unresolved; the
    conventional reading of a vague phrase runs forward; no year is missing when there is a reference."""
    w, flags = c["window"], set(c["flags"])
    out = date_problems(w["date"], f"{where}.window.date", dated)
    for name in ("start", "end", "approx_start", "approx_end"):
        value = w[name]
        if value is None:
            continue
        if BARE_TIME.match(value) and name in ("start", "end"):
            if "date_unresolved" not in flags:
                out.append(f"bare-time-unflagged: {where}.window.{name} {value!r}")
            continue
        if not ISO_TIME.match(value):
            out.append(f"bad-window: {where}.window.{name} {value!r}")
            continue
        try:
            datetime.fromisoformat(value)
        except ValueError:
            out.append(f"bad-window: {where}.window.{name} {value!r}")
    if w["approx_start"] and w["approx_end"] and not out:
        if datetime.fromisoformat(w["approx_start"]) >= datetime.fromisoformat(w["approx_end"]):
            out.append(f"approx-backwards: {where} {w['approx_start']} .. {w['approx_end']}")
    if dated and "year_unresolved" in flags:
        out.append(f"date-without-year: {where} flagged year_unresolved with a reference date")
    if w["hours"] is not None and not (isinstance(w["hours"], (int, float)) and 0 < w["hours"] < 10_000):
        out.append(f"bad-window: {where}.window.hours {w['hours']!r}")
    return out


def consistency_problems(c: dict, where: str) -> list[str]:
    """What docs/contract.md and docs/flags.md say one field implies about another."""
    out = []
    flags, spans = set(c["flags"]), c["spans"]
    status = {k["name"]: k["status"] for k in c["checks"]}
    if c["hedged"] != ("hedge" in spans):
        out.append(f"hedge-span: {where} hedged {c['hedged']} spans {sorted(spans)}")
    if ("negated_claim" in flags) != ("negation" in spans):
        out.append(f"negation-span: {where} flags {c['flags']} spans {sorted(spans)}")
    if c["regions_stated"] is not None and "regions_stated" not in spans:
        out.append(f"regions-stated-span: {where} {c['regions_stated']} with no span")
    if c["locations"] is not None and c["action"] != "hit":
        out.append(f"locations-not-hit: {where} {c['action']} at {c['locations']} locations")
    if "total_from_breakdown" in flags and status.get("breakdown_sums_to_total") != "n/a":
        out.append(f"derived-total-checked: {where} {status.get('breakdown_sums_to_total')}")
    # docs/flags.md describes a stated start only; 'по состоянию на 20.00' (a stated end) is flagged too
    if "open_window" in flags and (c["window"]["start"] is None) == (c["window"]["end"] is None):
        out.append(f"open-window: {where} {c['window']}")
    for k, r in enumerate(c["regions"]):
        if {"collective_count", "collective_uneven"} & set(r["flags"]) and r["count"] is not None:
            out.append(f"collective-count: {where}.regions[{k}] {r['flags']} with count {r['count']}")
    counts = [r["count"] for r in c["regions"]]
    breakdown = status.get("breakdown_sums_to_total")
    if breakdown in ("pass", "fail") and c["total"] is not None and None not in counts:
        adds_up = sum(counts) == c["total"] or (c["total_bound"] == "at_least" and sum(counts) >= c["total"])
        if adds_up != (breakdown == "pass"):
            out.append(f"breakdown-check: {where} {breakdown} for {counts} against {c['total']}")
    regions = len({r["code"] for r in c["regions"] if not r["code"].startswith("SEA-")})
    stated = status.get("regions_match_stated")
    if stated in ("pass", "fail") and (regions == c["regions_stated"]) != (stated == "pass"):
        out.append(f"regions-check: {where} {stated} for {regions} listed against {c['regions_stated']}")
    if status.get("window_length_matches_stated") in ("pass", "fail") and c["window"]["hours"] is None:
        out.append(f"window-check: {where} with no stated length")
    return out


def violations(report, extraction) -> list[str]:
    """Every broken invariant of one extraction of ``report``, as 'kind: detail' lines."""
    from skyledger.contract import extraction_to_dict
    from skyledger.extract.markup import reading_text

    text = report.text
    out: list[str] = []
    if len(reading_text(text)) != len(text):
        out.append(f"reading-text-length: {len(reading_text(text))} != {len(text)}")
    d = extraction_to_dict(extraction)
    try:
        json.dumps(d, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        out.append(f"not-json: {e}")
    lang = d["lang"]
    if lang not in ("en", "ru", "uk"):
        out.append(f"bad-lang: {lang!r}")
        return out
    dated = usable_reference(report, lang)
    for n, c in enumerate(d["claims"]):
        out += claim_problems(c, text, lang, f"claims[{n}]", dated)
    regions = region_names()
    kinds = documented_kinds()
    for key, items in (("impact", d["impacts"]), ("measure", d["measures"])):
        for n, i in enumerate(items):
            where = f"{key}s[{n}]"
            out += span_problems(f"{where}.span", i["span"], text)
            if i["kind"] not in kinds[key]:
                out.append(f"bad-enum: {where}.kind {i['kind']!r}")
            if i["region"] not in regions:  # an impact or measure is recorded only with a region
                out.append(f"unknown-region: {where}.region {i['region']!r}")
            out += [f"undocumented-flag: {where} {f!r}" for f in i["flags"] if not flag_documented(f, "impact")]
            for name in ("people", "count"):
                if i.get(name) is not None and not count_ok(i[name]):
                    out.append(f"bad-count: {where}.{name} = {i[name]!r}")
            if i.get("people") is not None and i["kind"] != "power_outage":
                out.append(f"people-not-outage: {where} {i['kind']}")
            if i.get("count") is not None and i["kind"] not in ("killed", "injured"):
                out.append(f"count-not-casualties: {where} {i['kind']}")
            out += date_problems(i.get("date"), f"{where}.date", dated)
    return out


#: The reference time of a fuzzed report unless one is given (the CLI's --published).
PUBLISHED = datetime(2025, 11, 20, 6, 0, tzinfo=UTC)
#: Publication times that test the calendar: leap days, the switches to and from summer time in
#: Kyiv, the turn of the year, and the placeholders of exports ('0001-01-01', '9999-12-31').
PUBLISHED_EDGES = [
    datetime(2024, 2, 29, 21, 30, tzinfo=UTC),
    datetime(2024, 3, 31, 0, 30, tzinfo=UTC),
    datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
    datetime(2025, 12, 31, 22, 30, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 5, tzinfo=UTC),
    datetime(2023, 3, 1, 1, 0, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(9, 1, 1, tzinfo=UTC),
    datetime(8, 12, 31, tzinfo=UTC),
    datetime(9998, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2025, 6, 1, 12, 0),  # naive: taken as UTC
]


def usable_reference(report, lang: str) -> bool:
    """True when the report's date is one the extractor reads windows against (so every year resolves)."""
    from skyledger.extract import REFERENCE_RANGE, local_day

    return (
        report.published is not None and REFERENCE_RANGE[0] <= local_day(report.published, lang) <= REFERENCE_RANGE[1]
    )


#: Channels a report can come from: known claimants, offices the gazetteer places, and junk.
CHANNELS = [
    "t.me/mod_russia",
    "t.me/kpszsu",
    "Governor of Bryansk Oblast",
    "Губернатор Курской области",
    "Повітряні Сили ЗС України",
    "Губернатор",
    "https://t.me/",
    "t.me/",
    "**",
    "\U0001f525",
    " ",
]


def make_report(text: str, lang: str | None = None, published: datetime | None = PUBLISHED, channel: str | None = None):
    """A report as ``skyledger ingest --published 2025-11-20`` makes it from a text file (or, with a
    channel, as a JSONL row with a ``source`` column)."""
    from skyledger.model import Report

    basis = "cli" if published is not None else None
    return Report(
        source="fuzz.txt",
        text=text,
        format="text",
        published=published,
        published_basis=basis,
        lang=lang,
        channel=channel,
    )


def check_text(
    text: str, lang: str | None = None, published: datetime | None = PUBLISHED, channel: str | None = None
) -> list[str]:
    """Run the extractor on ``text`` and return its violations; an exception is one, 'crash: …'."""
    from skyledger.extract import extract

    report = make_report(text, lang, published, channel)
    try:
        extraction = extract(report)
    except Exception as e:  # noqa: BLE001 - any exception is the finding
        frame = traceback.extract_tb(e.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return [f"crash: {type(e).__name__} at {where}: {e}"[:500]]
    try:
        return violations(report, extraction)
    except Exception as e:  # noqa: BLE001 - a contract that cannot be walked is a finding too
        return [f"crash-in-contract: {type(e).__name__}: {e}"[:500]]


def readings(d: dict, shift: int = 0) -> dict:
    """What an extraction says, without the document's identity, with every span moved by ``-shift``."""

    def move(span):
        return None if span is None else [span[0] - shift, span[1] - shift]

    claims = []
    for c in d["claims"]:
        c = dict(c, id=None, spans={k: move(v) for k, v in c["spans"].items()})
        c["evidence"] = [move(v) for v in c["evidence"]]
        c["regions"] = [dict(r, span=move(r["span"]), count_span=move(r["count_span"])) for r in c["regions"]]
        claims.append(c)
    others = {k: [dict(i, span=move(i["span"])) for i in d[k]] for k in ("impacts", "measures")}
    return {"lang": d["lang"], "claims": claims, **others}


#: A pictograph that the reading text turns into a blank (it is no bullet), one code point long.
PICTOGRAPH = "\U0001f525"


def metamorphic_violations(text: str, k: int = 0) -> list[str]:
    """Changes that must not change what is read: a blank line above the text (the spans move by
    one) and a pictograph in place of the ``k``-th blank (the reading text is the same, so all but
    the language, which is guessed from the raw text, must be)."""
    from skyledger.contract import extraction_to_dict
    from skyledger.extract import extract

    def read(t: str) -> dict:
        return extraction_to_dict(extract(make_report(t)))

    try:
        base = readings(read(text))
        out = []
        if readings(read("\n" + text), 1) != base:
            out.append("blank-line-above-changes-reading")
        blanks = [m.start() for m in re.finditer(" ", text)]
        if blanks:
            at = blanks[k % len(blanks)]
            other = readings(read(text[:at] + PICTOGRAPH + text[at + 1 :]))
            # the language is guessed from the raw text, where a link can run on into the pictograph
            if other != base and other["lang"] == base["lang"]:
                out.append(f"pictograph-for-blank-changes-reading: at {at}")
        return out
    except Exception as e:  # noqa: BLE001 - any exception is the finding
        return [f"crash: {type(e).__name__} in a metamorphic variant: {e}"[:500]]


def failure_kind(line: str) -> str:
    """What makes two failures the same defect: the kind, and a crash's exception and place."""
    kind, _, rest = line.partition(": ")
    if kind == "crash":
        return f"crash: {rest.split(': ', 1)[0]}"
    return kind


# --- inputs ---------------------------------------------------------------------------------------

#: Report texts written for these tests in the styles the extractor reads. The figures are invented.
SEEDS: dict[str, str] = {
    "ru_ministry": (
        "⚡️ **Сводка Министерства обороны** (20.11.2025 г.)\n"
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 27 украинских "
        "беспилотных летательных аппаратов самолетного типа: 11 – над территорией Брянской области, "
        "9 – над территорией Курской области, 4 – над территорией Белгородской области, "
        "3 – над акваторией Черного моря.\n"
        "Кроме того, в период с 08.00 до 14.00 мск сбиты две управляемые авиационные бомбы «JDAM»."
    ),
    "ru_ministry_flat": (
        "**Минобороны России:** в период с 20:00 до 23:30 мск над территориями шести регионов "
        "перехвачены и уничтожены 19 БпЛА: ◽️ 7 — над Ростовской областью; ◽️ 5 — над Воронежской "
        "областью; ◽️ 3 — над Тульской; ◽️ 2 — над Калужской; ◽️ 1 — над Орловской; ◽️ 1 — над "
        "территорией Московского региона, летевший на Москву."
    ),
    "uk_air_force": (
        "У ніч на 20 листопада (з 18:00 19 листопада) противник атакував 64 ударними БпЛА типу "
        "Shahed, «Гербера» та дронами-імітаторами з напрямків: Курськ, Брянськ, Міллерово.\n"
        "За попередніми даними, станом на 08:30 протиповітряною обороною збито/подавлено 52 ворожі "
        "БпЛА на півночі, сході та півдні країни.\n"
        "Зафіксовано влучання 12 ударних БпЛА на 5 локаціях.\n\n"
        "ЗНИЩЕНО:\n- 3 крилаті ракети Х-101\n- 2 керовані авіаційні ракети Х-59\n"
        "- 1 балістична ракета «Іскандер-М»\n\nПовітряні Сили ЗС України"
    ),
    "uk_governor": (
        "Харківщина. Вночі ворог атакував Харків ударними безпілотниками. Сили ППО збили 4 дрони над "
        "Харківським районом. Внаслідок падіння уламків пошкоджено дах приватного будинку, "
        "постраждалих немає. Голова Харківської ОВА закликав мешканців залишатися в укриттях."
    ),
    "en_wire": (
        "KYIV, Nov 20 (Wire) - Russia launched 85 drones and two Iskander-M ballistic missiles at "
        "Ukraine overnight, Ukraine's air force said on Thursday, adding that 60 drones were shot down "
        'over the Kharkiv, Sumy and Poltava regions. Another 25 drones were "locationally lost", '
        "probably because of electronic warfare.\n"
        "Debris fell on a warehouse in Kharkiv, the regional governor said; no casualties were reported. "
        "The figures could not be independently verified."
    ),
    "en_ministry": (
        "Russian air defence systems intercepted and destroyed 22 Ukrainian fixed-wing drones between "
        "11:23 pm on November 19 and 7:00 am on November 20, the Defence Ministry said: eight over the "
        "Rostov region, six over the Bryansk region, four over the Kursk region, two over the Belgorod "
        "region, and two over Tula and Kaluga. More than 100 residents of Rostov were left without power."
    ),
    "en_governor": (
        "Governor of Belgorod Oblast: air defence shot down three drones over the Belgorod district "
        "overnight. A private house caught fire in Shebekino; there are no casualties. Residents are "
        "asked to stay indoors until the all-clear. Flights at Kaluga airport were temporarily restricted."
    ),
    "ru_governor": (
        "Губернатор Курской области: ночью над Курской областью сбиты 4 беспилотника, ещё один — над "
        "Льговским районом. В Курчатове повреждены окна двух частных домов, пострадавших нет. "
        "Временные ограничения введены в аэропорту Курска."
    ),
}

#: Pieces that break tokenisers and number readers: separators, signs, long digit runs, other digits.
NUMBER_PIECES = [
    "0",
    "00",
    "007",
    "9" * 500,
    "9" * 10,
    "1 000 000",
    "999 999 999 999",
    "999999999",
    "999,999,999",
    "1,5",
    "1.5",
    "1,000,000,000,000",
    "-3",
    "−12",
    "+7",
    "1\u00a0000",
    "1\u202f000",
    "٣٤",
    "１２",
    "²",
    "½",
    "3/4",
    "4-х",
    "64-ма",
    "2-гу",
    "1e9",
    "12:60",
    "25:99",
    "31.02.2025",
    "00.00",
    "24:00",
    "29.02.2023",
    "з 99:99",
    "10 тысяч тысяч",
    "999 миллионов",
    "billion",
    "тисяча тисяч",
]
#: Markup, symbols and invisible characters a post can carry.
MARKUP_PIECES = [
    "**",
    "__",
    "~~",
    "`",
    "[",
    "]",
    "](https://t.me/mod_russia/1)",
    "(",
    ")",
    "\n> ",
    "\n- ",
    "\n* ",
    "\n1. ",
    "\n\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "◽️",
    "▪️",
    "•",
    "⚡️",
    "🇷🇺",
    "🔥",
    "👨‍👩‍👧",
    "1️⃣",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u00ad",
    "\u0301",
    "\u2028",
    "\u2029",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "«",
    "»",
    "—",
    "–",
    "’",
    "ʼ",
    "...",
    ".",
    ":",
    ";",
    ",",
    "/",
    "#ПВО",
    "https://t.me/kpszsu",
    "t.me/",
    "ﬁ",
    "ß",
    "İ",
    "a",
    "X",
    "і",
]
#: Words the grammar reacts to, to splice in anywhere.
WORD_PIECES = [
    " drones ",
    " were shot down ",
    " over the Kursk region ",
    " each ",
    " the Defence Ministry said ",
    " Governor ",
    " overnight ",
    " from 23:00 to 07:00 ",
    " уничтожены ",
    " беспилотников ",
    " над территорией Брянской области ",
    " по два ",
    " МО РФ ",
    " сбито ",
    " збито ",
    " БпЛА ",
    " над Харківщиною ",
    " у ніч на ",
    " ракет ",
    " Повітряні Сили ",
    " пожар ",
    " погибших нет ",
    " а также ",
    " in total ",
    " denied ",
    " reportedly ",
]

#: How a text can be changed: each op takes two positions and a payload (see :func:`mutate`).
OPS = (
    "cut_end",
    "cut_start",
    "cut_middle",
    "splice",
    "digits",
    "insert",
    "wrap_bold",
    "wrap_link",
    "quote_lines",
    "bullet_lines",
    "duplicate_line",
    "flatten",
    "break_lines",
    "upper",
    "nfd",
    "delete_char",
    "repeat",
)
Mutation = tuple[str, int, int, str]


def mutate(text: str, m: Mutation, others: Sequence[str] = ()) -> str:
    """Apply one mutation ``(op, a, b, payload)``; ``a`` and ``b`` are positions taken modulo the
    text's length (plus one), ``payload`` the string to insert; 'splice' joins a text of ``others``."""
    op, a, b, payload = m
    n = len(text)
    i, j = sorted((a % (n + 1), b % (n + 1)))
    if op == "cut_end":
        return text[:j]
    if op == "cut_start":
        return text[i:]
    if op == "cut_middle":
        return text[:i] + text[j:]
    if op == "splice":
        other = others[b % len(others)] if others else text
        k = (a // 7) % (len(other) + 1)
        return text[: a % (n + 1)] + other[k:]
    if op == "digits":
        runs = list(re.finditer(r"\d+(?:[ ,.]\d+)*", text))
        if not runs:
            return text[:i] + payload + text[i:]
        r = runs[a % len(runs)]
        return text[: r.start()] + payload + text[r.end() :]
    if op == "insert":
        return text[:i] + payload + text[i:]
    if op == "wrap_bold":
        mark = payload if payload in ("**", "__", "~~", "`") else "**"
        return text[:i] + mark + text[i:j] + mark + text[j:]
    if op == "wrap_link":
        return text[:i] + "[" + text[i:j] + "](https://t.me/x/" + str(a % 9999) + ")" + text[j:]
    if op in ("quote_lines", "bullet_lines"):
        mark = "> " if op == "quote_lines" else (payload if payload in ("- ", "* ", "• ", "1. ") else "- ")
        return "\n".join(mark + line for line in text.split("\n"))
    if op == "duplicate_line":
        lines = text.split("\n")
        k = a % len(lines)
        return "\n".join(lines[: k + 1] + [lines[k]] * (1 + b % 2) + lines[k + 1 :])
    if op == "flatten":
        return text.replace("\n", " ")
    if op == "break_lines":
        return text[:i] + text[i:j].replace(" ", "\n") + text[j:]
    if op == "upper":
        return text[:i] + text[i:j].upper() + text[j:]
    if op == "nfd":
        return text[:i] + unicodedata.normalize("NFD", text[i:j]) + text[j:]
    if op == "delete_char":
        return text[:i] + text[i + 1 :]
    if op == "repeat":
        return text + "\n" + text[i:j] * (1 + b % 3)
    raise ValueError(f"unknown mutation {op!r}")


#: Every payload a mutation can insert.
PAYLOADS = NUMBER_PIECES + MARKUP_PIECES + WORD_PIECES


def random_payload(rng: random.Random) -> str:
    """A payload: mostly a known piece, sometimes a few random characters from all of Unicode."""
    if rng.random() < 0.85:
        return rng.choice(PAYLOADS)
    return random_chars(rng, rng.randint(1, 8))


def random_chars(rng: random.Random, n: int) -> str:
    """``n`` random characters, no surrogates: half from the scripts of the reports, half from anywhere."""
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(rng.choice("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґАБВЙЇЄabcdefXYZ0123456789 .,:-\n"))
        else:
            cp = rng.randrange(0x110000)
            out.append(chr(cp) if not 0xD800 <= cp <= 0xDFFF else " ")
    return "".join(out)


def random_mutation(rng: random.Random) -> Mutation:
    return (rng.choice(OPS), rng.randrange(1 << 20), rng.randrange(1 << 20), random_payload(rng))


def random_text(rng: random.Random, words: Sequence[str] = ()) -> str:
    """An arbitrary text: random characters, pieces of numbers, markup and trigger words, and words
    of real reports, in any order."""
    pool = [NUMBER_PIECES, MARKUP_PIECES, WORD_PIECES] + ([list(words)] if words else [])
    parts = []
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.2:
            parts.append(random_chars(rng, rng.randint(1, 12)))
        else:
            parts.append(rng.choice(rng.choice(pool)))
    return "".join(parts)


def mutated(rng: random.Random, seeds: Sequence[str], max_mutations: int = 6) -> tuple[str, list[Mutation]]:
    """A seed text with a few random mutations, and the mutations (for a reproducer)."""
    text = rng.choice(seeds)
    ms = [random_mutation(rng) for _ in range(rng.randint(1, max_mutations))]
    for m in ms:
        text = mutate(text, m, seeds)
    return text, ms


def example_texts() -> list[str]:
    """The texts of the repository's example reports (examples/*), as the readers give them."""
    from skyledger.ingest import read_paths
    from skyledger.model import Report

    return [r.text for r in read_paths([ROOT / "examples"]) if isinstance(r, Report) and r.text.strip()]


def shrink(text: str, fails, budget: float = 20.0) -> str:
    """A shorter text for which ``fails(text)`` still holds: drop lines, then ever smaller chunks
    of characters (delta debugging), within ``budget`` seconds."""
    import time

    deadline = time.monotonic() + budget
    lines = text.split("\n")
    k = 0
    while k < len(lines) and len(lines) > 1 and time.monotonic() < deadline:
        trial = "\n".join(lines[:k] + lines[k + 1 :])
        if fails(trial):
            lines = lines[:k] + lines[k + 1 :]
        else:
            k += 1
    text = "\n".join(lines)
    chunk = max(1, len(text) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        pos, changed = 0, False
        while pos < len(text) and time.monotonic() < deadline:
            trial = text[:pos] + text[pos + chunk :]
            if trial != text and fails(trial):
                text, changed = trial, True
            else:
                pos += chunk
        if not changed:
            chunk //= 2
    return text
