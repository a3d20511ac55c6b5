"""Opening a file for the readers: refuse what is not text, tell its encoding, stream its text.

Every reader gets its input from :class:`TextFile`, so an empty, binary or undecodable file fails
with the same one-line reason whatever its format, no reader decodes bytes on its own, and no
reader holds more of a file than the :class:`~skyledger.ingest.limits.Limits` allow: whole-file
formats read one document of bounded size (:meth:`TextFile.read_document`), the others stream
lines (:meth:`TextFile.lines`) or UTF-8 bytes (:meth:`TextFile.open_utf8`). The rest of the module
is the small, pure pieces the readers have in common: parsing a source date, falling back to the
caller's date or the file's mtime, and naming a row or a language.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from skyledger.errors import UnreadableReport
from skyledger.ingest.encoding import BINARY_MAGIC, BOMS, Encoding, detect_encoding
from skyledger.ingest.limits import Limits, size_text
from skyledger.model import ReadFailure, normalise_text

__all__ = ["BINARY_MAGIC", "BOMS", "SAMPLE_BYTES", "SNIFF_BYTES", "Line", "TextFile", "decode_text"]

#: How much of a file's head is searched for a binary signature and used to tell its encoding.
SAMPLE_BYTES = 64 * 1024
#: How much of a file's head the format sniffer looks at.
SNIFF_BYTES = 8192
#: The size of each read from disk while streaming.
CHUNK_BYTES = 64 * 1024


def one_line(reason: str) -> str:
    """Squeeze a reason onto one line, because a failure is printed as ``source: reason``.

    >>> one_line("mismatched tag\\n  at <item>")
    'mismatched tag at <item>'
    """
    return " ".join(reason.split())


def failure(source: str, reason: str) -> ReadFailure:
    """A :class:`ReadFailure` whose reason is guaranteed to be one line."""
    return ReadFailure(source, one_line(reason))


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error while reading a file."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read file ({exc.strerror or exc})"


def decode_text(data: bytes, source: str) -> str:
    """Decode a whole document's bytes in the encoding :func:`~skyledger.ingest.encoding.detect_encoding`
    finds, or refuse them with the reason.

    Line ends are unified to ``\\n`` so that line numbers and character offsets do not depend on
    the tool that saved the file.

    >>> decode_text(b"\\xef\\xbb\\xbfTwo UAVs\\r\\n", "a.txt")
    'Two UAVs\\n'
    >>> decode_text("Над Белгородской областью сбиты 12 беспилотников.".encode("cp1251"), "a.txt")
    'Над Белгородской областью сбиты 12 беспилотников.'
    >>> decode_text(b"%PDF-1.7 ...", "a.txt")
    Traceback (most recent call last):
    ...
    skyledger.errors.UnreadableReport: a.txt: binary file, not text
    """
    return _decode(data, source)[0]


def _decode(data: bytes, source: str) -> tuple[str, Encoding]:
    encoding = detect_encoding(data, source, complete=True)
    try:
        text = data[encoding.bom :].decode(encoding.codec)
    except UnicodeDecodeError as exc:  # a legacy code page with a hole (cp1251 has no 0x98)
        offset = encoding.bom + exc.start
        raise UnreadableReport(
            source, f"not valid {encoding.name} (byte 0x{data[offset]:02x} at offset {offset})"
        ) from None
    if "\x00" in text[:SAMPLE_BYTES]:
        raise UnreadableReport(source, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normalise_text(text):
        raise UnreadableReport(source, "empty file")
    return text, encoding


@dataclass(frozen=True)
class Line:
    """One line of a streamed file: ``text`` (with its ``\\n`` when asked for), or the ``reason``
    it was refused and the number of double quotes it held (CSV needs them to find the record's end)."""

    number: int
    text: str | None
    reason: str | None = None
    quotes: int = 0


class TextFile:
    """One input file, opened: its size and encoding are known, its head is decoded for sniffing.

    Opening reads at most :data:`SAMPLE_BYTES`; raises :class:`UnreadableReport` for a file that
    cannot be read, is empty or binary, or whose encoding cannot be told.
    """

    def __init__(self, path: Path, source: str, limits: Limits) -> None:
        self.path, self.source, self.limits = path, source, limits
        try:
            self.size = path.stat().st_size
            with path.open("rb") as handle:
                sample = handle.read(SAMPLE_BYTES)
        except OSError as exc:
            raise UnreadableReport(source, os_reason(exc)) from None
        self._complete = len(sample) < SAMPLE_BYTES
        self.encoding = detect_encoding(sample, source, self._complete)
        body = sample[self.encoding.bom :]
        self.head = codecs.getincrementaldecoder(self.encoding.codec)(errors="ignore").decode(body)
        if self._complete and not normalise_text(self.head.replace("\x00", "")):
            raise UnreadableReport(source, "empty file")
        self._sample_ascii = body.isascii()

    def read_document(self, limit: int | None = None) -> str:
        """The whole text, for a format that is one document per file: refused from the file's size,
        before reading, when it is larger than the document limit (or ``limit``)."""
        limit = self.limits.document_bytes if limit is None else limit
        if self.size > limit:
            raise UnreadableReport(self.source, self._too_large(self.size, limit))
        try:
            with self.path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise UnreadableReport(self.source, os_reason(exc)) from None
        if len(data) > limit:  # the file grew since it was opened, or does not know its size
            raise UnreadableReport(self.source, self._too_large(len(data), limit, more=True))
        text, self.encoding = _decode(data, self.source)
        return text

    def _too_large(self, size: int, limit: int, more: bool = False) -> str:
        return f"{'more than ' if more else ''}{size} bytes, larger than the document limit ({size_text(limit)})"

    def settle_encoding(self) -> None:
        """Make sure a streamed file's encoding was told from text that shows it.

        A head of pure ASCII says nothing: a CSV's header row is ASCII in any code page. Then the
        first stretch of the file with other bytes decides, found without holding more than a chunk.
        """
        if self._complete or not self._sample_ascii or self.encoding.codec != "utf-8":
            return
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.encoding.bom)
                offset = self.encoding.bom
                while chunk := handle.read(CHUNK_BYTES):
                    if not chunk.isascii():
                        start = offset + next(i for i, b in enumerate(chunk) if b >= 0x80)
                        handle.seek(start)
                        window = handle.read(SAMPLE_BYTES)
                        found = detect_encoding(window, self.source, complete=len(window) < SAMPLE_BYTES)
                        if found.codec != "utf-8":
                            self.encoding = Encoding(found.name, found.codec, self.encoding.bom)
                        return
                    offset += len(chunk)
        except OSError as exc:
            raise UnreadableReport(self.source, os_reason(exc)) from None
        finally:
            self._sample_ascii = False

    def open_utf8(self) -> BinaryIO:
        """The text as a stream of UTF-8 bytes, after the byte-order mark: the file itself when it
        is UTF-8, else the file decoded as it goes. A byte the encoding cannot decode raises
        :class:`UnreadableReport` from ``read``."""
        self.settle_encoding()
        try:
            raw = self.path.open("rb", buffering=CHUNK_BYTES)
            raw.seek(self.encoding.bom)
        except OSError as exc:
            raise UnreadableReport(self.source, os_reason(exc)) from None
        if self.encoding.codec == "utf-8":
            return raw
        return io.BufferedReader(_Transcoder(raw, self.encoding, self.source), buffer_size=CHUNK_BYTES)

    def lines(self, keep_ends: bool = False) -> Iterator[Line]:
        """The text's lines, numbered from 1: ``\\n``, ``\\r\\n`` and ``\\r`` each end one (a kept end is
        ``\\n``). A line longer than the line limit, or not valid UTF-8, is refused on its own and
        never held whole."""
        limit = self.limits.line_bytes
        number, offset = 0, self.encoding.bom
        with self.open_utf8() as stream:
            while raw := stream.readline(limit + 1):
                if len(raw) > limit and not raw.endswith(b"\n"):
                    quotes, size = raw.count(b'"'), len(raw)
                    while more := stream.readline(CHUNK_BYTES):
                        quotes, size = quotes + more.count(b'"'), size + len(more)
                        if more.endswith(b"\n"):
                            break
                    number += 1
                    offset += size
                    yield Line(number, None, f"longer than the line limit ({size_text(limit)})", quotes)
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    number += 1
                    reason = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {offset + exc.start})"
                    yield Line(number, None, reason, raw.count(b'"'))
                    offset += len(raw)
                    continue
                offset += len(raw)
                parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                for index, part in enumerate(parts):
                    last = index == len(parts) - 1
                    if last and not part:
                        break
                    number += 1
                    yield Line(number, part + "\n" if keep_ends and not last else part)


class _Transcoder(io.RawIOBase):
    """A file in a legacy or wide encoding, read as UTF-8 bytes, a chunk at a time."""

    def __init__(self, raw: BinaryIO, encoding: Encoding, source: str) -> None:
        self._raw, self._encoding, self._source = raw, encoding, source
        self._decoder = codecs.getincrementaldecoder(encoding.codec)()
        self._out = b""
        self._at = 0  # how much of _out has been handed out
        self._offset = encoding.bom
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._at == len(self._out) and not self._eof:
            data = self._raw.read(CHUNK_BYTES)
            self._eof = not data
            try:
                self._out, self._at = self._decoder.decode(data, final=self._eof).encode("utf-8"), 0
            except UnicodeDecodeError as exc:
                bad = exc.object[exc.start] if exc.start < len(exc.object) else 0
                offset = self._offset + exc.start - (len(exc.object) - len(data))
                reason = f"not valid {self._encoding.name} (byte 0x{bad:02x} at offset {offset})"
                raise UnreadableReport(self._source, reason) from None
            self._offset += len(data)
        size = min(len(buffer), len(self._out) - self._at)
        buffer[:size] = self._out[self._at : self._at + size]
        self._at += size
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


def aware(value: datetime) -> datetime:
    """Return ``value`` with a time zone, assuming UTC when it has none.

    UTC is an assumption, not knowledge: a naive time in a source usually means the publisher's local
    time, which we cannot know. It is at least the same assumption everywhere.

    >>> aware(datetime(2025, 11, 12, 7, 41)).isoformat()
    '2025-11-12T07:41:00+00:00'
    """
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_datetime(value: object) -> datetime:
    """Parse a source date: ISO 8601 / RFC 3339, RFC 2822 (feeds, e-mail) or a Unix time number.

    Offsets are kept as given (the claimant's clock matters for 'overnight'); a date or time without
    one is taken as UTC. Raises ``ValueError`` with the value quoted when it is none of these.

    >>> parse_datetime("2025-11-12T07:41:03+03:00").isoformat()
    '2025-11-12T07:41:03+03:00'
    >>> parse_datetime("2025-11-12").isoformat()
    '2025-11-12T00:00:00+00:00'
    >>> parse_datetime("Wed, 12 Nov 2025 07:41:03 GMT").isoformat()
    '2025-11-12T07:41:03+00:00'
    >>> parse_datetime(1762922463).isoformat()
    '2025-11-12T04:41:03+00:00'
    """
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError) as e:
            raise ValueError(f"not a date: {value!r}") from e
    if isinstance(value, datetime):
        return aware(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return aware(datetime.fromisoformat(text))
        except ValueError:
            pass
        try:
            return aware(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    raise ValueError(f"not a date: {value!r}")


@dataclass(frozen=True)
class Fallback:
    """The reference date for documents whose source gives none, and where it came from.

    ``basis`` is ``"cli"`` (the caller's ``published``) or ``"file_mtime"``; a date found in the
    source always wins and is marked ``"source"``.
    """

    published: datetime
    basis: str

    def choose(self, found: datetime | None) -> tuple[datetime, str]:
        """Return ``(published, published_basis)`` for a document whose source date is ``found``."""
        return (found, "source") if found is not None else (self.published, self.basis)


def fallback_for(path: Path, published: datetime | None) -> Fallback:
    """The caller's date if given (naive taken as UTC), else the file's modification time in UTC."""
    if published is not None:
        return Fallback(aware(published), "cli")
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return Fallback(datetime.fromtimestamp(mtime, tz=UTC), "file_mtime")


def clean_str(value: object) -> str | None:
    """A stripped string for an optional scalar field; ``None`` when missing or blank.

    >>> clean_str("  Rostov  "), clean_str(""), clean_str(12)
    ('Rostov', None, '12')
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {type(value).__name__}")
    return value.strip() or None


_LANG = re.compile(r"[A-Za-z]{2,3}")


def primary_language(tag: object) -> str | None:
    """The primary subtag of a language tag, lower-cased: what the extractors choose a grammar by.

    >>> primary_language("en-US"), primary_language("RU"), primary_language(""), primary_language("x")
    ('en', 'ru', None, None)
    """
    if not isinstance(tag, str):
        return None
    head = tag.strip().replace("_", "-").split("-")[0]
    return head.lower() if _LANG.fullmatch(head) else None
