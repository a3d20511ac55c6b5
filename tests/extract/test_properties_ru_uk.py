"""Property tests: Russian and Ukrainian numerals from 0 to 1000, in every case a counted noun takes.

The numeral words are generated here, component by component ('двумстам тридцати одному'), with
pymorphy3's inflection; the few forms its dictionaries get wrong or lack are fixed from a small table
below. ``numbers.find_numbers`` must read each phrase back as the number it was made from.
"""

from __future__ import annotations

from functools import cache

import pymorphy3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skyledger.extract.lexicon import lexicon
from skyledger.extract.numbers import find_numbers
from skyledger.extract.tokens import tokenize

#: The cases a numeral takes before a counted noun: 'сбиты 22', 'атаки 22', 'к 22', '22 дронами', 'о 22'.
CASES = ("nomn", "gent", "datv", "ablt", "loct")

NUMERALS = {
    "ru": {
        "units": "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать "
        "четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать".split(),
        "tens": "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split(),
        "hundreds": "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split(),
        "thousand": "тысяча",
        "noun": "беспилотников",
    },
    "uk": {
        "units": "нуль один два три чотири п'ять шість сім вісім дев'ять десять одинадцять дванадцять тринадцять "
        "чотирнадцять п'ятнадцять шістнадцять сімнадцять вісімнадцять дев'ятнадцять".split(),
        "tens": "_ _ двадцять тридцять сорок п'ятдесят шістдесят сімдесят вісімдесят дев'яносто".split(),
        "hundreds": "_ сто двісті триста чотириста п'ятсот шістсот сімсот вісімсот дев'ятсот".split(),
        "thousand": "тисяча",
        "noun": "безпілотників",
    },
}

#: Forms the dictionaries do not inflect: 'сто' has 'ста' in the oblique cases, Ukrainian 'сорок' 'сорока'.
FIXED = {
    "ru": {"сто": ("сто", "ста", "ста", "ста", "ста")},
    "uk": {"сто": ("сто", "ста", "ста", "стома", "ста"), "сорок": ("сорок", "сорока", "сорока", "сорока", "сорока")},
}


@cache
def analyser(lang: str) -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def inflect(word: str, lang: str, case: str) -> str:
    """One numeral word in a case (masculine where the numeral has a gender)."""
    if word in FIXED[lang]:
        return FIXED[lang][word][CASES.index(case)]
    parses = [p for p in analyser(lang).parse(word) if p.tag.POS in ("NUMR", "NOUN", "ADJF")]
    form = parses[0].inflect({case}) if parses else None
    return form.word if form else word


def components(n: int, lang: str) -> list[str]:
    """0..1000 as numeral words in the nominative: 231 -> ['двести', 'тридцать', 'один']."""
    table = NUMERALS[lang]
    if n == 1000:
        return [table["thousand"]]
    if n < 20:
        return [table["units"][n]]
    words = []
    if n >= 100:
        words.append(table["hundreds"][n // 100])
        n %= 100
    if n >= 20:
        words.append(table["tens"][n // 10])
        n %= 10
    if n:
        words.append(table["units"][n])
    return words


def phrase(n: int, lang: str, case: str) -> str:
    """'двумстам тридцати одному беспилотников' (the noun only marks where the number ends)."""
    return " ".join(inflect(w, lang, case) for w in components(n, lang)) + " " + NUMERALS[lang]["noun"]


@pytest.mark.parametrize("lang", ["ru", "uk"])
@settings(deadline=None, max_examples=300)
@given(n=st.integers(min_value=0, max_value=1000), case=st.sampled_from(CASES))
def test_numeral_words_round_trip(lang: str, n: int, case: str) -> None:
    text = phrase(n, lang, case)
    (number,) = find_numbers(tokenize(text, lang), lexicon(lang))
    assert (number.value, number.i) == (n, 0), text


@pytest.mark.parametrize(
    "lang, text, value",
    [
        ("ru", "двадцати двух беспилотников", 22),
        ("ru", "одного беспилотника", 1),
        ("ru", "семью беспилотниками", 7),
        ("ru", "двумястами сорока пятью дронами", 245),
        ("ru", "около тысячи дронов", 1000),
        ("uk", "дев'ятнадцять дронів", 19),
        ("uk", "дев’ятьох дронів", 9),
        ("uk", "трьома ракетами", 3),
        ("uk", "п'ятьма дронами", 5),
        ("uk", "сімома дронами", 7),
    ],
)
def test_numeral_examples(lang: str, text: str, value: int) -> None:
    (number,) = find_numbers(tokenize(text, lang), lexicon(lang))
    assert number.value == value


@pytest.mark.parametrize(
    "lang, text, value, bound",
    [
        ("ru", "свыше 100 беспилотников", 100, "at_least"),
        ("ru", "около 30 беспилотников", 30, "about"),
        ("ru", "не менее пяти беспилотников", 5, "at_least"),
        ("uk", "понад 100 дронів", 100, "at_least"),
        ("uk", "близько 30 дронів", 30, "about"),
        ("uk", "щонайменше дев'яти дронів", 9, "at_least"),
    ],
)
def test_bound_words(lang: str, text: str, value: int, bound: str) -> None:
    (number,) = find_numbers(tokenize(text, lang), lexicon(lang))
    assert (number.value, number.bound) == (value, bound)


@given(st.integers(min_value=1000, max_value=999_999))
def test_digit_groups_split_by_a_blank_round_trip(n: int) -> None:
    text = f"{n:,}".replace(",", " ") + " беспилотных летательных аппаратов"
    (number,) = find_numbers(tokenize(text, "ru"), lexicon("ru"))
    assert number.value == n


@pytest.mark.parametrize("text, value", [("1,5 тысячи человек", 1500), ("3,2 тисячі мешканців", 3200)])
def test_decimal_before_a_scale_word(text: str, value: int) -> None:
    lang = "uk" if "і" in text else "ru"
    (number,) = find_numbers(tokenize(text, lang), lexicon(lang))
    assert number.value == value
