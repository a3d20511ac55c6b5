"""Telegram Desktop channel exports (``result.json``): one document per message with text.

The export's ``date`` is the exporting computer's local time with no offset, so it cannot be
trusted across machines; ``date_unixtime`` is exact and is preferred. Service messages (pins,
channel created) and messages with no text (a photo without caption) are skipped, not failures.

An export can hold years of a channel, so it is streamed with ijson (:func:`read_telegram`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

import ijson

from skyledger.ingest.files import CHUNK_BYTES, Fallback, TextFile, clean_str, failure, parse_datetime
from skyledger.ingest.limits import Limits, size_text
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


class _Stop(Exception):
    """The export cannot be read on; the message is the reason."""


class _Metered:
    """The export's bytes as ijson reads them, refusing a JSON value longer than the line limit.

    ijson holds a string (or number) until it ends, so one 200 MB string would be held whole. The
    reader marks every event it gets (:attr:`pending` back to 0); bytes read with no event in
    between belong to one value, and past the limit reading stops.
    """

    def __init__(self, stream: BinaryIO, allowance: int, limit: int) -> None:
        self._stream, self._allowance, self._limit = stream, allowance, limit
        self.pending = 0
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.pending += len(data)
        self.offset += len(data)
        if self.pending > self._allowance:
            raise _Stop(f"a JSON value longer than the line limit ({size_text(self._limit)}) near byte {self.offset}")
        return data


_STARTS = frozenset({"start_map", "start_array"})
_ENDS = frozenset({"end_map", "end_array"})


def _events(file: TextFile, meter_box: list[_Metered]) -> Iterator[tuple[str, Any]]:
    """ijson's events for the export, each marking the meter."""
    chunk = min(CHUNK_BYTES, file.limits.line_bytes)
    with file.open_utf8() as stream:
        # ijson yields a chunk's events before it reads the next, so bytes read since the last event,
        # less one chunk, all belong to the value being read
        meter = _Metered(stream, file.limits.line_bytes + chunk, file.limits.line_bytes)
        meter_box.append(meter)
        for event in ijson.basic_parse(meter, buf_size=chunk, use_float=True):
            meter.pending = 0
            yield event


def _skip(events: Iterator[tuple[str, Any]], first: str, depth: int, limit: int, where: str) -> None:
    """Pass over one value whose first event is ``first``, at nesting ``depth``; too deep stops."""
    level = 1 if first in _STARTS else 0
    while level:
        event, _ = next(events)
        if event in _STARTS:
            level += 1
            if depth + level > limit:
                raise _Stop(f"JSON nested deeper than {limit} levels ({where})")
        elif event in _ENDS:
            level -= 1


def _value(events: Iterator[tuple[str, Any]], first: tuple[str, Any], depth: int, limits: Limits) -> tuple[Any, str]:
    """Build one value (a message) from its events; returns it, or ``None`` and the reason it was
    refused: nested deeper than the depth limit, or larger than the line limit. A refused value is
    still read to its end, without being built, so that the next one can be read."""
    event, value = first
    if event not in _STARTS:
        return value, ""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    level, size, reason = 1, 0, ""
    while level:
        event, value = next(events)
        if event in _STARTS:
            level += 1
            if depth + level > limits.depth and not reason:
                reason = f"JSON nested deeper than {limits.depth} levels"
        elif event in _ENDS:
            level -= 1
        elif isinstance(value, str):
            size += len(value)
            if size > limits.line_bytes and not reason:
                reason = f"message larger than the line limit ({size_text(limits.line_bytes)})"
        if not reason:
            builder.event(event, value)
    return (None, reason) if reason else (builder.value, "")


def _channel_name(file: TextFile) -> str | None:
    """The export's top-level ``name``, for an export that gives it after its messages: a second
    pass over the file that builds nothing but that one string."""
    events = _events(file, [])
    if next(events)[0] != "start_map":
        return None
    for event, key in events:
        if event == "end_map":
            return None
        first = next(events)
        if key == "name" and first[0] == "string":
            return _name(first[1])
        _skip(events, first[0], 1, file.limits.depth, f"in {key!r}")
    return None


def _name(value: object) -> str | None:
    try:
        return clean_str(value)
    except ValueError:
        return None


def read_telegram(file: TextFile, fallback: Fallback) -> Iterator[Report | ReadFailure]:
    """One report per message of type ``message`` with non-empty text; the export's name is the channel.

    The export is read with ijson, a message at a time: however many messages it holds, one is in
    memory. A message nested deeper than the depth limit, or larger than the line limit, is refused
    on its own; a single JSON value longer than the line limit stops the file, as does malformed
    JSON (after the messages before it).
    """
    file.settle_encoding()  # the encoding recorded is the one the text is read in
    source, limits, encoding = file.source, file.limits, file.encoding.name
    meters: list[_Metered] = []
    events = _events(file, meters)
    channel: str | None = None
    named = found_messages = False
    try:
        if next(events)[0] != "start_map":
            yield failure(source, "not a Telegram Desktop export (no 'messages' list)")
            return
        for event, key in events:
            if event == "end_map":
                break
            first = next(events)
            if key == "name" and not named:
                channel, named = (_name(first[1]) if first[0] == "string" else None), True
                _skip(events, first[0], 1, limits.depth, "in 'name'")
            elif key == "messages" and first[0] == "start_array" and not found_messages:
                found_messages = True
                if not named:
                    channel, named = _channel_name(file), True
                index = 0
                while True:
                    item = next(events)
                    if item[0] == "end_array":
                        break
                    index += 1
                    message, reason = _value(events, item, 2, limits)
                    if reason:
                        yield failure(f"{source}#{index}", reason)
                        continue
                    yield from _message_report(source, index, message, channel, fallback, encoding, limits)
            else:
                _skip(events, first[0], 1, limits.depth, f"in {key!r}")
    except _Stop as exc:
        yield failure(source, str(exc))
        return
    except ijson.JSONError as exc:
        yield failure(source, _json_error(file, exc, meters))
        return
    if not found_messages:
        yield failure(source, "not a Telegram Desktop export (no 'messages' list)")


def _json_error(file: TextFile, exc: Exception, meters: list[_Metered]) -> str:
    """The reason for malformed JSON: Python's own message (with line and column) for an export
    small enough to parse again whole, else ijson's with the byte it had read up to."""
    if file.size <= file.limits.line_bytes:
        try:
            json.loads(file.read_document(file.limits.line_bytes))
        except json.JSONDecodeError as error:
            return f"malformed JSON ({error.msg}: line {error.lineno} column {error.colno})"
        except (RecursionError, ValueError):
            pass
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    near = f" near byte {meters[0].offset}" if meters else ""
    return f"malformed JSON ({first.strip()}{near})"


def _message_report(
    source: str,
    index: int,
    message: Any,
    channel: str | None,
    fallback: Fallback,
    encoding: str,
    limits: Limits,
) -> Iterator[Report | ReadFailure]:
    """The report for one message, a failure, or nothing for a service message or one without text."""
    if not isinstance(message, dict):
        yield failure(f"{source}#{index}", "message is not a JSON object")
        return
    if message.get("type", "message") != "message":
        return
    message_id = _name(message.get("id"))
    item_source = f"{source}#{message_id or index}"
    try:
        body = message_text(message.get("text"))
        found = message_date(message)
    except ValueError as exc:
        yield failure(item_source, str(exc))
        return
    if not body.strip():
        return
    if len(body) * 4 > limits.document_bytes and len(body.encode("utf-8")) > limits.document_bytes:
        yield failure(item_source, f"text larger than the document limit ({size_text(limits.document_bytes)})")
        return
    published, basis = fallback.choose(found)
    yield Report(
        source=item_source,
        text=body.replace("\r\n", "\n").replace("\r", "\n"),
        format="telegram",
        published=published,
        published_basis=basis,
        channel=channel,
        message_id=message_id,
        encoding=encoding,
    )
