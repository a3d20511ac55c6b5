"""Run reports through the extractor and into the ledger, one transaction per document.

A batch never stops for one bad document: whatever cannot be read, extracted or stored becomes a
:class:`ReadFailure`, is recorded in ``read_failures`` and is passed to the caller, who reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from skyledger.model import Extraction, ReadFailure, Report
from skyledger.store.reconciled import reconcile_documents
from skyledger.store.repo import finish_run, ingest_extraction, kept_date, record_failure, start_run


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


def extractor_version() -> str:
    """The running extractor's version, imported late so that the store works without the extractor."""
    from skyledger.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def read_and_extract(
    paths: Sequence[str | Path], published: datetime | None = None
) -> Iterator[Extraction | ReadFailure]:
    """Read every report under ``paths`` and extract it; failures come out as values, in order."""
    from skyledger.extract import extract
    from skyledger.ingest import read_paths

    for item in read_paths(paths, published=published):
        yield item if isinstance(item, ReadFailure) else extract_one(item, extract)


def extract_one(report: Report, extract: Callable[[Report], Extraction]) -> Extraction | ReadFailure:
    """Extract one report, turning any exception into a failure named after the report.

    Any exception, not only ours: one report that trips an extractor bug must not cost the rest of a
    batch, and the failure is still printed and makes the command exit 1.
    """
    try:
        return extract(report)
    except Exception as e:  # noqa: BLE001 - see docstring
        return ReadFailure(report.source, f"extraction failed: {type(e).__name__}: {e}")


def store_batch(
    session: Session,
    items: Iterable[Extraction | ReadFailure],
    version: str,
    on_failure: Callable[[ReadFailure], None] | None = None,
    summary: BatchSummary | None = None,
) -> BatchSummary:
    """Store each extraction in its own transaction and record each failure; return the summary.

    ``on_failure`` is called as each failure happens, so a long batch reports problems as it goes.
    ``summary`` is filled as the batch goes, so that a caller interrupted half-way can say how far
    it got: every document counted in it is committed.
    """
    summary = summary if summary is not None else BatchSummary()
    run_id = start_run(session, version)
    session.commit()

    def fail(failure: ReadFailure) -> None:
        record_failure(session, run_id, failure.source, failure.reason)
        session.commit()
        summary.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    for item in items:
        if isinstance(item, ReadFailure):
            fail(item)
            continue
        try:
            new = ingest_extraction(session, item, run_id)
            if new:
                reconcile_documents(session, [item.report.doc_id])
            session.commit()
        except Exception as e:  # one document's failure, whatever it is, must not end the batch
            session.rollback()
            fail(ReadFailure(item.report.source, f"not stored: {_reason(e)}"))
            continue
        summary.documents += 1
        summary.new += new
        summary.kept_dates += not new and kept_date(session, item) is not None
        summary.claims += len(item.claims)
    finish_run(session, run_id, summary.documents, len(summary.failures))
    session.commit()
    refresh_statistics(session)
    return summary


def refresh_statistics(session: Session) -> None:
    """Let SQLite's planner know the tables' sizes after a batch (a bounded ANALYZE, milliseconds at
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
