"""How long a flight takes and how close a shot lands: idealised flight times and circular-normal accuracy.

The ballistic model is free flight only, burnout to impact, on a Keplerian ellipse around a spherical,
non-rotating Earth in vacuum: ``MU`` = 3.986004418e14 m^3/s^2, ``EARTH_RADIUS_M`` = 6,371,008.8 m (the mean
radius). Burnout and impact are both on that sphere; the ground range (the WGS84 geodesic distance, from
:func:`rangemap.distance_m`) is taken as an arc of it, a central angle of range / R. There is no boost phase,
no drag and no Earth rotation, so real flights take longer (the Hwasong-15's lofted test of 2017: about 50 min
of free flight here against the 53-54 min reported). The cruise model is distance / speed: a straight-line
lower bound, as real routes detour. Through a given apogee there is always exactly one ellipse (the ends
lie symmetrically either side of it), however low: the lowest tend to an orbit skimming the sphere at
circular speed, so no apogee above 0 is "too low" for a range under half the circumference.

Accuracy is the circular normal: one shot lands within R of the aim point with probability
1 - 0.5 ** ((R / CEP) ** 2). Numpy only; bad input raises :class:`~rangemap.errors.RangemapError`.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rangemap.errors import DistanceError, RangemapError

__all__ = ["EARTH_RADIUS_M", "MU", "Trajectory", "accuracy_radius", "flight_time", "hit_probability", "range_for_time",
           "trajectory"]

#: Earth's gravitational parameter GM, m^3/s^2 (IERS / WGS84 value).
MU = 3.986004418e14
#: Radius of the sphere the ballistic model flies round: the IUGG mean Earth radius, metres.
EARTH_RADIUS_M = 6_371_008.8

Floats = npt.NDArray[np.float64]
_MODELS = ("ballistic", "cruise")


@dataclass(frozen=True)
class Trajectory:
    """One ballistic free flight: apogee altitude above the sphere (m), burnout speed (m/s), flight-path angle
    above the local horizontal at burnout (degrees) and time of free flight (s)."""

    apogee_m: float
    burnout_speed_ms: float
    launch_angle_deg: float
    time_s: float


def _floats(value: npt.ArrayLike, name: str) -> Floats:
    try:
        out: Floats = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise RangemapError(f"{name} {value!r} is not a number") from None
    return out


def _first(values: Floats, bad: npt.NDArray[np.bool_]) -> float:
    return float(values[bad].ravel()[0])


def _positive(value: npt.ArrayLike, name: str, *, unit: str = "metres") -> Floats:
    arr = _floats(value, name)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        raise DistanceError(f"{name} {_first(arr, bad)!r} must be a positive, finite number of {unit}")
    return arr


def _shaped(out: Floats) -> Floats:
    return out if out.shape else out[()]


def _ellipse(range_m: Floats, apogee_m: Floats | None) -> tuple[Floats, Floats, Floats, Floats]:
    """Apogee altitude, burnout speed, flight-path angle (rad) and flight time for each range (and apogee)."""
    limit = math.pi * EARTH_RADIUS_M
    far = range_m >= limit
    if far.any():
        raise DistanceError(f"ballistic range_m {_first(range_m, far)!r} must be less than half the sphere's "
                            f"circumference ({limit:.0f} m)")
    psi = range_m / (2.0 * EARTH_RADIUS_M)  # half the central angle; the apogee is midway
    s, c = np.sin(psi), np.cos(psi)
    if apogee_m is None:
        # Minimum energy: the ellipse with the smallest semi-major axis through both ends, 2a = R + chord / 2,
        # semi-latus rectum R sin(psi).
        a = EARTH_RADIUS_M * (1.0 + s) / 2.0
        e = np.sqrt((1.0 - s) / (1.0 + s))
    else:
        # Apogee radius ra on the axis of symmetry: R = p / (1 - e cos psi) and ra = p / (1 - e).
        ra = EARTH_RADIUS_M + apogee_m
        e = apogee_m / (ra - EARTH_RADIUS_M * c)
        a = ra / (1.0 + e)
    apogee = a * (1.0 + e) - EARTH_RADIUS_M
    speed = np.sqrt(MU * (2.0 / EARTH_RADIUS_M - 1.0 / a))
    gamma = np.arctan2(e * s, 1.0 - e * c)
    # Eccentric anomaly measured from apogee at burnout; Kepler's equation from there to apogee, twice.
    f = np.arctan2(np.sqrt(1.0 - e * e) * s, c - e)
    time = 2.0 * np.sqrt(a**3 / MU) * (f + e * np.sin(f))
    return apogee, speed, gamma, time


def flight_time(range_m: npt.ArrayLike, *, model: str = "ballistic", apogee_m: npt.ArrayLike | None = None,
                speed_kmh: npt.ArrayLike | None = None) -> Floats:
    """Idealised flight time in seconds over a ground range in metres; arrays broadcast, scalars give scalars.

    ``model="ballistic"``: free flight from burnout to impact on the minimum-energy ellipse, or with
    ``apogee_m`` on the ellipse whose apogee is that high (lofted above the minimum-energy apogee, depressed
    below it); any apogee above 0 has one, the lowest tending to an orbit skimming the sphere. No boost, drag or
    Earth rotation: real flights take longer. ``model="cruise"``: range / ``speed_kmh``, a straight-line lower
    bound (real routes detour).

    >>> round(float(flight_time(692e3)))  # seconds, minimum energy
    389
    >>> round(float(flight_time(692e3, model="cruise", speed_kmh=900)))
    2768
    """
    rng = _positive(range_m, "range_m")
    if model == "cruise":
        if apogee_m is not None:
            raise RangemapError("apogee_m applies to model='ballistic' only, not 'cruise'")
        if speed_kmh is None:
            raise RangemapError("model='cruise' needs speed_kmh, the cruise speed in km/h")
        speed = _positive(speed_kmh, "speed_kmh", unit="km/h")
        out: Floats = rng / (speed / 3.6)
        return _shaped(out)
    if model != "ballistic":
        raise RangemapError(f"unknown flight model {model!r}: use one of {', '.join(_MODELS)}")
    if speed_kmh is not None:
        raise RangemapError("speed_kmh applies to model='cruise' only, not 'ballistic'")
    apogee = None if apogee_m is None else _positive(apogee_m, "apogee_m")
    if apogee is not None:
        rng, apogee = np.broadcast_arrays(rng, apogee)
    return _shaped(_ellipse(rng, apogee)[3])


def range_for_time(time_s: npt.ArrayLike, *, model: str = "ballistic", apogee_m: npt.ArrayLike | None = None,
                   speed_kmh: npt.ArrayLike | None = None) -> Floats:
    """Ground range in metres reached in ``time_s`` seconds: the inverse of :func:`flight_time`, same models and
    the same idealisation (free flight only, no boost, drag or Earth rotation; cruise a straight-line bound).

    Ballistic times are found by bisection on the range, flight time growing with range (through a fixed apogee
    it dips by under a second in the first kilometre, the near-vertical limit); a time at or beyond the free
    flight to half the sphere's circumference, or shorter than straight up and down through the apogee, has no
    range and is refused.

    >>> round(float(range_for_time(flight_time(692e3))) / 1e3)
    692
    >>> round(float(range_for_time(3600, model="cruise", speed_kmh=185)) / 1e3)
    185
    """
    time = _positive(time_s, "time_s", unit="seconds")
    if model == "cruise":
        if apogee_m is not None:
            raise RangemapError("apogee_m applies to model='ballistic' only, not 'cruise'")
        if speed_kmh is None:
            raise RangemapError("model='cruise' needs speed_kmh, the cruise speed in km/h")
        speed = _positive(speed_kmh, "speed_kmh", unit="km/h")
        out: Floats = time * (speed / 3.6)
        return _shaped(out)
    if model != "ballistic":
        raise RangemapError(f"unknown flight model {model!r}: use one of {', '.join(_MODELS)}")
    if speed_kmh is not None:
        raise RangemapError("speed_kmh applies to model='cruise' only, not 'ballistic'")
    apogee = None if apogee_m is None else _positive(apogee_m, "apogee_m")
    if apogee is not None:
        time, apogee = np.broadcast_arrays(time, apogee)
    top = math.pi * EARTH_RADIUS_M * (1.0 - 1e-12)
    hi = np.full(time.shape, top)
    longest = _ellipse(hi, apogee)[3]
    far = time >= longest
    if far.any():
        raise DistanceError(f"time_s {_first(time, far)!r} is at or beyond the longest ballistic free flight "
                            f"({float(np.min(longest[far])):.0f} s, half the sphere's circumference)")
    shortest = _ellipse(np.ones(time.shape), apogee)[3]  # 1 m: straight up to the apogee and down
    near = time < shortest
    if near.any():
        raise DistanceError(f"time_s {_first(time, near)!r} is shorter than any ballistic free flight through "
                            f"that apogee ({float(np.max(shortest[near])):.1f} s, straight up and down)")
    lo = np.zeros(time.shape)
    for _ in range(80):  # the bracket halves each step: 2e7 m / 2**80 is far below a millimetre
        mid = (lo + hi) / 2.0
        slow = _ellipse(np.maximum(mid, 1e-9), apogee)[3] >= time
        hi = np.where(slow, mid, hi)
        lo = np.where(slow, lo, mid)
    result: Floats = (lo + hi) / 2.0
    miss = np.abs(_ellipse(np.maximum(result, 1e-9), apogee)[3] - time) > 0.5
    if miss.any():  # near-vertical flights, where time barely changes with range: no honest inverse
        raise DistanceError(f"time_s {_first(time, miss)!r} has no ballistic range through that apogee found to "
                            f"half a second (a near-vertical flight)")
    return _shaped(result)


def trajectory(range_m: float, *, apogee_m: float | None = None) -> Trajectory:
    """The ballistic free flight over one ground range (m): minimum-energy, or through ``apogee_m`` (m).

    >>> t = trajectory(950e3, apogee_m=4_475e3)  # lofted, like the Hwasong-15 test of 2017
    >>> round(t.time_s / 60), round(t.launch_angle_deg)
    (50, 85)
    """
    rng = _positive(range_m, "range_m")
    apogee = None if apogee_m is None else _positive(apogee_m, "apogee_m")
    if rng.shape or (apogee is not None and apogee.shape):
        raise RangemapError("trajectory takes one range and apogee; use flight_time for arrays")
    top, speed, gamma, time = _ellipse(rng, apogee)
    return Trajectory(float(top), float(speed), float(np.degrees(gamma)), float(time))


def _cep(cep_m: npt.ArrayLike) -> Floats:
    return _positive(cep_m, "cep_m")


def hit_probability(cep_m: npt.ArrayLike, radius_m: npt.ArrayLike, shots: int = 1) -> Floats:
    """Probability that at least one of ``shots`` independent shots lands within ``radius_m`` of the aim point,
    each from a circular normal whose median miss is ``cep_m``: 1 - (0.5 ** ((R / CEP) ** 2)) ** shots.

    >>> float(hit_probability(100, 100))
    0.5
    >>> round(float(hit_probability(100, 100, shots=3)), 3)
    0.875
    """
    cep = _cep(cep_m)
    radius = _floats(radius_m, "radius_m")
    bad = ~np.isfinite(radius) | (radius < 0)
    if bad.any():
        raise DistanceError(f"radius_m {_first(radius, bad)!r} must be a finite number of metres, 0 or more")
    if isinstance(shots, bool) or not isinstance(shots, numbers.Integral) or shots < 1:
        raise RangemapError(f"shots {shots!r} must be a positive whole number")
    out: Floats = -np.expm1(-int(shots) * math.log(2.0) * (radius / cep) ** 2)
    return _shaped(out)


def accuracy_radius(cep_m: npt.ArrayLike, p: npt.ArrayLike) -> Floats:
    """Radius (m) within which one shot lands with probability ``p``: CEP * sqrt(log2(1 / (1 - p))).

    >>> round(float(accuracy_radius(100, 0.9)), 1)  # R90
    182.3
    """
    cep = _cep(cep_m)
    prob = _floats(p, "p")
    bad = ~(prob > 0) | ~(prob < 1)
    if bad.any():
        raise RangemapError(f"probability p {_first(prob, bad)!r} must lie strictly between 0 and 1")
    out: Floats = cep * np.sqrt(-np.log1p(-prob) / math.log(2.0))
    return _shaped(out)
