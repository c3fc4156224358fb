"""Tables as text for the command line: csv (the data file's columns), json (records) or an aligned table,
with the sources a table cites listed by publisher, title, date and address."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rangemap import catalog, units
from rangemap.io.tables import printable_frame, spreadsheet_frame

__all__ = ["scenarios_text", "sites_table", "sources_list", "systems_table", "table_text"]


def table_text(frame: pd.DataFrame, columns: list[str], fmt: str,
               table_columns: Callable[[pd.DataFrame], pd.DataFrame] | None) -> str:
    """``frame[columns]`` as csv, json or (``fmt="table"``) ``table_columns(frame)`` aligned."""
    frame = frame[columns]
    if fmt == "csv":  # formulas kept as text, control characters shown as U+FFFD
        return spreadsheet_frame(frame).to_csv(index=False, lineterminator="\n")
    if fmt == "json":  # JSON escapes control characters itself
        return frame.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    shown = frame if table_columns is None else table_columns(frame)
    return printable_frame(shown).to_string(index=False) + "\n"


def systems_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The systems table as shown: range (km and mi), its kind, band and minimum in km, source ids."""
    out = frame[["id", "name", "class"]].copy()
    out["range"] = [units.format_distance(units.km_to_m(km)) for km in frame["range_km"]]
    out["kind"] = frame["range_kind"]
    out["band_km"] = [f"{lo:,.0f}-{hi:,.0f}" if lo == lo and hi == hi else "" for lo, hi in
                      zip(frame["range_low_km"], frame["range_high_km"])]
    out["min_km"] = [f"{m:,.0f}" if m == m else "" for m in frame["min_range_km"]]
    out["sources"] = frame["sources"].str.replace(";", " ")
    return out


def sites_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The sites table as shown: position, country, kind and source ids."""
    return frame[["id", "name", "lat", "lon", "country", "kind"]].assign(sources=frame["sources"].str.replace(";", " "))


def sources_list(frame: pd.DataFrame) -> str:
    """The sources a table cites, one per line: [id] publisher, “title”, date — address."""
    known = catalog.sources().set_index("id")
    ids = dict.fromkeys(i for cell in frame["sources"] for i in cell.split(";") if i)
    return "\nSources:\n" + "".join(f"[{i}] {known.at[i, 'publisher']}, “{known.at[i, 'title']}”, "
                                     f"{known.at[i, 'date']} — {known.at[i, 'address']}\n" for i in ids)


def scenarios_text(frame: pd.DataFrame, fmt: str) -> str:
    """The scenarios table (:func:`rangemap.catalog.scenarios`): a paragraph each, csv (lists joined by ";")
    or json."""
    if fmt == "table":
        return "".join(f"{row.name}: {row.title}\n  systems: {', '.join(row.systems)}\n  sites: {', '.join(row.sites)}"
                       + (f"\n  areas: {', '.join(row.areas)}" if row.areas else "") + f"\n  {row.description}\n\n"
                       for row in frame.itertuples(index=False))
    if fmt == "csv":
        flat = frame.assign(**{k: frame[k].map(";".join) for k in ("systems", "sites", "areas")})
        return flat.to_csv(index=False, lineterminator="\n")
    return frame.to_json(orient="records", force_ascii=False, indent=1) + "\n"
