"""The extract JSON contract: one object per document, stable for tools outside the project.

The shape is documented in docs/contract.md; ``CONTRACT_VERSION`` changes whenever a field's meaning
changes. Spans are ``[start, end)`` character offsets into the document's ``text`` as read.
"""

from __future__ import annotations

from typing import Any

from skyledger.model import Claim, Claimant, Extraction, Impact, Measure, RegionCount, Window, claim_id

CONTRACT_VERSION = "3"


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span is not None else None


def claimant_to_dict(c: Claimant) -> dict[str, Any]:
    """Claimant as JSON."""
    return {"kind": c.kind, "name": c.name, "person": c.person, "region": c.region, "side": c.side}


def region_to_dict(r: RegionCount) -> dict[str, Any]:
    """One breakdown line as JSON."""
    return {
        "code": r.code,
        "name": r.name,
        "count": r.count,
        "span": _span(r.span),
        "count_span": _span(r.count_span),
        "flags": list(r.flags),
    }


def window_to_dict(w: Window) -> dict[str, Any]:
    """Time window as JSON."""
    return {
        "start": w.start,
        "end": w.end,
        "hours": w.hours,
        "date": w.date,
        "tz": w.tz,
        "approx_start": w.approx_start,
        "approx_end": w.approx_end,
        "phrase": w.phrase,
        "basis": w.basis,
    }


def claim_to_dict(c: Claim, doc_id: str = "", index: int = 0) -> dict[str, Any]:
    """One claim as JSON, with every recorded span under ``spans``."""
    spans = {name: list(span) for name, span in c.spans}
    if c.claimant.span is not None:
        spans.setdefault("claimant", list(c.claimant.span))
    if c.window.span is not None:
        spans.setdefault("window", list(c.window.span))
    return {
        "id": claim_id(doc_id, index) if doc_id else None,
        "claimant": claimant_to_dict(c.claimant),
        "action": c.action,
        "weapon": c.weapon,
        "weapon_detail": c.weapon_detail,
        "total": c.total,
        "total_bound": c.total_bound,
        "regions": [region_to_dict(r) for r in c.regions],
        "regions_stated": c.regions_stated,
        "toward_moscow": c.toward_moscow,
        "window": window_to_dict(c.window),
        "hedged": c.hedged,
        "checks": [{"name": k.name, "status": k.status, "detail": k.detail} for k in c.checks],
        "flags": list(c.flags),
        "spans": spans,
        "evidence": [list(s) for s in c.evidence],
        "locations": c.locations,
    }


def impact_to_dict(i: Impact) -> dict[str, Any]:
    """One impact as JSON."""
    return {
        "kind": i.kind,
        "region": i.region,
        "place": i.place,
        "places": list(i.places),
        "people": i.people,
        "count": i.count,
        "date": i.date,
        "flags": list(i.flags),
        "span": _span(i.span),
    }


def measure_to_dict(m: Measure) -> dict[str, Any]:
    """One measure as JSON."""
    return {"kind": m.kind, "region": m.region, "by": m.by, "flags": list(m.flags), "span": _span(m.span)}


def extraction_to_dict(x: Extraction) -> dict[str, Any]:
    """The whole contract object for one document."""
    r = x.report
    return {
        "contract": CONTRACT_VERSION,
        "source": r.source,
        "doc_id": r.doc_id,
        "format": r.format,
        "lang": x.lang,
        "title": r.title,
        "url": r.url,
        "channel": r.channel,
        "message_id": r.message_id,
        "published": r.published.isoformat() if r.published else None,
        "published_basis": r.published_basis,
        "extractor_version": x.extractor_version,
        "claims": [claim_to_dict(c, r.doc_id, n) for n, c in enumerate(x.claims, 1)],
        "impacts": [impact_to_dict(i) for i in x.impacts],
        "measures": [measure_to_dict(m) for m in x.measures],
    }
