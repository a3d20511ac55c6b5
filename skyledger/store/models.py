"""The ledger's tables (SQLAlchemy 2 declarative).

Each claim is kept twice on purpose: as columns, so that it can be filtered and indexed, and as the
contract dict (``claims.contract``), so that the JSON a user once got from ``skyledger extract`` can be
given back exactly. Only portable types are used (``JSON``, not JSONB) so that PostgreSQL works too,
and the two differences between SQLite and PostgreSQL that would change what is stored are evened out
here, for every backend alike:

* timestamps (:class:`UTCDateTime`) go in as UTC and come back timezone-aware in UTC, where SQLite
  alone would hand back naive values and PostgreSQL values in the server's time zone;
* text (:class:`Str`, :class:`LongText`) is stored with each NUL character (U+0000) replaced by
  U+FFFD, because PostgreSQL cannot store NUL in text; one character stands for one, so every span
  still points at the same words.

Free text from the sources (``channel``, ``message_id``) is ``Text``: PostgreSQL enforces ``VARCHAR``
lengths, which SQLite ignores, and a long outlet name must not cost a document on one backend only.

Beyond the columns asked for, ``documents.extractor_version`` (idempotency is keyed on it),
``measures.flags`` (measures carry flags in the contract) and integer ``id`` keys on ``claim_regions``
and ``evidence_spans`` exist so that every stored value round-trips.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: What stands in a stored text for a NUL character, which PostgreSQL cannot store.
NUL_REPLACEMENT = "\ufffd"


def without_nul(value: str | None) -> str | None:
    """``value`` as the ledger stores it: each NUL replaced by U+FFFD, so its length is unchanged.

    >>> without_nul("a\\x00b") == "a\\ufffdb", without_nul(None)
    (True, None)
    """
    return value.replace("\x00", NUL_REPLACEMENT) if value and "\x00" in value else value


class Str(TypeDecorator[str]):
    """``VARCHAR(n)`` without NUL characters (see :func:`without_nul`)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return without_nul(value)


class LongText(TypeDecorator[str]):
    """``TEXT`` without NUL characters (see :func:`without_nul`)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return without_nul(value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored in UTC and read back aware in UTC on every backend.

    A naive value is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Metadata shared by every ledger table."""


def _doc_fk() -> Any:
    return ForeignKey("documents.doc_id", ondelete="CASCADE")


def _claim_fk() -> Any:
    return ForeignKey("claims.claim_id", ondelete="CASCADE")


class ExtractionRun(Base):
    """One ``skyledger ingest``: which extractor ran, when, and how it went."""

    __tablename__ = "extraction_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    extractor_version: Mapped[str] = mapped_column(Str(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    documents: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    """A report as read, with its full text: every span in the ledger points into ``text``.

    ``doc_id`` is the report's identity (``model.report_identity``: origin, own id, published time
    and words), so the same words published twice are two rows and the same report read twice is one.
    ``published`` is the ISO 8601 string from the contract, because SQLite would drop the offset of a
    ``DateTime`` and the offset decides which night a claim belongs to.
    """

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_origin_message", "origin", "message_id"),
        Index("ix_documents_period_doc", "period", "doc_id"),  # a period's documents from the index alone (0008)
    )

    doc_id: Mapped[str] = mapped_column(Str(64), primary_key=True)
    origin: Mapped[str | None] = mapped_column(LongText)
    text_hash: Mapped[str | None] = mapped_column(Str(16), index=True)
    source: Mapped[str] = mapped_column(LongText)
    format: Mapped[str] = mapped_column(Str(32))
    title: Mapped[str | None] = mapped_column(LongText)
    url: Mapped[str | None] = mapped_column(LongText)
    channel: Mapped[str | None] = mapped_column(LongText)
    message_id: Mapped[str | None] = mapped_column(LongText)
    lang: Mapped[str | None] = mapped_column(Str(16))
    published: Mapped[str | None] = mapped_column(Str(40))
    published_basis: Mapped[str | None] = mapped_column(Str(16))
    encoding: Mapped[str | None] = mapped_column(Str(32))  # the file's encoding ('utf-8', 'cp1251'); revision 0004
    period: Mapped[str | None] = mapped_column(Str(16))  # attack period the report speaks of; indexed with doc_id
    text: Mapped[str] = mapped_column(LongText)
    extractor_version: Mapped[str] = mapped_column(Str(64))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))


class Claim(Base):
    """One claim of a document: filterable columns plus the whole contract dict."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("doc_id", "n"),
        Index("ix_claims_action", "action"),
        Index("ix_claims_window_date", "window_date"),
        Index("ix_claims_total", "total"),
        Index("ix_claims_claimant_kind_action", "claimant_kind", "action"),
        # a claim found by its id with the tie order and the equality filters, in the index (0006)
        Index("ix_claims_lookup", "claim_id", "doc_id", "n", "claimant_kind", "action", "weapon", "hedged"),
    )

    claim_id: Mapped[str] = mapped_column(Str(80), primary_key=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    n: Mapped[int] = mapped_column(Integer)
    claimant_kind: Mapped[str] = mapped_column(Str(32))
    claimant_name: Mapped[str | None] = mapped_column(LongText)
    claimant_person: Mapped[str | None] = mapped_column(LongText)
    claimant_region: Mapped[str | None] = mapped_column(Str(16))
    claimant_side: Mapped[str | None] = mapped_column(Str(8))
    action: Mapped[str] = mapped_column(Str(32))
    weapon: Mapped[str] = mapped_column(Str(32))
    weapon_detail: Mapped[str | None] = mapped_column(Str(64))
    total: Mapped[int | None] = mapped_column(Integer)
    total_bound: Mapped[str] = mapped_column(Str(16))
    regions_stated: Mapped[int | None] = mapped_column(Integer)
    toward_moscow: Mapped[int | None] = mapped_column(Integer)
    window_start: Mapped[str | None] = mapped_column(Str(40))
    window_end: Mapped[str | None] = mapped_column(Str(40))
    window_hours: Mapped[float | None] = mapped_column(Float)
    window_date: Mapped[str | None] = mapped_column(Str(10))
    hedged: Mapped[bool] = mapped_column(Boolean)
    flags: Mapped[list[str]] = mapped_column(JSON)
    checks: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    contract: Mapped[dict[str, Any]] = mapped_column(JSON)


class ClaimRegion(Base):
    """One line of a claim's breakdown, kept as a row so that ``--region`` is an indexed lookup."""

    __tablename__ = "claim_regions"
    __table_args__ = (
        Index("ix_claim_regions_code_claim", "code", "claim_id"),  # a region's claims from the index alone (0006)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(_claim_fk(), index=True)
    code: Mapped[str] = mapped_column(Str(16))
    name: Mapped[str] = mapped_column(LongText)
    count: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[str]] = mapped_column(JSON)


class Impact(Base):
    """A consequence on the ground reported in a document."""

    __tablename__ = "impacts"
    __table_args__ = (Index("ix_impacts_doc_region", "doc_id", "region"),)  # a period's regions hit (0008)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk())
    kind: Mapped[str] = mapped_column(Str(32))
    region: Mapped[str | None] = mapped_column(Str(16))
    place: Mapped[str | None] = mapped_column(LongText)
    places: Mapped[list[str]] = mapped_column(JSON)
    people: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(Str(40))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[str]] = mapped_column(JSON)


class Measure(Base):
    """An order given because of the attacks (no-fly zone, airport restrictions …)."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    kind: Mapped[str] = mapped_column(Str(32))
    region: Mapped[str | None] = mapped_column(Str(16))
    by: Mapped[str | None] = mapped_column(LongText)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[str]] = mapped_column(JSON)


class EvidenceSpan(Base):
    """The text behind one value of a claim (``total``, ``claimant``, ``region:RU-KRS`` …).

    Kept as rows, with the text copied, so that an auditor can query the evidence with plain SQL.
    """

    __tablename__ = "evidence_spans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(_claim_fk(), index=True)
    field: Mapped[str] = mapped_column(Str(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(LongText)


class ReadFailure(Base):
    """A file, row or document that could not be read, extracted or stored."""

    __tablename__ = "read_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    source: Mapped[str] = mapped_column(LongText)
    reason: Mapped[str] = mapped_column(LongText)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReportSource(Base):
    """Every place a report was seen: each file or row it was read from, and each copy of it
    (a forward, a syndicated article) that another origin published."""

    __tablename__ = "report_sources"
    __table_args__ = (UniqueConstraint("doc_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    source: Mapped[str] = mapped_column(LongText)
    relation: Mapped[str] = mapped_column(Str(16))  # 'read' or 'copy'
    via_doc_id: Mapped[str | None] = mapped_column(Str(64))
    origin: Mapped[str | None] = mapped_column(LongText)
    url: Mapped[str | None] = mapped_column(LongText)
    published: Mapped[str | None] = mapped_column(Str(40))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())


class DocumentSignature(Base):
    """A document's MinHash signature (``reconcile.copies``), to check a band candidate."""

    __tablename__ = "document_signatures"

    doc_id: Mapped[str] = mapped_column(_doc_fk(), primary_key=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    copy_of: Mapped[str | None] = mapped_column(Str(64), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)


class MinhashBand(Base):
    """One LSH band key of a document: documents that share a key are candidate copies."""

    __tablename__ = "minhash_bands"
    __table_args__ = (Index("ix_minhash_bands_key", "band", "key", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    band: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(Str(16))
    day: Mapped[str | None] = mapped_column(Str(10))  # UTC day of publication: copies are looked for near it


class ClaimLink(Base):
    """Where reconciliation put one claim: its UTC interval, attack period, group and role."""

    __tablename__ = "claim_links"
    __table_args__ = (  # the claims of a range of window ends, or of days, from the index alone (0006)
        Index("ix_claim_links_utc_end_claim", "utc_end", "claim_id"),
        Index("ix_claim_links_local_day_claim", "local_day", "claim_id"),
        Index("ix_claim_links_period_role", "period", "role", "group_id"),  # a period's own statements (0008)
    )

    claim_id: Mapped[str] = mapped_column(_claim_fk(), primary_key=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    bucket: Mapped[str] = mapped_column(LongText, index=True)
    group_id: Mapped[str] = mapped_column(Str(16), index=True)
    role: Mapped[str] = mapped_column(Str(16))
    period: Mapped[str] = mapped_column(Str(16))  # indexed with role and group_id (0008)
    utc_start: Mapped[str] = mapped_column(Str(40))
    utc_end: Mapped[str] = mapped_column(Str(40))  # indexed with claim_id (0006)
    inferred: Mapped[str | None] = mapped_column(Str(16))
    local_day: Mapped[str] = mapped_column(Str(10))  # the claimant's day the window ends on; indexed with claim_id


class ClaimGroup(Base):
    """One reconciled claim: the figure, who stated it, and every document that carries it."""

    __tablename__ = "claim_groups"

    group_id: Mapped[str] = mapped_column(Str(16), primary_key=True)
    bucket: Mapped[str] = mapped_column(LongText, index=True)
    period: Mapped[str] = mapped_column(Str(16), index=True)
    claimant: Mapped[str] = mapped_column(LongText)
    claimant_kind: Mapped[str] = mapped_column(Str(32))
    side: Mapped[str | None] = mapped_column(Str(8))
    action: Mapped[str] = mapped_column(Str(32))
    weapon: Mapped[str] = mapped_column(Str(32))
    utc_start: Mapped[str] = mapped_column(Str(40))
    utc_end: Mapped[str] = mapped_column(Str(40))
    inferred: Mapped[str | None] = mapped_column(Str(16))
    low: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    lead_claim_id: Mapped[str] = mapped_column(Str(80))
    documents: Mapped[int] = mapped_column(Integer)
    relays: Mapped[int] = mapped_column(Integer)
    copies: Mapped[int] = mapped_column(Integer)
    superseded: Mapped[int] = mapped_column(Integer)
    discrepancy: Mapped[bool] = mapped_column(Boolean)
    grade: Mapped[str] = mapped_column(Str(32))
    flags: Mapped[list[str]] = mapped_column(JSON)
    regions: Mapped[list[list[Any]]] = mapped_column(JSON)  # [[code, count], ...] of the lead
