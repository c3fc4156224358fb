"""Sites files people bring: CSV tables and GeoJSON Points, read into a validated launch-point table.

CSV as spreadsheets write it: comma, semicolon or tab separated (sniffed), a UTF-8 byte-order mark,
headers in any case with spaces around them, and the usual names for each column (``lat``/``latitude``/
``y``, ``lon``/``lng``/``long``/``longitude``/``x``, ``name``/``site``/``site name``/``label``…). Every problem is one
:class:`~rangemap.errors.DataFileError` naming the file and the row or feature.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

from rangemap.catalog.schema import sites_table
from rangemap.errors import DataFileError

__all__ = ["COLUMN_ALIASES", "read_sites_file"]

#: Column names accepted for each column of a sites table (compared after trimming and casefolding, with
#: ``_`` and ``-`` read as spaces: "Site_Name" is "site name").
COLUMN_ALIASES = {
    "name": ("name", "site", "label", "site name", "place", "location"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "id": ("id",),
    "note": ("note", "notes", "comment"),
}
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


def read_sites_file(path) -> pd.DataFrame:
    """Launch points from a CSV (``name,lat,lon``, optional ``id,note``) or GeoJSON (Points with ``name``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError(f"cannot read sites file {str(path)!r}: {getattr(err, 'strerror', None) or err}") from None
    if not text.strip():
        raise DataFileError(f"sites file {str(path)!r} is empty")
    if path.suffix.lower() in (".json", ".geojson") or text.lstrip().startswith("{"):
        frame = _geojson_frame(text, path)
        where = f"{path.name} (GeoJSON features, row = feature + 2)"
    else:
        frame = _csv_frame(text, path)
        where = path.name
        for column in ("name", "lat", "lon"):
            if column not in frame:
                found = ", ".join(repr(str(c)) for c in frame.columns if not str(c).startswith("Unnamed"))
                names = ", ".join(COLUMN_ALIASES[column])
                raise DataFileError(f"{where}: missing column {column!r}: call it one of {names} (any case); "
                                    f"found {found or 'none'}")
    return sites_table(frame, where)


def _canonical_columns(names, where: str) -> list[str]:
    """Column names with the one that gives each of ``name, lat, lon, id, note`` renamed to it: the
    column of that name (any case, spaces trimmed) if there is one, else the first alias in
    :data:`COLUMN_ALIASES` order; other columns keep their names."""
    keys = [" ".join(re.sub(r"[_-]", " ", str(name)).casefold().split()) for name in names]
    out = [str(name) for name in names]
    for column, aliases in COLUMN_ALIASES.items():
        found = next((keys.index(a) for a in aliases if a in keys), None)
        if found is not None:
            out[found] = column
    for column in COLUMN_ALIASES:
        if out.count(column) > 1:
            raise DataFileError(f"{where}: two columns are called {column!r}: keep one")
    return out


def _refuse_long_rows(text: str, delimiter: str, path: Path) -> None:
    """A row with more fields than the header would shift the columns (pandas reads the extra leading fields
    as an index: ``Kyiv,50.45,30.52,0,0`` under ``name,lat,lon`` became a site "30.52" at 0, 0): refuse it."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    header = next(reader, None)
    if header is None:
        return
    for row in reader:
        if len(row) > len(header):
            raise DataFileError(f"sites file {str(path)!r} line {reader.line_num}: {len(row)} fields but the header "
                                f"has {len(header)}; quote names that contain {delimiter!r}")


def _csv_frame(text: str, path: Path) -> pd.DataFrame:
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        first = text.lstrip().split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
    _refuse_long_rows(text, delimiter, path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], sep=delimiter,
                            skipinitialspace=True, skip_blank_lines=False)  # row numbers stay file lines
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataFileError(f"sites file {str(path)!r} is not valid CSV: {' '.join(str(err).split())}") from None
    frame.columns = _canonical_columns(list(frame.columns), path.name)
    frame = frame.apply(lambda column: column.str.strip())
    frame = frame[~(frame.isna() | (frame == "")).all(axis=1)]  # blank lines and empty rows (",,,") are no sites
    if delimiter != ",":  # no thousands in a coordinate: "50,45" in a ;- or tab-separated file is 50.45
        for column in ("lat", "lon"):
            if column in frame:
                frame[column] = [v.replace(",", ".") if isinstance(v, str) and _DECIMAL_COMMA.match(v) else v
                                 for v in frame[column]]
    return frame


def _geojson_frame(text: str, path: Path) -> pd.DataFrame:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataFileError(f"sites file {str(path)!r} is not valid JSON: {err.msg} at line {err.lineno}") from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise DataFileError(f"sites file {str(path)!r}: expected a GeoJSON FeatureCollection of Points")
    rows = []
    for i, feature in enumerate(features):
        where = f"{path.name}, feature {i}"
        if not isinstance(feature, dict):
            raise DataFileError(f"{where}: expected a GeoJSON Feature object, got {_kind(feature)}")
        geometry, props = feature.get("geometry"), feature.get("properties")
        props = {} if props is None else props
        if not isinstance(props, dict):
            raise DataFileError(f"{where}: properties must be an object, got {_kind(props)}")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            raise DataFileError(f"{where}: geometry must be a Point, got {_kind(geometry)}")
        coords = geometry.get("coordinates")
        if (not isinstance(coords, list) or len(coords) < 2
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2])):
            raise DataFileError(f"{where}: Point coordinates must be [longitude, latitude] numbers, got {coords!r}")
        names = dict(zip(_canonical_columns(list(props), where), props.values()))
        rows.append({"id": names.get("id", names.get("name")), "name": names.get("name"),
                     "lat": coords[1], "lon": coords[0], "note": names.get("note", "")})
    return pd.DataFrame(rows).astype({"lat": str, "lon": str})


def _kind(value) -> str:
    """A short description of a JSON value for a message: ``a list``, ``the string 'x'``."""
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, dict):
        return f"a {value.get('type')!r} object" if "type" in value else "an object"
    return {list: "a list", type(None): "nothing", bool: "a boolean"}.get(type(value), f"the number {value!r}")
