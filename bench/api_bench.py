"""Load on the API: concurrent clients against /api/claims and /api/regions over loopback, with a
ledger of 100,000 claims. Prints requests/s and p50/p99 latency per endpoint (goal: p99 < 50 ms).

    .venv/bin/python bench/api_bench.py [--claims 100000] [--clients 8] [--requests 2000] [--workers 1] [--db PATH]
        [--client raw|httpx]
    .venv/bin/python bench/api_bench.py --writer [--writes 100] [--batch 5] [...]

The ledger: synthetic days of reports (``reconcile_bench.day_reports``: the ministry's night post
and daytime updates, wire relays, the other side's summary, a governor) stored and reconciled as
``skyledger ingest`` does, until 10,000 claims; then copied in SQL, with new ids, until the asked
number (each copy is another set of documents, claims, claim groups and links on the same days, so
a day holds ten times the claims and every query does ten times the work). Building it takes a few
minutes once; ``--db`` keeps it for the next run.

The server is ``skyledger serve`` in its own process (``--workers`` uvicorn workers, one by
default); the clients run in this process, each on one keep-alive connection, each sending its
share of a fixed list of requests (pages of claims with and without filters, the map's regions for
several periods), so the run stops by itself. The client is lean by default (``--client raw``:
HTTP/1.1 on asyncio streams, about 0.1 ms of CPU a request); ``--client httpx`` is httpx's async
client, the old bench's, which costs as much CPU as the server and takes it from the server on a
small machine; the run prints this process's CPU time per request beside the server's. Every
worker's cache is filled first, and that cold cost is printed.
It also prints the server's own CPU time per request (its processes' user and system time, from
/proc), which other work on the machine does not change as it changes latencies.

``--writer`` adds ONE writer beside the readers: ``POST /api/documents`` with the token, ``--writes``
requests of ``--batch`` new documents each (short reports in English, Russian and Ukrainian with their
own figures, regions, days and ids: ``tests/api/reports.py``), one after another while the readers
run. Errors are counted as 5xx and other failures (any other status, or no answer); afterwards every
document a write was answered for is looked up in the ledger, and the run prints 'lost writes: N'.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reconcile_bench import day_reports  # noqa: E402

from skyledger.store import open_ledger  # noqa: E402
from skyledger.store.reconciled import reconcile_documents  # noqa: E402
from skyledger.store.repo import ingest_extraction  # noqa: E402
from tests.api.reports import reports as sample_reports  # noqa: E402

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


class Tally:
    """Latencies (s) per endpoint, and what went wrong: 5xx answers, and every other failure."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.server_errors = 0
        self.failures = 0
        self.requests = 0

    def record(self, name: str, seconds: float, status: int | None) -> None:
        self.requests += 1
        self.latencies.setdefault(name, []).append(seconds)
        if status is not None and status >= 500:
            self.server_errors += 1
        elif status != 200:
            self.failures += 1


class Connection:
    """A lean HTTP/1.1 client on one keep-alive connection (asyncio streams): the request is a few
    bytes written, the answer its status line, headers and ``Content-Length`` bytes (or chunks)
    read. It costs a small part of what httpx does per request, so that the bench does not take
    the CPU it measures from the server that shares the machine with it."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, params: dict) -> int:
        """GET ``path?params``; the status (the body is read and dropped)."""
        target = f"{path}?{urlencode(params, doseq=True)}" if params else path
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode()
        for attempt in (1, 2):  # a kept connection the server closed meanwhile is opened again, once
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(request)
                return await self._answer()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _answer(self) -> int:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")  # no trailers: the empty line after the last chunk
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def load(
    base: str, work: list[tuple[str, str, dict]], clients: int, tally: Tally | None = None, client: str = "raw"
) -> Tally:
    """Send ``work`` with ``clients`` concurrent clients, each on one keep-alive connection, with the
    lean client (``raw``, :class:`Connection`) or httpx's async client (``httpx``, the old bench's);
    their latencies and errors."""
    tally = tally or Tally()
    queue: asyncio.Queue = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)

    async def raw() -> None:
        http = Connection(base)
        try:
            while not queue.empty():
                name, path, params = queue.get_nowait()
                t = time.perf_counter()
                try:
                    status = await http.get(path, params)
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                    status = None
                    await http.close()
                tally.record(name, time.perf_counter() - t, status)
        finally:
            await http.close()

    async def with_httpx() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while not queue.empty():
                name, path, params = queue.get_nowait()
                t = time.perf_counter()
                try:
                    status = (await http.get(path, params=params)).status_code
                except httpx.HTTPError:
                    status = None
                tally.record(name, time.perf_counter() - t, status)

    one = {"raw": raw, "httpx": with_httpx}[client]
    await asyncio.gather(*(one() for _ in range(clients)))
    return tally


async def write(base: str, token: str, batches: list[list[dict]], tally: Tally) -> tuple[list[str], int]:
    """ONE writer: post each batch in turn; the ids of the documents stored, and those refused."""
    accepted, refused = [], 0
    async with httpx.AsyncClient(base_url=base, timeout=120, headers={"Authorization": f"Bearer {token}"}) as http:
        for batch in batches:
            t = time.perf_counter()
            try:
                response = await http.post("/api/documents", json={"documents": batch})
                status = response.status_code
            except httpx.HTTPError:
                status = None
            tally.record("documents (POST)", time.perf_counter() - t, status)
            if status == 200:
                answer = response.json()
                accepted += answer["doc_ids"]
                refused += len(answer["failures"])
            else:
                refused += len(batch)
    return accepted, refused


async def readers_and_writer(
    base: str, work: list[tuple[str, str, dict]], clients: int, token: str, batches: list[list[dict]], client: str
) -> tuple[Tally, list[str], int]:
    tally = Tally()
    readers = load(base, work, clients, tally, client)
    _, (accepted, refused) = await asyncio.gather(readers, write(base, token, batches, tally))
    return tally, accepted, refused


def missing(path: Path, doc_ids: list[str]) -> int:
    """How many of ``doc_ids`` the ledger at ``path`` does not hold."""
    found = set()
    with sqlite3.connect(path) as db:
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            found |= {r[0] for r in db.execute(f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})", chunk)}
    return len(set(doc_ids) - found)


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) of process ``pid`` and its children (uvicorn's workers) so far,
    from /proc; None where there is no /proc. The server's own cost, whatever else runs beside it."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return own + sum(cpu_seconds(int(child)) or 0.0 for child in children)


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.99))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--workers", type=int, default=1, help="server processes (skyledger serve --workers)")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="the readers' HTTP client: lean asyncio streams (raw) or httpx's async client (the old bench's)",
    )
    parser.add_argument("--writer", action="store_true", help="one writer posting documents beside the readers")
    parser.add_argument("--writes", type=int, default=100, help="the writer's requests (with --writer)")
    parser.add_argument("--batch", type=int, default=5, help="documents per write (with --writer)")
    args = parser.parse_args(argv)
    scratch = tempfile.TemporaryDirectory()
    path = args.db or Path(scratch.name) / "api-bench.db"
    if not path.exists():
        build(path, args.claims)
    with sqlite3.connect(path) as db:
        claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    token = secrets.token_hex(16)
    command = [str(Path(sys.executable).with_name("skyledger")), "serve", "--db", str(path), "--port", str(port)]
    command += ["--workers", str(args.workers)]
    env = {**os.environ, "SKYLEDGER_TOKEN": token} if args.writer else {**os.environ, "SKYLEDGER_TOKEN": ""}
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL, env=env)
    accepted, refused = [], 0
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/api/claims", params={"size": 1}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        cold = {}
        for endpoint in ("/api/claims", "/api/regions"):  # the first use fills each worker's ledger cache
            t = time.perf_counter()
            warm = [("warm", endpoint, {}) for _ in range(4 * args.workers)]
            for _ in range(10):  # new connections, until no worker is left cold (the kernel spreads them)
                slowest = max(asyncio.run(load(base, warm, 4 * args.workers, client=args.client)).latencies["warm"])
                if args.workers == 1 or slowest < 0.5:
                    break
            cold[endpoint] = time.perf_counter() - t
        if args.writer:  # the first write loads the extractor in the server
            docs = sample_reports(
                (args.writes + 1) * args.batch, seed=random.randrange(1 << 30), prefix=f"bench-{token[:8]}"
            )
            batches = [docs[i : i + args.batch] for i in range(0, len(docs), args.batch)]
            t = time.perf_counter()
            accepted, refused = asyncio.run(write(base, token, batches[:1], Tally()))
            cold["POST /api/documents"] = time.perf_counter() - t
            batches = batches[1:]
        print("cold (first request, fills the cache): " + ", ".join(f"{p} {v * 1000:.0f} ms" for p, v in cold.items()))
        work = requests(args.requests, random.Random(11))
        load_before = os.getloadavg()[0]
        cpu = cpu_seconds(server.pid)
        own = time.process_time()  # this process: the clients (and the writer), all their threads
        started = time.perf_counter()
        if args.writer:
            run = readers_and_writer(base, work, args.clients, token, batches, args.client)
            tally, more, refused_more = asyncio.run(run)
            accepted, refused = accepted + more, refused + refused_more
        else:
            tally = asyncio.run(load(base, work, args.clients, client=args.client))
        elapsed = time.perf_counter() - started
        own = time.process_time() - own
        cpu = None if cpu is None else (cpu_seconds(server.pid) or 0.0) - cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    writer = f", 1 writer ({args.writes} x {args.batch} documents)" if args.writer else ""
    print(
        f"{claims} claims, {args.workers} workers, {args.clients} {args.client} clients{writer}: "
        f"{tally.requests} requests in {elapsed:.1f} s, {tally.requests / elapsed:.0f} requests/s"
    )
    if cpu is not None:
        print(f"server CPU: {cpu:.1f} s, {cpu / tally.requests * 1000:.2f} ms per request")
    print(f"client CPU: {own:.1f} s, {own / tally.requests * 1000:.2f} ms per request ({args.client})")
    print(f"load average (1 min): {load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after")
    print(f"errors: {tally.server_errors} 5xx, {tally.failures} other failures")
    for name, values in tally.latencies.items():
        p50, p99 = percentiles(values)
        label = name if name.startswith("documents") else f"/api/{name}"
        print(f"  {label}: {len(values)} requests, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    if args.writer:
        lost = missing(path, accepted)
        print(f"documents: {(args.writes + 1) * args.batch} posted, {len(accepted)} accepted, {refused} refused")
        print(f"lost writes: {lost}")
        return 1 if lost or tally.server_errors else 0
    return 1 if tally.server_errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
