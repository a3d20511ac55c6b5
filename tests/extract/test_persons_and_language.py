"""One person, one record across scripts; and the language of a document."""

from __future__ import annotations

from datetime import date

import pytest

from skyledger.extract import extract_text
from skyledger.extract.language import by_letters, detect_language
from skyledger.extract.persons import canonical_person, transliterate


@pytest.mark.parametrize(
    "lang, text",
    [
        ("ru", "Губернатор Василий Анохин сообщил, что над регионом сбиты три беспилотника."),
        ("uk", "Губернатор Василь Анохін повідомив, що над регіоном збито три безпілотники."),
        ("en", "Governor Vasily Anokhin said three drones were shot down over the region."),
        ("ru", "Анохин: над Смоленской областью сбиты три беспилотника."),
    ],
)
def test_one_person_in_every_script(lang: str, text: str) -> None:
    (claim,) = extract_text(text, lang, date(2025, 11, 14)).claims
    assert (claim.claimant.person, claim.claimant.region) == ("Vasily Anokhin", "RU-SMO")


@pytest.mark.parametrize(
    "name, lang, want",
    [
        ("Анохин", "ru", "Vasily Anokhin"),
        ("Анохін", "uk", "Vasily Anokhin"),
        ("Anokhin", "en", "Vasily Anokhin"),
        ("Юрий Слюсар", "ru", "Yury Slyusar"),
        ("Иван Гончаренко", "ru", "Ivan Goncharenko"),
        ("Іван Гончаренко", "uk", "Ivan Honcharenko"),
        ("Олег Гончаренко", "uk", "Oleh Honcharenko"),
        ("Євгенія Ющенко", "uk", "Yevheniia Yushchenko"),
        ("Евгений Ёлкин", "ru", "Yevgeny Yolkin"),
        ("Ivan Petrenko", "en", "Ivan Petrenko"),
    ],
)
def test_canonical_person(name: str, lang: str, want: str) -> None:
    assert canonical_person(name, lang) == want


def test_ukrainian_h_and_soft_sign() -> None:
    assert transliterate("Григорій Ільїн", "uk") == "Hryhorii Ilin"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Air defences destroyed 12 drones over the Kursk region overnight, the ministry said.", "en"),
        ("Дежурными средствами ПВО перехвачены и уничтожены 12 украинских беспилотников.", "ru"),
        ("Протягом ночі сили ППО збили над Сумщиною 12 ворожих безпілотників.", "uk"),
        ("Губернатор Василий Анохин said three drones were shot down over the Smolensk region overnight.", "en"),
        # No letter of its own: only the statistical reader can tell.
        ("Над Брянском и Курском", "ru"),
        ("Над Брянськом та Курськом", "uk"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_clear_cases_never_reach_the_statistical_reader() -> None:
    assert by_letters("Збито 12 ворожих безпілотників над Київщиною і Черкащиною.") == "uk"
    assert by_letters("Над Брянском") is None
