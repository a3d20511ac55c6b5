"""Run reports through the extractor and into the ledger, one transaction per batch of documents.

A batch never stops for one bad document: whatever cannot be read, extracted or stored becomes a
:class:`ReadFailure`, is recorded in ``read_failures`` and is passed to the caller, who reports it.
Reports the ledger already holds from the same extractor are not extracted again (:func:`known_to`),
so a run that was interrupted, even killed, finishes the job when started again.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from skyledger.contract import extraction_to_dict
from skyledger.model import Extraction, ReadFailure, Report
from skyledger.parallel import chunked, map_ordered
from skyledger.reconcile import copies
from skyledger.store.models import without_nul
from skyledger.store.reconciled import reconcile_documents
from skyledger.store.repo import (
    finish_run,
    ingest_extraction,
    ingest_extractions,
    kept_date,
    note_known,
    note_progress,
    record_failure,
    start_run,
    stored_ids,
)


@dataclass
class BatchSummary:
    """What one ingest did. ``documents`` counts every document now in the ledger (new or not),
    ``new`` those written by this run (new, or read again by a newer extractor), ``claims`` the
    claims of all ``documents``."""

    documents: int = 0
    new: int = 0
    claims: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    kept_dates: int = 0  # documents already in the ledger that keep the date they were first given

    def line(self) -> str:
        """The one-line summary the CLI prints; documents the ledger already held are said so, and
        so are those whose stored date a new ``--published`` did not change.

        >>> BatchSummary(2, 2, 5).line()
        'ingested 2 documents (2 new), 5 claims, 0 failures'
        >>> BatchSummary(3, 1, 5).line()
        'ingested 3 documents (1 new, 2 already in the ledger), 5 claims, 0 failures'
        >>> BatchSummary(3, 1, 5, kept_dates=2).line().split(", ")[2]
        '2 keeping their earlier --published date)'
        """
        already = self.documents - self.new
        counted = f"{self.new} new" + (f", {already} already in the ledger" if already else "")
        if self.kept_dates:
            counted += f", {self.kept_dates} keeping their earlier --published date"
        return f"ingested {self.documents} documents ({counted}), {self.claims} claims, {len(self.failures)} failures"

    def add(self, other: BatchSummary) -> None:
        """Count a committed batch in this summary."""
        self.documents += other.documents
        self.new += other.new
        self.claims += other.claims
        self.failures.extend(other.failures)
        self.kept_dates += other.kept_dates


def extractor_version() -> str:
    """The running extractor's version, imported late so that the store works without the extractor."""
    from skyledger.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


@dataclass(frozen=True)
class Known:
    """A report the ledger already holds as read by this extractor: a resumed or repeated batch skips
    its extraction and only notes where it was read."""

    report: Report


Item = Extraction | ReadFailure | Known


def read_and_extract(
    paths: Sequence[str | Path],
    published: datetime | None = None,
    workers: int = 1,
    skip: Callable[[Iterable[Report | ReadFailure]], Iterable[Report | ReadFailure | Known]] | None = None,
    work: Callable[[Any], Any] | None = None,
    ahead: int = 0,
) -> Iterator[Any]:
    """Read every report under ``paths`` and extract it, in ``workers`` processes; failures come out
    as values, and everything comes out in input order whatever ``workers`` is.

    ``skip`` marks the reports that need no extraction (see :func:`known_to`); they pass through as
    :class:`Known`. ``work`` replaces :func:`extract_item` as what the workers do with each item
    (:func:`extract_to_json` for ``skyledger extract``, so that the workers also write the JSON).
    ``ahead``: reports to keep in flight (``parallel.map_ordered``); a caller that stores in batches
    passes :func:`in_flight` of its batch.
    """
    from skyledger.ingest import read_paths

    items: Iterable[Report | ReadFailure | Known] = read_paths(paths, published=published)
    if skip is not None:
        items = skip(items)
    return map_ordered(work or extract_item, items, workers, warmup=warm_extractor, only=_extractable, ahead=ahead)


def _extractable(item: object) -> bool:
    """Only reports go to the workers; failures and reports already stored pass them by."""
    return isinstance(item, Report)


def known_to(session: Session, version: str, size: int = 256) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """A ``skip`` for :func:`read_and_extract`: reports already stored by extractor ``version`` become
    :class:`Known`. One query per ``size`` reports, so a resumed run passes over what it finished at
    the speed of reading."""

    def skip(items: Iterable[Any]) -> Iterator[Any]:
        for chunk in chunked(items, size):
            stored = stored_ids(session, (i.doc_id for i in chunk if isinstance(i, Report)), version)
            yield from (Known(i) if isinstance(i, Report) and i.doc_id in stored else i for i in chunk)

    return skip


def warm_extractor() -> None:
    """Load the extractor's tables and morphology once, before workers are forked, so they share them."""
    from skyledger.extract import extract

    for sample in ("Air defence shot down 3 drones over the Kursk region.", "Сбиты 3 беспилотника.", "Збито 3 БпЛА."):
        extract(Report(source="<warm-up>", text=sample, format="text"))


def extract_item(item: Report | ReadFailure | Known) -> Item:
    """What a worker does with one item: extract a report; pass a failure or a known report through."""
    if not isinstance(item, Report):
        return item
    from skyledger.extract import extract

    return extract_one(item, extract)


@dataclass(frozen=True)
class Signed(Extraction):
    """An extraction with its document's MinHash signature (``reconcile.copies``), made by the
    worker that extracted it: signing every document in the main process took a sixth of its time
    in an ingest of a million documents, while the workers waited for it."""

    minhash: bytes = b""


def extract_and_sign(item: Report | ReadFailure | Known) -> Item:
    """What a worker does for ``skyledger ingest``: extract a report and sign its text."""
    done = extract_item(item)
    if not isinstance(done, Extraction):
        return done
    stored = without_nul(done.report.text) or ""  # the text as the ledger keeps it and signs it otherwise
    signature = copies.to_bytes(copies.signature(stored))
    return Signed(**{f.name: getattr(done, f.name) for f in fields(Extraction)}, minhash=signature)


def signatures(items: Iterable[Item]) -> dict[str, bytes]:
    """The signatures the workers made, by document (:class:`Signed`)."""
    return {i.report.doc_id: i.minhash for i in items if isinstance(i, Signed)}


def extract_to_json(item: Report | ReadFailure, indent: int | None = None) -> str | ReadFailure:
    """What a worker does for ``skyledger extract``: a report's contract object as JSON text."""
    done = extract_item(item)
    if isinstance(done, ReadFailure):
        return done
    return json.dumps(extraction_to_dict(done), ensure_ascii=False, indent=indent)  # type: ignore[arg-type]


def extract_one(report: Report, extract: Callable[[Report], Extraction]) -> Extraction | ReadFailure:
    """Extract one report, turning any exception into a failure named after the report.

    Any exception, not only ours: one report that trips an extractor bug must not cost the rest of a
    batch, and the failure is still printed and makes the command exit 1.
    """
    try:
        return extract(report)
    except Exception as e:  # noqa: BLE001 - see docstring
        return ReadFailure(report.source, f"extraction failed: {type(e).__name__}: {e}")


#: Documents per transaction: a commit (and SQLite's fsync) per batch instead of per document, and
#: each index page, claim bucket and attack period a batch touches written and read once for all of
#: its documents (into a 145,000-document ledger, 500 a batch cost 15 % less time than 100).
BATCH = 500


#: Reports asked to be kept in flight to the workers at most, whatever ``--batch`` is (they are held
#: in memory); ``map_ordered`` rounds up to whole chunks and keeps at least three chunks a worker.
MAX_AHEAD = 2_000


def in_flight(batch: int) -> int:
    """Reports to keep in flight while ``batch`` documents are stored at once: twice the batch, so
    that the workers have the next one to extract meanwhile, up to :data:`MAX_AHEAD`."""
    return min(2 * batch, MAX_AHEAD)


def store_batch(
    session: Session,
    items: Iterable[Item],
    version: str,
    on_failure: Callable[[ReadFailure], None] | None = None,
    summary: BatchSummary | None = None,
    batch: int = BATCH,
    on_stored: Callable[[BatchSummary], None] | None = None,
) -> BatchSummary:
    """Store the items, committing every ``batch`` documents; record each failure; return the summary.

    A batch's documents are stored together when it is committed (:func:`_store_all`), and should
    the database refuse one, each is stored in a SAVEPOINT of its own, so one that fails is rolled
    back alone and reported on its own. Should a commit itself fail, that batch's documents are
    stored again one per transaction, so that the failure is pinned on the document that causes it.
    Ctrl-C is taken between documents, never inside one: what is stored is reconciled and committed, then the
    interrupt goes on. ``on_failure`` is called for each failure and ``on_stored`` after each commit.
    ``summary`` is filled commit by commit, so that a caller interrupted half-way can say how far it
    got: every document counted in it is committed.
    """
    summary = summary if summary is not None else BatchSummary()
    run_id = start_run(session, version)
    session.commit()
    pending = _Pending(session, run_id, summary, on_failure, on_stored)
    with _interrupt_between() as interrupted:
        try:
            for item in items:
                pending.store(item)
                if len(pending.items) >= batch or interrupted():
                    pending.commit()
                if interrupted():
                    raise KeyboardInterrupt
        finally:  # whatever ended the loop came between two documents: what is stored is whole
            pending.commit()
    finish_run(session, run_id, summary.documents, len(summary.failures))
    session.commit()
    refresh_statistics(session)
    return summary


@contextmanager
def _interrupt_between() -> Iterator[Callable[[], bool]]:
    """Hold Ctrl-C (SIGINT) while the block runs and let it ask whether one came, so that an
    interrupt lands between two documents, not half-way through storing or counting one. Only the
    main thread can take signals; elsewhere (the API's threads) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class _Pending:
    """The documents stored since the last commit, and what to do when they are committed."""

    session: Session
    run_id: int
    summary: BatchSummary
    on_failure: Callable[[ReadFailure], None] | None
    on_stored: Callable[[BatchSummary], None] | None
    items: list[Item] = field(default_factory=list)

    def store(self, item: Item) -> None:
        """Take one item; it is stored with the rest of the batch, when the batch is committed."""
        self.items.append(item)

    def _progress(self, done: BatchSummary) -> None:
        """The run's counts as of this batch, committed with it: the ledger's stamp moves with them."""
        documents = self.summary.documents + done.documents
        note_progress(self.session, self.run_id, documents, len(self.summary.failures) + len(done.failures))

    def commit(self) -> None:
        """Store the items, reconcile the new documents and commit; if that fails, store the items
        again one per transaction."""
        if not self.items:
            return
        try:
            done, new_ids = _store_all(self.session, self.items, self.run_id)
            if new_ids:
                reconcile_documents(self.session, new_ids, signatures(self.items))
            self._progress(done)
            self.session.commit()
        except Exception:  # noqa: BLE001 - the batch as a whole failed: find the document that did
            self.session.rollback()
            done = BatchSummary()
            for item in self.items:
                done.add(_store_alone(self.session, item, self.run_id))
            self._progress(done)
            self.session.commit()
        self.items = []  # before the callbacks, which may raise
        self.summary.add(done)
        for failure in done.failures:
            if self.on_failure is not None:
                self.on_failure(failure)
        if self.on_stored is not None:
            self.on_stored(self.summary)


def _store_all(session: Session, items: list[Item], run_id: int) -> tuple[BatchSummary, list[str]]:
    """Store a batch's items in the open transaction; what they add to the counts, and the ids of
    the new documents.

    Together first (one statement per table, :func:`_store_together`) in one SAVEPOINT; should the
    database refuse any of it, that SAVEPOINT is rolled back and the items are stored one by one,
    each in a SAVEPOINT of its own, so that the document it refuses is reported and rolled back
    alone, as if the batch had been stored one document at a time from the start.
    """
    try:
        with session.begin_nested():
            together = _store_together(session, items, run_id)
    except Exception:  # noqa: BLE001 - rolled back; the one-by-one path below pins the failure
        together = None
    if together is not None:
        return together
    done, new_ids = BatchSummary(), []
    for item in items:
        _store_item(session, item, run_id, done, new_ids)
    return done, new_ids


def _store_together(session: Session, items: list[Item], run_id: int) -> tuple[BatchSummary, list[str]] | None:
    """Store a batch's items with one statement per table (:func:`ingest_extractions`); None,
    having stored nothing, when a document must replace one of an older extractor."""
    new = ingest_extractions(session, [i for i in items if isinstance(i, Extraction)], run_id)
    if new is None:
        return None
    known = note_known(session, [i.report for i in items if isinstance(i, Known)])
    flags, done, new_ids = iter(new), BatchSummary(), []
    for item in items:
        if isinstance(item, ReadFailure):
            record_failure(session, run_id, item.source, item.reason)
            done.failures.append(item)
            continue
        if isinstance(item, Known):
            stored = _counted(session, item.report, False, known[item.report.doc_id])
        else:
            stored = _counted(session, item.report, next(flags), len(item.claims))
        done.add(stored)
        if stored.new:
            new_ids.append(item.report.doc_id)
    return done, new_ids


def _store_item(session: Session, item: Item, run_id: int, done: BatchSummary, new_ids: list[str]) -> None:
    """Store one item in the open transaction and count it in ``done``; record it if it is a failure."""
    if isinstance(item, ReadFailure):
        record_failure(session, run_id, item.source, item.reason)
        done.failures.append(item)
        return
    try:
        stored = _store_one(session, item, run_id)
    except Exception as e:  # noqa: BLE001 - the document's SAVEPOINT is rolled back; its neighbours stay
        _fail_item(session, run_id, item, e, done)
        return
    done.add(stored)  # counted once its SAVEPOINT is released, never before
    if stored.new:
        new_ids.append(item.report.doc_id)


def _fail_item(session: Session, run_id: int, item: Item, e: Exception, done: BatchSummary) -> None:
    """Record that ``item`` could not be stored, with the database's reason."""
    failure = ReadFailure(_source(item), f"not stored: {_reason(e)}")
    record_failure(session, run_id, failure.source, failure.reason)
    done.failures.append(failure)


def _store_alone(session: Session, item: Item, run_id: int) -> BatchSummary:
    """Store one item in its own transaction: the fallback that isolates a failing document."""
    done, new_ids = BatchSummary(), []
    try:
        _store_item(session, item, run_id, done, new_ids)
        if new_ids:
            reconcile_documents(session, new_ids, signatures([item]))
        session.commit()
        return done
    except Exception as e:  # noqa: BLE001 - reported as this document's failure
        session.rollback()
        done = BatchSummary()
        _fail_item(session, run_id, item, e, done)
        session.commit()
        return done


def _store_one(session: Session, item: Extraction | Known, run_id: int) -> BatchSummary:
    """Store one document (or note a known one) in a SAVEPOINT of its own; what it adds to the
    batch's counts. :func:`ingest_extraction` takes its own SAVEPOINT; a second one around it would
    cost two more statements a document and guard nothing (``kept_date`` only reads)."""
    report = item.report
    if isinstance(item, Known):
        with session.begin_nested():
            new, claims = False, note_known(session, [report])[report.doc_id]
    else:
        new, claims = ingest_extraction(session, item, run_id), len(item.claims)
    return _counted(session, report, new, claims)


def _counted(session: Session, report: Report, new: bool, claims: int) -> BatchSummary:
    """What one stored document adds to the batch's counts."""
    kept = not new and kept_date(session, report) is not None
    return BatchSummary(documents=1, new=int(new), claims=claims, kept_dates=int(kept))


def _source(item: Item) -> str:
    return item.source if isinstance(item, ReadFailure) else item.report.source


def refresh_statistics(session: Session) -> None:
    """Let SQLite's planner know the tables' sizes after a run of batches (a bounded ANALYZE, milliseconds at
    any size): without them it sorts a whole table where an index would give a page in order.
    PostgreSQL's autovacuum keeps its own."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA analysis_limit=400"))
        session.execute(text("ANALYZE"))
        session.commit()


def _reason(e: Exception) -> str:
    """A one-line reason: the driver's own message when there is one, without SQLAlchemy's SQL dump."""
    orig = getattr(e, "orig", None) or e
    text = str(orig).strip().splitlines()
    return f"{type(orig).__name__}: {text[0] if text else ''}".rstrip(": ")
