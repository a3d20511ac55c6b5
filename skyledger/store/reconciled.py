"""Reconciliation in the ledger: after each batch of documents, redo only what it touches.

A document touches its near-duplicates (``reconcile.copies``), the buckets of its claims (same
claimant, action, weapon class and attack period; ``reconcile.groups``) and the grades of the
attack periods where a group or an impact changed. A bucket is regrouped from every claim the
ledger holds in it, and only the groups that changed are written; a period is graded from every
group and impact it holds; so the result does not depend on the order documents came in, and a
ledger is never rebuilt whole.

The work is done once per batch and with SQLAlchemy Core: a few set-based statements for the whole
batch (signatures, bands, claims, groups, links, grades), and one indexed lookup of LSH bands per
document. Rows are read as plain tuples, never as ORM objects, and only the columns each step needs.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from skyledger.parallel import chunked
from skyledger.reconcile import copies
from skyledger.reconcile.claimants import claimant_key, is_own, side_of
from skyledger.reconcile.grades import Evidence, grade, shown
from skyledger.reconcile.groups import Group, Item, group
from skyledger.reconcile.intervals import BEFORE_PUBLICATION, Interval, claim_interval, local_day, period, utc_iso
from skyledger.store import models as m

#: Where ``repo`` leaves the (bucket, group) of each claim it deleted, for the next reconciliation to redo.
STALE = "skyledger_stale_groups"
#: Where ``repo`` leaves the attack periods of the documents whose impacts it deleted, to grade again.
STALE_PERIODS = "skyledger_stale_periods"

D, Sig, Band = m.Document, m.DocumentSignature, m.MinhashBand
#: Values bound in one statement at most: the claims of a batch's buckets can pass SQLite's 32,766
#: parameters on a dense ledger.
BOUND = 10_000


def document_period(published: str | None) -> str | None:
    """The attack period a report published at ``published`` speaks of: the hours before it."""
    if not published:
        return None
    moment = datetime.fromisoformat(published)
    return period(Interval(moment - BEFORE_PUBLICATION, moment, "published"))


def reconcile_documents(
    session: Session, doc_ids: Iterable[str], signatures: Mapping[str, bytes] | None = None
) -> None:
    """Bring copies, groups and grades up to date after ``doc_ids`` were stored (flushed, not
    committed). ``signatures``: MinHash signatures already made of some of them (by the workers)."""
    conn = session.connection()
    doc_ids = list(dict.fromkeys(doc_ids))
    touched_docs = set(doc_ids) | _index_copies(conn, doc_ids, signatures or {})
    stale: set[tuple[str, str]] = session.info.pop(STALE, set())
    buckets = {bucket for bucket, _ in stale}
    items = _items(conn, m.Claim.doc_id.in_(touched_docs))
    buckets |= {i.bucket for i in items}
    buckets |= set(conn.scalars(select(m.ClaimLink.bucket).where(m.ClaimLink.doc_id.in_(touched_docs))))
    periods = _regroup(conn, buckets, items, {group_id for _, group_id in stale})
    # a grade reads the impacts of its period: those of new documents, and of documents read again
    impacted = select(D.period).where(D.doc_id.in_(doc_ids), D.doc_id.in_(select(m.Impact.doc_id)))
    periods |= {p for p in conn.scalars(impacted) if p} | session.info.pop(STALE_PERIODS, set())
    _grade(conn, periods)


# --- copies -------------------------------------------------------------------------------------


def _index_copies(conn: Connection, doc_ids: list[str], signatures: Mapping[str, bytes]) -> set[str]:
    """Store the documents' signatures and bands, then settle the copy status of each and of every
    later document it may now be the original of; return those other documents whose status changed.

    Every signature of the batch is stored before any lookup, so each document's candidates are
    found whole at once (a document stored one at a time would find the later ones only when they
    come, and be settled again then: the same end, with more queries).

    A document of the batch is settled from all its candidates. Another document can only gain
    candidates from the batch, so it is settled from its stored original and the documents of the
    batch it may copy: its status is still the earliest earlier document it copies among all those
    the ledger holds, without looking up its own bands again (in a cluster of k copies, that was k
    lookups of k documents each for every new one)."""
    _sign(conn, doc_ids, signatures)
    # A document read again may have moved (its time, its origin): those it was the original of are
    # settled again from all their candidates, as the batch is, or a copy could point at its own copy.
    dependents = sorted(set(conn.scalars(select(Sig.doc_id).where(Sig.copy_of.in_(doc_ids)))) - set(doc_ids))
    docs = _documents(conn, [*doc_ids, *dependents])
    similar = _similar(conn, docs)
    edits = _edits(conn, list(docs.values()))
    info = docs | _documents(conn, {o for d in docs for o in (*similar[d], *edits.get(d, ()))} - docs.keys())
    found = {d: _found(doc, similar[d], edits.get(d, ()), info) for d, doc in docs.items()}
    # The documents outside the batch that a document of the batch is an earlier candidate of.
    later: dict[str, dict[str, tuple[Row[Any], float]]] = defaultdict(dict)
    for d, doc in docs.items():
        for o, s in similar[d].items():
            other = info.get(o)
            if o in docs or other is None or not _order(doc) < _order(other):
                continue
            if _looked_for(doc, other) and _copyable(doc, other):
                later[o][d] = (doc, s)
        for o in edits.get(d, ()):
            if o not in docs and o in info and _order(doc) < _order(info[o]):
                later[o][d] = (doc, copies.similarity(info[o].minhash, doc.minhash))
    stored = {o: (info[o].copy_of, info[o].similarity) for o in later}
    originals = _documents(conn, {c for c, _ in stored.values() if c} - info.keys())
    state = {d: (row.copy_of, row.similarity) for d, row in docs.items()} | stored
    before = dict(state)
    for doc_id in [*doc_ids, *dependents]:
        _settle_copy(conn, docs[doc_id], found[doc_id], state)
    known = info | originals
    for o in sorted(later):
        was, s = stored[o]
        keep = {was: (known[was], s)} if was in known else {}
        _settle_copy(conn, info[o], keep | later[o], state)
    return {o for o in [*later, *dependents] if state[o] != before[o]}


def _sign(conn: Connection, doc_ids: list[str], made: Mapping[str, bytes]) -> None:
    """Store the MinHash signature and LSH bands of each document that has none yet: the one
    ``made`` holds for it, else one made here of its stored text (the same)."""
    signed = set(conn.scalars(select(Sig.doc_id).where(Sig.doc_id.in_(doc_ids))))
    unsigned = [d for d in doc_ids if d not in signed]
    if not unsigned:
        return
    dates = _by_document(conn, D.published, unsigned)
    texts = _by_document(conn, D.text, [d for d in unsigned if d not in made])  # read only where needed
    signatures, bands = [], []
    for doc_id in unsigned:
        data = made[doc_id] if doc_id in made else copies.to_bytes(copies.signature(texts[doc_id]))
        signatures.append({"doc_id": doc_id, "minhash": data, "copy_of": None, "similarity": None})
        day = _day(dates[doc_id])
        bands.extend({"doc_id": doc_id, "band": b, "key": k, "day": day} for b, k in copies.bands(data))
    conn.execute(insert(Sig), signatures)
    conn.execute(insert(Band), bands)


def _by_document(conn: Connection, column: Any, doc_ids: list[str]) -> dict[str, Any]:
    """One column of each of ``doc_ids``, by document."""
    if not doc_ids:
        return {}
    return {doc_id: value for doc_id, value in conn.execute(select(D.doc_id, column).where(D.doc_id.in_(doc_ids)))}


def _documents(conn: Connection, doc_ids: Iterable[str]) -> dict[str, Row[Any]]:
    """What finding and settling copies reads of each document, with its signature and copy status."""
    wanted = list(doc_ids)
    if not wanted:
        return {}
    rows = conn.execute(
        select(
            D.doc_id,
            D.origin,
            D.message_id,
            D.url,
            D.published,
            D.source,
            D.ingested_at,
            Sig.minhash,
            Sig.copy_of,
            Sig.similarity,
        )
        .join(Sig, Sig.doc_id == D.doc_id)
        .where(D.doc_id.in_(wanted))
    )
    return {row.doc_id: row for row in rows}


def _found(
    doc: Row[Any], similar: dict[str, float], edits: Iterable[str], info: dict[str, Row[Any]]
) -> dict[str, tuple[Row[Any], float]]:
    """The documents ``doc`` may be a copy of or copied by, with their similarity: those sharing an
    LSH band and similar enough (``similar``), from another origin or with the same own id (see
    :func:`_copyable`); and every other version of the same post (``edits``), however edited."""
    found = {}
    for other in (info[o] for o in sorted(similar) if o in info):
        if _looked_for(other, doc) and _copyable(other, doc):
            found[other.doc_id] = (other, similar[other.doc_id])
    for other in (info[o] for o in edits if o in info):  # the same post edited
        found[other.doc_id] = (other, copies.similarity(doc.minhash, other.minhash))
    return found


def _similar(conn: Connection, docs: dict[str, Row[Any]]) -> dict[str, dict[str, float]]:
    """For each document, the others sharing an LSH band with it, published within
    ``copies.NEAR_DAYS`` of it (undated ones: among the undated), whose similarity reaches
    ``copies.THRESHOLD``; with that similarity.

    One statement per document reads each neighbour once, with its signature only: neighbours that
    share a band key are many where documents repeat a template (thousands for one key in a
    generated corpus of 70,000), and almost none is similar enough, so the documents themselves are
    read only for the few that are (:func:`_documents`)."""
    out = {}
    for d, doc in docs.items():
        day = _day(doc.published)
        params: dict[str, Any] = {f"k{b}": k for b, k in copies.bands(doc.minhash)}
        if day:
            params["first"], params["last"] = copies.day_range(day)
        rows = conn.execute(_band_lookup(bool(day)), params).all()
        sims = copies.similarities(doc.minhash, [bytes(minhash) for _, minhash in rows])
        out[d] = {o: s for (o, _), s in zip(rows, sims, strict=True) if s >= copies.THRESHOLD and o != d}
    return out


@functools.cache
def _band_lookup(dated: bool) -> Select[Any]:
    """The band lookup as one statement with bound keys, built once (building it per document cost
    more than running it): the signature of each document sharing a band key within the days (a
    range of the band index), each document once."""
    near = Band.day.between(bindparam("first"), bindparam("last")) if dated else Band.day.is_(None)
    # The days in each term, so that each is one range of the index (band, key, day).
    shared = or_(*(and_(Band.band == b, Band.key == bindparam(f"k{b}"), near) for b in range(copies.BANDS)))
    return select(Sig.doc_id, Sig.minhash).where(Sig.doc_id.in_(select(Band.doc_id).where(shared)))


def _edits(conn: Connection, docs: list[Row[Any]]) -> dict[str, list[str]]:
    """For each document with a message id, the other signed documents of the same origin and
    message id: the same post, edited."""
    posted = [d for d in docs if d.message_id]
    if not posted:
        return {}
    ids = sorted({d.message_id for d in posted})
    origins = {d.origin for d in posted}
    named = sorted(o for o in origins if o is not None)
    wheres = [D.origin.in_(named)] if named else []
    wheres += [D.origin.is_(None)] if None in origins else []
    same: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for where in wheres:
        rows = conn.execute(
            select(D.doc_id, D.origin, D.message_id)
            .join(Sig, Sig.doc_id == D.doc_id)
            .where(where, D.message_id.in_(ids))
            .order_by(D.doc_id)
        )
        for doc_id, origin, message_id in rows:
            same[(origin, message_id)].append(doc_id)
    return {d.doc_id: [o for o in same[(d.origin, d.message_id)] if o != d.doc_id] for d in posted}


def _day(published: str | None) -> str | None:
    """The UTC day a document was published, which bounds where its copies are looked for."""
    return (utc_iso(published) or "~")[:10] if published else None


def _order(doc: Any) -> tuple[str, str]:
    """Earliest publication first (in UTC, whatever offset each states), then by id."""
    return (utc_iso(doc.published) or "~", doc.doc_id)


def _looked_for(other: Any, doc: Any) -> bool:
    """Whether a band lookup for ``doc`` keeps ``other``: from another origin, or with the same own id
    (its message id, else its URL). SQL's rule, NULL included: a NULL never compares equal or unequal."""
    if other.origin is not None and (doc.origin is None or other.origin != doc.origin):
        return True
    if doc.message_id:
        return other.message_id == doc.message_id
    own = doc.url
    return bool(own) and other.url == own


def _copyable(a: Any, b: Any) -> bool:
    """A copy comes from another origin (syndication, a forward) or is the same post edited; a
    channel that repeats its own words in a new post has made a new report, not a copy."""
    if a.origin != b.origin:
        return True
    own_a, own_b = a.message_id or a.url, b.message_id or b.url
    return bool(own_a) and own_a == own_b


def _settle_copy(
    conn: Connection,
    doc: Row[Any],
    found: dict[str, tuple[Row[Any], float]],
    state: dict[str, tuple[str | None, float | None]],
) -> None:
    """A document is a copy of the earliest earlier document it copies, and is listed among its
    sources. ``found`` is its :func:`_found`; ``state`` holds each document's stored
    ``(copy_of, similarity)`` and is kept up to date."""
    earlier = [(o, s) for o, s in found.values() if _order(o) < _order(doc)]
    original = min(earlier, key=lambda p: _order(p[0]), default=None)
    new = (original[0].doc_id, original[1]) if original else (None, None)
    if state[doc.doc_id] == new:
        return
    state[doc.doc_id] = new
    conn.execute(
        delete(m.ReportSource).where(m.ReportSource.relation == "copy", m.ReportSource.via_doc_id == doc.doc_id)
    )
    conn.execute(update(Sig).where(Sig.doc_id == doc.doc_id).values(copy_of=new[0], similarity=new[1]))
    if original is None:
        return
    seen = select(m.ReportSource.id).where(m.ReportSource.doc_id == new[0], m.ReportSource.source == doc.source)
    if conn.scalar(seen) is None:  # an edited post read from the same place has its row already
        row = {"doc_id": new[0], "source": doc.source, "relation": "copy", "via_doc_id": doc.doc_id}
        row |= {"origin": doc.origin, "url": doc.url, "published": doc.published, "first_seen": doc.ingested_at}
        conn.execute(insert(m.ReportSource), [row])


# --- groups -------------------------------------------------------------------------------------


def _items(conn: Connection, *where: Any) -> list[Item]:
    """Reconciliation's view of the claims ``where`` selects (claims with no time at all are left out)."""
    rows = conn.execute(
        select(m.Claim.contract, D.doc_id, D.origin, D.published, Sig.copy_of)
        .join(D, m.Claim.doc_id == D.doc_id)
        .outerjoin(Sig, Sig.doc_id == D.doc_id)
        .where(*where)
    )
    out = []
    for row in rows:
        item = make_item(row.contract, row, row.copy_of)
        if item is not None:
            out.append(item)
    return out


def make_item(contract: dict[str, Any], doc: Any, copy_of: str | None) -> Item | None:
    """One claim as reconciliation sees it; ``doc`` is its document, or a row with the document's
    ``doc_id``, ``origin`` and ``published``."""
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


def _regroup(conn: Connection, buckets: set[str], fresh: list[Item], stale: set[str]) -> set[str]:
    """Regroup every claim in ``buckets``: those linked there before, and ``fresh``, the claims of
    the documents just touched (already read); return the attack periods where a group changed,
    whose grades may change. ``stale``: the groups that lost claims since they were written (a
    document read again).

    Only the groups that changed are written (:func:`_write_groups`). A night that hundreds of
    reports speak of is one bucket of hundreds of claims, and rewriting all its groups for each new
    report cost more than grouping them."""
    if not buckets:
        return set()
    touched = {i.doc_id for i in fresh}
    before = _stored_members(conn, buckets)
    ids = sorted({c for members in before.values() for c, _ in members})
    others = [
        i
        for chunk in chunked(ids, BOUND)
        for i in _items(conn, m.Claim.claim_id.in_(chunk), m.Claim.doc_id.not_in(touched))
    ]
    by_bucket: dict[str, list[Item]] = defaultdict(list)
    for i in [*fresh, *others]:
        if i.bucket in buckets:
            by_bucket[i.bucket].append(i)
    groups = [g for bucket in sorted(by_bucket) for g in group(by_bucket[bucket])]
    return _write_groups(conn, buckets, groups, before, touched, stale)


def _stored_members(conn: Connection, buckets: set[str]) -> dict[str, set[tuple[str, str]]]:
    """The (claim, role) of each group of ``buckets`` as stored: what is left of it, since the
    claims of a document read again are already deleted (their groups are ``stale``)."""
    L = m.ClaimLink
    before: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for claim_id, group_id, role in conn.execute(select(L.claim_id, L.group_id, L.role).where(L.bucket.in_(buckets))):
        before[group_id].add((claim_id, role))
    return before


def _write_groups(
    conn: Connection,
    buckets: set[str],
    groups: list[Group],
    before: dict[str, set[tuple[str, str]]],
    touched: set[str],
    stale: set[str],
) -> set[str]:
    """Replace the stored groups of ``buckets`` by ``groups``, writing only those that changed;
    return the attack periods of those written or removed.

    A group of the same claims in the same roles as stored has the same row and links (both are
    functions of its members), unless a member's document was read anew (``touched``) or the group
    lost a claim (``stale``). A group whose claims were all deleted has no links left, only its row,
    which goes."""
    G = m.ClaimGroup
    kept = {g.group_id for g in groups if g.group_id not in stale and _unchanged(g, before, touched)}
    stored = {
        group_id: period for group_id, period in conn.execute(select(G.group_id, G.period).where(G.bucket.in_(buckets)))
    }
    gone = sorted((stored.keys() | before.keys()) - kept)
    for chunk in chunked(gone, BOUND):
        conn.execute(delete(m.ClaimLink).where(m.ClaimLink.group_id.in_(chunk)))
        conn.execute(delete(m.ClaimGroup).where(m.ClaimGroup.group_id.in_(chunk)))
    new = [g for g in groups if g.group_id not in kept]
    if new:
        conn.execute(insert(m.ClaimGroup), [_group_row(g) for g in new])
        conn.execute(insert(m.ClaimLink), [row for g in new for row in _link_rows(g)])
    return {g.lead.period for g in new} | {stored[g] for g in gone if g in stored}


def _unchanged(g: Group, before: dict[str, set[tuple[str, str]]], touched: set[str]) -> bool:
    """Whether group ``g`` is stored as it is: the same members in the same roles, none read anew."""
    members = {(i.claim_id, role) for i, role in g.members}
    return before.get(g.group_id) == members and not any(i.doc_id in touched for i, _ in g.members)


def _group_row(g: Group) -> dict[str, Any]:
    """A group's ``claim_groups`` row, graded ``relayed`` until :func:`_grade` grades it."""
    lead = g.lead
    low, high = g.value_range()
    roles = [role for _, role in g.members]
    return {
        "group_id": g.group_id,
        "bucket": g.bucket,
        "period": lead.period,
        "claimant": lead.claimant,
        "claimant_kind": lead.kind,
        "side": lead.side,
        "action": lead.action,
        "weapon": lead.weapon,
        "utc_start": lead.interval.start.isoformat(),
        "utc_end": lead.interval.end.isoformat(),
        "inferred": lead.interval.inferred,
        "low": low,
        "high": high,
        "lead_claim_id": lead.claim_id,
        "documents": len({i.doc_id for i, _ in g.members}),
        "relays": roles.count("relay"),
        "copies": roles.count("copy"),
        "superseded": roles.count("superseded"),
        "discrepancy": g.discrepancy,
        "grade": "relayed",
        "flags": list(g.flags),
        "regions": [list(r) for r in lead.regions],
    }


def _link_rows(g: Group) -> list[dict[str, Any]]:
    """The ``claim_links`` rows of a group's members."""
    return [
        {
            "claim_id": item.claim_id,
            "doc_id": item.doc_id,
            "bucket": g.bucket,
            "group_id": g.group_id,
            "role": role,
            "period": item.period,
            "utc_start": item.interval.start.isoformat(),
            "utc_end": item.interval.end.isoformat(),
            "inferred": item.interval.inferred,
            "local_day": local_day(item.interval.end, item.side),
        }
        for item, role in g.members
    ]


# --- grades -------------------------------------------------------------------------------------


def _grade(conn: Connection, periods: set[str]) -> None:
    """Grade every group of the given attack periods against the others in the same period; write
    only the grades that changed."""
    if not periods:
        return
    G = m.ClaimGroup
    groups = conn.execute(
        select(G.group_id, G.period, G.claimant, G.claimant_kind, G.side, G.low, G.regions, G.grade).where(
            G.period.in_(periods)
        )
    ).all()
    impacts: dict[str, set[str]] = defaultdict(set)
    rows = conn.execute(
        select(D.period, m.Impact.region)
        .join(m.Impact, m.Impact.doc_id == D.doc_id)
        .where(D.period.in_(periods), m.Impact.region.is_not(None))
    )
    for p, region in rows:
        impacts[p].add(region)
    impact_regions = {p: frozenset(r) for p, r in impacts.items()}
    own = set(
        conn.scalars(select(m.ClaimLink.group_id).where(m.ClaimLink.period.in_(periods), m.ClaimLink.role == "primary"))
    )
    figured: dict[str, list[tuple[str, str | None, str, list[str]]]] = defaultdict(list)
    for o in groups:
        if o.low is not None:
            figured[o.period].append((o.claimant, o.side, o.claimant_kind, [r[0] for r in o.regions]))
    by_period = {p: shown(found) for p, found in figured.items()}
    nothing = shown(())
    changed = []
    for g in groups:
        graded = grade(
            Evidence(
                claimant=g.claimant,
                side=g.side,
                kind=g.claimant_kind,
                own=g.group_id in own,
                regions=frozenset(r[0] for r in g.regions),
                shown=by_period.get(g.period, nothing),
                impact_regions=impact_regions.get(g.period, frozenset()),
            )
        )
        if graded != g.grade:
            changed.append({"b_group_id": g.group_id, "b_grade": graded})
    if changed:
        graded_as = update(G).where(G.group_id == bindparam("b_group_id")).values(grade=bindparam("b_grade"))
        conn.execute(graded_as, changed)
