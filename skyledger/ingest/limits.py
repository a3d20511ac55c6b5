"""How much of a file the readers take at once: the limits that keep hostile input from exhausting memory.

Every reader streams, so the size of a *file* never matters; what is bounded is the largest piece a
reader has to hold at once. One value of :class:`Limits` holds every bound, with defaults chosen for
reports (see docs/formats.md#limits). Each can be changed by an environment variable
(:meth:`Limits.from_env`) or by passing ``limits=`` to :func:`skyledger.ingest.read`.

A piece beyond a limit is refused with a one-line :class:`~skyledger.model.ReadFailure` that names
the limit; the rest of the file (for rows, items and messages) and of the batch is still read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

from skyledger.errors import BadLimit

MB = 1024 * 1024

#: Limit field -> the environment variable that overrides it.
ENVIRONMENT = {
    "document_bytes": "SKYLEDGER_MAX_DOCUMENT_BYTES",
    "field_bytes": "SKYLEDGER_MAX_FIELD_BYTES",
    "line_bytes": "SKYLEDGER_MAX_LINE_BYTES",
    "depth": "SKYLEDGER_MAX_DEPTH",
}

_SIZE = re.compile(r"(\d+)\s*([kmg]i?b?)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": MB, "g": 1024 * MB}


@dataclass(frozen=True)
class Limits:
    """The largest piece of input a reader holds at once. Sizes are in bytes.

    ``document_bytes`` (5 MiB)
        One document's text: a whole ``.txt``, ``.md`` or ``.html`` file (checked from its size
        before it is read), and the text of one row, feed item or Telegram message. The longest real
        reports (a ministry's daily summary, a long read) are under 100 KB and a saved news page with
        its scripts and styles is 1-2 MB, so 5 MiB leaves room while bounding what one document
        costs the extractor.
    ``field_bytes`` (1 MiB)
        Any other single value of a row, item or message: an id, URL, title, date, an ignored CSV
        cell or JSON string. Nothing but the text has a reason to be longer than a few KB.
    ``line_bytes`` (8 MiB)
        One JSONL line or CSV record (a quoted cell may span lines), one whole Telegram message and
        one JSON or XML token (a string, a tag with its attributes, a comment). It must hold a
        document at its limit with the row's other fields and JSON's escapes (``\\n``, ``\\"``).
    ``depth`` (64)
        How deep JSON values and XML elements may nest. A row is 1 level deep, a Telegram message 3
        to 5, a feed item's XHTML some 20; 64 is far from all of them and far below Python's
        recursion limit, so that no parser can be made to recurse its way out of the stack.

    >>> Limits().document_bytes, Limits(line_bytes=1024).line_bytes
    (5242880, 1024)
    """

    document_bytes: int = 5 * MB
    field_bytes: int = 1 * MB
    line_bytes: int = 8 * MB
    depth: int = 64

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise BadLimit(f"limit {f.name} must be a whole number of at least 1, got {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by any of the ``SKYLEDGER_MAX_*`` variables that are set.

        A size is a number of bytes, optionally with a binary unit: ``8000000``, ``512K``, ``8M``,
        ``8MiB``, ``1G``. A value that is not one raises :class:`~skyledger.errors.BadLimit`.

        >>> Limits.from_env({"SKYLEDGER_MAX_DOCUMENT_BYTES": "2M", "SKYLEDGER_MAX_DEPTH": "16"})
        Limits(document_bytes=2097152, field_bytes=1048576, line_bytes=8388608, depth=16)
        """
        environ = os.environ if environ is None else environ
        given = {}
        for name, variable in ENVIRONMENT.items():
            raw = environ.get(variable)
            if raw is not None and raw.strip():
                given[name] = parse_size(raw, variable)
        return cls(**given)


def parse_size(raw: str, what: str) -> int:
    """A byte count from ``8388608``, ``8M``, ``8MB``, ``8MiB`` or ``512k`` (units are powers of 1024).

    >>> parse_size("8M", "x"), parse_size(" 512 KiB ", "x"), parse_size("100", "x")
    (8388608, 524288, 100)
    """
    match = _SIZE.fullmatch(raw.strip())
    if match is None:
        raise BadLimit(f"{what}: expected a number of bytes such as 8388608 or 8M, got {raw!r}")
    unit = (match.group(2) or "")[:1].lower()
    return int(match.group(1)) * _UNITS[unit]


def size_text(size: int) -> str:
    """A byte count for a reason: whole MiB, KiB or bytes.

    >>> size_text(5 * MB), size_text(1536), size_text(1024), size_text(100)
    ('5 MiB', '1536 bytes', '1 KiB', '100 bytes')
    """
    for unit, factor in (("GiB", 1024 * MB), ("MiB", MB), ("KiB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"
