"""Opening the ledger: URLs, errors, SQLite settings."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from skyledger.errors import BadDatabaseURL
from skyledger.store.db import BULK_CACHE_KIB, BULK_WAL_PAGES, bulk, database_url, open_ledger, writer


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (None, None, "sqlite:///skyledger.db"),
        (None, "env.db", "sqlite:///env.db"),
        ("cli.db", "env.db", "sqlite:///cli.db"),
        ("/abs/path.db", None, "sqlite:////abs/path.db"),
        ("postgresql+psycopg://u:p@h/sky", None, "postgresql+psycopg://u:p@h/sky"),
        ("postgresql://u:p@h/sky", None, "postgresql+psycopg://u:p@h/sky"),
        (None, "postgres://u@h/sky?host=/tmp", "postgresql+psycopg://u@h/sky?host=/tmp"),
        ("postgresql+psycopg2://u@h/sky", None, "postgresql+psycopg2://u@h/sky"),
        (":memory:", None, "sqlite://"),
    ],
)
def test_database_url(monkeypatch, given, env, expected):
    if env is None:
        monkeypatch.delenv("SKYLEDGER_DB", raising=False)
    else:
        monkeypatch.setenv("SKYLEDGER_DB", env)
    assert database_url(given) == expected


def test_unknown_dialect_is_one_line():
    with pytest.raises(BadDatabaseURL) as e:
        open_ledger("nosuchdb://u:secret@h/x")
    message = str(e.value)
    assert message.startswith("cannot open database nosuchdb://u:***@h/x: ")
    assert "\n" not in message and "secret" not in message


def test_missing_folder_is_one_line(tmp_path):
    path = tmp_path / "missing" / "ledger.db"
    with pytest.raises(BadDatabaseURL, match=r"^cannot open database sqlite:///.*ledger.db: unable to open"):
        open_ledger(str(path))


def test_sqlite_has_foreign_keys_and_wal(tmp_path):
    with open_ledger(str(tmp_path / "l.db"))() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_unreachable_postgresql_is_one_line(tmp_path):
    url = f"postgresql+psycopg://u:secret@/sky?host={tmp_path}/nowhere&connect_timeout=5"
    with pytest.raises(BadDatabaseURL) as e:
        open_ledger(url)
    message = str(e.value)
    assert message.startswith("cannot open database postgresql+psycopg://u:***@/sky?")
    assert "\n" not in message and "secret" not in message


def test_opening_twice_keeps_the_tables(db_url):
    from skyledger.store.models import Base

    for _ in range(2):
        factory = open_ledger(db_url)
        eng = factory.kw["bind"]
        assert set(inspect(eng).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
        eng.dispose()


def test_postgresql_column_types(pg_url):
    factory = open_ledger(pg_url)
    eng = factory.kw["bind"]
    try:
        with eng.connect() as conn:
            types = dict(
                conn.execute(
                    text(
                        "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
                        " WHERE table_schema = current_schema()"
                    )
                ).all()
            )
    finally:
        eng.dispose()
    assert types["claims.hedged"] == "boolean"
    assert types["claims.contract"] == "json"
    assert types["claims.window_hours"] == "double precision"
    assert types["extraction_runs.started_at"] == "timestamp with time zone"
    assert types["extraction_runs.id"] == "integer"
    assert types["documents.channel"] == "text"


def test_a_bulk_session_has_the_large_page_cache_on_every_connection(tmp_path):
    """The page cache belongs to a connection, and the pool hands out whichever is free: every
    transaction of a bulk session sets it, on each connection; a ledger opened otherwise keeps SQLite's."""
    loaded = bulk(open_ledger(str(tmp_path / "ledger.db")))
    cache = text("PRAGMA cache_size")
    with loaded() as first, loaded() as second:  # two connections out of the pool at once
        sizes = [first.execute(cache).scalar(), second.execute(cache).scalar()]
    for _ in range(3):  # and again, on whichever connection comes back first
        with loaded() as session:
            sizes.append(session.execute(cache).scalar())
            session.commit()
            sizes.append(session.execute(cache).scalar())
    assert sizes == [-BULK_CACHE_KIB] * 8
    log = text("PRAGMA wal_autocheckpoint")
    with bulk(writer(open_ledger(str(tmp_path / "ledger.db"))))() as session:  # a writer's too
        assert (session.execute(cache).scalar(), session.execute(log).scalar()) == (-BULK_CACHE_KIB, BULK_WAL_PAGES)
    with open_ledger(str(tmp_path / "ledger.db"))() as plain:
        assert (plain.execute(cache).scalar(), plain.execute(log).scalar()) == (-2000, 1000)
