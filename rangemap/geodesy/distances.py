"""Geodesic distances and destinations on WGS84 (Karney's algorithms through ``pyproj.Geod``).

Arrays broadcast against each other; scalars in give scalars out. Degrees and metres.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyproj

from rangemap.errors import CoordinateError, RangemapError

__all__ = ["GEOD", "LONGEST_GEODESIC_M", "Floats", "as_floats", "destination", "distance_m"]

#: An array of float64 (degrees or metres, as the name of the variable holding it says).
Floats = npt.NDArray[np.float64]

GEOD = pyproj.Geod(ellps="WGS84")

#: Distance from any point to its antipode on WGS84, the longest shortest path (half a meridian), metres.
LONGEST_GEODESIC_M = float(GEOD.inv(0.0, 0.0, 0.0, 90.0)[2] * 2.0)


def as_floats(value: npt.ArrayLike, name: str) -> Floats:
    """``value`` as an array of float64, or :class:`RangemapError` naming ``name`` for what does not fit a float
    (``10**400``, ``Decimal("sNaN")``, text). Whether the floats are finite and in range is the caller's check."""
    try:
        return np.asarray(value, dtype=float)
    except (OverflowError, TypeError, ValueError):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else f"{shown[:40]}... ({len(shown)} characters)"
        raise RangemapError(f"{name} {shown} is not a number that fits a float") from None


def distance_m(lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike) -> Floats:
    """Geodesic distance on WGS84 in metres between points; arrays broadcast against each other.

    >>> round(float(distance_m(50.5955, 36.5873, 50.4501, 30.5234)) / 1000, 1)  # Belgorod to Kyiv, km
    430.2
    """
    a1, o1, a2, o2 = np.broadcast_arrays(*(as_floats(v, name) for v, name in
                                           ((lat1, "lat1"), (lon1, "lon1"), (lat2, "lat2"), (lon2, "lon2"))))
    for lat, lon, which in ((a1, o1, "1"), (a2, o2, "2")):
        with np.errstate(invalid="ignore"):
            fine = (np.abs(lat) <= 90.0) & np.isfinite(lon)
        if not fine.all():
            i = int(np.argmin(fine.ravel()))
            la, lo = float(lat.ravel()[i]), float(lon.ravel()[i])
            what = f"latitude lat{which} {la!r} is outside -90..90" if not abs(la) <= 90.0 else \
                f"longitude lon{which} {lo!r} is not a finite number"
            raise CoordinateError(what)
    shape = a1.shape
    _, _, dist = GEOD.inv(o1.ravel(), a1.ravel(), o2.ravel(), a2.ravel())
    out: Floats = np.asarray(dist, dtype=float).reshape(shape)
    return out if shape else out[()]


def destination(lat: npt.ArrayLike, lon: npt.ArrayLike, azimuth_deg: npt.ArrayLike,
                distance_m: npt.ArrayLike) -> tuple[Floats, Floats]:
    """Point reached from (lat, lon) after ``distance_m`` metres along ``azimuth_deg``: (lat, lon) arrays."""
    la, lo, az, dist = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat, lon, azimuth_deg, distance_m)))
    lon2, lat2, _ = GEOD.fwd(lo.ravel(), la.ravel(), az.ravel(), dist.ravel())
    return np.asarray(lat2, dtype=float).reshape(la.shape), np.asarray(lon2, dtype=float).reshape(la.shape)
