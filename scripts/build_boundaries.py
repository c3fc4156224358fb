"""Build data/countries.geojson from Natural Earth via the npm package world-atlas (development time only).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_boundaries.py package/countries-50m.json

Natural Earth 1:50m admin-0 countries (public domain), read with GDAL's TopoJSON driver (pyogrio).
Ukraine is drawn within its internationally recognised borders: the Crimean peninsula (including
Sevastopol), which Natural Earth's default view attaches to Russia, is moved to Ukraine. Borders are
simplified as a coverage (shared edges stay shared) to fit the HTML size budget, coordinates rounded
to 0.001° (~100 m), geometries made valid; Russia stays split at ±180°.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, box

from rangemap import geodesy
from rangemap.geodesy import fold_antimeridian

OUT = Path(__file__).resolve().parent.parent / "data" / "countries.geojson"
SIMPLIFY_DEG = 0.1
GRID_DEG = 0.001
CRIMEA = box(32.2, 44.3, 36.8, 46.2)  # the peninsula south of the Perekop isthmus, and its coast
CRIMEA_POINTS = {"Simferopol": Point(34.10, 44.95), "Sevastopol": Point(33.52, 44.60), "Kerch": Point(36.47, 45.36)}


def polygonal(geom) -> MultiPolygon:
    """The polygon parts of a geometry, always as one MultiPolygon (a uniform type per country)."""
    return MultiPolygon(list(shapely.get_parts(geodesy.polygonal(geom))))


def unsmear(geom):
    """Split polygons that GDAL stitched across ±180° (Russia's Chukotka, Fiji) back at the antimeridian."""
    parts = []
    for part in shapely.get_parts(geom):
        minx, miny, maxx, _ = part.bounds
        if maxx - minx > 180 and miny > -80:  # spans the map but is no polar cap: smeared across ±180°
            part = shapely.transform(part, lambda xy: np.where(xy[:, :1] < 0, xy + [360.0, 0.0], xy))
            part = fold_antimeridian(shapely.make_valid(part))
        parts.append(shapely.make_valid(part))
    return polygonal(shapely.union_all(parts))


def crimea_to_ukraine(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move the polygons of Russia that lie on the Crimean peninsula to Ukraine."""
    rus = countries.index[countries["name"] == "Russia"][0]
    ukr = countries.index[countries["name"] == "Ukraine"][0]
    parts = list(shapely.get_parts(countries.at[rus, "geometry"]))
    crimea = [p for p in parts if CRIMEA.contains(p.representative_point())]
    if not crimea or not any(p.covers(pt) for p in crimea for pt in CRIMEA_POINTS.values()):
        raise SystemExit("Crimea not found among Russia's polygons: check the input")
    rest = [p for p in parts if not any(p.equals(c) for c in crimea)]
    countries.at[rus, "geometry"] = MultiPolygon(rest)
    countries.at[ukr, "geometry"] = shapely.union_all([countries.at[ukr, "geometry"], *crimea])
    return countries


def main(topojson: str) -> None:
    countries = gpd.read_file(topojson, layer="countries").set_crs(4326, allow_override=True)
    countries = countries[["id", "name", "geometry"]].copy()
    countries["geometry"] = [unsmear(g) for g in countries.geometry.values]  # before make_valid mangles them
    countries = crimea_to_ukraine(countries)
    countries = countries[~countries.geometry.is_empty]
    geoms = countries.geometry.simplify_coverage(SIMPLIFY_DEG).values
    geoms = [polygonal(g) for g in shapely.make_valid(shapely.set_precision(geoms, GRID_DEG))]
    features = []
    for cid, name, geom in sorted(zip(countries["id"], countries["name"], geoms), key=lambda r: r[1]):
        geom = shapely.orient_polygons(geom)
        features.append({"type": "Feature", "properties": {"iso_n3": cid if isinstance(cid, str) else "", "name": name},
                         "geometry": json.loads(shapely.to_geojson(geom))})
    collection = {"type": "FeatureCollection",
                  "source": "Natural Earth 1:50m admin-0 countries (public domain) via world-atlas 2.0.2; "
                            "Crimea and Sevastopol drawn as part of Ukraine",
                  "features": features}
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB, {len(features)} countries)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/countries-50m.json")
