"""The scorer: how gold claims pair with predicted ones, and what a gold 'a|b' accepts."""

from __future__ import annotations

from typing import Any

import pytest

from skyledger.evaluate import accepts, score


@pytest.mark.parametrize(
    ("gold", "value", "ok"),
    [
        ("hit|launched", "hit", True),
        ("hit|launched", "launched", True),
        ("hit|launched", "destroyed", False),
        ("hit|launched", None, False),
        ("about|exact", "exact", True),
        ("iskander-m|kn-23", "kn-23", True),
        ("destroyed", "destroyed", True),
        ("destroyed", "destroyed|hit", False),  # only the gold offers readings
        (None, None, True),
        (None, "exact", False),
        (3, 3, True),
        (3, 4, False),
        (False, False, True),
        ("05-06|05-07", "05-07", True),
    ],
)
def test_a_gold_value_accepts_its_readings(gold: Any, value: Any, ok: bool) -> None:
    assert accepts(gold, value) is ok


def claim(action: str, total: int, **more: Any) -> dict[str, Any]:
    """A claim with the fields the scorer reads, a uav claim unless ``more`` says otherwise."""
    base = {"action": action, "weapon": "uav", "total": total, "regions": [], "window": {}, "claimant": {}}
    return {**base, **more}


def test_a_claim_pairs_through_the_golds_readings_of_action_and_bound() -> None:
    gold = claim("hit|launched", 2, total_bound="about|exact", regions={"UA-12": 2})
    pred = claim("launched", 2, total_bound="exact", regions=[{"code": "UA-12", "count": 2}])
    s = score([{"doc": "a.txt", "claims": [gold]}], [{"source": "/x/a.txt", "claims": [pred]}])
    assert (s.totals.tp, s.totals.pred, s.totals.gold) == (1, 1, 1)
    assert (s.regions.tp, s.regions.pred, s.regions.gold) == (1, 1, 1)
    assert (s.attributes.correct, s.attributes.total) == (1, 1)
    assert s.errors == []


def test_a_reading_the_gold_does_not_offer_is_a_miss_and_an_extra() -> None:
    gold = claim("hit|launched", 2)
    pred = claim("destroyed", 2)
    s = score([{"doc": "a.txt", "claims": [gold]}], [{"source": "a.txt", "claims": [pred]}])
    assert (s.totals.tp, s.totals.pred, s.totals.gold) == (0, 1, 1)
    assert s.errors == [
        "a: claim ('hit|launched', 'uav', 2) not found",
        "a: extra claim ('destroyed', 'uav', 2)",
    ]


def test_impact_kinds_and_dates_take_readings_too() -> None:
    gold = claim("destroyed", 5, date="05-06|05-07")
    pred = claim("destroyed", 5, window={"date": "2025-05-07"})
    row = {"doc": "a", "claims": [gold], "impacts": [{"kind": "fire|damage", "region": "UA-32"}]}
    s = score([row], [{"source": "a", "claims": [pred], "impacts": [{"kind": "damage", "region": "UA-32"}]}])
    assert (s.dates.correct, s.dates.total) == (1, 1)
    assert (s.impacts.tp, s.impacts.pred, s.impacts.gold) == (1, 1, 1)


def test_a_gold_claim_with_one_reading_is_paired_before_one_with_several() -> None:
    gold = [claim("hit|launched", 5), claim("launched", 5)]
    pred = [claim("launched", 5), claim("hit", 5)]
    s = score([{"doc": "a", "claims": gold}], [{"source": "a", "claims": pred}])
    assert (s.totals.tp, s.totals.pred, s.totals.gold) == (2, 2, 2)
