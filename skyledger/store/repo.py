"""Reading and writing the ledger: plain functions that take a Session.

Writers never commit: the caller decides where a transaction ends (``skyledger.store.load`` commits
once per batch of documents). ``ingest_extraction`` is atomic on its own because it runs inside a SAVEPOINT, so
a document that fails half-way leaves nothing behind while the documents before it stay.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, exists, func, insert, literal_column, select, update
from sqlalchemy.orm import Session

from skyledger.contract import claim_to_dict, extraction_to_dict
from skyledger.errors import NotFound
from skyledger.model import Extraction, Impact, Measure, Report, text_hash
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
from skyledger.store.reconciled import STALE, STALE_PERIODS, document_period


def _now() -> datetime:
    return datetime.now(UTC)


def start_run(session: Session, extractor_version: str) -> int:
    """Record the start of an ingest and return its id (flushed, not committed)."""
    run = m.ExtractionRun(extractor_version=extractor_version, started_at=_now(), documents=0, failures=0)
    session.add(run)
    session.flush()
    return run.id


def note_progress(session: Session, run_id: int, documents: int, failures: int) -> None:
    """Count a run's documents as each batch is committed, so that the ledger's stamp moves with every
    batch, also one that only re-extracts documents the ledger holds (``ledger_stamp``)."""
    values = {"documents": documents, "failures": failures}
    session.execute(update(m.ExtractionRun).where(m.ExtractionRun.id == run_id).values(values))


def finish_run(session: Session, run_id: int, documents: int, failures: int) -> None:
    """Record how an ingest ended."""
    run = session.get_one(m.ExtractionRun, run_id)
    run.finished_at, run.documents, run.failures = _now(), documents, failures
    session.flush()


def record_failure(session: Session, run_id: int | None, source: str, reason: str) -> None:
    """Keep a failure in the ledger, so that a batch's gaps can be audited later."""
    _insert(session.connection(), m.ReadFailure, [{"run_id": run_id, "source": source, "reason": reason, "at": _now()}])


def ingest_extraction(session: Session, x: Extraction, run_id: int | None) -> bool:
    """Store one document's extraction; return False if it was already stored by the same extractor.

    Keyed on ``doc_id`` (the hash of the normalised text) and ``extractor_version``: re-reading the same
    report changes nothing, while a new extractor replaces the document's claims, impacts and measures.
    Runs in a SAVEPOINT, so an error leaves no part of this document behind. The rows go in with
    SQLAlchemy Core, a few statements per document (one per table it has rows in): building ORM
    objects and flushing them cost more than storing the rows.
    """
    doc_id = x.report.doc_id
    with session.begin_nested():
        conn = session.connection()
        stored = conn.scalar(select(m.Document.extractor_version).where(m.Document.doc_id == doc_id))
        if stored == x.extractor_version:
            _note_places(conn, [x.report])
            return False
        row = _document_row(x, run_id)
        if stored is not None:
            _delete_contents(session, doc_id)
            conn.execute(update(m.Document).where(m.Document.doc_id == doc_id).values(row))
            _note_places(conn, [x.report])
        else:
            conn.execute(insert(m.Document), [{"doc_id": doc_id, **row}])
            _add_source(conn, x.report)  # a new document has no sources yet
        _add_claims(session, x)
        _add_impacts_and_measures(session, x)
    return True


def ingest_extractions(session: Session, xs: Sequence[Extraction], run_id: int | None) -> list[bool] | None:
    """Store a batch of extractions as :func:`ingest_extraction` would one after the other, with one
    statement per table for the whole batch; return which were new.

    A statement per document and table cost more than the rows it stored, so the batch's rows go in
    together. Returns None, having stored nothing, when one of them would replace a document an
    older extractor read: that is :func:`ingest_extraction`'s work. Not atomic on its own: the
    caller runs it in a SAVEPOINT.
    """
    conn = session.connection()
    stored = select(m.Document.doc_id, m.Document.extractor_version)
    versions = {d: v for d, v in conn.execute(stored.where(m.Document.doc_id.in_({x.report.doc_id for x in xs})))}
    sources = _sources(conn, list(versions))
    rows: dict[type[m.Base], list[dict[str, Any]]] = {table: [] for table in _PARENTS_FIRST}
    new = []
    for x in xs:
        r = x.report
        if versions.setdefault(r.doc_id, x.extractor_version) != x.extractor_version:
            return None
        new.append(r.doc_id not in sources)
        if new[-1]:
            rows[m.Document].append({"doc_id": r.doc_id, **_document_row(x, run_id)})
            claims, regions, spans = _claim_rows(x)
            rows[m.Claim] += claims
            rows[m.ClaimRegion] += regions
            rows[m.EvidenceSpan] += spans
            rows[m.Impact] += _impact_rows(x)
            rows[m.Measure] += _measure_rows(x)
        if r.source not in sources.setdefault(r.doc_id, set()):
            sources[r.doc_id].add(r.source)
            rows[m.ReportSource].append(_source_row(r))
    for table, table_rows in rows.items():
        _insert(conn, table, table_rows)
    return new


#: The tables a document's rows go to, each after those its rows point at.
_PARENTS_FIRST = (m.Document, m.ReportSource, m.Claim, m.ClaimRegion, m.EvidenceSpan, m.Impact, m.Measure)


def _sources(conn: Connection, doc_ids: list[str]) -> dict[str, set[str]]:
    """Where each of these stored documents was read or copied from, as ``report_sources`` says."""
    out: dict[str, set[str]] = {d: set() for d in doc_ids}
    if doc_ids:
        found = select(m.ReportSource.doc_id, m.ReportSource.source).where(m.ReportSource.doc_id.in_(doc_ids))
        for doc_id, source in conn.execute(found):
            out[doc_id].add(source)
    return out


def kept_date(session: Session, report: Report) -> str | None:
    """The date the ledger keeps for a report it already held, when this reading was given another
    one with ``--published``: that date is a fallback for reading relative dates, not part of the
    report's identity, so the first one stays (re-ingesting changes nothing) and the user is told."""
    if report.published_basis != "cli":
        return None
    stored = session.execute(select(m.Document.published).where(m.Document.doc_id == report.doc_id)).first()
    given = report.published.isoformat() if report.published else None
    if stored is None or stored.published == given:
        return None
    return stored.published


def note_known(session: Session, reports: Sequence[Report]) -> dict[str, int]:
    """Record that reports the ledger already holds were read again (here, perhaps from another
    place) without extracting them again; return how many claims the ledger holds for each.

    Three statements for a whole batch (the places known, the new ones, the counts of claims): a
    resumed run passes over what it finished at the speed of reading, not at four or five
    statements a report."""
    ids = sorted({r.doc_id for r in reports})
    if not ids:
        return {}
    conn = session.connection()
    _note_places(conn, reports)
    counted = select(m.Claim.doc_id, func.count()).where(m.Claim.doc_id.in_(ids)).group_by(m.Claim.doc_id)
    claims = {doc_id: n for doc_id, n in conn.execute(counted)}
    return {doc_id: claims.get(doc_id, 0) for doc_id in ids}


def stored_ids(session: Session, doc_ids: Iterable[str], version: str) -> set[str]:
    """Which of ``doc_ids`` the ledger holds as read by extractor ``version``: what a resumed batch
    can skip without extracting them again. One query per call."""
    wanted = list(set(doc_ids))
    if not wanted:
        return set()
    found = select(m.Document.doc_id).where(m.Document.doc_id.in_(wanted), m.Document.extractor_version == version)
    return set(session.scalars(found))


def _insert(conn: Connection, table: type[m.Base], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in one statement (executemany); nothing when there are none."""
    if rows:
        conn.execute(insert(table), rows)


def _note_places(conn: Connection, reports: Sequence[Report]) -> None:
    """Keep where each report was read, once per place, so that no provenance is dropped: one
    query for the places known, one insert for the new ones, in the order read."""
    S = m.ReportSource
    ids = {r.doc_id for r in reports}
    seen = {(doc_id, source) for doc_id, source in conn.execute(select(S.doc_id, S.source).where(S.doc_id.in_(ids)))}
    rows = []
    for r in reports:  # compared as stored: the column keeps no NUL
        place = (r.doc_id, m.without_nul(r.source))
        if place not in seen:
            seen.add(place)
            rows.append(_source_row(r))
    _insert(conn, S, rows)


def _add_source(conn: Connection, r: Report) -> None:
    _insert(conn, m.ReportSource, [_source_row(r)])


def _source_row(r: Report) -> dict[str, Any]:
    """The ``report_sources`` row saying that report ``r`` was read where it was."""
    published = r.published.isoformat() if r.published else None
    row = {"doc_id": r.doc_id, "source": r.source, "relation": "read", "via_doc_id": None}
    return {**row, "origin": r.origin, "url": r.url, "published": published, "first_seen": _now()}


def _document_row(x: Extraction, run_id: int | None) -> dict[str, Any]:
    """A document's columns but its id."""
    r = x.report
    published = r.published.isoformat() if r.published else None
    return {
        "origin": r.origin,
        "text_hash": text_hash(r.text),
        "period": document_period(published),
        "source": r.source,
        "format": r.format,
        "title": r.title,
        "url": r.url,
        "channel": r.channel,
        "message_id": r.message_id,
        "lang": x.lang,
        "published": published,
        "published_basis": r.published_basis,
        "text": r.text,
        "encoding": r.encoding,
        "extractor_version": x.extractor_version,
        "ingested_at": _now(),
        "run_id": run_id,
    }


def _delete_contents(session: Session, doc_id: str) -> None:
    """Remove what an older extractor found in a document, children first; the buckets and groups
    its claims were reconciled in, and the period its impacts were graded in, are left for the next
    reconciliation to redo."""
    conn = session.connection()
    stale = conn.execute(select(m.ClaimLink.bucket, m.ClaimLink.group_id).where(m.ClaimLink.doc_id == doc_id))
    session.info.setdefault(STALE, set()).update(map(tuple, stale))
    impacted = exists().where(m.Impact.doc_id == doc_id)
    periods = select(m.Document.period).where(m.Document.doc_id == doc_id, m.Document.period.is_not(None), impacted)
    session.info.setdefault(STALE_PERIODS, set()).update(conn.scalars(periods))
    claim_ids = select(m.Claim.claim_id).where(m.Claim.doc_id == doc_id)
    conn.execute(delete(m.EvidenceSpan).where(m.EvidenceSpan.claim_id.in_(claim_ids)))
    conn.execute(delete(m.ClaimRegion).where(m.ClaimRegion.claim_id.in_(claim_ids)))
    conn.execute(delete(m.ClaimLink).where(m.ClaimLink.doc_id == doc_id))
    for table in (m.Claim, m.Impact, m.Measure):
        conn.execute(delete(table).where(table.doc_id == doc_id))


def _add_claims(session: Session, x: Extraction) -> None:
    """The document's claims, then their regions and value spans (one statement per table)."""
    conn = session.connection()
    for table, rows in zip((m.Claim, m.ClaimRegion, m.EvidenceSpan), _claim_rows(x), strict=True):
        _insert(conn, table, rows)


def _claim_rows(x: Extraction) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of a document's claims, of their regions and of their value spans."""
    doc_id, text = x.report.doc_id, x.report.text
    dicts = [claim_to_dict(claim, doc_id, n) for n, claim in enumerate(x.claims, 1)]
    claims = [_claim_row(d, doc_id, n) for n, d in enumerate(dicts, 1)]
    regions = [row for d in dicts for row in _region_rows(d)]
    spans = [
        {"claim_id": d["id"], "field": f, "start": s, "end": e, "text": text[s:e]}
        for d in dicts
        for f, s, e in value_spans(d)
    ]
    return claims, regions, spans


def _claim_row(d: dict[str, Any], doc_id: str, n: int) -> dict[str, Any]:
    c, w = d["claimant"], d["window"]
    return {
        "claim_id": d["id"],
        "doc_id": doc_id,
        "n": n,
        "claimant_kind": c["kind"],
        "claimant_name": c["name"],
        "claimant_person": c["person"],
        "claimant_region": c["region"],
        "claimant_side": c["side"],
        "action": d["action"],
        "weapon": d["weapon"],
        "weapon_detail": d["weapon_detail"],
        "total": d["total"],
        "total_bound": d["total_bound"],
        "regions_stated": d["regions_stated"],
        "toward_moscow": d["toward_moscow"],
        "window_start": w["start"],
        "window_end": w["end"],
        "window_hours": w["hours"],
        "window_date": w["date"],
        "hedged": d["hedged"],
        "flags": d["flags"],
        "checks": d["checks"],
        "contract": d,
    }


def _region_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "claim_id": d["id"],
            "code": r["code"],
            "name": r["name"],
            "count": r["count"],
            "span_start": r["span"][0],
            "span_end": r["span"][1],
            "flags": r["flags"],
        }
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
    """The document's impacts and measures, in the order the extractor gave them."""
    conn = session.connection()
    _insert(conn, m.Impact, _impact_rows(x))
    _insert(conn, m.Measure, _measure_rows(x))


#: The columns of an impact and of a measure besides their document, span and flags.
_IMPACT_COLUMNS = ("kind", "region", "place", "places", "people", "count", "date")
_MEASURE_COLUMNS = ("kind", "region", "by")


def _impact_rows(x: Extraction) -> list[dict[str, Any]]:
    return [_found_row(x, i, _IMPACT_COLUMNS) for i in x.impacts]


def _measure_rows(x: Extraction) -> list[dict[str, Any]]:
    return [_found_row(x, k, _MEASURE_COLUMNS) for k in x.measures]


def _found_row(x: Extraction, found: Impact | Measure, columns: tuple[str, ...]) -> dict[str, Any]:
    """The row of an impact or a measure of document ``x``: its ``columns`` (tuples as lists, as JSON
    gives them back), its span and its flags."""
    row: dict[str, Any] = {"doc_id": x.report.doc_id}
    for column in columns:
        value = getattr(found, column)
        row[column] = list(value) if isinstance(value, tuple) else value
    return {**row, "span_start": found.span[0], "span_end": found.span[1], "flags": list(found.flags)}


def ledger_stamp(session: Session) -> tuple[Any, ...]:
    """A cheap mark that changes when the ledger does: the last extraction run (every ingest starts
    one, and marks it finished) and how far the documents go (which grows while a run goes on), in
    one query, since the API asks for it on every request.

    The statement is built once per dialect and run through the session's connection (Core): building
    it and running it through the ORM cost 0.3 ms a request, the query itself a few microseconds."""
    stamp = _stamp_statement(session.get_bind().dialect.name)
    return tuple(session.connection().execute(stamp).one())


@functools.cache
def _stamp_statement(dialect: str) -> Select[Any]:
    """The stamp's one statement. On SQLite the documents' extent is their largest rowid: documents
    are never deleted, so it grows with every one stored, and it is one index lookup where
    ``count(*)`` reads the whole table (3 ms at 100,000 documents). Elsewhere it is their count."""
    run = m.ExtractionRun
    last = select(func.max(run.id)).scalar_subquery()
    if dialect == "sqlite":
        documents = select(func.max(literal_column("rowid"))).select_from(m.Document)
    else:
        documents = select(func.count()).select_from(m.Document)
    finished = select(run.finished_at).where(run.id == last).scalar_subquery()
    # the run's count of documents, which every committed batch advances (note_progress): a batch
    # that only re-extracts stored documents changes neither the run nor the documents' extent
    done = select(run.documents).where(run.id == last).scalar_subquery()
    return select(last, finished, done, documents.scalar_subquery())


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
