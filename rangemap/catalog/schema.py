"""The catalog's schema: the columns of each table and the checks a table must pass, whatever its source.

A failed check raises :class:`~rangemap.errors.DataFileError` naming the file, the row (as the line
number in the file) and the column. Imports pandas and numpy only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from rangemap.errors import DataFileError

__all__ = ["CITY_COLUMNS", "FIGURES", "RANGE_KINDS", "SITE_COLUMNS", "SITE_FILE_COLUMNS", "SITE_KINDS",
           "SOURCE_COLUMNS", "SYSTEM_COLUMNS", "SYSTEM_FILE_COLUMNS", "check_bands", "check_figures", "check_kinds",
           "check_table", "lookup_key", "sites_table", "split_ids"]

#: Columns of data/systems.csv: each figure (range, band, minimum) has a kind and the source ids behind it.
SYSTEM_FILE_COLUMNS = ["id", "name", "aliases", "operator", "class", "platform",
                       "range_km", "range_kind", "range_sources", "range_low_km", "range_high_km", "band_kind",
                       "band_sources", "min_range_km", "min_range_kind", "min_range_sources", "note_sources", "note"]
#: Columns of the loaded systems table: the file's, then every source id cited, and readable citations.
SYSTEM_COLUMNS = [*SYSTEM_FILE_COLUMNS, "sources", "source", "source_short", "source_date"]
SITE_FILE_COLUMNS = ["id", "name", "lat", "lon", "country", "kind", "position", "position_source", "report_sources",
                     "note"]
SITE_COLUMNS = [*SITE_FILE_COLUMNS, "sources", "source", "source_short", "source_date"]
SOURCE_COLUMNS = ["id", "publisher", "title", "date", "address", "quote"]
#: How a range figure is known: claimed (by user, maker or a government), outside estimate, observed flight.
RANGE_KINDS = ("claim", "estimate", "observed")
SITE_KINDS = ("airbase", "launch town", "naval base", "reference point")
#: (figure columns, kind column, sources column) of systems.csv
FIGURES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("range_km",), "range_kind", "range_sources"),
    (("range_low_km", "range_high_km"), "band_kind", "band_sources"),
    (("min_range_km",), "min_range_kind", "min_range_sources"))
CITY_COLUMNS = ["geonameid", "name", "country", "admin1", "lat", "lon", "population"]


def lookup_key(text: object) -> str:
    """Lookup key: case, spaces and punctuation do not matter ("KN 23" finds "kn-23").

    >>> lookup_key("KN 23")
    'kn23'
    """
    return re.sub(r"[^0-9a-z]+", "", str(text).casefold())


def check_table(frame: pd.DataFrame, where: str, columns: list[str], *, numbers: Sequence[str] = (),
                required: Sequence[str] = (), lat_lon: bool = False, non_negative: Sequence[str] = (),
                unique: str | None = "id") -> pd.DataFrame:
    """Validate a table read from ``where``; raise DataFileError naming row (file line) and column."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataFileError(f"{where}: missing column {missing[0]!r} (expected {', '.join(columns)})")
    if frame.empty:
        raise DataFileError(f"{where}: no rows")
    frame = frame.copy()

    def show(value: Any) -> str:
        return repr(value.item() if hasattr(value, "item") else value)

    def fail(row: int, column: str, message: str) -> NoReturn:
        raise DataFileError(f"{where}, row {row + 2}, column {column!r}: {message}")

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


def check_bands(frame: pd.DataFrame, where: str) -> None:
    """Ranges positive, and range_low_km <= range_km <= range_high_km, min_range_km < range_km."""
    for row in frame.index:
        r, low, high = frame.at[row, "range_km"], frame.at[row, "range_low_km"], frame.at[row, "range_high_km"]
        minimum = frame.at[row, "min_range_km"] if "min_range_km" in frame else float("nan")
        problem = ("range_km", "must be positive") if not r > 0 else \
            ("range_low_km", f"{low} exceeds range_km {r}") if low > r else \
            ("range_high_km", f"{high} is below range_km {r}") if high < r else \
            ("min_range_km", f"{minimum} is not below range_km {r}") if minimum >= r else None
        if problem:
            raise DataFileError(f"{where}, row {row + 2}, column {problem[0]!r}: {problem[1]}")


def sites_table(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    """A validated ``id, name, lat, lon, note`` table from one with at least ``name, lat, lon``. Errors
    name rows by the frame's integer labels (+ 2: a file's line, when it skipped no lines), else position."""
    rows = frame if pd.api.types.is_integer_dtype(frame.index) else frame.reset_index(drop=True)
    frame = check_table(rows, where, ["name", "lat", "lon"], numbers=["lat", "lon"],
                        required=["name", "lat", "lon"], lat_lon=True, unique=None).reset_index(drop=True)
    if "id" not in frame:
        frame["id"] = frame["name"]
    frame["note"] = frame["note"].fillna("") if "note" in frame else ""
    return frame[["id", "name", "lat", "lon", "note"]]


def split_ids(text: object) -> list[str]:
    """Source ids from a cell like ``"a;b"`` (blank cells give none).

    >>> split_ids("tass-2015; ap-2022"), split_ids(float("nan"))
    (['tass-2015', 'ap-2022'], [])
    """
    return [] if not isinstance(text, str) else [t.strip() for t in text.split(";") if t.strip()]


def check_figures(frame: pd.DataFrame, where: str,
                  figures: tuple[tuple[tuple[str, ...], str, str], ...] = FIGURES) -> None:
    """Every figure (``figures``: (value columns, kind column, sources column), default systems.csv's) has a
    kind (claim, estimate, observed) and at least one source id; no kind or source without a figure; a band
    has both ends."""
    for values, kind_col, sources_col in figures:
        for row in frame.index:
            given = any(pd.notna(frame.at[row, v]) for v in values)
            kind, cited = frame.at[row, kind_col], split_ids(frame.at[row, sources_col])
            if given and kind not in RANGE_KINDS:
                raise DataFileError(f"{where}, row {row + 2}, column {kind_col!r}: {kind!r} is not one of "
                                    f"{', '.join(RANGE_KINDS)}")
            if given and not cited:
                raise DataFileError(f"{where}, row {row + 2}, column {sources_col!r}: a figure without a source")
            if not given and (pd.notna(kind) or cited):
                raise DataFileError(f"{where}, row {row + 2}, column {kind_col!r}: kind or source without a figure")
        if len(values) == 2:
            half = frame[values[0]].isna() != frame[values[1]].isna()
            for row in frame.index[half]:
                raise DataFileError(f"{where}, row {row + 2}, column {values[0]!r}: a band needs both ends")


def check_kinds(frame: pd.DataFrame, where: str, column: str, kinds: Sequence[str]) -> None:
    """Every value of ``column`` is one of ``kinds``."""
    for row in frame.index[~frame[column].isin(kinds)]:
        raise DataFileError(f"{where}, row {row + 2}, column {column!r}: {frame.at[row, column]!r} is not one of "
                            f"{', '.join(kinds)}")
