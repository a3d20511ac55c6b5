"""Phrase tables loaded from ``skyledger/data`` and turned into lookups on token norms.

Every table is data (YAML or CSV). Here a phrase becomes a tuple of token norms (see
``tokens.phrase_key``), so one table entry matches every inflection that lemmatises to it. Tables are
built the first time a language is asked for, then cached.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from skyledger.errors import DataTableError
from skyledger.extract.tokens import Tok, norm_positions, phrase_key

DATA = resources.files("skyledger") / "data"


@dataclass(frozen=True, slots=True)
class Match:
    """Tokens ``[i, j)`` of a sentence matched a phrase whose values are ``values``."""

    i: int
    j: int
    values: tuple[Any, ...]


@dataclass(eq=False)  # compared and hashed by identity: a sentence's memo of matches is keyed on it
class PhraseTable:
    """Longest-match lookup of token-norm sequences (a flat dict keyed by tuples)."""

    entries: dict[tuple[str, ...], list[Any]] = field(default_factory=dict)
    longest_key: int = 0
    #: First token -> the lengths of the keys that start with it, longest first. Most tokens start
    #: no phrase at all, so one dict lookup settles them (the hot path of the whole extractor).
    starts: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], value: Any) -> None:
        """Store ``value`` under ``key``; one key may carry several values."""
        if not key:
            return
        bucket = self.entries.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)
        self.longest_key = max(self.longest_key, len(key))
        self.starts[key[0]] = tuple(sorted({*self.starts.get(key[0], ()), len(key)}, reverse=True))

    def match_at(self, norms: Sequence[str], i: int) -> Match | None:
        """The longest phrase starting at token ``i``, if any."""
        lengths = self.starts.get(norms[i]) if 0 <= i < len(norms) else None
        if not lengths:
            return None
        for n in lengths:
            if i + n <= len(norms):
                values = self.entries.get(tuple(norms[i : i + n]))
                if values:
                    return Match(i, i + n, tuple(values))
        return None

    def scan(self, toks: Sequence[Tok]) -> list[Match]:
        """Left-to-right longest matches that do not overlap.

        A match yields to one that starts inside it and reaches further, so 'The Ministry of
        Defense of Russia' is one organisation, not 'the ministry' followed by loose words. A
        sentence's tokens keep each table's matches (``Tokens.scans``): the stages of reading ask
        the same table of the same sentence several times.
        """
        memo = getattr(toks, "scans", None)
        if memo is not None:
            found = memo.get(self)
            if found is None:
                found = memo[self] = self._scan(toks)
            return list(found)
        return self._scan(toks)

    def _scan(self, toks: Sequence[Tok]) -> list[Match]:
        """:meth:`scan` without the sentence's memo."""
        norms = getattr(toks, "norms", None) or [t.norm for t in toks]
        positions = getattr(toks, "positions", None) or norm_positions(norms)
        starters = self.starts.keys() & positions.keys()
        if not starters:
            return []  # no token can start a phrase: the common case, settled in C
        out: list[Match] = []
        at = sorted(k for n in starters for k in positions[n]) if len(starters) > 1 else positions[starters.pop()]
        found = [m for k in at if (m := self.match_at(norms, k))]
        taken = 0
        for m in found:
            if m.i < taken:
                continue  # inside an earlier match
            longer = next((n for n in found if m.i < n.i < m.j and n.j > m.j), None)
            if longer is not None:
                continue  # 'the ministry' yields to 'ministry of defense of russia' starting inside it
            out.append(m)
            taken = m.j
        return out


#: The table of a cue a language does not have: shared, never filled.
EMPTY = PhraseTable()


def read_yaml(name: str) -> Any:
    """Parse one bundled YAML table; a malformed file raises DataTableError naming it."""
    path = DATA / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except yaml.YAMLError as e:
        raise DataTableError(f"{name}: not valid YAML ({e})") from e


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of one bundled CSV table as dicts (header row required)."""
    text = (DATA / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def expect(cond: bool, where: str, what: str) -> None:
    """Raise DataTableError('<file> <key>: <what>') unless ``cond``."""
    if not cond:
        raise DataTableError(f"{where}: {what}")


def phrase_list(value: Any, where: str) -> list[str]:
    """A table cell that must be a list of phrases."""
    expect(
        isinstance(value, list) and all(isinstance(p, str) for p in value),
        where,
        "expected a list of phrases",
    )
    return value


def table_from_mapping(name: str, lang: str, mapping: dict[str, Any] | None) -> PhraseTable:
    """Build a table from ``{value: [phrases]}``: each phrase maps to its key."""
    table = PhraseTable()
    for key, phrases in (mapping or {}).items():
        for p in phrase_list(phrases, f"{name} {key}"):
            table.add(phrase_key(p, lang), key)
    return table


@dataclass(frozen=True)
class ClaimantEntry:
    """An organisation, role or person that makes claims."""

    key: str
    kind: str
    name: str | None
    side: str | None
    person: str | None = None
    region: str | None = None
    role: bool = False


@dataclass(eq=False)
class Lexicon:
    """All phrase tables of one language."""

    lang: str
    actions: PhraseTable
    weapons: PhraseTable
    claimants: PhraseTable
    impacts: PhraseTable
    measures: PhraseTable
    cues: dict[str, PhraseTable]
    numbers: dict[str, Any]
    times: dict[str, Any]
    vague: PhraseTable
    claimant_entries: dict[str, ClaimantEntry]

    def cue(self, name: str) -> PhraseTable:
        """One cue table by name (empty if the language has none)."""
        return self.cues.get(name) or EMPTY


def load_weapons(lang: str) -> PhraseTable:
    """``weapons_<lang>.yaml``: class -> detail -> phrases; values are (class, detail|None)."""
    name = f"weapons_{lang}.yaml"
    table = PhraseTable()
    for cls, details in (read_yaml(name) or {}).items():
        expect(isinstance(details, dict), f"{name} {cls}", "expected detail -> phrases")
        for detail, phrases in details.items():
            for p in phrase_list(phrases, f"{name} {cls}.{detail}"):
                table.add(phrase_key(p, lang), (cls, None if detail == "none" else detail))
    return table


def load_cues(lang: str) -> dict[str, PhraseTable]:
    """``cues_<lang>.yaml``: each section is a list of phrases or ``{value: [phrases]}``."""
    name = f"cues_{lang}.yaml"
    cues = {}
    for section, body in (read_yaml(name) or {}).items():
        if isinstance(body, dict):
            cues[section] = table_from_mapping(f"{name} {section}", lang, body)
        else:
            cues[section] = table_from_mapping(f"{name} {section}", lang, {section: body})
    return cues


def person_rows() -> list[dict[str, str]]:
    """Rows of persons.csv (empty when the table is absent)."""
    try:
        return read_csv("persons.csv")
    except FileNotFoundError:
        return []


def load_claimants(lang: str) -> tuple[PhraseTable, dict[str, ClaimantEntry]]:
    """Organisations from ``claimants_<lang>.yaml`` and persons from ``persons.csv`` (all scripts)."""
    name = f"claimants_{lang}.yaml"
    table, entries = PhraseTable(), {}
    for key, body in (read_yaml(name) or {}).items():
        where = f"{name} {key}"
        expect(isinstance(body, dict) and "kind" in body, where, "expected kind, name, side, phrases")
        entries[key] = ClaimantEntry(
            key,
            body["kind"],
            body.get("name"),
            body.get("side"),
            region=body.get("region"),
            role=bool(body.get("role")),
        )
        for p in phrase_list(body.get("phrases"), where):
            table.add(phrase_key(p, lang), key)
    for row in person_rows():
        key = f"person:{row['person']}"
        entries[key] = ClaimantEntry(
            key,
            row["kind"],
            None,
            row.get("side") or None,
            person=row["person"],
            region=row.get("region") or None,
        )
        for variant in [row["person"], *filter(None, row.get("variants", "").split("|"))]:
            table.add(phrase_key(variant.strip(), lang), key)
    return table, entries


@cache
def lexicon(lang: str) -> Lexicon:
    """Every table of one language, loaded and keyed on first use."""
    claimants, claimant_entries = load_claimants(lang)
    times = read_yaml(f"times_{lang}.yaml") or {}
    vague = PhraseTable()
    for phrase, reading in (times.get("vague") or {}).items():
        expect(
            isinstance(reading, list) and len(reading) == 4,
            f"times_{lang}.yaml vague {phrase}",
            "expected 4 values",
        )
        vague.add(phrase_key(phrase, lang), (phrase, tuple(reading)))
    return Lexicon(
        lang=lang,
        actions=table_from_mapping(f"verbs_{lang}.yaml", lang, read_yaml(f"verbs_{lang}.yaml")),
        weapons=load_weapons(lang),
        claimants=claimants,
        impacts=table_from_mapping(f"impacts_{lang}.yaml", lang, read_yaml(f"impacts_{lang}.yaml")),
        measures=table_from_mapping(f"measures_{lang}.yaml", lang, read_yaml(f"measures_{lang}.yaml")),
        cues=load_cues(lang),
        numbers=read_yaml(f"numbers_{lang}.yaml") or {},
        times=times,
        vague=vague,
        claimant_entries=claimant_entries,
    )
