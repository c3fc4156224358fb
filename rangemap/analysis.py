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

__all__ = ["check", "check_lines", "envelope", "launch_area", "reach", "reach_from_area", "summary", "targets_in_reach"]

REACH_COLUMNS = ["system", "system_name", "site", "site_name", "lat", "lon", "range_m", "min_range_m", "band",
                 "source", "geometry"]
CHECK_COLUMNS = ["target", "site", "system", "distance_km", "range_km", "min_range_km", "in_reach", "margin_km",
                 "verdict", "system_name"]
TARGET_COLUMNS = ["name", "country", "admin1", "lat", "lon", "population", "distance_km", "system", "site"]
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


def is_nominal(reach_gdf) -> np.ndarray:
    """Boolean mask of the rows drawn at the nominal range (all rows of a table without a band)."""
    if "band" not in reach_gdf:
        return np.ones(len(reach_gdf), dtype=bool)
    return (reach_gdf["band"] == "nominal").to_numpy()


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
    return table.sort_values(["system", "distance_km"], kind="stable").reset_index(drop=True)


def summary(targets: pd.DataFrame) -> pd.DataFrame:
    """Cities and people within reach per system (from :func:`targets_in_reach`)."""
    grouped = targets.groupby("system", sort=False)
    return pd.DataFrame({"cities": grouped.size(), "population": grouped["population"].sum()}).reset_index()


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


def target_point(target) -> tuple[str, float, float]:
    """A target given as (lat, lon) or as a city name (the most populous city of that name)."""
    if isinstance(target, str):
        cities = catalog.cities()
        match = cities[cities["name"].str.casefold() == target.strip().casefold()]
        if match.empty:
            raise catalog.UnknownNameError(f"unknown target city {target!r}: give (lat, lon) or a city name "
                                           "from rangemap.cities()")
        city = match.sort_values("population", ascending=False).iloc[0]
        return f"{city['name']} ({city['country']})", float(city["lat"]), float(city["lon"])
    lat, lon = (float(v) for v in target)
    catalog.resolve_sites([(lat, lon)])  # validates the coordinates
    return f"{lat:.4f}, {lon:.4f}", lat, lon


def launch_area(target, system, *, sites=None, tolerance_m: float = 50.0):
    """Where ``system`` could reach ``target`` from: the reach ring around the target (distance is
    symmetric), and the named sites inside it with their distance to the target.

    Returns ``(geometry, sites_in_range)``; ``sites`` defaults to every catalog site.
    """
    name, lat, lon = target_point(target)
    row = catalog.resolve_systems([system]).iloc[0]
    range_m = float(row["range_km"]) * 1000.0
    min_m = 0.0 if pd.isna(row["min_range_km"]) else float(row["min_range_km"]) * 1000.0
    area = geodesy.reach_polygon(lat, lon, range_m, min_range_m=min_m, tolerance_m=tolerance_m)
    candidates = catalog.resolve_sites(sites if sites is not None else catalog.sites())
    dist = geodesy.distance_m(lat, lon, candidates["lat"].to_numpy(float), candidates["lon"].to_numpy(float))
    inside = candidates.assign(distance_km=np.round(dist / 1000.0, 3), target=name, system=row["id"])
    inside = inside[(dist <= range_m) & (dist >= min_m)].sort_values("distance_km").reset_index(drop=True)
    return area, inside


def reach_from_area(polygon, range_m: float, *, tolerance_m: float = 50.0):
    """Everything within ``range_m`` metres of anywhere in ``polygon`` (lon/lat): a geodesic buffer.

    The region itself, plus reach rings from points along its boundary spaced so that the scallops
    between neighbouring rings stay within ``tolerance_m / 2``; the rings themselves are drawn to
    ``tolerance_m / 2``. Straight lon/lat edges of the input are followed as drawn.
    """
    if range_m <= 0:
        raise geodesy.GeometryInputError(f"range_m {range_m!r} must be positive")
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


def check(target, systems=None, sites=None, at=None) -> pd.DataFrame:
    """Does each system reach ``target`` from each launch point? One row per (site, system).

    ``target``: a catalog site or city name, or ``(lat, lon)``. ``systems``: names and/or
    :func:`rangemap.catalog.custom_system` rows (default: every system in the catalog). ``sites``: anything
    :func:`reach` takes (site or city names, ``(lat, lon)`` pairs, a sites table); ``at``: one ``(lat, lon)``
    or a list of them, added to ``sites``. Distances are WGS84 geodesics in km. ``margin_km`` is how far
    inside the reach the target lies (negative: how far outside, beyond the range or inside the minimum);
    ``verdict`` is "in reach", "out of reach" or "too close".
    """
    if isinstance(target, str):
        point = catalog.place(target)
        name, lat, lon = point["name"], point["lat"], point["lon"]
    else:
        name, lat, lon = target_point(target)
    launch = []
    if sites is not None:
        launch.append(catalog.resolve_sites(sites))
    if at is not None:
        pairs = [at] if len(at) == 2 and not isinstance(at[0], (tuple, list)) else list(at)
        launch.append(catalog.resolve_sites([tuple(p) for p in pairs]))
    if not launch:
        raise catalog.UnknownNameError("no launch point given: give sites or at")
    launch = pd.concat(launch, ignore_index=True)
    rows = catalog.resolve_systems(catalog.systems()["id"].tolist() if systems is None else systems)
    dist_km = geodesy.distance_m(lat, lon, launch["lat"].to_numpy(float), launch["lon"].to_numpy(float)) / 1000.0
    d = np.repeat(np.atleast_1d(dist_km), len(rows))
    range_km = np.tile(rows["range_km"].to_numpy(float), len(launch))
    min_km = np.nan_to_num(np.tile(rows["min_range_km"].to_numpy(float), len(launch)), nan=0.0)
    beyond, inside_min = range_km - d, d - min_km
    margin = np.where(min_km > 0, np.minimum(beyond, inside_min), beyond)
    in_reach = (d <= range_km) & (d >= min_km)
    verdict = np.where(in_reach, "in reach", np.where(d > range_km, "out of reach", "too close"))
    return pd.DataFrame({
        "target": name, "site": np.repeat(launch["name"].to_numpy(), len(rows)),
        "system": np.tile(rows["id"].to_numpy(), len(launch)), "distance_km": d, "range_km": range_km,
        "min_range_km": min_km, "in_reach": in_reach, "margin_km": margin, "verdict": verdict,
        "system_name": np.tile(rows["name"].to_numpy(), len(launch)),
    })[CHECK_COLUMNS]


def _km(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") + " km"


def check_lines(table: pd.DataFrame) -> list[str]:
    """One sentence per row of :func:`check`, e.g. "Lviv is 881.9 km from Kursk: out of reach of
    Hwasong-11 (692 km) by 189.9 km"."""
    lines = []
    for r in table.itertuples(index=False):
        short = str(r.system_name).split(" (")[0]
        head = f"{r.target} is {r.distance_km:,.1f} km from {r.site}: "
        if r.verdict == "in reach":
            lines.append(head + f"in reach of {short} ({_km(r.range_km)}) with {r.margin_km:,.1f} km to spare")
        elif r.verdict == "out of reach":
            lines.append(head + f"out of reach of {short} ({_km(r.range_km)}) by {-r.margin_km:,.1f} km")
        else:
            lines.append(head + f"too close for {short} (minimum {_km(r.min_range_km)}) by {-r.margin_km:,.1f} km")
    return lines
