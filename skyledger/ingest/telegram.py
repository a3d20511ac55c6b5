"""Telegram Desktop channel exports (``result.json``): one document per message with text.

The export's ``date`` is the exporting computer's local time with no offset, so it cannot be
trusted across machines; ``date_unixtime`` is exact and is preferred. Service messages (pins,
channel created) and messages with no text (a photo without caption) are skipped, not failures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from skyledger.ingest.files import Fallback, clean_str, failure, parse_datetime
from skyledger.model import ReadFailure, Report


def message_text(text: object) -> str:
    """Join a message's ``text``: a string, or a list of strings and ``{"type": ..., "text": ...}`` parts.

    Formatting parts (bold, links, hashtags) are kept as their visible text, in order, so offsets
    match what a reader of the channel saw.

    >>> message_text(["Air defence ", {"type": "bold", "text": "shot down 3 UAVs"}, "."])
    'Air defence shot down 3 UAVs.'
    """
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        parts = []
        for part in text:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise ValueError(f"unexpected text part {part!r:.40}")
        return "".join(parts)
    if text is None:
        return ""
    raise ValueError(f"'text' is a {type(text).__name__}, not a string or list")


def message_date(message: dict) -> datetime | None:
    """The message time: ``date_unixtime`` as UTC when present, else ``date`` read as UTC.

    >>> message_date({"date": "2025-11-12T07:41:03", "date_unixtime": "1762922463"}).isoformat()
    '2025-11-12T04:41:03+00:00'
    """
    unixtime = message.get("date_unixtime")
    if unixtime not in (None, ""):
        try:
            return datetime.fromtimestamp(int(unixtime), tz=UTC)
        except (TypeError, ValueError, OverflowError):
            pass
    if message.get("date"):
        return parse_datetime(message["date"])
    return None


def read_telegram(source: str, text: str, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per message of type ``message`` with non-empty text; the export's name is the channel."""
    try:
        export = json.loads(text)
    except json.JSONDecodeError as exc:
        yield failure(source, f"malformed JSON ({exc.msg}: line {exc.lineno} column {exc.colno})")
        return
    if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
        yield failure(source, "not a Telegram Desktop export (no 'messages' list)")
        return
    try:
        channel = clean_str(export.get("name"))
    except ValueError:
        channel = None
    for index, message in enumerate(export["messages"], start=1):
        if not isinstance(message, dict):
            yield failure(f"{source}#{index}", "message is not a JSON object")
            continue
        if message.get("type", "message") != "message":
            continue
        try:
            message_id = clean_str(message.get("id"))
        except ValueError:
            message_id = None
        item_source = f"{source}#{message_id or index}"
        try:
            body = message_text(message.get("text"))
            found = message_date(message)
        except ValueError as exc:
            yield failure(item_source, str(exc))
            continue
        if not body.strip():
            continue
        published, basis = fallback.choose(found)
        yield Report(
            source=item_source,
            text=body.replace("\r\n", "\n").replace("\r", "\n"),
            format="telegram",
            published=published,
            published_basis=basis,
            channel=channel,
            message_id=message_id,
        )
