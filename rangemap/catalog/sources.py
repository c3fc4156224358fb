"""Provenance: the sources every figure, site and area cites by id (``data/sources.csv``), and citations.

A citation is ``Publisher, “Title”, date``: publisher, title and date, never a file path.
"""

from __future__ import annotations

import difflib
import functools
import re

import pandas as pd

from rangemap.catalog.files import PathLike, as_path, file_name, read_text_table, shipped
from rangemap.catalog.schema import SOURCE_COLUMNS, SOURCE_REQUIRED, check_table, split_ids
from rangemap.errors import DataFileError, UnknownNameError

__all__ = ["citation", "cite", "short_citation", "load_sources", "source", "sources"]

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_sources(path: PathLike) -> pd.DataFrame:
    """Sources from a CSV with :data:`~rangemap.catalog.schema.SOURCE_COLUMNS`, validated: every cell given,
    ``date`` as YYYY, YYYY-MM or YYYY-MM-DD, ``address`` a web address."""
    path = as_path(path)
    where = file_name(path)
    frame = check_table(read_text_table(path), where, SOURCE_COLUMNS, required=SOURCE_REQUIRED)
    for column in ("read_via", "read_via_address"):
        frame[column] = frame[column].fillna("")
    for row in frame.index:
        via, via_address = frame.at[row, "read_via"], frame.at[row, "read_via_address"]
        if bool(via) != bool(via_address):
            raise DataFileError(f"{where}, row {row + 2}, column 'read_via': a copy needs both its publisher "
                                "(read_via) and its address (read_via_address)")
        if via_address and not re.match(r"^https?://\S+$", via_address):
            raise DataFileError(f"{where}, row {row + 2}, column 'read_via_address': {via_address!r} is not a web "
                                "address")
        date, address = frame.at[row, "date"], frame.at[row, "address"]
        if not _ISO_DATE.match(date):
            raise DataFileError(f"{where}, row {row + 2}, column 'date': {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if not re.match(r"^https?://\S+$", address):
            raise DataFileError(f"{where}, row {row + 2}, column 'address': {address!r} is not a web address")
    return frame


@functools.cache
def _shipped_sources() -> pd.DataFrame:
    return load_sources(shipped("sources.csv"))


def sources() -> pd.DataFrame:
    """The sources every figure and site cites: ``id, publisher, title, date, address, quote, read_via,
    read_via_address`` (publisher, title, date and address are the original's; ``read_via`` names the copy
    that was read where only a copy could be, blank otherwise).

    ``quote`` holds the source's own words for the figures it backs (passages joined by " … ")."""
    return _shipped_sources().copy()


def source(source_id: str) -> pd.Series:
    """One source row by id."""
    frame = _shipped_sources()
    match = frame[frame["id"] == source_id]
    if match.empty:
        close = difflib.get_close_matches(source_id, list(frame["id"]), n=3)
        raise UnknownNameError(f"unknown source {source_id!r}" + (f": did you mean {', '.join(close)}?" if close else ""))
    return match.iloc[0].copy()


def citation(row) -> str:
    """``Publisher, “Title”, date`` for one sources row, with ``(read via Copy)`` where only a copy was read."""
    via = row.get("read_via") or ""
    return f"{row['publisher']}, “{row['title']}”, {row['date']}" + (f" (read via {via})" if via else "")


def short_citation(row) -> str:
    """``Publisher · date`` for one sources row, for figure legends where a title does not fit."""
    return f"{row['publisher']} · {row['date']}"


def cite(frame: pd.DataFrame, where: str, columns: list[str], known: pd.DataFrame | None = None) -> None:
    """Add ``sources`` (every id cited, in order), ``source`` (citations: publisher, title, date),
    ``source_short`` (publisher and date, `` | ``-separated) and ``source_date`` in place from
    the ids in ``columns``; ``known`` is the sources table (default: the shipped one). An unknown id is an
    error naming row and column."""
    table = _shipped_sources() if known is None else known
    rows = {r["id"]: r for r in table.to_dict("records")}  # plain dicts: fast lookups
    cells = {column: frame[column].tolist() for column in columns}
    cited_rows, texts, shorts, dates = [], [], [], []
    for k, row in enumerate(frame.index):
        ids = []
        for column in columns:
            for source_id in split_ids(cells[column][k]):
                if source_id not in rows:
                    raise DataFileError(f"{where}, row {row + 2}, column {column!r}: unknown source {source_id!r} "
                                        "(see sources.csv)")
                ids.append(source_id)
        ids = list(dict.fromkeys(ids))
        cited_rows.append(";".join(ids))
        texts.append("; ".join(citation(rows[i]) for i in ids))
        shorts.append(" | ".join(dict.fromkeys(short_citation(rows[i]) for i in ids)))
        dates.append("; ".join(dict.fromkeys(str(rows[i]["date"]) for i in ids)))
    frame["sources"], frame["source"], frame["source_short"], frame["source_date"] = cited_rows, texts, shorts, dates
