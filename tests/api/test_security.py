"""The server's defences, one test per promise of docs/serving.md: writes only with the token
(compared in constant time; none without one), capped bodies, batches and pages, the security
headers on every kind of response, no file outside the page's assets, and a server that listens on
loopback unless told otherwise."""

from __future__ import annotations

import hmac
import re
import socket
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from skyledger.api import create_app
from skyledger.api.app import MAX_BODY, MAX_PAGE, static_files
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract
from skyledger.store.models import Document

from .serving import in_process, in_thread, raw_get

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "skyledger" / "web" / "static"
TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPORT = {
    "text": "Air defence shot down 7 drones over Kursk region overnight, the governor said.",
    "id": "security-1",
    "source": "security-wire",
    "published": "2026-04-02T07:00:00+03:00",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite ledger of the examples."""
    path = str(tmp_path_factory.mktemp("security") / "ledger.db")
    items = read_and_extract([ROOT / "examples"], datetime(2025, 11, 20, tzinfo=UTC))
    with open_ledger(path)() as s:
        assert store_batch(s, items, extractor_version()).failures == []
    return path


def documents(db: str) -> int:
    with open_ledger(db, create=False)() as s:
        return s.scalar(select(func.count()).select_from(Document))


# ---- 1. writes need the token -----------------------------------------------------------------


@pytest.mark.parametrize("configured", ["", None])
def test_with_no_token_configured_every_write_is_refused(db, monkeypatch, configured):
    monkeypatch.delenv("SKYLEDGER_TOKEN", raising=False)
    if configured == "":
        monkeypatch.setenv("SKYLEDGER_TOKEN", "")  # set but empty allows nothing either
    before = documents(db)
    with TestClient(create_app(db)) as client:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            for path in ("/api/documents", "/api/claims", "/api/claims/x", "/", "/no-such-page"):
                for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer None"}, AUTH):
                    got = client.request(method, path, json=REPORT, headers=headers)
                    assert got.status_code == 403, (method, path, headers, got.text)
                    assert "read-only" in got.json()["detail"]
        assert client.get("/api/claims", params={"size": 1}).status_code == 200  # reads still work
    assert documents(db) == before


def test_a_write_needs_the_exact_token_as_a_bearer(db):
    before = documents(db)
    with TestClient(create_app(db, token=TOKEN)) as client:
        wrong = [
            {},
            {"Authorization": ""},
            {"Authorization": "Bearer"},
            {"Authorization": "Bearer "},
            {"Authorization": TOKEN},
            {"Authorization": f"Basic {TOKEN}"},
            {"Authorization": f"Bearer {TOKEN[:-1]}"},
            {"Authorization": f"Bearer {TOKEN}x"},
            {"Authorization": f"Bearer {TOKEN.upper()}"},
            {"Authorization": f"Bearer  {TOKEN}"},
            {"Authorization": f"Bearer {TOKEN} "},
            {"Authorization": "Bearer ' OR '1'='1"},
        ]
        for headers in wrong:
            got = client.post("/api/documents", json=REPORT, headers=headers)
            assert got.status_code == 401, (headers, got.text)
            assert "Authorization: Bearer TOKEN" in got.json()["detail"]
        assert documents(db) == before
        for scheme in ("Bearer", "bearer"):
            got = client.post("/api/documents", json=REPORT, headers={"Authorization": f"{scheme} {TOKEN}"})
            assert got.status_code == 200, got.text
    assert documents(db) == before + 1


def test_the_token_is_read_from_SKYLEDGER_TOKEN(db, monkeypatch):
    monkeypatch.setenv("SKYLEDGER_TOKEN", TOKEN)
    with TestClient(create_app(db)) as client:
        assert (
            client.post("/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer no"}).status_code == 401
        )
        assert client.post("/api/documents", json=REPORT, headers=AUTH).status_code == 200


def test_the_token_is_compared_in_constant_time(db, monkeypatch):
    """Every check goes through hmac.compare_digest, on digests of one length, and its answer
    decides: a spy that says 'equal' lets a wrong token through (to the body's validation)."""
    real, calls = hmac.compare_digest, []

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    with TestClient(create_app(db, token=TOKEN)) as client:
        assert client.post("/api/documents", json={}, headers={"Authorization": "Bearer x"}).status_code == 401
        assert calls and all(len(a) == len(b) == 32 for a, b in calls)  # sha256 digests: no length leaks
        assert client.post("/api/documents", json={}, headers=AUTH).status_code == 422  # past the token
        monkeypatch.setattr(hmac, "compare_digest", lambda a, b: True)
        assert client.post("/api/documents", json={}, headers={"Authorization": "Bearer x"}).status_code == 422


# ---- 2. caps ----------------------------------------------------------------------------------


def test_a_body_over_the_cap_is_a_413_with_a_reason_before_it_is_read(db):
    with TestClient(create_app(db, token=TOKEN)) as client:
        declared = client.post(
            "/api/documents", content=b"x" * (MAX_BODY + 1), headers={**AUTH, "Content-Type": "application/json"}
        )
        chunked = client.post(  # no Content-Length: counted as it arrives
            "/api/documents",
            content=(b" " * 1_000_000 for _ in range(6)),
            headers={**AUTH, "Content-Type": "application/json"},
        )
        for got in (declared, chunked):
            assert got.status_code == 413, got.text
            assert got.json() == {"detail": f"request body over {MAX_BODY} bytes"}
        # a big body without the token is refused for the token, and none of it is read
        assert client.post("/api/documents", content=b"x" * (MAX_BODY + 1)).status_code == 401


def test_a_batch_a_document_and_a_page_over_their_caps_are_422_with_a_reason(db):
    with TestClient(create_app(db, token=TOKEN)) as client:
        batch = client.post("/api/documents", json={"documents": [REPORT] * 501}, headers=AUTH)
        assert batch.status_code == 422
        reasons = {(e["loc"][-1], e["type"]): e["msg"] for e in batch.json()["detail"]}
        assert "at most 500 items" in reasons["documents", "too_long"]
        empty = client.post("/api/documents", json={"documents": []}, headers=AUTH)
        assert empty.status_code == 422 and "at least 1" in empty.text
        long = client.post("/api/documents", json={**REPORT, "text": "x" * 200_001}, headers=AUTH)
        assert long.status_code == 422 and "at most 200000 characters" in long.text
        for field, cap in (("id", 200), ("source", 200), ("url", 2_000), ("title", 2_000)):
            over = client.post("/api/documents", json={**REPORT, field: "x" * (cap + 1)}, headers=AUTH)
            assert over.status_code == 422 and f"at most {cap} characters" in over.text, field
        size = client.get("/api/claims", params={"size": MAX_PAGE + 1})
        assert size.status_code == 422 and f"less than or equal to {MAX_PAGE}" in size.text
        assert client.get("/api/claims", params={"size": MAX_PAGE}).json()["size"] == MAX_PAGE
        for params in ({"size": 0}, {"page": 0}, {"page": 1_000_001}):
            assert client.get("/api/claims", params=params).status_code == 422, params
        export = client.get("/api/export", params={"size": MAX_PAGE + 1, "text": "x" * 201})
        assert export.status_code == 422 and "at most 200 characters" in export.text
        assert client.get("/api/claims", params={"person": "x" * 201}).status_code == 422


# ---- 5. security headers ----------------------------------------------------------------------


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        if part.strip():
            name, *values = part.split()
            out[name.lower()] = values
    return out


def assert_secured(response, what):
    h = response.headers
    csp = directives(h.get("content-security-policy", ""))
    script = csp.get("script-src", csp.get("default-src"))
    assert script, (what, "no script-src")
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(script), (what, script)
    assert csp.get("default-src") == ["'self'"] and csp.get("object-src") == ["'none'"], what
    assert csp.get("frame-ancestors") == ["'none'"], what
    assert h.get("x-content-type-options") == "nosniff", what
    assert h.get("referrer-policy") in ("no-referrer", "same-origin", "strict-origin-when-cross-origin"), what


def test_every_kind_of_response_carries_the_security_headers(db):
    app = create_app(db, token=TOKEN)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.router.routes.insert(0, APIRoute("/api/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        cases = {
            "page": client.get("/"),
            "index": client.get("/index.html"),
            "script": client.get("/app.js"),
            "stylesheet": client.get("/app.css"),
            "icon": client.get("/favicon.svg"),
            "schema": client.get("/openapi.json"),
            "api json": client.get("/api/claims"),
            "export": client.get("/api/export", params={"format": "csv"}),
            "head": client.head("/"),
            "404 api": client.get("/api/claims/nope"),
            "404 static": client.get("/no-such-file.js"),
            "422": client.get("/api/claims", params={"size": 999}),
            "401": client.post("/api/documents", json=REPORT),
            "405": client.put("/api/claims", headers=AUTH),
            "413": client.post("/api/documents", content=b"x" * (MAX_BODY + 1), headers=AUTH),
            "500": client.get("/api/boom"),
        }
        statuses = {k: v.status_code for k, v in cases.items()}
        assert statuses == {
            **dict.fromkeys(
                ["page", "index", "script", "stylesheet", "icon", "schema", "api json", "export", "head"], 200
            ),
            **{"404 api": 404, "404 static": 404, "422": 422, "401": 401, "405": 405, "413": 413, "500": 500},
        }
        for what, response in cases.items():
            assert_secured(response, what)
        assert "a bug" not in cases["500"].text and "Traceback" not in cases["500"].text
    with TestClient(create_app(db, token="")) as read_only:
        assert_secured(read_only.post("/api/documents", json=REPORT), "403")


def test_the_page_has_no_inline_script_or_handler():
    """The CSP allows no inline script, so the page must need none: every script is a file."""

    class Page(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.scripts, self.handlers, self.urls, self.inline, self.in_script = [], [], [], [], False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.handlers += [k for k in attrs if k.startswith("on")]
            self.urls += [v for k, v in attrs.items() if k in ("href", "src", "action") and v]
            self.in_script = tag == "script"
            if tag == "script":
                self.scripts.append(attrs.get("src"))

        def handle_data(self, data):
            if self.in_script and data.strip():
                self.inline.append(data)

        def handle_endtag(self, tag):
            self.in_script = False

    page = Page()
    page.feed((STATIC / "index.html").read_text())
    assert page.scripts == ["app.js"] and page.inline == [] and page.handlers == []
    assert all(re.match(r"^[\w./-]+$", u) for u in page.urls), page.urls  # own files only, no scheme
    assert "innerHTML" not in (STATIC / "app.js").read_text() and "eval(" not in (STATIC / "app.js").read_text()


# ---- 6. no file outside the page's assets -----------------------------------------------------

TRAVERSALS = [
    b"/static/../app.py",
    b"/../api/app.py",
    b"/../../../../../../etc/passwd",
    b"/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    b"/%252e%252e%252fapi%252fapp.py",
    b"/%252e%252e/%252e%252e/etc/passwd",
    b"/..\\api\\app.py",
    b"/..%5capi%5capp.py",
    b"/%5c..%5c..%5cetc%5cpasswd",
    b"/etc/passwd",
    b"//etc/passwd",
    b"/%2fetc%2fpasswd",
    b"/%2Fetc%2Fpasswd",
    b"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    b"/..%c0%af..%c0%afetc/passwd",
    b"/....//....//etc/passwd",
    b"/.%2e/api/app.py",
    b"/%00../app.py",
    b"/..;/app.py",
    b"/app.js/../../api/app.py",
    b"/api/../../api/app.py",
    b"/web/static/../../api/app.py",
    b"/skyledger/api/app.py",
    b"/api/app.py",
    b"/C:\\Windows\\win.ini",
    b"http://127.0.0.1/../../../etc/passwd",
]


def secrets_of_the_machine() -> list[bytes]:
    """Lines that only a file outside the assets holds: /etc/passwd's first, and the package's code."""
    marks = [b"def create_app(", b"class Guard", b"[project]", b"def open_ledger("]
    passwd = Path("/etc/passwd")
    if passwd.exists():
        marks.append(passwd.read_bytes().splitlines()[0])
    return marks


@pytest.fixture(scope="module")
def live(db):
    with in_thread(create_app(db, token="")) as base:
        yield base


@pytest.mark.parametrize("target", TRAVERSALS, ids=lambda t: t.decode("latin-1"))
def test_no_path_reaches_a_file_outside_the_assets(live, target):
    status, head, body = raw_get(live, target)  # sent as written: no client tidies the '..' away
    assert status == 404, (target, head)
    assert not any(mark in body for mark in secrets_of_the_machine()), target
    assert b"nosniff" in head


def test_the_assets_are_served_and_nothing_beside_them(db, tmp_path):
    with TestClient(create_app(db, token="")) as client:
        for f in STATIC.iterdir():
            assert not f.is_symlink(), f"{f} is a symlink: the assets must be plain files"
            if f.is_file():
                assert client.get(f"/{f.name}").status_code == 200, f.name
    # a symlink inside the folder, to a file or a folder outside it, is not followed
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("the secret")
    served = tmp_path / "static"
    served.mkdir()
    (served / "index.html").write_text("<!doctype html><title>ok</title>")
    (served / "leak.txt").symlink_to(outside / "secret.txt")
    (served / "dir").symlink_to(outside)
    from starlette.applications import Starlette
    from starlette.routing import Mount

    with TestClient(Starlette(routes=[Mount("/", static_files(str(served)))])) as client:
        assert client.get("/").status_code == 200
        for path in ("/leak.txt", "/dir/secret.txt", "/../outside/secret.txt", "/%2e%2e/outside/secret.txt"):
            got = client.get(path)
            assert got.status_code == 404 and "the secret" not in got.text, path


# ---- 7. loopback unless told otherwise --------------------------------------------------------


def test_serve_listens_on_loopback_by_default(db):
    from skyledger.cli import app as cli

    serve = typer.main.get_command(cli).commands["serve"]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
    assert "127.0.0.1" in (host.help or "")
    # the process itself: 127.0.0.1 answers, another loopback address (which 0.0.0.0 would take) does not
    with in_process(db) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=5):
            pass


def test_the_docs_say_how_to_publish_it_behind_a_reverse_proxy():
    doc = (ROOT / "docs" / "serving.md").read_text()
    assert "binds to 127.0.0.1 by default" in doc and "reverse proxy" in doc
    assert "proxy_pass http://127.0.0.1:8000" in doc and "client_max_body_size 5m" in doc
    assert "--host 0.0.0.0" in doc  # and what binding elsewhere means
