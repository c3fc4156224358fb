"""Tables as text for the command line: csv (the data file's columns), json (records) or an aligned table,
with the sources a table cites listed by publisher, title, date and address."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rangemap import catalog, units
from rangemap.io.tables import printable_frame, spreadsheet_frame

__all__ = ["PERFORMANCE_COLUMNS", "cep_text", "flight_text", "scenarios_text", "sites_table", "sources_list",
           "systems_table", "table_text", "with_performance"]

#: Columns :func:`with_performance` adds to the systems table: flight model and latest CEP as text, and the
#: source ids behind them.
PERFORMANCE_COLUMNS = ["flight", "cep", "performance_sources"]


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
    """The systems table as shown: range (km and mi, with the source's qualifier: "more than 250 km (155 mi)"),
    its kind, band and minimum in km, source ids."""
    out = frame[["id", "name", "class"]].copy()
    out["range"] = [units.stated_distance(units.km_to_m(km), q) for km, q in
                    zip(frame["range_km"], frame.get("range_qualifier", pd.Series("", index=frame.index)))]
    out["kind"] = frame["range_kind"]
    out["band_km"] = [f"{lo:,.0f}-{hi:,.0f}" if lo == lo and hi == hi else "" for lo, hi in
                      zip(frame["range_low_km"], frame["range_high_km"])]
    out["min_km"] = [f"{m:,.0f}" if m == m else "" for m in frame["min_range_km"]]
    out["sources"] = frame["sources"].str.replace(";", " ")
    if "flight" in frame:
        out["flight"], out["cep"] = frame["flight"], frame["cep"]
    return out


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def flight_text(row) -> str:
    """A flight-model row (:func:`rangemap.catalog.flight_models`) as text: "ballistic", "ballistic, apogee
    50 km (observed)", "cruise 185 km/h (estimate)" or "cruise, speed unknown"."""
    if row["model"] == "cruise":
        speed = row["speed_kmh"]
        return f"cruise {_number(speed)} km/h ({row['speed_kind']})" if speed == speed else "cruise, speed unknown"
    apogee = row["apogee_km"]
    return f"ballistic, apogee {_number(apogee)} km ({row['apogee_kind']})" if apogee == apogee else "ballistic"


def cep_text(figure: dict) -> str:
    """One CEP figure (:func:`rangemap.catalog.accuracy`) as text: "50-100 m (estimate, 2025-02-06)"."""
    parts = []
    if figure["cep_m"] is not None:
        parts.append(f"{_number(figure['cep_m'])} m")
    if figure["cep_low_m"] is not None:
        band = f"{_number(figure['cep_low_m'])}-{_number(figure['cep_high_m'])} m"
        parts.append(f"(band {band})" if parts else band)
    return f"{' '.join(parts)} ({figure['kind']}, {figure['date']})"


def with_performance(frame: pd.DataFrame) -> pd.DataFrame:
    """The systems table with :data:`PERFORMANCE_COLUMNS`: ``flight`` (:func:`flight_text`, "unknown" for a
    system without a flight row), ``cep`` (the latest figure, :func:`cep_text`, blank when none is sourced)
    and ``performance_sources`` (the source ids of both)."""
    models = catalog.flight_models()
    flight, cep, cited = [], [], []
    for system_id in frame["id"]:
        known = system_id in models.index
        flight.append(flight_text(models.loc[system_id]) if known else "unknown")
        latest = catalog.accuracy(system_id) if known else []
        cep.append(cep_text(latest[0]) if latest else "")
        ids = (models.at[system_id, "sources"].split(";") if known else []) + \
            (latest[0]["sources"].split(";") if latest else [])
        cited.append(";".join(dict.fromkeys(i for i in ids if i)))
    return frame.assign(flight=flight, cep=cep, performance_sources=cited)


def sites_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The sites table as shown: position, country, kind and source ids."""
    return frame[["id", "name", "lat", "lon", "country", "kind"]].assign(sources=frame["sources"].str.replace(";", " "))


def sources_list(frame: pd.DataFrame) -> str:
    """The sources a table cites, one per line: [id] publisher, “title”, date — address, and where only a
    copy was read, "read via" the copy — its address."""
    known = catalog.sources().set_index("id")
    cells = list(frame["sources"]) + (list(frame["performance_sources"]) if "performance_sources" in frame else [])
    ids = dict.fromkeys(i for cell in cells for i in cell.split(";") if i)

    def via(i: str) -> str:
        name, address = known.at[i, "read_via"], known.at[i, "read_via_address"]
        if not name:
            return ""
        return f" (read via {name})" if address == known.at[i, "address"] else f" (read via {name} — {address})"

    return "\nSources:\n" + "".join(f"[{i}] {known.at[i, 'publisher']}, “{known.at[i, 'title']}”, "
                                     f"{known.at[i, 'date']} — {known.at[i, 'address']}{via(i)}\n" for i in ids)


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
