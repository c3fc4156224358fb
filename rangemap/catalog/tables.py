"""The catalog's tables: reported systems, named launch points, cities and borders, from any path.

``load_systems(path)``, ``load_sites(path)``, ``load_cities(path)`` and ``load_boundaries(path)`` read
and validate a file (an error names file, row and column); ``systems()``, ``sites()``, ``cities()`` and
``boundaries()`` hand out copies of the tables shipped in ``rangemap/data``, read once per process.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from rangemap.catalog.schema import CITY_COLUMNS, SITE_COLUMNS, SYSTEM_COLUMNS, check_bands, check_table
from rangemap.errors import DataFileError

__all__ = ["boundaries", "cities", "load_boundaries", "load_cities", "load_sites", "load_systems", "shipped",
           "sites", "systems"]

PathLike = str | os.PathLike


def shipped(name: str):
    """A file shipped in ``rangemap/data`` (an importlib.resources Traversable)."""
    return importlib.resources.files("rangemap.data").joinpath(name)


def _read_text_table(path) -> pd.DataFrame:
    """A CSV with every cell as text (blank cells as NaN), for check_table to type."""
    try:
        with path.open(encoding="utf-8") as handle:
            return pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataFileError(f"cannot read {_name(path)!r}: {getattr(err, 'strerror', None) or err}") from None


def _name(path) -> str:
    return getattr(path, "name", str(path))


def load_systems(path: PathLike) -> pd.DataFrame:
    """Systems from a CSV with :data:`~rangemap.catalog.schema.SYSTEM_COLUMNS` (ranges in km), validated."""
    path = Path(path) if isinstance(path, (str, os.PathLike)) else path
    where = _name(path)
    frame = check_table(_read_text_table(path), where, SYSTEM_COLUMNS,
                        numbers=["range_km", "range_low_km", "range_high_km", "min_range_km"],
                        required=["id", "name", "class", "range_km", "source", "source_date"],
                        non_negative=["range_km", "range_low_km", "range_high_km", "min_range_km"])
    check_bands(frame, where)
    frame["aliases"] = frame["aliases"].fillna("")
    frame["note"] = frame["note"].fillna("")
    return frame


def load_sites(path: PathLike) -> gpd.GeoDataFrame:
    """Named launch points from a CSV with :data:`~rangemap.catalog.schema.SITE_COLUMNS`, EPSG:4326."""
    path = Path(path) if isinstance(path, (str, os.PathLike)) else path
    frame = check_table(_read_text_table(path), _name(path), SITE_COLUMNS, numbers=["lat", "lon"],
                        required=["id", "name", "lat", "lon", "country", "kind", "source"], lat_lon=True)
    frame["note"] = frame["note"].fillna("")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def load_cities(path: PathLike) -> gpd.GeoDataFrame:
    """Cities from a CSV with :data:`~rangemap.catalog.schema.CITY_COLUMNS`, EPSG:4326."""
    path = Path(path) if isinstance(path, (str, os.PathLike)) else path
    with path.open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"admin1": str, "name": str, "country": str}, keep_default_na=False)
    frame = check_table(frame, _name(path), CITY_COLUMNS, numbers=["lat", "lon", "population"],
                        required=["name", "country"], lat_lon=True, non_negative=["population"],
                        unique="geonameid")
    frame["population"] = frame["population"].astype("int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


def load_boundaries(path: PathLike) -> gpd.GeoDataFrame:
    """Country borders from a GeoJSON FeatureCollection with a ``name`` property, EPSG:4326."""
    path = Path(path) if isinstance(path, (str, os.PathLike)) else path
    with path.open("rb") as handle:
        frame = gpd.read_file(handle).set_crs("EPSG:4326", allow_override=True)
    bad = frame.index[~frame.is_valid]
    if len(bad):
        raise DataFileError(f"{_name(path)}, feature {bad[0]} ({frame.at[bad[0], 'name']}): invalid geometry")
    return frame


@functools.cache
def _shipped_systems() -> pd.DataFrame:
    return load_systems(shipped("systems.csv"))


@functools.cache
def _shipped_sites() -> gpd.GeoDataFrame:
    return load_sites(shipped("sites.csv"))


@functools.cache
def _shipped_cities() -> gpd.GeoDataFrame:
    return load_cities(shipped("cities.csv"))


@functools.cache
def _shipped_boundaries() -> gpd.GeoDataFrame:
    return load_boundaries(shipped("countries.geojson"))


def systems() -> pd.DataFrame:
    """All systems, one row each: ranges in km (``range_km`` is drawn by default), band, source, note."""
    return _shipped_systems().copy()


def sites() -> gpd.GeoDataFrame:
    """Named reference launch points (city centres, not claimed bases) as points in EPSG:4326."""
    return _shipped_sites().copy()


def cities() -> gpd.GeoDataFrame:
    """GeoNames populated places (CC BY 4.0), EPSG:4326: 1,000+ people in the countries in play, sections of
    cities dropped, plus every national capital; ``feature`` is the GeoNames code, ``rank`` 1 label, 2 dot, 3 count."""
    return _shipped_cities().copy()


def boundaries() -> gpd.GeoDataFrame:
    """Natural Earth country borders (public domain), Crimea within Ukraine, split at ±180°, EPSG:4326."""
    return _shipped_boundaries().copy()
