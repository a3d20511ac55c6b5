"""Sentence and paragraph boundaries, as spans into the document text.

A plain rule set, not a model: a sentence ends at . ! ? (or a closing quote after them) followed by a
blank and an upper-case letter, digit or opening quote; a line break always ends a sentence and a
blank line (or a line break in one-sentence-per-line text) starts a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOUNDARY = re.compile(r"(?<=[.!?])[’'\"”»]?\s+(?=[\"“‘'«(]?[A-ZА-ЯЁІЇЄҐ0-9])")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|St|Mr|Mrs|Dr|Gen|Lt|Col|No|vs|approx|e\.g|i\.e|т\.е|т\.д|г|гг|им|ул|обл|р-н)\.)$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its index in the document, its paragraph, and its span."""

    index: int
    para: int
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split a document into sentences with spans.

    >>> [text[s.start:s.end] for text in ["Two were downed. Four fell.\\nNew para."] for s in split_sentences(text)]
    ['Two were downed.', 'Four fell.', 'New para.']
    """
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            para += 1 if out else 0  # blank lines (or a line of emojis) above the text open no paragraph
            continue
        start = 0
        for m in BOUNDARY.finditer(line):
            if ABBREVIATIONS.search(line[: m.start()]):
                continue
            add(out, line, line_start, start, m.end(), para)
            start = m.end()
        add(out, line, line_start, start, len(line), para)
        para += 1
    return out


def add(out: list[Sentence], line: str, line_start: int, start: int, end: int, para: int) -> None:
    """Append the trimmed sentence ``line[start:end]`` if it is not blank."""
    chunk = line[start:end]
    if not chunk.strip():
        return
    lead = len(chunk) - len(chunk.lstrip())
    trail = len(chunk) - len(chunk.rstrip())
    out.append(Sentence(len(out), para, line_start + start + lead, line_start + end - trail))
