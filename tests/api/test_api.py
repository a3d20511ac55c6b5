"""Every endpoint and filter over HTTP, on SQLite and PostgreSQL: the API answers what the library
answers (the CLI's numbers), refuses bad input with a 4xx and a reason, and writes only with the token."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from skyledger.api import create_app
from skyledger.explain import explain
from skyledger.store import reconciled_views
from skyledger.store.query import ClaimQuery
from skyledger.store.repo import get_claim, get_document, list_claims

from .conftest import TOKEN

# (query parameters, the same query in the library)
FILTERS = [
    ({}, ClaimQuery()),
    ({"action": "launched"}, ClaimQuery(actions=["launched"])),
    ({"action": ["launched", "hit"]}, ClaimQuery(actions=["launched", "hit"])),
    ({"weapon": "missile"}, ClaimQuery(weapons=["missile"])),
    ({"region": "RU-BEL"}, ClaimQuery(regions=["RU-BEL"])),
    ({"region": ["Belgorod", "Курская"]}, ClaimQuery(regions=["RU-BEL", "RU-KRS"])),
    ({"claimant": ["governor", "mayor"]}, ClaimQuery(claimant_kinds=["governor", "mayor"])),
    ({"person": "sobyanin"}, ClaimQuery(persons=["sobyanin"])),
    ({"channel": "t.me/mod_russia"}, ClaimQuery(channels=["t.me/mod_russia"])),
    ({"lang": ["ru", "uk"]}, ClaimQuery(langs=["ru", "uk"])),
    ({"flag": "vague_time"}, ClaimQuery(flags=["vague_time"])),
    ({"exclude_flag": "vague_time"}, ClaimQuery(exclude_flags=["vague_time"])),
    ({"check": "launched_covers_outcomes"}, ClaimQuery(failed=["launched_covers_outcomes"])),
    ({"failed": "true"}, ClaimQuery(failed_checks=True)),
    ({"failed": "false"}, ClaimQuery(failed_checks=False)),
    ({"hedged": "true"}, ClaimQuery(hedged=True)),
    ({"grade": "party_claim"}, ClaimQuery(grades=["party_claim"])),
    ({"text": "Белгородск"}, ClaimQuery(text="Белгородск")),
    ({"from": "2026-03-15", "to": "2026-03-15"}, ClaimQuery(since=date(2026, 3, 15), until=date(2026, 3, 15))),
    (
        {"action": "destroyed", "region": "RU-BRY", "from": "2026-01-01", "exclude_flag": "vague_time"},
        ClaimQuery(actions=["destroyed"], regions=["RU-BRY"], since=date(2026, 1, 1), exclude_flags=["vague_time"]),
    ),
    ({"sort": "total", "reverse": "true"}, ClaimQuery(sort="total", reverse=True)),
]


def ids(items):
    return [c["id"] for c in items]


def test_every_claims_filter_lists_what_the_library_lists(client, session):
    selected = 0
    for params, query in FILTERS:
        want = ids(list_claims(session, query))
        got = client.get("/api/claims", params={**params, "size": 200})
        assert got.status_code == 200, (params, got.text)
        page = got.json()
        assert (ids(page["items"]), page["total"]) == (want, len(want)), params
        selected += bool(want)
    assert selected >= len(FILTERS) - 2, "the filters should select claims"


def test_pages_cover_every_claim_once_newest_first(client, session):
    everything = ids(list_claims(session, ClaimQuery()))
    seen = []
    first = client.get("/api/claims", params={"size": 7}).json()
    assert first["pages"] == -(-len(everything) // 7) and first["total"] == len(everything)
    for page in range(1, first["pages"] + 1):
        seen += ids(client.get("/api/claims", params={"size": 7, "page": page}).json()["items"])
    assert seen == everything
    assert client.get("/api/claims", params={"size": 7, "page": first["pages"] + 1}).json()["items"] == []


def test_claim_is_the_library_claim_with_its_explanation(client, session):
    claim_id = next(c["id"] for c in list_claims(session, ClaimQuery(regions=["RU-ROS"])) if c["total"] == 22)
    got = client.get(f"/api/claims/{claim_id}").json()
    c = get_claim(session, claim_id)
    assert got == json.loads(json.dumps({**c, "explanation": explain(c)}))
    assert "total 22 read from 'destroyed 22'" in got["explanation"]
    eight = next(v for v in got["values"] if v["field"] == "count:RU-ROS")
    assert got["text"][eight["start"] : eight["end"]] == "8"


def test_document_is_the_contract_object_with_its_text(client, session):
    doc_id = list_claims(session, ClaimQuery())[0]["doc_id"]
    got = client.get(f"/api/documents/{doc_id}").json()
    assert got == json.loads(json.dumps(get_document(session, doc_id)))
    assert got["claims"] and got["text"]


@pytest.mark.parametrize(
    ("path", "view"),
    [
        ("/api/incidents", lambda s: reconciled_views.incidents(s)),
        (
            "/api/incidents?from=2026-03-15&to=2026-03-15",
            lambda s: reconciled_views.incidents(s, date(2026, 3, 15), date(2026, 3, 15)),
        ),
        ("/api/incidents?region=Belgorod", lambda s: reconciled_views.incidents(s, region="RU-BEL")),
        ("/api/daily", lambda s: reconciled_views.daily_totals(s)),
        (
            "/api/daily?by=region&claimant=ministry",
            lambda s: reconciled_views.daily_totals(s, "region", claimant="ministry"),
        ),
        (
            "/api/daily?by=weapon&from=2026-03-01",
            lambda s: reconciled_views.daily_totals(s, "weapon", date(2026, 3, 1)),
        ),
        ("/api/record", lambda s: reconciled_views.track_record(s)),
        ("/api/record?claimant=air_force", lambda s: reconciled_views.track_record(s, "air_force")),
    ],
)
def test_reconciliation_endpoints_answer_what_the_cli_prints(client, session, path, view):
    got = client.get(path)
    assert got.status_code == 200, got.text
    want = json.loads(json.dumps(view(session)))
    # the typed rows name every field; a daily row by claimant has region and weapon null
    rows = [{k: v for k, v in r.items() if k in w or v is not None} for r, w in zip(got.json(), want, strict=False)]
    assert rows == want and want, path


def test_regions_sum_the_daily_region_totals(client, session):
    got = client.get("/api/regions", params={"action": "destroyed"}).json()
    daily = reconciled_views.daily_totals(session, "region")
    for row in got:
        days = [d for d in daily if d["region"] == row["code"] and d["action"] == "destroyed"]
        assert (row["low"], row["high"]) == (sum(d["low"] for d in days), sum(d["high"] for d in days))
    codes = [r["code"] for r in got]
    assert "RU-ROS" in codes and len(codes) == len(set(codes))
    narrow = client.get(
        "/api/regions", params={"from": "2026-03-15", "to": "2026-03-15", "claimant": "ministry"}
    ).json()
    assert narrow and all(r["high"] <= next(g["high"] for g in got if g["code"] == r["code"]) for r in narrow)


def test_export_streams_what_the_cli_exports(client, session):
    got = client.get("/api/export", params={"format": "csv", "region": "RU-BEL"})
    assert got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    want = list_claims(session, replace(ClaimQuery(regions=["RU-BEL"]), reverse=True))
    assert [r["claim_id"] for r in rows] == ids(want)
    geo = client.get("/api/export", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert {json.loads(line)["doc_id"] for line in lines} == {c["doc_id"] for c in list_claims(session)} | {
        json.loads(line)["doc_id"] for line in lines if not json.loads(line)["claims"]
    }


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [
        ("/api/claims?from=2025-11-31", 422, "day value is outside"),
        ("/api/claims?region=RU-XYZ", 422, "unknown region 'RU-XYZ'"),
        ("/api/claims?size=201", 422, "less than or equal to 200"),
        ("/api/claims?page=0", 422, "greater than or equal to 1"),
        ("/api/claims?action=exploded", 422, "'destroyed', 'launched', 'suppressed' or 'hit'"),
        ("/api/claims?check=nonsense", 422, "breakdown_sums_to_total"),
        ("/api/daily?by=month", 422, "'claimant', 'region' or 'weapon'"),
        ("/api/incidents?region=Atlantis", 422, "unknown region"),
        ("/api/claims/no-such-claim", 404, "no claim no-such-claim"),
        ("/api/documents/0000", 404, "no document 0000"),
        ("/api/export?format=xml", 422, "'csv', 'jsonl' or 'geojson'"),
        ("/api/claims?exclude_flag=%00", 422, "string_pattern_mismatch"),
        ("/api/claims?text=a%00b", 422, "string_pattern_mismatch"),
        ("/api/claims/x%00y", 422, "string_pattern_mismatch"),
    ],
)
def test_bad_input_is_a_4xx_with_a_reason(client, path, status, reason):
    got = client.get(path)
    assert got.status_code == status, got.text
    assert reason in got.text


def test_every_response_carries_the_security_headers(client):
    for path in ("/api/claims", "/", "/api/claims/nope", "/api/claims?size=999"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


def test_openapi_schema_lists_every_endpoint_with_typed_responses(client):
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/documents/{doc_id}",
        "/api/documents",
        "/api/incidents",
        "/api/daily",
        "/api/regions",
        "/api/record",
        "/api/export",
    }
    claims = schema["paths"]["/api/claims"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert claims == {"$ref": "#/components/schemas/ClaimPage"}


REPORT = {
    "text": "Air defence systems destroyed 7 Ukrainian drones over the Kursk region overnight, the Russian Defence Ministry said.",
    "id": "post-1",
    "source": "test-wire",
    "published": "2026-04-02T07:00:00+03:00",
}


def test_writes_need_the_token_and_go_through_the_pipeline(ledger_url):
    with TestClient(create_app(ledger_url, token="")) as read_only:
        refused = read_only.post("/api/documents", json=REPORT)
        assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    with TestClient(create_app(ledger_url, token=TOKEN)) as server:
        for header in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            assert server.post("/api/documents", json=REPORT, headers=header).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        before = server.get("/api/claims", params={"region": "RU-KRS"}).json()["total"]
        kursk = server.get("/api/regions").json()
        first = server.post("/api/documents", json=REPORT, headers=auth)
        assert first.status_code == 200, first.text
        result = first.json()
        assert (result["documents"], result["new"], result["claims"], result["failures"]) == (1, 1, 1, [])
        (doc_id,) = result["doc_ids"]
        claims = server.get("/api/claims", params={"channel": "test-wire"}).json()["items"]
        assert [(c["doc_id"], c["total"], [r["code"] for r in c["regions"]]) for c in claims] == [
            (doc_id, 7, ["RU-KRS"])
        ]
        # the cached total and map follow the ledger
        assert server.get("/api/claims", params={"region": "RU-KRS"}).json()["total"] == before + 1
        high = {r["code"]: r["high"] for r in server.get("/api/regions").json()}
        assert high["RU-KRS"] == next(r["high"] for r in kursk if r["code"] == "RU-KRS") + 7
        again = server.post("/api/documents", json={"documents": [REPORT, {**REPORT, "id": "post-2"}]}, headers=auth)
        assert (again.json()["documents"], again.json()["new"]) == (2, 1)  # the same report is not stored twice
        bad = server.post("/api/documents", json={"text": ""}, headers=auth)
        assert bad.status_code == 422
        extra = server.post("/api/documents", json={**REPORT, "script": "x"}, headers=auth)
        assert extra.status_code == 422
        too_many = server.post("/api/documents", json={"documents": [REPORT] * 501}, headers=auth)
        assert too_many.status_code == 422
        huge = server.post(
            "/api/documents", content=b"x" * 5_000_001, headers={**auth, "Content-Type": "application/json"}
        )
        assert huge.status_code == 413
        chunked = server.post("/api/documents", content=(b"x" * 1_000_000 for _ in range(6)), headers=auth)
        assert chunked.status_code == 413  # no Content-Length: counted as it arrives
    with TestClient(create_app(ledger_url, token="")) as read_only:
        surrogate = read_only.post("/api/documents", content=b'{"text": "\\ud800 x"}', headers=auth)
        assert surrogate.status_code in (403, 422)  # never a 500, whatever the body holds


def test_a_stalled_export_reader_lets_the_writer_and_its_connection_go(monkeypatch):
    import threading

    from skyledger.api import app as served

    monkeypatch.setattr(served, "STALL", 1.0)
    done = threading.Event()

    def write(fp):
        for _ in range(10_000):
            fp.write("x" * 70_000)

    chunks = served.streamed(write, done=done.set)
    assert len(next(chunks)) >= 65_536  # one chunk read, then the client reads no more
    assert done.wait(10), "the writer should give up on a client that stopped reading"


def test_the_cache_computes_a_missing_figure_once_for_concurrent_requests(ledger_url):
    import threading
    import time

    from skyledger.api.app import LedgerCache
    from skyledger.store import open_ledger

    cache, calls = LedgerCache(), []

    def slow(session):
        calls.append(1)
        time.sleep(0.3)
        return 42

    def ask(results):
        with open_ledger(ledger_url, create=False)() as s:
            results.append(cache.get(s, "figure", slow))

    results: list[int] = []
    threads = [threading.Thread(target=ask, args=(results,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 4 and len(calls) == 1
