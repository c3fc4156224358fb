"""Warning-time rings: how far a system flies in 1, 2, 5, 10 minutes from each launch point, as geodesic rings.

Each ring is the exact WGS84 reach (:func:`rangemap.geodesy.reach_polygons`) at the ground range the catalog's
flight model covers in that time (:func:`rangemap.flight.range_for_time`): ballistic free flight on the
minimum-energy ellipse or through a reported apogee, or cruise in a straight line at a sourced speed. The
idealisation of :mod:`rangemap.analysis.timing` holds: real flights take longer, so a ring is the farthest a
flight could get in that time, not where it will be. Times that reach beyond the system's range, or are
quicker than any flight of the model, draw no ring and are said in ``attrs["notes"]``.
"""

from __future__ import annotations

import math
import numbers

import geopandas as gpd
import numpy as np
import pandas as pd

from rangemap import catalog, flight, geodesy
from rangemap.analysis.reach import reach
from rangemap.analysis.timing import IDEALISATION
from rangemap.catalog import performance
from rangemap.errors import DistanceError, RangemapError
from rangemap.units import format_duration

__all__ = ["TIME_RING_COLUMNS", "TIMES_MAX", "check_minutes", "read_minutes", "ring_rows", "time_rings"]

#: Columns of :func:`time_rings`: ``minutes`` after launch, ``time_s`` the same in seconds, ``range_m`` the
#: ground range reached then (m), ``label`` ("5 min"), ``model`` and ``how`` (minimum-energy, through an
#: apogee, at a speed), ``source`` of the flight model, ``idealisation`` (one line), and the geometry.
TIME_RING_COLUMNS = ["system", "system_name", "site", "site_name", "lat", "lon", "minutes", "time_s", "range_m",
                     "label", "model", "how", "source", "idealisation", "geometry"]
#: At most this many warning times in one call, and on one page (``ReachMap(times=...)``).
TIMES_MAX = 12


def read_minutes(minutes, what: str, *, strict: bool) -> list[float]:
    """``minutes`` (one value or several) as floats in the order given, each positive and finite, at least one;
    one :class:`RangemapError` line ``"{what}: ..."`` naming a bad value.

    ``strict``: only real numbers and their text are numbers of minutes (a bool is not one); otherwise anything
    ``float`` reads, a bool being no positive, finite number. (:func:`check_minutes` and the page's
    :func:`rangemap.render.leaflet.warning_minutes` both read minutes here.)
    """
    if isinstance(minutes, (str, bytes)) or not hasattr(minutes, "__iter__"):
        minutes = [minutes]
    unread = (ValueError,) if strict else (TypeError, ValueError)
    out: list[float] = []
    for value in minutes:
        if strict and (isinstance(value, bool) or not isinstance(value, (numbers.Real, str))):
            raise RangemapError(f"{what}: {value!r} is not a number of minutes")
        try:
            m = float(value) if not isinstance(value, bool) else float("nan")
        except unread:
            raise RangemapError(f"{what}: {value!r} is not a number of minutes") from None
        if not (math.isfinite(m) and m > 0):
            raise RangemapError(f"{what}: {value!r} must be a positive, finite number of minutes")
        out.append(m)
    if not out:
        raise RangemapError(f"{what}: give at least one number of minutes, e.g. [1, 2, 5, 10]")
    return out


def check_minutes(minutes) -> list[float]:
    """``minutes`` (one number or several) as a sorted list of distinct positive, finite floats; one
    :class:`RangemapError` line naming a bad value."""
    out = sorted(set(read_minutes(minutes, "minutes", strict=True)))
    if len(out) > TIMES_MAX:
        raise RangemapError(f"minutes: {len(out)} warning times are more than {TIMES_MAX} at once")
    return out


def _how(model: dict) -> str:
    if model["model"] == "cruise":
        return f"at {model['speed_kmh']:,.0f} km/h in a straight line"
    if model["apogee_m"] is None:
        return "minimum-energy free flight"
    return f"free flight through its reported {model['apogee_m'] / 1000:,.0f} km apogee"


def _kwargs(model: dict) -> dict:
    if model["model"] == "cruise":
        return {"model": "cruise", "speed_kmh": model["speed_kmh"]}
    return {"model": "ballistic", "apogee_m": model["apogee_m"]}


def _ranges(model: dict, minutes: list[float], reach_m: float, name: str) -> tuple[dict[float, float], list[str]]:
    """{minutes: range_m} of the times within the system's range, and a note on the times left out."""
    kw = _kwargs(model)
    whole = float(flight.flight_time(reach_m, **kw))
    out, beyond, quick = {}, [], []
    for m in minutes:
        try:
            r = float(flight.range_for_time(m * 60.0, **kw))
        except DistanceError:  # quicker than any flight of the model, or longer than the longest
            (quick if m * 60.0 < whole else beyond).append(m)
            continue
        if r > reach_m:
            beyond.append(m)
        else:
            out[m] = r
    parts = []
    if beyond:
        lead = "at least" if model["model"] == "cruise" else "about"
        parts.append(f"its whole range in {lead} {format_duration(whole)}, so no ring at "
                     + " or ".join(format_duration(m * 60) for m in beyond))
    if quick:
        parts.append(f"no {_how(model)} is as quick as " + " or ".join(format_duration(m * 60) for m in quick))
    return out, [f"{name}: {'; '.join(parts)}."] if parts else []


def ring_rows(table, minutes: list[float]) -> tuple[list[dict], list[str]]:
    """One row per (system, site, time) of a reach table's nominal rows, and the notes on times left out."""
    if "band" in table:
        table = table[table["band"] == "nominal"]
    table = table[~table["site"].isin(set(catalog.areas()["id"]))]  # an area is not a launch point
    rows, notes = [], []
    for system, part in table.groupby("system", sort=False):
        first = part.iloc[0]
        try:
            model = performance.flight_model(system)
        except RangemapError:  # a custom range: no flight model
            model = None
        if model is None:
            notes.append(f"{first['system_name']}: flight time unknown, so no rings.")
            continue
        ranges, said = _ranges(model, minutes, float(part["range_m"].max()), str(first["system_name"]))
        notes += said
        for row in part.drop_duplicates(["lat", "lon"]).itertuples(index=False):
            for m, r in ranges.items():
                rows.append({"system": row.system, "system_name": row.system_name, "site": row.site,
                             "site_name": row.site_name, "lat": row.lat, "lon": row.lon, "minutes": m,
                             "time_s": m * 60.0, "range_m": r, "label": format_duration(m * 60.0),
                             "model": model["model"], "how": _how(model), "source": model["source"],
                             "idealisation": IDEALISATION})
    return rows, notes


def time_rings(systems, sites, minutes=(1, 2, 5, 10), *, tolerance_m: float = 50.0) -> gpd.GeoDataFrame:
    """Warning-time rings: for each system and launch point, the exact WGS84 reach at the ground range flown in
    each of ``minutes`` after launch (a GeoDataFrame, EPSG:4326, :data:`TIME_RING_COLUMNS`).

    ``systems, sites`` as for :func:`rangemap.reach` (or ``systems`` a reach table and ``sites`` None; rows from
    a launch area are left out, an area not being a launch point). Ranges in metres, from
    :func:`rangemap.range_for_time` with the catalog's flight model (:func:`rangemap.flight_model`).
    Idealised (``idealisation``): no boost phase, drag or Earth's rotation; cruise in a straight line, so real
    flights take longer and a ring is an upper bound on how far a flight gets in that time. Times beyond the
    system's whole range or quicker than any flight of its model, and systems without a flight model, draw no
    ring: ``attrs["notes"]`` says which.

    >>> rings = time_rings("iskander-m", "belgorod", [1, 2])
    >>> list(rings["label"]), [round(r / 1e3) for r in rings["range_m"]]
    (['1 min', '2 min'], [18, 70])
    """
    chosen = check_minutes(minutes)
    if sites is None and hasattr(systems, "columns") and "range_m" in systems.columns:
        table = systems  # a reach table already
    else:
        table = reach(systems, sites, geometry=False)
    rows, notes = ring_rows(table, chosen)
    frame = pd.DataFrame(rows, columns=TIME_RING_COLUMNS[:-1])
    shapes = (geodesy.reach_polygons(frame["lat"].to_numpy(float), frame["lon"].to_numpy(float),
                                     frame["range_m"].to_numpy(float), tolerance_m=tolerance_m)
              if len(frame) else np.empty(0, dtype=object))
    out = gpd.GeoDataFrame(frame, geometry=list(shapes), crs="EPSG:4326")[TIME_RING_COLUMNS]
    out.attrs["notes"] = notes
    out.attrs["idealisation"] = IDEALISATION
    return out
