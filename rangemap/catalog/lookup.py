"""Finding systems and launch points by name: id, alias or display name, with "did you mean"; any
catalog city as a named place; a user's own range as a system row.

Lookup indexes are built once per process from the shipped tables and kept apart from the tables, so
copies handed to users carry none of them.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import warnings

import numpy as np
import pandas as pd

from rangemap import units
from rangemap.catalog import places, tables
from rangemap.catalog.schema import SYSTEM_COLUMNS, lookup_key, sites_table
from rangemap.errors import AmbiguousPlaceWarning, DataFileError, DistanceError, UnknownNameError
from rangemap.text import check_name

__all__ = ["country_codes", "custom_system", "operator_systems", "operators", "place", "resolve_sites", "resolve_systems",
           "site", "system"]


def _index(frame: pd.DataFrame, where: str, columns: list[str], aliases: bool = False) -> dict[str, str]:
    """Map every lookup key (id, name, aliases) to its row id; a key used by two rows is an error."""
    keys: dict[str, str] = {}
    for row in frame.index:
        names = [frame.at[row, c] for c in columns]
        if aliases:
            names += [a for a in str(frame.at[row, "aliases"]).split(";") if a.strip()]
        for name in names:
            key = lookup_key(name)
            if keys.get(key, frame.at[row, "id"]) != frame.at[row, "id"]:
                raise DataFileError(f"{where}, row {row + 2}: name {name!r} also names {keys[key]!r}")
            keys[key] = frame.at[row, "id"]
    return keys


@functools.cache
def _lookup(kind: str) -> dict[str, str]:
    if kind == "system":
        return _index(tables._shipped_systems(), "systems.csv", ["id", "name"], aliases=True)
    frame = tables._shipped_sites()
    keys = _index(frame, "sites.csv", ["id", "name"])
    for row in frame.itertuples():  # short forms as people write them: "Engels" for "Engels-2 airbase"
        keys.setdefault(lookup_key(_short_site_name(row.name)), row.id)
    return keys


def _short_site_name(name: str) -> str:
    """"Engels-2 airbase" -> "Engels"; "Dzhankoi (occupied Crimea)" -> "Dzhankoi"."""
    short = re.sub(r"\s*\([^)]*\)|\s+(?:airbase|air base|naval base)$", "", str(name), flags=re.IGNORECASE)
    return re.sub(r"[-\s]*\d+$", "", short).strip() or str(name)


def _resolve(kind: str, name: str) -> str:
    keys = _lookup(kind)
    found = keys.get(lookup_key(name))
    if found is None:
        ids = sorted(set(keys.values()))
        close = difflib.get_close_matches(lookup_key(name), keys, n=5, cutoff=0.5)
        guesses = list(dict.fromkeys(keys[c] for c in close))[:3]
        hint = f"did you mean {', '.join(guesses)}?" if guesses else f"known: {', '.join(ids)}"
        raise UnknownNameError(f"unknown {kind} {name!r}: {hint}")
    return found


def system(name: str) -> pd.Series:
    """One system by id, alias or name, case-insensitive (``"KN-23"`` finds Hwasong-11)."""
    frame = tables._shipped_systems()
    return frame.loc[frame["id"] == _resolve("system", name)].iloc[0].copy()


def site(name: str) -> pd.Series:
    """One named launch point by id or name, case-insensitive."""
    frame = tables._shipped_sites()
    return frame.loc[frame["id"] == _resolve("site", name)].iloc[0].copy()


def place(name: str, what: str = "launch site") -> dict:
    """A named point: a catalog site (id, name or a short form such as "Engels" for Engels-2 airbase), else
    any place of the gazetteer (:func:`rangemap.catalog.places.find`: alternate names, ``"NAME, REGION"``,
    ``"NAME, CC"``). Returns ``id, name, lat, lon, note, notice``: ``notice`` is "" or one line saying the
    name was shared and which place was taken (also given as an :class:`~rangemap.errors.AmbiguousPlaceWarning`).
    ``what`` names the argument in messages ("target", "--site")."""
    text = check_name(name, what)
    found = _lookup("site").get(lookup_key(text))
    if found is not None and lookup_key(text):
        row = site(found)
        return {"id": row["id"], "name": row["name"], "lat": float(row["lat"]), "lon": float(row["lon"]),
                "note": row["note"], "notice": ""}
    is_site = what in ("launch site", "site", "--site")
    try:
        city = places.find(text, what, suggest=not is_site)
    except UnknownNameError as err:
        if not is_site or "no place called" in str(err):
            raise
        close = difflib.get_close_matches(lookup_key(text), _lookup("site"), n=5, cutoff=0.6)
        guesses = list(dict.fromkeys(_lookup("site")[c] for c in close))[:3]
        hint = (f"did you mean {', '.join(guesses)}?" if guesses else
                f"catalog sites: {', '.join(sorted(set(_lookup('site').values())))}")
        raise UnknownNameError(f"{err}: neither a catalog site nor a place in the gazetteer; {hint}") from None
    if city.notice:
        warnings.warn(city.notice, AmbiguousPlaceWarning, stacklevel=2)
    return {"id": f"{city.name}, {city.country}", "name": city.name, "lat": city.lat, "lon": city.lon,
            "note": f"GeoNames {city.geonameid} (city centre), {city.label}", "notice": city.notice}


def custom_system(range_km: float | str, min_range_km: float | str | None = None,
                  name: str | None = None) -> pd.Series:
    """A system the user defines by its range (and minimum): a row like :func:`system`'s. Numbers are km;
    text is read as people write distances (``"500 km"``, ``"430 mi"``; :func:`rangemap.units.parse_distance`).

    Its ``source`` says it was given by the user; ``id`` is ``custom-<name or range>``. A range that is
    not a positive number, or a minimum not in 0..range, raises :class:`~rangemap.errors.DistanceError`."""
    if isinstance(range_km, str):
        range_km = units.parse_distance(range_km) / 1000.0
    if isinstance(min_range_km, str):
        min_range_km = units.parse_distance(min_range_km) / 1000.0 if min_range_km.strip() else None
    try:
        range_km = float(range_km)
        min_range_km = None if min_range_km is None or pd.isna(min_range_km) or float(min_range_km) == 0 \
            else float(min_range_km)
    except (TypeError, ValueError):
        raise DistanceError(f"custom range {range_km!r} / minimum {min_range_km!r}: not numbers") from None
    if not (math.isfinite(range_km) and range_km > 0):
        raise DistanceError(f"custom range {range_km!r} km must be positive")
    if min_range_km is not None and not (math.isfinite(min_range_km) and 0 <= min_range_km < range_km):
        raise DistanceError(f"custom minimum range {min_range_km!r} km must be at least 0 and below the range")
    named = name is not None and str(name).strip() != ""
    label = check_name(name, "custom range name") if named else f"custom range {range_km:g} km"
    slug = re.sub(r"[^0-9a-z]+", "-", (label if named else f"{range_km:g} km").casefold()).strip("-")
    row: dict = dict.fromkeys(SYSTEM_COLUMNS, "")
    row.update({"id": "custom-" + (slug or "range"),
                "name": label, "class": "custom", "range_km": range_km, "range_kind": "given",
                "range_low_km": np.nan, "range_high_km": np.nan,
                "min_range_km": np.nan if min_range_km is None else min_range_km,
                "source": "given by the user", "note": "a range given by the user, not from the catalog"})
    return pd.Series(row)


def resolve_systems(systems) -> pd.DataFrame:
    """Catalog rows for one name or a list of names (ids, aliases or display names), in the order given.

    Items may also be rows from :func:`custom_system` (a user's own range)."""
    names = [systems] if isinstance(systems, (str, pd.Series, dict)) else list(systems)
    if not names:
        raise UnknownNameError("no system given")
    frame = tables._shipped_systems().set_index("id", drop=False)
    rows: dict = {}
    for item in names:
        if isinstance(item, (pd.Series, dict)):
            row = custom_system(item["range_km"], item.get("min_range_km"), item.get("name"))  # validates
            row["id"] = item.get("id") or row["id"]
            if row["id"] in frame.index:
                raise UnknownNameError(f"custom range {row['name']!r} has the id {row['id']!r} of a catalog system: "
                                       f"give it another id or name")
        else:
            row = frame.loc[_resolve("system", item)]
        if row["id"] in rows and not rows[row["id"]].equals(row):  # one id, two different systems
            raise UnknownNameError(f"{rows[row['id']]['name']!r} and {row['name']!r} share the id {row['id']!r}: "
                                   f"give custom ranges names that differ in letters or digits")
        rows.setdefault(row["id"], row)
    return pd.DataFrame(list(rows.values()))[list(frame.columns)].reset_index(drop=True)


def resolve_sites(sites) -> pd.DataFrame:
    """Launch points as a table ``id, name, lat, lon, note``.

    ``sites`` is a site or catalog city name, a list of names and/or ``(lat, lon)`` pairs, or a
    (Geo)DataFrame with ``name, lat, lon`` columns (e.g. from :func:`rangemap.read_sites_file`).
    """
    if isinstance(sites, pd.DataFrame):
        return sites_table(sites, "sites")
    items = [sites] if isinstance(sites, (str, tuple)) else list(sites)
    if not items:
        raise UnknownNameError("no launch site given")
    rows = []
    for item in items:
        if isinstance(item, str):
            rows.append({k: v for k, v in place(item).items() if k != "notice"})
        elif not isinstance(item, (bytes, dict, pd.Series)) and hasattr(item, "__len__") and len(item) == 2:
            lat, lon = units.check_lat_lon(*item, what="launch point")
            label = f"{lat:.4f}, {lon:.4f}"
            rows.append({"id": label, "name": label, "lat": lat, "lon": lon, "note": "given as coordinates"})
        elif isinstance(item, dict) and {"name", "lat", "lon"} <= set(item):  # a site as the page and widget hold it
            lat, lon = units.check_lat_lon(item["lat"], item["lon"], what=f"launch point {str(item['name'])[:40]!r}")
            name = check_name(item["name"], "launch point name")
            rows.append({"id": check_name(item.get("id") or name, "launch point id"), "name": name, "lat": lat,
                         "lon": lon, "note": str(item.get("note") or "")})
        else:
            shown = repr(item) if len(repr(item)) <= 60 else repr(item)[:57] + "..."
            raise UnknownNameError(f"launch site {shown}: give a name or a (lat, lon) pair")
    return pd.DataFrame(_distinct_ids(rows))


def _distinct_ids(rows: list[dict]) -> list[dict]:
    """The same place twice is kept once; two places that would share an id ("Base" at two points) get
    ids "Base", "Base #2", … so neither replaces the other in tables, maps and links."""
    seen: dict[str, tuple] = {}
    out = []
    for row in rows:
        key, where = row["id"], (row["lat"], row["lon"])
        if seen.get(key) == where:
            continue
        n = 1
        while key in seen:
            n += 1
            key = f"{row['id']} #{n}"
        seen[key] = where
        out.append({**row, "id": key})
    return out


def country_codes(countries, known) -> list[str]:
    """ISO codes from ``"UA,MD"`` or ``["ua", "md"]`` (any case, spaces), each one of ``known`` (the codes
    of the cities table in use); :class:`UnknownNameError` with "did you mean" otherwise."""
    given = countries.split(",") if isinstance(countries, str) else list(countries)
    codes = [str(c).strip().upper() for c in given]
    known = sorted(set(known))
    for code in codes:
        if code not in known:
            close = difflib.get_close_matches(code, known, n=3, cutoff=0.5)
            hint = (f"did you mean {', '.join(close)}? (the cities table has {', '.join(known)})" if close else
                    f"did you mean one of {', '.join(known)} (the countries in the cities table)?")
            raise UnknownNameError(f"unknown country code {code!r}: {hint}")
    if not codes:
        raise UnknownNameError("no country code given")
    return codes


def _operator_names(text: object) -> list[str]:
    """The operators a system's ``operator`` field names: ``"North Korea; Russia (supplied)"`` gives North
    Korea and Russia (a parenthesis qualifies its operator and names none)."""
    return [re.sub(r"\s*\(.*$", "", part).strip() for part in str(text).split(";") if part.strip()]


def operators() -> list[str]:
    """The operators the catalog's systems name, sorted (e.g. North Korea, Russia, Ukraine)."""
    frame = tables._shipped_systems()
    return sorted({name for text in frame["operator"] for name in _operator_names(text) if name})


def operator_systems(operator: str) -> list[str]:
    """Ids of the catalog systems ``operator`` fields (case, spaces and punctuation do not matter; systems
    supplied to it count: "Russia" includes the Hwasong-11), in catalog order. An operator no system names
    raises :class:`UnknownNameError` listing the known ones.

    >>> operator_systems("ukraine")[:2]
    ['neptune', 'long-neptune']
    """
    frame = tables._shipped_systems()
    key = lookup_key(operator)
    ids = [row_id for row_id, text in zip(frame["id"], frame["operator"])
           if key and key in {lookup_key(name) for name in _operator_names(text)}]
    if not ids:
        raise UnknownNameError(f"unknown operator {str(operator)!r}: known operators are {', '.join(operators())}")
    return ids
