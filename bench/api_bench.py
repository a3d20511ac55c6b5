"""Load on the API: concurrent clients against /api/claims and /api/regions over loopback, with a
ledger of 100,000 claims. Prints requests/s and p50/p99 latency per endpoint (goal: p99 < 50 ms).

    .venv/bin/python bench/api_bench.py [--claims 100000] [--clients 8] [--requests 2000] [--workers 1] [--db PATH]

The ledger: synthetic days of reports (``reconcile_bench.day_reports``: the ministry's night post
and daytime updates, wire relays, the other side's summary, a governor) stored and reconciled as
``skyledger ingest`` does, until 10,000 claims; then copied in SQL, with new ids, until the asked
number (each copy is another set of documents, claims, claim groups and links on the same days, so
a day holds ten times the claims and every query does ten times the work). Building it takes a few
minutes once; ``--db`` keeps it for the next run.

The server is ``skyledger serve`` in its own process (``--workers`` uvicorn workers, one by
default); the clients are httpx's async client in this process, each sending its share of a fixed
list of requests (pages of claims with and without filters, the map's regions for several periods),
so the run stops by itself. Every worker's cache is filled first, and that cold cost is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reconcile_bench import day_reports  # noqa: E402

from skyledger.store import open_ledger  # noqa: E402
from skyledger.store.reconciled import reconcile_documents  # noqa: E402
from skyledger.store.repo import ingest_extraction  # noqa: E402

BASE = 10_000
#: Columns that hold an id a copy must change, and how: each is the column with '.K' after its id part.
RENAMED = {
    "documents": {"doc_id": "doc_id || '.{k}'"},
    "claims": {
        "claim_id": "doc_id || '.{k}' || substr(claim_id, length(doc_id) + 1)",
        "doc_id": "doc_id || '.{k}'",
        "contract": "json_set(contract, '$.id', doc_id || '.{k}' || substr(claim_id, length(doc_id) + 1))",
    },
    "claim_regions": {"claim_id": "replace(claim_id, '-', '.{k}-')"},
    "evidence_spans": {"claim_id": "replace(claim_id, '-', '.{k}-')"},
    "claim_links": {
        "claim_id": "replace(claim_id, '-', '.{k}-')",
        "doc_id": "doc_id || '.{k}'",
        "group_id": "group_id || '.{k}'",
    },
    "claim_groups": {"group_id": "group_id || '.{k}'", "lead_claim_id": "replace(lead_claim_id, '-', '.{k}-')"},
}


def build(path: Path, claims: int) -> None:
    """A ledger of ``claims`` claims at ``path`` (see the module doc)."""
    rng = random.Random(7)
    factory = open_ledger(str(path))
    day = datetime(2023, 1, 1, 6, tzinfo=UTC)
    stored = 0
    started = time.perf_counter()
    with factory() as session:
        while stored < min(claims, BASE):
            for x in day_reports(day, rng):
                if ingest_extraction(session, x, None):
                    reconcile_documents(session, [x.report.doc_id])
                stored += len(x.claims)
            session.commit()
            day += timedelta(days=1)
    print(f"built {stored} claims by ingest and reconciliation in {time.perf_counter() - started:.0f} s")
    with sqlite3.connect(path) as db:
        copies = -(-claims // stored) - 1
        for k in range(1, copies + 1):
            for table, renamed in RENAMED.items():
                columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if not (c[1] == "id" and c[5])]
                values = [renamed.get(c, c).format(k=k) for c in columns]
                own = "doc_id" if table in ("documents", "claims", "claim_links") else columns[0]
                db.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} "
                    f"WHERE {own} NOT LIKE '%.%'"
                )
        db.commit()
        total = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    print(f"copied to {total} claims ({copies} copies) in {time.perf_counter() - started:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests(n: int, rng: random.Random) -> list[tuple[str, str, dict]]:
    """A fixed mix: half pages of claims (filters, pages, sorts), half the map for several periods."""
    regions = ["RU-BEL", "RU-BRY", "RU-KRS", "RU-ROS", "Belgorod"]
    out = []
    for i in range(n):
        if i % 2 == 0:
            params = rng.choice(
                [
                    {},
                    {"page": rng.randint(1, 50)},
                    {"region": rng.choice(regions)},
                    {"action": "destroyed", "from": "2024-01-01", "to": "2024-03-31"},
                    {"claimant": "ministry", "size": 100},
                    {"sort": "total"},
                ]
            )
            out.append(("claims", "/api/claims", params))
        else:
            start = datetime(2023, 1, 1) + timedelta(days=rng.randint(0, 1200))
            params = rng.choice(
                [
                    {},
                    {"from": start.date().isoformat(), "to": (start + timedelta(days=7)).date().isoformat()},
                    {
                        "from": start.date().isoformat(),
                        "to": (start + timedelta(days=30)).date().isoformat(),
                        "claimant": "ministry:RU",
                    },
                ]
            )
            out.append(("regions", "/api/regions", params))
    return out


async def load(base: str, work: list[tuple[str, str, dict]], clients: int) -> dict[str, list[float]]:
    """Send ``work`` with ``clients`` concurrent clients; latencies (s) per endpoint."""
    latencies: dict[str, list[float]] = {"claims": [], "regions": [], "warm": []}
    errors = 0
    queue: asyncio.Queue = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while not queue.empty():
                name, path, params = queue.get_nowait()
                t = time.perf_counter()
                response = await http.get(path, params=params)
                latencies[name].append(time.perf_counter() - t)
                errors += response.status_code != 200

    await asyncio.gather(*(client() for _ in range(clients)))
    latencies["errors"] = [errors]
    return latencies


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--workers", type=int, default=1, help="server processes (skyledger serve --workers)")
    args = parser.parse_args(argv)
    scratch = tempfile.TemporaryDirectory()
    path = args.db or Path(scratch.name) / "api-bench.db"
    if not path.exists():
        build(path, args.claims)
    with sqlite3.connect(path) as db:
        claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    port = free_port()
    command = [str(Path(sys.executable).with_name("skyledger")), "serve", "--db", str(path), "--port", str(port)]
    command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/claims", params={"size": 1}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        cold = {}
        for path in ("/api/claims", "/api/regions"):  # the first use fills each worker's ledger cache
            t = time.perf_counter()
            warm = [("warm", path, {}) for _ in range(4 * args.workers)]
            asyncio.run(load(f"http://127.0.0.1:{port}", warm, 4 * args.workers))
            cold[path] = time.perf_counter() - t
        print("cold (first request, fills the cache): " + ", ".join(f"{p} {v * 1000:.0f} ms" for p, v in cold.items()))
        work = requests(args.requests, random.Random(11))
        started = time.perf_counter()
        latencies = asyncio.run(load(f"http://127.0.0.1:{port}", work, args.clients))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{claims} claims, {args.workers} workers, {args.clients} clients, {len(work)} requests in {elapsed:.1f} s: "
        f"{len(work) / elapsed:.0f} requests/s, {latencies.pop('errors')[0]} errors"
    )
    latencies.pop("warm")
    for name, values in latencies.items():
        values.sort()
        p50, p99 = statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.99))]
        print(f"  /api/{name}: {len(values)} requests, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
