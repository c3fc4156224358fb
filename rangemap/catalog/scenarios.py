"""Scenarios shipped in ``data/scenarios/*.toml``: a title, a description and layers of catalog systems
launched from catalog sites or cities, or from launch areas."""

from __future__ import annotations

import difflib
import functools
from typing import Any

import pandas as pd

from rangemap.catalog.areas import area
from rangemap.catalog.files import shipped
from rangemap.catalog.lookup import place, system
from rangemap.errors import DataFileError, UnknownNameError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

__all__ = ["SCENARIO_COLUMNS", "check_scenario", "scenario", "scenarios"]

SCENARIO_COLUMNS = ["name", "title", "description", "systems", "sites", "areas"]


@functools.cache
def _shipped_names() -> list[str]:
    return sorted(e.name[:-5] for e in shipped("scenarios").iterdir() if e.name.endswith(".toml"))


@functools.cache
def _shipped_scenario(name: str) -> dict:
    """One shipped scenario, read and checked (on first use: a map needs only its own)."""
    where = f"scenarios/{name}.toml"
    with (shipped("scenarios") / f"{name}.toml").open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except ValueError as err:
            raise DataFileError(f"{where}: not valid TOML: {err}") from None
    return check_scenario(name, data, where)


def _shipped_scenarios() -> dict[str, dict]:
    return {name: _shipped_scenario(name) for name in _shipped_names()}


def check_scenario(name: str, data: dict[str, Any], where: str) -> dict:
    """Validate one scenario: title, description, layers naming only catalog systems, sites/cities, areas.
    System names become catalog ids."""
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise DataFileError(f"{where}: {key!r} must be non-empty text")
    layers = data.get("layers")
    if not isinstance(layers, list) or not layers:
        raise DataFileError(f"{where}: needs at least one [[layers]] table")
    checked = []
    for i, layer in enumerate(layers, 1):
        def names(key: str, layer: dict = layer, i: int = i) -> list[str]:
            value = layer.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DataFileError(f"{where}, layer {i}: {key!r} must be a list of names")
            return value
        systems_, sites_, areas_ = names("systems"), names("sites"), names("areas")
        if not systems_ or not (sites_ or areas_):
            raise DataFileError(f"{where}, layer {i}: needs systems and sites or areas")
        try:
            systems_ = [str(system(s)["id"]) for s in systems_]
            for s in sites_:
                place(s)
            for a in areas_:
                area(a)
        except UnknownNameError as err:
            raise DataFileError(f"{where}, layer {i}: {err}") from None
        checked.append({"systems": systems_, "sites": sites_, "areas": areas_})
    return {"name": name, "title": data["title"].strip(), "description": " ".join(data["description"].split()),
            "layers": checked}


def scenarios() -> pd.DataFrame:
    """The shipped scenarios: ``name, title, description, systems, sites, areas`` (lists of every system,
    site and area the scenario's layers use)."""
    rows = []
    for sc in _shipped_scenarios().values():
        def union(key: str, sc: dict = sc) -> list[str]:
            return list(dict.fromkeys(v for layer in sc["layers"] for v in layer[key]))
        rows.append({"name": sc["name"], "title": sc["title"], "description": sc["description"],
                     "systems": union("systems"), "sites": union("sites"), "areas": union("areas")})
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS)


def scenario(name: str) -> dict:
    """One scenario: ``{name, title, description, layers: [{systems, sites, areas}, …]}``."""
    names = _shipped_names()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(names)}"
        raise UnknownNameError(f"unknown scenario {name!r}: {hint}")
    sc = _shipped_scenario(name)
    return {**sc, "layers": [{k: list(v) for k, v in layer.items()} for layer in sc["layers"]]}
