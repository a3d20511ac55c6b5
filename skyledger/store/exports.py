"""The ledger as files for other tools: CSV for spreadsheets, JSONL for programs, GeoJSON for maps.

It lives in ``store`` because every format is a view of stored claims (the API will serve the same
functions); the builders take plain claim dicts (``repo.list_claims``) so they are tested without a
database.

CSV: by default one row per claim, so that a column sum counts each claim once; ``long`` gives one
row per claim-region instead (a claim with no region is one row with the region columns empty), with
the claim's ``total`` on its first row only, so that neither column sums to more than was claimed.
``excel`` starts the file with a UTF-8 byte-order mark, which spreadsheets need to show Cyrillic.
Columns::

    claim_id         <doc_id>-<n>
    doc_id, source, published                      the document
    claimant_kind, claimant_name, claimant_person, claimant_region, claimant_side
    action, weapon, weapon_detail
    total, total_bound, regions_stated, toward_moscow
    window_start, window_end, window_hours, window_date
    hedged           true/false
    flags            the claim's flags joined by ';'
    checks           'name:status' joined by ';'
    group            the reconciled claim this row is one document of (docs/reconciliation.md)
    role             primary, relay, copy or superseded: sum only one row per group, e.g. role=primary
    period           the attack period ('2026-03-15 night')
    grade            the group's source grade
    regions          (one row per claim) the breakdown, 'RU-BEL 9; RU-KRS 5'
    region_<CODE>    (one row per claim) that region's count, one column per region in the export
    region_code, region_name, region_count, region_flags (joined by ';')   (long only)

Impacts and measures export as CSV too (``what``), one row each, with the document, the region,
their own values and the text they were read from (``evidence``).

Empty cells are missing values. GeoJSON has one Point per claim-region at the region's gazetteer
point; a region the gazetteer cannot place keeps its feature with ``"geometry": null`` (RFC 7946
§3.2) so that no count silently disappears. Claims with no region have no feature.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import IO, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from skyledger.contract import extraction_to_dict
from skyledger.model import Extraction
from skyledger.store import models as m
from skyledger.store.query import ClaimQuery
from skyledger.store.repo import iter_extractions, list_claims

FORMATS = ("csv", "jsonl", "geojson")
#: What a CSV export holds.
WHATS = ("claims", "impacts", "measures")

CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "source",
    "published",
    "claimant_kind",
    "claimant_name",
    "claimant_person",
    "claimant_region",
    "claimant_side",
    "action",
    "weapon",
    "weapon_detail",
    "total",
    "total_bound",
    "regions_stated",
    "toward_moscow",
    "window_start",
    "window_end",
    "window_hours",
    "window_date",
    "hedged",
    "flags",
    "checks",
    "group",
    "role",
    "period",
    "grade",
)
#: The region columns of the long CSV.
REGION_COLUMNS = ("region_code", "region_name", "region_count", "region_flags")
#: The long CSV's columns.
CSV_COLUMNS = CLAIM_COLUMNS + REGION_COLUMNS


def _cell(value: Any) -> str:
    """One CSV cell: empty for missing, lower-case booleans.

    >>> [_cell(None), _cell(True), _cell(3), _cell(1.5)]
    ['', 'true', '3', '1.5']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _claim_cells(c: dict[str, Any]) -> dict[str, Any]:
    """The claim's own columns (:data:`CLAIM_COLUMNS`)."""
    who, w = c["claimant"], c["window"]
    return {
        "claim_id": c["id"],
        "doc_id": c["doc_id"],
        "source": c["source"],
        "published": c["published"],
        "claimant_kind": who["kind"],
        "claimant_name": who["name"],
        "claimant_person": who["person"],
        "claimant_region": who["region"],
        "claimant_side": who["side"],
        "action": c["action"],
        "weapon": c["weapon"],
        "weapon_detail": c["weapon_detail"],
        "total": c["total"],
        "total_bound": c["total_bound"],
        "regions_stated": c["regions_stated"],
        "toward_moscow": c["toward_moscow"],
        "window_start": w["start"],
        "window_end": w["end"],
        "window_hours": w["hours"],
        "window_date": w["date"],
        "hedged": c["hedged"],
        "flags": ";".join(c["flags"]),
        "checks": ";".join(f"{k['name']}:{k['status']}" for k in c["checks"]),
        **{k: c.get(k) for k in ("group", "role", "period", "grade")},
    }


def csv_rows(claims: Iterable[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """The long CSV's rows (one per claim-region), in :data:`CSV_COLUMNS` order; a claim's total is
    on its first row only."""
    for c in claims:
        base = _claim_cells(c)
        for k, r in enumerate(c["regions"] or [None]):
            region = {
                "region_code": r and r["code"],
                "region_name": r and r["name"],
                "region_count": r and r["count"],
                "region_flags": r and ";".join(r["flags"]),
            }
            row = {**base, **region, "total": base["total"] if k == 0 else None}
            yield {key: _cell(v) for key, v in row.items()}


def claim_table(claims: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, str]]]:
    """The one-row-per-claim CSV: its columns (with a ``region_<CODE>`` column for each region the
    claims name, in code order) and its rows.

    >>> cols, rows = claim_table([])
    >>> cols[-1], rows
    ('regions', [])
    """
    codes = sorted({r["code"] for c in claims for r in c["regions"]})
    columns = [*CLAIM_COLUMNS, "regions", *(f"region_{code}" for code in codes)]
    rows = []
    for c in claims:
        cells = {
            **_claim_cells(c),
            "regions": "; ".join(f"{r['code']} {_cell(r['count']) or '?'}" for r in c["regions"]),
        }
        cells.update({f"region_{r['code']}": r["count"] for r in c["regions"]})
        rows.append({col: _cell(cells.get(col)) for col in columns})
    return columns, rows


def write_csv(claims: Iterable[dict[str, Any]], fp: IO[str], long: bool = False, excel: bool = False) -> None:
    """Write claim dicts as CSV with a header row: one row per claim, or per claim-region with
    ``long``; ``excel`` starts with a byte-order mark."""
    if excel:
        fp.write("\ufeff")
    if long:
        writer = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_rows(claims))
        return
    columns, rows = claim_table(list(claims))
    writer = csv.DictWriter(fp, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


#: The columns of the impacts and measures CSVs: the document, then the row's own values.
IMPACT_COLUMNS = (
    "doc_id",
    "source",
    "published",
    "kind",
    "region",
    "place",
    "places",
    "people",
    "count",
    "date",
    "flags",
    "span_start",
    "span_end",
    "evidence",
)
MEASURE_COLUMNS = (
    "doc_id",
    "source",
    "published",
    "kind",
    "region",
    "by",
    "flags",
    "span_start",
    "span_end",
    "evidence",
)


def write_impacts_or_measures(session: Session, what: str, fp: IO[str], query: ClaimQuery) -> None:
    """Impacts or measures as CSV, oldest report first; of the claim filters, regions, channels,
    sources and languages apply (the others are about claims)."""
    table, columns = (m.Impact, IMPACT_COLUMNS) if what == "impacts" else (m.Measure, MEASURE_COLUMNS)
    rows = select(table, m.Document).join(m.Document, m.Document.doc_id == table.doc_id)
    if query.regions:
        rows = rows.where(table.region.in_(query.regions))
    if query.channels:
        rows = rows.where(m.Document.origin.in_([" ".join(c.split()).lower() for c in query.channels]))
    if query.sources:
        rows = rows.where(or_(*(m.Document.source.startswith(s, autoescape=True) for s in query.sources)))
    if query.langs:
        rows = rows.where(m.Document.lang.in_(query.langs))
    writer = csv.writer(fp, lineterminator="\n")
    writer.writerow(columns)
    for row, doc in session.execute(rows.order_by(m.Document.published, table.doc_id, table.id)):
        values = {
            **{c: getattr(row, c, None) for c in columns},
            "source": doc.source,
            "published": doc.published,
            "places": ";".join(getattr(row, "places", None) or []),
            "flags": ";".join(row.flags),
            "evidence": doc.text[row.span_start : row.span_end],
        }
        writer.writerow([_cell(values[c]) for c in columns])


def write_rows(columns: list[str], rows: Iterable[list[str]], fp: IO[str]) -> None:
    """Write already formatted rows (reconciliation's tables) as CSV with a header row."""
    writer = csv.writer(fp, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)


def write_jsonl(extractions: Iterable[Extraction], fp: IO[str]) -> None:
    """Write one contract object per document, the same lines ``skyledger extract`` prints."""
    for x in extractions:
        fp.write(json.dumps(extraction_to_dict(x), ensure_ascii=False) + "\n")


def geojson(claims: Iterable[dict[str, Any]], regions: Mapping[str, Any]) -> dict[str, Any]:
    """A FeatureCollection with one Point per claim-region; ``regions`` maps codes to gazetteer
    entries with ``.lat``/``.lon``. Coordinates are ``[lon, lat]`` as GeoJSON requires."""
    features = []
    for c in claims:
        for r in c["regions"]:
            entry = regions.get(r["code"])
            point = _point(entry)
            features.append({"type": "Feature", "geometry": point, "properties": _properties(c, r)})
    return {"type": "FeatureCollection", "features": features}


def _point(entry: Any) -> dict[str, Any] | None:
    if entry is None or entry.lat is None or entry.lon is None:
        return None
    return {"type": "Point", "coordinates": [float(entry.lon), float(entry.lat)]}


def _properties(c: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    who, w = c["claimant"], c["window"]
    return {
        "claim_id": c["id"],
        "claimant_kind": who["kind"],
        "claimant_person": who["person"],
        "action": c["action"],
        "weapon": c["weapon"],
        "region": r["code"],
        "region_name": r["name"],
        "count": r["count"],
        "total": c["total"],
        "window_start": w["start"],
        "window_end": w["end"],
        "window_date": w["date"],
        "flags": c["flags"],
        "source": c["source"],
    }


def write_geojson(claims: Iterable[dict[str, Any]], fp: IO[str], regions: Mapping[str, Any] | None = None) -> None:
    """Write the GeoJSON of claim dicts; ``regions`` defaults to the bundled gazetteer."""
    if regions is None:
        from skyledger.extract.gazetteer import load_regions

        regions = load_regions()
    json.dump(geojson(claims, regions), fp, ensure_ascii=False)
    fp.write("\n")


def export(
    session: Session,
    fmt: str,
    fp: IO[str],
    regions: Mapping[str, Any] | None = None,
    query: ClaimQuery | None = None,
    long: bool = False,
    excel: bool = False,
    what: str = "claims",
) -> None:
    """Write the claims ``query`` selects (all of them by default), oldest first, to ``fp`` in ``fmt``
    (one of :data:`FORMATS`); ``jsonl`` is every document whole, whatever the query."""
    q = replace(query or ClaimQuery(), reverse=True)
    if fmt == "csv" and what != "claims":
        write_impacts_or_measures(session, what, fp, q)
    elif fmt == "csv":
        write_csv(list_claims(session, q), fp, long=long, excel=excel)
    elif fmt == "jsonl":
        write_jsonl(iter_extractions(session), fp)
    elif fmt == "geojson":
        write_geojson(list_claims(session, q), fp, regions)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
