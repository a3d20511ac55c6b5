"""The text the grammar reads: the report's text with its markup blanked out, offsets unchanged.

Telegram posts arrive with Markdown (``**bold**``, ``__italic__``, ``[label](url)``), emojis and
bullets, and scrapes often flatten an itemised list onto one line. A reader skips all of these; the
grammar should too, or 'уничтожены **два** беспилотника' and '[Саратовской](https://...) области'
stop being phrases. Every change here replaces characters one for one, so a span found in the
reading text points at the same characters of the original, and evidence stays exact.

Mixed-script words are folded too: OCR and hurried typing put Latin look-alikes inside Cyrillic
words ('аппаратa' with a Latin 'a'), which no table would match.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from skyledger.extract.lexicon import expect, read_yaml

#: Markdown emphasis runs, the tail of a link ('](https://...)') and a Telegram link's address up to
#: the channel's handle ('https://t.me/kpszsu' names the channel), blanked.
MARKUP = re.compile(
    r"\*\*|__|~~|`|(?:https?://)?(?:www\.)?t\.me/(?=\w)|\]\((?:https?://|tg://|mailto:)[^)\s]*\)|\[(?=[^\]\n]{1,200}\]\()"
)


@cache
def symbols() -> tuple[frozenset[str], dict[str, str]]:
    """(bullet characters, Latin-to-Cyrillic look-alikes) from ``data/markup.yaml``."""
    table = read_yaml("markup.yaml") or {}
    bullets, twins = frozenset(table.get("bullets") or ()), dict(table.get("homoglyphs") or {})
    single = all(len(c) == 1 for c in bullets | set(twins) | set(twins.values()))
    expect(single, "markup.yaml", "every bullet and look-alike must be one character (offsets must not move)")
    return bullets, twins


def reading_text(text: str) -> str:
    """The report's text as the grammar reads it, of the same length.

    Markup becomes blanks; a bullet after other text on its line starts a new line (a flattened
    list becomes a list again), and a bullet that opens its line becomes a dash, so that the line
    is a list line as '– 3 над ...' is ('• баллистическую ракету' under 'применил:'); any other
    symbol or emoji becomes a blank. Three substitutions over the whole text, each one character
    for one character.

    >>> reading_text("ПВО **уничтожены** 5: ▪️ 3 – над [Курской](https://t.me/x/1) областью")
    'ПВО   уничтожены   5: \\n  3 – над  Курской                    областью'
    >>> reading_text("применил:\\n• семь КАБ;")
    'применил:\\n- семь КАБ;'
    """
    if any(mark in text for mark in MARKUP_HINTS):  # most reports hold no markup: one scan each, in C
        text = MARKUP.sub(lambda m: " " * len(m.group()), text)
    bullets, _ = symbols()
    if any(b in text for b in bullets):
        text = bullet_pattern().sub(lambda m: bullet_reading(m, text), text)
    text = WRAPPED.sub(" ", SYMBOLS.sub(lambda m: " " * len(m.group()), text))
    return fold_homoglyphs(text)


def bullet_reading(m: regex.Match, text: str) -> str:
    """What a bullet becomes: a new line after other text on its line; a dash where it opens its
    line and a blank or a symbol follows ('• семь КАБ'), so that the line reads as a list line; a
    blank where it touches its item ('•5 БПЛА'), which a dash would make a negative number."""
    if m.group(1) is None:
        return "\n"
    after = text[m.end() : m.end() + 1]
    return m.group(1) + ("-" if not after or not after.isalnum() else " ")


#: A line break inside a phrase: after a line that is only a number ('1' / 'керована ракета Х-59', the
#: layout of an infographic), or before a line that goes on in lower case ('керовані авіаційні' /
#: 'ракети Х-59', hard-wrapped or OCR text). Either way the lines are one phrase.
WRAPPED = regex.compile(r"(?m)(?<=\p{L}[^\S\n]*)\n(?=[^\S\n]*\p{Ll})|(?<=^[^\S\n]*\d{1,4}[^\S\n]*)\n(?=[^\S\n]*\p{L})")


#: Characters without which no markup can be present.
MARKUP_HINTS = ("*", "__", "~~", "`", "[", "t.me/")
#: Emojis, pictographs and their joiners and variation selectors: nothing a reader reads.
SYMBOLS = regex.compile(r"\d\ufe0f?\u20e3|[\p{So}\p{Sk}\p{Cs}\p{Co}\u200d\ufe0f\ufe0e\u20e3]")


@cache
def bullet_pattern() -> regex.Pattern:
    """A bullet, with what stands before it on its line when that is only blanks and symbols."""
    bullets, _ = symbols()
    chars = "".join(regex.escape(b) for b in sorted(bullets))
    return regex.compile(rf"(?m)(^[\s\p{{So}}\ufe0f]*?)?[{chars}]" if chars else r"(?!x)x")


#: A Cyrillic and a Latin letter side by side: the cheap test for a mixed-script word.
SCRIPT_SWITCH = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ][A-Za-z]|[A-Za-z][а-яёіїєґА-ЯЁІЇЄҐ]")
MIXED = re.compile(r"\b(?=\w*[а-яёіїєґА-ЯЁІЇЄҐ])(?=\w*[a-zA-Z])\w+\b")


def fold_homoglyphs(text: str) -> str:
    """Look-alike letters of the other script inside a mixed word are folded into one script.

    >>> fold_homoglyphs("аппаратa Shahed Моhajer, крилаті ракети X-101")
    'аппарата Shahed Mohajer, крилаті ракети Х-101'

    A word whose Latin letters all have a Cyrillic twin becomes Cyrillic ('аппаратa'); else, a word
    whose Cyrillic letters all have a Latin twin becomes Latin (OCR's 'Моhajer': 'h' has no twin, so
    the name is Latin). A word with letters of both scripts that have no twin stays as written.
    """
    _, twins = symbols()
    back = {c: latin for latin, c in twins.items()}

    def fold(m: re.Match[str]) -> str:
        word = m.group()
        latin = [c for c in word if c.isascii() and c.isalpha()]
        if all(c in twins for c in latin):
            return "".join(twins.get(c, c) for c in word)
        if all(c in back for c in word if CYRILLIC.match(c)):
            return "".join(back.get(c, c) for c in word)
        return word

    if SCRIPT_SWITCH.search(text):
        text = MIXED.sub(fold, text)
    if MODEL_CODE.search(text) and len(CYRILLIC.findall(text)) > len(LATIN.findall(text)):
        # 'X-101', 'C-300' typed with Latin letters in a Cyrillic report: the Cyrillic model code
        text = MODEL_CODE.sub(lambda m: fold(m) if all(c in twins for c in m.group(1)) else m.group(), text)
    return text


#: A weapon's model code: one or two letters, a hyphen and digits ('X-101', 'C-300', 'A-50', 'Mi-24').
MODEL_CODE = re.compile(r"\b([A-Z]{1,2}|[A-Z][a-z])(?=-\d)")
CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")
LATIN = re.compile(r"[A-Za-z]")
