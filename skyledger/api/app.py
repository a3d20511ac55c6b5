"""The ledger over HTTP: a FastAPI application with a typed OpenAPI schema, and the web page.

Every endpoint reads through the same library functions as the CLI (``store.query.ClaimQuery``,
``store.reconciled_views``, ``store.exports``), so the API's numbers are the CLI's numbers. Writes
(``POST /api/documents``) need the token set by ``SKYLEDGER_TOKEN`` (compared in constant time);
with no token the server is read-only. Every response carries a Content-Security-Policy that allows
no inline script, and document text is only ever sent as JSON, never as HTML.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import math
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from datetime import UTC, date, datetime
from enum import StrEnum
from importlib import metadata, resources
from typing import IO, Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import TypeAdapter
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from skyledger.api import models as api
from skyledger.errors import NotFound
from skyledger.explain import explain
from skyledger.model import ACTIONS, CHECKS, CLAIMANT_KINDS, WEAPONS, ReadFailure
from skyledger.regions import UnknownRegion, region_code
from skyledger.store import exports, open_ledger, reconciled_views, store_batch
from skyledger.store.db import writer
from skyledger.store.load import extractor_version
from skyledger.store.query import ClaimQuery
from skyledger.store.reconciled_views import RegionMap
from skyledger.store.repo import count_claims, get_claim, get_document, iter_claims, ledger_stamp

#: The largest page of claims one request may ask for.
MAX_PAGE = 200
#: The largest request body (bytes) the server reads: a batch of documents to ingest.
MAX_BODY = 5_000_000
#: Exports streamed at once: each holds a database connection for as long as its client reads.
MAX_EXPORTS = 4
#: Seconds an export waits for a client that reads nothing before it lets the connection go.
STALL = 60.0
#: Pages of claims kept as sent, per state of the ledger: a page of 200 claims is about 190 KB.
PAGES_KEPT = 128
#: Headers on every response: no inline script, no framing, no sniffing, no referrer.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Action = StrEnum("Action", {a: a for a in ACTIONS})  # type: ignore[misc]
Weapon = StrEnum("Weapon", {w: w for w in WEAPONS})  # type: ignore[misc]
Kind = StrEnum("Kind", {k: k for k in CLAIMANT_KINDS})  # type: ignore[misc]
CheckName = StrEnum("CheckName", {c: c for c in CHECKS})  # type: ignore[misc]
Sort = StrEnum("Sort", {"window": "window", "total": "total"})  # type: ignore[misc]
By = StrEnum("By", {b: b for b in reconciled_views.BY})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {f: f for f in ("csv", "jsonl", "geojson")})  # type: ignore[misc]
Lang = StrEnum("Lang", {lang: lang for lang in ("en", "ru", "uk")})  # type: ignore[misc]

#: No parameter may hold a NUL character: PostgreSQL refuses it in text, which would be a 500.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)]
From = Annotated[date | None, Query(alias="from", description="first day (a night is named by its morning)")]
To = Annotated[date | None, Query(alias="to", description="last day, inclusive")]
ClaimantKey = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=NO_NUL,
        description="a reconciled claimant key ('ministry:RU', 'governor:RU-BEL') or its start",
    ),
]


def _regions(values: list[str]) -> list[str]:
    """Region codes from codes or names; an unknown one is a 422 that says what is accepted, in the
    shape of every other validation error."""
    codes = []
    for value in values:
        try:
            codes.append(region_code(value))
        except UnknownRegion as e:
            error = {"type": "value_error", "loc": ["query", "region"], "msg": str(e), "input": value}
            raise RequestValidationError([error]) from e
    return codes


async def claim_query(
    claimant: Annotated[list[Kind], Query(description="claimant kind; repeat for any of several")] = [],  # noqa: B006
    person: Annotated[list[Text], Query(description="part of the claimant's person, any case")] = [],  # noqa: B006
    action: Annotated[list[Action], Query()] = [],  # noqa: B006
    weapon: Annotated[list[Weapon], Query()] = [],  # noqa: B006
    region: Annotated[list[Text], Query(description="ISO 3166-2 code (RU-BEL), SEA-*, or a region name")] = [],  # noqa: B006
    channel: Annotated[list[Text], Query(description="the report's channel, outlet or site")] = [],  # noqa: B006
    lang: Annotated[list[Lang], Query()] = [],  # noqa: B006
    flag: Annotated[list[Text], Query(description="claims carrying any of these flags (docs/flags.md)")] = [],  # noqa: B006
    exclude_flag: Annotated[list[Text], Query()] = [],  # noqa: B006
    check: Annotated[list[CheckName], Query(description="claims that failed this check")] = [],  # noqa: B006
    failed: Annotated[bool | None, Query(description="true: a failed check; false: none")] = None,
    hedged: bool | None = None,
    grade: Annotated[list[Text], Query(description="the claim group's source grade")] = [],  # noqa: B006
    text: Annotated[
        str | None, Query(min_length=1, max_length=200, pattern=NO_NUL, description="words in the report")
    ] = None,
    from_: From = None,
    to: To = None,
) -> ClaimQuery:
    """The claim filters, as the CLI's: OR within one, AND across; days in the claimant's zone.
    A coroutine though it never waits, so that FastAPI runs it at once instead of in a thread."""
    return ClaimQuery(
        actions=[a.value for a in action],
        weapons=[w.value for w in weapon],
        regions=_regions(region),
        claimant_kinds=[k.value for k in claimant],
        persons=person,
        channels=channel,
        langs=[x.value for x in lang],
        flags=flag,
        exclude_flags=exclude_flag,
        failed=[c.value for c in check],
        failed_checks=failed,
        hedged=hedged,
        grades=grade,
        text=text,
        since=from_,
        until=to,
    )


def ledger_session(request: Request) -> Iterator[Session]:
    """A session on the app's ledger for one request."""
    with request.app.state.factory() as s:
        yield s


Db = Annotated[Session, Depends(ledger_session)]


class LedgerCache:
    """Figures that cost a pass over the ledger (a page's total, the map's region totals), kept
    until the ledger changes (``repo.ledger_stamp``, checked on every use), at most ``size`` of them.
    Requests that want the same missing figure wait for one computation of it, not one each.

    While documents are being added the ledger changes every moment. A figure that is quick to compute
    follows it at once; one that took longer than ``slow`` seconds (the map's totals of a large ledger)
    is served from its last computation while one thread computes it again in the background, at
    most once per ``spacing`` times its cost, so that readers never queue behind it and the other
    requests keep most of the process: it follows the ledger within about three times its cost.
    ``compute`` takes a session (the request's, or the background thread's own)."""

    def __init__(
        self, factory: sessionmaker[Session] | None = None, size: int = 512, slow: float = 0.5, spacing: float = 2.0
    ) -> None:
        self.factory, self.size, self.slow, self.spacing = factory, size, slow, spacing
        self.values: OrderedDict[Hashable, tuple[Any, Any, float, float]] = OrderedDict()  # stamp, value, cost, at
        self.lock = threading.Lock()
        self.computing: dict[Hashable, threading.Lock] = {}
        self.refreshing: set[Hashable] = set()

    def get(self, s: Session, key: Hashable, compute: Callable[[Session], Any], stamp: Any = None) -> Any:
        """The figure ``key`` as of the ledger's ``stamp`` (read from ``s`` when not given)."""
        stamp = ledger_stamp(s) if stamp is None else stamp
        with self.lock:
            entry = self.values.get(key)
            if entry is not None:
                self.values.move_to_end(key)
                if entry[0] == stamp:
                    return entry[1]
                if self.factory is not None and entry[2] >= self.slow:
                    if key not in self.refreshing:
                        self.refreshing.add(key)
                        wait = entry[3] + self.spacing * entry[2] - time.monotonic()
                        threading.Thread(target=self._refresh, args=(key, compute, wait), daemon=True).start()
                    return entry[1]
            one = self.computing.setdefault((stamp, key), threading.Lock())
        with one:
            with self.lock:
                entry = self.values.get(key)
                if entry is not None and entry[0] == stamp:
                    return entry[1]
            try:
                return self._compute(s, stamp, key, compute)
            finally:
                with self.lock:
                    self.computing.pop((stamp, key), None)

    def _compute(self, s: Session, stamp: Any, key: Hashable, compute: Callable[[Session], Any]) -> Any:
        started = time.monotonic()
        value = compute(s)
        done = time.monotonic()
        with self.lock:
            self.values[key] = (stamp, value, done - started, done)
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value

    def _refresh(self, key: Hashable, compute: Callable[[Session], Any], wait: float) -> None:
        try:
            time.sleep(max(0.0, wait))
            assert self.factory is not None
            with self.factory() as s:
                self._compute(s, ledger_stamp(s), key, compute)
        except Exception:  # noqa: BLE001 - the figure stays as it was; the next request computes it
            with self.lock:
                self.values.pop(key, None)
        finally:
            with self.lock:
                self.refreshing.discard(key)


def create_app(db: str | None = None, token: str | None = None) -> FastAPI:
    """The application over the ledger ``db`` (a URL or SQLite file; default ``$SKYLEDGER_DB``, else
    ``skyledger.db``), which must exist. ``token`` (default ``$SKYLEDGER_TOKEN``) allows writes."""
    factory = open_ledger(db, create=False)
    token = (token if token is not None else os.environ.get("SKYLEDGER_TOKEN")) or None  # "" allows nothing
    app = Ledger(
        title="skyledger",
        version=metadata.version("skyledger"),
        description="Claims of air attacks and air-defence interceptions, each with its evidence. "
        "Claims are claims, not facts: every one says who made it.",
        max_body_size=MAX_BODY,  # counted as the body arrives, chunked or not
        docs_url=None,  # Swagger UI and ReDoc load from a CDN, which an offline server cannot reach
        redoc_url=None,
    )

    app.state.factory = factory
    app.state.token = token
    cache = LedgerCache(factory)
    pages = LedgerCache(size=PAGES_KEPT)  # never served stale: a page is recomputed once the ledger changes
    exporting = threading.BoundedSemaphore(MAX_EXPORTS)
    writes = writer(factory)
    # one write at a time in this process (the database's lock orders writers of other processes)
    writing = threading.Lock()
    if token is not None:  # load the extractor now: the first write would hold the process for seconds
        threading.Thread(target=warm_extractor, daemon=True, name="skyledger-warm-extractor").start()

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        """422 with each error's place, message and kind, without echoing the input back: it may
        not even be encodable (a lone surrogate), and it is the caller's own."""
        keep = ("type", "loc", "msg")
        return JSONResponse({"detail": [{k: e.get(k) for k in keep} for e in exc.errors()]}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        """An HTTP error as JSON with its reason; a body that grew past the cap as it arrived (no
        Content-Length, or a false one) says what the cap is."""
        detail = f"request body over {MAX_BODY} bytes" if exc.status_code == 413 else exc.detail
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.get("/api/claims", response_model=api.ClaimPage, tags=["claims"])
    def claims(
        q: Annotated[ClaimQuery, Depends(claim_query)],
        sort: Sort = Sort.window,
        reverse: Annotated[bool, Query(description="oldest (or smallest) first")] = False,
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> Response:
        """Claims, newest first (by the end of their window), filtered and paginated."""
        query = ClaimQuery(**{**q.__dict__, "sort": sort.value, "reverse": reverse})
        paged = ClaimQuery(**{**query.__dict__, "limit": size, "offset": (page - 1) * size})

        def answer(session: Session, total: int) -> bytes:
            items = list(iter_claims(session, paged)) if paged.offset < total else []  # past the end: no scan
            page_ = {"items": items, "page": page, "size": size, "total": total, "pages": math.ceil(total / size)}
            return as_json(api.ClaimPage, page_)

        with factory() as s:  # here, not a dependency: each dependency is a hop to a thread and back
            stamp = ledger_stamp(s)
            total = cache.get(s, ("count", *_key(q)), lambda session: count_claims(session, query), stamp)
            # the total is part of the key: a slow count served from its last computation while it
            # is counted again must not leave its page behind once the new count is in
            body = pages.get(s, ("page", *_key(paged), total), lambda session: answer(session, total), stamp)
        return Response(body, media_type="application/json")  # validated when it was made (as_json)

    missing = {404: {"model": api.Problem, "description": "no such claim or document"}}

    @app.get("/api/claims/{claim_id}", response_model=api.ClaimDetail, tags=["claims"], responses=missing)
    def claim(s: Db, claim_id: Annotated[str, Path(max_length=100, pattern=NO_NUL)]) -> dict[str, Any]:
        """One claim with its document's text, every value at its span and how it was read."""
        c = get_claim(s, claim_id)
        return {**c, "explanation": explain(c)}

    @app.get("/api/documents/{doc_id}", response_model=api.Document, tags=["documents"], responses=missing)
    def document(s: Db, doc_id: Annotated[str, Path(max_length=100, pattern=NO_NUL)]) -> dict[str, Any]:
        """One document as the extract contract has it, with its text."""
        return get_document(s, doc_id)

    @app.get("/api/incidents", response_model=list[api.Incident], tags=["reconciliation"])
    def incidents(
        s: Db,
        from_: From = None,
        to: To = None,
        region: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
        claimant: ClaimantKey = None,
    ) -> list[dict[str, Any]]:
        """One row per attack period, each side's reconciled claims side by side, newest first."""
        code = _regions([region])[0] if region else None
        return reconciled_views.incidents(s, from_, to, code, claimant)

    @app.get("/api/daily", response_model=list[api.DailyRow], tags=["reconciliation"])
    def daily(s: Db, by: By = By.claimant, from_: From = None, to: To = None, claimant: ClaimantKey = None) -> Any:
        """Daily totals per claimant and action (and weapon or region), each window counted once."""
        return reconciled_views.daily_totals(s, by.value, from_, to, claimant)

    @app.get("/api/regions", response_model=list[api.RegionTotal], tags=["reconciliation"])
    def regions(
        from_: From = None,
        to: To = None,
        claimant: ClaimantKey = None,
        action: Action = Action.destroyed,
    ) -> Response:
        """Per region, what was claimed over the period (the map's data): the daily totals by region
        summed over the days, each reconciled claim counted once."""
        with factory() as s:
            regions = cache.get(s, ("map",), region_map)
        return Response(regions.totals(from_, to, claimant, action.value), media_type="application/json")

    @app.get("/api/record", response_model=list[api.RecordRow], tags=["reconciliation"])
    def record(s: Db, claimant: ClaimantKey = None) -> Any:
        """Per claimant and month: claims made, relayed, discrepancies and corrections."""
        return reconciled_views.track_record(s, claimant)

    @app.get(
        "/api/export",
        tags=["export"],
        response_class=StreamingResponse,
        responses={
            200: {"content": {"text/csv": {}, "application/x-ndjson": {}, "application/geo+json": {}}},
            429: {"model": api.Problem, "description": "too many exports at once"},
        },
    )
    def export(q: Annotated[ClaimQuery, Depends(claim_query)], format: ExportFormat = ExportFormat.csv) -> Any:
        """The claims the filters select as CSV or GeoJSON, or every document as JSONL; streamed as
        it is written, never built in memory. GeoJSON holds the claim-regions with a point only."""
        media = {"csv": "text/csv", "jsonl": "application/x-ndjson", "geojson": "application/geo+json"}
        if not exporting.acquire(blocking=False):
            raise HTTPException(429, f"{MAX_EXPORTS} exports are running: try again when one ends")
        body = streamed(lambda fp: _export(factory, format.value, fp, q), done=exporting.release)
        filename = f"skyledger.{format.value}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return StreamingResponse(body, media_type=f"{media[format.value]}; charset=utf-8", headers=headers)

    @app.post(
        "/api/documents",
        response_model=api.IngestResult,
        tags=["documents"],
        responses={401: {"model": api.Problem}, 403: {"model": api.Problem}, 413: {"model": api.Problem}},
    )
    def ingest(
        body: api.DocumentIn | api.DocumentBatch,
        authorization: Annotated[str | None, Header(description="Bearer TOKEN (SKYLEDGER_TOKEN)")] = None,
    ) -> dict[str, Any]:
        """Ingest one document or a batch through the same pipeline as 'skyledger ingest'."""
        authorize(token, authorization)
        items = read_documents(body.documents if isinstance(body, api.DocumentBatch) else [body])
        with writing, writes() as s:  # read and extracted first: the lock is held for the database only
            return store_documents(s, items)

    app.mount("/", static_files(), name="web")
    return app


def static_files(directory: str | None = None) -> StaticFiles:
    """The page's assets: the files of ``skyledger/web/static`` and nothing else. Starlette refuses
    absolute paths and any path that resolves outside the folder; a symlink is not followed out of it."""
    folder = directory or str(resources.files("skyledger") / "web" / "static")
    return StaticFiles(directory=folder, html=True, follow_symlink=False)


class Ledger(FastAPI):
    """FastAPI with :class:`Guard` outside everything else, FastAPI's own body limit and error pages
    included: the token and the body's declared size are checked before anything is read, and every
    response, a 413 or a 500 too, carries the security headers."""

    def build_middleware_stack(self) -> Any:
        return Guard(super().build_middleware_stack(), token=getattr(self.state, "token", None))


class Guard:
    """Refuse a write without the token and a body over :data:`MAX_BODY` before either is read,
    and put the security headers on every response. Plain ASGI: it wraps ``send``, so a response,
    streamed or not, passes through untouched but for its headers."""

    HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    def __init__(self, app: Any, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        refused = self.refusal(scope)
        if refused is not None:
            await refused(scope, receive, secured)
            return
        await self.app(scope, receive, secured)

    def refusal(self, scope: dict[str, Any]) -> JSONResponse | None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            try:
                authorize(self.token, headers.get("authorization"))
            except HTTPException as e:
                return JSONResponse({"detail": e.detail}, status_code=e.status_code)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, status_code=413)
        return None


def authorize(token: str | None, authorization: str | None) -> None:
    """Let a write through only with the configured token, compared in constant time."""
    if token is None:
        raise HTTPException(403, "this server is read-only: start it with SKYLEDGER_TOKEN set to allow writes")
    scheme, _, given = (authorization or "").partition(" ")
    # digests of equal length: the comparison takes the same time whatever was sent, its length too
    same = hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(token.encode()).digest())
    if scheme.lower() != "bearer" or not same:
        raise HTTPException(401, "a write needs the header 'Authorization: Bearer TOKEN'")


def warm_extractor() -> None:
    """Read one small report, so that the extractor's tables are loaded before a write needs them."""
    with contextlib.suppress(Exception):
        read_documents([api.DocumentIn(text="Air defence shot down 2 drones over Kursk region overnight.")])


def read_documents(docs: list[api.DocumentIn]) -> list[Any]:
    """Read and extract documents posted as JSON, as the CLI reads JSONL rows."""
    from skyledger.extract import extract
    from skyledger.ingest.files import Fallback
    from skyledger.ingest.tabular import row_report
    from skyledger.store.load import extract_one

    received = Fallback(datetime.now(UTC), "received")
    reports = [row_report(d.model_dump(mode="json"), "api", n, "api", received) for n, d in enumerate(docs, 1)]
    return [r if isinstance(r, ReadFailure) else extract_one(r, extract) for r in reports]


#: Documents a POST commits at once: readers see a large post grow, and a waiting writer (an
#: ingest) gets the lock between its batches, which ingest's own batches of 500 would hold longer.
POST_BATCH = 100


def store_documents(s: Session, items: list[Any]) -> dict[str, Any]:
    """Store read documents as 'skyledger ingest' does, and say what was stored."""
    summary = store_batch(s, items, extractor_version(), batch=POST_BATCH)
    return {
        "documents": summary.documents,
        "new": summary.new,
        "claims": summary.claims,
        "doc_ids": [x.report.doc_id for x in items if not isinstance(x, ReadFailure)],
        "failures": [{"source": f.source, "reason": f.reason} for f in summary.failures],
    }


def region_map(session: Session) -> RegionMap:
    """The map's data for the ledger as it is, its answers kept as JSON (validated, as FastAPI would)."""
    return RegionMap(
        reconciled_views.daily_totals(session, "region"), encode=lambda rows: as_json(list[api.RegionTotal], rows)
    )


def as_json(model: Any, value: Any) -> bytes:
    """``value`` validated against ``model`` and serialised as FastAPI would answer it, for an
    answer that is kept and sent again as it is (``Response``: FastAPI checks it no more)."""
    adapter = _adapters.get(model)
    if adapter is None:
        adapter = _adapters[model] = TypeAdapter(model)
    return adapter.dump_json(adapter.validate_python(value))


_adapters: dict[Any, TypeAdapter[Any]] = {}


def _key(q: ClaimQuery) -> tuple[Any, ...]:
    """A query's filters as a hashable key (lists made tuples)."""
    return tuple(tuple(v) if isinstance(v, list | tuple) else v for v in q.__dict__.values())


def _export(factory: sessionmaker[Session], fmt: str, fp: IO[str], q: ClaimQuery) -> None:
    with factory() as s:
        exports.export(s, fmt, fp, query=q)


class _Chunks:
    """A text file whose writes become byte chunks on a bounded queue (about 64 KB each)."""

    def __init__(self, out: queue.Queue[bytes | BaseException | None], stop: threading.Event) -> None:
        self.out, self.stop, self.buffer, self.size = out, stop, [], 0

    def write(self, text: str) -> int:
        self.buffer.append(text)
        self.size += len(text)
        if self.size >= 65_536:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.buffer:
            self._put("".join(self.buffer).encode("utf-8"))
            self.buffer, self.size = [], 0

    def _put(self, item: bytes | BaseException | None) -> None:
        waited = 0.0
        while not self.stop.is_set() and waited < STALL:
            try:
                self.out.put(item, timeout=0.5)
                return
            except queue.Full:
                waited += 0.5
        raise ConnectionAbortedError("the client went away or stopped reading")


def streamed(write: Callable[[IO[str]], None], done: Callable[[], None] = lambda: None) -> Iterator[bytes]:
    """Run a writer in a thread and yield what it writes as it writes it: a bounded queue between
    them keeps memory flat, and a client that goes away (or reads nothing for :data:`STALL`
    seconds) stops the writer. ``done`` runs once the writer has stopped."""
    out: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)
    stop = threading.Event()
    chunks = _Chunks(out, stop)

    def run() -> None:
        try:
            write(chunks)  # type: ignore[arg-type]
            chunks.flush()
            chunks._put(None)
        except ConnectionAbortedError:
            return
        except BaseException as e:  # noqa: BLE001 - handed to the response, which ends the stream
            with contextlib.suppress(ConnectionAbortedError):
                chunks._put(e)
        finally:
            done()

    threading.Thread(target=run, daemon=True).start()
    try:
        while (item := out.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
