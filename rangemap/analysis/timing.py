"""How long a flight to a place takes: the catalog's flight model of a system applied to a distance.

Idealised, as :mod:`rangemap.flight` is: ballistic times are free flight only (no boost phase, drag or Earth's
rotation), cruise times a straight line at a sourced speed; real flights take longer. Unknown stays unknown: a
system without a flight model gets NaN, never a guess.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from rangemap import flight
from rangemap.catalog import performance

__all__ = ["IDEALISATION", "add_flight_s", "flight_phrase", "flight_seconds"]

#: One line stating the idealisation behind every flight time shown.
IDEALISATION = ("Flight times are idealised: ballistic free flight only (no boost phase, drag or Earth's "
                "rotation), cruise in a straight line; real flights take longer.")


def _model(system: Any) -> dict | None:
    try:
        return performance.flight_model(system)
    except ValueError:  # a custom or unknown system: no flight model
        return None


def flight_seconds(system: Any, distance_m: npt.ArrayLike) -> np.ndarray:
    """Idealised seconds of flight over each distance (m) for one system (id, name or catalog row); NaN where the
    system has no flight model, or the distance has no flight (0, or half the sphere's circumference or more)."""
    dist = np.atleast_1d(np.asarray(distance_m, dtype=float))
    out = np.full(dist.shape, np.nan)
    model = _model(system)
    if model is None:
        return out
    ok = np.isfinite(dist) & (dist > 0)
    if model["model"] == "ballistic":
        ok &= dist < math.pi * flight.EARTH_RADIUS_M
    if ok.any():
        out[ok] = flight.flight_time(dist[ok], model=model["model"], apogee_m=model["apogee_m"],
                                     speed_kmh=model["speed_kmh"])
    return out


def _duration(seconds: float) -> str:
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if minutes < 20 else f"{minutes} min"
    return f"{secs} s"


def flight_phrase(system: Any, seconds: float) -> str:
    """E.g. "about 6 min 20 s of free flight on a minimum-energy trajectory", "at least 3 h 45 min at 185 km/h in
    a straight line", or "flight time unknown"."""
    model = _model(system)
    if model is None or not math.isfinite(seconds):
        return "flight time unknown"
    if model["model"] == "cruise":
        return f"at least {_duration(seconds)} at {model['speed_kmh']:,.0f} km/h in a straight line"
    path = ("a minimum-energy trajectory" if model["apogee_m"] is None
            else f"a trajectory peaking at {model['apogee_m'] / 1000:,.0f} km")
    return f"about {_duration(seconds)} of free flight on {path}"


def add_flight_s(table):
    """``table`` (with ``system`` and ``distance_km`` columns, as :func:`rangemap.targets_in_reach` gives) with a
    ``flight_s`` column: idealised seconds of flight from the site to each target, NaN when unknown."""
    out = table.copy()
    seconds = np.full(len(out), np.nan)
    systems = out["system"].to_numpy()
    distance_m = out["distance_km"].to_numpy(float) * 1000.0
    for system in dict.fromkeys(systems):
        picked = systems == system
        seconds[picked] = flight_seconds(system, distance_m[picked])
    out["flight_s"] = seconds
    return out
