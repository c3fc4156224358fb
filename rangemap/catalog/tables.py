"""The catalog's tables: reported systems, named launch points, cities and borders, from any path.

``load_systems(path)``, ``load_sites(path)`` (both citing rows of the sources table), ``load_cities(path)``
and ``load_boundaries(path)`` read and validate a file (an error names file, row and column);
``systems()``, ``sites()``, ``cities()`` and ``boundaries()`` hand out copies of the tables shipped in
``rangemap/data``, read once per process.
"""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd

from rangemap.catalog.files import PathLike, as_path, file_name, read_text_table, shipped
from rangemap.catalog.schema import (
    CITY_COLUMNS,
    FIGURES,
    SITE_FILE_COLUMNS,
    SITE_KINDS,
    SYSTEM_FILE_COLUMNS,
    check_bands,
    check_figures,
    check_kinds,
    check_qualifiers,
    check_speakers,
    check_table,
)
from rangemap.catalog.sources import cite
from rangemap.errors import DataFileError

__all__ = ["boundaries", "cities", "load_boundaries", "load_cities", "load_sites", "load_systems", "shipped",
           "sites", "systems"]


def load_systems(path: PathLike, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Systems from a CSV with :data:`~rangemap.catalog.schema.SYSTEM_FILE_COLUMNS` (ranges in km), validated:
    every figure has a kind and cites rows of ``sources`` (default: the shipped sources table), which give
    the added ``sources``, ``source`` (publisher, title, date) and ``source_date`` columns."""
    path = as_path(path)
    where = file_name(path)
    frame = check_table(read_text_table(path), where, SYSTEM_FILE_COLUMNS,
                        numbers=["range_km", "range_low_km", "range_high_km", "min_range_km"],
                        required=["id", "name", "class", "range_km", "range_kind", "range_sources"],
                        non_negative=["range_km", "range_low_km", "range_high_km", "min_range_km"])
    check_bands(frame, where)
    check_figures(frame, where)
    for column in ("aliases", "operator", "platform", "note", "note_sources", "band_kind", "band_sources",
                   "min_range_kind", "min_range_sources", "range_qualifier", "range_as_given",
                   "range_speaker", "band_speaker", "min_range_speaker"):
        frame[column] = frame[column].fillna("")
    check_qualifiers(frame, where)
    check_speakers(frame, where)
    cite(frame, where, [c for _, _, c in FIGURES] + ["note_sources"], sources)
    return frame


def load_sites(path: PathLike, sources: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Named launch points from a CSV with :data:`~rangemap.catalog.schema.SITE_FILE_COLUMNS`, EPSG:4326;
    position and reports cite rows of ``sources`` (default: the shipped sources table)."""
    path = as_path(path)
    where = file_name(path)
    frame = check_table(read_text_table(path), where, SITE_FILE_COLUMNS, numbers=["lat", "lon"],
                        required=["id", "name", "lat", "lon", "country", "kind", "position", "position_source"],
                        lat_lon=True)
    check_kinds(frame, where, "kind", SITE_KINDS)
    frame["note"] = frame["note"].fillna("")
    frame["report_sources"] = frame["report_sources"].fillna("")
    cite(frame, where, ["position_source", "report_sources"], sources)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def load_cities(path: PathLike) -> gpd.GeoDataFrame:
    """Cities from a CSV with :data:`~rangemap.catalog.schema.CITY_COLUMNS`, EPSG:4326."""
    path = as_path(path)
    with path.open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"admin1": str, "name": str, "country": str}, keep_default_na=False)
    frame = check_table(frame, file_name(path), CITY_COLUMNS, numbers=["lat", "lon", "population"],
                        required=["name", "country"], lat_lon=True, non_negative=["population"],
                        unique="geonameid")
    frame["population"] = frame["population"].astype("int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def load_boundaries(path: PathLike) -> gpd.GeoDataFrame:
    """Country borders from a GeoJSON FeatureCollection with a ``name`` property, EPSG:4326."""
    path = as_path(path)
    with path.open("rb") as handle:
        frame = gpd.read_file(handle).set_crs("EPSG:4326", allow_override=True)
    bad = frame.index[~frame.is_valid]
    if len(bad):
        raise DataFileError(f"{file_name(path)}, feature {bad[0]} ({frame.at[bad[0], 'name']}): invalid geometry")
    return frame


@functools.cache
def _shipped_systems() -> pd.DataFrame:
    return load_systems(shipped("systems.csv"))


@functools.cache
def _shipped_sites() -> gpd.GeoDataFrame:
    return load_sites(shipped("sites.csv"))


@functools.cache
def _shipped_regions() -> pd.DataFrame:
    """GeoNames first-level regions: ``country, admin1, name, keys`` (folded names, "|"-separated)."""
    with shipped("regions.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@functools.cache
def _shipped_cities() -> gpd.GeoDataFrame:
    frame = load_cities(shipped("cities.csv"))
    names = _shipped_regions().set_index(["country", "admin1"])["name"]
    keys = pd.MultiIndex.from_arrays([frame["country"], frame["admin1"]])
    frame.insert(frame.columns.get_loc("admin1") + 1, "region",
                 names.reindex(keys).fillna("").to_numpy(object))
    return frame


@functools.cache
def _shipped_boundaries() -> gpd.GeoDataFrame:
    return load_boundaries(shipped("countries.geojson"))


def systems() -> pd.DataFrame:
    """All systems, one row each: ranges in km (``range_km`` is drawn by default), band, minimum, each figure's
    kind and sources, citations (``source``: publisher, title, date), note."""
    return _shipped_systems().copy()


def sites() -> gpd.GeoDataFrame:
    """Named launch points (bases, launch towns, reference points), each with its kind and sources, EPSG:4326."""
    return _shipped_sites().copy()


def cities() -> gpd.GeoDataFrame:
    """GeoNames populated places (CC BY 4.0), EPSG:4326: 15,000+ people worldwide and 1,000+ in the countries
    in play, sections of cities dropped, plus every national capital; ``region`` is the first-level region's
    name (oblast, state; ``admin1`` its GeoNames code), ``feature`` the GeoNames code, ``rank`` 1 label, 2 dot,
    3 count. :func:`rangemap.catalog.places.coverage` says what is counted in one line."""
    return _shipped_cities().copy()


def boundaries() -> gpd.GeoDataFrame:
    """Natural Earth country borders (public domain), Crimea within Ukraine, split at ±180°, EPSG:4326."""
    return _shipped_boundaries().copy()
