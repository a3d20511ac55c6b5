"""The gazetteer: regions (ISO 3166-2 and our SEA-* codes) and the towns that reports name.

Names in English, Russian and Ukrainian come from ``data/regions.csv`` and ``data/places.csv``; each
is keyed on its token norms, so 'Брянской области' finds 'Брянская область'. A key can name several
places (Donetsk in Rostov Oblast and Donetsk in Donetsk Oblast): the finder returns every candidate
and the grammar resolves them by context, flagging the choice. A word that is not in the gazetteer but
stands where a place should can match a name by similarity (rapidfuzz), and is flagged as fuzzy.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from skyledger.errors import DataTableError
from skyledger.extract.lexicon import PhraseTable, read_csv
from skyledger.extract.tokens import morph, norm_word, phrase_key

CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")
UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")

#: Russian/Ukrainian words after an adjective stem that make it a region name ('Брянская область').
REGION_HEADS = {"область", "край", "округ", "республіка", "республика"}


@dataclass(frozen=True)
class RegionEntry:
    """One first-level region."""

    code: str
    country: str
    kind: str
    name_en: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Place:
    """A gazetteer entry a name can point to: a region itself, or a town within one."""

    name: str
    region: str
    kind: str

    @property
    def is_region(self) -> bool:
        """True when the name is the region itself, not a town in it."""
        return self.kind == "region"


def split_variants(cell: str | None) -> list[str]:
    """'a|b|c' -> ['a', 'b', 'c'] (blank cells give nothing)."""
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def coordinate(value: str, where: str) -> float | None:
    """A lat/lon cell as a float (blank allowed)."""
    if not value:
        return None
    try:
        return float(value)
    except ValueError as e:
        raise DataTableError(f"{where}: not a number: {value!r}") from e


@cache
def load_regions() -> dict[str, RegionEntry]:
    """Every region of regions.csv by code."""
    out = {}
    for n, row in enumerate(read_csv("regions.csv"), 2):
        where = f"regions.csv row {n}"
        if not row.get("code") or not row.get("name_en"):
            raise DataTableError(f"{where}: code and name_en are required")
        out[row["code"]] = RegionEntry(
            row["code"],
            row["country"],
            row["kind"],
            row["name_en"],
            coordinate(row.get("lat", ""), where),
            coordinate(row.get("lon", ""), where),
        )
    return out


def region_names(row: dict[str, str]) -> list[str]:
    """Every name of a region row, in all three languages."""
    names = [row["name_en"], row.get("name_ru", ""), row.get("name_uk", "")]
    for col in ("variants_en", "variants_ru", "variants_uk"):
        names += split_variants(row.get(col))
    return [n for n in names if n]


@cache
def gazetteer(lang: str) -> PhraseTable:
    """Every region and town name keyed on its norms in ``lang``'s analyser."""
    table = PhraseTable()
    for row in read_csv("regions.csv"):
        place = Place(row["name_en"], row["code"], "region")
        for name in region_names(row):
            for key in name_keys(name, lang):
                table.add(key, place)
                if len(key) == 2 and key[1] in REGION_HEADS:
                    table.add(key[:1], place)  # 'Брянской и Орловской областей': the adjective alone
    regions = load_regions()
    for n, row in enumerate(read_csv("places.csv"), 2):
        if row.get("region") not in regions:
            raise DataTableError(f"places.csv row {n}: unknown region {row.get('region')!r}")
        place = Place(row["name_en"], row["region"], row.get("kind") or "city")
        for name in [
            row["name_en"],
            row.get("name_ru", ""),
            row.get("name_uk", ""),
            *split_variants(row.get("variants_en")),
        ]:
            if name:
                for key in name_keys(name, lang):
                    table.add(key, place)
    return table


def name_keys(name: str, lang: str) -> list[tuple[str, ...]]:
    """The keys a name is found under: its own, and for a Russian or Ukrainian text those of its case
    forms whose lemma differs ('Тверская' lemmatises to a noun, 'Тверской' to the adjective)."""
    key = phrase_key(name, lang)
    if lang not in ("ru", "uk") or not CYRILLIC.search(name):
        return [key]
    choices = []
    for word, norm in zip(name.split(), key, strict=False):
        forms = case_forms(word.lower(), lang) if CYRILLIC.search(word) else frozenset()
        choices.append(sorted({norm} | {norm_word(f, lang) for f in forms}))
    if len(choices) != len(key):
        return [key]
    return [key, *(k for k in itertools.product(*choices) if k != key)]


@lru_cache(maxsize=20_000)
def case_forms(word: str, lang: str) -> frozenset[str]:
    """The case forms of a name word in the analyser of its script."""
    which = "uk" if lang == "uk" or UKRAINIAN.search(word) else "ru"
    out = set()
    for parse in morph(which).parse(word)[:2]:
        if parse.normal_form.replace("ё", "е") != word.replace("ё", "е") and parse.tag.POS not in ("NOUN", "ADJF"):
            continue
        out |= {f.word for f in parse.lexeme}  # plural too: 'Суми', 'Черкаси', 'Лиски' are plural names
    return frozenset(out | {word})


@cache
def fuzzy_forms(lang: str) -> dict[str, tuple[Place, ...]]:
    """Written case forms of single-word Cyrillic names ('калужской', 'хмельниччиною') -> places.

    A misspelt adjective lemmatises to an unrelated word ('Калужкой' -> 'калужка'), so it is compared
    with the forms as written instead.
    """
    out: dict[str, list[Place]] = {}
    if lang not in ("ru", "uk"):
        return {}
    table = gazetteer(lang)
    for key, places in table.entries.items():
        if len(key) != 1 or not CYRILLIC.search(key[0]):
            continue
        for form in case_forms(key[0], lang):
            out.setdefault(form.replace("ё", "е"), []).extend(p for p in places if p not in out.get(form, []))
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items() if len(k) >= 5}


@lru_cache(maxsize=50_000)
def fuzzy_written(word: str, lang: str, cutoff: float = 88.0) -> tuple[str, tuple[Place, ...]] | None:
    """The closest written form of a place name to a misspelt word ('Белгородсой' -> 'белгородской')."""
    word = word.lower().replace("ё", "е")
    choices = fuzzy_forms(lang)
    if len(word) < 6 or not choices:
        return None
    near = [c for c in choices if c[0] == word[0] and abs(len(c) - len(word)) <= 1]
    hit = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=cutoff)
    return (hit[0], choices[hit[0]]) if hit else None


@cache
def fuzzy_choices(lang: str) -> dict[str, tuple[Place, ...]]:
    """Single-word names (norm -> places) that a misspelt word may be matched against."""
    return {key[0]: tuple(vals) for key, vals in gazetteer(lang).entries.items() if len(key) == 1 and len(key[0]) >= 4}


@lru_cache(maxsize=50_000)
def fuzzy_place(norm: str, lang: str, cutoff: float = 84.0) -> tuple[str, tuple[Place, ...]] | None:
    """The closest single-word name to a misspelt word, if it is close enough.

    The first letter must agree and the lengths may differ by one letter at most: that keeps
    'Ryazhan' -> 'Ryazan' and 'Bryanks' -> 'Bryansk', and rules out a district adjective such as
    'Kamensky' -> 'Kamenskoye' (a different town in another country).
    """
    if len(norm) < 5:
        return None
    choices = fuzzy_choices(lang)
    near = [c for c in choices if c[0] == norm[0] and abs(len(c) - len(norm)) <= 1]
    hit = process.extractOne(norm, near, scorer=fuzz.ratio, score_cutoff=cutoff)
    return (hit[0], choices[hit[0]]) if hit else None


def resolve(candidates: tuple[Place, ...], context_regions: list[str], prefer_town: bool = False) -> tuple[Place, bool]:
    """Pick one place among candidates; the flag says the name was ambiguous.

    A region entry wins over a town of the same region (Kursk the region over Kursk the city). When
    the candidates lie in different regions, the one whose region the context names (the claimant's
    region, the other places in the sentence) wins; with no help from context, the first region entry.
    """
    codes = {p.region for p in candidates}
    best = sorted(candidates, key=lambda p: p.is_region == prefer_town)
    if len(codes) == 1:
        return best[0], False
    for code in context_regions:
        for p in best:
            if p.region == code or (code.endswith("-*") and p.region.startswith(code[:-1])):
                return p, True
    return best[0], True


@cache
def settlements() -> dict[str, tuple[Place, ...]]:
    """Populated places of Russia and Ukraine (``settlements.csv``, from GeoNames) by Cyrillic name,
    lower case, the most populous first and one per region."""
    regions = load_regions()
    found: dict[str, list[tuple[int, Place]]] = {}
    for n, row in enumerate(read_csv("settlements.csv"), 2):
        if row.get("region") not in regions:
            raise DataTableError(f"settlements.csv row {n}: unknown region {row.get('region')!r}")
        place = Place(row["name_en"], row["region"], "settlement")
        for name in split_variants(row.get("names_cyrillic")):
            found.setdefault(name.lower().replace("ё", "е"), []).append((-int(row["population"] or 0), place))
    out = {}
    for name, places in found.items():
        seen: dict[str, Place] = {}
        for _, p in sorted(places, key=lambda x: x[0]):
            seen.setdefault(p.region, p)
        out[name] = tuple(seen.values())
    return out


@cache
def districts_table() -> dict:
    """``districts.yaml``: how a district adjective leads to its town, and the names never looked up."""
    from skyledger.extract.lexicon import read_yaml

    return read_yaml("districts.yaml") or {}


@cache
def district_endings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(adjective ending, the endings its town may have), longest first."""
    table = districts_table().get("endings") or {}
    return tuple(sorted(((k, tuple(v)) for k, v in table.items()), key=lambda kv: -len(kv[0])))


@cache
def generic_districts(lang: str) -> frozenset[str]:
    """District names many cities share ('Ленинский', 'Приморский'), as norms: never looked up."""
    return frozenset(norm_word(w, lang) for w in districts_table().get("generic") or [])


@lru_cache(maxsize=20_000)
def district_towns(adjective: str) -> tuple[Place, ...]:
    """The towns a district adjective is named after, found among the populated places.

    >>> [p.region for p in district_towns("льговский")], [p.region for p in district_towns("глушковский")]
    (['RU-KRS'], ['RU-KRS'])
    """
    word = adjective.lower().replace("ё", "е")
    for ending, towns in district_endings():
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            found = {p.region: p for town in towns for p in settlements().get(stem + town, ())}
            if found:
                return tuple(found.values())
    return ()


@cache
def region_spellings() -> tuple[tuple[str, str], ...]:
    """(a region's name or variant in lower case, its code), every spelling of regions.csv."""
    out = []
    for row in read_csv("regions.csv"):
        for name in region_names(row):
            out.append((name.lower().replace("ё", "е"), row["code"]))
    return tuple(out)


@lru_cache(maxsize=4096)
def truncated_region(prefix: str) -> Place | None:
    """The one region whose name begins like the cut-off word ('Калуж' -> Kaluga Oblast), allowing the
    last letter to be a case ending already ('Азовског' -> 'Азовское море'); None if none or several.

    >>> truncated_region("Калуж").region, truncated_region("Брян").region, truncated_region("Ка")
    ('RU-KLU', 'RU-BRY', None)
    """
    word = prefix.lower().replace("ё", "е")
    if len(word) < 4:
        return None
    codes = {code for name, code in region_spellings() if name.startswith(word)}
    if not codes and len(word) >= 6:
        codes = {code for name, code in region_spellings() if name.startswith(word[:-1])}
    if len(codes) != 1:
        return None
    code = codes.pop()
    return Place(load_regions()[code].name_en, code, "region")
