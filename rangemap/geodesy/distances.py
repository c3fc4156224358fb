"""Geodesic distances and destinations on WGS84 (Karney's algorithms through ``pyproj.Geod``).

Arrays broadcast against each other; scalars in give scalars out. Degrees and metres.
"""

from __future__ import annotations

import numpy as np
import pyproj

__all__ = ["GEOD", "LONGEST_GEODESIC_M", "destination", "distance_m"]

GEOD = pyproj.Geod(ellps="WGS84")

#: Distance from any point to its antipode on WGS84, the longest shortest path (half a meridian), metres.
LONGEST_GEODESIC_M = float(GEOD.inv(0.0, 0.0, 0.0, 90.0)[2] * 2.0)


def distance_m(lat1, lon1, lat2, lon2):
    """Geodesic distance on WGS84 in metres between points; arrays broadcast against each other.

    >>> round(float(distance_m(50.5955, 36.5873, 50.4501, 30.5234)) / 1000, 1)  # Belgorod to Kyiv, km
    430.2
    """
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2)))
    shape = lat1.shape
    _, _, dist = GEOD.inv(lon1.ravel(), lat1.ravel(), lon2.ravel(), lat2.ravel())
    dist = np.asarray(dist, dtype=float).reshape(shape)
    return dist if shape else dist[()]


def destination(lat, lon, azimuth_deg, distance_m):
    """Point reached from (lat, lon) after ``distance_m`` metres along ``azimuth_deg``: (lat, lon) arrays."""
    lat, lon, az, dist = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat, lon, azimuth_deg, distance_m)))
    lon2, lat2, _ = GEOD.fwd(lon.ravel(), lat.ravel(), az.ravel(), dist.ravel())
    return np.asarray(lat2).reshape(lat.shape), np.asarray(lon2).reshape(lat.shape)
