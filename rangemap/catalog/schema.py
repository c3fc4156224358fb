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

__all__ = ["CITY_COLUMNS", "SITE_COLUMNS", "SYSTEM_COLUMNS", "check_bands", "check_table", "lookup_key",
           "sites_table"]

SYSTEM_COLUMNS = ["id", "name", "aliases", "class", "range_km", "range_low_km", "range_high_km", "min_range_km",
                  "source", "source_date", "note"]
SITE_COLUMNS = ["id", "name", "lat", "lon", "country", "kind", "source", "note"]
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
    """A validated ``id, name, lat, lon, note`` table from one with at least ``name, lat, lon``."""
    frame = check_table(frame.reset_index(drop=True), where, ["name", "lat", "lon"], numbers=["lat", "lon"],
                        required=["name", "lat", "lon"], lat_lon=True, unique=None)
    if "id" not in frame:
        frame["id"] = frame["name"]
    frame["note"] = frame["note"].fillna("") if "note" in frame else ""
    return frame[["id", "name", "lat", "lon", "note"]]
