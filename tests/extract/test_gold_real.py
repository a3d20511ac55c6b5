"""The real-text gold sets (tests/gold/REAL.md): ministry posts and Air Force tallies from
``../shared/corpora/``, annotated blind to the grammar and split into a development and a blind half.

The floors keep what has been won from slipping back; docs/evaluation.md gives the figures and the
goals. They are asserted on both halves, the blind half first.
"""

from __future__ import annotations

import pytest

from tests.extract import real

pytestmark = pytest.mark.skipif(
    not real.available(), reason=f"the shared corpora are not at {real.CORPORA} (CI has them beside the checkout)"
)

#: (set, half) -> (totals F1, (region, count) F1, per-weapon F1) the extractor must keep; None where a
#: set has nothing to score (the Air Force's infographics name no regions).
FLOORS = {
    ("mod", "blind"): (0.975, 0.97, 0.97),
    ("mod", "dev"): (0.98, 0.98, 0.97),
    ("uaf", "blind"): (0.99, None, 0.97),
    ("uaf", "dev"): (0.995, None, 0.99),
}


@pytest.fixture(scope="module")
def halves() -> dict:
    return {name: real.evaluate(name) for name in real.SETS}


@pytest.mark.parametrize("name,which", sorted(FLOORS, key=lambda k: (k[0], k[1] != "blind")))
def test_real_gold_floors(halves: dict, name: str, which: str) -> None:
    s = halves[name][which][0]
    totals, regions, weapons = FLOORS[name, which]
    report = real.summary(name, which, s)
    assert s.scores.totals.f1 >= totals, report
    assert regions is None or s.scores.regions.f1 >= regions, report
    assert s.weapons.f1 >= weapons, report


#: Claims the extractor may make on posts that hold none, per half: the goal, zero, is met on both.
NON_CLAIM_CEILING = {"mod": 0, "uaf": 0}


@pytest.mark.parametrize("name", sorted(real.SETS))
def test_claims_on_non_claim_posts(halves: dict, name: str) -> None:
    for which in ("blind", "dev"):
        s = halves[name][which][0]
        assert s.claims_on_non_claims <= NON_CLAIM_CEILING[name], real.summary(name, which, s)


def test_gold_rows_are_facts_only() -> None:
    """The gold files name documents by id and hold figures; no text of the corpora is copied."""
    for name in real.SETS:
        for line in (real.GOLD / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            assert '"text"' not in line
