"""Errors, one class per failure kind. Each message is one line that says what failed and where."""

from __future__ import annotations


class SkyledgerError(Exception):
    """Base of every error skyledger raises on purpose."""


class UnreadableReport(SkyledgerError):
    """A file, row or message could not be read as a report."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class BadLimit(SkyledgerError, ValueError):
    """A reading limit (``SKYLEDGER_MAX_*`` or ``limits=``) is not a positive whole number of bytes."""


class DataTableError(SkyledgerError):
    """A bundled data table (gazetteer, phrase table) is malformed: names the file and the row."""


class NotFound(SkyledgerError):
    """The ledger has no such claim, document or incident."""


class BadDatabaseURL(SkyledgerError):
    """The database location given by --db or SKYLEDGER_DB cannot be opened."""


class NoLedger(BadDatabaseURL):
    """A command that only reads was pointed at a ledger that does not exist (only ingest makes one)."""


class GoldFileError(SkyledgerError):
    """A gold or prediction file for ``skyledger eval`` is malformed."""
