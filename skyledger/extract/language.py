"""Which of English, Russian and Ukrainian a report is written in.

The three languages use two scripts, and Russian and Ukrainian each have letters the other lacks
(ы э ъ vs і ї є ґ), so letter counts decide reliably for reports of a few sentences. Quoted names in
the other script (an English article citing 'Василий Анохин') do not flip the decision: the majority
script wins.
"""

from __future__ import annotations

import re

LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
UK_ONLY = re.compile(r"[ІіЇїЄєҐґ]")
RU_ONLY = re.compile(r"[ЫыЭэЪъЁё]")


def detect_language(text: str) -> str:
    """'en', 'ru' or 'uk'.

    >>> detect_language("Two drones were shot down"), detect_language("Сбиты два беспилотника")
    ('en', 'ru')
    >>> detect_language("Збито два безпілотники")
    'uk'

    """
    sample = text[:5000]
    latin = len(LATIN.findall(sample))
    cyrillic = len(CYRILLIC.findall(sample))
    if cyrillic <= latin:
        return "en"
    return "uk" if len(UK_ONLY.findall(sample)) > len(RU_ONLY.findall(sample)) else "ru"
