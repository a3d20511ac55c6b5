"""Ukrainian sentences and what the extractor must read from them, one table row each.

Written for these tests in the shapes of Air Force reports, oblast administrations' posts and news
copy; none is copied from a real post.
"""

from __future__ import annotations

from datetime import date

import pytest

from skyledger.extract import extract_text

REF = date(2025, 11, 14)


def claims_of(text: str) -> list[tuple]:
    """(action, weapon, weapon_detail, total, {region: count}) of every claim, in order."""
    x = extract_text(text, "uk", REF)
    return [(c.action, c.weapon, c.weapon_detail, c.total, {r.code: r.count for r in c.regions}) for c in x.claims]


def only_claim(text: str):
    (claim,) = extract_text(text, "uk", REF).claims
    return claim


AIR_FORCE_REPORT = (
    "У ніч на 14 листопада (з 18:30 13 листопада) противник атакував 75 ударними БпЛА типу Shahed та "
    "БпЛА-імітаторами з напрямків Курськ, Орел.\n\n"
    "За попередніми даними, станом на 08:00 протиповітряною обороною збито/подавлено 61 ворожий БпЛА.\n\n"
    "Зафіксовано влучання 12 ударних БпЛА на 5 локаціях."
)


@pytest.mark.parametrize(
    "text, want",
    [
        (
            AIR_FORCE_REPORT,
            [
                ("launched", "uav", None, 75, {}),
                ("destroyed", "uav", None, 61, {}),
                ("hit", "uav", None, 12, {}),
            ],
        ),
        (
            "Противник атакував 30 ударними БпЛА типу Shahed з напрямку Брянськ. Збито 24 ворожі БпЛА типу Shahed.",
            [("launched", "uav", "shahed", 30, {}), ("destroyed", "uav", "shahed", 24, {})],
        ),
        (
            "Противник атакував Україну:\n– 3 балістичними ракетами Іскандер-М з Курської області;\n"
            "– 10 крилатими ракетами Х-101 з району Енгельса;\n– 40 ударними БпЛА.",
            [
                ("launched", "missile", "iskander-m", 3, {}),
                ("launched", "missile", "kh-101", 10, {}),
                ("launched", "uav", None, 40, {}),
            ],
        ),
        (
            "Збито 35 ворожих БпЛА, ще 12 БпЛА-імітаторів локаційно втрачено.",
            [("destroyed", "uav", None, 35, {}), ("suppressed", "uav", "decoy", 12, {})],
        ),
        (
            "Сили ППО збили над Полтавщиною 6 ворожих безпілотників.",
            [("destroyed", "uav", None, 6, {"UA-53": 6})],
        ),
        (
            "Над Київщиною (5) та Черкащиною (3) знешкоджено 8 ворожих БпЛА.",
            [("destroyed", "uav", None, 8, {"UA-32": 5, "UA-71": 3})],
        ),
        (
            "Уночі у Дніпропетровській області сили ППО знищили дев'ятнадцять ворожих дронів.",
            [("destroyed", "uav", None, 19, {"UA-12": 19})],
        ),
        (
            "Над Харківщиною збито 2 ракети та 11 ударних БпЛА.",
            [("destroyed", "missile", None, 2, {"UA-63": 2}), ("destroyed", "uav", None, 11, {"UA-63": 11})],
        ),
        (
            "Міноборони РФ заявило, що над Брянською та Курською областями знищено по 4 дрони.",
            [("destroyed", "uav", None, 8, {"RU-BRY": 4, "RU-KRS": 4})],
        ),
        ("Агенція уклала контракти на постачання 20 тисяч дронів-перехоплювачів.", []),
        ("Противник завдав 120 ударів по 18 населених пунктах області.", []),
    ],
)
def test_claims(text: str, want: list[tuple]) -> None:
    assert claims_of(text) == want


def test_air_force_report_shares_one_window_and_source() -> None:
    claims = extract_text(AIR_FORCE_REPORT, "uk", REF).claims
    assert {(c.window.start, c.window.end, c.window.date) for c in claims} == {
        ("2025-11-13T18:30:00+02:00", "2025-11-14T08:00:00+02:00", "2025-11-14")
    }
    assert {c.claimant.kind for c in claims} == {"air_force"}


def test_air_force_report_flags_and_locations() -> None:
    launched, destroyed, hit = extract_text(AIR_FORCE_REPORT, "uk", REF).claims
    assert "includes_suppressed" in destroyed.flags
    assert hit.locations == 5 and launched.locations is None


@pytest.mark.parametrize(
    "text, status",
    [
        (AIR_FORCE_REPORT, "pass"),
        ("Противник атакував 20 ударними БпЛА. Збито 15 ворожих БпЛА. Зафіксовано влучання 7 ударних БпЛА.", "fail"),
    ],
)
def test_launched_covers_outcomes(text: str, status: str) -> None:
    claims = extract_text(text, "uk", REF).claims
    assert {c.action for c in claims} == {"launched", "destroyed", "hit"}
    assert {next(k.status for k in c.checks if k.name == "launched_covers_outcomes") for c in claims} == {status}


@pytest.mark.parametrize(
    "text, total, bound",
    [
        ("Над Одещиною збито понад 50 ворожих БпЛА.", 50, "at_least"),
        ("Над Одещиною збито близько 30 ворожих БпЛА.", 30, "about"),
        ("Над Одещиною збито щонайменше 12 ворожих БпЛА.", 12, "at_least"),
        ("Над Одещиною збито двадцять два ворожі БпЛА.", 22, "exact"),
    ],
)
def test_bounds(text: str, total: int, bound: str) -> None:
    claim = only_claim(text)
    assert (claim.total, claim.total_bound) == (total, bound)


@pytest.mark.parametrize(
    "text, kind, person, region",
    [
        ("Олег Кіпер: сили ППО збили над Одещиною 9 дронів.", "governor", "Oleh Kiper", "UA-51"),
        ("Сумська ОВА: вночі сили ППО знищили над областю 4 ворожі БпЛА.", "official", None, "UA-59"),
        (
            "Протягом ночі сили ППО збили над областю 3 ворожі БпЛА.\n\nОлег Синєгубов",
            "governor",
            "Oleh Syniehubov",
            "UA-63",
        ),
        (
            "Голова Рівненської ОВА Олександр Коваль повідомив, що над областю збито 2 дрони.",
            "official",
            None,
            "UA-56",
        ),
        (
            "Мер міста Іван Гончаренко повідомив, що над містом збито 3 дрони.",
            "mayor",
            "Ivan Honcharenko",
            None,
        ),
    ],
)
def test_claimants(text: str, kind: str, person: str | None, region: str | None) -> None:
    claim = only_claim(text)
    assert (claim.claimant.kind, claim.claimant.person, claim.claimant.region) == (kind, person, region)


def test_launch_areas_are_not_regions() -> None:
    claims = extract_text(
        "Противник атакував 50 ударними БпЛА з напрямків Брянськ, Курськ і Приморсько-Ахтарськ.", "uk", REF
    ).claims
    assert [(c.action, c.total, c.regions) for c in claims] == [("launched", 50, ())]


@pytest.mark.parametrize(
    "text, kinds",
    [
        (
            "У Харкові пошкоджено склад, виникла пожежа. Постраждалих немає.",
            {("damage", "UA-63"), ("fire", "UA-63"), ("no_casualties", "UA-63")},
        ),
        ("У Сумах без світла залишилися близько 10 тисяч мешканців.", {("power_outage", "UA-59")}),
        ("Падіння уламків у Черкасах, без загоряння.", {("debris", "UA-71")}),
        ("Про постраждалих у Полтаві не повідомляється.", set()),
    ],
)
def test_impacts(text: str, kinds: set) -> None:
    assert {(i.kind, i.region) for i in extract_text(text, "uk", REF).impacts} == kinds


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("У Києві оголошено повітряну тривогу. Залишайтеся в укриттях.", {"air_raid_alert", "stay_indoors"}),
        ("У Києві закликали не ігнорувати сигнали повітряної тривоги.", set()),
    ],
)
def test_measures(text: str, kinds: set) -> None:
    assert {m.kind for m in extract_text(text, "uk", REF).measures} == kinds
