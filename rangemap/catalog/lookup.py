"""Finding systems and launch points by name: id, alias or display name, with "did you mean".

Lookup indexes are built once per process from the shipped tables and kept apart from the tables, so
copies handed to users carry none of them.
"""

from __future__ import annotations

import difflib
import functools

import pandas as pd

from rangemap import units
from rangemap.catalog import tables
from rangemap.catalog.schema import lookup_key, sites_table
from rangemap.errors import DataFileError, UnknownNameError

__all__ = ["country_codes", "resolve_sites", "resolve_systems", "site", "system"]


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
    return _index(tables._shipped_sites(), "sites.csv", ["id", "name"])


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


def resolve_systems(systems) -> pd.DataFrame:
    """Catalog rows for one name or a list of names (ids, aliases or display names), in the order given."""
    names = [systems] if isinstance(systems, str) else list(systems)
    if not names:
        raise UnknownNameError("no system given")
    ids = list(dict.fromkeys(_resolve("system", n) for n in names))
    return tables._shipped_systems().set_index("id").loc[ids].reset_index()


def resolve_sites(sites) -> pd.DataFrame:
    """Launch points as a table ``id, name, lat, lon, note``.

    ``sites`` is a site name, a list of names and/or ``(lat, lon)`` pairs, or a (Geo)DataFrame with
    ``name, lat, lon`` columns (e.g. from :func:`rangemap.read_sites_file`).
    """
    if isinstance(sites, pd.DataFrame):
        return sites_table(sites, "sites")
    items = [sites] if isinstance(sites, (str, tuple)) else list(sites)
    if not items:
        raise UnknownNameError("no launch site given")
    rows = []
    for item in items:
        if isinstance(item, str):
            row = site(item)
            rows.append({k: row[k] for k in ("id", "name", "lat", "lon", "note")})
        else:
            lat, lon = units.check_lat_lon(*item, what="launch point")
            label = f"{lat:.4f}, {lon:.4f}"
            rows.append({"id": label, "name": label, "lat": lat, "lon": lon, "note": "given as coordinates"})
    return pd.DataFrame(rows)


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
