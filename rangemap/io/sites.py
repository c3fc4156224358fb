"""Sites files people bring: CSV tables and GeoJSON Points, read into a validated launch-point table.

CSV as spreadsheets write it: comma, semicolon or tab separated (sniffed, or Excel's ``sep=;`` line), UTF-8
with or without a byte-order mark, UTF-16 and Windows-1251 (as Excel saves it in Ukraine and Russia),
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

from rangemap import units
from rangemap.catalog.schema import sites_table
from rangemap.errors import CoordinateError, DataFileError

__all__ = ["COLUMN_ALIASES", "SITES_FILE_MAX_BYTES", "SITES_FILE_MAX_COLUMNS", "decode_text", "read_sites_file"]

#: Column names accepted for each column of a sites table (compared after trimming and casefolding, with
#: ``_`` and ``-`` read as spaces: "Site_Name" is "site name").
COLUMN_ALIASES = {
    "name": ("name", "site", "label", "site name", "place", "location"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "id": ("id",),
    "note": ("note", "notes", "comment"),
}
#: Largest sites file read (bytes; held in memory whole, about 6 times its size) and most columns in one.
SITES_FILE_MAX_BYTES = 250_000_000
SITES_FILE_MAX_COLUMNS = 1000
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


def read_sites_file(path, *, encoding: str | None = None) -> pd.DataFrame:
    """Launch points from a CSV (``name,lat,lon``, optional ``id,note``) or GeoJSON (Points with ``name``).

    The text encoding is found as :func:`decode_text` finds it, or given (``encoding="cp1251"``).
    Coordinates may be decimal degrees or as copied from an article (``50°36′N``): see
    :func:`rangemap.units.parse_coordinate`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > SITES_FILE_MAX_BYTES:
            raise DataFileError(f"sites file {str(path)!r} is {size / 1e6:,.0f} MB; at most "
                                f"{SITES_FILE_MAX_BYTES / 1e6:,.0f} MB (about 8 million sites): split it, or give "
                                f"places to check as a targets file")
        data = path.read_bytes()
    except OSError as err:
        raise DataFileError(f"cannot read sites file {str(path)!r}: {err.strerror or err}") from None
    text = decode_text(data, f"sites file {str(path)!r}", encoding)
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


def _refuse_long_rows(text: str, delimiter: str, path: Path, skipped: int = 0) -> None:
    """A row with more fields than the header would shift the columns (pandas reads the extra leading fields
    as an index: ``Kyiv,50.45,30.52,0,0`` under ``name,lat,lon`` became a site "30.52" at 0, 0): refuse it."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    header = next(reader, None)
    if header is None:
        return
    for row in reader:
        if len(row) > len(header):
            raise DataFileError(f"sites file {str(path)!r} line {reader.line_num + skipped}: {len(row)} fields but "
                                f"the header "
                                f"has {len(header)}; quote names that contain {delimiter!r}")


#: Encodings tried in turn when none is given and the file has no byte-order mark: UTF-8, then the
#: Windows code page that Excel uses for Cyrillic (Ukraine, Russia), accepted only if its letters are Cyrillic.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: A Latin letter beside a Cyrillic one in a word: another code page read as Windows-1251 ("Köln" as "Kцln").
_MIXED = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")


def decode_text(data: bytes, what: str, encoding: str | None = None) -> str:
    """Text of a file as spreadsheets save it: UTF-8 (with or without a byte-order mark), UTF-16 with its
    byte-order mark (Excel's "Unicode text"), or Windows-1251 (Excel's CSV on a Ukrainian or Russian
    system), unless ``encoding`` names one. :class:`DataFileError` naming ``what`` when none fits."""
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError:
            raise DataFileError(f"unknown encoding {encoding!r} for {what}: e.g. utf-8, cp1251, utf-16") from None
        except UnicodeDecodeError as err:
            raise DataFileError(f"{what} is not {encoding}: byte {err.start} cannot be read") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DataFileError(f"{what}: broken UTF-16 at byte {err.start}") from None
    if len(data) >= 4 and (data[1::2][:64].count(0) > 16 or data[0::2][:64].count(0) > 16):  # no BOM
        for candidate in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(candidate)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_error = err
    text = data.decode("cp1251", errors="replace")
    non_ascii = [c for c in text if ord(c) > 127]
    if non_ascii and "\ufffd" not in text and not _MIXED.search(text) and \
            sum(bool(_CYRILLIC.match(c)) for c in non_ascii) >= 0.8 * len(non_ascii):
        return text
    raise DataFileError(f"{what} is not UTF-8 (byte {utf8_error.start}) nor Cyrillic Windows-1251: save it as "
                        f"UTF-8 or give its encoding (--encoding)")


_SEP_LINE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


def _csv_frame(text: str, path: Path) -> pd.DataFrame:
    first, _, rest = text.partition("\n")
    excel_sep = _SEP_LINE.match(first.rstrip("\r"))
    if excel_sep:  # Excel's "sep=;" first line names the delimiter and is no header
        delimiter, text = excel_sep.group(1), rest
    else:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            first = text.lstrip().split("\n", 1)[0]
            delimiter = max(",;\t", key=first.count)
    skipped = 1 if excel_sep else 0
    header_fields = next(csv.reader(io.StringIO(text.lstrip("\r\n").split("\n", 1)[0]), delimiter=delimiter), [])
    if len(header_fields) > SITES_FILE_MAX_COLUMNS:
        raise DataFileError(f"sites file {str(path)!r} has {len(header_fields):,} columns; at most "
                            f"{SITES_FILE_MAX_COLUMNS:,}")
    _refuse_long_rows(text, delimiter, path, skipped)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], sep=delimiter,
                            skipinitialspace=True, skip_blank_lines=False)  # row numbers stay file lines
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataFileError(f"sites file {str(path)!r} is not valid CSV: {' '.join(str(err).split())}") from None
    frame.columns = _canonical_columns(list(frame.columns), path.name)
    frame.index = frame.index + skipped  # labels + 2 are the file's lines
    frame = frame.apply(lambda column: column.str.strip())
    frame = frame[~(frame.isna() | (frame == "")).all(axis=1)]  # blank lines and empty rows (",,,") are no sites
    if delimiter != ",":  # no thousands in a coordinate: "50,45" in a ;- or tab-separated file is 50.45
        for column in ("lat", "lon"):
            if column in frame:
                frame[column] = [v.replace(",", ".") if isinstance(v, str) and _DECIMAL_COMMA.match(v) else v
                                 for v in frame[column]]
    for column, axis in (("lat", "latitude"), ("lon", "longitude")):
        if column in frame:
            frame[column] = [_degrees(v, axis, path, line) for v, line in zip(frame[column], frame.index + 2)]
    return frame


def _degrees(value, axis: str, path: Path, line: int):
    """A coordinate cell as degrees if it is written as an article writes one (``50°36′N``, ``36.6E``);
    other cells are left for the table check, which names what is wrong."""
    if not isinstance(value, str) or not re.search(r"[°′″'\"NSEWnsew ]", value.strip()):
        return value
    try:
        degrees, found = units.parse_coordinate(value)
    except CoordinateError as err:
        raise DataFileError(f"{path.name}, row {line}, column {axis[:3]!r}: {err}") from None
    if found is not None and found != axis:
        raise DataFileError(f"{path.name}, row {line}, column {axis[:3]!r}: {value!r} is a {found}")
    return str(degrees)


def _geojson_frame(text: str, path: Path) -> pd.DataFrame:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataFileError(f"sites file {str(path)!r} is not valid JSON: {err.msg} at line {err.lineno}") from None
    except RecursionError:
        raise DataFileError(f"sites file {str(path)!r}: JSON nested too deeply to be GeoJSON points") from None
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
