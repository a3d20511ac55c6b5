"""One person, one record: a name read after a role word becomes the canonical Latin name.

A person listed in ``persons.csv`` is found by any of its variants ('Анохин', 'Anokhin', 'Анохін' are
all Vasily Anokhin), and also when the text pairs a listed surname with a first name the table does
not spell out ('Юрий Слюсар'). Anyone else is transliterated with the table of the name's language
(``translit_ru.yaml``, ``translit_uk.yaml``), so the same official read in a Russian, a Ukrainian and
an English report gets one spelling: 'Іван Петренко' and 'Иван Петренко' -> 'Ivan Petrenko'.
"""

from __future__ import annotations

import re
from functools import cache

from skyledger.extract.lexicon import person_rows, read_yaml
from skyledger.extract.tokens import readings

CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")
UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")


def fold(text: str) -> str:
    """Lower case, 'ё' as 'е', one kind of apostrophe, single blanks.

    >>> fold("Вячеслав  Гладков"), fold("В’ячеслав")
    ('вячеслав гладков', "в'ячеслав")
    """
    text = text.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return " ".join(text.split())


@cache
def person_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(folded variant -> canonical name, folded surname -> canonical names) from persons.csv."""
    names: dict[str, str] = {}
    surnames: dict[str, list[str]] = {}
    for row in person_rows():
        canonical = row["person"]
        for variant in [canonical, *filter(None, row.get("variants", "").split("|"))]:
            key = fold(variant)
            names.setdefault(key, canonical)
            surname = key.split()[-1]
            if canonical not in surnames.setdefault(surname, []):
                surnames[surname].append(canonical)
    return names, surnames


@cache
def first_names() -> frozenset[str]:
    """The first names persons.csv spells (folded): 'andrei', 'andrey', 'руслан', ..."""
    names, _ = person_index()
    return frozenset(key.split()[0] for key in names if len(key.split()) > 1)


@cache
def surname_forms(person: str) -> frozenset[str]:
    """The surname of a listed person as persons.csv writes it, in every spelling (folded)."""
    names, _ = person_index()
    return frozenset(key.split()[-1] for key, canonical in names.items() if canonical == person)


def first_name(word: str, lang: str) -> bool:
    """Whether ``word`` is a first name: one persons.csv spells, or one pymorphy3 tags a name
    ('Андрей', 'Олег'). 'Thursday', 'Telegram' and 'Федерации' are not."""
    if fold(word) in first_names():
        return True
    return bool(CYRILLIC.search(word)) and any("Name" in r.tag for r in readings(word, lang))


@cache
def table(lang: str) -> dict:
    """The transliteration table of 'ru' or 'uk'."""
    return read_yaml(f"translit_{lang}.yaml") or {}


def transliterate(name: str, lang: str) -> str:
    """A Cyrillic name in Latin letters, word by word, capitalised.

    >>> transliterate("Олег Синєгубов", "uk"), transliterate("Евгений Балицкий", "ru")
    ('Oleh Syniehubov', 'Yevgeny Balitsky')
    >>> transliterate("Юрій Ігнат", "uk"), transliterate("Юрий Игнат", "ru")
    ('Yurii Ihnat', 'Yury Ignat')
    """
    rules = table(lang)
    letters, initial, pairs = rules.get("letters") or {}, rules.get("initial") or {}, rules.get("pairs") or {}
    endings = rules.get("endings") or {}
    ye_after, ye = rules.get("ye_after"), rules.get("ye")
    words = []
    for word in name.split():
        low = word.lower().replace("’", "'").replace("ʼ", "'")
        out = []
        k = 0
        while k < len(low):
            ch = low[k]
            rest = low[k:]
            ending = next((e for e in endings if rest == e and k > 0), None)
            pair = next((p for p in pairs if rest.startswith(p)), None)
            if ending:
                out.append(endings[ending])
                k += len(ending)
                continue
            if pair:
                out.append(pairs[pair])
                k += len(pair)
                continue
            if k == 0 and ch in initial:
                out.append(initial[ch])
            elif ye and ch == "е" and (k == 0 or low[k - 1] in ye_after):
                out.append(ye)
            else:
                out.append(str(letters.get(ch, ch)))
            k += 1
        latin = "".join(out)
        words.append("-".join(part[:1].upper() + part[1:] for part in latin.split("-")))
    return " ".join(words)


def canonical_person(name: str, lang: str = "") -> str:
    """The canonical name of a person named in a report.

    >>> canonical_person("Анохін"), canonical_person("Юрий Слюсар")
    ('Vasily Anokhin', 'Yury Slyusar')
    >>> canonical_person("Олег Гончаренко", "uk"), canonical_person("Олег Гончаренко", "ru")
    ('Oleh Honcharenko', 'Oleg Goncharenko')
    """
    names, surnames = person_index()
    key = fold(name)
    if key in names:
        return names[key]
    words = key.split()
    listed = surnames.get(words[-1], []) if words else []
    if len(words) > 1 and len(listed) == 1:
        first = transliterate(words[0], script_of(name, lang))[:1].lower()
        if listed[0][:1].lower() == first:
            return listed[0]
    if not CYRILLIC.search(name):
        return name
    return transliterate(name, script_of(name, lang))


def script_of(name: str, lang: str) -> str:
    """Which table a Cyrillic name is read with: its letters decide, else the report's language."""
    if UKRAINIAN.search(name):
        return "uk"
    if RUSSIAN.search(name):
        return "ru"
    return "uk" if lang == "uk" else "ru"
