"""SQL injection: classic payloads in every query parameter of every GET endpoint, and in every path
parameter, on SQLite and PostgreSQL. The parameters come from the served OpenAPI schema, so a new
filter is covered the day it is added.

Every answer is 200 with no row the same request without the payload would not give, 404, or 422,
never a 500; a payload in SQL's clothes selects nothing (or, in an exclusion, excludes nothing); and
afterwards every table of the ledger holds as many rows as before."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, table

from skyledger.api import create_app
from skyledger.store import open_ledger
from skyledger.store.models import Document
from skyledger.store.repo import list_claims

#: Strings that break out of a quoted literal, end a statement, comment out the rest, or widen a
#: LIKE, each in the form the first line of an attack would try.
CLASSIC = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR "1"="1',
    "1 OR 1=1",
    "1; DROP TABLE claims",
    "1'; DROP TABLE claims; --",
    "x'); DELETE FROM documents; --",
    "%' UNION SELECT doc_id, text, NULL FROM documents --",
    "') UNION SELECT NULL, NULL, NULL --",
    "*/ OR 1=1 /*",
    "'; SELECT pg_sleep(5); --",
    "' AND (SELECT count(*) FROM sqlite_master) > 0 --",
    "Курская' OR '1'='1",
    "🚀' OR 1=1 --",
    "\u202e' OR 1=1 --",
]
#: Characters that are special somewhere between the URL and the database.
ODD = ["\x00", "a\x00' OR 1=1", "'", '"', "''", "\\", "\\'", "%", "_", "%%", ";", "--", "?", ":id", "$1", "x" * 5_000]
PAYLOADS = CLASSIC + ODD
#: Query strings that no client would send: bytes that are not UTF-8, and a '%' that decodes to nothing.
RAW = ["%FF%FE%27%20OR%201%3D1", "%C0%27", "%", "%2", "%%27"]


def counts(url: str) -> dict[str, int]:
    """Rows in every table of the ledger."""
    with open_ledger(url, create=False)() as s:
        names = inspect(s.get_bind()).get_table_names()
        return {name: s.scalar(select(func.count()).select_from(table(name))) for name in names}


@pytest.fixture(scope="module")
def api(ledger_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(ledger_url, token=""), raise_server_exceptions=False) as c:
        yield c


def parameters(schema: dict) -> Iterator[tuple[str, str, dict]]:
    """(path, parameter location, parameter) for every parameter of every GET operation."""
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        for p in get.get("parameters", []) if get else []:
            yield path, p["in"], p


def free_text(p: dict, schema: dict) -> bool:
    """Whether a parameter takes any string (not an enum, a number, a boolean or a date)."""
    s = p["schema"]
    s = s.get("items", s)
    for option in s.get("anyOf", [s]):
        if "$ref" in option:
            option = schema["components"]["schemas"][option["$ref"].rsplit("/", 1)[1]]
        if option.get("type") == "string" and "enum" not in option and "format" not in option:
            return True
    return False


def rows(path: str, response) -> list[str]:
    """What a 200 lists, as comparable keys."""
    if path == "/api/claims":
        return [c["id"] for c in response.json()["items"]]
    if path == "/api/export":
        return [r["claim_id"] for r in csv.DictReader(io.StringIO(response.text))]
    return [repr(sorted(r.items())) if isinstance(r, dict) else repr(r) for r in response.json()]


def get(api: TestClient, url: str):
    got = api.get(url)
    if got.status_code == 429:  # an earlier export's thread has not let its slot go yet
        got = api.get(url)
    return got


def test_no_payload_in_any_parameter_reaches_the_sql(api, ledger_url):
    schema = api.get("/openapi.json").json()
    params = list(parameters(schema))
    covered = {(path, p["name"]) for path, _, p in params}
    # the schema is the list: every filter of the claims is there, and the path ids
    assert {("/api/claims", n) for n in ("person", "region", "channel", "flag", "text", "grade")} <= covered
    assert {("/api/claims/{claim_id}", "claim_id"), ("/api/documents/{doc_id}", "doc_id")} <= covered
    before = counts(ledger_url)

    with open_ledger(ledger_url, create=False)() as s:
        claims = list_claims(s)
        texts = dict(s.execute(select(Document.doc_id, Document.text)).all())
    listing = {path: path for path in schema["paths"] if "{" not in path} | {"/api/claims": "/api/claims?size=200"}
    everything = {path: rows(path, get(api, url)) for path, url in listing.items()}
    assert len(everything["/api/claims"]) == len(claims) > 0 and everything["/api/incidents"]

    failures, answered = [], set()
    for path, where, p in params:
        name, text_like = p["name"], free_text(p, schema)
        payloads = [quote(x, safe="") for x in PAYLOADS] + (RAW if where == "query" else [])
        for encoded in payloads:
            payload = next((x for x in PAYLOADS if quote(x, safe="") == encoded), encoded)
            if where == "path":
                url = path.replace("{" + name + "}", encoded)
            else:
                url = (
                    f"{path}?{name}={encoded}&size=200"
                    if path == "/api/claims" and name != "size"
                    else f"{path}?{name}={encoded}"
                )
            got = get(api, url)
            answered.add(got.status_code)
            case = (url[:120], got.status_code, got.text[:200])
            if where == "path":
                if got.status_code not in (404, 422):
                    failures.append(case)
                continue
            if got.status_code == 422:
                continue
            if got.status_code != 200 or not text_like:  # enums, numbers, booleans, dates take no payload
                failures.append(case)
                continue
            listed, unfiltered = rows(path, got), everything[path]
            if not set(listed) <= set(unfiltered) or len(listed) > len(unfiltered):
                failures.append((*case, "extra rows"))
            elif name == "exclude_flag":
                if listed != unfiltered:  # no claim carries such a flag: nothing is excluded
                    failures.append((*case, "excluded claims"))
            elif name == "text" and path == "/api/claims":
                want = [c["id"] for c in claims if payload.casefold() in texts[c["doc_id"]].casefold()]
                if listed != want:
                    failures.append((*case, f"text match {len(listed)} != {len(want)}"))
            elif listed and (payload in CLASSIC or payload in ("%", "_", "%%")):
                failures.append((*case, "a payload selected rows"))
    assert failures == [], failures[:10]
    assert 500 not in answered and {200, 404, 422} <= answered
    assert counts(ledger_url) == before
    # the ledger still answers as it did
    assert rows("/api/claims", get(api, listing["/api/claims"])) == everything["/api/claims"]


def test_payloads_in_every_filter_at_once(api, ledger_url):
    """All the free-text filters of the claims together, each holding every payload."""
    schema = api.get("/openapi.json").json()
    names = [p["name"] for path, where, p in parameters(schema) if path == "/api/claims" and free_text(p, schema)]
    before = counts(ledger_url)
    for payload in CLASSIC:
        query = urlencode([(n, payload) for n in names if n != "region"])
        got = api.get(f"/api/claims?{query}")
        assert got.status_code == 200 and got.json()["items"] == [], (payload, got.text[:200])
        query = urlencode([(n, p) for n in names if n not in ("region", "text") for p in PAYLOADS if len(p) <= 200])
        got = api.get(f"/api/claims?{query}")
        assert got.status_code == 422 and "string_pattern_mismatch" in got.text  # the NUL payloads
    assert counts(ledger_url) == before
