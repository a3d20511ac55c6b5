"""A served ledger on each backend: the examples and the reconciliation reports ingested once per
module, and an HTTP client on the application (httpx against the ASGI app, no socket)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from skyledger.api import create_app
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract
from tests.store.conftest import BACKENDS, pg_base_url, with_search_path

ROOT = Path(__file__).resolve().parents[2]
PATHS = [ROOT / "examples", ROOT / "tests" / "reconcile" / "reports"]
TOKEN = "test-token-3f9c"


@pytest.fixture(scope="module", params=BACKENDS)
def ledger_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ledger holding the examples, on SQLite or in a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("api") / "ledger.db")
        schema = admin = None
    else:
        base = pg_base_url()
        schema = f"skyledger_api_{uuid.uuid4().hex[:12]}"
        admin = create_engine(base)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = with_search_path(base, schema)
    with open_ledger(url)() as session:
        items = read_and_extract(PATHS, datetime(2025, 11, 20, tzinfo=UTC))
        assert store_batch(session, items, extractor_version()).failures == []
    yield url
    if admin is not None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def client(ledger_url: str) -> Iterator[TestClient]:
    """A read-only server: no token."""
    with TestClient(create_app(ledger_url, token="")) as c:
        yield c


@pytest.fixture
def session(ledger_url: str):
    with open_ledger(ledger_url, create=False)() as s:
        yield s
