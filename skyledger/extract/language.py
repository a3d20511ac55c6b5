"""Which of English, Russian and Ukrainian a report is written in, decided per document.

Two readers, the cheap one first:

1. Letter counts settle the clear cases in microseconds. The three languages use two scripts, and
   Russian and Ukrainian each have letters the other lacks (ы э ъ ё vs і ї є ґ): a text that is
   nearly all Latin is English, and a Cyrillic text whose distinctive letters all belong to one of
   the two languages is that language. Quoted names in the other script (an English article citing
   'Василий Анохин') do not flip the decision.
2. A text that mixes the scripts is read in the script whose tables find clearly the most claim
   words (an English OCR preamble over a Ukrainian tally is Ukrainian).
3. Anything else (a Ukrainian item quoting a Russian statement, a short Cyrillic text with no
   distinctive letter, a mixed text the tables do not settle) goes to lingua's statistical detector,
   restricted to the three languages and built once, on first use. Measured on the gold reports
   (140 documents of 0.3–2 kB): letter counts take about 0.03 ms a document, lingua about 0.7 ms.
"""

from __future__ import annotations

import re
from functools import cache

LATIN = re.compile(r"[A-Za-z]")
URL = re.compile(r"(?:https?://|www\.)\S+")
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
UK_ONLY = re.compile(r"[ІіЇїЄєҐґ]")
RU_ONLY = re.compile(r"[ЫыЭэЪъЁё]")
#: How much of the other script a text may hold and still count as clearly one script.
MINORITY = 0.25
#: How many distinctive letters make a Cyrillic text clearly Russian or clearly Ukrainian.
DISTINCTIVE = 3


def detect_language(text: str) -> str:
    """'en', 'ru' or 'uk'.

    >>> detect_language("Two drones were shot down"), detect_language("Сбиты два беспилотника")
    ('en', 'ru')
    >>> detect_language("Збито два безпілотники")
    'uk'
    """
    sample = URL.sub(" ", text[:5000])  # a link's letters are no language: 'https://t.me/kpszsu'
    clear = by_letters(sample)
    if clear is not None:
        return clear
    mixed = len(LATIN.findall(sample)) > MINORITY * len(CYRILLIC.findall(sample))
    guess = (by_tables(sample) if mixed else None) or by_lingua(sample)
    return guess or fallback(sample)


def by_tables(sample: str) -> str | None:
    """For a text of two scripts: the script whose tables find clearly the most words of a claim
    (weapons, actions, list lines), at least twice the other's, and for Cyrillic the language its
    distinctive letters name; else None.

    A scanned infographic under an English line of the OCR's own ('The text in the image is in
    Ukrainian...') has its figures in Ukrainian; an English article quoting a Russian post has its
    own in English. The figures, not the prose around them, say which grammar must read the text.

    >>> by_tables("The text in the image is Ukrainian. Here it is: ЗНИЩЕНО: - 15 ударних БПЛА, - 1 авіаційну ракету")
    'uk'
    """
    from skyledger.extract.candidates import patterns  # the candidate pass's tables, compiled once

    hits = {lang: len(patterns(lang)[0].findall(sample)) for lang in ("en", "ru", "uk")}
    cyrillic = max(hits["ru"], hits["uk"])
    if hits["en"] >= 2 * max(1, cyrillic):
        return "en"
    if cyrillic < 2 * max(1, hits["en"]):
        return None
    # the two Cyrillic grammars share most words: their own letters tell them apart
    uk, ru = len(UK_ONLY.findall(sample)), len(RU_ONLY.findall(sample))
    return "uk" if uk > ru else "ru" if ru > uk else None


def by_letters(sample: str) -> str | None:
    """The language when the letters leave no doubt, else None.

    >>> by_letters("Governor Василий Анохин said twelve drones were shot down over the Smolensk region overnight")
    'en'
    >>> by_letters("Над Брянском и Курском"), by_letters("Дежурными средствами ПВО сбиты беспилотные аппараты")
    (None, 'ru')
    """
    latin = len(LATIN.findall(sample))
    cyrillic = len(CYRILLIC.findall(sample))
    if cyrillic <= MINORITY * latin:
        return "en"
    if latin > MINORITY * cyrillic:
        return None
    uk, ru = len(UK_ONLY.findall(sample)), len(RU_ONLY.findall(sample))
    if uk >= DISTINCTIVE and ru == 0:
        return "uk"
    if ru >= DISTINCTIVE and uk == 0:
        return "ru"
    return None


def fallback(sample: str) -> str:
    """The letter-count reading when lingua cannot decide: majority script, then distinctive letters."""
    if len(CYRILLIC.findall(sample)) <= len(LATIN.findall(sample)):
        return "en"
    return "uk" if len(UK_ONLY.findall(sample)) > len(RU_ONLY.findall(sample)) else "ru"


@cache
def detector():
    """lingua's detector for English, Russian and Ukrainian only (None if lingua is not installed)."""
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua is a declared dependency
        return None
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.RUSSIAN, Language.UKRAINIAN).build()


def by_lingua(sample: str) -> str | None:
    """lingua's reading of a text: 'en', 'ru', 'uk', or None when it does not commit.

    >>> by_lingua("Над Брянском и Курском сбиты дроны"), by_lingua("Над Брянськом збито дрони")
    ('ru', 'uk')
    """
    found = detector().detect_language_of(sample) if detector() is not None else None
    return found.iso_code_639_1.name.lower() if found is not None else None
