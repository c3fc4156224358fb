"""What falls inside a reach: cities within reach, people counts, and where a target can be hit from.

Verdicts come from exact geodesic distances, never from the polygon (so the boundary is exact); the
polygons only pre-select candidates by bounding box.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from rangemap import catalog, geodesy, units
from rangemap.analysis.reach import is_nominal, km_or_zero_to_m
from rangemap.errors import UnknownNameError

__all__ = ["TARGET_COLUMNS", "launch_area", "summary", "target_point", "targets_in_reach"]

TARGET_COLUMNS = ["name", "country", "admin1", "lat", "lon", "population", "distance_km", "system", "site"]
_BOX_MARGIN_DEG = 0.5


def targets_in_reach(reach_gdf: gpd.GeoDataFrame, cities: gpd.GeoDataFrame | None = None,
                     countries=None) -> pd.DataFrame:
    """Cities within reach: one row per (city, system) with the nearest site of that system that reaches it.

    Columns ``name, country, admin1, lat, lon, population, distance_km, system, site`` (and ``rank`` when the
    cities table has one, as the catalog's does). The verdict is
    ``min_range_m <= geodesic distance <= range_m`` (exact; the polygons only pre-select candidates by
    bounding box). ``countries``: ISO codes to keep, e.g. ``["UA"]`` or ``"UA,MD"``.
    """
    cities = catalog.cities() if cities is None else cities
    if countries is not None:
        cities = cities[cities["country"].isin(catalog.country_codes(countries, cities["country"]))]
    cities = cities.reset_index(drop=True)
    reach_gdf = reach_gdf[is_nominal(reach_gdf)].reset_index(drop=True)
    # Candidates: cities inside each reach's bounding box, widened well past the chords' inward sag.
    boxes = reach_gdf.geometry.bounds.to_numpy().copy()
    boxes[:, [0, 1]] -= _BOX_MARGIN_DEG
    boxes[:, [2, 3]] += _BOX_MARGIN_DEG
    hits = cities.sindex.query(shapely.box(*boxes.T), predicate="intersects")
    if hits.shape[1] == 0:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    r_idx, c_idx = hits
    dist = geodesy.distance_m(reach_gdf["lat"].to_numpy()[r_idx], reach_gdf["lon"].to_numpy()[r_idx],
                              cities["lat"].to_numpy()[c_idx], cities["lon"].to_numpy()[c_idx])
    inside = (dist <= reach_gdf["range_m"].to_numpy()[r_idx]) & (dist >= reach_gdf["min_range_m"].to_numpy()[r_idx])
    found = pd.DataFrame({"city": c_idx[inside], "system": reach_gdf["system"].to_numpy()[r_idx[inside]],
                          "site": reach_gdf["site"].to_numpy()[r_idx[inside]], "distance_km": dist[inside] / 1000.0})
    nearest = found.sort_values("distance_km").drop_duplicates(["city", "system"])
    table = cities.loc[nearest["city"], TARGET_COLUMNS[:6]].reset_index(drop=True)
    table["distance_km"] = nearest["distance_km"].round(3).to_numpy()
    table["system"] = nearest["system"].to_numpy()
    table["site"] = nearest["site"].to_numpy()
    if "rank" in cities:  # the catalog's drawing rank (1 label, 2 dot, 3 counted only), for maps
        table["rank"] = cities["rank"].to_numpy()[nearest["city"].to_numpy()]
    return table.sort_values(["system", "distance_km"], kind="stable").reset_index(drop=True)


def summary(targets: pd.DataFrame) -> pd.DataFrame:
    """Cities and people within reach per system (from :func:`targets_in_reach`)."""
    grouped = targets.groupby("system", sort=False)
    return pd.DataFrame({"cities": grouped.size(), "population": grouped["population"].sum()}).reset_index()


def target_point(target) -> tuple[str, float, float]:
    """A target given as (lat, lon) or as a city name (the most populous city of that name)."""
    if isinstance(target, str):
        cities = catalog.cities()
        match = cities[cities["name"].str.casefold() == target.strip().casefold()]
        if match.empty:
            raise UnknownNameError(f"unknown target city {target!r}: give (lat, lon) or a city name "
                                           "from rangemap.cities()")
        city = match.sort_values("population", ascending=False).iloc[0]
        return f"{city['name']} ({city['country']})", float(city["lat"]), float(city["lon"])
    lat, lon = units.check_lat_lon(*target, what="target")
    return f"{lat:.4f}, {lon:.4f}", lat, lon


def launch_area(target, system, *, sites=None, tolerance_m: float = 50.0):
    """Where ``system`` could reach ``target`` from: the reach ring around the target (distance is
    symmetric), and the named sites inside it with their distance to the target.

    Returns ``(geometry, sites_in_range)``; ``sites`` defaults to every catalog site.
    """
    name, lat, lon = target_point(target)
    row = catalog.resolve_systems([system]).iloc[0]
    range_m, min_m = units.km_to_m(row["range_km"]), km_or_zero_to_m(row["min_range_km"])
    area = geodesy.reach_polygon(lat, lon, range_m, min_range_m=min_m, tolerance_m=tolerance_m)
    candidates = catalog.resolve_sites(sites if sites is not None else catalog.sites())
    dist = geodesy.distance_m(lat, lon, candidates["lat"].to_numpy(float), candidates["lon"].to_numpy(float))
    inside = candidates.assign(distance_km=np.round(dist / 1000.0, 3), target=name, system=row["id"])
    inside = inside[(dist <= range_m) & (dist >= min_m)].sort_values("distance_km").reset_index(drop=True)
    return area, inside
