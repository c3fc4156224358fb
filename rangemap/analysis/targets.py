"""What falls inside a reach: cities or any other points within reach, people counts, and where a target
can be hit from.

Verdicts come from exact geodesic distances, never from polygons (the boundary is exact, and a reach
table without geometry will do): :mod:`~rangemap.analysis.pairs` finds the pairs, this module keeps the
nearest launch point of each system for every target. Point tables can be frames, files (read in
batches) or Dask collections (:mod:`~rangemap.analysis.distributed`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np
import pandas as pd

from rangemap import catalog, geodesy, units
from rangemap.analysis import timing
from rangemap.analysis.pairs import iter_nearest_pairs
from rangemap.analysis.reach import is_nominal, km_or_zero_to_m
from rangemap.catalog.places import coverage
from rangemap.catalog.points import iter_point_batches, point_frame
from rangemap.errors import RangemapError

__all__ = ["TARGET_COLUMNS", "iter_targets_in_reach", "launch_area", "reach_points", "summary", "target_point",
           "targets_chunk", "targets_in_reach"]

TARGET_COLUMNS = ["name", "country", "admin1", "lat", "lon", "population", "distance_km", "system", "site"]
_REACH_POINT_COLUMNS = ["system", "site", "lat", "lon", "range_m", "min_range_m"]


def reach_points(reach_table) -> pd.DataFrame:
    """The nominal rows of a reach table with only what distances need (no polygons): ``system, site,
    lat, lon, range_m, min_range_m``."""
    table = pd.DataFrame(reach_table)
    missing = [c for c in _REACH_POINT_COLUMNS if c not in table and c != "min_range_m"]
    if missing:
        raise RangemapError(f"reach table lacks column(s) {', '.join(missing)} (see rangemap.reach)")
    table = table[is_nominal(table)].reset_index(drop=True)
    if "min_range_m" not in table:
        table["min_range_m"] = 0.0
    return table[_REACH_POINT_COLUMNS]


def targets_chunk(points: pd.DataFrame, reach_table: pd.DataFrame) -> pd.DataFrame:
    """Targets within reach among ``points`` (a frame with ``lat``/``lon`` or Point geometry): one row per
    (point, system) with the nearest site that reaches it, in point order then system order, indexed by
    the point's label. Columns: the point's attributes, ``lat, lon, distance_km, system, site``."""
    frame = point_frame(points)
    reach = reach_points(reach_table)
    codes = pd.factorize(reach["system"])[0]  # systems numbered in table order
    parts = list(iter_nearest_pairs(frame["lat"].to_numpy(), frame["lon"].to_numpy(), reach, codes))
    point, row, dist = ((np.concatenate(p) for p in zip(*parts)) if parts else
                        (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)))
    system = codes[row]
    best = np.lexsort((row, dist, system, point))  # nearest first, ties to the earlier row
    point, row, dist, system = point[best], row[best], dist[best], system[best]
    first = np.ones(point.size, dtype=bool)
    first[1:] = (point[1:] != point[:-1]) | (system[1:] != system[:-1])
    point, row, dist = point[first], row[first], dist[first]
    out = frame.iloc[point].copy()
    out["distance_km"] = np.round(dist / 1000.0, 3)
    out["system"] = reach["system"].to_numpy(object)[row]
    out["site"] = reach["site"].to_numpy(object)[row]
    return out


def _is_dask(obj) -> bool:
    return hasattr(obj, "map_partitions") and hasattr(obj, "npartitions")


def iter_targets_in_reach(reach_table, path, *, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """:func:`targets_in_reach` over a point file, a batch at a time (bounded memory): yields frames."""
    reach = reach_points(reach_table)
    for batch in iter_point_batches(path, rows):
        yield targets_chunk(batch, reach)


def targets_in_reach(reach_gdf, targets=None, countries=None, *, cities=None, engine: str | None = None,
                     scheduler: str | None = None):
    """Targets within reach: one row per (target, system) with the nearest site of that system that reaches it.

    ``targets``: a GeoDataFrame of Points, a DataFrame with lat/lon columns, a path (CSV, GeoJSON, GPKG,
    GeoParquet; read in batches), or a ``dask_geopandas.GeoDataFrame`` (then, as with ``engine="dask"``,
    the work runs on a dask.distributed cluster — ``scheduler`` address, or a local one — and a Dask
    DataFrame comes back whose computed value equals the local result); other tables keep their own
    columns and add ``lat, lon, distance_km, system, site``, in target order then system order, indexed
    by the target's label (row number for files). Cities (the default: the catalog's, or ``cities=``) give
    ``name, country, admin1, lat, lon, population, distance_km, system, site`` (and ``region``, the
    first-level region's name, and ``rank`` when the table has them, as the catalog's does, then ``flight_s``,
    idealised seconds of flight from the site, NaN when the system's flight model is unknown; see
    :mod:`rangemap.analysis.timing`), sorted by system and distance. The verdict is
    ``min_range_m <= geodesic distance <= range_m`` (exact); ``reach_gdf`` needs ``system, site, lat,
    lon, range_m`` (and ``min_range_m``), not polygons. ``countries``: ISO codes to keep when the table
    has a ``country`` column, e.g. ``["UA"]`` or ``"UA,MD"``.
    """
    reach = reach_points(reach_gdf)
    if engine not in (None, "local", "dask"):
        raise RangemapError(f"engine {engine!r}: use 'local' or 'dask'")
    if _is_dask(targets) or engine == "dask" or scheduler is not None:
        from rangemap.analysis import distributed

        return distributed.targets_in_reach(reach, targets if targets is not None else catalog.cities(),
                                            countries=countries, scheduler=scheduler)
    if isinstance(targets, (str, os.PathLike)):
        found = [_keep_countries(part, countries, whole=False) for part in iter_targets_in_reach(reach, targets)]
        return pd.concat(found) if found else targets_chunk(pd.DataFrame({"lat": [], "lon": []}), reach)
    if targets is None:  # cities, as before: a table for people, nearest first within each system
        table = catalog.cities() if cities is None else cities
        columns = TARGET_COLUMNS[:6] + [c for c in ("region", "rank") if c in table]
        found = targets_chunk(_keep_countries(pd.DataFrame(table[columns]), countries), reach)
        found = timing.add_flight_s(found[TARGET_COLUMNS + columns[6:]])
        return found.sort_values(["system", "distance_km"], kind="stable").reset_index(drop=True)
    return targets_chunk(_keep_countries(targets, countries), reach)


def _keep_countries(table, countries, *, whole: bool = True):
    """Rows of ``table`` in ``countries``; codes are checked against the table's when it is ``whole``
    (a batch or partition may lack a country that the file has)."""
    if countries is None:
        return table
    if "country" not in table:
        raise RangemapError("countries= needs a 'country' column in the targets table")
    if whole:
        codes = catalog.country_codes(countries, table["country"])
    else:
        codes = [str(c).strip().upper() for c in (countries.split(",") if isinstance(countries, str) else countries)]
    return table[table["country"].isin(codes)]


def summary(targets: pd.DataFrame) -> pd.DataFrame:
    """Cities and people within reach per system (from :func:`targets_in_reach`).

    ``attrs["coverage"]`` says in one line which places the counts cover (the catalog's cities:
    :func:`rangemap.catalog.places.coverage`)."""
    grouped = targets.groupby("system", sort=False)
    out = pd.DataFrame({"cities": grouped.size(), "population": grouped["population"].sum()}).reset_index()
    out.attrs["coverage"] = coverage()
    return out


def target_point(target, *, with_country: bool = False) -> tuple[str, float, float]:
    """A target given as (lat, lon), as a ``{name, lat, lon}`` dict (from :func:`rangemap.catalog.place`)
    or as a place name (:func:`rangemap.catalog.place`: a catalog site, else the gazetteer's most
    populous place of that name, with an :class:`~rangemap.errors.AmbiguousPlaceWarning` when shared)."""
    if isinstance(target, str):
        target = catalog.place(target, "target")
    if isinstance(target, dict) and {"name", "lat", "lon"} <= set(target):
        lat, lon = units.check_lat_lon(target["lat"], target["lon"], what="target")
        ident = str(target.get("id", ""))
        country = ident.rsplit(", ", 1)[1] if ", " in ident else None  # a gazetteer place: "Kyiv, UA"
        named = f"{target['name']} ({country})" if country and with_country else str(target["name"])
        return named, lat, lon
    lat, lon = units.check_lat_lon(*target, what="target")
    return f"{lat:.4f}, {lon:.4f}", lat, lon


def launch_area(target, system, *, sites=None, tolerance_m: float = 50.0):
    """Where ``system`` could reach ``target`` from: the reach ring around the target (distance is
    symmetric), and the named sites inside it with their distance to the target.

    Returns ``(geometry, sites_in_range)``; ``sites`` defaults to every catalog site.
    """
    name, lat, lon = target_point(target, with_country=True)
    row = catalog.resolve_systems([system]).iloc[0]
    range_m, min_m = units.km_to_m(row["range_km"]), km_or_zero_to_m(row["min_range_km"])
    area = geodesy.reach_polygon(lat, lon, range_m, min_range_m=min_m, tolerance_m=tolerance_m)
    candidates = catalog.resolve_sites(sites if sites is not None else catalog.sites())
    dist = geodesy.distance_m(lat, lon, candidates["lat"].to_numpy(float), candidates["lon"].to_numpy(float))
    inside = candidates.assign(distance_km=np.round(dist / 1000.0, 3), target=name, system=row["id"])
    inside = inside[(dist <= range_m) & (dist >= min_m)].sort_values("distance_km").reset_index(drop=True)
    return area, inside
