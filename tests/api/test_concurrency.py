"""Readers and writers at once on a SQLite file ledger: WAL, so the API answers while a batch is
ingested in many small transactions; a busy timeout, and writers that take the write lock when they
begin, so that writers meeting each other wait their turn instead of failing."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from skyledger.api import create_app
from skyledger.extract import extract
from skyledger.ingest.files import Fallback
from skyledger.ingest.tabular import row_report
from skyledger.store import open_ledger, store_batch
from skyledger.store.db import BUSY_TIMEOUT_MS, writer
from skyledger.store.load import extractor_version

from .reports import reports

TOKEN = "concurrency-token"
#: The longest a read may take while the ledger is written (seconds): far above a normal read.
SLOW = 3.0


@pytest.fixture
def ledger(tmp_path) -> str:
    path = str(tmp_path / "ledger.db")
    open_ledger(path)  # an empty ledger
    return path


def extracted(docs: list[dict]) -> list:
    received = Fallback(datetime.now(UTC), "received")
    return [extract(row_report(d, "api", n, "api", received)) for n, d in enumerate(docs, 1)]


def test_a_file_ledger_runs_in_wal_mode_with_a_busy_timeout(ledger):
    with open_ledger(ledger, create=False)() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS >= 5_000
    with sqlite3.connect(ledger) as plain:  # WAL is a property of the file: any client sees it
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_api_reads_while_a_batch_is_ingested(ledger):
    items = extracted(reports(30, seed=1, prefix="batch"))
    claims = sum(len(x.claims) for x in items)
    done, errors = threading.Event(), []

    def ingest() -> None:
        """As 'skyledger ingest' would: one small transaction after another; and once, the write
        lock held for a second by another client, as a long transaction would."""
        try:
            with open_ledger(ledger, create=False)() as s:
                for n, item in enumerate(items):
                    assert store_batch(s, [item], extractor_version()).failures == []
                    if n == len(items) // 2:
                        with sqlite3.connect(ledger, isolation_level=None) as other:
                            other.execute("BEGIN IMMEDIATE")
                            time.sleep(1.0)
                            other.execute("ROLLBACK")
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)
        finally:
            done.set()

    seen, slowest = [], 0.0
    with TestClient(create_app(ledger, token="")) as client:
        writer = threading.Thread(target=ingest)
        writer.start()
        while not done.is_set() or len(seen) < 5:
            for path in ("/api/claims?size=5", "/api/regions", "/api/daily"):
                t = time.perf_counter()
                got = client.get(path)
                slowest = max(slowest, time.perf_counter() - t)
                assert got.status_code == 200, got.text
                if path.startswith("/api/claims"):
                    seen.append(got.json()["total"])
        writer.join(timeout=60)
        final = client.get("/api/claims", params={"size": 1}).json()["total"]
    assert errors == []
    assert slowest < SLOW, f"a read waited {slowest:.1f} s for the writer"
    assert seen == sorted(seen), "a read saw fewer claims than an earlier one"
    assert len(set(seen)) >= 3, "the reads should see the batch grow, document by document"
    assert final == claims


def test_a_writer_waits_for_another_writer_instead_of_failing(ledger):
    """A writer's transaction that reads before it writes (as storing a document does) while another
    client holds the write lock: it waits for that client's commit, then writes. (A plain deferred
    transaction fails here at once with 'database is locked', whatever the busy timeout.)"""
    other = sqlite3.connect(ledger, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    outcome = []

    def write() -> None:
        try:
            with writer(open_ledger(ledger, create=False))() as s:
                seen = s.execute(text("PRAGMA user_version")).scalar()
                s.execute(text("PRAGMA user_version = 2"))
                s.commit()
            outcome.append(seen)
        except Exception as e:  # noqa: BLE001 - reported by the test
            outcome.append(e)

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.5)
    other.execute("PRAGMA user_version = 1")
    other.execute("COMMIT")
    thread.join(timeout=30)
    assert outcome == [1]  # it began after the other's commit, and saw it
    assert other.execute("PRAGMA user_version").fetchone()[0] == 2
    other.close()


def test_writers_that_meet_wait_for_each_other(ledger):
    """Four clients post at once to two servers (as two workers would be) over one SQLite file:
    every document is stored, none fails with 'database is locked', no answer is a 500."""
    docs = reports(24, seed=2, prefix="writers")
    apps = [create_app(ledger, token=TOKEN) for _ in range(2)]
    results, auth = [], {"Authorization": f"Bearer {TOKEN}"}

    def post(k: int) -> None:
        with TestClient(apps[k % 2], raise_server_exceptions=False) as client:
            for doc in docs[k::4]:
                got = client.post("/api/documents", json={"documents": [doc]}, headers=auth)
                results.append((got.status_code, got.json()))

    threads = [threading.Thread(target=post, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [s for s, _ in results] == [200] * len(docs), results
    assert [f for _, r in results for f in r["failures"]] == []
    assert sum(r["new"] for _, r in results) == len(docs)
    with TestClient(apps[0]) as client:
        stored = {d for _, r in results for d in r["doc_ids"]}
        assert all(client.get(f"/api/documents/{d}").status_code == 200 for d in stored) and len(stored) == len(docs)


def test_a_slow_figure_is_served_from_its_last_computation_while_it_is_computed_again(ledger):
    """A figure that costs more than ``slow`` seconds: after the ledger changes, a request gets the
    last value at once (no waiting behind a new computation), one thread computes the new one, and
    the requests after it get that."""
    from skyledger.api.app import LedgerCache

    factory = open_ledger(ledger, create=False)
    cache, calls = LedgerCache(factory, slow=0.2), []

    def documents(session):
        calls.append(1)
        time.sleep(0.3)
        return session.execute(text("SELECT count(*) FROM documents")).scalar()

    with factory() as s:
        assert cache.get(s, "documents", documents) == 0 and len(calls) == 1
    items = extracted(reports(1, seed=4, prefix="stale"))
    with open_ledger(ledger)() as s:
        store_batch(s, items, extractor_version())
    with factory() as s:
        t = time.perf_counter()
        assert cache.get(s, "documents", documents) == 0  # the last value, at once
        assert time.perf_counter() - t < 0.2
        assert cache.get(s, "documents", documents) == 0 and len(cache.refreshing) == 1  # one refresh at a time
    # the refresh starts twice the figure's cost after the last computation, and takes its cost
    deadline = time.monotonic() + 10
    while len(calls) < 2 or cache.refreshing:
        assert time.monotonic() < deadline, "the figure should be computed again in the background"
        time.sleep(0.05)
    with factory() as s:
        assert cache.get(s, "documents", documents) == 1 and len(calls) == 2


def test_a_write_is_seen_by_the_next_request_for_a_kept_page(ledger):
    """Pages of claims and the map are kept as sent, per state of the ledger: after a write, the
    same request answers with the new claims, as a server that kept nothing would."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    asked = [("/api/claims", {"size": 5}), ("/api/claims", {"size": 5, "page": 2}), ("/api/regions", {})]
    with TestClient(create_app(ledger, token=TOKEN)) as client:
        for n in range(3):
            kept = [client.get(path, params=params).json() for path, params in asked]
            assert kept == [client.get(path, params=params).json() for path, params in asked]
            posted = client.post(
                "/api/documents", json={"documents": reports(4, seed=n, prefix=f"kept{n}")}, headers=auth
            )
            assert posted.status_code == 200 and posted.json()["claims"] > 0
            now = [client.get(path, params=params).json() for path, params in asked]
            assert now[0]["total"] == kept[0]["total"] + posted.json()["claims"]
            with TestClient(create_app(ledger, token="")) as fresh:
                assert now == [fresh.get(path, params=params).json() for path, params in asked]
