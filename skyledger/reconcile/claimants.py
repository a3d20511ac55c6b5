"""Who is the same claimant across documents and languages, and whose publication is its own."""

from __future__ import annotations

from typing import Any

from skyledger.channels import channel_of

#: Claimants that speak for a side: a missing side is read from where the claimed weapons fell.
SIDED = ("ministry", "air_force", "military")


def side_of(claimant: dict[str, Any], regions: list[dict[str, Any]]) -> str | None:
    """The claimant's side; for a ministry that the text does not name a country for ('the defence
    ministry said'), the country of the regions its breakdown names.

    >>> side_of({"kind": "ministry", "side": None}, [{"code": "RU-BRY"}])
    'RU'
    """
    if claimant.get("side"):
        return claimant["side"]
    if claimant.get("kind") in SIDED:
        countries = {r["code"].split("-")[0] for r in regions if r["code"][:3] in ("RU-", "UA-")}
        if len(countries) == 1:
            return countries.pop()
    region = claimant.get("region") or ""
    return region[:2] if region[:3] in ("RU-", "UA-") else None


def claimant_key(claimant: dict[str, Any], side: str | None, origin: str, doc_id: str) -> str:
    """One key per claimant, whatever language names it: 'ministry:RU', 'governor:RU-BEL'.

    An outlet's own claim is keyed by the outlet; a claimant the text does not name, by the
    document, so that it is never merged with anyone else's.

    >>> claimant_key({"kind": "ministry", "name": "Ministry of Defence"}, "RU", "reuters", "d1")
    'ministry:RU'
    >>> claimant_key({"kind": "unknown"}, None, "report.txt", "d1")
    'unknown:d1'
    """
    kind = claimant.get("kind") or "unknown"
    if kind in ("governor", "mayor"):
        return f"{kind}:{claimant.get('region') or claimant.get('person') or claimant.get('name') or doc_id}"
    if kind == "media":
        return f"{kind}:{origin}"
    if kind == "unknown" or (not side and not claimant.get("name")):
        return f"{kind}:{doc_id}"
    return f"{kind}:{side or claimant.get('name')}"


def is_own(key: str, side: str | None, origin: str) -> bool:
    """Whether a publication from ``origin`` is the claimant's own statement, not a relay of it.

    >>> is_own("ministry:RU", "RU", "t.me/mod_russia"), is_own("ministry:RU", "RU", "reuters")
    (True, False)
    """
    kind, _, rest = key.partition(":")
    if kind in ("media", "unknown"):
        return True
    channel = channel_of(origin)
    if channel is None or channel.kind != kind:
        return False
    return rest in (channel.region, channel.side, channel.name)
