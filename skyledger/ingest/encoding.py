"""Which encoding a file is in: a byte-order mark, else UTF-8, else UTF-16/32, else a legacy code page.

The trap is a guess that is wrong but looks right: cp1251 read as KOI8-R is Cyrillic too, and the
extractor would read that mojibake with confidence. So a legacy code page is only chosen from a short
list of plausible ones (:data:`LEGACY`), charset-normalizer says which of them decode the bytes
without mess, and the survivors are ranked by how much their text looks like Russian, Ukrainian or
English (:func:`plausibility`). When the best is not clearly better than the next one
(:data:`MIN_MARGIN`), or is itself implausible (:data:`MIN_MEAN`), the file is refused with "cannot
tell the encoding", never read as mojibake. Short texts are where detectors fail, hence the list and
the margin: see docs/formats.md#text-encoding.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from skyledger.errors import UnreadableReport

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

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one), and the name
#: recorded for a file that starts with one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: The legacy code pages a file that is not UTF-8 may be in, in order of preference when two of them
#: give the same text: Russian and Ukrainian (Windows, KOI8, ISO, DOS), then Western for English.
LEGACY = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "cp1252", "latin_1")

#: How much more plausible (natural log of the likelihood ratio, summed over the non-ASCII
#: characters) the best legacy reading must be than the next one that gives another text: e^6, about
#: 400 to 1. A Russian sentence of 15 letters in KOI8-R clears it several times over against cp1251;
#: two Cyrillic letters do not.
MIN_MARGIN = 6.0
#: The least mean plausibility per non-ASCII character of the chosen reading (log of 1/300): a text
#: of ordinary letters scores about log(1/20); mojibake, box drawing and control codes far lower.
MIN_MEAN = math.log(1 / 300)

#: Letter frequencies of Russian and Ukrainian text (the larger of the two), lower case.
LETTER_FREQUENCY = {
    "о": 0.10, "е": 0.08, "а": 0.08, "и": 0.07, "н": 0.067, "т": 0.06, "і": 0.05, "с": 0.05, "р": 0.047,
    "в": 0.047, "л": 0.044, "к": 0.035, "м": 0.032, "д": 0.03, "п": 0.028, "у": 0.027, "я": 0.021,
    "з": 0.02, "ы": 0.019, "ь": 0.017, "г": 0.017, "б": 0.016, "ч": 0.014, "й": 0.012, "х": 0.01,
    "ж": 0.009, "ш": 0.008, "ю": 0.007, "ї": 0.006, "ц": 0.006, "щ": 0.004, "є": 0.004, "э": 0.003,
    "ф": 0.003, "ё": 0.001, "ъ": 0.0005, "ґ": 0.0005,
}  # fmt: skip
#: Punctuation that reports use, at the value of an ordinary letter; rarer signs a little lower.
COMMON_SIGNS = dict.fromkeys("«»“”„‘’—–…№°•·€\u00a0\u2009\u202f", 0.02) | dict.fromkeys("©®™§±×", 0.002)
#: Anything else above ASCII: box drawing, C1 controls, Greek, letters of other Cyrillic languages.
RARE = 1e-5

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Encoding:
    """What a file was found to be in: ``name`` is recorded on reports, ``codec`` decodes the text
    after ``bom`` bytes of byte-order mark."""

    name: str
    codec: str
    bom: int = 0


def detect_encoding(sample: bytes, source: str, complete: bool = True) -> Encoding:
    """The encoding of a file from a sample of its bytes (all of them when ``complete``).

    Raises :class:`UnreadableReport` for an empty or binary file, and for one whose encoding cannot
    be told with confidence.

    >>> detect_encoding("Сбиты 12 беспилотников".encode("utf-8"), "a").name
    'utf-8'
    >>> detect_encoding("Над Белгородской областью сбиты 12 беспилотников.".encode("koi8_r"), "a").name
    'koi8-r'
    >>> detect_encoding("Two UAVs".encode("utf-16-le"), "a").name
    'utf-16-le'
    >>> detect_encoding(b"\\x00\\x01\\x02\\x03\\xfe\\xfe", "a")
    Traceback (most recent call last):
    ...
    skyledger.errors.UnreadableReport: a: binary file, not text
    """
    for bom, name in BOMS:
        if sample.startswith(bom):
            codec = "utf-8" if name == "utf-8-sig" else name
            _check_decodes(sample[len(bom) :], codec, source, complete)
            return Encoding(name, codec, len(bom))
    if not sample:
        raise UnreadableReport(source, "empty file")
    if sample.startswith(BINARY_MAGIC):
        raise UnreadableReport(source, "binary file, not text")
    if b"\x00" in sample:
        wide = _sniff_wide(sample)
        if wide is None:
            raise UnreadableReport(source, "binary file, not text")
        return Encoding(wide, wide)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return Encoding("utf-8", "utf-8")
    return _guess_legacy(sample, source, complete)


def _check_decodes(data: bytes, codec: str, source: str, complete: bool) -> None:
    """Refuse a file whose BOM names an encoding its bytes are not in, naming the first bad byte."""
    try:
        codecs.getincrementaldecoder(codec)().decode(data, final=complete)
    except UnicodeDecodeError as exc:
        raise UnreadableReport(source, f"not valid {codec.upper()} (byte 0x{data[exc.start]:02x})") from None


def _sniff_wide(sample: bytes) -> str | None:
    """``utf-16-le`` & co. for text saved in UTF-16 or UTF-32 without a byte-order mark, else ``None``.

    Such text is full of NUL bytes (every ASCII character has one), so it looks binary; it is read
    as the wide encoding that turns at least 95% of it into letters, digits, punctuation and blanks
    of the scripts we read.
    """
    best: tuple[float, str] | None = None
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        usable = sample[: len(sample) - len(sample) % unit]
        text = codecs.getincrementaldecoder(codec)(errors="replace").decode(usable, final=False)
        if not text:
            continue
        share = sum(1 for ch in text if _plain(ch)) / len(text)
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, codec)
    return best[1] if best else None


def _plain(ch: str) -> bool:
    """A character of ordinary text in the scripts we read (Latin, Cyrillic, common punctuation)."""
    code = ord(ch)
    if code < 0x80:
        return ch.isprintable() or ch in "\t\n\r"
    return (0xA0 <= code < 0x250 or 0x400 <= code < 0x530 or 0x2000 <= code < 0x2070) or ch in "№€"


def _guess_legacy(sample: bytes, source: str, complete: bool) -> Encoding:
    """The legacy code page of a sample that is not UTF-8, or a refusal when it cannot be told."""
    if not complete:
        sample = _cut_at_line(sample)
    readings: dict[str, str] = {}
    for match in from_bytes(sample, cp_isolation=list(LEGACY), threshold=0.5, preemptive_behaviour=False):
        readings[match.encoding] = str(match)
    ranked = sorted(
        ((plausibility(text), LEGACY.index(name), name, text) for name, text in readings.items() if name in LEGACY),
        key=lambda r: (-r[0][0], r[1]),
    )
    if not ranked:
        tried = ", ".join(codecs.lookup(name).name for name in LEGACY)
        raise UnreadableReport(source, f"cannot tell the encoding: not UTF-8, and none of {tried} reads it cleanly")
    (score, count), _, name, text = ranked[0]
    label = codecs.lookup(name).name
    rival = next((r for r in ranked[1:] if r[3] != text), None)
    if count and score / count < MIN_MEAN:
        raise UnreadableReport(source, f"cannot tell the encoding: not UTF-8, and even {label} reads it as gibberish")
    if rival is not None and score - rival[0][0] < MIN_MARGIN:
        other = codecs.lookup(rival[2]).name
        raise UnreadableReport(source, f"cannot tell the encoding: not UTF-8, and {label} or {other} are as likely")
    return Encoding(label, name)


def _cut_at_line(sample: bytes) -> bytes:
    """A partial sample cut after its last line end, so that no reading pays for a split character."""
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample


def plausibility(text: str) -> tuple[float, int]:
    """How much ``text``'s non-ASCII characters look like Russian, Ukrainian or English text.

    Returns the sum of the log-probabilities of those characters and their number. Cyrillic letters
    score by their frequency; a capital in a word that starts in lower case (``гАХРН``, ``Збито`` in
    cp1251 read as KOI8-R), a capital right after a small letter (``сбИла``) and a word that mixes
    Cyrillic and Latin (``cafй``) score very little; an accented Latin letter is plausible
    in a mostly ASCII word (``café``) and not in a word made of them (``Íàä``, cp1251 read as cp1252).

    >>> right, wrong = plausibility("Сбиты три дрона"), plausibility("яВХРШ РПХ ДПНМЮ")
    >>> right[0] > wrong[0], right[1] == wrong[1] == 13
    (True, True)
    """
    total, count = 0.0, 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        cyrillic = sum(1 for ch in word if "\u0400" <= ch < "\u0530")
        ascii_letters = sum(1 for ch in word if ch.isascii())
        previous = ""
        for ch in word:
            if not ch.isascii():
                total += math.log(_letter_probability(ch, previous, word, cyrillic, ascii_letters))
                count += 1
            previous = ch
    for ch in text:
        if not ch.isascii() and not ch.isalpha():
            total += math.log(COMMON_SIGNS.get(ch, RARE))
            count += 1
    return total, count


def _letter_probability(ch: str, previous: str, word: str, cyrillic: int, ascii_letters: int) -> float:
    """The probability of one non-ASCII letter in its word (see :func:`plausibility`)."""
    if "\u0400" <= ch < "\u0530":
        p = LETTER_FREQUENCY.get(ch.lower(), 1e-4)
        if ch.isupper() and word[0].islower():  # 'гАХРН': a cp1251 capital read as KOI8 and back
            p *= 0.01
        elif ch.isupper() and previous.islower():  # 'БпЛА' is real, but rare
            p *= 0.05
        if cyrillic < len(word):  # Latin letters in a Cyrillic word
            p *= 0.001
        return p
    if ch.isalpha() and ord(ch) < 0x250:
        return 0.01 if ascii_letters * 2 >= len(word) else 3e-4
    return RARE
