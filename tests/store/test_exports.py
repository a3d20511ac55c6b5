"""Exports compared whole with literals."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest

from skyledger.contract import extraction_to_dict
from skyledger.store import repo
from skyledger.store.exports import CLAIM_COLUMNS, CSV_COLUMNS, export

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


def test_long_csv_has_a_row_per_claim_region_and_one_for_a_claim_without_region(session):
    stored(session, governor_extraction(), air_force_extraction())
    assert exported(session, "csv", long=True) == (
        ",".join(CSV_COLUMNS) + "\n"
        "5345f91787d52fc8-1,5345f91787d52fc8,gladkov.json,,governor,,Vyacheslav Gladkov,RU-BEL,RU,"
        "destroyed,uav,,3,exact,,,,,,,false,date_unresolved,breakdown_sum:pass;date_known:fail,"
        ",,,,RU-BEL,Белгородской областью,3,claimant_region\n"
        "9cd8d6ff61d4e3a2-1,9cd8d6ff61d4e3a2,af.html,2024-11-15T08:00:00+02:00,air_force,"
        "Ukrainian Air Force,,,UA,launched,uav,shahed,50,at_least,,,,,,2024-11-15,true,window_approx,,"
        ",,,,,,,\n"
    )


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


def test_geojson_has_a_point_per_claim_region(session):
    stored(session, mod_extraction(), governor_extraction(), air_force_extraction())
    common = {
        "claimant_kind": "ministry",
        "claimant_person": None,
        "action": "destroyed",
        "weapon": "uav",
        "total": 12,
        "window_start": "2024-11-14T20:00:00+03:00",
        "window_end": "2024-11-14T23:00:00+03:00",
        "window_date": "2024-11-14",
        "flags": [],
        "source": "mod.txt",
        "claim_id": "06e76164832fca31-1",
    }
    assert json.loads(exported(session, "geojson")) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [39.7, 47.2]},
                "properties": {**common, "region": "RU-ROS", "region_name": "Rostov region", "count": 8},
            },
            {
                "type": "Feature",
                "geometry": None,
                "properties": {
                    **common,
                    "region": "RU-STA",
                    "region_name": "Stavropol territory",
                    "count": 4,
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [36.6, 50.6]},
                "properties": {
                    "claim_id": "5345f91787d52fc8-1",
                    "claimant_kind": "governor",
                    "claimant_person": "Vyacheslav Gladkov",
                    "action": "destroyed",
                    "weapon": "uav",
                    "region": "RU-BEL",
                    "region_name": "Белгородской областью",
                    "count": 3,
                    "total": 3,
                    "window_start": None,
                    "window_end": None,
                    "window_date": None,
                    "flags": ["date_unresolved"],
                    "source": "gladkov.json",
                },
            },
        ],
    }


def test_geojson_is_valid(session):
    stored(session, *all_extractions())
    doc = json.loads(exported(session, "geojson"))
    assert doc["type"] == "FeatureCollection"
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            lon, lat = geometry["coordinates"]
            assert geometry["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90


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
    pandas = pytest.importorskip("pandas")
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
    import csv

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
