"""Tokens with character offsets, and the normal form every table and grammar matches on.

Tokenising is spaCy's blank tokenizer for the document's language (no model is loaded). The normal
form of a word is lower case, with ``ё`` folded to ``е`` and typographic apostrophes unified; a
Cyrillic word is replaced by its pymorphy3 lemma, so 'Брянской области' and 'Брянская область' meet
in one key. Lemmas are cached: a report repeats the same few hundred words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH

CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")
UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
#: A model code with its variants after a slash ('Shahed-136/131', 'Х-59/69').
MODEL_VARIANTS = re.compile(r"^(.+-\d+\w*)/\d+\w*$")
#: An abbreviation: two or more capitals among its letters ('БпЛА', 'ПВО', 'ЗРК'), read as written.
ABBREVIATION = re.compile(r"^(?=(?:\w*[А-ЯЁІЇЄҐ]){2})[\wА-ЯЁІЇЄҐа-яёіїєґ-]+$")
LANGS = ("en", "ru", "uk")


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: its text, ``[start, end)`` in the document, and its normal form."""

    text: str
    start: int
    end: int
    norm: str


#: Extra infixes: dashes glued to words ('down—more', '20–над'), a quote before a dash
#: ('‘plane-type’—a') and a slash before a word ('Х-101/Х-555', 'збито/подавлено'; not '136/131')
#: split, as a reader would.
EXTRA_INFIXES = [r"[—–]", r"(?<=\w)[’'](?=[—–-])", r"(?<=\w)/(?=[^\W\d])"]
#: Extra suffixes: the full stop after a model code that ends in a capital ('Х-31П.', 'Точка-У.',
#: 'Су-24М.') ends the sentence; spaCy would keep it as an abbreviation's.
EXTRA_SUFFIXES = [r"(?<=[\d\-][A-ZА-ЯЁІЇЄҐ])\."]
#: spaCy special cases that read a digit and a bracket as one emoticon.
EMOTICONS_WITH_DIGITS = {"8)", "8-)", "8-D", "8D", "0.0", "0.o", "0_0", "0_o"}


@cache
def tokenizer(lang: str):
    """spaCy's blank tokenizer for a language, built once, with dash and quote infixes added."""
    nlp = spacy.blank(lang if lang in LANGS else "en")
    infixes = list(nlp.Defaults.infixes or []) + EXTRA_INFIXES
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    suffixes = list(nlp.Defaults.suffixes or []) + EXTRA_SUFFIXES
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    # Emoticons such as '8)' would swallow the bracket of a count: 'над Київщиною (8)'.
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in EMOTICONS_WITH_DIGITS}
    return nlp.tokenizer


@cache
def morph(lang: str):
    """The pymorphy3 analyser for 'ru' or 'uk', built once (each takes ~0.1 s and ~15 MB)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=200_000)
def readings(word: str, lang: str) -> tuple:
    """pymorphy3's readings of a Cyrillic word in lower case, likeliest first, each word parsed once
    for the lemma, the number, the case and the tense; Ukrainian letters force the Ukrainian analyser."""
    low = word.lower().replace("ё", "е")
    try:
        return tuple(morph("uk" if lang == "uk" or UKRAINIAN_ONLY.search(low) else "ru").parse(low))
    except ValueError:  # a letter without a Unicode name (Tangut) breaks pymorphy3's shape test
        return ()


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """Dictionary form of a Cyrillic word; Ukrainian letters force the Ukrainian analyser.

    >>> lemma("Брянской", "ru")
    'брянский'
    >>> lemma("Харківщині", "ru")
    'харківщина'
    """
    parses = readings(word, lang)
    if not parses or (ABBREVIATION.match(word) and not parses[0].is_known):
        return word.lower().replace("ё", "е")  # 'БпЛА', 'РСЗО': pymorphy3 would guess a verb ('бпнуть')
    return parses[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=200_000)
def norm_word(word: str, lang: str) -> str:
    """The normal form a token is matched on.

    >>> norm_word("Drones", "en"), norm_word("Moscow’s", "en"), norm_word("областей", "ru")
    ('drones', "moscow's", 'область')
    """
    w = word.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    w = MODEL_VARIANTS.sub(r"\1", w)  # 'Shahed-136/131', 'Х-59/69': the first model names the type
    if CYRILLIC.search(w) and not w[:1].isdigit():  # '63-х' is a number, not a word to lemmatise
        return lemma(w, lang)
    return w.lower()


class Tokens(list):
    """A sentence's tokens, with their norms and where each stands computed once: every phrase table
    scans the same index."""

    norms: list[str]
    positions: dict[str, list[int]]
    scans: dict  # a phrase table -> its matches in this sentence (lexicon.PhraseTable.scan)


def tokenize(text: str, lang: str, offset: int = 0) -> Tokens:
    """Tokens of ``text`` with offsets shifted by ``offset`` (the text's place in its document)."""
    toks = Tokens()
    doc = tokenizer(lang)(text)
    # Offsets and lengths as plain ints: no spaCy Token object is built (a fifth of the cost).
    for idx, length, space in doc.to_array([IDX, LENGTH, IS_SPACE]).tolist():
        if space:
            continue
        word, start = text[idx : idx + length], offset + idx
        toks.append(Tok(word, start, start + length, norm_word(word, lang)))
    toks.norms = [t.norm for t in toks]
    toks.positions = norm_positions(toks.norms)
    toks.scans = {}
    return toks


def norm_positions(norms: list[str]) -> dict[str, list[int]]:
    """Where each norm stands in a sentence, built once per sentence: a phrase table then looks only
    at the tokens that start one of its phrases (a set intersection in C), not at every token."""
    positions: dict[str, list[int]] = {}
    for k, n in enumerate(norms):
        positions.setdefault(n, []).append(k)
    return positions


def phrase_key(phrase: str, lang: str) -> tuple[str, ...]:
    """The key a table phrase is stored under: the norms of its tokens.

    >>> phrase_key("shot down", "en")
    ('shot', 'down')
    >>> phrase_key("Брянская область", "ru")
    ('брянский', 'область')
    """
    return tuple(t.norm for t in tokenize(phrase, lang))


@lru_cache(maxsize=100_000)
def grammatical_number(word: str, lang: str) -> str | None:
    """'sing' or 'plur' when every reading pymorphy3 gives a Cyrillic word agrees, else None.

    Agreement is how Russian and Ukrainian say 'one' without a numeral: 'беспилотный летательный
    аппарат уничтожен' is one drone, 'аппараты уничтожены' is a figure the text does not give.
    Abbreviations ('БпЛА') and impersonal forms ('збито') carry no number and give None.

    >>> grammatical_number("уничтожен", "ru"), grammatical_number("уничтожены", "ru"), grammatical_number("БпЛА", "uk")
    ('sing', 'plur', None)
    """
    if not CYRILLIC.search(word) or word.isupper() or any(c.isupper() for c in word[1:]):
        return None  # Latin words and abbreviations ('БпЛА', 'КР') say nothing
    # The Ukrainian dictionary marks a singular by its gender alone ('NOUN,inan femn,accs').
    numbers = {p.tag.number or ("sing" if p.tag.gender else None) for p in readings(word, lang) if p.score >= 0.05}
    return numbers.pop() if len(numbers) == 1 and None not in numbers else None


@lru_cache(maxsize=100_000)
def verb_form(word: str, lang: str) -> bool:
    """True for a verb, participle or gerund reading of a word ('уничтожен', 'сбили', 'збито',
    'знищений'); agreement is read from these, never from nouns such as 'уничтожение'.

    >>> verb_form("уничтожен", "ru"), verb_form("уничтожение", "ru"), verb_form("shot", "en")
    (True, False, True)
    """
    if not CYRILLIC.search(word):
        return True  # English actions are verbs or participles by the table's making
    parses = [p for p in readings(word, lang) if p.score >= 0.05]
    return any(p.tag.POS in ("VERB", "PRTS", "PRTF", "INFN", "GRND") or "pssv" in p.tag for p in parses)


#: Cases in which a weapon can be the subject or the object that a verb counts.
DIRECT_CASES = {"nomn", "accs", None}


def may_agree(a: str, b: str, lang: str) -> bool:
    """Whether two Cyrillic nouns can stand in one case and number, as two nouns one numeral counts
    do ('ракет і дронів', 'ракетами та дронами'; not 'беспилотников и ракеты'); True where either
    is no Cyrillic noun or its form is unknown ('БпЛА', 'Shahed')."""
    cases = [
        {(p.tag.case, p.tag.number) for p in readings(w, lang) if p.tag.POS in ("NOUN", "ADJF")}
        if CYRILLIC.search(w)
        else set()
        for w in (a, b)
    ]
    return not cases[0] or not cases[1] or bool(cases[0] & cases[1])


@lru_cache(maxsize=100_000)
def grammatical_case(word: str, lang: str) -> str | None:
    """'oblique' when no reading of a Cyrillic noun or adjective is nominative or accusative
    ('беспилотника', 'дрона', 'зенитной ракетой'), 'direct' when one is, None for other words.

    >>> grammatical_case("беспилотника", "ru"), grammatical_case("аппарат", "ru"), grammatical_case("БпЛА", "ru")
    ('oblique', 'direct', None)
    """
    if not CYRILLIC.search(word) or ABBREVIATION.match(word):
        return None
    parses = [p for p in readings(word, lang) if p.score >= 0.05 and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
    if not parses:
        return None
    return "direct" if any(p.tag.case in DIRECT_CASES for p in parses) else "oblique"


@lru_cache(maxsize=100_000)
def noun_like(word: str, lang: str) -> bool:
    """True for an unknown abbreviation ('БпЛА'), a Latin word, or a word whose likeliest reading is
    a noun ('аппарат'); False for punctuation and for verbs, capitals or not ('УНИЧТОЖЕН')."""
    if not any(ch.isalpha() for ch in word):
        return False
    if not CYRILLIC.search(word):
        return True
    parses = readings(word, lang)
    if ABBREVIATION.match(word) and not (parses and parses[0].is_known):
        return True
    return bool(parses) and parses[0].tag.POS == "NOUN"


@lru_cache(maxsize=100_000)
def adjective(word: str, lang: str) -> bool:
    """True for a Cyrillic word whose likeliest reading is a full adjective ('противокорабельных',
    'многоцелевых'): between a number and its weapon it agrees with the weapon and counts with it.

    >>> adjective("противокорабельных", "ru"), adjective("ракет", "ru"), adjective("сбитых", "ru")
    (True, False, False)
    """
    if not CYRILLIC.search(word):
        return False
    parses = readings(word, lang)
    return bool(parses) and parses[0].tag.POS == "ADJF"


@lru_cache(maxsize=100_000)
def likeliest_tag(word: str, lang: str):
    """pymorphy3's tag of the likeliest reading of a Cyrillic word, None for other words."""
    if not CYRILLIC.search(word):
        return None
    parses = readings(word, lang)
    return parses[0].tag if parses else None


def governs_next(word: str, lang: str) -> bool:
    """True for a preposition or a noun in the instrumental ('с', 'применением', 'расчетами'): a
    weapon right after it is that word's dependent ('сбросами с БпЛА', 'расчетами дронов').

    >>> governs_next("с", "ru"), governs_next("расчетами", "ru"), governs_next("ПВО", "ru"), governs_next("над", "ru")
    (True, True, False, True)
    """
    tag = likeliest_tag(word, lang)
    return tag is not None and (tag.POS == "PREP" or (tag.POS == "NOUN" and tag.case == "ablt"))


def active_verb(word: str, lang: str) -> bool:
    """True for a finite active verb ('уничтожил', 'збив'), not a passive ('уничтожен') or an
    impersonal form ('збито'): a weapon before it is its subject, the one that destroyed something.

    >>> [active_verb(w, "ru") for w in ("уничтожил", "уничтожен")], [active_verb(w, "uk") for w in ("збито", "збив")]
    ([True, False], [False, True])
    """
    tag = likeliest_tag(word, lang)
    return tag is not None and tag.POS == "VERB" and not {"Impe", "infn"} & tag.grammemes


@lru_cache(maxsize=100_000)
def infinitive(word: str, lang: str) -> bool:
    """True for a Cyrillic verb whose likeliest reading is an infinitive ('атаковать', 'збити'): an
    intention or an order ('принял решение атаковать беспилотник'), no event that happened.

    >>> infinitive("атаковать", "ru"), infinitive("атаковал", "ru"), infinitive("збити", "uk")
    (True, False, True)
    """
    if not CYRILLIC.search(word):
        return False
    tag = likeliest_tag(word, lang)
    return tag is not None and (tag.POS == "INFN" or "infn" in tag.grammemes)  # Ukrainian: 'VERB,perf infn'


@lru_cache(maxsize=100_000)
def future_form(word: str, lang: str) -> bool:
    """True for a Cyrillic verb whose likeliest reading is in the future tense ('будет', 'уничтожит').

    >>> future_form("будет", "ru"), future_form("был", "ru"), future_form("уничтожен", "ru")
    (True, False, False)
    """
    if not CYRILLIC.search(word):
        return False
    parses = readings(word, lang)
    return bool(parses) and parses[0].tag.POS == "VERB" and parses[0].tag.tense == "futr"


@lru_cache(maxsize=100_000)
def nominative(word: str, lang: str) -> bool:
    """True for a Cyrillic word with a likely nominative reading ('противник', 'ворог'), not for its
    other cases ('противника', the genitive and the animate accusative alike)."""
    return bool(CYRILLIC.search(word)) and any(p.tag.case == "nomn" for p in readings(word, lang) if p.score >= 0.05)


@lru_cache(maxsize=100_000)
def attributive(word: str, lang: str) -> bool:
    """True for a Cyrillic passive participle in a plural oblique case ('уничтоженных', 'сбитых'):
    between a number and its weapon it says what became of them, it is not the clause's verb. An
    active one ('атакующих') says what they did, and 'Два из атакующих БПЛА' counts no such figure."""
    tag = likeliest_tag(word, lang)
    return (
        tag is not None
        and tag.POS == "PRTF"
        and "pssv" in tag.grammemes
        and tag.number == "plur"
        and tag.case not in ("nomn", None)
    )
