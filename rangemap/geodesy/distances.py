"""Geodesic distances and destinations on WGS84 (Karney's algorithms through ``pyproj.Geod``).

Arrays broadcast against each other; scalars in give scalars out. Degrees and metres.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyproj

__all__ = ["GEOD", "LONGEST_GEODESIC_M", "Floats", "destination", "distance_m"]

#: An array of float64 (degrees or metres, as the name of the variable holding it says).
Floats = npt.NDArray[np.float64]

GEOD = pyproj.Geod(ellps="WGS84")

#: Distance from any point to its antipode on WGS84, the longest shortest path (half a meridian), metres.
LONGEST_GEODESIC_M = float(GEOD.inv(0.0, 0.0, 0.0, 90.0)[2] * 2.0)


def distance_m(lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike) -> Floats:
    """Geodesic distance on WGS84 in metres between points; arrays broadcast against each other.

    >>> round(float(distance_m(50.5955, 36.5873, 50.4501, 30.5234)) / 1000, 1)  # Belgorod to Kyiv, km
    430.2
    """
    a1, o1, a2, o2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2)))
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
