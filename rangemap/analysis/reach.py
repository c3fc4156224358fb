"""Reach tables: one row per (system, launch site) with its exact reach geometry; envelopes; areas.

Built on the batch geodesy: every reach geometry of a table comes from one vectorized call.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from rangemap import catalog, geodesy, units
from rangemap.errors import DistanceError

__all__ = ["REACH_COLUMNS", "envelope", "is_nominal", "km_or_zero_to_m", "reach", "reach_from_area"]

REACH_COLUMNS = ["system", "system_name", "site", "site_name", "lat", "lon", "range_m", "min_range_m", "band",
                 "source", "geometry"]
_BAND_COLUMNS = {"low": "range_low_km", "nominal": "range_km", "high": "range_high_km"}


def reach(systems, sites, *, band: bool = False, tolerance_m: float = 50.0, geometry: bool = True) -> gpd.GeoDataFrame:
    """Reach of each system from each site: a GeoDataFrame (EPSG:4326, split at ±180°), one row per pair.

    ``systems``: catalog names (ids, aliases); ``sites``: names, ``(lat, lon)`` pairs or a sites table.
    ``band=True`` adds the reported band as ``low`` and ``high`` rows beside ``nominal`` where known.
    Ranges are metres. ``geometry=False`` skips the polygons: a plain DataFrame, enough for
    :func:`~rangemap.analysis.targets_in_reach` (which decides by distance) at any number of sites.
    """
    system_rows = catalog.resolve_systems(systems)
    site_rows = catalog.resolve_sites(sites)
    levels = []  # (system, band) rows in order: each system's nominal row, then its reported band
    for _, sys_row in system_rows.iterrows():
        names = ["nominal"] + ([lvl for lvl in ("low", "high") if pd.notna(sys_row[_BAND_COLUMNS[lvl]])
                                and sys_row[_BAND_COLUMNS[lvl]] != sys_row["range_km"]] if band else [])
        levels += [{"system": sys_row["id"], "system_name": sys_row["name"],
                    "range_m": units.km_to_m(sys_row[_BAND_COLUMNS[level]]),
                    "min_range_m": km_or_zero_to_m(sys_row["min_range_km"]), "band": level,
                    "source": sys_row["source"]} for level in names]
    where = pd.DataFrame({"site": site_rows["id"].to_numpy(), "site_name": site_rows["name"].to_numpy(),
                          "lat": site_rows["lat"].to_numpy(float), "lon": site_rows["lon"].to_numpy(float)})
    table = pd.DataFrame(levels).merge(where, how="cross")[REACH_COLUMNS[:-1]]  # every site for each level
    if not geometry:
        return table
    shapes = geodesy.reach_polygons(table["lat"].to_numpy(), table["lon"].to_numpy(), table["range_m"].to_numpy(),
                                      min_range_m=table["min_range_m"].to_numpy(), tolerance_m=tolerance_m)
    return gpd.GeoDataFrame(table, geometry=list(shapes), crs="EPSG:4326")[REACH_COLUMNS]


def km_or_zero_to_m(km) -> float:
    """A catalog distance in km (blank = none) in metres, 0 when blank (e.g. no minimum range)."""
    return 0.0 if pd.isna(km) else units.km_to_m(km)


def is_nominal(reach_gdf) -> np.ndarray:
    """Boolean mask of the rows drawn at the nominal range (all rows of a table without a band)."""
    if "band" not in reach_gdf:
        return np.ones(len(reach_gdf), dtype=bool)
    return (reach_gdf["band"] == "nominal").to_numpy()


def envelope(reach_gdf: gpd.GeoDataFrame, by: str = "system") -> gpd.GeoDataFrame:
    """Union of the reach of each group (default: each system from all its sites), EPSG:4326.

    The reach geometries are already split at ±180° and closed at the poles, so a plain union is
    exact there too. Columns: ``by``, ``sites`` (how many), ``range_m`` (largest), ``geometry``.
    """
    rows = reach_gdf[is_nominal(reach_gdf)]
    groups = []
    for key, part in rows.groupby(by, sort=False):
        groups.append({by: key, "sites": part["site"].nunique(), "range_m": part["range_m"].max(),
                       "geometry": geodesy.polygonal(shapely.union_all(part.geometry.to_numpy()))})
    return gpd.GeoDataFrame(groups, geometry="geometry", crs="EPSG:4326")


def reach_from_area(polygon, range_m: float, *, tolerance_m: float = 50.0):
    """Everything within ``range_m`` metres of anywhere in ``polygon`` (lon/lat): a geodesic buffer.

    The region itself, plus reach rings from points along its boundary spaced so that the scallops
    between neighbouring rings stay within ``tolerance_m / 2``; the rings themselves are drawn to
    ``tolerance_m / 2``. Straight lon/lat edges of the input are followed as drawn.
    """
    if range_m <= 0:
        raise DistanceError(f"range_m {range_m!r} must be positive")
    spacing_m = np.sqrt(8.0 * range_m * tolerance_m / 2.0)
    points = []
    for ring in shapely.get_rings(shapely.get_parts(polygon)):
        xy = np.asarray(ring.coords)
        seg = geodesy.distance_m(xy[:-1, 1], xy[:-1, 0], xy[1:, 1], xy[1:, 0])
        for (x1, y1), (x2, y2), length in zip(xy[:-1], xy[1:], seg):
            n = max(1, int(np.ceil(length / spacing_m)))
            t = np.arange(n) / n
            points.append(np.column_stack([x1 + t * (x2 - x1), y1 + t * (y2 - y1)]))
    pts = np.concatenate(points)
    rings = geodesy.reach_polygons(pts[:, 1], pts[:, 0], range_m, tolerance_m=tolerance_m / 2.0)
    return geodesy.polygonal(shapely.union_all(np.concatenate([rings, [polygon]])))
