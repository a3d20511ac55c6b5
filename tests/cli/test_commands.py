"""The commands end to end, on the stand-in reader and extractor (see conftest)."""

from __future__ import annotations

import json
import sys
import types

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from skyledger.cli import app
from skyledger.store.db import HEAD

GOOD = (
    "Air defence systems destroyed 3 Ukrainian drones over the Kursk region. "
    "Later, air defence destroyed 2 Ukrainian drones over the Belgorod region."
)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def ingested(fake_pipeline, db, reports):
    (reports / "empty.txt").unlink()
    assert run("ingest", reports, "--db", db, "--published", "2025-11-14").exit_code == 0
    return db


def claim_ids(db, *args):
    out = run("claims", "--db", db, "-f", "jsonl", *args).stdout
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_claims_on_an_empty_ledger(db):
    assert run("db", "upgrade", "--db", db).exit_code == 0
    result = run("claims", "--db", db)
    assert result.exit_code == 0
    header = [cell.strip() for cell in result.stdout.splitlines()[1].split("┃")[1:-1]]
    assert header == ["id", "claimant", "action", "weapon", "total", "regions", "day", "role", "checks"]
    assert result.stdout.split()[-2:] == ["0", "claims"]
    assert run("claims", "--db", db, "-f", "jsonl").stdout == ""


def test_show_unknown_claim(db):
    run("db", "upgrade", "--db", db)
    result = run("show", "nope-1", "--db", db)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: no claim nope-1\n")


def test_bad_database_url_is_one_line():
    result = run("claims", "--db", "nosuchdb://x")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database nosuchdb://x: ")
    assert result.stderr.count("\n") == 1


def test_ingest_stores_the_good_file_and_names_the_empty_one(fake_pipeline, db, reports):
    result = run("ingest", reports, "--db", db)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {reports / 'empty.txt'}: empty file\n"
    assert result.stdout == "ingested 1 documents (1 new), 2 claims, 1 failures\n"
    assert len(claim_ids(db)) == 2


def test_ingest_twice_adds_nothing(ingested, reports):
    result = run("ingest", reports, "--db", ingested)
    assert (result.exit_code, result.stdout) == (
        0,
        "ingested 1 documents (0 new, 1 already in the ledger), 2 claims, 0 failures\n",
    )
    assert len(claim_ids(ingested)) == 2


def test_ingest_again_with_another_published_date_says_the_earlier_one_is_kept(ingested, reports):
    result = run("ingest", reports, "--db", ingested, "--published", "2025-11-15")
    assert (result.exit_code, result.stdout) == (
        0,
        "ingested 1 documents (0 new, 1 already in the ledger, 1 keeping their earlier --published date), "
        "2 claims, 0 failures\n",
    )
    shown = run("claims", "--db", ingested, "-f", "jsonl").stdout
    assert {json.loads(line)["published"][:10] for line in shown.splitlines()} == {"2025-11-14"}
    same = run("ingest", reports, "--db", ingested, "--published", "2025-11-14")
    assert "keeping" not in same.stdout


def test_an_extractor_crash_is_a_failure_not_a_traceback(fake_pipeline, db, tmp_path):
    (tmp_path / "boom.txt").write_text("BOOM", encoding="utf-8")
    result = run("ingest", tmp_path / "boom.txt", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'boom.txt'}: extraction failed: RuntimeError: extractor bug\n"


def test_extract_prints_one_object_per_document(fake_pipeline, reports):
    result = run("extract", reports)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(c["total"], [r["code"] for r in c["regions"]]) for c in doc["claims"]] == [
        (3, ["RU-KRS"]),
        (2, ["RU-BEL"]),
    ]
    (reports / "empty.txt").unlink()
    as_array = run("extract", reports, "--format", "json", "--published", "2025-11-14")
    assert as_array.exit_code == 0
    assert [d["published"] for d in json.loads(as_array.stdout)] == ["2025-11-14T00:00:00"]


def test_claims_filters(ingested):
    first, second = claim_ids(ingested)
    assert claim_ids(ingested, "--region", "RU-BEL") == [second]
    assert claim_ids(ingested, "--since", "2025-11-14", "--until", "2025-11-14", "--limit", "1") == [first]
    assert claim_ids(ingested, "--since", "2025-11-15") == []
    assert claim_ids(ingested, "--action", "launched") == []
    assert run("claims", "--db", ingested, "--action", "shot").exit_code == 2


def test_claims_table_row(ingested):
    first, _ = claim_ids(ingested)
    rows = [line.split("│")[1:-1] for line in run("claims", "--db", ingested).stdout.splitlines() if first in line]
    assert [[cell.strip() for cell in row] for row in rows] == [
        [first, "ministry", "destroyed", "uav", "3", "RU-KRS 3", "2025-11-14", "relay", "✓1"]
    ]


@pytest.mark.parametrize(
    "columns, cells",
    [
        ("id,total", ["{id}", "3"]),
        ("total,hedged,id,toward_moscow", ["3", "", "{id}", ""]),
        ("id,flags,window,grade", ["{id}", "", "", "relayed"]),  # a text file is no channel of the ministry
    ],
)
def test_claims_columns_choose_and_order_the_table(ingested, columns, cells):
    first, _ = claim_ids(ingested)
    out = run("claims", "--db", ingested, "--columns", columns).stdout.splitlines()
    header = [cell.strip() for cell in out[1].split("┃")[1:-1]]
    row = next(line for line in out if first in line)
    assert header == columns.split(",")
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [c.format(id=first) for c in cells]


def test_an_unknown_column_is_a_usage_error(ingested):
    result = run("claims", "--db", ingested, "--columns", "id,nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Invalid value for '--columns': unknown column(s) nope; choose from id, ")


def test_claims_as_csv(ingested):
    lines = run("claims", "--db", ingested, "-f", "csv").stdout.splitlines()
    assert lines[0].startswith("claim_id,doc_id,source,url,channel,title,lang,published,")
    assert len(lines) == 3


def test_show_marks_each_value_in_the_sentence(ingested, reports):
    first, _ = claim_ids(ingested)
    result = run("show", first, "--db", ingested)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"{first}  {reports / 'good.txt'}  published 2025-11-14T00:00:00",
        "ministry: destroyed 3 uav  RU-KRS 3",
        "",
        "Air defence systems destroyed [3] Ukrainian drones over the [Kursk] region. "
        "Later, air defence destroyed 2 Ukrainian drones over the Belgorod region.",
        "",
    ]
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert cells == [
        ["total", "3", "3", "[30, 31)"],
        ["region:RU-KRS", "RU-KRS Kursk region", "Kursk", "[58, 63)"],
        ["count:RU-KRS", "3", "3", "[30, 31)"],
        ["breakdown_sum", "✓ pass", "3 = 3"],
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_writes_the_file(ingested, tmp_path, fmt):
    out = tmp_path / f"ledger.{fmt}"
    result = run("export", "--format", fmt, "--out", out, "--db", ingested)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        assert len(text.splitlines()) == 3
    else:
        assert [json.loads(line)["extractor_version"] for line in text.splitlines()] == ["fake-1"]


def test_export_geojson_writes_the_features_off_the_map_next_to_the_map(ingested, tmp_path):
    out = tmp_path / "ledger.geojson"
    result = run("export", "--format", "geojson", "--out", out, "--db", ingested, "--shapes", "point")
    off_map = tmp_path / "ledger.unplaced.geojson"
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"1 features with no place on the map written to {off_map}\n"
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["geometry"] for f in features] == [{"type": "Point", "coordinates": [36.2, 51.7]}]
    unplaced = json.loads(off_map.read_text(encoding="utf-8"))["features"]
    assert [(f["geometry"], f["properties"]["region_code"]) for f in unplaced] == [(None, "RU-BEL")]


def test_export_geojson_to_stdout_says_what_it_left_out(ingested):
    result = run("export", "--format", "geojson", "--out", "-", "--db", ingested, "--shapes", "point")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["features"]) == 1
    assert result.stderr == "1 features with no place on the map were left out: --unplaced PATH writes them\n"


def test_export_parquet_needs_a_file(ingested, tmp_path):
    refused = run("export", "--format", "parquet", "--out", "-", "--db", ingested)
    assert refused.exit_code == 2 and "Parquet is a binary file" in refused.stderr
    out = tmp_path / "claims.parquet"
    assert run("export", "--format", "parquet", "--out", out, "--db", ingested).exit_code == 0
    assert pq.read_table(out).num_rows == 2


def test_export_jsonl_equals_what_extract_printed(ingested, reports):
    extracted = run("extract", reports, "--published", "2025-11-14").stdout
    assert run("export", "-f", "jsonl", "-o", "-", "--db", ingested).stdout == extracted


def test_export_to_an_unwritable_path(db, tmp_path):
    run("db", "upgrade", "--db", db)
    result = run("export", "-f", "csv", "-o", tmp_path / "missing" / "x.csv", "--db", db)
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {tmp_path / 'missing' / 'x.csv'}: No such file or directory\n"


class Scores:
    def as_dict(self):
        return {"claims": {"f1": 0.5}}

    def render(self):
        return "claims  f1 0.50"


@pytest.fixture
def fake_evaluate(monkeypatch):
    calls = []
    module = types.ModuleType("skyledger.evaluate")
    module.score_files = lambda gold, pred: calls.append((gold.name, pred.name)) or Scores()
    monkeypatch.setitem(sys.modules, "skyledger.evaluate", module)
    return calls


@pytest.fixture
def scored(tmp_path):
    for name in ("gold.jsonl", "pred.jsonl"):
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    return tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"


def test_eval_prints_the_table_or_json(fake_evaluate, scored):
    assert run("eval", *scored).stdout == "claims  f1 0.50\n"
    assert json.loads(run("eval", *scored, "--json").stdout) == {"claims": {"f1": 0.5}}
    assert fake_evaluate == [("gold.jsonl", "pred.jsonl")] * 2


def test_eval_of_a_missing_file_is_a_usage_error(fake_evaluate, scored, tmp_path):
    result = run("eval", scored[0], tmp_path / "nope.jsonl")
    assert result.exit_code == 2 and "nope.jsonl" in result.stderr and fake_evaluate == []


def test_eval_errors_are_one_line(monkeypatch, scored):
    from skyledger.errors import GoldFileError

    def broken(gold, pred):
        raise GoldFileError(f"{gold.name}: line 3: not JSON")

    module = types.ModuleType("skyledger.evaluate")
    module.score_files = broken
    monkeypatch.setitem(sys.modules, "skyledger.evaluate", module)
    result = run("eval", *scored)
    assert (result.exit_code, result.stderr) == (1, "Error: gold.jsonl: line 3: not JSON\n")


@pytest.mark.parametrize(
    "command",
    [["claims"], ["show", "abc-1"], ["export", "-f", "csv", "-o", "-"], ["incidents"], ["daily"], ["record"]],
)
def test_a_read_command_never_creates_a_ledger(tmp_path, command):
    """A mistyped path is an error that names it, not an empty ledger that answers '0 claims'."""
    path = tmp_path / "nosuch.db"
    result = run(*command, "--db", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: no ledger at {path} (skyledger ingest --db {path} makes one)\n"
    assert not path.exists()


def test_db_upgrade_creates_an_empty_ledger_that_reads_as_empty(tmp_path):
    path = tmp_path / "new.db"
    result = run("db", "upgrade", "--db", path)
    assert (result.exit_code, result.stdout) == (0, f"ledger sqlite:///{path} is at revision {HEAD}\n")
    assert run("claims", "--db", path, "-f", "jsonl").stdout == ""


def test_version_names_the_release_the_extractor_and_the_contract():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("skyledger 0.1.0 (extractor ") and result.stdout.endswith(", contract 3)\n")


def test_ctrl_c_says_how_far_the_run_got_and_a_second_run_finishes(fake_pipeline, db, reports):
    (reports / "empty.txt").unlink()
    (reports / "stop.txt").write_text("CTRL-C", encoding="utf-8")  # read after good.txt
    result = run("ingest", reports, "--db", db, "--workers", "1")  # the stand-in's Ctrl-C comes from here
    assert (result.exit_code, result.stdout) == (130, "")
    assert result.stderr == (
        "Interrupted: ingested 1 documents (1 new), 2 claims, 0 failures. Every document counted is stored; "
        "run the same command again to finish (reports already in the ledger are not extracted again).\n"
    )
    assert len(claim_ids(db)) == 2
    (reports / "stop.txt").write_text(GOOD.replace("3", "4"), encoding="utf-8")
    again = run("ingest", reports, "--db", db)
    assert again.stdout == "ingested 2 documents (1 new, 1 already in the ledger), 4 claims, 0 failures\n"
