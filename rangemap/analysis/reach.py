"""Reach tables: one row per (system, launch site) with its exact reach geometry; envelopes; areas.

Built on the batch geodesy: every reach geometry of a table comes from one vectorized call.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from rangemap import catalog, geodesy, units
from rangemap.errors import CoordinateError, RangemapError

__all__ = ["REACH_COLUMNS", "area_reach", "envelope", "is_nominal", "km_or_zero_to_m", "reach", "reach_from_area"]

#: ``qualifier``: how the source words the nominal range ("about", "up to", "at least", "more than"; blank
#: for none or for a band end), for labels; the geometry is always drawn at ``range_m`` exactly.
REACH_COLUMNS = ["system", "system_name", "site", "site_name", "lat", "lon", "range_m", "min_range_m", "band",
                 "qualifier", "source", "geometry"]
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
                    "qualifier": _qualifier(sys_row) if level == "nominal" else "",
                    "source": sys_row["source"]} for level in names]
    where = pd.DataFrame({"site": site_rows["id"].to_numpy(), "site_name": site_rows["name"].to_numpy(),
                          "lat": site_rows["lat"].to_numpy(float), "lon": site_rows["lon"].to_numpy(float)})
    table = pd.DataFrame(levels).merge(where, how="cross")[REACH_COLUMNS[:-1]]  # every site for each level
    if not geometry:
        return table
    shapes = geodesy.reach_polygons(table["lat"].to_numpy(), table["lon"].to_numpy(), table["range_m"].to_numpy(),
                                      min_range_m=table["min_range_m"].to_numpy(), tolerance_m=tolerance_m)
    return gpd.GeoDataFrame(table, geometry=list(shapes), crs="EPSG:4326")[REACH_COLUMNS]


def area_reach(systems, areas, *, tolerance_m: float = 50.0) -> gpd.GeoDataFrame:
    """Reach of each system from anywhere in each catalog launch area (e.g. ``"caspian-launch-zone"``):
    a table like :func:`reach`'s, one row per (system, area), ``site`` the area id and ``lat, lon`` a
    point inside the area; the geometry is :func:`reach_from_area` of the area (minimum ranges are not
    applied to areas)."""
    system_rows = catalog.resolve_systems(systems)
    rows = []
    for area_id in [areas] if isinstance(areas, str) else list(areas):
        area = catalog.area(area_id)
        inside = area.geometry.representative_point()
        for _, sys_row in system_rows.iterrows():
            range_m = units.km_to_m(sys_row["range_km"])
            rows.append({"system": sys_row["id"], "system_name": sys_row["name"], "site": area["id"],
                         "site_name": area["name"], "lat": inside.y, "lon": inside.x, "range_m": range_m,
                         "min_range_m": 0.0, "band": "nominal", "qualifier": _qualifier(sys_row),
                         "source": sys_row["source"],
                         "geometry": reach_from_area(area.geometry, range_m, tolerance_m=tolerance_m)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")[REACH_COLUMNS]


def _qualifier(sys_row) -> str:
    """The row's ``range_qualifier`` ("" when blank or absent, e.g. a custom range)."""
    value = sys_row.get("range_qualifier", "")
    return "" if not isinstance(value, str) else value


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


def reach_from_area(area, range_m: float, *, tolerance_m: float = 50.0):
    """Everything within ``range_m`` metres of anywhere in ``area`` (lon/lat): a geodesic buffer.

    ``area`` is a shapely geometry (or a GeoJSON geometry mapping): Points, LineStrings (a front line),
    Polygons, their Multi forms or a collection of them. The result is the polygons themselves plus reach
    rings from points along every line and boundary, spaced so that the scallops between neighbouring
    rings stay within ``tolerance_m / 2``; the rings themselves are drawn to ``tolerance_m / 2``. Straight
    lon/lat edges of the input are followed as drawn; longitudes beyond ±180° are folded back, so the
    result lies within ±180°. Bad geometry, coordinates or distances raise one :class:`RangemapError`.
    """
    range_m = units.positive_metres(range_m, "range_m")
    tolerance_m = units.positive_metres(tolerance_m, "tolerance_m")
    area = _checked_area(area)
    parts = _flat_parts(area)
    points = [shapely.get_coordinates(p) for p in parts if p.geom_type == "Point"]
    polygons = [geodesy.fold_antimeridian(p if p.is_valid else shapely.make_valid(p))
                for p in parts if p.geom_type == "Polygon"]
    spacing_m = np.sqrt(8.0 * range_m * tolerance_m / 2.0)
    for xy in _area_lines(parts):
        seg = geodesy.distance_m(xy[:-1, 1], xy[:-1, 0], xy[1:, 1], xy[1:, 0])
        for (x1, y1), (x2, y2), length in zip(xy[:-1], xy[1:], seg):
            n = max(1, int(np.ceil(length / spacing_m)))
            t = np.arange(n) / n
            points.append(np.column_stack([x1 + t * (x2 - x1), y1 + t * (y2 - y1)]))
        points.append(xy[-1:])
    pts = np.concatenate(points)
    rings = geodesy.reach_polygons(pts[:, 1], pts[:, 0], range_m, tolerance_m=tolerance_m / 2.0)
    return geodesy.polygonal(shapely.union_all([*rings, *polygons]))


def _checked_area(area):
    """The area as a shapely geometry with finite coordinates and latitudes within ±90°."""
    if isinstance(area, dict):
        try:
            area = shapely.geometry.shape(area)
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as err:
            raise RangemapError(f"area: not a GeoJSON geometry ({err})") from None
    if not isinstance(area, shapely.Geometry):
        raise RangemapError(f"area: expected a shapely geometry or a GeoJSON geometry, got {type(area).__name__}")
    if area.is_empty:
        raise RangemapError("area is empty")
    xy = shapely.get_coordinates(area)
    bad = ~np.isfinite(xy).all(axis=1) | (np.abs(xy[:, 1]) > 90.0)
    if bad.any():
        lon, lat = (float(v) for v in xy[np.argmax(bad)])
        problem = "is not a finite number" if not np.isfinite([lon, lat]).all() else "has a latitude outside -90..90"
        raise CoordinateError(f"area: vertex (lon {lon!r}, lat {lat!r}) {problem}")
    return area


def _area_lines(parts) -> list[np.ndarray]:
    """Every line and polygon boundary among single-part geometries as an (n, 2) lon/lat array."""
    lines = []
    for part in parts:
        if part.geom_type == "Polygon":
            lines += [np.asarray(ring.coords) for ring in shapely.get_rings(part)]
        elif part.geom_type in ("LineString", "LinearRing"):
            lines.append(np.asarray(part.coords))
    return [xy for xy in lines if len(xy)]


def _flat_parts(area) -> list:
    """Single-part geometries of an area, collections opened at every level."""
    parts = list(shapely.get_parts(area))
    while any(p.geom_type.startswith(("Multi", "GeometryCollection")) for p in parts):
        parts = [q for p in parts for q in shapely.get_parts(p)]
    return [p for p in parts if not p.is_empty]
