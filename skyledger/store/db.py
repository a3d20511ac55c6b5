"""Where the ledger lives: turn ``--db``/``SKYLEDGER_DB`` into an engine and a session factory.

SQLite is the default and PostgreSQL must work too, so the tables use only portable SQLAlchemy types
and every engine-specific setting is made here.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from skyledger.errors import BadDatabaseURL, NoLedger

DEFAULT_URL = "sqlite:///skyledger.db"
ENV_VAR = "SKYLEDGER_DB"
#: How long (ms) a SQLite connection waits for another writer's lock before it gives up.
BUSY_TIMEOUT_MS = 30_000
#: The execution option of an engine whose transactions write (:func:`writer`).
WRITE = "skyledger_write"


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL of the ledger: ``db``, else ``$SKYLEDGER_DB``, else ``skyledger.db``.

    A bare path is a SQLite file, so ``--db ledger.db`` needs no scheme. A PostgreSQL URL without a
    driver (``postgresql://``, or ``postgres://`` as many hosts print it) gets psycopg 3, the driver
    skyledger installs, whatever SQLAlchemy's own default is.

    >>> database_url("ledger.db")
    'sqlite:///ledger.db'
    >>> database_url("postgresql+psycopg://u@h/skyledger")
    'postgresql+psycopg://u@h/skyledger'
    >>> database_url("postgres://u@h/skyledger")
    'postgresql+psycopg://u@h/skyledger'
    >>> database_url(":memory:")
    'sqlite://'
    """
    value = db or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" in value:
        scheme, rest = value.split("://", 1)
        return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else value
    if value == ":memory:":
        return "sqlite://"
    return f"sqlite:///{value}"


def engine(url: str) -> Engine:
    """An engine for ``url``; a URL that cannot be parsed or has no driver is a :class:`BadDatabaseURL`."""
    try:
        parsed = make_url(url)
        eng = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as e:
        raise BadDatabaseURL(f"cannot open database {_shown(url)}: {_first_line(e)}") from e
    if eng.dialect.name == "sqlite":
        _configure_sqlite(eng)
    return eng


def open_ledger(db: str | None = None, create: bool = True) -> sessionmaker[Session]:
    """Open the ledger named by ``db`` (creating it, or migrating it to this version's schema, as
    needed: see :func:`upgrade`) and return a session factory.

    The first connection happens here, so a file in a missing folder or an unreachable server is
    reported as one :class:`BadDatabaseURL` line instead of a traceback on the first query. With
    ``create=False`` (every command that only reads) a ledger that does not exist is a
    :class:`NoLedger` error naming it, and nothing is created: a mistyped path must not become an
    empty ledger that answers "0 claims".
    """
    from skyledger.store.models import Base

    url = database_url(db)
    eng = engine(url)
    if not create:
        require_ledger(eng, url)
    try:
        upgrade(eng, Base.metadata)
    except SQLAlchemyError as e:
        raise BadDatabaseURL(f"cannot open database {_shown(url)}: {_first_line(e.orig or e)}") from e
    return session_factory(eng)


#: The ledger's schema revisions (skyledger/store/migrations/versions): the one a ledger from before
#: migrations is taken to be, and the newest.
BASELINE, HEAD = "0001", "0008"
MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(eng: Engine, metadata: MetaData) -> None:
    """Bring the ledger's schema to :data:`HEAD` in one transaction.

    An empty database gets the tables of the models and is stamped :data:`HEAD`; a ledger without
    Alembic's version table was made before migrations and is stamped :data:`BASELINE` first; then
    the missing migrations run. A ledger already at :data:`HEAD` costs one query.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    with eng.begin() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        if current == HEAD:
            return
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        if current is None:
            if not inspect(conn).has_table("documents"):
                metadata.create_all(conn)
                command.stamp(config, HEAD)
                return
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
        if current in (None, BASELINE):
            _reconcile_all(conn)


def _reconcile_all(conn: Connection) -> None:
    """Fill the reconciliation tables of a ledger that had none (made before revision 0002), with
    the running version's code, in the upgrade's transaction."""
    from sqlalchemy import select

    from skyledger.store import models
    from skyledger.store.reconciled import reconcile_documents

    with Session(bind=conn) as session:
        for doc_id in session.scalars(select(models.Document.doc_id).order_by(models.Document.doc_id)).all():
            reconcile_documents(session, [doc_id])
        session.flush()


def require_ledger(eng: Engine, url: str) -> None:
    """Raise :class:`NoLedger` unless ``url`` holds a ledger, without creating anything.

    A SQLite file is looked for on disk first, because connecting would create it.
    """
    if eng.dialect.name == "sqlite":
        path = eng.url.database
        if path in (None, "", ":memory:"):
            raise NoLedger("an in-memory database holds no ledger to read; give a file (skyledger ingest makes one)")
        if not os.path.exists(path):
            raise NoLedger(f"no ledger at {path} (skyledger ingest --db {path} makes one)")
    try:
        with eng.connect() as conn:
            found = inspect(conn).has_table("documents")
    except SQLAlchemyError as e:
        raise BadDatabaseURL(f"cannot open database {_shown(url)}: {_first_line(e.orig or e)}") from e
    if not found:
        raise NoLedger(f"no ledger in {_shown(url)} (skyledger ingest makes one)")


def session_factory(eng: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``eng``; objects stay readable after commit because the CLI prints them then."""
    return sessionmaker(bind=eng, expire_on_commit=False)


#: SQLite's page cache for a long run of writes (``bulk``), in KiB (its default is 2,000).
BULK_CACHE_KIB = 65_536
#: Pages the write-ahead log may hold before SQLite copies them into the database (its default is
#: 1,000): about 200 MB on disk, beside the ledger, until the run ends.
BULK_WAL_PAGES = 50_000
BULK = "skyledger_bulk"


def bulk(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions of ``factory``'s ledger for a run that stores a corpus: on SQLite every transaction
    they begin has a 64 MB page cache, and a longer write-ahead log. Each document stored touches a
    page of each of a dozen indexes, at random, and reconciling reads its neighbours; with SQLite's
    2 MB, nearly every one of those pages was read again from the operating system, a system call
    each (2,000 documents into a 145,000-document ledger: 3.1 million reads of 12.9 GB, 6.7 s in the
    kernel; with 64 MB, 1.3 million, 5.2 GB, 4.1 s). A batch of 500 documents dirties tens of
    thousands of pages, so the log was copied into the database after every commit; copied every
    50,000 pages, a page written by several batches is copied once (the same 2,000 documents wrote
    1.00 GB, now 0.75 GB). Set as each transaction begins, since both belong to a connection and the
    pool may hand out another; the cache holds only the pages read."""
    return session_factory(factory.kw["bind"].execution_options(**{BULK: True}))


def writer(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions of ``factory``'s ledger for a writer: on SQLite each transaction takes the write lock
    when it begins (``BEGIN IMMEDIATE``), so a writer that meets another waits for it (the busy
    timeout) instead of failing with 'database is locked' when its read turns into a write."""
    return session_factory(factory.kw["bind"].execution_options(**{WRITE: True}))


def _configure_sqlite(eng: Engine) -> None:
    """Foreign keys on, WAL for files (readers and one writer at once), a busy timeout for writers
    that meet another, and transactions that SAVEPOINT can nest in.

    pysqlite opens transactions lazily on its own and breaks SAVEPOINT, which the per-document
    ingest relies on; the fix is the recipe from the SQLAlchemy docs:
    https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl
    """

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # a writer waits its turn behind another (the CLI's ingest, the API's POST) instead of failing
        # at once with 'database is locked'; readers never wait in WAL
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # SQLite's lower() folds ASCII only; text filters need Cyrillic folded too (store.query)
        dbapi_connection.create_function("skyledger_casefold", 1, _casefold, deterministic=True)
        if eng.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        options = conn.get_execution_options()
        if options.get(BULK):
            conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={BULK_WAL_PAGES}")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")

    @event.listens_for(eng, "before_cursor_execute", retval=True)
    def _indexed_by(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        """A statement run with ``execution_options(indexed_by=(table, index))`` reads that table
        through that index (SQLite's INDEXED BY): for a page in index order, which SQLite's planner
        would rather get by sorting the whole table. Only the SQL text changes, never a parameter."""
        hint = context.execution_options.get("indexed_by") if context is not None else None
        if hint:
            table, index = hint
            statement = statement.replace(f"FROM {table} ", f"FROM {table} INDEXED BY {index} ", 1)
        return statement, parameters


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def _shown(url: str) -> str:
    """The URL as it may appear in an error: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _first_line(e: BaseException) -> str:
    """The first line of an exception's message, because CLI errors are one line."""
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
