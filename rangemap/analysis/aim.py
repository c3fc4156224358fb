"""Accuracy at a target: CEP, R90 and R99 rings drawn geodesically round it, the chance that at least one of n
shots lands within a radius, and a seeded sample of simulated impacts.

The miss model is the circular normal of :mod:`rangemap.flight` (one shot within R with probability
1 - 0.5 ** ((R / CEP) ** 2)), laid on the ground: each impact is a Rayleigh miss distance along a uniform
azimuth, placed by the WGS84 direct geodesic problem. The CEP comes from the catalog with its source, date
and kind (:func:`rangemap.accuracy`); a band stays a band (every number is given for both ends). The
generator is mulberry32, as the page's ``flight.js``, so the same seed gives the same impacts here and there.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from rangemap import catalog, flight, geodesy
from rangemap.analysis.targets import target_point
from rangemap.catalog import performance
from rangemap.errors import DistanceError, RangemapError

__all__ = ["METHOD", "SAMPLE", "Aim", "AimRing", "Impact", "aim", "impact_misses"]

#: Simulated impacts drawn (more when more shots are fired, up to 1,000), as in the page.
SAMPLE = 100
#: One line on the method, for outputs.
METHOD = ("Circular normal miss on the ground: one shot lands within R of the aim point with probability "
          "1 - 0.5^((R/CEP)^2), shots independent; rings and impacts placed on WGS84 geodesics. A reported miss "
          "distance is not a measured CEP, and real misses are neither circular nor independent.")
_LN2 = math.log(2.0)
_LEVELS = ((0.5, "CEP"), (0.9, "R90"), (0.99, "R99"))


class AimRing(NamedTuple):
    """One accuracy ring: ``label`` ("CEP", "R90", "R99" or "R95"...), probability ``p`` that one shot lands
    within it, the ``cep_m`` it is drawn for (a band gives two rings per level), ``radius_m`` and the geodesic
    ``geometry`` (a shapely Polygon in lon/lat)."""

    label: str
    p: float
    cep_m: float
    radius_m: float
    geometry: object


class Impact(NamedTuple):
    """A simulated impact: where (degrees), its miss distance (m) and azimuth from the target (degrees)."""

    lat: float
    lon: float
    distance_m: float
    azimuth_deg: float


@dataclass(frozen=True)
class Aim:
    """What :func:`aim` answers. ``ceps_m`` holds the CEP (one figure, or a band's low and high ends) and
    ``probability`` the chance, for each, that at least one of ``shots`` lands within ``radius_m``; ``cep_kind``,
    ``cep_date``, ``cep_source`` (citations) and ``cep_note`` say where the figure comes from. Impacts are drawn
    with ``sample_cep_m`` (a band's high end) from ``seed``."""

    target: str
    lat: float
    lon: float
    system: str
    system_name: str
    ceps_m: tuple[float, ...]
    cep_kind: str
    cep_date: str
    cep_source: str
    cep_note: str
    shots: int
    radius_m: float
    probability: tuple[float, ...]
    rings: tuple[AimRing, ...]
    impacts: tuple[Impact, ...]
    sample_cep_m: float
    seed: int

    def lines(self) -> list[str]:
        """The answer as lines of text: the CEP and its source, the chance, the rings, the sample, the method."""
        about = "your own figure" if self.cep_kind == "given" else f"{self.cep_kind}, {self.cep_date}"
        return [f"{self.system_name} at {self.target}: CEP {_metres(self.ceps_m)} ({about})",
                f"At least one of {self.shots} shot{'s' if self.shots > 1 else ''} within {self.radius_m:,.0f} m: "
                + _chance(self.probability),
                ", ".join(f"{label} {_metres(radii)}" for label, radii in self.radii().items()),
                f"{len(self.impacts)} simulated impacts (circular normal, CEP {self.sample_cep_m:,.0f} m"
                + (", the band's high end" if len(self.ceps_m) > 1 else "") + f"; seed {self.seed})",
                f"Source: {self.cep_source}" + (f" — {self.cep_note}" if self.cep_note else ""),
                METHOD]

    def radii(self) -> dict[str, tuple[float, ...]]:
        """{label: radii (m)} of the rings, one per CEP (both ends of a band)."""
        out: dict[str, tuple[float, ...]] = {}
        for ring in self.rings:
            out[ring.label] = (*out.get(ring.label, ()), ring.radius_m)
        return out


def _metres(values) -> str:
    return "–".join(f"{v:,.0f}" for v in values) + " m"


def _percent(p: float) -> str:
    return "over 99.9 %" if p >= 0.9995 else f"{100 * p:.1f} %"


def _chance(probs) -> str:
    low, high = _percent(min(probs)), _percent(max(probs))
    if low == high:
        return low
    return f"between {_percent(min(probs))} and {_percent(max(probs))}"


def _mulberry32(seed: int):
    """The page's generator (flight.js ``prng``): uniform floats in [0, 1) from a 32-bit seed."""
    state = int(seed) & 0xFFFFFFFF

    def imul(a: int, b: int) -> int:
        return (a * b) & 0xFFFFFFFF

    def nxt() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), state | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return nxt


def impact_misses(cep_m: float, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` seeded misses of a circular normal whose median miss is ``cep_m``: (distances m, azimuths degrees),
    Rayleigh distances with sigma = CEP / sqrt(2 ln 2) and uniform azimuths (the same draws as the page's)."""
    cep = float(flight.accuracy_radius(cep_m, 0.5))  # checks cep_m > 0 (and is cep_m itself)
    sigma = cep / math.sqrt(2.0 * _LN2)
    nxt = _mulberry32(seed)
    draws = np.array([nxt() for _ in range(2 * n)]).reshape(n, 2)
    return sigma * np.sqrt(-2.0 * np.log1p(-draws[:, 0])), 360.0 * draws[:, 1]


def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise RangemapError(f"{name} {value!r} must be a positive whole number")
    return int(value)


def _figure(system: str, name: str, date: str | None, cep_m) -> dict:
    if cep_m is not None:
        value = float(flight.accuracy_radius(cep_m, 0.5))  # a bad CEP fails here, in one line
        return {"ceps": (value,), "kind": "given", "date": "", "source": "a CEP you gave", "note": ""}
    figures = performance.accuracy(system)
    if not figures:
        known = sorted({str(f) for f in performance.accuracy_figures()["system_id"]})
        raise RangemapError(f"{name} has no sourced CEP in the catalog (systems with one: {', '.join(known)}); "
                            f"give a CEP of your own (cep_m=, --cep)")
    if date is not None:
        picked = [f for f in figures if f["date"] == str(date)]
        if not picked:
            raise RangemapError(f"{name} has no CEP figure dated {str(date)!r}: its figures are dated "
                                + ", ".join(f["date"] for f in figures))
        figures = picked
    f = figures[0]  # newest first
    ceps = (f["cep_low_m"], f["cep_high_m"]) if f["cep_low_m"] is not None else (f["cep_m"],)
    return {"ceps": tuple(float(c) for c in ceps), "kind": f["kind"], "date": f["date"], "source": f["source"],
            "note": f["note"]}


def aim(target, system, *, shots: int = 1, radius_m: float | None = None, seed: int = 0, date: str | None = None,
        cep_m: float | None = None, p: float | None = None, tolerance_m: float | None = None) -> Aim:
    """How precisely ``system`` lands at ``target``: CEP, R90 and R99 rings round it, the chance that at least one
    of ``shots`` lands within ``radius_m`` (default: the CEP, a band's high end), and seeded simulated impacts.

    ``target``: a place name, ``(lat, lon)`` or ``{name, lat, lon}`` (as :func:`rangemap.check`). ``system``: a
    catalog system with a sourced CEP (newest figure, or the one of ``date``, e.g. ``"2024-02"``), or any name
    with ``cep_m`` (metres) of your own. ``p``: one more ring, within which one shot lands with probability
    ``p``. Radii in metres; rings are WGS84 geodesic polygons drawn to ``tolerance_m`` (default CEP / 5,000).

    >>> a = aim((50.45, 30.52), "kn-23")
    >>> a.ceps_m, [round(r) for r in a.radii()["R90"]], round(a.probability[1], 2)
    ((50.0, 100.0), [91, 182], 0.5)
    """
    shots = _whole(shots, "shots")
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool):
        raise RangemapError(f"seed {seed!r} must be a whole number")
    name, lat, lon = target_point(target, with_country=True)
    if cep_m is not None and not isinstance(system, str):
        raise RangemapError("system: give a name for a CEP of your own")
    try:
        row = catalog.system(str(system))
    except RangemapError:
        if cep_m is None:
            raise
        row = None  # a system of your own, with your own CEP
    system_id = str(system) if row is None else str(row["id"])
    system_name = str(system) if row is None else str(row["name"])
    fig = _figure(system_id, system_name, date, cep_m)
    ceps = fig["ceps"]
    if radius_m is not None:
        try:
            radius = float(radius_m)
        except (TypeError, ValueError):
            raise DistanceError(f"radius_m {radius_m!r} is not a number of metres") from None
        if isinstance(radius_m, bool) or not (math.isfinite(radius) and radius > 0):
            raise DistanceError(f"radius_m {radius_m!r} must be a positive, finite number of metres")
    else:
        radius = ceps[-1]
    levels = list(_LEVELS)
    if p is not None:
        flight.accuracy_radius(ceps[0], p)  # p outside (0, 1) fails here, in one line
        levels.append((float(p), f"R{100 * float(p):g}"))
    rings = []
    for q, label in levels:
        for cep in ceps:
            r = float(flight.accuracy_radius(cep, q))
            tol = tolerance_m if tolerance_m is not None else max(cep / 5000.0, 0.005)
            rings.append(AimRing(label, q, cep, r, geodesy.reach_polygon(lat, lon, r, tolerance_m=tol)))
    probability = tuple(float(flight.hit_probability(c, radius, shots=shots)) for c in ceps)
    n = max(SAMPLE, min(shots, 1000))
    dist, az = impact_misses(ceps[-1], n, int(seed))
    ilat, ilon = geodesy.destination(np.full(n, lat), np.full(n, lon), az, dist)
    impacts = tuple(Impact(float(a), float(b), float(d), float(z)) for a, b, d, z in zip(ilat, ilon, dist, az))
    return Aim(name, lat, lon, system_id, system_name, ceps, fig["kind"], fig["date"], fig["source"], fig["note"],
               shots, radius, probability, tuple(rings), impacts, ceps[-1], int(seed))
