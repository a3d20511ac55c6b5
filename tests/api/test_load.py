"""The server under load, small: four reader threads and ONE writer against `skyledger serve` in a
process of its own (a file SQLite ledger), about 200 requests in all. No answer is a 5xx, every
read answers, and every document a write was answered for is in the ledger afterwards: no lost
write. bench/api_bench.py --writer does the same at scale."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from skyledger.extract import extract
from skyledger.ingest.files import Fallback
from skyledger.ingest.tabular import row_report
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract

from .reports import reports
from .serving import in_process

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "load-test-token"
READERS, READS, WRITES, BATCH = 4, 40, 10, 4


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """A ledger of one night's examples and 30 short reports."""
    path = str(tmp_path_factory.mktemp("load") / "ledger.db")
    received = Fallback(datetime(2026, 5, 1, tzinfo=UTC), "received")
    rows = [row_report(d, "base", n, "jsonl", received) for n, d in enumerate(reports(30, seed=9, prefix="base"), 1)]
    examples = read_and_extract([ROOT / "examples" / "night.jsonl"], datetime(2025, 11, 20, tzinfo=UTC))
    with open_ledger(path)() as s:
        assert store_batch(s, [*examples, *map(extract, rows)], extractor_version()).failures == []
    return path


def reads(rng: random.Random, claim_ids: list[str]) -> list[tuple[str, dict]]:
    mix = [
        ("/api/claims", {}),
        ("/api/claims", {"region": "RU-KRS", "size": 10}),
        ("/api/claims", {"channel": "load-wire", "size": 200}),
        ("/api/claims", {"action": "destroyed", "sort": "total"}),
        ("/api/regions", {}),
        ("/api/regions", {"claimant": "ministry:RU"}),
        ("/api/daily", {"by": "region"}),
        ("/api/incidents", {}),
        ("/api/record", {}),
    ]
    return [rng.choice(mix) if i % 4 else (f"/api/claims/{rng.choice(claim_ids)}", {}) for i in range(READS)]


def test_readers_and_one_writer_no_5xx_and_no_lost_write(db):
    started = time.monotonic()
    outcomes: list[tuple[str, int | None, float]] = []  # (what, status, seconds)
    accepted: list[str] = []
    docs = reports(WRITES * BATCH, seed=3, prefix="load")
    with in_process(db, token=TOKEN) as base:
        claim_ids = [c["id"] for c in httpx.get(f"{base}/api/claims", params={"size": 200}).json()["items"]]

        def reader(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                for path, params in reads(random.Random(k), claim_ids):
                    t = time.perf_counter()
                    try:
                        status = http.get(path, params=params).status_code
                    except httpx.HTTPError:
                        status = None
                    outcomes.append((path, status, time.perf_counter() - t))

        def writer() -> None:
            headers = {"Authorization": f"Bearer {TOKEN}"}
            with httpx.Client(base_url=base, timeout=60, headers=headers) as http:
                for i in range(0, len(docs), BATCH):
                    t = time.perf_counter()
                    try:
                        got = http.post("/api/documents", json={"documents": docs[i : i + BATCH]})
                        status = got.status_code
                    except httpx.HTTPError:
                        status = None
                    outcomes.append(("POST /api/documents", status, time.perf_counter() - t))
                    if status == 200:
                        assert got.json()["failures"] == []
                        accepted.extend(got.json()["doc_ids"])

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
        threads.append(threading.Thread(target=writer))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)

        # every accepted document is in the ledger, with its claims
        with httpx.Client(base_url=base, timeout=30) as http:
            lost = [d for d in accepted if http.get(f"/api/documents/{d}").status_code != 200]
            listed = http.get("/api/claims", params={"channel": "load-wire", "size": 200}).json()
    statuses = [s for _, s, _ in outcomes]
    assert len(outcomes) == READERS * READS + WRITES
    assert [o for o in outcomes if o[1] is None or o[1] >= 500] == [], "no 5xx, no dropped connection"
    assert set(statuses) == {200}, {s for s in statuses if s != 200}
    assert len(accepted) == len(docs) and lost == [], f"lost writes: {len(lost)}"
    assert {c["doc_id"] for c in listed["items"]} == set(accepted)
    slowest = sorted((o for o in outcomes if not o[0].startswith("POST")), key=lambda o: -o[2])[:3]
    assert all(s < 10 for _, _, s in slowest), f"a read waited far too long: {slowest}"
    assert time.monotonic() - started < 60
