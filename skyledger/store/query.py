"""Which claims a user asks for: one query model for the CLI, the exports and the API.

Every filter takes several values (any of them matches: OR within a filter) and the filters combine
(AND across filters). Dates are the claimant's calendar days by default: a claim's day is the day,
in the claimant's zone (Moscow for Russian claimants, Kyiv for Ukrainian ones), on which its window
ends, so a night counts on the date of its morning ('в ночь на 27 ноября' is 27 November). With
``tz`` the days are that zone's instead. A claim that reconciliation could not place in time has no
day and is left out when a date is asked for.

Claims come newest first (by the end of their window, then by report and position, so the order is
stable); ``reverse`` gives oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from skyledger.store import models as m

SORTS = ("window", "total")


@dataclass(frozen=True)
class ClaimQuery:
    """A query over stored claims; an empty tuple or None leaves that filter out."""

    actions: Sequence[str] = ()
    weapons: Sequence[str] = ()
    regions: Sequence[str] = ()  # codes: see skyledger.regions.region_code for names
    claimant_kinds: Sequence[str] = ()
    persons: Sequence[str] = ()  # any part of the claimant's person, any case
    channels: Sequence[str] = ()  # the report's origin (channel, outlet, host or file name)
    sources: Sequence[str] = ()  # the start of where the report was read ('examples/feed.xml')
    langs: Sequence[str] = ()
    flags: Sequence[str] = ()  # claims carrying any of these
    exclude_flags: Sequence[str] = ()  # claims carrying none of these
    failed_checks: bool | None = None  # True: only claims with a failed check; False: none
    failed: Sequence[str] = ()  # claims that failed any of these checks ('breakdown_sums_to_total')
    grades: Sequence[str] = ()  # the claim group's source grade (data/grades.yaml)
    hedged: bool | None = None
    text: str | None = None  # words in the report's text, any case
    since: date | None = None
    until: date | None = None
    tz: str | None = None  # None: each claimant's own zone
    sort: str = "window"
    reverse: bool = False
    limit: int | None = None
    offset: int = 0  # claims to skip first, for pages


def _any_flag(session: Session, names: Sequence[str], prefix: bool = False) -> ColumnElement[bool]:
    """True for claims whose ``flags`` hold any of ``names`` exactly (or starting with one, with
    ``prefix``), read with the database's own JSON functions."""
    if session.get_bind().dialect.name == "postgresql":
        elements = func.json_array_elements_text(m.Claim.flags).table_valued("value")
    else:
        elements = func.json_each(m.Claim.flags).table_valued("value")
    value = elements.c.value
    match = or_(*(func.substr(value, 1, len(n)) == n if prefix else value == n for n in names))
    return exists().select_from(elements).where(match)


def folds_in_sql(session: Session) -> bool:
    """Whether the database can fold Cyrillic case in SQL: SQLite can, with Python's casefold
    registered as a function (``db``); PostgreSQL's lower() folds only ASCII under the C locale
    many servers run with, so there the text and person filters run in Python (:func:`python_match`)."""
    return session.get_bind().dialect.name == "sqlite"


def python_match(q: ClaimQuery, person: str | None, text: str) -> bool:
    """The text and person filters, for a database that cannot fold case in SQL."""
    if q.persons and not any(p.casefold() in (person or "").casefold() for p in q.persons):
        return False
    return not q.text or q.text.casefold() in text.casefold()


def shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the calendar's ends (year 1, year 9999): no bound.

    >>> shift(date(2026, 3, 15), -2), shift(date.min, -2), shift(date.max, 1)
    (datetime.date(2026, 3, 13), None, None)
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _day_bounds(day: date | None, tz: str) -> str | None:
    """The UTC instant a day starts at in ``tz``, as the ISO string ``claim_links.utc_end`` is; None
    for a day at the calendar's ends, which bounds nothing."""
    if day is None:
        return None
    try:
        return datetime.combine(day, time(0), ZoneInfo(tz)).astimezone(UTC).isoformat()
    except (OverflowError, ValueError):
        return None


def document_conditions(q: ClaimQuery) -> list[ColumnElement[bool]]:
    """The conditions of a query on the report itself (channel, source, language), which impacts
    and measures share with claims."""
    out: list[ColumnElement[bool]] = []
    if q.channels:
        out.append(m.Document.origin.in_([" ".join(ch.split()).lower() for ch in q.channels]))
    if q.sources:
        out.append(or_(*(m.Document.source.startswith(s, autoescape=True) for s in q.sources)))
    if q.langs:
        out.append(m.Document.lang.in_(q.langs))
    return out


def conditions(session: Session, q: ClaimQuery) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a query (claims joined with their document and link)."""
    c = m.Claim
    out: list[ColumnElement[bool]] = []
    if q.actions:
        out.append(c.action.in_(q.actions))
    if q.weapons:
        out.append(c.weapon.in_(q.weapons))
    if q.claimant_kinds:
        out.append(c.claimant_kind.in_(q.claimant_kinds))
    if q.regions:
        out.append(c.claim_id.in_(select(m.ClaimRegion.claim_id).where(m.ClaimRegion.code.in_(q.regions))))
    in_sql = folds_in_sql(session)
    if q.persons and in_sql:
        person = func.skyledger_casefold(c.claimant_person)
        out.append(or_(*(person.contains(p.casefold(), autoescape=True) for p in q.persons)))
    out += document_conditions(q)
    if q.flags:
        out.append(_any_flag(session, q.flags))
    if q.exclude_flags:
        out.append(not_(_any_flag(session, q.exclude_flags)))
    if q.failed_checks is not None:
        failed = _any_flag(session, ["check_failed:"], prefix=True)
        out.append(failed if q.failed_checks else not_(failed))
    if q.failed:
        out.append(_any_flag(session, [f"check_failed:{name}" for name in q.failed]))
    if q.grades:
        out.append(m.ClaimGroup.grade.in_(q.grades))
    if q.hedged is not None:
        out.append(c.hedged.is_(q.hedged))
    if q.text and in_sql:
        out.append(func.skyledger_casefold(m.Document.text).contains(q.text.casefold(), autoescape=True))
    if q.tz is None:
        if q.since:
            out.append(m.ClaimLink.local_day >= q.since.isoformat())
        if q.until:
            out.append(m.ClaimLink.local_day <= q.until.isoformat())
    else:  # a window ending at midnight belongs to the day before, as in intervals.local_day
        if q.since and (start := _day_bounds(q.since, q.tz)):
            out.append(m.ClaimLink.utc_end > start)
        if q.until and (end := _day_bounds(shift(q.until, 1), q.tz)):
            out.append(m.ClaimLink.utc_end <= end)
    return out


#: The document's columns a listed claim carries (``repo.iter_claims``), after ``contract``.
DOCUMENT_COLUMNS = ("doc_id", "source", "published", "url", "title", "channel", "lang")
#: What reconciliation says of a listed claim, after the document's columns.
LINK_COLUMNS = ("group", "role", "period", "grade", "day", "utc_start", "utc_end", "inferred")


def link_columns() -> tuple[Any, ...]:
    """The columns behind :data:`LINK_COLUMNS`, in its order (claims outer-joined with their link
    and group, as :func:`joined` does)."""
    link, group = m.ClaimLink, m.ClaimGroup
    return (
        link.group_id,
        link.role,
        link.period,
        group.grade,
        link.local_day,
        link.utc_start,
        link.utc_end,
        link.inferred,
    )


def joined(columns: Select[Any]) -> Select[Any]:
    """``columns`` selected from claims joined with their document, link and group, as every
    query's conditions expect."""
    return (
        columns.join(m.Document, m.Claim.doc_id == m.Document.doc_id)
        .outerjoin(m.ClaimLink, m.ClaimLink.claim_id == m.Claim.claim_id)
        .outerjoin(m.ClaimGroup, m.ClaimGroup.group_id == m.ClaimLink.group_id)
    )


def _order(q: ClaimQuery) -> list[Any]:
    """The query's order: by window end (or total), claims with none last, then a stable tie."""
    key = {"window": m.ClaimLink.utc_end, "total": m.Claim.total}[q.sort]
    placed = (key.is_(None)).asc()  # claims with no window (or no total) last, either way
    direction = key.asc() if q.reverse else key.desc()
    tie = (m.Claim.doc_id.asc(), m.Claim.n.asc()) if q.reverse else (m.Claim.doc_id.desc(), m.Claim.n.asc())
    return [placed, direction, *tie]


def claims_select(session: Session, q: ClaimQuery, with_text: bool = False) -> Select[Any]:
    """The SELECT of a query: contract, :data:`DOCUMENT_COLUMNS`, :data:`LINK_COLUMNS`, then (for
    the filters Python applies, or ``with_text``) the claimant's person and the document's text, in
    the query's order. A page (``limit``) is chosen first by ids alone, so that the database sorts
    narrow rows and reads the wide ones (the contract, the text) only for the page."""
    query = joined(
        select(
            m.Claim.contract,
            *(getattr(m.Document, c) for c in DOCUMENT_COLUMNS),
            *link_columns(),
        )
    )
    python = needs_python(session, q)
    if python or with_text:  # python: filtered (and limited) by python_match after the query
        query = query.add_columns(m.Claim.claimant_person, m.Document.text)
    if python or q.limit is None:
        return query.where(*conditions(session, q)).order_by(*_order(q))
    return query.where(m.Claim.claim_id.in_(page_ids(session, q))).order_by(*_order(q))


def page_ids(session: Session, q: ClaimQuery) -> list[str]:
    """The ids of one page (``limit`` from ``offset``) in the query's order, chosen over narrow rows.

    The claims that have the sort key (a window's end, a total) are read from the table that holds
    it through its index (``claim_links.utc_end``, ``claims.total``), which gives the order, so that
    a page costs about its own rows, not a sort of the ledger (SQLite is told so: its planner would
    sort); the claims without the key follow them, and are counted only when a page reaches past
    the others. Every window end passed over costs a look-up of its claim (the tie order, the
    filters): both are read from indexes that hold what they need (revision 0006), not from the
    tables' rows: page 50 of 100,000 claims, 5-7 ms to 2.6 ms on SQLite."""
    assert q.limit is not None
    by_window = q.sort == "window"
    key = m.ClaimLink.utc_end if by_window else m.Claim.total
    keyed = select(m.Claim.claim_id)
    if by_window:
        keyed = keyed.select_from(m.ClaimLink).join(m.Claim, m.Claim.claim_id == m.ClaimLink.claim_id)
    keyed = (
        narrow(session, q, keyed, linked=by_window)
        .where(key.is_not(None), *conditions(session, q), *(window_bounds(q) if by_window else ()))
        .order_by(*_order(q)[1:])
    )
    # SQLite: read the table holding the key through its index (store.db), ignored elsewhere; the
    # window ends' index holds the claim's id too, and ix_claims_lookup what a claim adds (revision 0006)
    index = ("claim_links", "ix_claim_links_utc_end_claim") if by_window else ("claims", "ix_claims_total")
    page = keyed.limit(q.limit).offset(q.offset or None).execution_options(indexed_by=index)
    ids = list(session.scalars(page))
    if len(ids) == q.limit:
        return ids
    before = session.scalar(select(func.count()).select_from(keyed.order_by(None).subquery())) or 0
    rest = joined(select(m.Claim.claim_id)).where(key.is_(None), *conditions(session, q))
    rest = rest.order_by(*_order(q)[2:]).limit(q.limit - len(ids)).offset(max(0, q.offset - before))
    return ids + list(session.scalars(rest))


def window_bounds(q: ClaimQuery) -> list[ColumnElement[bool]]:
    """Bounds on ``claim_links.utc_end`` implied by the claimant's days a query asks for, a day
    wider on each side than any zone can make them: they select nothing the days do not, but let
    the index of window ends start and stop at the dates asked for, where without them a page of
    2024's claims would walk every later window first (30 ms at 100,000 claims instead of 1 ms).

    >>> [str(c.right.value) for c in window_bounds(ClaimQuery(since=date(2024, 1, 1), until=date(2024, 3, 31)))]
    ['2023-12-31', '2024-04-02']
    """
    if q.tz is not None:  # the conditions bound utc_end themselves
        return []
    out: list[ColumnElement[bool]] = []
    if q.since and (first := shift(q.since, -1)):
        out.append(m.ClaimLink.utc_end >= first.isoformat())
    if q.until and (after := shift(q.until, 2)):  # '2024-04-01T23:00:00+00:00' < '2024-04-02'
        out.append(m.ClaimLink.utc_end < after.isoformat())
    return out


def narrow(session: Session, q: ClaimQuery, ids: Select[Any], linked: bool) -> Select[Any]:
    """``ids``, a select from claims (joined with their link when ``linked``), joined with only the
    tables the query's :func:`conditions` read: its document, link and group. Every claim has one
    document and at most one link and group, so a join adds no row and one left out changes no
    answer, while each costs a lookup per claim read (a count reads them all, a deep page thousands)."""
    document = bool(document_conditions(q)) or bool(q.text and folds_in_sql(session))
    link = bool(q.grades or q.since or q.until)
    if link and not linked:
        ids = ids.outerjoin(m.ClaimLink, m.ClaimLink.claim_id == m.Claim.claim_id)
    if q.grades:
        ids = ids.outerjoin(m.ClaimGroup, m.ClaimGroup.group_id == m.ClaimLink.group_id)
    if document:
        ids = ids.join(m.Document, m.Claim.doc_id == m.Document.doc_id)
    return ids


def count_select(session: Session, q: ClaimQuery) -> Select[Any]:
    """How many claims a query selects, counted over ids alone (limit and offset ignored), joined
    only with the tables its conditions read (:func:`narrow`): counting a claimant kind's 71,000
    claims of 100,000 takes 35 ms so, 0.6 s with every join. Days are counted from the index of
    days and claims' ids, each claim's filters from ``ix_claims_lookup`` (revision 0006): a
    quarter's claims of one action, 9-14 ms to 5 ms on SQLite. A query of regions alone is counted
    in the regions' index (:func:`_region_count`)."""
    if _regions_only(q):
        return _region_count(q)
    ids = select(m.Claim.claim_id)
    dated = bool(q.since or q.until)
    if dated:  # the days' index chooses the claims (SQLite is told so: it would read every claim of an action)
        ids = ids.select_from(m.ClaimLink).join(m.Claim, m.Claim.claim_id == m.ClaimLink.claim_id)
    ids = narrow(session, q, ids, linked=dated)
    count = select(func.count()).select_from(ids.where(*conditions(session, q)).subquery())
    if not dated:
        return count
    index = "ix_claim_links_local_day_claim" if q.tz is None else "ix_claim_links_utc_end_claim"
    return count.execution_options(indexed_by=("claim_links", index))


#: The fields of a :class:`ClaimQuery` that filter nothing: how days are read, the order, the page.
NOT_FILTERS = frozenset({"tz", "sort", "reverse", "limit", "offset"})


def _regions_only(q: ClaimQuery) -> bool:
    """Whether ``q`` filters by regions and by nothing else (the map's click, the API's ``region``);
    ``tz`` only says how days are read, and no day is asked for."""
    unset = (None, (), [], "")
    others = (f.name for f in fields(q) if f.name not in NOT_FILTERS and f.name != "regions")
    return bool(q.regions) and all(getattr(q, name) in unset for name in others)


def _region_count(q: ClaimQuery) -> Select[Any]:
    """The claims of any of ``q``'s regions, counted in the index of regions and claims' ids alone.
    A claim is counted once however many of its lines name them, and every line's claim exists (its
    key; a claim's lines go with it), so this is the count of the claims themselves, without a
    look-up of each in the claims' index: a region's 5,500 claims of 100,000, 8-13 ms to 1.5-2 ms on SQLite."""
    region = m.ClaimRegion
    return select(func.count(region.claim_id.distinct())).where(region.code.in_(q.regions))


def needs_python(session: Session, q: ClaimQuery) -> bool:
    """Whether a query's text or person filter runs in Python (:func:`folds_in_sql`)."""
    return bool(q.text or q.persons) and not folds_in_sql(session)
