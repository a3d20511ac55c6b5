"""Every store test runs on each backend the ledger supports: a fresh ledger per test.

* ``sqlite``: a file in tmp_path, so that WAL and foreign keys are exercised as in use.
* ``postgresql``: needs ``SKYLEDGER_TEST_PG_URL`` (for example
  ``postgresql+psycopg://postgres@/skyledger_test?host=/tmp/pg``); ``.ci/run`` starts a server and sets
  it. Each test gets a schema of its own, created empty and dropped afterwards, named in the URL it is
  given (``options=-csearch_path=...``), so that a URL handed to the CLI lands in the same schema.
  Without the variable these tests are skipped, with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from skyledger.store.db import open_ledger

PG_ENV = "SKYLEDGER_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def pg_base_url() -> str:
    """The PostgreSQL server the tests may use, or a skip that says how to give one."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL backend not tested: set {PG_ENV}=postgresql+psycopg://USER@HOST/DB (.ci/run does)")
    return url


def with_search_path(url: str, schema: str) -> str:
    """``url`` with ``schema`` as the only schema its connections see.

    >>> with_search_path("postgresql+psycopg://u@/db?host=/tmp/pg", "t_1")
    'postgresql+psycopg://u@/db?host=%2Ftmp%2Fpg&options=-csearch_path%3Dt_1'
    """
    parsed = make_url(url)
    options = " ".join(filter(None, [parsed.query.get("options"), f"-csearch_path={schema}"]))
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of an empty PostgreSQL schema of this test's own, dropped with all it holds afterwards."""
    base = pg_base_url()
    schema = f"skyledger_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield with_search_path(base, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The ``--db`` value of a fresh, empty ledger on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def backend(db_url: str) -> str:
    """The dialect name of this test's backend: ``sqlite`` or ``postgresql``."""
    return "postgresql" if db_url.startswith("postgresql") else "sqlite"


@pytest.fixture
def session(db_url):
    factory = open_ledger(db_url)
    try:
        with factory() as s:
            yield s
    finally:
        factory.kw["bind"].dispose()  # no pooled connection outlives the test (or its schema)
