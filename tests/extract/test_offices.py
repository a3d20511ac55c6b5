"""One office, one name: a governor is the governor of a region, on that region's country's side,
except where a region has two administrations (data/contested.yaml)."""

from __future__ import annotations

from datetime import datetime

import pytest

from skyledger.extract import extract
from skyledger.model import Report


def claimant(text: str):
    report = Report(
        "t.txt", text, "text", published=datetime.fromisoformat("2025-01-15T19:00:00+03:00"), published_basis="source"
    )
    (claim,) = extract(report).claims
    return claim.claimant.kind, claim.claimant.name, claim.claimant.region, claim.claimant.side, claim.flags


@pytest.mark.parametrize(
    ("text", "kind", "name", "region", "side"),
    [
        (
            "Губернатор Белгородской области сообщил, что силы ПВО сбили 3 беспилотника.",
            "governor",
            "Governor of Belgorod Oblast",
            "RU-BEL",
            "RU",
        ),
        (
            "Air defences shot down 3 drones over the region, the Kursk governor said.",
            "governor",
            "Governor of Kursk Oblast",
            "RU-KRS",
            "RU",
        ),
        (
            "Губернатор Запорожской области сообщил, что силы ПВО сбили 3 беспилотника.",
            "governor",
            "Governor of Zaporizhzhia Oblast",
            "UA-23",
            None,
        ),
        (
            "Губернатор Севастополя сообщил, что силы ПВО сбили 3 беспилотника над Севастополем.",
            "governor",
            "Governor of Sevastopol",
            "UA-40",
            None,
        ),
        (
            "Air defences shot down 2 drones flying toward Moscow, Moscow Mayor Sergei Sobyanin said.",
            "mayor",
            "Mayor of Moscow",
            "RU-MOW",
            "RU",
        ),
    ],
)
def test_a_regional_office_has_one_name_and_its_regions_side(text, kind, name, region, side):
    assert claimant(text)[:4] == (kind, name, region, side)


def test_a_governor_named_without_a_region_takes_the_claims_one_region():
    kind, name, region, side, flags = claimant(
        "Bryansk: the governor reported 12 UAVs shot down over the Bryansk region."
    )
    assert (kind, name, region, side) == ("governor", "Governor of Bryansk Oblast", "RU-BRY", "RU")
    assert "office_from_regions" in flags
