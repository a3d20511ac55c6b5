"""Every claim filter, alone and combined, on SQLite and PostgreSQL, checked against the same
filter written in plain Python over the whole ledger (an oracle that shares no code with the SQL)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import select

from skyledger.store import list_claims, open_ledger, store_batch
from skyledger.store import models as m
from skyledger.store.load import extractor_version, read_and_extract
from skyledger.store.query import ClaimQuery, count_select
from skyledger.store.repo import count_claims

ROOT = Path(__file__).resolve().parents[2]
PATHS = [ROOT / "examples", ROOT / "tests" / "reconcile" / "reports"]


@cache
def extractions():
    from datetime import UTC, datetime

    return list(read_and_extract(PATHS, datetime(2025, 11, 20, tzinfo=UTC)))


def failed(c):
    return any(f.startswith("check_failed:") for f in c["flags"])


# (query, the same filter in Python over a claim dict, its document's origin and text)
CASES = [
    (ClaimQuery(actions=["launched"]), lambda c, o, t: c["action"] == "launched"),
    (ClaimQuery(actions=["launched", "hit"]), lambda c, o, t: c["action"] in ("launched", "hit")),
    (ClaimQuery(weapons=["missile"]), lambda c, o, t: c["weapon"] == "missile"),
    (ClaimQuery(regions=["RU-BEL"]), lambda c, o, t: "RU-BEL" in {r["code"] for r in c["regions"]}),
    (
        ClaimQuery(regions=["RU-BEL", "RU-KRS"]),
        lambda c, o, t: bool({"RU-BEL", "RU-KRS"} & {r["code"] for r in c["regions"]}),
    ),
    (ClaimQuery(claimant_kinds=["governor", "mayor"]), lambda c, o, t: c["claimant"]["kind"] in ("governor", "mayor")),
    (ClaimQuery(persons=["gladkov"]), lambda c, o, t: "gladkov" in (c["claimant"]["person"] or "").casefold()),
    (ClaimQuery(persons=["СОБЯНИН", "gladkov"]), lambda c, o, t: False),  # person names are stored in English
    (ClaimQuery(channels=["T.me/Mod_Russia"]), lambda c, o, t: o == "t.me/mod_russia"),
    (
        ClaimQuery(sources=[str(ROOT / "examples" / "feed.xml")]),
        lambda c, o, t: c["source"].startswith(str(ROOT / "examples" / "feed.xml")),
    ),
    (ClaimQuery(langs=["ru", "uk"]), None),
    (ClaimQuery(flags=["vague_time"]), lambda c, o, t: "vague_time" in c["flags"]),
    (
        ClaimQuery(flags=["vague_time", "tz_assumed"]),
        lambda c, o, t: bool({"vague_time", "tz_assumed"} & set(c["flags"])),
    ),
    (ClaimQuery(exclude_flags=["vague_time"]), lambda c, o, t: "vague_time" not in c["flags"]),
    (ClaimQuery(failed_checks=True), lambda c, o, t: failed(c)),
    (ClaimQuery(failed_checks=False), lambda c, o, t: not failed(c)),
    (ClaimQuery(hedged=True), lambda c, o, t: c["hedged"]),
    (ClaimQuery(hedged=False), lambda c, o, t: not c["hedged"]),
    (ClaimQuery(text="БЕЛГОРОДСК"), lambda c, o, t: "белгородск" in t.casefold()),
    (ClaimQuery(text="50%_"), lambda c, o, t: "50%_" in t.casefold()),  # no LIKE wildcards
    (ClaimQuery(since=date(2026, 3, 15), until=date(2026, 3, 15)), lambda c, o, t: c["day"] == "2026-03-15"),
    (ClaimQuery(since=date(2026, 3, 20)), lambda c, o, t: (c["day"] or "") >= "2026-03-20"),
    (ClaimQuery(until=date(2025, 11, 16)), lambda c, o, t: c["day"] is not None and c["day"] <= "2025-11-16"),
    (
        ClaimQuery(actions=["destroyed"], regions=["RU-BRY"], since=date(2026, 1, 1), exclude_flags=["vague_time"]),
        lambda c, o, t: (
            c["action"] == "destroyed"
            and "RU-BRY" in {r["code"] for r in c["regions"]}
            and (c["day"] or "") >= "2026-01-01"
            and "vague_time" not in c["flags"]
        ),
    ),
    (
        ClaimQuery(claimant_kinds=["ministry"], channels=["reuters", "tass"], hedged=False),
        lambda c, o, t: c["claimant"]["kind"] == "ministry" and o in ("reuters", "tass") and not c["hedged"],
    ),
]


def test_every_filter_alone_and_combined_matches_the_python_oracle(db_url):
    factory = open_ledger(db_url)
    with factory() as session:
        summary = store_batch(session, extractions(), extractor_version())
        assert summary.failures == []
        docs = {d.doc_id: (d.origin, d.text, d.lang) for d in session.scalars(select(m.Document))}
        everything = list_claims(session, ClaimQuery())
        assert len(everything) > 40
        for query, keep in CASES:
            if keep is None:  # by language: the document's
                keep = lambda c, o, t: docs[c["doc_id"]][2] in ("ru", "uk")  # noqa: E731
            want = sorted(c["id"] for c in everything if keep(c, *docs[c["doc_id"]][:2]))
            got = sorted(c["id"] for c in list_claims(session, query))
            assert got == want, query
            assert count_claims(session, query) == len(want), query  # a region's total too (its own query)
        assert {
            c["id"]
            for c in list_claims(session, ClaimQuery(tz="UTC", since=date(2026, 3, 15), until=date(2026, 3, 15)))
        }


def test_order_is_newest_window_first_stable_and_reversible(db_url):
    factory = open_ledger(db_url)
    with factory() as session:
        store_batch(session, extractions(), extractor_version())
        newest = list_claims(session, ClaimQuery())
        oldest = list_claims(session, ClaimQuery(reverse=True))
        ends = [c for c in newest if c["day"] is not None]
        assert [c["day"] for c in ends] == sorted((c["day"] for c in ends), reverse=True)
        assert newest[-1]["day"] is None or all(c["day"] is None for c in newest[len(ends) :])
        assert {c["id"] for c in newest} == {c["id"] for c in oldest}
        assert [c["id"] for c in list_claims(session, ClaimQuery(limit=3))] == [c["id"] for c in newest[:3]]
        totals = [c["total"] for c in list_claims(session, ClaimQuery(sort="total")) if c["total"] is not None]
        assert totals == sorted(totals, reverse=True)


#: The ``claims`` option of each query field, for the CLI table below.
OPTIONS = {
    "actions": "--action",
    "weapons": "--weapon",
    "regions": "--region",
    "claimant_kinds": "--claimant",
    "persons": "--person",
    "channels": "--channel",
    "sources": "--source",
    "langs": "--lang",
    "flags": "--flag",
    "exclude_flags": "--exclude-flag",
    "text": "--text",
    "since": "--since",
    "until": "--until",
    "tz": "--tz",
    "sort": "--sort",
    "limit": "--limit",
}
SWITCHES = {"failed_checks": ("--failed-checks", "--no-failed-checks"), "hedged": ("--hedged", "--not-hedged")}


def cli_args(q: ClaimQuery) -> list[str]:
    """The ``skyledger claims`` options that ask for the same claims as ``q``."""
    args: list[str] = []
    for field, option in OPTIONS.items():
        value = getattr(q, field)
        values = value if isinstance(value, list | tuple) else [] if value in (None, "window") else [value]
        for v in values:
            args += [option, v.isoformat() if isinstance(v, date) else str(v)]
    for field, (yes, no) in SWITCHES.items():
        if getattr(q, field) is not None:
            args.append(yes if getattr(q, field) else no)
    return args + (["--reverse"] if q.reverse else [])


#: The CLI's own spellings beside the cases above: region names in three languages, zones, order.
CLI_CASES = [
    (["--region", "Belgorod", "--region", "Курская"], ClaimQuery(regions=["RU-BEL", "RU-KRS"])),
    (["--region", "Бєлгородська"], ClaimQuery(regions=["RU-BEL"])),
    (["--region", "ru-bry", "--action", "destroyed"], ClaimQuery(regions=["RU-BRY"], actions=["destroyed"])),
    (["--since", "2026-03-15", "--tz", "Europe/Kyiv"], ClaimQuery(since=date(2026, 3, 15), tz="Europe/Kyiv")),
    (["--sort", "total", "--limit", "5"], ClaimQuery(sort="total", limit=5)),
    (["--reverse", "--limit", "4", "--lang", "en"], ClaimQuery(reverse=True, limit=4, langs=["en"])),
]


def test_every_cli_filter_alone_and_combined_lists_what_the_query_model_does(db_url, monkeypatch):
    """The CLI table: each case's options, given to `skyledger claims` (and `export`), list exactly
    the claims, in the same order, that the library query lists; the query itself is checked against
    the oracle above. On SQLite and on PostgreSQL."""
    from typer.testing import CliRunner

    from skyledger.cli import app

    monkeypatch.delenv("SKYLEDGER_DB", raising=False)
    with open_ledger(db_url)() as session:
        store_batch(session, extractions(), extractor_version())
        table = [(cli_args(q), q) for q, _ in CASES] + CLI_CASES
        expected = [[c["id"] for c in list_claims(session, q)] for _, q in table]
        # export lists oldest first and takes the filters, not the order
        oldest = [[c["id"] for c in list_claims(session, replace(q, sort="window", reverse=True))] for _, q in table]
    empty = [args for (args, _), ids in zip(table, expected, strict=True) if not ids]
    assert len(empty) <= 4, f"most cases should select something: {empty}"
    runner = CliRunner()
    for (args, _), ids, export_ids in zip(table, expected, oldest, strict=True):
        listed = runner.invoke(app, ["claims", "--db", db_url, "-f", "jsonl", *args])
        assert listed.exit_code == 0, (args, listed.stderr)
        assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == ids, args
        filters = [a for a in args if a not in ("--reverse", "--sort", "total")]
        exported = runner.invoke(app, ["export", "--db", db_url, "-f", "csv", "-o", "-", *filters])
        assert exported.exit_code == 0, (args, exported.stderr)
        rows = list(csv.DictReader(io.StringIO(exported.stdout)))
        assert [r["claim_id"] for r in rows] == export_ids, args


def test_a_page_reads_the_window_index_in_order_on_sqlite(tmp_path):
    """SQLite's planner would sort the whole ledger for a page; the page query names the index."""
    from sqlalchemy import event

    factory = open_ledger(str(tmp_path / "ledger.db"))
    with factory() as session:
        store_batch(session, extractions(), extractor_version())
        seen = []
        event.listen(session.get_bind(), "after_cursor_execute", lambda c, cur, st, *a: seen.append(st))
        by_window = [c["id"] for c in list_claims(session, ClaimQuery(limit=5))]
        by_total = [c["id"] for c in list_claims(session, ClaimQuery(limit=5, sort="total"))]
        assert by_window and by_total
        assert any("FROM claim_links INDEXED BY ix_claim_links_utc_end_claim " in st for st in seen)
        assert any("FROM claims INDEXED BY ix_claims_total" in st for st in seen)
        assert by_window == [c["id"] for c in list_claims(session, ClaimQuery())][:5]


def test_a_regions_total_is_counted_in_the_regions_index_alone_on_sqlite(tmp_path):
    """A query of regions alone is counted in the index of regions and claims' ids, never reading a
    claim or a region's row (the first total of a region cost 7-13 ms at 100,000 claims, now 1-2)."""
    factory = open_ledger(str(tmp_path / "ledger.db"))
    with factory() as session:
        store_batch(session, extractions(), extractor_version())
        statement = count_select(session, ClaimQuery(regions=["RU-BEL", "RU-KRS"]))
        sql = str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
        plan = [row[3] for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
        reads = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]  # and a b-tree for DISTINCT
        assert reads == ["SEARCH claim_regions USING COVERING INDEX ix_claim_regions_code_claim (code=?)"], plan
        # any other filter beside the regions is counted over the claims, as before
        hedged = count_select(session, ClaimQuery(regions=["RU-BEL"], hedged=False))
        assert "FROM claims" in str(hedged.compile(session.get_bind()))
