"""Reach tables and what falls inside them: one row per (system, launch site), cities within reach.

Built on the batch geodesy: every reach geometry of a table comes from one vectorized call, and
verdicts on cities come from geodesic distances, never from the polygon (so the boundary is exact).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from rangemap import catalog, geodesy

__all__ = ["reach", "targets_in_reach", "summary"]

REACH_COLUMNS = ["system", "system_name", "site", "site_name", "lat", "lon", "range_m", "min_range_m", "band",
                 "source", "geometry"]
_BOX_MARGIN_DEG = 0.5
_BAND_COLUMNS = {"low": "range_low_km", "nominal": "range_km", "high": "range_high_km"}


def reach(systems, sites, *, band: bool = False, tolerance_m: float = 50.0) -> gpd.GeoDataFrame:
    """Reach of each system from each site: a GeoDataFrame (EPSG:4326, split at ±180°), one row per pair.

    ``systems``: catalog names (ids, aliases); ``sites``: names, ``(lat, lon)`` pairs or a sites table.
    ``band=True`` adds the reported band as ``low`` and ``high`` rows beside ``nominal`` where known.
    Ranges are metres.
    """
    system_rows = catalog.resolve_systems(systems)
    site_rows = catalog.resolve_sites(sites)
    rows = []
    for _, sys_row in system_rows.iterrows():
        levels = ["nominal"] + ([lvl for lvl in ("low", "high") if pd.notna(sys_row[_BAND_COLUMNS[lvl]])
                                 and sys_row[_BAND_COLUMNS[lvl]] != sys_row["range_km"]] if band else [])
        for level in levels:
            for _, site_row in site_rows.iterrows():
                min_km = sys_row["min_range_km"]
                rows.append({
                    "system": sys_row["id"], "system_name": sys_row["name"],
                    "site": site_row["id"], "site_name": site_row["name"],
                    "lat": float(site_row["lat"]), "lon": float(site_row["lon"]),
                    "range_m": float(sys_row[_BAND_COLUMNS[level]]) * 1000.0,
                    "min_range_m": 0.0 if pd.isna(min_km) else float(min_km) * 1000.0,
                    "band": level, "source": sys_row["source"],
                })
    table = pd.DataFrame(rows)
    geometry = geodesy.reach_polygons(table["lat"].to_numpy(), table["lon"].to_numpy(), table["range_m"].to_numpy(),
                                      min_range_m=table["min_range_m"].to_numpy(), tolerance_m=tolerance_m)
    return gpd.GeoDataFrame(table, geometry=list(geometry), crs="EPSG:4326")[REACH_COLUMNS]


def targets_in_reach(reach_gdf: gpd.GeoDataFrame, cities: gpd.GeoDataFrame | None = None,
                     countries=None) -> pd.DataFrame:
    """Cities within reach: one row per (city, system) with the nearest site of that system that reaches it.

    Columns ``name, country, admin1, lat, lon, population, distance_km, system, site``. The verdict is
    ``min_range_m <= geodesic distance <= range_m`` (exact; the polygons only pre-select candidates by
    bounding box). ``countries``: ISO codes to keep, e.g. ``["UA"]`` or ``"UA,MD"``.
    """
    cities = catalog.cities() if cities is None else cities
    if countries is not None:
        codes = [c.strip().upper() for c in (countries.split(",") if isinstance(countries, str) else countries)]
        cities = cities[cities["country"].isin(codes)]
    cities = cities.reset_index(drop=True)
    reach_gdf = reach_gdf[reach_gdf["band"] == "nominal"] if "band" in reach_gdf else reach_gdf
    reach_gdf = reach_gdf.reset_index(drop=True)
    # Candidates: cities inside each reach's bounding box, widened well past the chords' inward sag.
    boxes = reach_gdf.geometry.bounds.to_numpy().copy()
    boxes[:, [0, 1]] -= _BOX_MARGIN_DEG
    boxes[:, [2, 3]] += _BOX_MARGIN_DEG
    hits = cities.sindex.query(shapely.box(*boxes.T), predicate="intersects")
    if hits.shape[1] == 0:
        return pd.DataFrame(columns=["name", "country", "admin1", "lat", "lon", "population", "distance_km",
                                     "system", "site"])
    r_idx, c_idx = hits
    dist = geodesy.distance_m(reach_gdf["lat"].to_numpy()[r_idx], reach_gdf["lon"].to_numpy()[r_idx],
                              cities["lat"].to_numpy()[c_idx], cities["lon"].to_numpy()[c_idx])
    inside = (dist <= reach_gdf["range_m"].to_numpy()[r_idx]) & (dist >= reach_gdf["min_range_m"].to_numpy()[r_idx])
    found = pd.DataFrame({"city": c_idx[inside], "system": reach_gdf["system"].to_numpy()[r_idx[inside]],
                          "site": reach_gdf["site"].to_numpy()[r_idx[inside]], "distance_km": dist[inside] / 1000.0})
    nearest = found.sort_values("distance_km").drop_duplicates(["city", "system"])
    table = cities.loc[nearest["city"], ["name", "country", "admin1", "lat", "lon", "population"]].reset_index(drop=True)
    table["distance_km"] = nearest["distance_km"].round(3).to_numpy()
    table["system"] = nearest["system"].to_numpy()
    table["site"] = nearest["site"].to_numpy()
    return table.sort_values(["system", "distance_km"], kind="stable").reset_index(drop=True)


def summary(targets: pd.DataFrame) -> pd.DataFrame:
    """Cities and people within reach per system (from :func:`targets_in_reach`)."""
    grouped = targets.groupby("system", sort=False)
    return pd.DataFrame({"cities": grouped.size(), "population": grouped["population"].sum()}).reset_index()
