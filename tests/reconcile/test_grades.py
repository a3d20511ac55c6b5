"""Grades read what a period's groups show from an index (``grades.Shown``): for any period, each group
gets the grade of the plain definition, which compares it with every other group of the period."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from skyledger.reconcile.grades import Evidence, grade, shown, table

SIDES = [None, "RU", "UA"]
KINDS = ["ministry", "air_force", "governor", "outlet"]
CODES = ["RU-BEL", "RU-KRS", "UA-14", "SEA-BLACK"]

group_st = st.tuples(
    st.sampled_from(["ministry:RU", "air_force:UA", "governor:RU-BEL", "outlet:x", "outlet:y"]),
    st.sampled_from(SIDES),
    st.sampled_from(KINDS),
    st.frozensets(st.sampled_from(CODES), max_size=3),
    st.booleans(),  # own statement
    st.booleans(),  # has a figure
)


def plain(g: tuple, period: list[tuple], impacts: frozenset[str]) -> str:
    """The rules as data/grades.yaml states them, over every other claimant's group with a figure."""
    claimant, side, kind, regions, own, _ = g
    others = [o for o in period if o[5] and o[0] != claimant]
    rules = {
        "other_side": side is not None and any(o[1] not in (None, side) for o in others),
        "other_kind": bool(
            regions and (regions & impacts or any(o[1] == side and o[2] != kind and o[3] & regions for o in others))
        ),
        "own_statement": own,
        "relayed": True,
    }
    return next(name for name, rule in table() if rules[rule])


@settings(max_examples=300, deadline=None)
@given(st.lists(group_st, max_size=12), st.frozensets(st.sampled_from(CODES), max_size=2))
def test_indexed_grades_are_the_plain_definition(period: list[tuple], impacts: frozenset[str]) -> None:
    index = shown((c, s, k, r) for c, s, k, r, _, figured in period if figured)
    for g in period:
        claimant, side, kind, regions, own, _ = g
        e = Evidence(claimant, side, kind, own, regions, index, impacts)
        assert grade(e) == plain(g, period, impacts)


def test_a_claimant_does_not_corroborate_itself() -> None:
    """The ministry's two groups of one night, over two regions, grade each other nothing."""
    index = shown([("ministry:RU", "RU", "ministry", ["RU-BEL"]), ("ministry:RU", "RU", "ministry", ["RU-KRS"])])
    e = Evidence("ministry:RU", "RU", "ministry", True, frozenset({"RU-BEL"}), index, frozenset())
    assert grade(e) == "party_claim"
    governor = shown([("governor:RU-BEL", "RU", "governor", ["RU-BEL"])])
    assert grade(Evidence("ministry:RU", "RU", "ministry", True, frozenset({"RU-BEL"}), governor, frozenset())) == (
        "corroborated_other_kind"
    )
