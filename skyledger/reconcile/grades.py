"""Source grades (``data/grades.yaml``): whether a figure was claimed by a party, restated by media,
or spoken of by an independent source of another kind. A grade is never a verdict on truth.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Shown:
    """What the groups with a figure show in one attack period, indexed by what the rules ask: the
    claimants showing each side, and, per (side, region), the claimants of each kind naming it.

    Built once per period (:func:`shown`): a rule then looks up its own side and regions instead of
    comparing its group with every other group of the period, which on a dense ledger (hundreds of
    groups in a night) cost more than the rest of reconciliation."""

    sides: dict[str | None, frozenset[str]]
    regions: dict[tuple[str | None, str], dict[str, frozenset[str]]]


def shown(groups: Iterable[tuple[str, str | None, str, Iterable[str]]]) -> Shown:
    """:class:`Shown` of a period's groups with a figure, each as (claimant, side, kind, regions)."""
    sides: dict[str | None, set[str]] = defaultdict(set)
    regions: dict[tuple[str | None, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claimant, side, kind, codes in groups:
        sides[side].add(claimant)
        for code in codes:
            regions[(side, code)][kind].add(claimant)
    return Shown(
        {s: frozenset(by) for s, by in sides.items()},
        {key: {k: frozenset(by) for k, by in kinds.items()} for key, kinds in regions.items()},
    )


@dataclass(frozen=True)
class Evidence:
    """What is known of one group's attack period that a grade rule may use."""

    claimant: str
    side: str | None
    kind: str
    own: bool  # its own statement is among its documents
    regions: frozenset[str]
    shown: Shown  # what the period's groups with a figure show, its own among them
    impact_regions: frozenset[str]  # regions with impacts reported in the period

    def by_others(self, claimants: frozenset[str]) -> bool:
        """Whether anyone but this group's claimant is among ``claimants`` (never empty)."""
        return len(claimants) > 1 or self.claimant not in claimants


def _other_side(e: Evidence) -> bool:
    """Another claimant states a figure for the period on the other side."""
    return e.side is not None and any(s not in (None, e.side) and e.by_others(by) for s, by in e.shown.sides.items())


def _other_kind(e: Evidence) -> bool:
    """Impacts reported in a region the claim names, or another claimant of another kind on the
    same side naming one of its regions."""
    if not e.regions:
        return False
    if e.regions & e.impact_regions:
        return True
    return any(
        k != e.kind and e.by_others(by)
        for code in e.regions
        for k, by in e.shown.regions.get((e.side, code), {}).items()
    )


RULES: dict[str, Callable[[Evidence], bool]] = {
    "other_side": _other_side,
    "other_kind": _other_kind,
    "own_statement": lambda e: e.own,
    "relayed": lambda e: True,
}


@cache
def table() -> tuple[tuple[str, str], ...]:
    """(grade, rule) in the order they are tried; an unknown rule name is an error at load time."""
    data = yaml.safe_load((resources.files("skyledger") / "data" / "grades.yaml").read_text(encoding="utf-8"))
    out = tuple((g["grade"], g["rule"]) for g in data["grades"])
    unknown = [rule for _, rule in out if rule not in RULES]
    if unknown:
        raise ValueError(f"grades.yaml: unknown rule(s) {unknown}")
    return out


def grade(e: Evidence) -> str:
    """The first grade whose rule holds."""
    return next(g for g, rule in table() if RULES[rule](e))
