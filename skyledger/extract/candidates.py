"""The cheap first pass: which sentences are worth tokenising at all.

A sentence is read in full only when it holds a distinctive word of some table (a weapon, an
action verb, an impact or measure phrase, a toward-Moscow cue), a clock time, a stated window
length, or a list line that starts with a count ('— 12 над территорией ...', '8 over the Rostov
region'); or when it names a claimant, a hedge or a vague time and stands next to such a sentence
(it may be the source or the window of the claim beside it). Plain digits and common words ('been',
'reported', 'сто') make no candidate: most sentences of a news report carry one, and reading them all
is what made the extractor slow. The words are compiled into one trie-shaped regular expression, which the regex
engine walks in one pass instead of trying hundreds of alternatives at every position.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cache

from skyledger.extract.lexicon import PhraseTable, lexicon
from skyledger.extract.sentences import Sentence
from skyledger.extract.tokens import Tokens, morph

#: Words too common in ordinary prose to mark a sentence, whatever table they come from.
COMMON = {
    "been",
    "fell",
    "reported",
    "stay",
    "opened",
    "open",
    "the",
    "a",
    "an",
    "of",
    "on",
    "in",
    "at",
    "to",
    "with",
    "by",
    "and",
    "or",
    "sent",
    "launch",
    "hit",
    "hits",
    "impact",
    "impacts",
    "deployed",
    "fire",
    "more",
    "said",
    "says",
    "unit",
    "units",
    "over",
    "some",
    "about",
    "around",
    "attack",
    "attacks",
    "without",
    "electronic",
    "from",
    "toward",
    "towards",
    "heading",
    "flying",
    "moscow",
    "city",
    "capital",
    "warfare",
    "type",
    "for",
    "от",
    "по",
    "на",
    "в",
    "с",
    "и",
    "за",
    "до",
    "у",
    "та",
    "і",
    "з",
    "що",
    "быть",
    "бути",
    "атака",
    "атакувати",
    "москва",
    "город",
    "місто",
}
#: Shapes that make a sentence a candidate without any table word.
SHAPES = [
    r"\d{1,2}[:.]\d{2}",  # a clock time: 11:23, 20.00
    r"\d\s?[ap]\.?m\b",  # 7 am
    r"(?m:^)[^\w\n]{0,8}\d+\s*[–—:-]",  # a list line: '— 12 – над ...', '8: Rostov', '▫️ **5** –'
    r"\(\d{1,4}\)",  # a count in brackets: 'над Київщиною (8)'
    r"[:–—-]\s*\d{1,4}\s*[.;,]?\s*(?m:$)",  # a list line that ends with its count: '- Bryansk region: 18'
    r"\b\d+\s+(?:over|above|near|in|над|в|у|по)\b",  # '8 over the Rostov region'
    r"\d[-\s](?:hour|час|годин)",  # 'a six-hour window', '3-часов'
    r"\w:\s*$",  # a header that opens a list ('Противник атакував:'): its action goes to the lines below
]


#: The length of the prefixes a Cyrillic table word is searched by: long enough that common prose
#: does not share them ('від' of 'відбити' is also 'from', 'воз' of 'воздушный' opens hundreds of
#: words), short enough that a paradigm needs only a few ('отраз', 'отраж' for all of 'отразить').
PREFIX = 5


def stems(word: str, lang: str = "ru") -> set[str]:
    """The prefixes that together find the inflected forms of a table word in raw text (those that
    start with its first three letters: a form with a fleeting vowel there, 'огнём' of 'огонь', is
    not found, as it was not before).

    Latin words stand as they are. A Cyrillic lemma gives the common prefix of every form pymorphy3
    knows of it when that prefix is long enough; otherwise the first letters of each form, so that
    an alternation in the stem ('отразить', 'отражены') is two prefixes instead of one too short to
    mean anything. Forms that do not start like the word are left out: the comparative 'повоздушнее'
    made the common prefix of 'воздушный' empty. ``ё`` is folded to ``е``, as the pattern is.

    >>> sorted(stems("обломок")), stems("drones"), sorted(stems("уничтожить")), sorted(stems("отразить"))
    (['облом'], {'drones'}, ['уничтож'], ['отраж', 'отраз'])
    """
    if not re.search(r"[а-яёіїєґ]", word):
        return {word}
    parses = morph("uk" if lang == "uk" or re.search(r"[іїєґ]", word) else "ru").parse(word)
    if parses and not parses[0].is_known:
        return {word}  # an abbreviation or a name ('бпла'): a guessed paradigm would cut it short
    forms = {word} | ({f.word for f in parses[0].lexeme} if parses else set())
    forms = {f.replace("ё", "е") for f in forms if f[:3].replace("ё", "е") == word[:3]}
    common = os.path.commonprefix(sorted(forms))
    if len(common) >= min(PREFIX, len(word)):
        return {common}
    return {f[:PREFIX] for f in forms}


def distinctive(tables: Iterable[PhraseTable]) -> set[str]:
    """One word per phrase: its longest token that is not common prose (none for look-alike kinds)."""
    words = set()
    for table in tables:
        for key, values in table.entries.items():
            if "none" in values:
                continue
            tokens = [t for t in key if t not in COMMON and any(ch.isalpha() for ch in t)]
            if tokens:
                words.add(max(tokens, key=len))
    return words


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of words, factored into a trie so that matching does not backtrack.

    >>> trie_regex(["drone", "drones", "downed"])
    'd(?:owned|rone(?:s)?)'
    >>> bool(re.fullmatch(trie_regex(["drone", "drones", "downed"]), "drones"))
    True
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _pattern(trie)


def _pattern(node: dict) -> str:
    """Regex of one trie node."""
    branches = [re.escape(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{alt})?" if "" in node else alt


def compile_words(words: set[str], shapes: list[str], lang: str) -> re.Pattern:
    """One pattern: the stems of the words as a trie, or any of the shapes."""
    prefixes = {p for w in words for p in stems(w, lang) if len(p) >= 3}
    words_pattern = trie_regex(prefixes).replace("е", "[её]")  # 'самолётный' is written both ways
    return re.compile("|".join([rf"\b{words_pattern}", *shapes]), re.IGNORECASE)


@cache
def patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    """(strong, weak) patterns of a language.

    Strong: what a claim, impact or measure hangs on (weapons, actions, impacts, measures, clock
    times, list lines). Weak: what only helps a claim next to it (claimants, hedges, vague times,
    'the region', months): such a sentence is read only beside a strong one.
    """
    lex = lexicon(lang)
    weak = [
        lex.claimants,
        lex.vague,
        lex.cue("hedge"),
        lex.cue("indirect_source"),
        lex.cue("own_region"),
        lex.cue("own_city"),
    ]
    months = {m.lower() for m in (lex.times.get("months") or {}) if len(m) > 3}
    # the table words and the shapes, compiled once each and joined (split_candidates uses them apart)
    combined = re.compile(f"{table_words(lang).pattern}|{shapes(lang).pattern}", re.IGNORECASE)
    return combined, compile_words(distinctive(weak) | months, [], lang)


def strong_tables(lex) -> list[PhraseTable]:
    """The tables whose phrases make a sentence worth reading in full: what a claim, an impact or a
    measure hangs on."""
    return [
        lex.actions,
        lex.weapons,
        lex.impacts,
        lex.measures,
        lex.cue("detail_cue"),
        lex.cue("toward_moscow"),
        lex.cue("toward_city"),
    ]


@cache
def shapes(lang: str) -> re.Pattern:
    """The shapes alone (clock times, list lines, counts in brackets), without the table words."""
    return re.compile("|".join([*SHAPES, worded_list_line(lexicon(lang))]), re.IGNORECASE)


def confirmed(chunk: str, toks: Tokens, lex) -> bool:
    """A strong sentence, tokenised, still holds a phrase of a strong table or one of the shapes, or
    a word of the weak tables (a claimant, a hedge, a vague time), which a claim elsewhere may need.

    The pre-filter finds table words by their prefixes in raw text, which is cheap but loose: 'сторон'
    of 'в сторону Москвы' is in every 'с другой стороны', 'повітрян' of 'повітряна тривога' in every
    'Повітряні сили'. A sentence whose prefixes make no phrase once its words are lemmatised, and
    that names no source or time, is read only as a weak one is: beside a productive sentence.
    """
    if any(table.scan(toks) for table in strong_tables(lex)) or shapes(lex.lang).search(chunk):
        return True
    return patterns(lex.lang)[1].search(chunk) is not None


def worded_list_line(lex) -> str:
    """A list line that opens with its count in words ('▫️ восемь – над территорией ...', 'по одному –
    над ...', 'seven - over ...'): as much a list line as one with digits, and most such lines name
    no table word of their own (their place is all they hold)."""
    prefix = "|".join(re.escape(w) for w in lex.numbers.get("distributive_prefix") or [])
    lead = rf"(?:(?:{prefix})\s+)?" if prefix else ""
    return rf"(?m:^)[^\w\n]{{0,8}}{lead}(?:{trie_regex(number_forms(lex))})[^\w\n]{{0,4}}\s*[–—-]"


def number_forms(lex) -> set[str]:
    """Every written form of the number words of a language's table ('один', 'одного', 'одному')."""
    words = set()
    for section in ("units", "unit_forms"):
        for word in lex.numbers.get(section) or {}:
            words.add(word.lower())
            if lex.lang in ("ru", "uk"):
                parses = morph(lex.lang).parse(word)
                if parses and parses[0].is_known:
                    words.update(f.word for f in parses[0].lexeme)
    return words


#: Every shape needs a digit, a colon or a dash: a sentence with none is searched for table words only.
SHAPE_HINT = re.compile(r"[\d:–—-]")


@cache
def table_words(lang: str) -> re.Pattern:
    """The strong pattern's table words alone: the same sentences as ``patterns(lang)[0]`` with
    :func:`shapes`, searched in two steps so that the shapes are tried only where they can hold."""
    return compile_words(distinctive(strong_tables(lexicon(lang))), [], lang)


def split_candidates(text: str, sentences: list[Sentence], lang: str) -> tuple[list[int], list[int]]:
    """Indices of the strong sentences, and of the weak ones (read only if a neighbour needs them)."""
    words, shaped, weak = table_words(lang), shapes(lang), patterns(lang)[1]
    hits, maybe = [], []
    for k, s in enumerate(sentences):
        chunk = text[s.start : s.end]  # a slice, so that '^' and '$' of the list shapes hold at its ends
        if words.search(chunk) or (SHAPE_HINT.search(chunk) and shaped.search(chunk)):
            hits.append(k)
        elif weak.search(chunk):
            maybe.append(k)
    return hits, maybe


def needed(weak: list[int], productive: list[int], last: int) -> list[int]:
    """The weak sentences next to a productive one (within two), or opening or closing a report
    that has one: there a signature, a byline or 'the governor said' may name the source."""
    if not productive:
        return []
    near = {n for k in productive for n in range(k - 2, k + 3)} | {0, 1, last}
    return [k for k in weak if k in near]
