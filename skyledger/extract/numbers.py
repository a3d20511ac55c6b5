"""Counts in text: digits ('22', '500,000'), number words in any case ('twenty-two', 'двадцати двух'),
articles before a weapon ('a drone'), and the bound a hedge word gives ('more than 100').

Number words are read from ``numbers_<lang>.yaml`` by their lemma, so every case and gender of a
Russian or Ukrainian numeral is one table entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from skyledger.extract.lexicon import Lexicon
from skyledger.extract.tokens import Tok, norm_word

DIGITS = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+$|^\d+$")
#: A cardinal's case ending written after digits ('4-ма', '64-х', '5-ти', '2-мя'); ordinal endings
#: ('2-гу', '21-го', '3-й') are not counts.
CASE_ENDING = re.compile(r"(?<=\d)-(?:х|ти|ми|ма|мя|ю|ью|и|м|ох|ьох|ті|мі|тью)$")
#: A decimal that only counts before a scale word ('1,5 тысячи', '1.5 million').
DECIMAL = re.compile(r"^\d+[.,]\d+$")


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


#: The longest digit run read as a number, and the largest number read (groups and scale words
#: included: '999 999 999 999', '5 000 миллионов').
MAX_DIGITS = 9
MAX_VALUE = 10**MAX_DIGITS - 1


def digits_value(text: str) -> int | None:
    """'500,000' -> 500000; anything else that is not a plain integer -> None.

    Runs of more than nine digits are no count of anything in these reports (and would not fit a
    database integer): they are not read as numbers.

    >>> digits_value("500,000"), digits_value("22"), digits_value("3.5"), digits_value("99999999999999")
    (500000, 22, None, None)
    >>> digits_value("4-ма"), digits_value("64-х")
    (4, 64)
    """
    text = CASE_ENDING.sub("", text)  # '4-ма', '64-х', '95-ти': digits with a case ending
    if not DIGITS.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    return int(digits) if len(digits) <= MAX_DIGITS else None


def within(value: int | None) -> int | None:
    """A sum of counts, or None when it is larger than any number read: a breakdown of nine-digit
    figures is no breakdown of anything, and its sum would not fit the ledger's integers.

    >>> within(22), within(3 * MAX_VALUE)
    (22, None)
    """
    return value if value is None or value <= MAX_VALUE else None


@cache
def word_values(lex: Lexicon) -> tuple[dict[str, int], dict[str, int]]:
    """(unit and tens words, scale words) of a language, keyed by norm.

    The table is written in dictionary forms and keyed here by their norms, so a key matches every
    inflection that lemmatises to it ('двадцати двух' -> 'двадцать', 'два').
    """
    units = {norm_word(str(k), lex.lang): int(v) for k, v in (lex.numbers.get("units") or {}).items()}
    scales = {norm_word(str(k), lex.lang): int(v) for k, v in (lex.numbers.get("scales") or {}).items()}
    return units, scales


@cache
def raw_forms(lex: Lexicon) -> dict[str, int]:
    """Inflected number words matched as written, for forms whose lemma is another word ('семью')."""
    return {str(k).lower().replace("’", "'"): int(v) for k, v in (lex.numbers.get("unit_forms") or {}).items()}


def unit_value(tok: Tok, lex: Lexicon) -> int | None:
    """The value of one number word, by its written form first and then by its norm.

    >>> from skyledger.extract.lexicon import lexicon
    >>> from skyledger.extract.tokens import tokenize
    >>> [unit_value(t, lexicon("uk")) for t in tokenize("п'яти трьох", "uk")]
    [5, 3]
    """
    raw = raw_forms(lex).get(tok.text.lower().replace("’", "'").replace("ʼ", "'"))
    return raw if raw is not None else word_values(lex)[0].get(tok.norm)


def read_words(toks: Sequence[Tok], i: int, lex: Lexicon, norms: Sequence[str] | None = None) -> tuple[int, int] | None:
    """Parse a number-word phrase starting at ``i``: returns (value, end index) or None.

    Handles 'twenty - two', 'one hundred and twenty', 'двести двадцать два', '5 тысяч', '2 200'
    (digit groups split by a blank) and '1,5 тысячи' (a decimal before a scale word).
    """
    norms = norms if norms is not None else [t.norm for t in toks]
    units, scales = word_values(lex)
    joiners = set(lex.numbers.get("joiners") or [])
    total, current, j, seen = 0, 0, i, False
    while j < len(norms):
        w = norms[j]
        value = digits_value(w) if not seen else None
        unit = unit_value(toks[j], lex) if value is None else None
        if value is not None:
            current, seen, j = value, True, j + 1
            while digit_group(toks, j):
                current, j = current * 1000 + int(toks[j].text), j + 1
        elif not seen and DECIMAL.match(w) and j + 1 < len(norms) and norms[j + 1] in scales:
            total, j, seen = round(float(w.replace(",", ".")) * scales[norms[j + 1]]), j + 2, True
            break
        elif unit is not None:
            current, seen, j = current + unit, True, j + 1
        elif w in scales and (seen or (j == i and lex.numbers.get("scale_alone"))):
            total += max(current, 1) * int(scales[w])
            current, j, seen = 0, j + 1, True
        elif (
            w in joiners
            and seen
            and j + 1 < len(norms)
            and (unit_value(toks[j + 1], lex) is not None or norms[j + 1] in scales)
        ):
            j += 1
        else:
            break
    if not seen:
        return None
    return total + current, j


def digit_group(toks: Sequence[Tok], j: int) -> bool:
    """Token ``j`` is three digits continuing the number before it across a single blank ('71 512')."""
    if j == 0 or j >= len(toks):
        return False
    prev, tok = toks[j - 1], toks[j]
    return (
        len(tok.text) == 3
        and tok.text.isdigit()
        and prev.text.isdigit()
        and len(prev.text) <= 3
        and tok.start - prev.end == 1
    )


@cache
def number_starts(lex: Lexicon) -> frozenset[str]:
    """Every word that can start a number phrase or count one: number words (as norms and as
    written forms) and articles."""
    units, scales = word_values(lex)
    articles = lex.numbers.get("articles") or {}
    return frozenset(units) | frozenset(scales) | frozenset(raw_forms(lex)) | frozenset(articles)


def range_end(
    toks: Sequence[Tok], i: int, j: int, low: int, lex: Lexicon, norms: Sequence[str], masked: set[int]
) -> int | None:
    """Where a range that opens with the number at ``[i, j)`` ends, if it is one.

    'from ten to fifteen', '10-15', 'от 10 до 15', 'between 10 and 15': the claim is at least the
    lower figure, so the range reads as that figure bound 'at_least', its span reaching the upper
    one. A dash joins a range alone; 'to' only after 'from' and 'and' only after 'between' ('3 over
    Kursk and 5 over ...' is two counts); and a change is no range ('rose from 40 to 90')."""
    if j + 1 >= len(norms) or j + 1 in masked:
        return None

    def opened(cue: str) -> bool:
        return i > 0 and lex.cue(cue).match_at(norms, i - 1) is not None

    joins = lex.cue("range_dash").match_at(norms, j)
    if joins is None and opened("range_from"):
        joins = lex.cue("range_to").match_at(norms, j)
    if joins is None and opened("range_between"):
        joins = lex.cue("range_and").match_at(norms, j)
    if joins is None or not (norms[joins.j][:1].isdigit() or unit_value(toks[joins.j], lex) is not None):
        return None
    if any(lex.cue("range_change").match_at(norms, k) for k in range(max(0, i - 4), i)):
        return None
    high = read_words(toks, joins.j, lex, norms)
    return high[1] if high and high[0] > low and not masked & set(range(joins.j, high[1])) else None


def find_numbers(toks: Sequence[Tok], lex: Lexicon, masked: set[int] = frozenset()) -> list[Number]:
    """Every count in a sentence, left to right, skipping masked tokens (times, dates).

    A digit run followed by a scale word ('5 тысяч', '1 million') is one number; a number word
    directly after a digit run is not merged ('2 two'). Articles are reported with kind 'article'
    and only count where the grammar sees a weapon right after them.
    """
    norms = getattr(toks, "norms", None) or [t.norm for t in toks]
    articles = lex.numbers.get("articles") or {}
    bounds = lex.cue("bound")
    starters = number_starts(lex)
    out: list[Number] = []
    i = 0
    while i < len(toks):
        if i in masked or not (norms[i][:1].isdigit() or norms[i] in starters or toks[i].text.lower() in starters):
            i += 1  # most tokens are no number: one set lookup settles them
            continue
        parsed = read_words(toks, i, lex, norms)
        if parsed and parsed[0] > MAX_VALUE:
            i = parsed[1]  # no count of anything here, and its tail ('999 999 999') is none either
            continue
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
        upto = range_end(toks, i, j, value, lex, norms, masked) if kind != "article" else None
        if upto is not None:
            j, bound = upto, "at_least" if bound == "exact" else bound
        out.append(Number(value, i, j, toks[i].start, toks[j - 1].end, kind, bound))
        i = j
    return out
