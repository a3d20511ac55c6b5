"""Writing and reading the ledger: round trip, idempotency, per-document transactions, queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from skyledger.contract import extraction_to_dict
from skyledger.errors import NotFound
from skyledger.model import Claim, Claimant, Extraction, ReadFailure
from skyledger.store import models as m
from skyledger.store import repo
from skyledger.store.load import store_batch
from skyledger.store.reconciled import reconcile_documents

from .ledger_factory import (
    GOVERNOR_TEXT,
    MOD_TEXT,
    air_force_extraction,
    all_extractions,
    governor_extraction,
    mod_extraction,
    row_counts,
)


def ingest_all(session, xs):
    run_id = repo.start_run(session, "test-1")
    results = [repo.ingest_extraction(session, x, run_id) for x in xs]
    session.commit()
    return results


def test_round_trip_gives_back_every_contract_dict(session):
    xs = all_extractions()
    assert ingest_all(session, xs) == [True, True, True]
    back = [extraction_to_dict(x) for x in repo.iter_extractions(session)]
    assert back == [extraction_to_dict(x) for x in xs]


def test_round_trip_keeps_the_text_and_offset(session):
    ingest_all(session, [mod_extraction()])
    (x,) = repo.iter_extractions(session)
    assert x.report.text == MOD_TEXT
    assert x.report.published.isoformat() == "2024-11-14T23:30:00+03:00"


def test_second_ingest_of_the_same_version_changes_nothing(session):
    xs = all_extractions()
    ingest_all(session, xs)
    before = row_counts(session)
    assert ingest_all(session, xs) == [False, False, False]
    after = row_counts(session)
    assert after == {**before, "extraction_runs": 2}


def test_new_extractor_version_replaces_the_documents_contents(session):
    ingest_all(session, [governor_extraction("test-1")])
    newer = governor_extraction("test-2")
    newer = Extraction(newer.report, newer.lang, newer.claims * 2, extractor_version="test-2")
    assert ingest_all(session, [newer]) == [True]
    counts = row_counts(session)
    assert (
        counts["documents"],
        counts["claims"],
        counts["claim_regions"],
        counts["impacts"],
        counts["measures"],
        counts["evidence_spans"],
    ) == (1, 2, 2, 0, 0, 8)
    (x,) = repo.iter_extractions(session)
    assert extraction_to_dict(x) == extraction_to_dict(newer)


def test_the_stamp_moves_with_every_batch_even_one_that_only_re_extracts(session):
    """The API keeps pages per stamp: a batch that replaces stored documents' claims must move it,
    though it adds no document and the run is not finished yet."""
    store_batch(session, all_extractions(), "test-1")
    newer = [replace(x, extractor_version="test-2", claims=x.claims * 2) for x in all_extractions()]
    stamps = [repo.ledger_stamp(session)]
    store_batch(session, newer, "test-2", batch=1, on_stored=lambda _: stamps.append(repo.ledger_stamp(session)))
    assert len(stamps) == 4 and len(set(stamps)) == 4  # before, then one per batch of one re-extracted document


def bad_extraction() -> Extraction:
    """An extraction the database refuses: ``claims.action`` is NOT NULL."""
    good = air_force_extraction()
    claim = Claim(Claimant("media"), action=None, weapon="uav", total=1)  # type: ignore[arg-type]
    report = type(good.report)("bad.txt", "One drone was downed.", "text")
    return Extraction(report, "en", (good.claims[0], claim), extractor_version="test-1")


#: The reason a document with a NULL ``claims.action`` is not stored: each driver's own words.
NOT_NULL_REASON = {
    "sqlite": "IntegrityError: NOT NULL constraint failed: claims.action",
    "postgresql": 'NotNullViolation: null value in column "action" of relation "claims" violates not-null constraint',
}


def test_a_failing_document_is_rolled_back_alone(session, backend):
    seen = []
    items = [
        mod_extraction(),
        ReadFailure("empty.txt", "empty file"),
        bad_extraction(),
        governor_extraction(),
    ]
    summary = store_batch(session, items, "test-1", on_failure=seen.append)
    assert summary.line() == "ingested 2 documents (2 new), 2 claims, 2 failures"
    assert [str(f) for f in seen] == [
        "empty.txt: empty file",
        f"bad.txt: not stored: {NOT_NULL_REASON[backend]}",
    ]
    assert sorted(session.scalars(select(m.Document.source))) == ["gladkov.json", "mod.txt"]
    assert row_counts(session) == {
        "documents": 2,
        "extraction_runs": 1,
        "claims": 2,
        "claim_regions": 3,
        "impacts": 1,
        "measures": 1,
        "evidence_spans": 13,
        "read_failures": 2,
    }
    run = session.scalars(select(m.ExtractionRun)).one()
    assert (run.documents, run.failures, run.finished_at is not None) == (2, 2, True)


def test_an_error_after_the_claims_leaves_nothing_of_that_document(session, monkeypatch):
    def explode(x):
        raise OperationalError("INSERT INTO impacts", {}, Exception("disk I/O error"))

    # the batch's rows together fail first; stored alone, the document fails once its claims are in
    monkeypatch.setattr(repo, "_impact_rows", explode)
    summary = store_batch(session, [governor_extraction()], "test-1")
    assert [str(f) for f in summary.failures] == ["gladkov.json: not stored: Exception: disk I/O error"]
    counts = row_counts(session)
    assert counts == {**dict.fromkeys(counts, 0), "extraction_runs": 1, "read_failures": 1}


def ids(claims):
    return [c["id"].split("-")[0] for c in claims]


@pytest.fixture
def ledger(session):
    """The three fixtures stored and reconciled, as ``skyledger ingest`` leaves them."""
    xs = all_extractions()
    ingest_all(session, xs)
    reconcile_documents(session, [x.report.doc_id for x in xs])
    session.commit()
    return session


MOD, GOV, AF = (x().report.doc_id for x in (mod_extraction, governor_extraction, air_force_extraction))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [AF, MOD, GOV]),  # newest window first, a claim with no time last
        ({"action": "launched"}, [AF]),
        ({"weapon": "uav", "claimant_kind": "governor"}, [GOV]),
        ({"region": "ru-sta"}, [MOD]),
        ({"region": "RU-KLU"}, []),
        ({"flag": "date_unresolved"}, [GOV]),
        ({"flag": "date_%"}, []),  # no LIKE wildcards
        ({"flag": "window_approx"}, [AF]),
        ({"flag": "DATE_UNRESOLVED"}, []),  # exact, also on SQLite whose LIKE ignores case
        ({"flag": "unresolved"}, []),  # a whole flag, not part of one
        ({"flag": '"date_unresolved"'}, []),  # not the JSON text
        ({"since": "2024-11-15"}, [AF]),
        ({"until": "2024-11-14"}, [MOD]),
        ({"since": "2024-11-14", "until": "2024-11-15"}, [AF, MOD]),
        ({"limit": 1}, [AF]),
    ],
)
def test_list_claims_filters(ledger, filters, expected):
    assert ids(repo.list_claims(ledger, **filters)) == expected


def test_list_claims_adds_the_document(ledger):
    (c,) = repo.list_claims(ledger, action="launched")
    assert (c["id"], c["doc_id"], c["source"], c["published"]) == (
        f"{AF}-1",
        AF,
        "af.html",
        "2024-11-15T08:00:00+02:00",
    )
    assert c["claimant"]["kind"] == "air_force"


def test_get_claim_has_the_text_behind_each_value(ledger):
    c = repo.get_claim(ledger, f"{GOV}-1")
    assert c["text"] == GOVERNOR_TEXT
    assert c["values"] == [
        {"field": "total", "start": 61, "end": 62, "text": "3"},
        {"field": "claimant", "start": 11, "end": 27, "text": "Вячеслав Гладков"},
        {"field": "region:RU-BEL", "start": 33, "end": 54, "text": "Белгородской областью"},
        {"field": "count:RU-BEL", "start": 61, "end": 62, "text": "3"},
    ]


def test_get_claim_unknown_id(ledger):
    with pytest.raises(NotFound, match=r"^no claim nope-1$"):
        repo.get_claim(ledger, "nope-1")


def test_ingest_extraction_is_atomic_inside_a_larger_transaction(session):
    from sqlalchemy.exc import IntegrityError

    run_id = repo.start_run(session, "test-1")
    assert repo.ingest_extraction(session, mod_extraction(), run_id)
    with pytest.raises(IntegrityError):
        repo.ingest_extraction(session, bad_extraction(), run_id)
    session.commit()  # the SAVEPOINT went, the outer transaction with the first document stays
    assert list(session.scalars(select(m.Document.source))) == ["mod.txt"]
    assert row_counts(session)["claims"] == 1


def test_boolean_columns_filter_as_booleans(ledger):
    hedged = ledger.scalars(select(m.Claim.claim_id).where(m.Claim.hedged.is_(True)))
    assert [c.split("-")[0] for c in hedged] == [AF]
    assert ledger.scalar(select(func.count()).select_from(m.Claim).where(m.Claim.hedged.is_(False))) == 2


def test_timestamps_come_back_aware_in_utc(session):
    before = datetime.now(UTC)
    store_batch(session, [mod_extraction(), ReadFailure("empty.txt", "empty file")], "test-1")
    session.expire_all()  # read back from the database, not the objects just written
    run = session.scalars(select(m.ExtractionRun)).one()
    (doc,) = session.scalars(select(m.Document))
    (failure,) = session.scalars(select(m.ReadFailure))
    after = datetime.now(UTC)
    for value in (run.started_at, run.finished_at, doc.ingested_at, failure.at):
        assert value.utcoffset() == timedelta(0)
        assert before - timedelta(seconds=1) <= value <= after + timedelta(seconds=1)


def test_an_offset_timestamp_is_stored_as_the_same_instant(session):
    kyiv = datetime(2025, 11, 14, 23, 30, tzinfo=timezone(timedelta(hours=2)))
    session.add(m.ExtractionRun(extractor_version="x", started_at=kyiv))
    session.commit()
    session.expire_all()
    started = session.scalars(select(m.ExtractionRun.started_at)).one()
    assert started == kyiv and started.tzinfo == UTC
    assert started.isoformat() == "2025-11-14T21:30:00+00:00"


def test_a_nul_character_is_stored_as_a_replacement_of_the_same_length(session):
    x = air_force_extraction()
    text = x.report.text.replace("Overnight,", "Overnight\x00")
    report = replace(x.report, text=text, doc_id="", title="Over\x00night")
    summary = store_batch(session, [replace(x, report=report)], "test-1")
    assert summary.line() == "ingested 1 documents (1 new), 1 claims, 0 failures"
    (back,) = repo.iter_extractions(session)
    assert back.report.text == text.replace("\x00", "\ufffd")
    assert back.report.doc_id == report.doc_id  # the id is still that of the text as read
    assert back.report.title == "Over\ufffdnight"
    c = repo.get_claim(session, f"{report.doc_id}-1")
    assert {v["field"]: v["text"] for v in c["values"]} == {
        "total": "50",
        "claimant": "the Ukrainian Air Force",
        "window": "Overnight",
    }


@pytest.mark.parametrize("twice", [1, 2])
def test_a_known_report_read_from_a_place_with_a_nul_is_noted_there_once(session, twice):
    """The place is compared as stored (its NUL replaced), so reading it again adds nothing."""
    x = mod_extraction()
    x = replace(x, report=replace(x.report, source="feeds/a\x00b.jsonl"))
    ingest_all(session, [x])
    assert repo.note_known(session, [x.report] * twice) == {x.report.doc_id: len(x.claims)}
    session.commit()
    places = session.scalars(select(m.ReportSource.source).where(m.ReportSource.doc_id == x.report.doc_id))
    assert places.all() == ["feeds/a\ufffdb.jsonl"]


def test_long_source_fields_are_stored(session):
    long_name = "Regional news agency " * 20  # 420 characters: over any VARCHAR the schema had
    x = mod_extraction()
    report = replace(x.report, channel=long_name, message_id="9" * 100, source="/" + "d/" * 200 + "a.txt")
    summary = store_batch(session, [replace(x, report=report)], "test-1")
    assert summary.failures == []
    (back,) = repo.iter_extractions(session)
    assert (back.report.channel, back.report.message_id, back.report.source) == (
        long_name,
        "9" * 100,
        report.source,
    )
