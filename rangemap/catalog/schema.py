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

from rangemap.errors import DataFileError, DistanceError, RangemapError
from rangemap.text import NAME_MAX_CHARS, NOT_A_NAME, check_name, printable
from rangemap.units import parse_distance

__all__ = ["CITY_COLUMNS", "FIGURES", "FLOOR_QUALIFIERS", "RANGE_KINDS", "RANGE_QUALIFIERS",
           "SITE_COLUMNS", "SITE_FILE_COLUMNS", "SITE_KINDS",
           "SOURCE_COLUMNS", "SOURCE_REQUIRED", "SPEAKERS", "SPEAKER_ROLES",
           "SYSTEM_COLUMNS", "SYSTEM_FILE_COLUMNS", "check_bands", "check_figures", "check_kinds",
           "check_qualifiers", "check_speakers", "check_table", "lookup_key", "sites_table", "speaker_role",
           "split_ids"]

#: Columns of data/systems.csv: each figure (range, band, minimum) has a kind and the source ids behind it.
SYSTEM_FILE_COLUMNS = ["id", "name", "aliases", "operator", "class", "platform",
                       "range_km", "range_kind", "range_qualifier", "range_as_given", "range_sources", "range_speaker",
                       "range_low_km", "range_high_km", "band_kind", "band_sources", "band_speaker",
                       "min_range_km", "min_range_kind", "min_range_sources", "min_range_speaker", "note_sources", "note"]
#: Columns of the loaded systems table: the file's, then every source id cited, and readable citations.
SYSTEM_COLUMNS = [*SYSTEM_FILE_COLUMNS, "sources", "source", "source_short", "source_date"]
SITE_FILE_COLUMNS = ["id", "name", "lat", "lon", "country", "kind", "position", "position_source", "report_sources",
                     "note"]
SITE_COLUMNS = [*SITE_FILE_COLUMNS, "sources", "source", "source_short", "source_date"]
#: Columns of data/sources.csv: publisher, title, date and address are the ORIGINAL's; where only a copy
#: could be read, ``read_via`` names the copy's publisher and ``read_via_address`` gives its address.
SOURCE_COLUMNS = ["id", "publisher", "title", "date", "address", "quote", "read_via", "read_via_address"]
#: Columns every source row must fill.
SOURCE_REQUIRED = ["id", "publisher", "title", "date", "address", "quote"]
#: How a range figure is known, by who is speaking: claim (maker, operator or supplier), estimate (anyone
#: else: adversaries, third countries, analysts, the press), observed (a measured flight).
RANGE_KINDS = ("claim", "estimate", "observed")
#: A figure's speaker is written ``"role: who"``; the role decides the kind.
SPEAKER_ROLES = {"maker": "claim", "operator": "claim", "supplier": "claim",
                 "adversary": "estimate", "third country": "estimate", "analyst": "estimate", "press": "estimate",
                 "measured": "observed"}
#: How the source words the drawn range (blank: as stated). "at least" and "more than" are floors: the
#: figure is the low edge of what the source says; "up to" is a ceiling; "about" an approximate figure.
RANGE_QUALIFIERS = ("about", "up to", "at least", "more than")
#: Qualifiers that make the figure a floor (drawn at the figure, printed and noted as a floor).
FLOOR_QUALIFIERS = ("at least", "more than")
SITE_KINDS = ("airbase", "launch town", "naval base", "reference point")
#: (figure columns, kind column, sources column) of systems.csv
FIGURES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("range_km",), "range_kind", "range_sources"),
    (("range_low_km", "range_high_km"), "band_kind", "band_sources"),
    (("min_range_km",), "min_range_kind", "min_range_sources"))
#: The speaker column of each figure, by kind column.
SPEAKERS = {"range_kind": "range_speaker", "band_kind": "band_speaker", "min_range_kind": "min_range_speaker"}
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
                        required=["name", "lat", "lon"], lat_lon=True, unique=None)
    given_ids = frame["id"].notna() if "id" in frame else pd.Series(False, index=frame.index)
    frame["id"] = frame["id"].fillna(frame["name"]) if "id" in frame else frame["name"]
    for column in ("name", "id"):  # names from other people's files: bounded, no control characters
        text = frame[column].astype(str).str.strip()
        bad = [len(t) > NAME_MAX_CHARS or NOT_A_NAME.search(t) is not None for t in text]  # 1M rows: 0.5 s
        for row in frame.index[np.asarray(bad, dtype=bool)]:
            try:
                check_name(frame.at[row, column], column)
            except RangemapError as err:
                raise DataFileError(f"{where}, row {row + 2}, column {column!r}: {err}") from None
        frame[column] = text
    for row in frame.index[frame["id"].duplicated(keep="first") & given_ids]:
        raise DataFileError(f"{where}, row {row + 2}, column 'id': {frame.at[row, 'id']!r} appears twice")
    taken = set(frame["id"])
    for row in frame.index[frame["id"].duplicated(keep="first") & ~given_ids]:  # one name, two places
        n, base = 2, frame.at[row, "id"]
        while f"{base} #{n}" in taken:
            n += 1
        frame.at[row, "id"] = f"{base} #{n}"
        taken.add(frame.at[row, "id"])
    frame = frame.reset_index(drop=True)
    frame["note"] = frame["note"].fillna("").map(printable) if "note" in frame else ""
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
            if given and pd.isna(kind):
                raise DataFileError(f"{where}, row {row + 2}, column {kind_col!r}: a figure without a kind (one of "
                                    f"{', '.join(RANGE_KINDS)})")
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


def check_qualifiers(frame: pd.DataFrame, where: str) -> None:
    """``range_qualifier`` is blank or one of :data:`RANGE_QUALIFIERS`; ``range_as_given`` (the source's own
    figure and unit, e.g. ``"430 mi"``) is blank or a distance that converts to ``range_km`` (to the metre)."""
    for row in frame.index:
        qualifier, given = frame.at[row, "range_qualifier"], frame.at[row, "range_as_given"]
        if qualifier and qualifier not in RANGE_QUALIFIERS:
            raise DataFileError(f"{where}, row {row + 2}, column 'range_qualifier': {qualifier!r} is not blank or one "
                                f"of {', '.join(RANGE_QUALIFIERS)}")
        if not given:
            continue
        try:
            km = parse_distance(given) / 1000
        except DistanceError as error:
            raise DataFileError(f"{where}, row {row + 2}, column 'range_as_given': {error}") from None
        if abs(km - frame.at[row, "range_km"]) > 0.001:
            raise DataFileError(f"{where}, row {row + 2}, column 'range_as_given': {given!r} is {km:.3f} km, "
                                f"not range_km {frame.at[row, 'range_km']}")


def speaker_role(speaker: str) -> str:
    """The role of a speaker written ``"role: who"`` (``"adversary: Ukraine's Air Force"`` → ``"adversary"``)."""
    return speaker.split(":", 1)[0].strip() if ":" in speaker else ""


def check_speakers(frame: pd.DataFrame, where: str) -> None:
    """A figure's speaker, where given, is ``"role: who"`` with a role of :data:`SPEAKER_ROLES`, and the role
    gives the figure's kind: maker, operator or supplier a claim; anyone else an estimate; a measured flight
    observed."""
    for kind_col, speaker_col in SPEAKERS.items():
        for row in frame.index:
            speaker = frame.at[row, speaker_col]
            if not speaker:
                continue
            role, who = speaker_role(speaker), speaker.split(":", 1)[-1].strip()
            if role not in SPEAKER_ROLES or not who:
                raise DataFileError(f"{where}, row {row + 2}, column {speaker_col!r}: {speaker!r} is not 'role: who' "
                                    f"with a role of {', '.join(SPEAKER_ROLES)}")
            kind = frame.at[row, kind_col]
            if not kind:
                raise DataFileError(f"{where}, row {row + 2}, column {speaker_col!r}: a speaker without a figure")
            if SPEAKER_ROLES[role] != kind:
                raise DataFileError(f"{where}, row {row + 2}, column {kind_col!r}: {kind!r}, but the speaker "
                                    f"{speaker!r} makes it {SPEAKER_ROLES[role]!r} (one rule for kinds: "
                                    "data/README.md)")
