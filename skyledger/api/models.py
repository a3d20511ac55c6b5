"""The API's typed shapes: what each endpoint returns and accepts, as the OpenAPI schema states it.

They mirror the JSON contract (docs/contract.md) field for field, so a claim from ``/api/claims`` is
the object ``skyledger claims -f jsonl`` prints; the server validates every response against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = list[int]


class Claimant(BaseModel):
    kind: str = Field(description="ministry, air_force, military, governor, mayor, official, media or unknown")
    name: str | None = None
    person: str | None = None
    region: str | None = Field(None, description="ISO 3166-2 code of the claimant's own region")
    side: str | None = Field(None, description="RU or UA")


class RegionLine(BaseModel):
    code: str = Field(description="ISO 3166-2 code, or SEA-* for a sea")
    name: str
    count: int | None
    span: Span | None = None
    count_span: Span | None = None
    flags: list[str]


class Window(BaseModel):
    start: str | None = None
    end: str | None = None
    hours: float | None = None
    date: str | None = None
    tz: str | None = None
    approx_start: str | None = None
    approx_end: str | None = None
    phrase: str | None = None
    basis: str | None = None


class Check(BaseModel):
    name: str
    status: Literal["pass", "fail", "n/a"]
    detail: str


class ContractClaim(BaseModel):
    """One claim as the extract contract has it (docs/contract.md)."""

    id: str | None
    claimant: Claimant
    action: str
    weapon: str
    weapon_detail: str | None = None
    total: int | None = None
    total_bound: str | None = None
    regions: list[RegionLine]
    regions_stated: int | None = None
    toward_moscow: int | None = None
    window: Window
    hedged: bool
    checks: list[Check]
    flags: list[str]
    spans: dict[str, Span]
    evidence: list[Span]
    locations: int | None = None


class Claim(ContractClaim):
    """One claim with its report's and reconciliation's columns, as ``skyledger claims`` lists it."""

    id: str
    doc_id: str
    source: str
    published: str | None = None
    url: str | None = None
    title: str | None = None
    channel: str | None = None
    lang: str | None = None
    group: str | None = Field(None, description="the reconciled claim this is one report of")
    role: str | None = Field(None, description="primary, relay, copy or superseded: sum one per group")
    period: str | None = None
    grade: str | None = None
    day: str | None = Field(None, description="the claimant's day the window ends on")
    utc_start: str | None = None
    utc_end: str | None = None
    inferred: str | None = Field(None, description="how the UTC window was reached; null when stated")


class ClaimPage(BaseModel):
    items: list[Claim]
    page: int
    size: int
    total: int = Field(description="claims matching the filters, on all pages")
    pages: int


class Value(BaseModel):
    field: str = Field(description="total, action, weapon, window, claimant, region:CODE, count:CODE …")
    start: int
    end: int
    text: str


class CarriedBy(BaseModel):
    claim: str
    role: str | None
    total: int | None
    source: str
    published: str | None


class ClaimDetail(Claim):
    """A claim with its document's text, every value at its span, and why each was read so."""

    text: str
    values: list[Value]
    carried_by: list[CarriedBy]
    published_basis: str | None = None
    extractor_version: str
    explanation: list[str] = Field(description="how each value was read and what was inferred, in words")


class Impact(BaseModel):
    kind: str
    region: str | None = None
    place: str | None = None
    places: list[str]
    people: int | None = None
    count: int | None = None
    date: str | None = None
    flags: list[str]
    span: Span | None = None


class Measure(BaseModel):
    kind: str
    region: str | None = None
    by: str | None = None
    flags: list[str]
    span: Span | None = None


class ReportSource(BaseModel):
    source: str
    relation: str
    origin: str | None = None
    url: str | None = None


class Document(BaseModel):
    """A document as the extract contract has it, with its text and every place it was read."""

    model_config = ConfigDict(extra="forbid")

    contract: str
    source: str
    doc_id: str
    format: str
    lang: str | None = None
    title: str | None = None
    url: str | None = None
    channel: str | None = None
    message_id: str | None = None
    published: str | None = None
    published_basis: str | None = None
    extractor_version: str
    claims: list[ContractClaim]
    impacts: list[Impact]
    measures: list[Measure]
    text: str
    sources: list[ReportSource]


class Group(BaseModel):
    """One reconciled claim: its figure (low..high when reports disagree) and who carried it."""

    group: str
    claimant: str
    side: str | None = None
    action: str
    weapon: str
    low: int | None = None
    high: int | None = None
    start: str
    end: str
    inferred: str | None = None
    regions: list[list[str | int | None]]
    documents: int
    relays: int
    copies: int
    superseded: int
    discrepancy: bool
    grade: str
    flags: list[str]
    lead_claim: str


class IncidentImpact(BaseModel):
    kind: str
    region: str | None = None
    place: str | None = None
    doc_id: str


class Incident(BaseModel):
    incident: str = Field(description="the attack period: '2026-03-15 night' or '2026-03-15 day'")
    RU: list[Group]
    UA: list[Group]
    other: list[Group]
    impacts: list[IncidentImpact]
    flags: list[str]


class DailyRow(BaseModel):
    date: str
    claimant: str
    action: str
    region: str | None = None
    weapon: str | None = None
    low: int
    high: int
    groups: list[str]
    flags: list[str]


class RegionTotal(BaseModel):
    """A region's claimed figures over the asked period: the map's data."""

    code: str
    name: str
    low: int
    high: int
    claims: int = Field(description="reconciled claims (groups) behind the figure")
    lat: float | None = None
    lon: float | None = None


class OtherSide(BaseModel):
    period: str
    weapon: str
    this: list[str | int | None]
    other: list[str | int | None]


class RecordRow(BaseModel):
    claimant: str
    month: str
    claims: list[str]
    relayed: list[str]
    discrepancies: list[str]
    corrections: list[str]
    other_side: list[OtherSide]


class DocumentIn(BaseModel):
    """A report to ingest: only ``text`` is required; the rest are as in a JSONL row."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=200_000)
    id: str | None = Field(None, max_length=200, description="the report's own id where it was published")
    url: str | None = Field(None, max_length=2_000)
    title: str | None = Field(None, max_length=2_000)
    source: str | None = Field(None, max_length=200, description="the channel or outlet that published it")
    published: datetime | None = Field(None, description="when it was published; else the time it is received")
    lang: Literal["en", "ru", "uk"] | None = None


class DocumentBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1, max_length=500)


class Failure(BaseModel):
    source: str
    reason: str


class IngestResult(BaseModel):
    documents: int
    new: int
    claims: int
    doc_ids: list[str]
    failures: list[Failure]


class Problem(BaseModel):
    detail: str
