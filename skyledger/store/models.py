"""The ledger's tables (SQLAlchemy 2 declarative).

Each claim is kept twice on purpose: as columns, so that it can be filtered and indexed, and as the
contract dict (``claims.contract``), so that the JSON a user once got from ``skyledger extract`` can be
given back exactly. Only portable types are used (``JSON``, not JSONB) so that PostgreSQL works too.

Beyond the columns asked for, ``documents.extractor_version`` (idempotency is keyed on it),
``measures.flags`` (measures carry flags in the contract) and integer ``id`` keys on ``claim_regions``
and ``evidence_spans`` exist so that every stored value round-trips.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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
    extractor_version: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    documents: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    """A report as read, with its full text: every span in the ledger points into ``text``.

    ``published`` is the ISO 8601 string from the contract, because SQLite would drop the offset of a
    ``DateTime`` and the offset decides which night a claim belongs to.
    """

    __tablename__ = "documents"

    doc_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(255))
    message_id: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[str | None] = mapped_column(String(40))
    published_basis: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))


class Claim(Base):
    """One claim of a document: filterable columns plus the whole contract dict."""

    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("doc_id", "n"),
        Index("ix_claims_action", "action"),
        Index("ix_claims_window_date", "window_date"),
    )

    claim_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    n: Mapped[int] = mapped_column(Integer)
    claimant_kind: Mapped[str] = mapped_column(String(32))
    claimant_name: Mapped[str | None] = mapped_column(Text)
    claimant_person: Mapped[str | None] = mapped_column(Text)
    claimant_region: Mapped[str | None] = mapped_column(String(16))
    claimant_side: Mapped[str | None] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(32))
    weapon: Mapped[str] = mapped_column(String(32))
    weapon_detail: Mapped[str | None] = mapped_column(String(64))
    total: Mapped[int | None] = mapped_column(Integer)
    total_bound: Mapped[str] = mapped_column(String(16))
    regions_stated: Mapped[int | None] = mapped_column(Integer)
    toward_moscow: Mapped[int | None] = mapped_column(Integer)
    window_start: Mapped[str | None] = mapped_column(String(40))
    window_end: Mapped[str | None] = mapped_column(String(40))
    window_hours: Mapped[float | None] = mapped_column(Float)
    window_date: Mapped[str | None] = mapped_column(String(10))
    hedged: Mapped[bool] = mapped_column(Boolean)
    flags: Mapped[list[str]] = mapped_column(JSON)
    checks: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    contract: Mapped[dict[str, Any]] = mapped_column(JSON)


class ClaimRegion(Base):
    """One line of a claim's breakdown, kept as a row so that ``--region`` is an indexed lookup."""

    __tablename__ = "claim_regions"
    __table_args__ = (Index("ix_claim_regions_code", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(_claim_fk(), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    count: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[str]] = mapped_column(JSON)


class Impact(Base):
    """A consequence on the ground reported in a document."""

    __tablename__ = "impacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(Text)
    places: Mapped[list[str]] = mapped_column(JSON)
    people: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(40))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[str]] = mapped_column(JSON)


class Measure(Base):
    """An order given because of the attacks (no-fly zone, airport restrictions …)."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(_doc_fk(), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    region: Mapped[str | None] = mapped_column(String(16))
    by: Mapped[str | None] = mapped_column(Text)
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
    field: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class ReadFailure(Base):
    """A file, row or document that could not be read, extracted or stored."""

    __tablename__ = "read_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    source: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
