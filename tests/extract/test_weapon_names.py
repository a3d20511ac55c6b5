"""Weapon type names of the weapon tables, one short sentence per type and language.

Every sentence is written for these tests; none is copied from a real post. Each checks that a
type's usual spelling (Cyrillic or Latin, with its model code or its quoted name) gives the type id
of tests/gold/REAL.md.
"""

from __future__ import annotations

from datetime import date

import pytest

from skyledger.extract import extract_text

REF = date(2025, 11, 14)


def claims_of(text: str, lang: str) -> list[tuple]:
    """(action, weapon, detail, total) of every claim, in order."""
    x = extract_text(text, lang, REF)
    return [(c.action, c.weapon, c.weapon_detail, c.total) for c in x.claims]


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # Russian: aircraft by model code, one without a numeral by agreement
        ("Средствами ПВО сбит украинский самолет Су-25.", "ru", [("destroyed", "aircraft", "su-25", 1)]),
        ("Истребительной авиацией сбит украинский самолет МиГ-29.", "ru", [("destroyed", "aircraft", "mig-29", 1)]),
        ("Средствами ПВО сбиты 2 вертолета Ми-8.", "ru", [("destroyed", "aircraft", "mi-8", 2)]),
        ("Средствами ПВО сбит самолет F-16.", "ru", [("destroyed", "aircraft", "f-16", 1)]),
        ("Средствами ПВО сбит самолет А-50.", "ru", [("destroyed", "aircraft", "a-50", 1)]),
        # Russian: drones, quoted names after a drone word
        ("Сбиты 4 БПЛА «Орлан-10» над Курской областью.", "ru", [("destroyed", "uav", "orlan", 4)]),
        ("Дежурными средствами ПВО уничтожены 12 БПЛА «Лютый».", "ru", [("destroyed", "uav", "lyutyi", 12)]),
        ("Уничтожен тяжелый беспилотник «Баба-Яга».", "ru", [("destroyed", "uav", "baba-yaga", 1)]),
        ("Уничтожен БПЛА UJ-22 над Брянской областью.", "ru", [("destroyed", "uav", "uj-22", 1)]),
        ("Сбиты 3 БПЛА ZALA над Белгородской областью.", "ru", [("destroyed", "uav", "zala", 3)]),
        # Russian: missiles and rockets
        (
            "Средствами ПВО сбиты две ракеты «Точка-У» и четыре реактивных снаряда РСЗО «Вампир».",
            "ru",
            [("destroyed", "missile", "tochka-u", 2), ("destroyed", "missile", "vampire", 4)],
        ),
        ("Средствами ПВО сбиты 5 реактивных снарядов РСЗО «Ольха».", "ru", [("destroyed", "missile", "olkha", 5)]),
        ("Средствами ПВО сбиты шесть реактивных снарядов HIMARS.", "ru", [("destroyed", "missile", "himars", 6)]),
        ("Средствами ПВО сбиты две крылатые ракеты «Фламинго».", "ru", [("destroyed", "missile", "flamingo", 2)]),
        ("Средствами ПВО сбиты четыре ракеты «Нептун-Д».", "ru", [("destroyed", "missile", "neptune", 4)]),
        (
            "Средствами ПВО сбиты 3 крылатые ракеты Storm Shadow и 2 ракеты SCALP.",
            "ru",
            [("destroyed", "missile", "storm-shadow", 3), ("destroyed", "missile", "storm-shadow", 2)],
        ),
        (
            "Средствами ПВО сбиты 2 противокорабельные ракеты П-800 «Оникс».",
            "ru",
            [("destroyed", "missile", "p-800", 2)],
        ),
        ("Средствами ПВО сбиты 2 крылатые ракеты Х-101/Х-555.", "ru", [("destroyed", "missile", "kh-101", 2)]),
        (
            "Над морем уничтожены 2 ракеты Х-35 и один беспилотник.",
            "ru",
            [("destroyed", "missile", "kh-35", 2), ("destroyed", "uav", None, 1)],
        ),
        # Russian: guided bombs
        (
            "Средствами ПВО сбиты три управляемые авиабомбы JDAM и две авиабомбы GBU-39.",
            "ru",
            [("destroyed", "guided_bomb", "jdam", 3), ("destroyed", "guided_bomb", "gbu-39", 2)],
        ),
        # English
        ("Air defence shot down two Su-34 fighter-bombers.", "en", [("destroyed", "aircraft", "su-34", 2)]),
        ("Ukraine's air force shot down a Ka-52 helicopter.", "en", [("destroyed", "aircraft", "ka-52", 1)]),
        ("Ukraine said it shot down 5 Orlan-10 drones.", "en", [("destroyed", "uav", "orlan", 5)]),
        ("The ministry said it shot down 6 Lancet drones.", "en", [("destroyed", "uav", "lancet", 6)]),
        ("The air force said it shot down 3 Kh-31P missiles.", "en", [("destroyed", "missile", "kh-31p", 3)]),
        ("Russian air defences shot down two Tochka-U missiles.", "en", [("destroyed", "missile", "tochka-u", 2)]),
        ("Russian air defences shot down 8 Vampire rockets.", "en", [("destroyed", "missile", "vampire", 8)]),
        ("Ukraine said it downed two P-800 Oniks missiles.", "en", [("destroyed", "missile", "p-800", 2)]),
        ("Air defences intercepted 4 JDAM guided bombs.", "en", [("destroyed", "guided_bomb", "jdam", 4)]),
        ("Air defences shot down three GBU-39 bombs.", "en", [("destroyed", "guided_bomb", "gbu-39", 3)]),
        # Ukrainian
        ("Силами ППО збито 3 ракети «Точка-У».", "uk", [("destroyed", "missile", "tochka-u", 3)]),
        ("Силами ППО збито 2 реактивні снаряди HIMARS.", "uk", [("destroyed", "missile", "himars", 2)]),
        ("Силами ППО збито 3 реактивні снаряди «Вампір».", "uk", [("destroyed", "missile", "vampire", 3)]),
        (
            "Силами ППО збито 5 реактивних снарядів РСЗВ «Вільха».",
            "uk",
            [("destroyed", "missile", "olkha", 5)],
        ),
        ("Силами ППО збито 4 керовані авіабомби JDAM.", "uk", [("destroyed", "guided_bomb", "jdam", 4)]),
        ("Силами ППО збито 2 авіабомби GBU-39.", "uk", [("destroyed", "guided_bomb", "gbu-39", 2)]),
        ("Знищено 2 крилаті ракети Х-555.", "uk", [("destroyed", "missile", "kh-555", 2)]),
        ("Знищено 7 БпЛА Ланцет-3.", "uk", [("destroyed", "uav", "lancet", 7)]),
        ("Знищено 1 вертоліт Мі-28.", "uk", [("destroyed", "aircraft", "mi-28", 1)]),
        # a type word that is also a common word names no type on its own
        ("Группа прошла в зал. В зале сбиты 3 беспилотника.", "ru", [("destroyed", "uav", None, 3)]),
    ],
)
def test_weapon_names(text, lang, want):
    assert claims_of(text, lang) == want
