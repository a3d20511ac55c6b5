"""Region codes and names as users type them: 'RU-BEL', 'Belgorod', 'Белгородская', 'Бєлгородщина'.

Reads ``data/regions.csv`` alone (no extractor), so that filters and the API can check a region
cheaply. The extractor's gazetteer reads the same table with morphology; this is for input from
people, which is a code or the start of one of the names.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from skyledger.errors import SkyledgerError


class UnknownRegion(SkyledgerError, ValueError):
    """A region a user named that is no code or name in the table, or names several regions."""


@cache
def names() -> dict[str, tuple[str, ...]]:
    """Code -> every name and variant in the three languages, case-folded."""
    text = (resources.files("skyledger") / "data" / "regions.csv").read_text(encoding="utf-8")
    out = {}
    for row in csv.DictReader(text.splitlines()):
        cells = [row[f"{k}_{lang}"] for lang in ("en", "ru", "uk") for k in ("name", "variants")]
        out[row["code"]] = tuple(n.strip().casefold() for cell in cells for n in (cell or "").split("|") if n.strip())
    return out


def region_code(term: str) -> str:
    """The code a user means: a code, a whole name, or the first word(s) of exactly one region's names.

    >>> region_code("ru-bel"), region_code("Belgorod"), region_code("Белгородская"), region_code("Чорне море")
    ('RU-BEL', 'RU-BEL', 'RU-BEL', 'SEA-BLACK')
    >>> region_code("Бєлгородська"), region_code("Kharkivshchyna")
    ('RU-BEL', 'UA-63')
    >>> region_code("RU-XYZ")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    skyledger.regions.UnknownRegion: unknown region 'RU-XYZ': give an ISO 3166-2 code (RU-BEL, UA-63) or ...
    """
    wanted = " ".join(term.split()).casefold()
    table = names()
    if wanted.upper() in table:
        return wanted.upper()
    exact = sorted(code for code, ns in table.items() if wanted in ns)
    if len(exact) == 1:
        return exact[0]
    starts = sorted(code for code, ns in table.items() if any(n.startswith(wanted + " ") for n in ns))
    if len(starts) == 1:
        return starts[0]
    if len(exact) > 1 or len(starts) > 1:
        raise UnknownRegion(f"region {term!r} names several regions ({', '.join(exact or starts)}): give the code")
    hint = suggestion(wanted)
    raise UnknownRegion(
        f"unknown region {term!r}{hint}: give an ISO 3166-2 code (RU-BEL, UA-63) or SEA-*, "
        "or a region's name in English, Russian or Ukrainian"
    )


#: How close (rapidfuzz WRatio, 0-100) a name must be to be offered as "did you mean".
SUGGEST_SCORE = 85


def suggestion(wanted: str) -> str:
    """' (did you mean … ?)' for a name close to one in the table, else ''. Only offered, never
    taken: a filter that silently read 'Белгородська' as another region would list wrong claims.

    >>> suggestion("белгородська")
    " (did you mean 'белгородская область', RU-BEL?)"
    >>> suggestion("zzzz")
    ''
    """
    from rapidfuzz import fuzz, process

    choices = {name: code for code, ns in names().items() for name in ns}
    found = process.extractOne(wanted, list(choices), scorer=fuzz.WRatio, score_cutoff=SUGGEST_SCORE)
    return f" (did you mean {found[0]!r}, {choices[found[0]]}?)" if found else ""
