"""The catalog: reported systems, named launch points, borders and cities shipped in ``rangemap/data``.

Files are read once, validated on load (an error names file, row and column), and handed out as copies.
Systems and sites are found by id, alias or display name, case-insensitively, with "did you mean".
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re

import geopandas as gpd
import numpy as np
import pandas as pd

__all__ = ["CatalogError", "UnknownNameError", "boundaries", "cities", "site", "sites", "system", "systems"]

SYSTEM_COLUMNS = ["id", "name", "aliases", "class", "range_km", "range_low_km", "range_high_km", "min_range_km",
                  "source", "source_date", "note"]
SITE_COLUMNS = ["id", "name", "lat", "lon", "country", "kind", "source", "note"]
CITY_COLUMNS = ["geonameid", "name", "country", "admin1", "lat", "lon", "population"]


class CatalogError(ValueError):
    """A data file that breaks its schema; the message names the file, row and column."""


class UnknownNameError(ValueError):
    """A system or site that is not in the catalog; the message lists the closest names."""


def _data_file(name: str):
    return importlib.resources.files("rangemap.data").joinpath(name)


def _read_text_table(name: str) -> pd.DataFrame:
    """A shipped CSV with every cell as text (blank cells as NaN), for check_table to type."""
    with _data_file(name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, na_values=[""])


def _key(text: str) -> str:
    """Lookup key: case, spaces and punctuation do not matter ("KN 23" finds "kn-23")."""
    return re.sub(r"[^0-9a-z]+", "", str(text).casefold())


def check_table(frame: pd.DataFrame, where: str, columns: list[str], *, numbers=(), required=(),
                lat_lon=False, non_negative=(), unique="id") -> pd.DataFrame:
    """Validate a table read from ``where``; raise CatalogError naming row (file line) and column."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CatalogError(f"{where}: missing column {missing[0]!r} (expected {', '.join(columns)})")
    if frame.empty:
        raise CatalogError(f"{where}: no rows")
    frame = frame.copy()

    def show(value):
        return repr(value.item() if hasattr(value, "item") else value)

    def fail(row, column, message):
        raise CatalogError(f"{where}, row {row + 2}, column {column!r}: {message}")

    for column in numbers:
        text = frame[column].astype(str).str.strip()
        values = pd.to_numeric(frame[column], errors="coerce").astype(float)
        given = frame[column].notna() & (text != "")
        for row in frame.index[given & ~np.isfinite(values)]:
            fail(row, column, f"{frame.at[row, column]!r} is not a finite number")
        frame[column] = values
    for column in required:
        blank = frame[column].isna() | (frame[column].astype(str).str.strip() == "")
        for row in frame.index[blank]:
            fail(row, column, "is empty")
    for column in non_negative:
        for row in frame.index[frame[column] < 0]:
            fail(row, column, f"{show(frame.at[row, column])} is negative")
    if lat_lon:
        for row in frame.index[~frame["lat"].between(-90, 90)]:
            fail(row, "lat", f"{show(frame.at[row, 'lat'])} is outside -90..90")
        for row in frame.index[~frame["lon"].between(-180, 180)]:
            fail(row, "lon", f"{show(frame.at[row, 'lon'])} is outside -180..180")
    if unique:
        dup = frame[unique].duplicated()
        for row in frame.index[dup]:
            fail(row, unique, f"{show(frame.at[row, unique])} appears twice")
    return frame


def _check_bands(frame: pd.DataFrame, where: str) -> None:
    """Ranges positive, and range_low_km <= range_km <= range_high_km, min_range_km < range_km."""
    for row in frame.index:
        r, low, high = frame.at[row, "range_km"], frame.at[row, "range_low_km"], frame.at[row, "range_high_km"]
        minimum = frame.at[row, "min_range_km"] if "min_range_km" in frame else float("nan")
        problem = ("range_km", "must be positive") if not r > 0 else \
            ("range_low_km", f"{low} exceeds range_km {r}") if low > r else \
            ("range_high_km", f"{high} is below range_km {r}") if high < r else \
            ("min_range_km", f"{minimum} is not below range_km {r}") if minimum >= r else None
        if problem:
            raise CatalogError(f"{where}, row {row + 2}, column {problem[0]!r}: {problem[1]}")


@functools.cache
def _systems() -> pd.DataFrame:
    where = "systems.csv"
    frame = _read_text_table(where)
    frame = check_table(frame, where, SYSTEM_COLUMNS, numbers=["range_km", "range_low_km", "range_high_km",
                                                                "min_range_km"],
                        required=["id", "name", "class", "range_km", "source", "source_date"],
                        non_negative=["range_km", "range_low_km", "range_high_km", "min_range_km"])
    _check_bands(frame, where)
    frame["aliases"] = frame["aliases"].fillna("")
    frame["note"] = frame["note"].fillna("")
    frame.attrs["lookup"] = _index(frame, where, ["id", "name"], aliases=True)
    return frame


@functools.cache
def _sites() -> gpd.GeoDataFrame:
    where = "sites.csv"
    frame = _read_text_table(where)
    frame = check_table(frame, where, SITE_COLUMNS, numbers=["lat", "lon"],
                        required=["id", "name", "lat", "lon", "country", "kind", "source"], lat_lon=True)
    frame["note"] = frame["note"].fillna("")
    lookup = _index(frame, where, ["id", "name"])
    frame = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
    frame.attrs["lookup"] = lookup
    return frame


@functools.cache
def _cities() -> gpd.GeoDataFrame:
    where = "cities.csv"
    with _data_file(where).open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"admin1": str, "name": str, "country": str}, keep_default_na=False)
    frame = check_table(frame, where, CITY_COLUMNS, numbers=["lat", "lon", "population"],
                        required=["name", "country"], lat_lon=True, non_negative=["population"],
                        unique="geonameid")
    frame["population"] = frame["population"].astype("int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")


@functools.cache
def _boundaries() -> gpd.GeoDataFrame:
    with _data_file("countries.geojson").open("rb") as handle:
        frame = gpd.read_file(handle).set_crs("EPSG:4326", allow_override=True)
    bad = frame.index[~frame.is_valid]
    if len(bad):
        raise CatalogError(f"countries.geojson, feature {bad[0]} ({frame.at[bad[0], 'name']}): invalid geometry")
    return frame


def _index(frame, where, columns, aliases=False) -> dict[str, str]:
    """Map every lookup key (id, name, aliases) to its row id; a key used by two rows is an error."""
    keys: dict[str, str] = {}
    for row in frame.index:
        names = [frame.at[row, c] for c in columns]
        if aliases:
            names += [a for a in str(frame.at[row, "aliases"]).split(";") if a.strip()]
        for name in names:
            key = _key(name)
            if keys.get(key, frame.at[row, "id"]) != frame.at[row, "id"]:
                raise CatalogError(f"{where}, row {row + 2}: name {name!r} also names {keys[key]!r}")
            keys[key] = frame.at[row, "id"]
    return keys


def _resolve(kind: str, name: str) -> str:
    keys = (_systems() if kind == "system" else _sites()).attrs["lookup"]
    found = keys.get(_key(name))
    if found is None:
        ids = sorted(set(keys.values()))
        close = difflib.get_close_matches(_key(name), keys, n=5, cutoff=0.5)
        guesses = list(dict.fromkeys(keys[c] for c in close))[:3]
        hint = f"did you mean {', '.join(guesses)}?" if guesses else f"known: {', '.join(ids)}"
        raise UnknownNameError(f"unknown {kind} {name!r}: {hint}")
    return found


def systems() -> pd.DataFrame:
    """All systems, one row each: ranges in km (``range_km`` is drawn by default), band, source, note."""
    return _systems().copy()


def sites() -> gpd.GeoDataFrame:
    """Named reference launch points (city centres, not claimed bases) as points in EPSG:4326."""
    return _sites().copy()


def cities() -> gpd.GeoDataFrame:
    """GeoNames cities of at least 15,000 people in the countries in play (CC BY 4.0), EPSG:4326."""
    return _cities().copy()


def boundaries() -> gpd.GeoDataFrame:
    """Natural Earth country borders (public domain), Crimea within Ukraine, split at ±180°, EPSG:4326."""
    return _boundaries().copy()


def system(name: str) -> pd.Series:
    """One system by id, alias or name, case-insensitive (``"KN-23"`` finds Hwasong-11)."""
    frame = _systems()
    return frame.loc[frame["id"] == _resolve("system", name)].iloc[0].copy()


def site(name: str) -> pd.Series:
    """One named launch point by id or name, case-insensitive."""
    frame = _sites()
    return frame.loc[frame["id"] == _resolve("site", name)].iloc[0].copy()


class SitesFileError(ValueError):
    """A user sites file that cannot be read: the message names the file and the problem."""


def resolve_systems(systems) -> pd.DataFrame:
    """Catalog rows for one name or a list of names (ids, aliases or display names), in the order given."""
    names = [systems] if isinstance(systems, str) else list(systems)
    if not names:
        raise UnknownNameError("no system given")
    frame = _systems()
    ids = list(dict.fromkeys(_resolve("system", n) for n in names))
    return frame.set_index("id").loc[ids].reset_index()


def _sites_table(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    """A validated ``id, name, lat, lon, note`` table from one with at least ``name, lat, lon``."""
    frame = check_table(frame.reset_index(drop=True), where, ["name", "lat", "lon"], numbers=["lat", "lon"],
                        required=["name", "lat", "lon"], lat_lon=True, unique=None)
    if "id" not in frame:
        frame["id"] = frame["name"]
    frame["note"] = frame["note"].fillna("") if "note" in frame else ""
    return frame[["id", "name", "lat", "lon", "note"]]


def resolve_sites(sites) -> pd.DataFrame:
    """Launch points as a table ``id, name, lat, lon, note``.

    ``sites`` is a site name, a list of names and/or ``(lat, lon)`` pairs, or a (Geo)DataFrame with
    ``name, lat, lon`` columns (e.g. from :func:`read_sites_file`).
    """
    if isinstance(sites, pd.DataFrame):
        return _sites_table(sites, "sites")
    items = [sites] if isinstance(sites, (str, tuple)) else list(sites)
    if not items:
        raise UnknownNameError("no launch site given")
    rows = []
    for item in items:
        if isinstance(item, str):
            row = site(item)
            rows.append({k: row[k] for k in ("id", "name", "lat", "lon", "note")})
        else:
            lat, lon = (float(v) for v in item)
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise CatalogError(f"launch point ({lat}, {lon}) is outside -90..90, -180..180")
            label = f"{lat:.4f}, {lon:.4f}"
            rows.append({"id": label, "name": label, "lat": lat, "lon": lon, "note": "given as coordinates"})
    return pd.DataFrame(rows)


def read_sites_file(path) -> pd.DataFrame:
    """Launch points from a CSV (``name,lat,lon``, optional ``id,note``) or GeoJSON (Points with ``name``)."""
    import json
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SitesFileError(f"cannot read sites file {str(path)!r}: {getattr(err, 'strerror', None) or err}") from None
    if not text.strip():
        raise SitesFileError(f"sites file {str(path)!r} is empty")
    if path.suffix.lower() in (".json", ".geojson") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SitesFileError(f"sites file {str(path)!r} is not valid JSON: {err.msg} at line {err.lineno}") from None
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list) or not features:
            raise SitesFileError(f"sites file {str(path)!r}: expected a GeoJSON FeatureCollection of Points")
        rows = []
        for i, feature in enumerate(features):
            geometry = (feature or {}).get("geometry") or {}
            props = (feature or {}).get("properties") or {}
            coords = geometry.get("coordinates")
            if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
                raise SitesFileError(f"{path.name}, feature {i}: geometry must be a Point")
            rows.append({"id": props.get("id", props.get("name")), "name": props.get("name"),
                         "lat": coords[1], "lon": coords[0], "note": props.get("note", "")})
        frame = pd.DataFrame(rows).astype({"lat": str, "lon": str})
        where = f"{path.name} (GeoJSON features, row = feature + 2)"
    else:
        import io
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise SitesFileError(f"sites file {str(path)!r} is not valid CSV: {err}") from None
        where = path.name
    try:
        return _sites_table(frame, where)
    except CatalogError as err:
        raise SitesFileError(str(err)) from None
