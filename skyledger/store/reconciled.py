"""Reconciliation in the ledger: after each document, redo only what it touches.

A document touches its near-duplicates (``reconcile.copies``), the buckets of its claims (same
claimant, action, weapon class and attack period; ``reconcile.groups``) and the grades of the
attack periods those buckets are in. Each is recomputed from every claim the ledger holds in it, so
the result does not depend on the order documents came in, and a ledger is never rebuilt whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, false, or_, select
from sqlalchemy.orm import Session

from skyledger.reconcile import copies
from skyledger.reconcile.claimants import claimant_key, is_own, side_of
from skyledger.reconcile.grades import Evidence, grade
from skyledger.reconcile.groups import Group, Item, group
from skyledger.reconcile.intervals import BEFORE_PUBLICATION, Interval, claim_interval, local_day, period, utc_iso
from skyledger.store import models as m

#: Where ``repo`` leaves the buckets of claims it deleted, for the next reconciliation to redo.
STALE = "skyledger_stale_buckets"


def document_period(published: str | None) -> str | None:
    """The attack period a report published at ``published`` speaks of: the hours before it."""
    if not published:
        return None
    moment = datetime.fromisoformat(published)
    return period(Interval(moment - BEFORE_PUBLICATION, moment, "published"))


def reconcile_documents(session: Session, doc_ids: Iterable[str]) -> None:
    """Bring copies, groups and grades up to date after ``doc_ids`` were stored (flushed, not committed)."""
    doc_ids = list(doc_ids)
    touched_docs = set(doc_ids)
    for doc_id in doc_ids:
        touched_docs |= _index_copies(session, doc_id)
    buckets: set[str] = set(session.info.pop(STALE, set()))
    items = _items(session, select(m.Claim).where(m.Claim.doc_id.in_(touched_docs)))
    buckets |= {i.bucket for i in items}
    buckets |= set(session.scalars(select(m.ClaimLink.bucket).where(m.ClaimLink.doc_id.in_(touched_docs))))
    periods = _regroup(session, buckets, items)
    periods |= {p for p in session.scalars(select(m.Document.period).where(m.Document.doc_id.in_(doc_ids))) if p}
    _grade(session, periods)


# --- copies -------------------------------------------------------------------------------------


def _index_copies(session: Session, doc_id: str) -> set[str]:
    """Store the document's signature and bands; return the documents whose copy status may change."""
    if session.get(m.DocumentSignature, doc_id) is None:
        doc = session.get_one(m.Document, doc_id)
        data = copies.to_bytes(copies.signature(doc.text))
        session.add(m.DocumentSignature(doc_id=doc_id, minhash=data))
        day = _day(doc)
        session.add_all(m.MinhashBand(doc_id=doc_id, band=b, key=k, day=day) for b, k in copies.bands(data))
        session.flush()
    found = _candidates(session, doc_id)
    _settle_copy(session, doc_id, found)
    for other in sorted(found):
        _settle_copy(session, other)
    return set(found)


def _candidates(session: Session, doc_id: str) -> dict[str, tuple[m.Document, float]]:
    """The documents this one may be a copy of or copied by, with their similarity: those sharing an
    LSH band, from another origin or with the same own id (see :func:`_copyable`), and similar
    enough; and every other version of the same post (same origin and message id), however edited."""
    doc = session.get_one(m.Document, doc_id)
    data = session.get_one(m.DocumentSignature, doc_id).minhash
    day = _day(doc)
    near = m.MinhashBand.day.in_(copies.near_days(day)) if day else m.MinhashBand.day.is_(None)
    shared = and_(or_(*(and_(m.MinhashBand.band == b, m.MinhashBand.key == k) for b, k in copies.bands(data))), near)
    own = doc.message_id or doc.url
    copyable = or_(
        m.Document.origin != doc.origin,
        m.Document.message_id == own if doc.message_id else m.Document.url == own if own else false(),
    )
    rows = session.execute(
        select(m.Document, m.DocumentSignature.minhash)
        .join(m.DocumentSignature, m.DocumentSignature.doc_id == m.Document.doc_id)
        .where(m.Document.doc_id.in_(select(m.MinhashBand.doc_id).where(shared)), m.Document.doc_id != doc_id)
        .where(copyable)
    )
    out = {}
    for other, minhash in rows:
        s = copies.similarity(data, minhash)
        if s >= copies.THRESHOLD and _copyable(other, doc):
            out[other.doc_id] = (other, s)
    if doc.message_id:  # the same post edited: one publication whatever was changed in it
        edits = session.execute(
            select(m.Document, m.DocumentSignature.minhash)
            .join(m.DocumentSignature, m.DocumentSignature.doc_id == m.Document.doc_id)
            .where(
                m.Document.origin == doc.origin, m.Document.message_id == doc.message_id, m.Document.doc_id != doc_id
            )
        )
        for other, minhash in edits:
            out[other.doc_id] = (other, copies.similarity(data, minhash))
    return out


def _day(doc: m.Document) -> str | None:
    """The UTC day a document was published, which bounds where its copies are looked for."""
    return _order(doc)[0][:10] if doc.published else None


def _order(doc: m.Document) -> tuple[str, str]:
    """Earliest publication first (in UTC, whatever offset each states), then by id."""
    return (utc_iso(doc.published) or "~", doc.doc_id)


def _copyable(a: m.Document, b: m.Document) -> bool:
    """A copy comes from another origin (syndication, a forward) or is the same post edited; a
    channel that repeats its own words in a new post has made a new report, not a copy."""
    if a.origin != b.origin:
        return True
    own_a, own_b = a.message_id or a.url, b.message_id or b.url
    return bool(own_a) and own_a == own_b


def _settle_copy(session: Session, doc_id: str, found: dict[str, tuple[m.Document, float]] | None = None) -> None:
    """A document is a copy of the earliest earlier document it copies, and is listed among its
    sources. ``found`` is its :func:`_candidates` when the caller has them already."""
    doc = session.get_one(m.Document, doc_id)
    stored = session.get_one(m.DocumentSignature, doc_id)
    found = _candidates(session, doc_id) if found is None else found
    earlier = [(o, s) for o, s in found.values() if _order(o) < _order(doc)]
    original = min(earlier, key=lambda p: _order(p[0]), default=None)
    new = (original[0].doc_id, original[1]) if original else (None, None)
    if (stored.copy_of, stored.similarity) == new:
        return
    session.execute(
        delete(m.ReportSource).where(m.ReportSource.relation == "copy", m.ReportSource.via_doc_id == doc_id)
    )
    stored.copy_of, stored.similarity = new
    seen = select(m.ReportSource.id).where(
        m.ReportSource.doc_id == (original[0].doc_id if original else None), m.ReportSource.source == doc.source
    )
    if original is not None and session.scalar(seen) is None:  # an edited post read from the same place
        session.add(
            m.ReportSource(
                doc_id=original[0].doc_id,
                source=doc.source,
                relation="copy",
                via_doc_id=doc_id,
                origin=doc.origin,
                url=doc.url,
                published=doc.published,
                first_seen=doc.ingested_at,
            )
        )
    session.flush()


# --- groups -------------------------------------------------------------------------------------


def _items(session: Session, claims_query: Any) -> list[Item]:
    """Reconciliation's view of the claims a query selects (claims with no time at all are left out)."""
    rows = session.execute(
        claims_query.with_only_columns(m.Claim.contract, m.Document, m.DocumentSignature.copy_of)
        .join(m.Document, m.Claim.doc_id == m.Document.doc_id)
        .outerjoin(m.DocumentSignature, m.DocumentSignature.doc_id == m.Document.doc_id)
    )
    out = []
    for contract, doc, copy_of in rows:
        item = make_item(contract, doc, copy_of)
        if item is not None:
            out.append(item)
    return out


def make_item(contract: dict[str, Any], doc: m.Document, copy_of: str | None) -> Item | None:
    """One claim as reconciliation sees it."""
    c = contract["claimant"]
    side = side_of(c, contract["regions"])
    interval = claim_interval(contract["window"], side, doc.published)
    if interval is None:
        return None
    origin = doc.origin or ""
    key = claimant_key(c, side, origin, doc.doc_id)
    return Item(
        claim_id=contract["id"],
        doc_id=doc.doc_id,
        published=datetime.fromisoformat(doc.published) if doc.published else None,
        claimant=key,
        side=side,
        kind=c["kind"],
        action=contract["action"],
        weapon=contract["weapon"],
        total=contract["total"],
        interval=interval,
        period=period(interval),
        own=is_own(key, side, origin) or "claimant_from_channel" in contract["flags"],
        copy_of=copy_of,
        regions=tuple((r["code"], r["count"]) for r in contract["regions"]),
    )


def _regroup(session: Session, buckets: set[str], fresh: list[Item]) -> set[str]:
    """Regroup every claim in ``buckets``: those linked there before, and ``fresh``, the claims of
    the documents just touched (already read); return the attack periods they are in."""
    if not buckets:
        return set()
    touched = {i.doc_id for i in fresh}
    ids = set(session.scalars(select(m.ClaimLink.claim_id).where(m.ClaimLink.bucket.in_(buckets))))
    session.execute(delete(m.ClaimLink).where(m.ClaimLink.bucket.in_(buckets)))
    session.execute(delete(m.ClaimGroup).where(m.ClaimGroup.bucket.in_(buckets)))
    others = select(m.Claim).where(m.Claim.claim_id.in_(ids), m.Claim.doc_id.not_in(touched))
    items = [i for i in [*fresh, *_items(session, others)] if i.bucket in buckets]
    by_bucket: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        by_bucket[i.bucket].append(i)
    periods = set()
    for bucket in sorted(by_bucket):
        for g in group(by_bucket[bucket]):
            _write_group(session, g)
            periods.add(g.lead.period)
    session.flush()
    return periods


def _write_group(session: Session, g: Group) -> None:
    lead = g.lead
    low, high = g.value_range()
    roles = [role for _, role in g.members]
    session.add(
        m.ClaimGroup(
            group_id=g.group_id,
            bucket=g.bucket,
            period=lead.period,
            claimant=lead.claimant,
            claimant_kind=lead.kind,
            side=lead.side,
            action=lead.action,
            weapon=lead.weapon,
            utc_start=lead.interval.start.isoformat(),
            utc_end=lead.interval.end.isoformat(),
            inferred=lead.interval.inferred,
            low=low,
            high=high,
            lead_claim_id=lead.claim_id,
            documents=len({i.doc_id for i, _ in g.members}),
            relays=roles.count("relay"),
            copies=roles.count("copy"),
            superseded=roles.count("superseded"),
            discrepancy=g.discrepancy,
            grade="relayed",
            flags=list(g.flags),
            regions=[list(r) for r in lead.regions],
        )
    )
    for item, role in g.members:
        session.add(
            m.ClaimLink(
                claim_id=item.claim_id,
                doc_id=item.doc_id,
                bucket=g.bucket,
                group_id=g.group_id,
                role=role,
                period=item.period,
                utc_start=item.interval.start.isoformat(),
                utc_end=item.interval.end.isoformat(),
                inferred=item.interval.inferred,
                local_day=local_day(item.interval.end, item.side),
            )
        )


# --- grades -------------------------------------------------------------------------------------


def _grade(session: Session, periods: set[str]) -> None:
    """Grade every group of the given attack periods against the others in the same period."""
    if not periods:
        return
    groups = list(session.scalars(select(m.ClaimGroup).where(m.ClaimGroup.period.in_(periods))))
    impacts: dict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(m.Document.period, m.Impact.region)
        .join(m.Impact, m.Impact.doc_id == m.Document.doc_id)
        .where(m.Document.period.in_(periods), m.Impact.region.is_not(None))
    )
    for p, region in rows:
        impacts[p].add(region)
    own = set(
        session.scalars(
            select(m.ClaimLink.group_id).where(m.ClaimLink.period.in_(periods), m.ClaimLink.role == "primary")
        )
    )
    for g in groups:
        others = tuple(
            (o.side, o.claimant_kind, frozenset(r[0] for r in o.regions))
            for o in groups
            if o.period == g.period and o.claimant != g.claimant and o.low is not None
        )
        g.grade = grade(
            Evidence(
                side=g.side,
                kind=g.claimant_kind,
                own=g.group_id in own,
                regions=frozenset(r[0] for r in g.regions),
                others=others,
                impact_regions=frozenset(impacts[g.period]),
            )
        )
    session.flush()
