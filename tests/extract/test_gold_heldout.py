"""The held-out sets: reports written blind to the grammar, to measure it honestly.

They were scored once before any change was made for them (EN totals F1 0.603, regions 0.558;
RU 0.973 / 0.795; UK 0.810 / 0.848). Some general fixes they revealed have been made since, so they
are no longer fully blind; these floors keep what has been won from slipping back. They are not the
project's target: the misses they list (`skyledger eval`) are the work still to do.

The family sets (families_en, _ru, _uk, 14 reports each) hold news-style reports in the families of
real phrasing that issue 7 lists (the Air Force summary of 2025-26, 'N out of M', brackets and dashes,
the ministry's daily summary, claimants in wire copy, near-misses), by writers who had not seen the
grammar. First scores, before any change was made for them (totals / regions F1): families_en
0.935 / 0.941, families_ru 0.686 / 0.744, families_uk 0.768 / 0.714. They are development sets now.

The second held-out round (heldout2_en, _ru, _uk: 14, 12 and 12 reports, by writers who studied real
posts and wire copy and never saw the grammar) is split by file number: odd numbers are the
development half, whose misses were read and fixed by general rules; even numbers are the blind half,
scored only, its misses counted by class and never shown (docs/evaluation.md).

The third round (heldout3_en, _ru, _uk: 16, 14 and 14 reports) was written after the second round's
rules, by writers who saw only FORMAT.md and REAL.md, and is blind as a whole: it is scored, never
read, and no rule is made from it. Its first scores, with and without the second round's rules,
are in docs/evaluation.md; the floors below keep them.
"""

from __future__ import annotations

import pytest

from skyledger.evaluate import read_jsonl, score
from tests.conftest import ROOT
from tests.extract.helpers import predict, score_set

GOLD = ROOT / "tests" / "gold"
FLOORS = {
    "heldout_en": (0.87, 0.94),
    "heldout_ru": (0.97, 0.93),
    "heldout_uk": (0.88, 0.84),
    "families_en": (0.98, 0.99),
    "families_ru": (0.98, 0.98),
    "families_uk": (0.98, 0.97),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_scores_do_not_slip(name: str) -> None:
    scores, _ = score_set(GOLD / f"{name}.jsonl", GOLD / name)
    totals_floor, regions_floor = FLOORS[name]
    assert scores.totals.f1 >= totals_floor, scores.render()
    assert scores.regions.f1 >= regions_floor, scores.render()


#: (set, half) -> (totals F1, regions F1) floors; the half is 'blind' (even file numbers), 'dev' (odd)
#: or 'all' (a set that is blind as a whole)
HALVES = {
    ("heldout2_en", "blind"): (0.65, 0.76),
    ("heldout2_en", "dev"): (0.88, 0.88),
    ("heldout2_ru", "blind"): (0.70, 0.68),
    ("heldout2_ru", "dev"): (0.97, 0.95),
    ("heldout2_uk", "blind"): (0.79, 0.39),
    ("heldout2_uk", "dev"): (0.87, 0.85),
    ("heldout3_en", "all"): (0.83, 0.82),
    ("heldout3_ru", "all"): (0.89, 0.80),
    ("heldout3_uk", "all"): (0.78, 0.68),
}


@pytest.mark.parametrize(("name", "half"), sorted(HALVES))
def test_held_out_rounds_do_not_slip(name: str, half: str) -> None:
    """Scored by half; a failure names the figures only, so the blind half's misses stay unseen."""
    parity = {"blind": {0}, "dev": {1}, "all": {0, 1}}[half]
    gold = [g for g in read_jsonl(GOLD / f"{name}.jsonl", "gold") if int(g["doc"][:3]) % 2 in parity]
    s = score(gold, predict(GOLD / name, gold))
    totals, regions = s.totals.f1, s.regions.f1  # plain numbers: pytest shows nothing else of a blind set
    del s
    totals_floor, regions_floor = HALVES[name, half]
    assert totals >= totals_floor, f"{name} {half}: totals F1 {totals:.3f}"
    assert regions >= regions_floor, f"{name} {half}: regions F1 {regions:.3f}"
