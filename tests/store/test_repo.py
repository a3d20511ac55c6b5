"""Writing and reading the ledger: round trip, idempotency, per-document transactions, queries."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from skyledger.contract import extraction_to_dict
from skyledger.errors import NotFound
from skyledger.model import Claim, Claimant, Extraction, ReadFailure
from skyledger.store import models as m
from skyledger.store import repo
from skyledger.store.load import store_batch

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


def bad_extraction() -> Extraction:
    """An extraction the database refuses: ``claims.action`` is NOT NULL."""
    good = air_force_extraction()
    claim = Claim(Claimant("media"), action=None, weapon="uav", total=1)  # type: ignore[arg-type]
    report = type(good.report)("bad.txt", "One drone was downed.", "text")
    return Extraction(report, "en", (good.claims[0], claim), extractor_version="test-1")


def test_a_failing_document_is_rolled_back_alone(session):
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
        "bad.txt: not stored: IntegrityError: NOT NULL constraint failed: claims.action",
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
    def explode(session, x):
        raise OperationalError("INSERT INTO impacts", {}, Exception("disk I/O error"))

    monkeypatch.setattr(repo, "_add_impacts_and_measures", explode)
    summary = store_batch(session, [governor_extraction()], "test-1")
    assert [str(f) for f in summary.failures] == ["gladkov.json: not stored: Exception: disk I/O error"]
    counts = row_counts(session)
    assert counts == {**dict.fromkeys(counts, 0), "extraction_runs": 1, "read_failures": 1}


def ids(claims):
    return [c["id"].split("-")[0] for c in claims]


@pytest.fixture
def ledger(session):
    ingest_all(session, all_extractions())
    return session


MOD, GOV, AF = (x().report.doc_id for x in (mod_extraction, governor_extraction, air_force_extraction))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [MOD, AF, GOV]),  # by date, undated last
        ({"action": "launched"}, [AF]),
        ({"weapon": "uav", "claimant_kind": "governor"}, [GOV]),
        ({"region": "ru-sta"}, [MOD]),
        ({"region": "RU-KLU"}, []),
        ({"flag": "date_unresolved"}, [GOV]),
        ({"flag": "date_%"}, []),  # LIKE wildcards are escaped
        ({"since": "2024-11-15"}, [AF]),
        ({"until": "2024-11-14"}, [MOD]),
        ({"since": "2024-11-14", "until": "2024-11-15"}, [MOD, AF]),
        ({"limit": 1}, [MOD]),
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
