"""Which zone a window's clock times are in: the one the text names, else the claimant's, by the date."""

from __future__ import annotations

from datetime import datetime

import pytest

from skyledger.extract import extract
from skyledger.model import Report

WINTER, SUMMER = "2025-01-15T19:00:00+02:00", "2025-07-15T19:00:00+03:00"


@pytest.mark.parametrize(
    ("text", "published", "start"),
    [
        # the claimant's zone, with the offset in force on the day
        (
            "Between 14:00 and 17:00, Ukrainian air defence shot down 12 drones, the Ukrainian Air Force said.",
            WINTER,
            "2025-01-15T14:00:00+02:00",
        ),
        (
            "Between 14:00 and 17:00, Ukrainian air defence shot down 12 drones, the Ukrainian Air Force said.",
            SUMMER,
            "2025-07-15T14:00:00+03:00",
        ),
        (
            "У період з 14:00 до 17:00 сили ППО збили 12 ударних БпЛА, повідомили в Повітряних силах ЗСУ.",
            WINTER,
            "2025-01-15T14:00:00+02:00",
        ),
        # the zone the text names wins over the claimant's
        (
            "Between 14:00 and 17:00 Moscow time, Ukrainian air defence shot down 12 drones, the Ukrainian Air Force said.",
            WINTER,
            "2025-01-15T14:00:00+03:00",
        ),
        (
            "Between 14:00 and 17:00 Kyiv time, air defence systems destroyed 12 Ukrainian drones over the Belgorod region, the Russian Defence Ministry said.",
            WINTER,
            "2025-01-15T14:00:00+02:00",
        ),
        (
            "С 14:00 до 17:00 по киевскому времени дежурными средствами ПВО уничтожены 12 украинских беспилотников над территорией Белгородской области.",
            WINTER,
            "2025-01-15T14:00:00+02:00",
        ),
        (
            "У період з 14:00 до 17:00 за московським часом сили ППО збили 12 ударних БпЛА, повідомили в Повітряних силах ЗСУ.",
            WINTER,
            "2025-01-15T14:00:00+03:00",
        ),
        (
            "В период с 14.00 до 17.00 мск дежурными средствами ПВО уничтожены 12 украинских беспилотников над территорией Белгородской области.",
            SUMMER,
            "2025-07-15T14:00:00+03:00",
        ),
    ],
)
def test_clock_times_are_in_the_zone_the_text_names_else_the_claimants(text, published, start):
    report = Report("t.txt", text, "text", published=datetime.fromisoformat(published), published_basis="source")
    (claim,) = extract(report).claims
    assert claim.window.start == start
    assert claim.window.tz == start[-6:]
    assert "tz_assumed" not in claim.flags
