"""Russian sentences and what the extractor must read from them, one table row each.

The sentences are written for these tests in the shapes of ministry statements, governors' posts and
news copy; none is copied from a real post.
"""

from __future__ import annotations

from datetime import date

import pytest

from skyledger.extract import extract_text

REF = date(2025, 11, 14)


def claims_of(text: str) -> list[tuple]:
    """(action, weapon, total, {region: count}) of every claim, in order."""
    x = extract_text(text, "ru", REF)
    return [(c.action, c.weapon, c.total, {r.code: r.count for r in c.regions}) for c in x.claims]


def only_claim(text: str):
    (claim,) = extract_text(text, "ru", REF).claims
    return claim


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "Дежурными средствами ПВО перехвачены и уничтожены 12 украинских беспилотных летательных аппаратов "
            "самолетного типа: 7 – над территорией Курской области, 5 – над территорией Орловской области.",
            [("destroyed", "uav", 12, {"RU-KRS": 7, "RU-ORL": 5})],
        ),
        (
            "Перехвачены и уничтожены девять беспилотников: по три – над территориями Курской, Брянской и "
            "Белгородской областей.",
            [("destroyed", "uav", 9, {"RU-KRS": 3, "RU-BRY": 3, "RU-BEL": 3})],
        ),
        (
            "Перехвачены и уничтожены шесть беспилотников: четыре – над территорией Тульской области, два – над "
            "территориями Рязанской и Липецкой областей.",
            [("destroyed", "uav", 6, {"RU-TUL": 4, "RU-RYA": 1, "RU-LIP": 1})],
        ),
        (
            "Средствами ПВО уничтожены одиннадцать беспилотников: шесть – над акваторией Азовского моря и пять – "
            "над территорией Республики Крым.",
            [("destroyed", "uav", 11, {"SEA-AZOV": 6, "UA-43": 5})],
        ),
        ("Над Брянщиной сбиты пять украинских БПЛА.", [("destroyed", "uav", 5, {"RU-BRY": 5})]),
        ("В Подмосковье силами ПВО сбиты два беспилотника.", [("destroyed", "uav", 2, {"RU-MOS": 2})]),
        ("Над территорией Краснодарского края уничтожен один БПЛА.", [("destroyed", "uav", 1, {"RU-KDA": 1})]),
        (
            "Силами ПВО отражена атака двадцати трех беспилотников над Ростовской областью.",
            [("destroyed", "uav", 23, {"RU-ROS": 23})],
        ),
        (
            "Над Воронежской областью уничтожены свыше 40 беспилотников.",
            [("destroyed", "uav", 40, {"RU-VOR": 40})],
        ),
        (
            "За сутки средствами ПВО сбиты четыре управляемые авиационные бомбы и 85 беспилотников.",
            [("destroyed", "guided_bomb", 4, {}), ("destroyed", "uav", 85, {})],
        ),
        (
            "Дежурными средствами ПВО уничтожены 14 беспилотников. Из них 9 сбиты над Смоленской областью, "
            "5 – над Тверской областью.",
            [("destroyed", "uav", 14, {"RU-SMO": 9, "RU-TVE": 5})],
        ),
        (
            "Дежурными средствами ПВО перехвачены и уничтожены 8 беспилотников:\n\n"
            "5 – над территорией Московского региона, в том числе 2 БПЛА, летевших на Москву;\n"
            "3 – над территорией Калужской области.",
            [("destroyed", "uav", 8, {"RU-MOS": 5, "RU-KLU": 3})],
        ),
        (
            "В ночь на 3 июня противник атаковал Украину 60 ударными БпЛА и тремя баллистическими ракетами "
            "Искандер-М, сообщили в Воздушных силах ВСУ.",
            [("launched", "uav", 60, {}), ("launched", "missile", 3, {})],
        ),
        (
            "Сегодня над территорией Ростовской области уничтожены 3 беспилотника, над акваторией Черного моря – 2.",
            [("destroyed", "uav", 5, {"RU-ROS": 3, "SEA-BLACK": 2})],
        ),
        ("Выставка беспилотных систем: представлены свыше 300 образцов техники.", []),
        ("Власти закупят 25 комплексов защиты от беспилотников.", []),
        ("Всего с начала специальной военной операции уничтожены 65 000 беспилотных летательных аппаратов.", []),
    ],
)
def test_claims(text: str, want: list[tuple]) -> None:
    assert claims_of(text) == want


@pytest.mark.parametrize(
    "text, total, bound",
    [
        ("Над Курской областью уничтожены свыше 100 беспилотников.", 100, "at_least"),
        ("Над Курской областью уничтожены более 30 беспилотников.", 30, "at_least"),
        ("Над Курской областью уничтожены около 30 беспилотников.", 30, "about"),
        ("Над Курской областью уничтожены порядка двадцати беспилотников.", 20, "about"),
        ("Над Курской областью уничтожены двадцать два беспилотника.", 22, "exact"),
    ],
)
def test_bounds(text: str, total: int, bound: str) -> None:
    claim = only_claim(text)
    assert (claim.total, claim.total_bound) == (total, bound)


@pytest.mark.parametrize(
    "text, start, end, day",
    [
        (
            "С 23:10 11 ноября до 06:40 12 ноября дежурными средствами ПВО уничтожены 7 беспилотников.",
            "2025-11-11T23:10:00+03:00",
            "2025-11-12T06:40:00+03:00",
            "2025-11-12",
        ),
        (
            "Сегодня, 13 ноября, в период с 15.00 до 18.30 мск дежурными средствами ПВО уничтожены 4 беспилотника.",
            "2025-11-13T15:00:00+03:00",
            "2025-11-13T18:30:00+03:00",
            "2025-11-13",
        ),
        (
            "В период с 22.00 мск 12 ноября до 5.00 мск 13 ноября дежурными средствами ПВО уничтожены 9 БПЛА.",
            "2025-11-12T22:00:00+03:00",
            "2025-11-13T05:00:00+03:00",
            "2025-11-13",
        ),
    ],
)
def test_windows(text: str, start: str, end: str, day: str) -> None:
    claim = only_claim(text)
    assert (claim.window.start, claim.window.end, claim.window.date) == (start, end, day)


def test_night_of_gives_the_morning_date() -> None:
    claim = only_claim("В ночь на 10 ноября над Брянской областью сбиты три беспилотника.")
    assert (claim.window.date, claim.window.start) == ("2025-11-10", None)


def test_stated_hours() -> None:
    claim = only_claim(
        "Сегодня в течение двух часов, с 10.00 до 12.00 мск, над Белгородской областью уничтожены 5 беспилотников."
    )
    assert (claim.window.hours, claim.window.start[-14:-9]) == (2.0, "10:00")


@pytest.mark.parametrize(
    "text, kind, person, region",
    [
        (
            "Губернатор Брянской области Александр Богомаз сообщил, что над регионом уничтожены три беспилотника.",
            "governor",
            "Alexander Bogomaz",
            "RU-BRY",
        ),
        (
            "Силы ПВО Минобороны отразили атаку трех БПЛА, летевших на Москву, сообщил Сергей Собянин.",
            "mayor",
            "Sergei Sobyanin",
            "RU-MOW",
        ),
        ("Над Курской областью сбиты 6 беспилотников, сообщили в Минобороны России.", "ministry", None, None),
        ("Дежурными средствами ПВО над Курской областью уничтожены 6 беспилотников.", "ministry", None, None),
        (
            "Ночью над территорией Смоленской области уничтожены четыре БПЛА.\n\nВасилий Анохин",
            "governor",
            "Vasily Anokhin",
            "RU-SMO",
        ),
        (
            "Губернатор Ивановской области Иван Петренко сообщил, что над регионом сбиты два беспилотника.",
            "governor",
            "Ivan Petrenko",
            "RU-IVA",
        ),
    ],
)
def test_claimants(text: str, kind: str, person: str | None, region: str | None) -> None:
    claim = only_claim(text)
    assert (claim.claimant.kind, claim.claimant.person, claim.claimant.region) == (kind, person, region)


def test_toward_moscow_inside_a_list_line() -> None:
    claim = only_claim(
        "Уничтожены 10 беспилотников: 6 – над территорией Московского региона, в том числе 4 БПЛА, летевших "
        "на Москву, и 4 – над территорией Тульской области."
    )
    assert claim.toward_moscow == 4 and {r.code: r.count for r in claim.regions} == {"RU-MOS": 6, "RU-TUL": 4}


def test_combined_destroyed_and_suppressed() -> None:
    claim = only_claim("Силами ПВО уничтожены и подавлены восемь БПЛА над Ростовской областью.")
    assert (claim.action, claim.total) == ("destroyed", 8) and "includes_suppressed" in claim.flags


def test_headline_repeating_the_body_is_one_claim() -> None:
    text = (
        "Над Орловской областью сбиты 7 беспилотников\n\n"
        "Дежурными средствами ПВО перехвачены и уничтожены 7 украинских беспилотников над территорией Орловской "
        "области, сообщили в Минобороны."
    )
    assert claims_of(text) == [("destroyed", "uav", 7, {"RU-ORL": 7})]


@pytest.mark.parametrize(
    "text, kinds",
    [
        (
            "В Рыльске обломками повреждена крыша магазина. Пострадавших нет.",
            {("damage", "RU-KRS"), ("no_casualties", "RU-KRS")},
        ),
        ("В Белгороде из-за падения обломков возник пожар.", {("fire", "RU-BEL")}),
        ("В Ельце без электричества остались около 3 тысяч жителей.", {("power_outage", "RU-LIP")}),
        ("Информации о пострадавших в Курске пока не поступало.", set()),
    ],
)
def test_impacts(text: str, kinds: set) -> None:
    assert {(i.kind, i.region) for i in extract_text(text, "ru", REF).impacts} == kinds


def test_casualty_count_is_the_people_not_the_drones() -> None:
    x = extract_text("Над Курской областью за сутки сбиты 17 дронов, ранены три человека.", "ru", REF)
    assert [(i.kind, i.count) for i in x.impacts] == [("injured", 3)]


def test_outage_counts_people_in_thousands() -> None:
    (outage,) = extract_text("В Ельце без электричества остались 1,5 тысячи человек.", "ru", REF).impacts
    assert outage.people == 1500


def test_numeric_date_names_its_own_year() -> None:
    from skyledger.extract import extract_text

    text = (
        "21.11.2025 с 08.00 до 20.00 мск дежурными средствами ПВО перехвачены и уничтожены 17 украинских "
        "беспилотных летательных аппаратов над территорией Белгородской области."
    )
    (claim,) = extract_text(text, "ru", None).claims
    assert (claim.window.start, claim.window.end) == ("2025-11-21T08:00:00+03:00", "2025-11-21T20:00:00+03:00")
    assert "year_unresolved" not in claim.flags
