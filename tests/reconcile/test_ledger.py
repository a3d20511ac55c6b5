"""Reconciliation in the ledger, on invented reports written for it (tests/reconcile/REPORTS.md):
one night told by everyone, a day total beside its parts, a correction, a syndicated copy and the
same words on two days. Exact expected outputs; the same in any ingest order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from skyledger.store import models as m
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract
from skyledger.store.reconciled_views import daily_totals, incidents, track_record

ROOT = Path(__file__).resolve().parents[2]
REPORTS = [ROOT / "examples" / "night.jsonl", *sorted((Path(__file__).parent / "reports").glob("*.jsonl"))]
GOLDEN = Path(__file__).parent / "golden.json"


def ledger(tmp_path: Path, name: str, batches: list[list[Path]]):
    factory = open_ledger(str(tmp_path / name))
    for paths in batches:
        with factory() as session:
            summary = store_batch(session, read_and_extract(paths), extractor_version())
            assert summary.failures == []
    return factory


def picture(factory) -> dict:
    """Everything reconciliation says, as plain data."""
    with factory() as session:
        return {
            "incidents": incidents(session),
            "daily_claimant": daily_totals(session, "claimant"),
            "daily_region": daily_totals(session, "region"),
            "record": track_record(session),
        }


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    return ledger(tmp_path_factory.mktemp("night"), "ledger.db", [REPORTS])


def test_whole_picture_matches_golden_file(night, update_golden):
    got = picture(night)
    if update_golden:
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8")), "run pytest --update-golden if the change is meant"


def groups_of(factory, period: str) -> list[m.ClaimGroup]:
    with factory() as session:
        return list(session.scalars(select(m.ClaimGroup).where(m.ClaimGroup.period == period)))


def test_the_night_is_one_claim_per_claimant_and_figure(night):
    groups = {(g.claimant, g.action): g for g in groups_of(night, "2026-03-15 night")}
    assert sorted(groups) == [
        ("air_force:UA", "destroyed"),
        ("air_force:UA", "hit"),
        ("air_force:UA", "launched"),
        ("mayor:RU-MOW", "destroyed"),
        ("ministry:RU", "destroyed"),
    ]
    ministry = groups[("ministry:RU", "destroyed")]
    # the post, Reuters, TASS, RIA and the outlet that says 40: one claim, five documents
    assert (ministry.low, ministry.high, ministry.documents, ministry.relays) == (41, 41, 5, 4)
    assert ministry.discrepancy and "discrepancy" in ministry.flags
    assert ministry.regions == [["RU-BRY", 17], ["RU-KRS", 12], ["RU-BEL", 9], ["RU-MOS", 3]]
    assert ministry.grade == "corroborated_other_side"  # the Air Force speaks of the same night
    assert (groups[("air_force:UA", "launched")].low, groups[("air_force:UA", "destroyed")].low) == (88, 71)


def test_a_relay_that_disagrees_keeps_both_figures_with_their_sources(night):
    with night() as session:
        rows = session.execute(
            select(m.Claim.total, m.ClaimLink.role, m.Document.origin)
            .join(m.ClaimLink, m.ClaimLink.claim_id == m.Claim.claim_id)
            .join(m.Document, m.Document.doc_id == m.Claim.doc_id)
            .where(m.ClaimLink.period == "2026-03-15 night", m.Claim.claimant_kind == "ministry")
        ).all()
    assert sorted(rows) == [
        (40, "relay", "kyiv independent"),
        (41, "primary", "t.me/mod_russia"),
        (41, "relay", "reuters"),
        (41, "relay", "ria novosti"),
        (41, "relay", "tass"),
    ]


def day(factory, by="claimant"):
    with factory() as session:
        return {
            (r["date"], r["claimant"], r["action"], r[by] if by != "claimant" else ""): (r["low"], r["high"])
            for r in daily_totals(session, by)
        }


def test_daily_totals_count_each_window_once(night):
    totals = day(night)
    assert totals[("2026-03-15", "ministry:RU", "destroyed", "")] == (51, 51)  # night 41 + 08-14 6 + 14-20 4
    assert totals[("2026-03-20", "ministry:RU", "destroyed", "")] == (26, 26)  # 'за сутки' 26 holds 19 + 7
    assert totals[("2026-03-21", "ministry:RU", "destroyed", "")] == (15, 15)  # 23:00-07:00 counts on its morning
    assert totals[("2026-03-25", "ministry:RU", "destroyed", "")] == (14, 14)  # the correction, not 12 + 14
    assert totals[("2026-03-10", "ministry:RU", "destroyed", "")] == (1, 1)  # the same words on two days
    assert totals[("2026-03-12", "ministry:RU", "destroyed", "")] == (1, 1)
    assert totals[("2026-03-15", "mayor:RU-MOW", "destroyed", "")] == (2, 2)  # never merged with the ministry's


def test_daily_totals_by_region_add_the_parts_of_the_day_once(night):
    totals = day(night, "region")
    assert totals[("2026-03-20", "ministry:RU", "destroyed", "RU-KRS")] == (12, 12)  # 8 + 4, inside the day total
    assert totals[("2026-03-15", "ministry:RU", "destroyed", "RU-BRY")] == (21, 21)  # 17 at night + 4 by day


def test_a_correction_supersedes_and_keeps_the_history(night):
    (g,) = groups_of(night, "2026-03-25 night")
    assert (g.low, g.superseded, g.flags) == (14, 1, ["corrected"])
    with night() as session:
        roles = session.execute(
            select(m.Claim.total, m.ClaimLink.role).join(m.ClaimLink).where(m.ClaimLink.group_id == g.group_id)
        ).all()
    assert sorted(roles) == [(12, "superseded"), (14, "primary")]


def test_a_syndicated_copy_is_linked_to_its_original(night):
    with night() as session:
        docs = {d.origin: d for d in session.scalars(select(m.Document).where(m.Document.period.like("2026-03-27%")))}
        copy = session.get_one(m.DocumentSignature, docs["tri-county herald"].doc_id)
        sources = session.execute(
            select(m.ReportSource.relation, m.ReportSource.origin).where(m.ReportSource.doc_id == docs["ap"].doc_id)
        ).all()
    assert copy.copy_of == docs["ap"].doc_id and copy.similarity >= 0.8
    assert sorted(sources) == [("copy", "tri-county herald"), ("read", "ap")]
    launched = day(night)[("2026-03-27", "air_force:UA", "launched", "")]
    assert launched == (67, 67)  # 64 drones + 3 missiles once, not twice


def test_the_same_words_on_two_days_are_two_reports(night):
    with night() as session:
        texts = session.scalars(select(m.Document.text_hash).where(m.Document.origin == "t.me/mod_russia")).all()
    assert len(texts) == 11 and len(set(texts)) == 10  # 11 posts, two of them in the same words


def test_reingesting_changes_nothing(tmp_path):
    factory = ledger(tmp_path, "twice.db", [REPORTS, REPORTS])
    once = ledger(tmp_path, "once.db", [REPORTS])
    assert picture(factory) == picture(once)


def test_any_order_gives_the_same_picture(tmp_path, night):
    one_by_one = [[p] for p in reversed(REPORTS)]
    assert picture(ledger(tmp_path, "reversed.db", one_by_one)) == picture(night)
    reversed_rows = tmp_path / "rows"
    reversed_rows.mkdir()
    for p in REPORTS:
        lines = p.read_text(encoding="utf-8").splitlines()
        (reversed_rows / p.name).write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    assert picture(ledger(tmp_path, "rows.db", [[reversed_rows]])) == picture(night)


def test_an_edited_post_read_again_from_the_same_file_is_a_copy_of_the_first(tmp_path):
    """The channel edited message 2201 (one figure corrected); the export is read before and after."""
    post = {"id": "2201", "published": "2026-03-15T07:05:00+03:00", "source": "t.me/mod_russia"}
    words = "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены {} украинских БПЛА над территорией Брянской области."
    path = tmp_path / "export.jsonl"
    factory = open_ledger(str(tmp_path / "ledger.db"))
    for n in (41, 42):
        path.write_text(json.dumps({**post, "text": words.format(n)}, ensure_ascii=False) + "\n", encoding="utf-8")
        with factory() as session:
            assert store_batch(session, read_and_extract([path]), extractor_version()).failures == []
    with factory() as session:
        a, b = session.scalars(select(m.Document.doc_id)).all()
        links = {s.doc_id: s.copy_of for s in session.scalars(select(m.DocumentSignature))}
        (g,) = session.scalars(select(m.ClaimGroup)).all()
    # both versions kept; the export gives no edit time, so which one is the copy is settled by id alone
    assert sorted(links.values(), key=str) == [min(a, b), None]
    assert (g.documents, g.copies, g.discrepancy) == (2, 1, True)
