"""The English gold set: reports written for this project in the styles of real ones, hand-annotated."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.extract.helpers import score_set

GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def english():
    scores, _ = score_set(GOLD / "en.jsonl", GOLD / "en")
    return scores


def test_set_is_large_enough(english) -> None:
    assert english.totals.gold >= 70 and english.regions.gold >= 100


@pytest.mark.parametrize("metric", ["totals", "regions"])
def test_f1_at_least_0_98(english, metric: str) -> None:
    prf = getattr(english, metric)
    assert prf.f1 >= 0.98, english.render()


@pytest.mark.parametrize("metric", ["windows", "dates", "claimants", "toward_moscow", "attributes"])
def test_accuracy_at_least_0_95(english, metric: str) -> None:
    assert getattr(english, metric).value >= 0.95, english.render()


@pytest.mark.parametrize("metric", ["impacts", "measures"])
def test_impacts_and_measures_f1_at_least_0_95(english, metric: str) -> None:
    assert getattr(english, metric).f1 >= 0.95, english.render()
