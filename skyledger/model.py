"""Frozen value objects that every stage shares.

Data flows one way: ``ingest`` makes :class:`Report` values, ``extract`` turns a report into an
:class:`Extraction` (claims, impacts, measures), ``reconcile`` groups claims, ``store`` persists them
and ``api``/``cli`` serve them. Every extracted value carries the character span ``[start, end)`` of
the text it came from, so a reader can always go back to the evidence.

The JSON form of these objects (``skyledger.contract``) is a public contract: see docs/contract.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

Span = tuple[int, int]

#: The time zone each side's claimants state their times in (Kyiv keeps summer time): shared by the
#: extractor, which reads clock times, and reconciliation, which turns windows into UTC.
SIDE_ZONES = {"RU": "Europe/Moscow", "UA": "Europe/Kyiv"}
#: What a claimant can be. A closed set so that users can filter on it.
CLAIMANT_KINDS = ("ministry", "air_force", "military", "governor", "mayor", "official", "media", "unknown")
#: What a claim says happened to the weapons.
ACTIONS = ("destroyed", "launched", "suppressed", "hit")
#: Weapon classes; the finer type (Shahed, Kh-101, 'aircraft-type') goes to ``weapon_detail``.
WEAPONS = ("uav", "missile", "guided_bomb", "aircraft", "other", "mixed")
#: Check outcomes.
CHECK_STATUSES = ("pass", "fail", "n/a")
#: The consistency checks the extractor runs (extract/checks.py; docs/flags.md#checks).
CHECKS = (
    "breakdown_sums_to_total",
    "regions_match_stated",
    "window_length_matches_stated",
    "collective_distributive_resolved",
    "launched_covers_outcomes",
)


def normalise_text(text: str) -> str:
    """Return the text in the form whose hash identifies a document.

    Unicode NFC, unified line ends and collapsed runs of blanks, so that the same report saved by two
    tools (CRLF vs LF, trailing spaces) gets the same id.

    >>> normalise_text("  Two  drones\\r\\nshot down \\n")
    'Two drones\\nshot down'
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return text.strip()


def text_hash(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of a text's normalised form: equal for the same words.

    >>> text_hash("a b") == text_hash(" a  b ")
    True
    """
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def origin(source: str, channel: str | None = None, url: str | None = None) -> str:
    """Where a report was published: its channel or outlet, else its URL's host, else its file's name.

    The file's name, not its path, so that the same file read from another folder is the same origin;
    a ``#row`` suffix that a reader adds is not part of it.

    >>> origin("dump/posts.jsonl#7", channel=" T.me/Mod_Russia ")
    't.me/mod_russia'
    >>> origin("a.html", url="https://www.Example.com/x"), origin("/tmp/in/notes.md#2")
    ('www.example.com', 'notes.md')
    """
    if channel and channel.strip():
        return " ".join(channel.split()).lower()
    if url and "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0].split("@")[-1].lower()
        if host:
            return host
    return source.split("#", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]


def report_identity(
    source: str,
    text: str,
    channel: str | None = None,
    url: str | None = None,
    message_id: str | None = None,
    published: datetime | None = None,
    published_basis: str | None = None,
) -> str:
    """A report's id: one publication, i.e. its origin, its own id, its publication time and its words.

    The same report read twice gets the same id, so re-ingesting changes nothing; the same words
    published twice (another day, another message) get two ids, so nothing is lost. The time counts
    only when the source states it: ``--published`` and a file's modification time are fallbacks for
    reading relative dates, not facts about the publication, and must not split one report in two.
    The own id is the message id, else the URL.

    >>> a = report_identity("x.jsonl#1", "Same words", "t.me/m", message_id="1")
    >>> a == report_identity("y.jsonl#1", "Same  words", "T.me/M", message_id="1")
    True
    >>> a == report_identity("x.jsonl#2", "Same words", "t.me/m", message_id="2")
    False
    """
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # naive is UTC, never the host's zone
    when = published.astimezone(UTC).isoformat() if published and published_basis == "source" else ""
    own = (message_id or url or "").strip()
    key = "\x1f".join(("report/1", origin(source, channel, url), own, when, normalise_text(text)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Report:
    """One document as read from a source, before any extraction.

    ``published_basis`` says where ``published`` came from: ``"source"`` (the feed, export or
    column), ``"cli"`` (``--published``) or ``"file_mtime"`` (the file's own date). Relative dates
    ('overnight', 'late Tuesday night') are resolved against it, and the claim says which basis was used.
    ``encoding`` is the encoding the file was decoded from (``"utf-8"``, ``"cp1251"``, ...), ``None``
    for text that did not come from a file; it is neither part of the report's identity nor of its
    equality: the same words saved in two encodings are one report.
    """

    source: str
    text: str
    format: str
    doc_id: str = ""
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    published_basis: str | None = None
    channel: str | None = None
    message_id: str | None = None
    lang: str | None = None
    encoding: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.doc_id:
            ident = report_identity(
                self.source, self.text, self.channel, self.url, self.message_id, self.published, self.published_basis
            )
            object.__setattr__(self, "doc_id", ident)

    @property
    def origin(self) -> str:
        """Where the report was published (see :func:`origin`)."""
        return origin(self.source, self.channel, self.url)


@dataclass(frozen=True)
class ReadFailure:
    """A file, row or message that could not be read: kept as a value so a batch carries on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Claimant:
    """Who makes a claim. ``side`` is the party the claimant speaks for ('RU', 'UA') where known."""

    kind: str = "unknown"
    name: str | None = None
    person: str | None = None
    region: str | None = None
    side: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class RegionCount:
    """One line of a breakdown: a region (ISO 3166-2 or our SEA-* code) and its count."""

    code: str
    name: str
    count: int | None
    span: Span
    count_span: Span | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Window:
    """When the claimed events happened.

    ``start``/``end`` hold only clock times the text states: ISO 8601 with the claimant's offset when
    the date resolves, else bare ``HH:MM`` (and the claim is flagged ``date_unresolved``). Vague
    phrases ('overnight', 'late Tuesday night') never fill ``start``/``end``; their conventional
    reading goes to ``approx_start``/``approx_end`` with ``phrase`` kept, and the claim is flagged.
    """

    start: str | None = None
    end: str | None = None
    hours: float | None = None
    date: str | None = None
    tz: str | None = None
    approx_start: str | None = None
    approx_end: str | None = None
    phrase: str | None = None
    basis: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Check:
    """A consistency check on one claim: ``pass``, ``fail`` or ``n/a``, with a human detail."""

    name: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class Claim:
    """One claim: who says what happened to how many of which weapon, where and when."""

    claimant: Claimant
    action: str
    weapon: str
    total: int | None
    weapon_detail: str | None = None
    total_bound: str = "exact"
    regions: tuple[RegionCount, ...] = ()
    regions_stated: int | None = None
    toward_moscow: int | None = None
    window: Window = field(default_factory=Window)
    hedged: bool = False
    checks: tuple[Check, ...] = ()
    flags: tuple[str, ...] = ()
    spans: tuple[tuple[str, Span], ...] = ()
    evidence: tuple[Span, ...] = ()
    locations: int | None = None  # a hit claim's number of places hit ('28 ударних БпЛА на 9 локаціях')

    def span(self, name: str) -> Span | None:
        """The span recorded for one value (``total``, ``claimant``, ``window`` …), if any."""
        return dict(self.spans).get(name)


@dataclass(frozen=True)
class Impact:
    """A consequence on the ground: fire, damage, debris, outage, casualties, or their absence."""

    kind: str
    span: Span
    region: str | None = None
    place: str | None = None
    places: tuple[str, ...] = ()
    people: int | None = None
    count: int | None = None
    date: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """An order given because of the attacks: no-fly zone, airport restrictions, stay indoors."""

    kind: str
    span: Span
    region: str | None = None
    by: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one report."""

    report: Report
    lang: str
    claims: tuple[Claim, ...] = ()
    impacts: tuple[Impact, ...] = ()
    measures: tuple[Measure, ...] = ()
    extractor_version: str = ""


def claim_id(doc_id: str, index: int) -> str:
    """Stable id of the ``index``-th claim of a document: ``<doc_id>-<n>``.

    >>> claim_id("68248978b53a51e3", 2)
    '68248978b53a51e3-2'
    """
    return f"{doc_id}-{index}"
