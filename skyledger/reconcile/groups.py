"""Which claims are the same claim: a claimant's own statement, its relays, copies and corrections.

Claims are compared only within a *bucket*: the same claimant, action, weapon class and attack
period. Inside a bucket, claims whose windows agree (``intervals.matches``) and that speak of the same area
(:func:`same_area`) are one claim. Its
documents take roles:

* ``primary``: published by the claimant itself (``data/channels.csv``), or a claim an outlet makes
  in its own name;
* ``superseded``: an earlier primary of a later primary that states another figure for the same
  window: a correction; the history is kept, the figure is not counted;
* ``copy``: a document that is a near-duplicate of an earlier one from another origin (syndication,
  a forward);
* ``relay``: anyone else restating it ('the ministry said 41').

The grouping is a function of the set of claims alone (they are sorted before they are grouped),
so ingesting in any order, or one document at a time, gives the same groups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from skyledger.reconcile.intervals import Interval, matches, utc_iso


@dataclass(frozen=True)
class Item:
    """One extracted claim, as reconciliation needs it."""

    claim_id: str
    doc_id: str
    published: datetime | None
    claimant: str  # claimant key: 'ministry:RU', 'governor:RU-BEL'
    side: str | None
    kind: str
    action: str
    weapon: str
    total: int | None
    interval: Interval
    period: str
    own: bool  # published by the claimant itself, or the outlet's own claim
    copy_of: str | None = None  # the earlier document this one's text copies
    regions: tuple[tuple[str, int | None], ...] = ()

    @property
    def bucket(self) -> str:
        return "|".join((self.claimant, self.action, self.weapon, self.period))

    def stamp(self) -> str:
        """The publication time as a UTC ISO string ('~' when unknown, which sorts last)."""
        return (utc_iso(self.published.isoformat()) if self.published else None) or "~"

    def order(self) -> tuple:
        """Own statements first, then by publication, then by id: the order groups are built in."""
        return (not self.own, self.copy_of is not None, self.stamp(), self.claim_id)


@dataclass
class Group:
    """One claim as several documents carry it."""

    bucket: str
    members: list[tuple[Item, str]] = field(default_factory=list)  # (item, role)
    flags: list[str] = field(default_factory=list)

    @property
    def lead(self) -> Item:
        """The member whose figure the group stands for: the latest own statement with a figure,
        else the latest own statement, else the first relay."""
        current = sorted((i for i, role in self.members if role == "primary"), key=lambda i: (i.stamp(), i.claim_id))
        figured = [i for i in current if i.total is not None]
        return (figured or current or [self.members[0][0]])[-1]

    @property
    def group_id(self) -> str:
        first = min(i.claim_id for i, _ in self.members)
        return hashlib.sha256(f"{self.bucket}|{first}".encode()).hexdigest()[:16]

    def values(self) -> list[int]:
        """The distinct figures of the members still standing (not superseded), in order."""
        return sorted({i.total for i, role in self.members if role != "superseded" and i.total is not None})

    def value_range(self) -> tuple[int | None, int | None]:
        """The group's figure: the lead's when it has its own statement, else the relays' range."""
        lead = self.lead
        if any(role == "primary" for _, role in self.members) and lead.total is not None:
            return lead.total, lead.total
        values = self.values()
        return (values[0], values[-1]) if values else (None, None)

    @property
    def discrepancy(self) -> bool:
        return len(self.values()) > 1


def group(items: Iterable[Item]) -> list[Group]:
    """The groups of one bucket's claims (see the module doc)."""
    clusters: list[list[Item]] = []
    for item in sorted(items, key=Item.order):
        home = next((c for c in clusters if _joins(c, item)), None)
        if home is None:
            clusters.append([item])
        else:
            home.append(item)
    return [_roles(c) for c in clusters]


#: Intervals guessed from a publication time, not read from the text.
GUESSED = {"published", "open_start", "open_end"}


def _joins(cluster: list[Item], item: Item) -> bool:
    """Whether ``item`` is one more statement of the cluster's claim (see :func:`restates`)."""
    if not (matches(cluster[0].interval, item.interval) and same_area(cluster[0], item)):
        return False
    own = [i for i in cluster if i.own and i.copy_of is None]
    return not (item.own and item.copy_of is None) or all(restates(i, item) for i in own)


def restates(earlier: Item, later: Item) -> bool:
    """Whether a claimant's later statement for the same window repeats or corrects its earlier one:
    the same figure, or a breakdown that covers every region of the earlier one (12 over Belgorod,
    then 14: 12 over Belgorod and 2 over Kursk). Anything else is another statement (the night
    report's 59, then 1 more over one region), counted on its own, and the daily totals say where
    the two may overlap; a correction is never guessed.

    >>> from datetime import datetime, UTC
    >>> i = Interval(datetime(2026, 3, 14, 18, tzinfo=UTC), datetime(2026, 3, 15, 4, tzinfo=UTC))
    >>> kw = dict(doc_id="d", published=None, claimant="ministry:RU", side="RU", kind="ministry",
    ...           action="destroyed", weapon="uav", interval=i, period="p", own=True)
    >>> first = Item("a", total=12, regions=(("RU-BEL", 12),), **kw)
    >>> restates(first, Item("b", total=14, regions=(("RU-BEL", 12), ("RU-KRS", 2)), **kw))
    True
    >>> night = Item("c", total=59, regions=(("RU-BEL", 20), ("RU-KRS", 39)), **kw)
    >>> restates(night, Item("d", total=1, regions=(("RU-KRS", 1),), **kw))
    False
    """
    if earlier.total == later.total:
        return True
    if GUESSED & {earlier.interval.inferred, later.interval.inferred}:
        return False  # a window guessed from the publication time cannot show it is the same window
    before, after = {c for c, _ in earlier.regions}, {c for c, _ in later.regions}
    return bool(before) and before <= after


def same_area(a: Item, b: Item) -> bool:
    """Two figures for one window can be one claim only if they speak of the same area: breakdowns
    that share a region, or a figure with no breakdown. A ministry's night report over Bryansk and
    Kursk and its separate post over the Black Sea are two claims, and neither corrects the other.

    >>> from datetime import datetime, UTC
    >>> i = Interval(datetime(2026, 3, 14, 18, tzinfo=UTC), datetime(2026, 3, 15, 4, tzinfo=UTC))
    >>> kw = dict(doc_id="d", published=None, claimant="ministry:RU", side="RU", kind="ministry",
    ...           action="destroyed", weapon="uav", total=1, interval=i, period="p", own=True)
    >>> land = Item("a", regions=(("RU-BRY", 17), ("RU-KRS", 12)), **kw)
    >>> same_area(land, Item("b", regions=(("SEA-BLACK", 5),), **kw)), same_area(land, Item("c", **kw))
    (False, True)
    """
    if not a.regions or not b.regions:
        return True
    return bool({code for code, _ in a.regions} & {code for code, _ in b.regions})


def _roles(cluster: list[Item]) -> Group:
    """Give each member its role; an own statement corrected by a later one is superseded."""
    g = Group(cluster[0].bucket)
    own = sorted((i for i in cluster if i.own and i.copy_of is None), key=lambda i: (i.stamp(), i.claim_id))
    figured = [i for i in own if i.total is not None]
    latest = figured[-1] if figured else None  # a later statement with no figure corrects nothing
    for item in cluster:
        if item.own and item.copy_of is None:
            replaced = latest is not None and item.total is not None and item.total != latest.total
            role = "superseded" if replaced and item.stamp() < latest.stamp() else "primary"
        elif item.copy_of is not None:
            role = "copy"
        else:
            role = "relay"
        g.members.append((item, role))
    if any(role == "superseded" for _, role in g.members):
        g.flags.append("corrected")
    if g.discrepancy:
        g.flags.append("discrepancy")
    if not own:
        g.flags.append("no_primary")
    return g
