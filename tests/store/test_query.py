"""Every claim filter, alone and combined, on SQLite and PostgreSQL, checked against the same
filter written in plain Python over the whole ledger (an oracle that shares no code with the SQL)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import select

from skyledger.store import list_claims, open_ledger, store_batch
from skyledger.store import models as m
from skyledger.store.load import extractor_version, read_and_extract
from skyledger.store.query import ClaimQuery

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
