"""Which claims are one claim, and each document's role: parametrised over the shapes that matter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skyledger.reconcile.groups import Item, group
from skyledger.reconcile.intervals import Interval
from skyledger.reconcile.totals import DayTotal
from skyledger.store.reconciled_views import _over_classes

NIGHT = Interval(datetime(2026, 3, 14, 18, tzinfo=UTC), datetime(2026, 3, 15, 4, tzinfo=UTC), "approx")


def item(cid: str, total: int | None, hour: int | None, own: bool = True, regions=(), copy_of=None, interval=NIGHT):
    published = datetime(2026, 3, 15, hour, tzinfo=UTC) if hour is not None else None
    return Item(
        cid,
        f"d{cid}",
        published,
        "ministry:RU",
        "RU",
        "ministry",
        "destroyed",
        "uav",
        total,
        interval,
        "2026-03-15 night",
        own,
        copy_of,
        tuple(regions),
    )


def roles(items) -> list[list[tuple[str, str]]]:
    return [sorted((i.claim_id, role) for i, role in g.members) for g in group(items)]


@pytest.mark.parametrize(
    "items, expected, value",
    [
        # the post and two relays that agree: one claim
        (
            [item("a", 41, 4), item("b", 41, 5, own=False), item("c", 41, 6, own=False)],
            [[("a", "primary"), ("b", "relay"), ("c", "relay")]],
            (41, 41),
        ),
        # a relay that says 40: the same claim, both figures kept, the post's figure stands
        ([item("a", 41, 4), item("b", 40, 5, own=False)], [[("a", "primary"), ("b", "relay")]], (41, 41)),
        # a correction: the later own breakdown covers the earlier one, and its figure supersedes it
        (
            [item("a", 12, 6, regions=[("RU-BEL", 12)]), item("b", 14, 8, regions=[("RU-BEL", 12), ("RU-KRS", 2)])],
            [[("a", "superseded"), ("b", "primary")]],
            (14, 14),
        ),
        # another figure for the same window that covers less is another statement, not a correction
        (
            [item("a", 59, 4, regions=[("RU-BEL", 20), ("RU-KRS", 39)]), item("b", 1, 6, regions=[("RU-KRS", 1)])],
            [[("a", "primary")], [("b", "primary")]],
            (59, 59),
        ),
        # without breakdowns nothing says it is a correction: two statements, never one guessed away
        ([item("a", 12, 6), item("b", 14, 8)], [[("a", "primary")], [("b", "primary")]], (12, 12)),
        # a later own statement with no figure corrects nothing
        ([item("a", 41, 4), item("b", None, 5)], [[("a", "primary")], [("b", "primary")]], (41, 41)),
        # an own statement with no publication time does not break the order
        ([item("a", 41, None), item("b", 41, 5)], [[("a", "primary"), ("b", "primary")]], (41, 41)),
        # relays only, disagreeing: their range
        ([item("a", 40, 5, own=False), item("b", 41, 6, own=False)], [[("a", "relay"), ("b", "relay")]], (40, 41)),
        # a copy of an earlier text is a copy, not a relay
        (
            [item("a", 64, 5, own=False), item("b", 64, 7, own=False, copy_of="da")],
            [[("a", "relay"), ("b", "copy")]],
            (64, 64),
        ),
        # the same night over other regions (the Black Sea post): two claims, no correction
        (
            [item("a", 20, 4, regions=[("RU-BRY", 20)]), item("b", 5, 6, regions=[("SEA-BLACK", 5)])],
            [[("a", "primary")], [("b", "primary")]],
            None,
        ),
    ],
)
def test_group(items, expected, value):
    assert roles(items) == expected
    for order in (items, list(reversed(items))):
        assert roles(order) == expected  # the same whatever order the claims come in
    if value is not None:
        assert group(items)[0].value_range() == value


def test_a_mixed_figure_holds_the_classes_it_names():
    """'87 targets: 3 missiles and 84 drones' is 87, not 174."""
    totals = {
        "mixed": DayTotal("d", 87, 87, ["m"]),
        "missile": DayTotal("d", 3, 3, ["r"]),
        "uav": DayTotal("d", 84, 84, ["u"]),
    }
    row = _over_classes("d", totals)
    assert (row.low, row.high, row.flags) == (87, 87, ["mixed_and_classes"])
    assert _over_classes("d", {"uav": DayTotal("d", 84, 84), "missile": DayTotal("d", 3, 3)}).low == 87
