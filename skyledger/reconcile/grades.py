"""Source grades (``data/grades.yaml``): whether a figure was claimed by a party, restated by media,
or spoken of by an independent source of another kind. A grade is never a verdict on truth.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Evidence:
    """What is known of one group's attack period that a grade rule may use."""

    side: str | None
    kind: str
    own: bool  # its own statement is among its documents
    regions: frozenset[str]
    others: tuple[tuple[str | None, str, frozenset[str]], ...]  # (side, kind, regions) of other groups with a figure
    impact_regions: frozenset[str]  # regions with impacts reported in the period


RULES: dict[str, Callable[[Evidence], bool]] = {
    "other_side": lambda e: e.side is not None and any(s not in (None, e.side) for s, _, _ in e.others),
    "other_kind": lambda e: bool(
        e.regions
        and (e.regions & e.impact_regions or any(s == e.side and k != e.kind and r & e.regions for s, k, r in e.others))
    ),
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
