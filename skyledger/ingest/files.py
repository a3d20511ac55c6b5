"""Checks and helpers every reader shares: read the bytes once, refuse what is not text, decode, date.

Every reader gets its text from :func:`load_text`, so an empty, binary or mis-encoded file fails with
the same one-line reason whatever its format, and no reader decodes bytes on its own. The rest of the
module is the small, pure pieces the readers have in common: parsing a source date, falling back to
the caller's date or the file's mtime, and naming a row or a language.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from skyledger.errors import UnreadableReport
from skyledger.model import ReadFailure, normalise_text

#: How many leading bytes are searched for NUL bytes: enough to catch any binary format, cheap on big files.
SNIFF_BYTES = 8192

#: Signatures of binary formats people drop into a folder of reports. Some (PDF) start with printable
#: bytes and only turn binary later, so the NUL test alone would let them through to the decoder.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, xlsx, odt, epub
    b"\x1f\x8b",  # gzip
    b"BZh91AY&SY",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE: .doc, .xls, .msg
    b"SQLite format 3\x00",
    b"\x7fELF",
)

#: Byte-order marks we accept, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def one_line(reason: str) -> str:
    """Squeeze a reason onto one line, because a failure is printed as ``source: reason``.

    >>> one_line("mismatched tag\\n  at <item>")
    'mismatched tag at <item>'
    """
    return " ".join(reason.split())


def failure(source: str, reason: str) -> ReadFailure:
    """A :class:`ReadFailure` whose reason is guaranteed to be one line."""
    return ReadFailure(source, one_line(reason))


def read_bytes(path: Path, source: str) -> bytes:
    """Read a whole file, turning OS errors into :class:`UnreadableReport` with a short reason."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableReport(source, "no such file or directory") from None
    except IsADirectoryError:
        raise UnreadableReport(source, "is a directory") from None
    except PermissionError:
        raise UnreadableReport(source, "permission denied") from None
    except OSError as exc:
        raise UnreadableReport(source, f"cannot read file ({exc.strerror or exc})") from None


def read_head(path: Path, source: str) -> str:
    """The first bytes of a file decoded for sniffing only: BOM-aware, undecodable bytes dropped.

    Lenient on purpose: the cut at :data:`SNIFF_BYTES` may split a character, and the strict
    checks happen anyway when the whole file is read.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise UnreadableReport(source, f"cannot read file ({exc.strerror or exc})") from None
    bom, encoding = next(((b, e) for b, e in BOMS if head.startswith(b)), (b"", "utf-8"))
    return head[len(bom) :].decode(encoding, errors="ignore")


def decode_text(data: bytes, source: str) -> str:
    """Decode a file's bytes as UTF-8 (BOM optional) or UTF-16/32 with a BOM; refuse anything else.

    The trap is a legacy encoding such as cp1251: guessing it silently turns a misnamed file into
    plausible-looking garbage that extraction then reads with confidence, so we name the first bad
    byte instead. Line ends are unified to ``\\n`` so that line numbers and character offsets do not
    depend on the tool that saved the file.

    >>> decode_text(b"\\xef\\xbb\\xbfTwo UAVs\\r\\n", "a.txt")
    'Two UAVs\\n'
    >>> decode_text("Два БПЛА".encode("cp1251"), "a.txt")
    Traceback (most recent call last):
    ...
    skyledger.errors.UnreadableReport: a.txt: not valid UTF-8 (byte 0xc4 at offset 0)
    >>> decode_text(b"%PDF-1.7 ...", "a.txt")
    Traceback (most recent call last):
    ...
    skyledger.errors.UnreadableReport: a.txt: binary file, not text
    """
    if not data:
        raise UnreadableReport(source, "empty file")
    bom, encoding = next(((b, e) for b, e in BOMS if data.startswith(b)), (b"", "utf-8"))
    if encoding == "utf-8" and (b"\x00" in data[:SNIFF_BYTES] or data.startswith(BINARY_MAGIC)):
        raise UnreadableReport(source, "binary file, not text")
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = len(bom) + exc.start
        name = "UTF-8" if encoding == "utf-8" else encoding.upper()[:6]
        raise UnreadableReport(source, f"not valid {name} (byte 0x{data[offset]:02x} at offset {offset})") from None
    if "\x00" in text[:SNIFF_BYTES]:
        raise UnreadableReport(source, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normalise_text(text):
        raise UnreadableReport(source, "empty file")
    return text


def load_text(path: Path, source: str) -> str:
    """Read and decode one file, raising :class:`UnreadableReport` with the reason if it is not text."""
    return decode_text(read_bytes(path, source), source)


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
