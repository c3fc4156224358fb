"""Point tables from any path or frame, whole or in batches of bounded size: targets, assets, places.

A point table gives every row a position: a Point geometry (GeoDataFrame, GeoParquet, GeoPackage,
GeoJSON) or ``lat``/``lon`` columns (any case; also ``latitude``/``y`` and ``lon``/``lng``/``long``/
``longitude``/``x``). :func:`iter_point_batches` reads a file a batch at a time (pyarrow for Parquet and
CSV, pyogrio's Arrow stream for GDAL formats), so memory stays bounded whatever the file's size. Each
batch is a DataFrame of the attribute columns plus ``lat``/``lon`` (degrees, EPSG:4326), indexed by row
number in the file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio.errors as pyogrio_errors
import pyproj
import shapely

from rangemap.errors import DataFileError, RangemapError

__all__ = ["BATCH_ROWS", "count_rows", "require_arrow", "iter_point_batches", "iter_row_group", "point_frame", "read_points",
           "read_row_group", "row_groups"]

#: Rows per batch when reading files. The targets pipeline runs fastest per point with batches of
#: 100,000-250,000 (its arrays then stay in cache: 10 % faster than 1,000,000) and needs about 40 MB
#: of working memory per 100,000 points.
BATCH_ROWS = 125_000
_LAT_NAMES = ("lat", "latitude", "y")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x")
_PARQUET = (".parquet", ".geoparquet", ".pq")
_CSV = (".csv", ".tsv", ".txt")
_WGS84 = pyproj.CRS.from_epsg(4326)


def require_arrow(what: str) -> None:
    """Check that pyarrow (the optional extra ``rangemap[arrow]``, 170 MB) is installed: it streams targets
    files and writes Parquet. One line naming ``what`` needed it otherwise."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise RangemapError(f"{what} needs pyarrow, which is not installed: pip install 'rangemap[arrow]'") from None


def _find(columns, names) -> str | None:
    by_key = {str(c).strip().lower(): c for c in columns}
    return next((by_key[n] for n in names if n in by_key), None)


def _to_wgs84(x: np.ndarray, y: np.ndarray, crs) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes from coordinates in ``crs`` (None: already lon/lat)."""
    if crs is None:
        return x, y
    crs = pyproj.CRS.from_user_input(crs)
    if crs.equals(_WGS84, ignore_axis_order=True) or crs.to_string() in ("OGC:CRS84", "EPSG:4326"):
        return x, y
    lon, lat = pyproj.Transformer.from_crs(crs, _WGS84, always_xy=True).transform(x, y)
    return np.asarray(lon), np.asarray(lat)


def _from_geometry(geoms, crs, where: str) -> tuple[np.ndarray, np.ndarray]:
    geoms = np.asarray(geoms, dtype=object)
    kinds = shapely.get_type_id(geoms)
    if (kinds != 0).any():
        i = int(np.argmax(kinds != 0))
        raise DataFileError(f"{where}, row {i}: geometry must be a Point, not a {geoms[i].geom_type}"
                            if geoms[i] is not None else f"{where}, row {i}: missing geometry")
    lon, lat = _to_wgs84(shapely.get_x(geoms), shapely.get_y(geoms), crs)
    return np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)


def point_frame(frame: pd.DataFrame, where: str = "targets") -> pd.DataFrame:
    """The attribute columns of ``frame`` plus ``lat``/``lon`` in degrees (from its Point geometry, or
    from lat/lon columns under any of their usual names); the index is kept."""
    geometry = getattr(frame, "_geometry_column_name", None)
    if geometry is not None and geometry in frame:
        lat, lon = _from_geometry(frame[geometry].to_numpy(), getattr(frame, "crs", None), where)
        out = pd.DataFrame(frame.drop(columns=[geometry]))
    else:
        lat_col, lon_col = _find(frame.columns, _LAT_NAMES), _find(frame.columns, _LON_NAMES)
        if lat_col is None or lon_col is None:
            raise DataFileError(f"{where}: needs Point geometries or lat/lon columns; has {list(frame.columns)[:8]}")
        lat = pd.to_numeric(frame[lat_col], errors="coerce").to_numpy(float)
        lon = pd.to_numeric(frame[lon_col], errors="coerce").to_numpy(float)
        out = pd.DataFrame(frame.drop(columns=[c for c in (lat_col, lon_col) if c not in ("lat", "lon")]))
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90.0))
    if bad.any():
        i = int(np.argmax(bad))
        raise DataFileError(f"{where}, row {frame.index[i]}: latitude {float(lat[i])!r}, longitude {float(lon[i])!r} "
                            "is not a position (a missing geometry or coordinate reads as nan)")
    out["lat"], out["lon"] = lat, lon
    return out


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    return "parquet" if suffix in _PARQUET else "csv" if suffix in _CSV else "gdal"


def _geo_column(source, where: str) -> tuple[str | None, object, str]:
    """The GeoParquet primary geometry column of a ``pyarrow.parquet.ParquetFile``, its CRS and its
    encoding (``WKB``, or ``point`` for GeoParquet 1.1's native points)."""
    try:
        meta = json.loads((source.schema_arrow.metadata or {}).get(b"geo", b"{}"))
        geometry = meta.get("primary_column")
        column = (meta.get("columns", {}).get(geometry, {}) or {}) if geometry else {}
        crs, encoding = column.get("crs"), str(column.get("encoding", "WKB"))
    except (ValueError, AttributeError):
        raise DataFileError(f"{where}: its GeoParquet metadata ('geo') is not valid") from None
    if geometry is not None and geometry not in source.schema_arrow.names:
        raise DataFileError(f"{where}: GeoParquet names geometry column {geometry!r}, which the file lacks")
    return geometry, crs, encoding


def _parquet_frame(batch, geometry: str | None, crs, encoding: str, where: str) -> pd.DataFrame:
    frame = batch.drop_columns([geometry]).to_pandas() if geometry else batch.to_pandas()
    if geometry:
        column = batch.column(geometry)
        if encoding == "point":  # native: a struct of x, y (no decoding)
            import pyarrow.compute as pc

            x, y = (pc.struct_field(column, [i]).to_numpy(zero_copy_only=False).astype(float) for i in (0, 1))
            lon, lat = _to_wgs84(x, y, crs)
            frame["lat"], frame["lon"] = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        elif encoding.upper() == "WKB":
            geoms = shapely.from_wkb(column.to_numpy(zero_copy_only=False))
            frame["lat"], frame["lon"] = _from_geometry(geoms, crs, where)
        else:
            raise DataFileError(f"{where}: geometry column {geometry!r} holds {encoding} geometries; targets "
                                "must be Points")
    return frame


def _parquet_batches(path: Path, rows: int, groups: list[int] | None = None) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    geometry, crs, encoding = _geo_column(source, path.name)
    for batch in source.iter_batches(batch_size=rows, row_groups=groups):
        yield _parquet_frame(batch, geometry, crs, encoding, path.name)


def row_groups(path: str | os.PathLike) -> list[tuple[int, int]]:
    """(first row, rows) of each row group of a Parquet file, for reading them in parallel."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    return [(int(sum(sizes[:i])), int(n)) for i, n in enumerate(sizes)]


def read_row_group(path: str | os.PathLike, index: int | None, first_row: int = 0) -> pd.DataFrame:
    """One row group of a (Geo)Parquet file as a point batch, indexed by row number in the file
    (``index=None``: no rows, the columns only)."""
    import pyarrow.parquet as pq

    path = Path(path)
    source = pq.ParquetFile(path)
    geometry, crs, encoding = _geo_column(source, path.name)
    batch = source.schema_arrow.empty_table() if index is None else source.read_row_group(index)
    raw = _parquet_frame(batch, geometry, crs, encoding, path.name)
    raw.index = pd.RangeIndex(first_row, first_row + len(raw))
    return point_frame(raw, path.name)


def iter_row_group(path: str | os.PathLike, index: int, first_row: int = 0,
                   rows: int | None = None) -> Iterator[pd.DataFrame]:
    """One row group of a (Geo)Parquet file in point batches of about ``rows`` (default
    :data:`BATCH_ROWS`), indexed by row number in the file (the group starts at ``first_row``)."""
    path = Path(path)
    yield from _numbered(_parquet_batches(path, BATCH_ROWS if rows is None else rows, [index]), first_row, path.name)


def _numbered(raws: Iterator[pd.DataFrame], start: int, where: str) -> Iterator[pd.DataFrame]:
    """Point batches from raw ones, indexed by row number in the file from ``start``."""
    for raw in raws:
        raw.index = pd.RangeIndex(start, start + len(raw))
        start += len(raw)
        yield point_frame(raw, where)


def _csv_batches(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    import pyarrow.csv as pacsv

    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=max(1 << 20, rows * 64)),
                            parse_options=pacsv.ParseOptions(delimiter=delimiter),
                            convert_options=pacsv.ConvertOptions(column_types=_as_text(path, delimiter)))
    import pyarrow as pa

    for batch in reader:
        for field in batch.schema:  # pyarrow reads text that is not UTF-8 as bytes: say so instead
            if pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type):
                raise DataFileError(f"targets file {path.name!r}, column {field.name!r}: not UTF-8 text; save the "
                                    f"file as UTF-8")
        yield batch.to_pandas()


def _as_text(path: Path, delimiter: str) -> dict:
    """Column types for a CSV of points: identifiers (``id``, ``code``, ``*_id``, ``geonameid``, postcodes)
    read as the text they hold, so "007" stays "007", not 7; other columns as pyarrow infers them."""
    import csv

    import pyarrow as pa

    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            header = next(csv.reader(f, delimiter=delimiter), [])
    except OSError:
        return {}
    if header:
        header[0] = header[0].lstrip("\ufeff")
    return {name: pa.string() for name in header if _IDENTIFIER.fullmatch(name.strip().lower())}


_IDENTIFIER = re.compile(r"(?:.*[_ -])?(?:id|code|zip|postcode|iso)|geonameid|postal code")


def _gdal_batches(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    from pyogrio.raw import open_arrow

    with open_arrow(path, batch_size=rows, use_pyarrow=True) as (meta, reader):
        geometry = meta.get("geometry_name") or "wkb_geometry"
        for batch in reader:
            names = batch.schema.names
            frame = batch.drop_columns([geometry]).to_pandas() if geometry in names else batch.to_pandas()
            if geometry in names:
                geoms = shapely.from_wkb(batch.column(geometry).to_numpy(zero_copy_only=False))
                frame["lat"], frame["lon"] = _from_geometry(geoms, meta.get("crs"), path.name)
            yield frame


def iter_point_batches(path: str | os.PathLike, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """Batches of about ``rows`` points (default :data:`BATCH_ROWS`) from a CSV, GeoParquet/Parquet,
    GeoPackage, GeoJSON or any file GDAL reads: attribute columns plus ``lat``/``lon``, indexed by row
    number in the file."""
    rows = BATCH_ROWS if rows is None else rows
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"targets file {str(path)!r} does not exist or is not a file")
    reader = {"parquet": _parquet_batches, "csv": _csv_batches, "gdal": _gdal_batches}[_kind(path)]
    require_arrow(f"reading targets file {path.name!r} in batches")
    try:
        yield from _numbered(reader(path, rows), 0, path.name)
    except _UNREADABLE as err:
        if isinstance(err, DataFileError):
            raise
        raise DataFileError(f"cannot read targets file {path.name!r}: {_first_line(err)}") from None


def _first_line(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err).strip() else type(err).__name__
    return text if len(text) <= 200 else text[:200] + "…"


#: What reading someone's file may raise that says the file is broken: unreadable bytes, text that is not
#: UTF-8 (pyarrow), bad WKB (GEOS), a CRS that PROJ does not know, a format GDAL does not read.
_UNREADABLE = (OSError, ValueError, shapely.errors.ShapelyError, pyproj.exceptions.ProjError, RecursionError,
               *(getattr(pyogrio_errors, n) for n in ("DataSourceError", "DataLayerError", "FieldError",
                                                       "FeatureError", "GeometryError", "CRSError")))


def count_rows(path: str | os.PathLike) -> int | None:
    """Rows in a point file when its metadata says so cheaply (Parquet, GDAL formats), else None."""
    path = Path(path)
    try:
        if _kind(path) == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if _kind(path) == "gdal":
            import pyogrio

            count = int(pyogrio.read_info(path).get("features", -1))
            return count if count >= 0 else None
    except Exception:  # a count only feeds the progress bar
        return None
    return None


def read_points(path: str | os.PathLike) -> pd.DataFrame:
    """A whole point file as one frame (see :func:`iter_point_batches`)."""
    batches = list(iter_point_batches(path))
    return pd.concat(batches) if batches else pd.DataFrame(columns=["lat", "lon"])
