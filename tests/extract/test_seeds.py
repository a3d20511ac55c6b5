"""The five seed reports the project started from, against their hand-made gold."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, SHARED
from tests.extract.helpers import differences, score_set, stable

SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.jsonl"
GOLDEN = ROOT / "tests" / "extract" / "golden" / "seeds.jsonl"

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside the repository")


@pytest.fixture(scope="module")
def seeds():
    return score_set(GOLD, SEEDS)


def test_every_total_region_window_and_claimant(seeds) -> None:
    scores, _ = seeds
    assert scores.totals.as_dict() | {} == {
        "tp": 10,
        "pred": 10,
        "gold": 10,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert (scores.regions.tp, scores.regions.pred, scores.regions.gold) == (32, 32, 32)
    assert (scores.windows.correct, scores.windows.total) == (10, 10)
    assert (scores.claimants.correct, scores.claimants.total) == (10, 10)
    assert (scores.toward_moscow.correct, scores.dates.correct, scores.dates.total) == (10, 6, 6)


def test_impacts_and_measure_found(seeds) -> None:
    scores, _ = seeds
    assert scores.impacts.recall == 1.0 and scores.impacts.precision == 1.0
    assert scores.measures.recall == 1.0


def test_whole_output_matches_golden_file(seeds, update_golden: bool) -> None:
    _, preds = seeds
    got = stable(preds)
    if update_golden:
        GOLDEN.write_text(
            "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in got), encoding="utf-8"
        )
    want = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert differences(want, got) == [], "run pytest --update-golden if the change is meant"
