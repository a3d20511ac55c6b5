"""Exports compared whole with literals."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path

import geojson as geojson_reader
import pandas
import pyarrow.parquet as pq
import pytest

from skyledger.contract import extraction_to_dict
from skyledger.parquet import CLAIMS
from skyledger.store import repo
from skyledger.store.exports import CLAIM_COLUMNS, CSV_COLUMNS, export, write_geojson

from .ledger_factory import air_force_extraction, all_extractions, governor_extraction, mod_extraction


@dataclass(frozen=True)
class Entry:
    """Stands in for the gazetteer's RegionEntry: only the point is used."""

    lat: float | None
    lon: float | None


REGIONS = {"RU-BEL": Entry(50.6, 36.6), "RU-ROS": Entry(47.2, 39.7), "RU-STA": Entry(None, None)}


def stored(session, *xs):
    run_id = repo.start_run(session, "test-1")
    for x in xs:
        repo.ingest_extraction(session, x, run_id)
    session.commit()
    return session


def exported(session, fmt, **options):
    out = io.StringIO()
    export(session, fmt, out, regions=REGIONS, **options)
    return out.getvalue()


GOLDEN = Path(__file__).parent / "golden"


def matches_golden(name: str, got: str, update: bool) -> None:
    """Compare a whole export with its golden file (``pytest --update-golden`` rewrites it)."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{name} differs: run pytest --update-golden if the change is meant"


@pytest.mark.parametrize(
    ("name", "fmt", "options"),
    [
        ("claims.csv", "csv", {}),
        ("claims_long.csv", "csv", {"long": True}),
        ("claims.geojson", "geojson", {}),
    ],
)
def test_whole_exports_match_golden_files(session, update_golden, name, fmt, options):
    stored(session, *all_extractions())
    matches_golden(name, exported(session, fmt, **options), update_golden)


def test_long_csv_has_a_row_per_claim_region_and_one_for_a_claim_without_region(session):
    stored(session, governor_extraction(), air_force_extraction())
    rows = list(csv.DictReader(io.StringIO(exported(session, "csv", long=True))))
    assert [(r["claim_id"], r["total"], r["region_code"], r["region_count"], r["region_flags"]) for r in rows] == [
        ("5345f91787d52fc8-1", "3", "RU-BEL", "3", "claimant_region"),
        ("9cd8d6ff61d4e3a2-1", "50", "", "", ""),
    ]
    assert list(rows[0]) == list(CSV_COLUMNS)


def test_csv_columns_are_documented():
    from skyledger.store import exports

    for column in CSV_COLUMNS:
        assert column in exports.__doc__


def test_jsonl_rebuilds_one_contract_object_per_document(session):
    xs = all_extractions()
    stored(session, *xs)
    lines = exported(session, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [extraction_to_dict(x) for x in xs]
    assert "Белгородской" in exported(session, "jsonl")  # ensure_ascii=False


def geojson(session, **options):
    """The map's FeatureCollection and the one of features with no place on it."""
    off_map = io.StringIO()
    on_map = exported(session, "geojson", unplaced=off_map, **options)
    return json.loads(on_map), json.loads(off_map.getvalue())


def test_geojson_accounts_for_every_claim_region_on_the_map_or_off_it(session):
    stored(session, mod_extraction(), governor_extraction(), air_force_extraction())
    on_map, off_map = geojson(session)
    placed = [(f["properties"]["claim_id"], f["properties"]["region_code"]) for f in on_map["features"]]
    unplaced = [(f["properties"]["claim_id"], f["properties"]["region_code"]) for f in off_map["features"]]
    assert placed == [("06e76164832fca31-1", "RU-ROS"), ("5345f91787d52fc8-1", "RU-BEL")]
    # RU-STA has no point in REGIONS; the Air Force's claim names no region
    assert unplaced == [("06e76164832fca31-1", "RU-STA"), ("9cd8d6ff61d4e3a2-1", None)]
    assert all(f["geometry"] is None for f in off_map["features"])
    assert [f["geometry"] for f in on_map["features"]] == [
        {"type": "Point", "coordinates": [39.7, 47.2]},
        {"type": "Point", "coordinates": [36.6, 50.6]},
    ]


def test_geojson_properties_are_scalars_named_as_the_long_csv_columns(session):
    stored(session, *all_extractions())
    on_map, off_map = geojson(session)
    for feature in on_map["features"] + off_map["features"]:
        assert list(feature["properties"]) == list(CSV_COLUMNS)
        assert all(v is None or isinstance(v, str | int | float | bool) for v in feature["properties"].values())


def test_geojson_spreads_the_points_of_one_region_so_none_hides_another(session):
    x = mod_extraction()
    copies = [replace(x, report=replace(x.report, doc_id=f"{x.report.doc_id[:-1]}{k}")) for k in range(5)]
    stored(session, *copies)
    on_map, _ = geojson(session)
    points = [
        tuple(f["geometry"]["coordinates"]) for f in on_map["features"] if f["properties"]["region_code"] == "RU-ROS"
    ]
    assert len(points) == len(set(points)) == 5
    assert all(abs(lon - 39.7) < 0.2 and abs(lat - 47.2) < 0.1 for lon, lat in points)


def test_geojson_reads_back_with_a_geojson_reader_and_accounts_for_every_claim(session):
    stored(session, *all_extractions())
    off_map = io.StringIO()
    text = exported(session, "geojson", unplaced=off_map)
    read = [geojson_reader.loads(t) for t in (text, off_map.getvalue())]
    assert all(doc.is_valid for doc in read)
    ids = {f["properties"]["claim_id"] for doc in read for f in doc["features"]}
    assert ids == {c["id"] for c in repo.list_claims(session)}
    regions = sum(len(c["regions"]) or 1 for c in repo.list_claims(session))
    assert sum(len(doc["features"]) for doc in read) == regions


def test_parquet_reads_back_with_pyarrow_in_the_contract_columns(session):
    stored(session, *all_extractions())
    out = io.BytesIO()
    export(session, "parquet", out)
    rows = pq.read_table(io.BytesIO(out.getvalue())).to_pylist()
    listed = {c["id"]: c for c in repo.list_claims(session)}
    assert sorted(r["id"] for r in rows) == sorted(listed)
    for row in rows:
        claim = listed[row["id"]]
        assert dict(row.pop("spans")) == claim.pop("spans")
        row["window"]["hours"] = claim["window"]["hours"] and float(claim["window"]["hours"])
        assert row == claim


def test_parquet_of_an_empty_selection_is_an_empty_table_with_the_schema(session):
    out = io.BytesIO()
    export(session, "parquet", out)
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == 0 and table.schema == CLAIMS


def test_unknown_format(session):
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        exported(session, "xml")


def test_csv_has_one_row_per_claim_so_that_sums_count_each_claim_once(session):
    stored(session, *all_extractions())
    lines = exported(session, "csv").splitlines()
    header = lines[0].split(",")
    assert header == [*CLAIM_COLUMNS, "regions", "region_RU-BEL", "region_RU-ROS", "region_RU-STA"]
    assert len(lines) == 1 + 3  # three claims
    mod = next(line for line in lines if line.startswith("06e76164832fca31-1"))
    assert mod.endswith(",RU-ROS 8; RU-STA 4,,8,4")


def test_csv_opens_in_pandas_with_every_claim_and_figure(session):
    """What a spreadsheet user does: open the file, sum the totals and the region columns."""
    stored(session, *all_extractions())
    for excel in (False, True):
        text = exported(session, "csv", excel=excel)
        assert text.startswith("\ufeff") == excel
        frame = pandas.read_csv(io.BytesIO(text.encode("utf-8")), encoding="utf-8-sig")
        assert list(frame.columns)[0] == "claim_id"  # the mark is not part of the first name
        assert sorted(frame["claim_id"]) == sorted(c["id"] for c in repo.list_claims(session))
        assert frame["total"].sum() == 12 + 3 + 50
        assert frame["region_RU-ROS"].sum() == 8
    long = pandas.read_csv(io.StringIO(exported(session, "csv", long=True)))
    assert long["total"].sum() == 12 + 3 + 50  # the total once per claim, however many regions
    assert long["region_count"].sum() == 8 + 4 + 3
    assert len(long) == 2 + 1 + 1  # two regions, one, and a claim with none


@pytest.mark.parametrize("what", ["impacts", "measures"])
def test_impacts_and_measures_export_every_row_with_its_evidence(session, what):
    xs = all_extractions()
    stored(session, *xs)
    rows = list(csv.DictReader(io.StringIO(exported(session, "csv", what=what))))
    texts = {x.report.doc_id: x.report.text for x in xs}
    expected = [
        (x.report.doc_id, v.kind, v.region) for x in xs for v in (x.impacts if what == "impacts" else x.measures)
    ]
    assert sorted((r["doc_id"], r["kind"], r["region"] or None) for r in rows) == sorted(expected)
    for r in rows:
        assert r["evidence"] == texts[r["doc_id"]][int(r["span_start"]) : int(r["span_end"])]


def test_geojson_draws_a_region_as_its_boundary_where_one_is_installed(session, tmp_path):
    from skyledger.store.exports import load_boundaries

    square = {"type": "Polygon", "coordinates": [[[39, 47], [40, 47], [40, 48], [39, 48], [39, 47]]]}
    path = tmp_path / "regions.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"code": "RU-ROS", "name": "Rostov Oblast"}, "geometry": square}
                ],
            }
        ),
        encoding="utf-8",
    )
    assert load_boundaries(tmp_path / "missing.geojson") == {}
    stored(session, mod_extraction())
    on_map = io.StringIO()
    write_geojson(repo.list_claims(session), on_map, io.StringIO(), REGIONS, load_boundaries(path))
    geometries = {f["properties"]["region_code"]: f["geometry"] for f in json.loads(on_map.getvalue())["features"]}
    assert geometries == {"RU-ROS": square}  # RU-STA has neither a boundary nor a point here
