"""Reported launch areas (e.g. the Caspian Sea launch zone): polygons with their sources (``data/areas.geojson``).

Draw one with :func:`rangemap.reach_from_area`.
"""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd

from rangemap.catalog.files import PathLike, as_path, file_name, shipped
from rangemap.catalog.schema import check_table
from rangemap.catalog.sources import cite
from rangemap.errors import DataFileError, UnknownNameError

__all__ = ["AREA_COLUMNS", "area", "areas", "load_areas"]

AREA_COLUMNS = ["id", "name", "kind", "sources", "note"]


def load_areas(path: PathLike, sources: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Launch areas from a GeoJSON FeatureCollection of polygons with :data:`AREA_COLUMNS` properties,
    EPSG:4326; ``sources`` ids cite rows of ``sources`` (default: the shipped sources table)."""
    path = as_path(path)
    where = file_name(path) + " (row = feature + 2)"
    with path.open("rb") as handle:
        frame = gpd.read_file(handle).set_crs("EPSG:4326", allow_override=True)
    frame = check_table(pd.DataFrame(frame), where, AREA_COLUMNS, required=["id", "name", "kind", "sources"])
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    bad = frame.index[~frame.is_valid | ~frame.geom_type.isin(["Polygon", "MultiPolygon"])]
    if len(bad):
        raise DataFileError(f"{file_name(path)}, feature {bad[0]}: geometry must be a valid polygon")
    cite(frame, where, ["sources"], sources)
    return frame


@functools.cache
def _shipped_areas() -> gpd.GeoDataFrame:
    return load_areas(shipped("areas.geojson"))


def areas() -> gpd.GeoDataFrame:
    """Reported launch areas as polygons in EPSG:4326, with sources."""
    return _shipped_areas().copy()


def area(area_id: str) -> pd.Series:
    """One launch area by id."""
    frame = _shipped_areas()
    match = frame[frame["id"] == area_id]
    if match.empty:
        raise UnknownNameError(f"unknown area {area_id!r}: known: {', '.join(frame['id'])}")
    return match.iloc[0].copy()
