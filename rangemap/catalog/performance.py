"""How each catalog system flies and how precisely it lands: flight models and dated CEP figures, with sources.

``load_flight_models(path)`` reads a table like ``data/flight.csv`` (one row per catalog system:
``ballistic`` with a reported apogee where one describes the flight, or ``cruise`` with a sourced speed;
unknown stays blank), ``load_accuracy(path)`` one like ``data/accuracy.csv`` (one row per dated CEP figure
or band). Both are validated (an error names file, row and column) and cite rows of the sources table.
``flight_models()`` and ``accuracy_figures()`` hand out copies of the shipped tables; ``flight_model(system)``
and ``accuracy(system)`` answer for one system, as plain dicts that :mod:`rangemap.flight` can use.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pandas as pd

from rangemap.catalog import lookup, tables
from rangemap.catalog.files import PathLike, as_path, file_name, read_text_table, shipped
from rangemap.catalog.schema import RANGE_KINDS, check_figures, check_kinds, check_table
from rangemap.catalog.sources import cite
from rangemap.errors import DataFileError

__all__ = ["ACCURACY_FILE_COLUMNS", "FLIGHT_FILE_COLUMNS", "FLIGHT_MODELS", "accuracy", "accuracy_figures",
           "flight_model", "flight_models", "load_accuracy", "load_flight_models"]

#: Columns of data/flight.csv: the model, then each figure (apogee, speed) with its kind and source ids, and the
#: source ids of facts in the note (a lofted test's apogee, a reported flight time).
FLIGHT_FILE_COLUMNS = ["system_id", "model", "apogee_km", "apogee_kind", "apogee_sources", "speed_kmh",
                       "speed_kind", "speed_sources", "note_sources", "note"]
#: Columns of data/accuracy.csv: one dated CEP figure (metres) or band per row.
ACCURACY_FILE_COLUMNS = ["system_id", "cep_m", "cep_low_m", "cep_high_m", "kind", "date", "sources", "note"]
#: ballistic: free flight on an ellipse (rockets, ballistic and quasi-ballistic missiles, glide vehicles drawn
#: as ballistic); cruise: powered flight at a speed (cruise missiles, drones).
FLIGHT_MODELS = ("ballistic", "cruise")
_FLIGHT_FIGURES = ((("apogee_km",), "apogee_kind", "apogee_sources"),
                   (("speed_kmh",), "speed_kind", "speed_sources"))
_ACCURACY_FIGURES = ((("cep_m", "cep_low_m", "cep_high_m"), "kind", "sources"),)
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _fail(where: str, row: Any, column: str, message: str) -> DataFileError:
    return DataFileError(f"{where}, row {row + 2}, column {column!r}: {message}")


def _check_positive(frame: pd.DataFrame, where: str, columns: list[str]) -> None:
    for column in columns:
        for row in frame.index[frame[column].notna() & ~(frame[column] > 0)]:
            raise _fail(where, row, column, f"{frame.at[row, column]:g} must be positive")


def _check_systems(frame: pd.DataFrame, where: str, systems: pd.DataFrame | None) -> None:
    known = set((tables._shipped_systems() if systems is None else systems)["id"])
    for row in frame.index[~frame["system_id"].isin(known)]:
        raise _fail(where, row, "system_id", f"{frame.at[row, 'system_id']!r} is not a catalog system "
                                             "(see systems.csv)")


def load_flight_models(path: PathLike, sources: pd.DataFrame | None = None,
                       systems: pd.DataFrame | None = None) -> pd.DataFrame:
    """Flight models from a CSV with :data:`FLIGHT_FILE_COLUMNS` (apogee in km, speed in km/h), one row per
    system of ``systems`` (default: the shipped catalog), validated: ``model`` is ballistic or cruise, apogee
    and speed positive, each with a kind and rows of ``sources`` (default: the shipped sources table), which
    give the added ``sources``, ``source`` (publisher, title, date), ``source_short`` and ``source_date``."""
    path = as_path(path)
    where = file_name(path)
    frame = check_table(read_text_table(path), where, FLIGHT_FILE_COLUMNS, numbers=["apogee_km", "speed_kmh"],
                        required=["system_id", "model"], unique="system_id")
    _check_systems(frame, where, systems)
    check_kinds(frame, where, "model", FLIGHT_MODELS)
    _check_positive(frame, where, ["apogee_km", "speed_kmh"])
    check_figures(frame, where, _FLIGHT_FIGURES)
    for row in frame.index[(frame["model"] == "cruise") & frame["apogee_km"].notna()]:
        raise _fail(where, row, "apogee_km", "a cruise model has no apogee")
    for row in frame.index[(frame["model"] == "ballistic") & frame["speed_kmh"].notna()]:
        raise _fail(where, row, "speed_kmh", "a ballistic model has no cruise speed")
    for column in ("apogee_kind", "apogee_sources", "speed_kind", "speed_sources", "note_sources", "note"):
        frame[column] = frame[column].fillna("")
    cite(frame, where, ["apogee_sources", "speed_sources", "note_sources"], sources)
    return frame


def load_accuracy(path: PathLike, sources: pd.DataFrame | None = None,
                  systems: pd.DataFrame | None = None) -> pd.DataFrame:
    """CEP figures from a CSV with :data:`ACCURACY_FILE_COLUMNS` (metres), validated: a catalog system, a figure
    (``cep_m``, a band ``cep_low_m``–``cep_high_m`` with both ends, or both) above 0 with
    ``cep_low_m <= cep_m <= cep_high_m``, a kind, a date (YYYY-MM or YYYY-MM-DD) and rows of ``sources``."""
    path = as_path(path)
    where = file_name(path)
    frame = check_table(read_text_table(path), where, ACCURACY_FILE_COLUMNS,
                        numbers=["cep_m", "cep_low_m", "cep_high_m"],
                        required=["system_id", "kind", "date", "sources"], unique=None)
    _check_systems(frame, where, systems)
    check_kinds(frame, where, "kind", RANGE_KINDS)
    _check_positive(frame, where, ["cep_m", "cep_low_m", "cep_high_m"])
    check_figures(frame, where, _ACCURACY_FIGURES)
    for row in frame.index:
        cep, low, high = (frame.at[row, c] for c in ("cep_m", "cep_low_m", "cep_high_m"))
        if pd.isna(low) != pd.isna(high):
            raise _fail(where, row, "cep_low_m" if pd.isna(low) else "cep_high_m", "a band needs both ends")
        if pd.isna(cep) and pd.isna(low):
            raise _fail(where, row, "cep_m", "no figure: give cep_m or the band cep_low_m, cep_high_m")
        if low > high:
            raise _fail(where, row, "cep_low_m", f"{low:g} exceeds cep_high_m {high:g}")
        if cep < low or cep > high:
            raise _fail(where, row, "cep_m", f"{cep:g} is outside the band {low:g}-{high:g}")
        if not _DATE.match(str(frame.at[row, "date"])):
            raise _fail(where, row, "date", f"{frame.at[row, 'date']!r} is not YYYY-MM or YYYY-MM-DD")
    frame["note"] = frame["note"].fillna("")
    cite(frame, where, ["sources"], sources)
    return frame


@functools.cache
def _shipped_flight() -> pd.DataFrame:
    return load_flight_models(shipped("flight.csv")).set_index("system_id", drop=False)


@functools.cache
def _shipped_accuracy() -> pd.DataFrame:
    frame = load_accuracy(shipped("accuracy.csv"))
    return frame.sort_values(["system_id", "date"], ascending=[True, False], kind="stable").reset_index(drop=True)


def flight_models() -> pd.DataFrame:
    """Every catalog system's flight model, indexed by ``system_id``: model, apogee (km) and cruise speed
    (km/h) where a source gives them, each with its kind and sources; ``source`` the citations; note."""
    return _shipped_flight().copy()


def accuracy_figures() -> pd.DataFrame:
    """Every dated CEP figure or band (metres), one row each, newest first within a system, with kind,
    date, sources, citations (``source``) and note."""
    return _shipped_accuracy().copy()


def _system_id(system: Any) -> str | None:
    """The catalog id of a name, alias, id or row; None for a custom (user's own) system."""
    if isinstance(system, (pd.Series, dict)):
        system_id = system.get("id")
        if system_id is None or str(system_id).startswith("custom-") or system.get("class") == "custom":
            return None
        return str(lookup.system(str(system_id))["id"])
    return str(lookup.system(str(system))["id"])


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) or value == "" else float(value)


def flight_model(system: Any) -> dict | None:
    """How a catalog system flies, for :func:`rangemap.flight.flight_time`: ``model`` ("ballistic" or
    "cruise"), ``apogee_m`` (a reported apogee in metres, or None for the minimum-energy trajectory),
    ``speed_kmh`` (a cruise speed), ``kind`` (of the apogee or speed figure, None when there is none),
    ``source`` (citations: publisher, “title”, date), ``sources`` (their ids, ``;``-separated) and ``note``.

    ``system`` is an id, alias or name, or a row with an ``id``. None for a custom system, or a cruise
    model without a sourced speed (no time can be given); an unknown name raises UnknownNameError."""
    system_id = _system_id(system)
    table = _shipped_flight()
    if system_id is None or system_id not in table.index:
        return None
    row = table.loc[system_id]
    speed = _number(row["speed_kmh"])
    if row["model"] == "cruise" and speed is None:
        return None
    apogee = _number(row["apogee_km"])
    kind = row["apogee_kind"] if apogee is not None else row["speed_kind"] if speed is not None else None
    return {"model": str(row["model"]), "apogee_m": None if apogee is None else apogee * 1000.0,
            "speed_kmh": speed, "kind": kind or None, "source": str(row["source"]), "sources": str(row["sources"]),
            "note": str(row["note"])}


def accuracy(system: Any) -> list[dict]:
    """A catalog system's CEP figures, newest first: dicts of ``cep_m``, ``cep_low_m``, ``cep_high_m`` (metres
    or None), ``kind``, ``date``, ``source`` (citations), ``sources`` (their ids) and ``note``; [] when none is
    sourced (or for a custom system)."""
    system_id = _system_id(system)
    table = _shipped_accuracy()
    rows = table[table["system_id"] == system_id]
    return [{"cep_m": _number(r["cep_m"]), "cep_low_m": _number(r["cep_low_m"]),
             "cep_high_m": _number(r["cep_high_m"]), "kind": str(r["kind"]), "date": str(r["date"]),
             "source": str(r["source"]), "sources": str(r["sources"]), "note": str(r["note"])}
            for r in rows.to_dict("records")]
