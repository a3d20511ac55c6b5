"""Reading and writing the ledger: plain functions that take a Session.

Writers never commit: the caller decides where a transaction ends (``skyledger.store.load`` commits
once per batch of documents). ``ingest_extraction`` is atomic on its own because it runs inside a SAVEPOINT, so
a document that fails half-way leaves nothing behind while the documents before it stay.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from skyledger.contract import claim_to_dict, extraction_to_dict
from skyledger.errors import NotFound
from skyledger.model import Extraction, Report, text_hash
from skyledger.reconcile.intervals import utc_iso
from skyledger.store import models as m
from skyledger.store.query import (
    DOCUMENT_COLUMNS,
    LINK_COLUMNS,
    ClaimQuery,
    claims_select,
    count_select,
    link_columns,
    needs_python,
    python_match,
)
from skyledger.store.rebuild import (
    claim_from_dict,
    impact_from_row,
    measure_from_row,
    report_from_row,
)
from skyledger.store.reconciled import STALE, document_period


def _now() -> datetime:
    return datetime.now(UTC)


def start_run(session: Session, extractor_version: str) -> int:
    """Record the start of an ingest and return its id (flushed, not committed)."""
    run = m.ExtractionRun(extractor_version=extractor_version, started_at=_now(), documents=0, failures=0)
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, documents: int, failures: int) -> None:
    """Record how an ingest ended."""
    run = session.get_one(m.ExtractionRun, run_id)
    run.finished_at, run.documents, run.failures = _now(), documents, failures
    session.flush()


def record_failure(session: Session, run_id: int | None, source: str, reason: str) -> None:
    """Keep a failure in the ledger, so that a batch's gaps can be audited later."""
    session.add(m.ReadFailure(run_id=run_id, source=source, reason=reason, at=_now()))
    session.flush()


def ingest_extraction(session: Session, x: Extraction, run_id: int | None) -> bool:
    """Store one document's extraction; return False if it was already stored by the same extractor.

    Keyed on ``doc_id`` (the hash of the normalised text) and ``extractor_version``: re-reading the same
    report changes nothing, while a new extractor replaces the document's claims, impacts and measures.
    Runs in a SAVEPOINT, so an error leaves no part of this document behind.
    """
    doc_id = x.report.doc_id
    with session.begin_nested():
        existing = session.get(m.Document, doc_id)
        if existing is not None and existing.extractor_version == x.extractor_version:
            _note_source(session, x.report)
            return False
        if existing is not None:
            _delete_contents(session, doc_id)
            _fill_document(existing, x, run_id)
        else:
            session.add(_fill_document(m.Document(doc_id=doc_id), x, run_id))
        session.flush()
        _note_source(session, x.report)
        _add_claims(session, x)
        _add_impacts_and_measures(session, x)
        session.flush()
    return True


def kept_date(session: Session, report: Report) -> str | None:
    """The date the ledger keeps for a report it already held, when this reading was given another
    one with ``--published``: that date is a fallback for reading relative dates, not part of the
    report's identity, so the first one stays (re-ingesting changes nothing) and the user is told."""
    stored = session.get(m.Document, report.doc_id)
    given = report.published.isoformat() if report.published else None
    if stored is None or report.published_basis != "cli" or stored.published == given:
        return None
    return stored.published


def note_known(session: Session, report: Report) -> int:
    """Record that a report the ledger already holds was read again (here, perhaps from another place)
    without extracting it again; return how many claims the ledger holds for it."""
    _note_source(session, report)
    return session.scalar(select(func.count()).select_from(m.Claim).where(m.Claim.doc_id == report.doc_id)) or 0


def stored_ids(session: Session, doc_ids: Iterable[str], version: str) -> set[str]:
    """Which of ``doc_ids`` the ledger holds as read by extractor ``version``: what a resumed batch
    can skip without extracting them again. One query per call."""
    wanted = list(set(doc_ids))
    if not wanted:
        return set()
    found = select(m.Document.doc_id).where(m.Document.doc_id.in_(wanted), m.Document.extractor_version == version)
    return set(session.scalars(found))


def _note_source(session: Session, r: Report) -> None:
    """Keep where this report was read, once per place, so that no provenance is dropped."""
    seen = select(m.ReportSource.id).where(m.ReportSource.doc_id == r.doc_id, m.ReportSource.source == r.source)
    if session.scalar(seen) is None:
        published = r.published.isoformat() if r.published else None
        session.add(
            m.ReportSource(
                doc_id=r.doc_id,
                source=r.source,
                relation="read",
                origin=r.origin,
                url=r.url,
                published=published,
                first_seen=_now(),
            )
        )
        session.flush()


def _fill_document(doc: m.Document, x: Extraction, run_id: int | None) -> m.Document:
    r = x.report
    doc.origin, doc.text_hash = r.origin, text_hash(r.text)
    doc.period = document_period(r.published.isoformat() if r.published else None)
    doc.source, doc.format, doc.title, doc.url = r.source, r.format, r.title, r.url
    doc.channel, doc.message_id, doc.lang = r.channel, r.message_id, x.lang
    doc.published = r.published.isoformat() if r.published else None
    doc.published_basis, doc.text, doc.encoding = r.published_basis, r.text, r.encoding
    doc.extractor_version, doc.ingested_at, doc.run_id = x.extractor_version, _now(), run_id
    return doc


def _delete_contents(session: Session, doc_id: str) -> None:
    """Remove what an older extractor found in a document, children first; the buckets its claims
    were reconciled in are left for the next reconciliation to redo."""
    stale = session.scalars(select(m.ClaimLink.bucket).where(m.ClaimLink.doc_id == doc_id))
    session.info.setdefault(STALE, set()).update(stale)
    claim_ids = select(m.Claim.claim_id).where(m.Claim.doc_id == doc_id)
    fetch = {"synchronize_session": "fetch"}
    session.execute(delete(m.EvidenceSpan).where(m.EvidenceSpan.claim_id.in_(claim_ids)), execution_options=fetch)
    session.execute(delete(m.ClaimRegion).where(m.ClaimRegion.claim_id.in_(claim_ids)), execution_options=fetch)
    session.execute(delete(m.ClaimLink).where(m.ClaimLink.doc_id == doc_id), execution_options=fetch)
    for table in (m.Claim, m.Impact, m.Measure):
        session.execute(delete(table).where(table.doc_id == doc_id), execution_options=fetch)


def _add_claims(session: Session, x: Extraction) -> None:
    doc_id, text = x.report.doc_id, x.report.text
    dicts = [claim_to_dict(claim, doc_id, n) for n, claim in enumerate(x.claims, 1)]
    session.add_all(_claim_row(d, doc_id, n) for n, d in enumerate(dicts, 1))
    session.flush()  # claims before the rows that point at them
    for d in dicts:
        session.add_all(_region_rows(d))
        session.add_all(
            m.EvidenceSpan(claim_id=d["id"], field=f, start=s, end=e, text=text[s:e]) for f, s, e in value_spans(d)
        )


def _claim_row(d: dict[str, Any], doc_id: str, n: int) -> m.Claim:
    c, w = d["claimant"], d["window"]
    return m.Claim(
        claim_id=d["id"],
        doc_id=doc_id,
        n=n,
        claimant_kind=c["kind"],
        claimant_name=c["name"],
        claimant_person=c["person"],
        claimant_region=c["region"],
        claimant_side=c["side"],
        action=d["action"],
        weapon=d["weapon"],
        weapon_detail=d["weapon_detail"],
        total=d["total"],
        total_bound=d["total_bound"],
        regions_stated=d["regions_stated"],
        toward_moscow=d["toward_moscow"],
        window_start=w["start"],
        window_end=w["end"],
        window_hours=w["hours"],
        window_date=w["date"],
        hedged=d["hedged"],
        flags=d["flags"],
        checks=d["checks"],
        contract=d,
    )


def _region_rows(d: dict[str, Any]) -> list[m.ClaimRegion]:
    return [
        m.ClaimRegion(
            claim_id=d["id"],
            code=r["code"],
            name=r["name"],
            count=r["count"],
            span_start=r["span"][0],
            span_end=r["span"][1],
            flags=r["flags"],
        )
        for r in d["regions"]
    ]


def value_spans(d: dict[str, Any]) -> list[tuple[str, int, int]]:
    """Every value span of a contract claim as ``(field, start, end)``: the named spans, then each region
    name as ``region:CODE`` and each region count as ``count:CODE``.

    >>> value_spans({"spans": {"total": [30, 31]}, "regions": [
    ...     {"code": "RU-KRS", "span": [50, 62], "count_span": None}]})
    [('total', 30, 31), ('region:RU-KRS', 50, 62)]
    """
    out = [(name, s[0], s[1]) for name, s in d["spans"].items()]
    for r in d["regions"]:
        if r["span"] is not None:
            out.append((f"region:{r['code']}", r["span"][0], r["span"][1]))
        if r["count_span"] is not None:
            out.append((f"count:{r['code']}", r["count_span"][0], r["count_span"][1]))
    return out


def _add_impacts_and_measures(session: Session, x: Extraction) -> None:
    doc_id = x.report.doc_id
    session.add_all(
        m.Impact(
            doc_id=doc_id,
            kind=i.kind,
            region=i.region,
            place=i.place,
            places=list(i.places),
            people=i.people,
            count=i.count,
            date=i.date,
            span_start=i.span[0],
            span_end=i.span[1],
            flags=list(i.flags),
        )
        for i in x.impacts
    )
    session.add_all(
        m.Measure(
            doc_id=doc_id,
            kind=k.kind,
            region=k.region,
            by=k.by,
            span_start=k.span[0],
            span_end=k.span[1],
            flags=list(k.flags),
        )
        for k in x.measures
    )


def ledger_stamp(session: Session) -> tuple[Any, ...]:
    """A cheap mark that changes when the ledger does: the last extraction run (every ingest starts
    one, and marks it finished) and the number of documents (which grows while a run goes on)."""
    last = session.execute(
        select(m.ExtractionRun.id, m.ExtractionRun.finished_at).order_by(m.ExtractionRun.id.desc()).limit(1)
    ).first()
    return (*(last or (None, None)), session.scalar(select(func.count()).select_from(m.Document)))


def count_claims(session: Session, q: ClaimQuery) -> int:
    """How many claims ``q`` selects, ignoring its limit and offset (for a page's total)."""
    whole = replace(q, limit=None, offset=0)
    if needs_python(session, whole):
        return sum(1 for _ in iter_claims(session, whole))
    return session.scalar(count_select(session, whole)) or 0


def list_claims(session: Session, query: ClaimQuery | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Claims a :class:`~skyledger.store.query.ClaimQuery` selects (or one built from ``filters``:
    ``action``, ``weapon``, ``region``, ``claimant_kind``, ``flag`` as single values, ``since``,
    ``until``, ``limit``), as :func:`iter_claims` gives them, newest first.
    """
    q = query or ClaimQuery(
        actions=_one(filters.get("action")),
        weapons=_one(filters.get("weapon")),
        regions=tuple(r.upper() for r in _one(filters.get("region"))),
        claimant_kinds=_one(filters.get("claimant_kind")),
        flags=_one(filters.get("flag")),
        since=_date(filters.get("since")),
        until=_date(filters.get("until")),
        limit=filters.get("limit"),
    )
    return list(iter_claims(session, q))


def iter_claims(session: Session, q: ClaimQuery, with_text: bool = False) -> Iterator[dict[str, Any]]:
    """The claims ``q`` selects, one at a time (an export of a million claims holds one): contract
    dicts plus their document's :data:`~skyledger.store.query.DOCUMENT_COLUMNS`, what reconciliation
    says of them (:func:`reconciled`) and, with ``with_text``, the document's ``text``."""
    rows: Iterable[Any] = session.execute(claims_select(session, q, with_text)).yield_per(500)
    if needs_python(session, q):
        stop = None if q.limit is None else q.offset + q.limit
        rows = itertools.islice((r for r in rows if python_match(q, r[-2], r[-1])), q.offset, stop)
    width = 1 + len(DOCUMENT_COLUMNS)
    for row in rows:
        claim = {**row[0], **dict(zip(DOCUMENT_COLUMNS, row[1:width], strict=True))}
        claim.update(reconciled(*row[width : width + len(LINK_COLUMNS)]))
        if with_text:
            claim["text"] = row[-1]
        yield claim


def _one(value: Any) -> tuple[str, ...]:
    return (value,) if value else ()


def _date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def reconciled(*values: str | None) -> dict[str, Any]:
    """What reconciliation says of a claim (:data:`~skyledger.store.query.LINK_COLUMNS`): the claim
    group it is one document of, its role there (``primary``, ``relay``, ``copy``, ``superseded``:
    only a group's figure counts), the attack period, the group's grade, the claimant's day the
    window ends on, and the window as a UTC interval with how it was reached (``inferred``: None when
    stated, see ``reconcile.intervals``); all None for a claim with no time to place it by."""
    return dict(zip(LINK_COLUMNS, values, strict=True))


def get_claim(session: Session, claim_id: str) -> dict[str, Any]:
    """One claim with its document's text and the text behind each of its values.

    Raises :class:`NotFound` (``no claim ID``) for an unknown id.
    """
    row = session.execute(
        select(m.Claim.contract, m.Document, *link_columns())
        .join(m.Document, m.Document.doc_id == m.Claim.doc_id)
        .outerjoin(m.ClaimLink, m.ClaimLink.claim_id == m.Claim.claim_id)
        .outerjoin(m.ClaimGroup, m.ClaimGroup.group_id == m.ClaimLink.group_id)
        .where(m.Claim.claim_id == claim_id)
    ).first()
    if row is None:
        raise NotFound(f"no claim {claim_id}")
    contract, doc, *placed = row
    spans = session.scalars(
        select(m.EvidenceSpan).where(m.EvidenceSpan.claim_id == claim_id).order_by(m.EvidenceSpan.id)
    )
    return {
        **contract,
        "doc_id": doc.doc_id,
        "source": doc.source,
        "published": doc.published,
        "published_basis": doc.published_basis,
        "title": doc.title,
        "url": doc.url,
        "channel": doc.channel,
        "lang": doc.lang,
        **reconciled(*placed),
        "extractor_version": doc.extractor_version,
        "text": doc.text,
        "values": [{"field": e.field, "start": e.start, "end": e.end, "text": e.text} for e in spans],
        "carried_by": carried_by(session, claim_id),
    }


def carried_by(session: Session, claim_id: str) -> list[dict[str, Any]]:
    """Every document that carries the same claim (its claim group), each with its role and figure,
    earliest first; empty for a claim reconciliation could not place in time."""
    group = select(m.ClaimLink.group_id).where(m.ClaimLink.claim_id == claim_id).scalar_subquery()
    rows = session.execute(
        select(m.ClaimLink.claim_id, m.ClaimLink.role, m.Claim.total, m.Document.source, m.Document.published)
        .join(m.Claim, m.Claim.claim_id == m.ClaimLink.claim_id)
        .join(m.Document, m.Document.doc_id == m.ClaimLink.doc_id)
        .where(m.ClaimLink.group_id == group)
    )
    out = [
        {"claim": c, "role": role, "total": total, "source": source, "published": published}
        for c, role, total, source, published in rows
    ]
    return sorted(out, key=lambda d: (utc_iso(d["published"]) or "~", d["claim"]))


def iter_extractions(session: Session) -> Iterator[Extraction]:
    """Every stored document as the extraction it was stored from, in ``doc_id`` order."""
    for doc in session.scalars(select(m.Document).order_by(m.Document.doc_id)):
        yield _extraction(session, doc)


def _extraction(session: Session, doc: m.Document) -> Extraction:
    """One stored document as the extraction it was stored from."""
    contracts = session.scalars(select(m.Claim.contract).where(m.Claim.doc_id == doc.doc_id).order_by(m.Claim.n))
    impacts = session.scalars(select(m.Impact).where(m.Impact.doc_id == doc.doc_id).order_by(m.Impact.id))
    measures = session.scalars(select(m.Measure).where(m.Measure.doc_id == doc.doc_id).order_by(m.Measure.id))
    return Extraction(
        report=report_from_row(doc),
        lang=doc.lang or "",
        claims=tuple(claim_from_dict(c) for c in contracts),
        impacts=tuple(impact_from_row(i) for i in impacts),
        measures=tuple(measure_from_row(k) for k in measures),
        extractor_version=doc.extractor_version,
    )


def get_document(session: Session, doc_id: str) -> dict[str, Any]:
    """One document as its contract object (``skyledger extract`` prints the same), with its text
    and where else it was read or copied. Raises :class:`NotFound` for an unknown id."""
    doc = session.get(m.Document, doc_id)
    if doc is None:
        raise NotFound(f"no document {doc_id}")
    sources = session.execute(
        select(m.ReportSource.source, m.ReportSource.relation, m.ReportSource.origin, m.ReportSource.url)
        .where(m.ReportSource.doc_id == doc_id)
        .order_by(m.ReportSource.id)
    )
    return {
        **extraction_to_dict(_extraction(session, doc)),
        "text": doc.text,
        "sources": [{"source": s, "relation": r, "origin": o, "url": u} for s, r, o, u in sources],
    }
