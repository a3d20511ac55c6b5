"""Turn stored rows back into model values, so that the ledger can hand back what was put in.

``skyledger.contract`` only goes one way (values to JSON); this is the way back for what the store
keeps. The test is that ``extraction_to_dict`` of a rebuilt extraction equals that of the original.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from skyledger import model
from skyledger.store import models as rows


def span(value: list[int] | None) -> model.Span | None:
    """A JSON span back as a tuple.

    >>> span([3, 7]), span(None)
    ((3, 7), None)
    """
    return (int(value[0]), int(value[1])) if value is not None else None


def claim_from_dict(d: dict[str, Any]) -> model.Claim:
    """A claim from its contract dict (the ``claims.contract`` column).

    The contract folds the claimant's and the window's spans into ``spans``; they are put back on
    both, so that ``claim_to_dict`` gives the same dict again.
    """
    spans = {name: (int(s[0]), int(s[1])) for name, s in d["spans"].items()}
    c, w = d["claimant"], d["window"]
    return model.Claim(
        claimant=model.Claimant(
            kind=c["kind"],
            name=c["name"],
            person=c["person"],
            region=c["region"],
            side=c["side"],
            span=spans.get("claimant"),
        ),
        action=d["action"],
        weapon=d["weapon"],
        total=d["total"],
        weapon_detail=d["weapon_detail"],
        total_bound=d["total_bound"],
        regions=tuple(_region(r) for r in d["regions"]),
        regions_stated=d["regions_stated"],
        toward_moscow=d["toward_moscow"],
        window=model.Window(**w, span=spans.get("window")),
        hedged=d["hedged"],
        checks=tuple(model.Check(k["name"], k["status"], k["detail"]) for k in d["checks"]),
        flags=tuple(d["flags"]),
        spans=tuple(spans.items()),
        evidence=tuple((int(s[0]), int(s[1])) for s in d["evidence"]),
        locations=d.get("locations"),
    )


def _region(r: dict[str, Any]) -> model.RegionCount:
    return model.RegionCount(
        code=r["code"],
        name=r["name"],
        count=r["count"],
        span=span(r["span"]) or (0, 0),
        count_span=span(r["count_span"]),
        flags=tuple(r["flags"]),
    )


def report_from_row(doc: rows.Document) -> model.Report:
    """The report a document row was made from (``lang`` is the extraction's language)."""
    return model.Report(
        source=doc.source,
        text=doc.text,
        format=doc.format,
        doc_id=doc.doc_id,
        title=doc.title,
        url=doc.url,
        published=datetime.fromisoformat(doc.published) if doc.published else None,
        published_basis=doc.published_basis,
        channel=doc.channel,
        message_id=doc.message_id,
        lang=doc.lang,
        encoding=doc.encoding,
    )


def impact_from_row(i: rows.Impact) -> model.Impact:
    """An impact row back as a value."""
    return model.Impact(
        kind=i.kind,
        span=(i.span_start, i.span_end),
        region=i.region,
        place=i.place,
        places=tuple(i.places),
        people=i.people,
        count=i.count,
        date=i.date,
        flags=tuple(i.flags),
    )


def measure_from_row(m: rows.Measure) -> model.Measure:
    """A measure row back as a value."""
    return model.Measure(kind=m.kind, span=(m.span_start, m.span_end), region=m.region, by=m.by, flags=tuple(m.flags))


def extraction_from_contract(d: dict[str, Any], text: str, encoding: str | None = None) -> model.Extraction:
    """An extraction from its contract object and the report's text: how ``skyledger load`` takes in
    what the Spark engine wrote. ``extraction_to_dict`` of the result is ``d`` again."""
    report = model.Report(
        source=d["source"],
        text=text,
        format=d["format"],
        doc_id=d["doc_id"],
        title=d["title"],
        url=d["url"],
        published=datetime.fromisoformat(d["published"]) if d["published"] else None,
        published_basis=d["published_basis"],
        channel=d["channel"],
        message_id=d["message_id"],
        lang=d["lang"],
        encoding=d.get("encoding", encoding),
    )
    return model.Extraction(
        report=report,
        lang=d["lang"] or "",
        claims=tuple(claim_from_dict(c) for c in d["claims"]),
        impacts=tuple(_impact(i) for i in d["impacts"]),
        measures=tuple(
            model.Measure(
                kind=k["kind"], span=span(k["span"]) or (0, 0), region=k["region"], by=k["by"], flags=tuple(k["flags"])
            )
            for k in d["measures"]
        ),
        extractor_version=d["extractor_version"],
    )


def _impact(i: dict[str, Any]) -> model.Impact:
    return model.Impact(
        kind=i["kind"],
        span=span(i["span"]) or (0, 0),
        region=i["region"],
        place=i["place"],
        places=tuple(i["places"]),
        people=i["people"],
        count=i["count"],
        date=i["date"],
        flags=tuple(i["flags"]),
    )
