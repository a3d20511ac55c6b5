"""English sentences and what the extractor must read from them, one table row each."""

from __future__ import annotations

from datetime import date

import pytest

from skyledger.extract import extract_text

REF = date(2025, 11, 14)


def claims_of(text: str) -> list[tuple]:
    """(action, weapon, total, {region: count}) of every claim, in order."""
    x = extract_text(text, "en", REF)
    return [(c.action, c.weapon, c.total, {r.code: r.count for r in c.regions}) for c in x.claims]


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "Air defence systems destroyed 3 Ukrainian drones over the Kursk region.",
            [("destroyed", "uav", 3, {"RU-KRS": 3})],
        ),
        (
            "A Ukrainian drone was shot down over the Belgorod region, the ministry said.",
            [("destroyed", "uav", 1, {"RU-BEL": 1})],
        ),
        (
            "Air defences intercepted and destroyed 22 Ukrainian UAVs: 8 over the Rostov region, 4 over Stavropol Krai, "
            "three each over the Oryol and Bryansk regions and two each over the Kursk and Belgorod regions.",
            [("destroyed", "uav", 22, {"RU-ROS": 8, "RU-STA": 4, "RU-ORL": 3, "RU-BRY": 3, "RU-KRS": 2, "RU-BEL": 2})],
        ),
        (
            "Russian air defences destroyed 12 drones overnight. Ten were downed over the Bryansk region and two over "
            "Tula and Kaluga.",
            [("destroyed", "uav", 12, {"RU-BRY": 10, "RU-TUL": 1, "RU-KLU": 1})],
        ),
        (
            "Russian air defences destroyed 14 drones overnight. Ten were downed over the Bryansk region and two over "
            "Tula and Kaluga.",
            [("destroyed", "uav", 14, {"RU-BRY": 10, "RU-TUL": 2, "RU-KLU": 2})],
        ),
        (
            "The ministry said 9 drones were destroyed: 5 over the Kursk region, 3 over the Bryansk region and one more "
            "over the Kursk region.",
            [("destroyed", "uav", 9, {"RU-KRS": 6, "RU-BRY": 3})],
        ),
        (
            "Seven drones were destroyed over the Sea of Azov and Crimea: four over the Sea of Azov and three over Crimea.",
            [("destroyed", "uav", 7, {"SEA-AZOV": 4, "UA-43": 3})],
        ),
        (
            "Two drones were shot down over the Black Sea, the ministry said.",
            [("destroyed", "uav", 2, {"SEA-BLACK": 2})],
        ),
        (
            "Russia launched 120 Shahed drones and four Iskander-M missiles at Ukraine overnight, the Air Force said.",
            [("launched", "uav", 120, {}), ("launched", "missile", 4, {})],
        ),
        (
            "Air defence shot down 60 of 85 Russian drones, the Air Force said.",
            [("destroyed", "uav", 60, {}), ("launched", "uav", 85, {})],
        ),
        ("Russia launched 40 drones from the Bryansk and Kursk regions.", [("launched", "uav", 40, {})]),
        (
            "Air defence shot down 48 drones, and 15 more were jammed by electronic warfare.",
            [("destroyed", "uav", 48, {}), ("suppressed", "uav", 15, {})],
        ),
        ("Hits by 23 drones were recorded at eight locations.", [("hit", "uav", 23, {})]),
        ("Two drones were downed over the Ryazhan region.", [("destroyed", "uav", 2, {"RU-RYA": 2})]),
        (
            "Nine UAVs were destroyed over Taganrog, Novoshakhtinsk and the Kamensky district.",
            [("destroyed", "uav", 9, {"RU-ROS": 9})],
        ),
        ("The governor said a drone attack was repelled; no one was hurt.", []),
        ("Organisers of a drone light show in Houston, Texas, said 1,200 drones took part.", []),
        ("The company exported 300 drones last year.", []),
        ("The city of Belgorod, home to about 340,000 people, lies 40 kilometres from the border.", []),
        ("Debris from a downed drone damaged a house in Shebekino.", []),
        ("One of those three drones reportedly evaded interception.", []),
        (
            "Air defences shot down 6 of the missiles and 21 of the drones, it said, adding that the remaining "
            "drones were locationally lost.",
            [("destroyed", "missile", 6, {}), ("destroyed", "uav", 21, {})],
        ),
        (
            "Air defences shot down both missiles and 38 of the drones, the Air Force said.",
            [("destroyed", "missile", 2, {}), ("destroyed", "uav", 38, {})],
        ),
    ],
)
def test_claims(text: str, want: list[tuple]) -> None:
    assert claims_of(text) == want


@pytest.mark.parametrize(
    "text, start, end, hours",
    [
        (
            "Air defences destroyed 5 drones between 11:20 pm on November 11 and 7:00 am on November 12.",
            "2025-11-11T23:20:00+03:00",
            "2025-11-12T07:00:00+03:00",
            None,
        ),
        (
            "The ministry said 5 drones were destroyed from 8:00 to 11:00 pm Moscow time on November 13 in a three-hour "
            "window.",
            "2025-11-13T20:00:00+03:00",
            "2025-11-13T23:00:00+03:00",
            3.0,
        ),
        (
            "The ministry said 4 drones were destroyed between 23:00 and 07:00 Moscow time on November 14.",
            "2025-11-13T23:00:00+03:00",
            "2025-11-14T07:00:00+03:00",
            None,
        ),
    ],
)
def test_windows(text: str, start: str, end: str, hours: float | None) -> None:
    (claim,) = extract_text(text, "en", REF).claims
    assert (claim.window.start, claim.window.end, claim.window.hours) == (start, end, hours)


def test_window_without_date_keeps_clock_times_and_says_so() -> None:
    (claim,) = extract_text("The ministry said 4 drones were destroyed from 20:00 to 23:00.", "en", None).claims
    assert (claim.window.start, claim.window.end) == ("20:00", "23:00")
    assert "date_unresolved" in claim.flags


def test_overnight_is_approximate_and_flagged() -> None:
    (claim,) = extract_text("Air defences destroyed 6 drones over the Kursk region overnight.", "en", REF).claims
    assert claim.window.start is None and claim.window.phrase == "overnight"
    assert claim.window.approx_start == "2025-11-13T21:00:00+03:00"
    assert {"vague_time", "relative_date"} <= set(claim.flags)


@pytest.mark.parametrize(
    "text, check, status",
    [
        (
            "Air defences destroyed 10 drones: 4 over the Kursk region and 5 over the Bryansk region.",
            "breakdown_sums_to_total",
            "fail",
        ),
        (
            "Air defences destroyed 9 drones: 4 over the Kursk region and 5 over the Bryansk region.",
            "breakdown_sums_to_total",
            "pass",
        ),
        (
            "Air defences destroyed 9 drones over two regions: 4 over the Kursk region and 5 over the Bryansk region.",
            "regions_match_stated",
            "pass",
        ),
        (
            "Air defences destroyed 9 drones over three regions: 4 over the Kursk region and 5 over the Bryansk region.",
            "regions_match_stated",
            "fail",
        ),
        (
            "Air defences destroyed 4 drones: two over Tula and Kaluga and one each over Kursk and Oryol.",
            "collective_distributive_resolved",
            "pass",
        ),
    ],
)
def test_checks(text: str, check: str, status: str) -> None:
    (claim,) = extract_text(text, "en", REF).claims
    assert {c.name: c.status for c in claim.checks}[check] == status


@pytest.mark.parametrize(
    "text, kind, person, region",
    [
        (
            "Governor Vasily Anokhin said air defence destroyed 3 drones over the region.",
            "governor",
            "Vasily Anokhin",
            "RU-SMO",
        ),
        (
            "Air defence forces repelled an attack by two drones flying toward Moscow, Mayor Sergey Sobyanin said.",
            "mayor",
            "Sergei Sobyanin",
            "RU-MOW",
        ),
        (
            "Russian air defences destroyed 98 drones, according to the Russian Ministry of Defence.",
            "ministry",
            None,
            None,
        ),
        ("Air defence destroyed 11 drones, Ukraine's Air Force said.", "air_force", None, None),
        ("Local Telegram channels reported that 6 drones were shot down over the Kursk region.", "media", None, None),
        ("Six drones were shot down over the Kursk region.", "unknown", None, None),
    ],
)
def test_claimants(text: str, kind: str, person: str | None, region: str | None) -> None:
    (claim,) = extract_text(text, "en", REF).claims
    assert (claim.claimant.kind, claim.claimant.person, claim.claimant.region) == (kind, person, region)


def test_toward_moscow_and_hedge() -> None:
    (claim,) = extract_text("Six drones heading toward Moscow were reportedly shot down.", "en", REF).claims
    assert claim.toward_moscow == 6 and claim.hedged


def test_approximate_total_keeps_its_bound() -> None:
    (claim,) = extract_text("Air defences destroyed more than 100 drones overnight.", "en", REF).claims
    assert (claim.total, claim.total_bound) == (100, "at_least")
    assert "approximate:at_least" in claim.flags


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Debris fell on a house in Shebekino, the Belgorod governor said.", {("debris", "RU-BEL")}),
        ("About 2,300 residents of the Bryansk region were left without electricity.", {("power_outage", "RU-BRY")}),
        (
            "A fire broke out at a warehouse in Novorossiysk. There were no casualties.",
            {("fire", "RU-KDA"), ("no_casualties", "RU-KDA")},
        ),
        ("Rosaviatsia said restrictions had been imposed at Kaluga and Sheremetyevo airports.", set()),
        ("A drone show in Texas caught fire.", set()),
    ],
)
def test_impacts(text: str, kinds: set) -> None:
    assert {(i.kind, i.region) for i in extract_text(text, "en", REF).impacts} == kinds


def test_measures_one_per_airport_region() -> None:
    x = extract_text("Rosaviatsia said restrictions had been imposed at Kaluga and Sheremetyevo airports.", "en", REF)
    assert {(m.kind, m.region) for m in x.measures} == {
        ("airport_restrictions", "RU-KLU"),
        ("airport_restrictions", "RU-MOS"),
    }


def test_a_denied_figure_is_kept_and_flagged() -> None:
    (claim,) = extract_text(
        "The ministry denied that 22 drones were destroyed over the Bryansk region.", "en", REF
    ).claims
    assert claim.total == 22 and "negated_claim" in claim.flags and claim.span("negation") is not None


def test_huge_digit_runs_and_clock_times_inside_numbers_are_not_read() -> None:
    assert (
        extract_text("Air defences shot down 99999999999999999999 drones over the Bryansk region.", "en").claims == ()
    )
    (claim,) = extract_text("The ministry said 4 drones were destroyed from 25:00 to 07:00.", "en", REF).claims
    assert claim.window.start is None


def test_a_stated_total_after_the_breakdown_is_the_total() -> None:
    text = "Air defences destroyed 12 drones over the Kursk and Bryansk regions, 6 each, a total of 12."
    (claim,) = extract_text(text, "en", REF).claims
    assert (claim.total, {r.code: r.count for r in claim.regions}) == (12, {"RU-KRS": 6, "RU-BRY": 6})


def test_late_weekday_night_is_the_night_after_that_day() -> None:
    text = "Late Tuesday night air defence systems intercepted four drones, Mayor Sergei Sobyanin said."
    (claim,) = extract_text(text, "en", date(2025, 11, 20)).claims
    assert (claim.window.approx_start, claim.window.approx_end) == (
        "2025-11-18T21:00:00+03:00",
        "2025-11-19T07:00:00+03:00",
    )
    assert claim.window.start is None and "relative_date" in claim.flags


def test_breakdown_with_an_uncounted_weapon_and_a_stated_total() -> None:
    text = (
        "Air defences destroyed drones overnight: 5 over the Bryansk region, 3 over the Kursk region and 2 over "
        "the Oryol region, a total of 10."
    )
    (claim,) = extract_text(text, "en", REF).claims
    assert (claim.total, {r.code: r.count for r in claim.regions}) == (10, {"RU-BRY": 5, "RU-KRS": 3, "RU-ORL": 2})
    assert {c.name: c.status for c in claim.checks}["breakdown_sums_to_total"] == "pass"
