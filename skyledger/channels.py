"""Which publications speak for a claimant: a channel, site or feed and the claimant behind it.

One table (``data/channels.csv``) serves two stages: the extractor names the claimant of an unsigned
post after the channel that published it, and reconciliation tells a claimant's own statement (a
primary claim) from an outlet restating it (a relay). Users add their own channels there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Channel:
    """A publication that speaks for one claimant."""

    origin: str
    kind: str
    name: str
    person: str | None
    region: str | None
    side: str | None


@cache
def channels() -> dict[str, Channel]:
    """The table, keyed by origin (lower case, as :func:`skyledger.model.origin` gives it)."""
    text = (resources.files("skyledger") / "data" / "channels.csv").read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines()):
        key = row["origin"].strip().lower()
        out[key] = Channel(
            key, row["kind"], row["name"], row["person"] or None, row["region"] or None, row["side"] or None
        )
    return out


def channel_of(origin: str) -> Channel | None:
    """The claimant publication ``origin`` is, if the table knows it.

    >>> channel_of("t.me/kpszsu").kind, channel_of("reuters") is None
    ('air_force', True)
    """
    return channels().get(origin.strip().lower())
