"""The ledger as files for other tools: CSV for spreadsheets, JSONL for programs, GeoJSON for maps,
Parquet for data frames (``skyledger.parquet``).

It lives in ``store`` because every format is a view of stored claims (the API serves the same
functions); the builders take plain claim dicts (``repo.iter_claims``) so they are tested without a
database, and every format streams: the claims are read and written one at a time.

CSV: by default one row per claim, so that a column sum counts each claim once; ``long`` gives one
row per claim-region instead (a claim with no region is one row with the region columns empty), with
the claim's ``total`` on its first row only, so that neither column sums to more than was claimed.
``excel`` starts the file with a UTF-8 byte-order mark, which spreadsheets need to show Cyrillic.
Columns::

    claim_id         <doc_id>-<n>
    doc_id, source, url, channel, title, lang, published           the report
    claimant_kind, claimant_name, claimant_person, claimant_region, claimant_side
    action, weapon, weapon_detail
    total, total_bound, regions_stated, toward_moscow
    window_start, window_end      the window as the text states it, in the claimant's local time
    window_hours, window_date, window_phrase      a stated length, the date, the words of a vague window
    window_inferred   how the UTC window was reached: stated, calendar, approx, date, open_start,
                      open_end or published (docs/reconciliation.md)
    window_utc_start, window_utc_end              that window in UTC
    window_local_start, window_local_end          the same instants in the claimant's zone
    day              the claimant's day the window ends on (what --since/--until filter on)
    hedged           true/false
    flags            the claim's flags joined by ';'
    checks           'name:status' joined by ';'
    group            the reconciled claim this row is one document of (docs/reconciliation.md)
    role             primary, relay, copy or superseded: sum only one row per group, e.g. role=primary
    period           the attack period ('2026-03-15 night')
    grade            the group's source grade
    evidence         the sentences the claim was read from, on one line
    regions          (one row per claim) the breakdown, 'RU-BEL 9; RU-KRS 5'
    region_<CODE>    (one row per claim) that region's count, one column per region in the export
    region_code, region_name, region_count, region_flags (joined by ';')   (long only)

Impacts and measures export as CSV too (``what``), one row each, with the document, the region,
their own values and the text they were read from (``evidence``).

Empty cells are missing values. GeoJSON has a Point per claim-region at the region's gazetteer point,
the points of one region spread on a small spiral (:func:`spread`) so that none hides another, and
the long CSV's columns as properties, every one a scalar, as QGIS wants them. The features with no
place on the map (a claim with no region, a region the gazetteer cannot place) have
``"geometry": null`` and go to a second file, so that no claim is left out of the two.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from skyledger import parquet, views
from skyledger.contract import extraction_to_dict
from skyledger.model import Extraction
from skyledger.reconcile.intervals import zone
from skyledger.store import models as m
from skyledger.store.query import ClaimQuery, document_conditions
from skyledger.store.repo import iter_claims, iter_extractions

FORMATS = ("csv", "jsonl", "geojson", "parquet")
#: What a CSV export holds.
WHATS = ("claims", "impacts", "measures")

CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "source",
    "url",
    "channel",
    "title",
    "lang",
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
    "window_phrase",
    "window_inferred",
    "window_utc_start",
    "window_utc_end",
    "window_local_start",
    "window_local_end",
    "day",
    "hedged",
    "flags",
    "checks",
    "group",
    "role",
    "period",
    "grade",
    "evidence",
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


def _local(utc: str | None, c: dict[str, Any]) -> str | None:
    """A UTC instant in the claimant's zone (the window's own offset, else its side's).

    >>> _local("2026-03-14T21:00:00+00:00", {"window": {"tz": None}, "claimant": {"side": "UA"}})
    '2026-03-14T23:00:00+02:00'
    """
    if utc is None:
        return None
    return datetime.fromisoformat(utc).astimezone(zone(c["window"], c["claimant"]["side"])).isoformat()


def evidence_sentence(c: dict[str, Any]) -> str | None:
    """The sentences the claim was read from, on one line; None without the document's text."""
    if c.get("text") is None:
        return None
    start, end = views.excerpt_bounds(c)
    return " ".join(c["text"][start:end].split())


def _claim_cells(c: dict[str, Any]) -> dict[str, Any]:
    """The claim's own columns (:data:`CLAIM_COLUMNS`)."""
    who, w = c["claimant"], c["window"]
    placed = c.get("utc_end") is not None
    return {
        "claim_id": c["id"],
        **{k: c.get(k) for k in ("doc_id", "source", "url", "channel", "title", "lang", "published")},
        **{f"claimant_{k}": who[k] for k in ("kind", "name", "person", "region", "side")},
        **{k: c[k] for k in ("action", "weapon", "weapon_detail", "total", "total_bound")},
        **{k: c[k] for k in ("regions_stated", "toward_moscow")},
        **{f"window_{k}": w[k] for k in ("start", "end", "hours", "date", "phrase")},
        "window_inferred": (c.get("inferred") or "stated") if placed else None,
        "window_utc_start": c.get("utc_start"),
        "window_utc_end": c.get("utc_end"),
        "window_local_start": _local(c.get("utc_start"), c),
        "window_local_end": _local(c.get("utc_end"), c),
        "day": c.get("day"),
        "hedged": c["hedged"],
        "flags": ";".join(c["flags"]),
        "checks": ";".join(f"{k['name']}:{k['status']}" for k in c["checks"]),
        **{k: c.get(k) for k in ("group", "role", "period", "grade")},
        "evidence": evidence_sentence(c),
    }


def region_cells(r: dict[str, Any] | None) -> dict[str, Any]:
    """One breakdown line's columns (:data:`REGION_COLUMNS`); all empty for a claim with no region."""
    return {
        "region_code": r and r["code"],
        "region_name": r and r["name"],
        "region_count": r and r["count"],
        "region_flags": r and ";".join(r["flags"]),
    }


def csv_rows(claims: Iterable[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """The long CSV's rows (one per claim-region), in :data:`CSV_COLUMNS` order; a claim's total is
    on its first row only."""
    for c in claims:
        base = _claim_cells(c)
        for k, r in enumerate(c["regions"] or [None]):
            row = {**base, **region_cells(r), "total": base["total"] if k == 0 else None}
            yield {key: _cell(v) for key, v in row.items()}


def claim_columns(codes: Iterable[str]) -> list[str]:
    """The one-row-per-claim CSV's columns, with a ``region_<CODE>`` column for each of ``codes``
    (the regions the exported claims name), in code order.

    >>> claim_columns(["RU-ROS", "RU-BEL"])[-3:]
    ['regions', 'region_RU-BEL', 'region_RU-ROS']
    """
    return [*CLAIM_COLUMNS, "regions", *(f"region_{code}" for code in sorted(set(codes)))]


def claim_row(c: dict[str, Any], columns: list[str]) -> dict[str, str]:
    """One claim as a row of the one-row-per-claim CSV."""
    cells = {
        **_claim_cells(c),
        "regions": "; ".join(f"{r['code']} {_cell(r['count']) or '?'}" for r in c["regions"]),
        **{f"region_{r['code']}": r["count"] for r in c["regions"]},
    }
    return {col: _cell(cells.get(col)) for col in columns}


#: How a spreadsheet tells a formula: a cell starting so is read as one ('=HYPERLINK(...)').
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(row: dict[str, str]) -> dict[str, str]:
    """A row whose cells no spreadsheet runs as formulas: report text is untrusted.

    >>> inert({"evidence": "=SUM(A1)", "total": "3", "name": "-"})
    {'evidence': "'=SUM(A1)", 'total': '3', 'name': "'-"}
    """
    return {k: f"'{v}" if v.startswith(FORMULA_START) else v for k, v in row.items()}


def write_csv(
    claims: Iterable[dict[str, Any]],
    fp: IO[str],
    long: bool = False,
    excel: bool = False,
    codes: Iterable[str] | None = None,
) -> None:
    """Write claim dicts as CSV with a header row: one row per claim, or per claim-region with
    ``long``; ``excel`` starts with a byte-order mark and makes every cell inert (:func:`inert`).
    ``codes`` names the region columns ahead, so that the claims stream; without it they are read
    once to find them."""
    if excel:
        fp.write("\ufeff")
    if long:
        writer = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(inert(r) if excel else r for r in csv_rows(claims))
        return
    if codes is None:
        claims = list(claims)
        codes = (r["code"] for c in claims for r in c["regions"])
    columns = claim_columns(codes)
    writer = csv.DictWriter(fp, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(inert(claim_row(c, columns)) if excel else claim_row(c, columns) for c in claims)


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
    rows = rows.where(*document_conditions(query))
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


#: How far apart, in degrees of latitude, the points of one region are spread (about 2 km).
SPREAD = 0.02
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def spread(lon: float, lat: float, k: int) -> list[float]:
    """The ``k``-th point of a region, on a sunflower spiral around its gazetteer point, so that a
    map shows every claim-region instead of one dot over many; the first is the point itself.

    >>> spread(36.6, 50.6, 0)
    [36.6, 50.6]
    >>> [round(v, 4) for v in spread(36.6, 50.6, 1)]
    [36.5768, 50.6135]
    """
    if k == 0:
        return [lon, lat]
    radius, angle = SPREAD * math.sqrt(k), k * _GOLDEN_ANGLE
    return [
        round(lon + radius * math.cos(angle) / math.cos(math.radians(lat)), 6),
        round(lat + radius * math.sin(angle), 6),
    ]


#: The web map's region boundaries, when set-up built them (scripts/build_boundaries.py).
BOUNDARIES = Path(__file__).resolve().parents[1] / "web" / "static" / "regions.geojson"


def load_boundaries(path: Path = BOUNDARIES) -> dict[str, dict[str, Any]]:
    """Code -> region polygon of the installed boundary dataset; empty when none is installed."""
    if not path.exists():
        return {}
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["geometry"] for f in collection["features"]}


def geojson_features(
    claims: Iterable[dict[str, Any]], regions: Mapping[str, Any], shapes: Mapping[str, Any] | None = None
) -> Iterator[tuple[bool, dict[str, Any]]]:
    """Features for claim dicts, each with whether it is on the map: the region's polygon where
    ``shapes`` has one (:func:`load_boundaries`), else a Point at the gazetteer's point (``regions``
    maps codes to entries with ``.lat``/``.lon``; coordinates are ``[lon, lat]`` as GeoJSON
    requires), spread by :func:`spread`; and, off the map with ``"geometry": null`` (RFC 7946 §3.2),
    a feature for each claim with no region and each region that has neither. Properties are the
    long CSV's columns, every one a scalar."""
    seen: dict[str, int] = {}
    shapes = shapes or {}
    for c in claims:
        base = _claim_cells(c)
        for k, r in enumerate(c["regions"] or [None]):
            properties = {**base, **region_cells(r), "total": base["total"] if k == 0 else None}
            if r and r["code"] in shapes:
                yield True, {"type": "Feature", "geometry": shapes[r["code"]], "properties": properties}
                continue
            entry = regions.get(r["code"]) if r else None
            if entry is None or entry.lat is None or entry.lon is None:
                yield False, {"type": "Feature", "geometry": None, "properties": properties}
                continue
            n = seen[r["code"]] = seen.get(r["code"], -1) + 1
            point = {"type": "Point", "coordinates": spread(float(entry.lon), float(entry.lat), n)}
            yield True, {"type": "Feature", "geometry": point, "properties": properties}


class _Collection:
    """A FeatureCollection written one feature at a time, so an export of any size streams."""

    def __init__(self, fp: IO[str] | None) -> None:
        self.fp, self.count = fp, 0
        if fp is not None:
            fp.write('{"type": "FeatureCollection", "features": [')

    def add(self, feature: dict[str, Any]) -> None:
        if self.fp is not None:
            self.fp.write(("," if self.count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        if self.fp is not None:
            self.fp.write("\n]}\n")


def write_geojson(
    claims: Iterable[dict[str, Any]],
    fp: IO[str],
    unplaced: IO[str] | None = None,
    regions: Mapping[str, Any] | None = None,
    shapes: Mapping[str, Any] | None = None,
) -> tuple[int, int]:
    """Write the map's features to ``fp`` and the features with no place on it to ``unplaced`` (or
    nowhere, if None: the caller says how many); returns both counts. ``regions`` defaults to the
    bundled gazetteer; ``shapes`` (region polygons) to none, points only."""
    if regions is None:
        from skyledger.extract.gazetteer import load_regions

        regions = load_regions()
    on_map, off_map = _Collection(fp), _Collection(unplaced)
    for placed, feature in geojson_features(claims, regions, shapes):
        (on_map if placed else off_map).add(feature)
    on_map.close()
    off_map.close()
    return on_map.count, off_map.count


def export(
    session: Session,
    fmt: str,
    fp: IO[str] | IO[bytes],
    regions: Mapping[str, Any] | None = None,
    query: ClaimQuery | None = None,
    long: bool = False,
    excel: bool = False,
    what: str = "claims",
    unplaced: IO[str] | None = None,
    polygons: bool = False,
) -> int | None:
    """Write the claims ``query`` selects (all of them by default), oldest first, to ``fp`` in ``fmt``
    (one of :data:`FORMATS`; ``parquet`` needs a binary file), streaming them; ``jsonl`` is every
    document whole, whatever the query. For ``geojson`` the claims with no place on the map go to
    ``unplaced`` and their number is returned; with ``polygons`` each region is its boundary where the
    boundary dataset is installed."""
    q = replace(query or ClaimQuery(), reverse=True)
    with_text = fmt in ("csv", "geojson")
    if fmt == "csv" and what != "claims":
        write_impacts_or_measures(session, what, fp, q)  # type: ignore[arg-type]
    elif fmt == "csv":
        codes = None if long else {r["code"] for c in iter_claims(session, q) for r in c["regions"]}
        write_csv(iter_claims(session, q, with_text), fp, long=long, excel=excel, codes=codes)  # type: ignore[arg-type]
    elif fmt == "jsonl":
        write_jsonl(iter_extractions(session), fp)  # type: ignore[arg-type]
    elif fmt == "geojson":
        shapes = load_boundaries() if polygons else None
        return write_geojson(iter_claims(session, q, with_text), fp, unplaced, regions, shapes)[1]  # type: ignore[arg-type]
    elif fmt == "parquet":
        parquet.write_claims(iter_claims(session, q), fp)  # type: ignore[arg-type]
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return None
