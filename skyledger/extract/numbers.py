"""Counts in text: digits ('22', '500,000'), number words in any case ('twenty-two', 'двадцати двух'),
articles before a weapon ('a drone'), and the bound a hedge word gives ('more than 100').

Number words are read from ``numbers_<lang>.yaml`` by their lemma, so every case and gender of a
Russian or Ukrainian numeral is one table entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from skyledger.extract.lexicon import Lexicon
from skyledger.extract.tokens import Tok

DIGITS = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+$|^\d+$")


@dataclass(frozen=True, slots=True)
class Number:
    """A count found at tokens ``[i, j)``; ``bound`` is exact, at_least or about."""

    value: int
    i: int
    j: int
    start: int
    end: int
    kind: str
    bound: str = "exact"


def digits_value(text: str) -> int | None:
    """'500,000' -> 500000; anything else that is not a plain integer -> None.

    >>> digits_value("500,000"), digits_value("22"), digits_value("3.5")
    (500000, 22, None)
    """
    if not DIGITS.match(text):
        return None
    return int(re.sub(r"\D", "", text))


def word_values(lex: Lexicon) -> tuple[dict[str, int], dict[str, int]]:
    """(unit and tens words, scale words) of a language, keyed by norm."""
    return lex.numbers.get("units") or {}, lex.numbers.get("scales") or {}


def read_words(norms: Sequence[str], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """Parse a number-word phrase starting at ``i``: returns (value, end index) or None.

    Handles 'twenty - two', 'one hundred and twenty', 'двести двадцать два', '5 тысяч'.
    """
    units, scales = word_values(lex)
    joiners = set(lex.numbers.get("joiners") or [])
    total, current, j, seen = 0, 0, i, False
    while j < len(norms):
        w = norms[j]
        value = digits_value(w) if not seen else None
        if value is not None:
            current, seen, j = value, True, j + 1
        elif w in units:
            current, seen, j = current + int(units[w]), True, j + 1
        elif w in scales and seen:
            total += max(current, 1) * int(scales[w])
            current, j = 0, j + 1
        elif w in joiners and seen and j + 1 < len(norms) and (norms[j + 1] in units or norms[j + 1] in scales):
            j += 1
        else:
            break
    if not seen:
        return None
    return total + current, j


def find_numbers(toks: Sequence[Tok], lex: Lexicon, masked: set[int] = frozenset()) -> list[Number]:
    """Every count in a sentence, left to right, skipping masked tokens (times, dates).

    A digit run followed by a scale word ('5 тысяч', '1 million') is one number; a number word
    directly after a digit run is not merged ('2 two'). Articles are reported with kind 'article'
    and only count where the grammar sees a weapon right after them.
    """
    norms = [t.norm for t in toks]
    articles = lex.numbers.get("articles") or {}
    bounds = lex.cue("bound")
    out: list[Number] = []
    i = 0
    while i < len(toks):
        if i in masked:
            i += 1
            continue
        parsed = read_words(norms, i, lex)
        if parsed:
            value, j = parsed
            kind = "digits" if digits_value(norms[i]) is not None else "words"
        elif norms[i] in articles:
            value, j, kind = int(articles[norms[i]]), i + 1, "article"
        else:
            i += 1
            continue
        bound = "exact"
        for n in range(1, 4):
            m = bounds.match_at(norms, i - n) if i - n >= 0 else None
            if m and m.j == i:
                bound = m.values[0]
                break
        out.append(Number(value, i, j, toks[i].start, toks[j - 1].end, kind, bound))
        i = j
    return out
