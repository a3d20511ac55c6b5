"""The Russian and Ukrainian gold sets: reports written for this project in the shapes of ministry
statements, Air Force reports, governors' and administrations' posts and news copy, hand-annotated."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.extract.helpers import score_set

GOLD = ROOT / "tests" / "gold"
LANGS = ["ru", "uk"]


@pytest.fixture(scope="module", params=LANGS)
def scored(request):
    scores, _ = score_set(GOLD / f"{request.param}.jsonl", GOLD / request.param)
    return request.param, scores


def test_set_is_large_enough(scored) -> None:
    lang, scores = scored
    reports = len((GOLD / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines())
    assert reports >= 40 and scores.totals.gold >= 50 and scores.regions.gold >= 60


@pytest.mark.parametrize("metric", ["totals", "regions"])
def test_f1_at_least_0_98(scored, metric: str) -> None:
    _, scores = scored
    assert getattr(scores, metric).f1 >= 0.98, scores.render()


@pytest.mark.parametrize("metric", ["windows", "dates", "claimants", "toward_moscow"])
def test_accuracy_at_least_0_95(scored, metric: str) -> None:
    _, scores = scored
    assert getattr(scores, metric).value >= 0.95, scores.render()


@pytest.mark.parametrize("metric", ["impacts", "measures"])
def test_impacts_and_measures_f1_at_least_0_95(scored, metric: str) -> None:
    _, scores = scored
    assert getattr(scores, metric).f1 >= 0.95, scores.render()
