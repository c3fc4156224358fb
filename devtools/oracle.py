"""Independent checks with the pure-Python ``geographiclib`` package (not pyproj's C core).

Every verdict on a reach geometry in the tests comes from here: geodesic distances by GeographicLib's
Inverse problem, boundary points by its Direct problem.
"""

from __future__ import annotations

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic

WGS84 = Geodesic.WGS84
CUT_TOL_DEG = 1e-9


def distance(lat1, lon1, lat2, lon2):
    """Geodesic distance in metres (GeographicLib Inverse)."""
    return WGS84.Inverse(float(lat1), float(lon1), float(lat2), float(lon2), Geodesic.DISTANCE)["s12"]


def direct(lat, lon, azimuth, dist):
    """(lat, lon) reached from (lat, lon) along azimuth after dist metres (GeographicLib Direct)."""
    out = WGS84.Direct(float(lat), float(lon), float(azimuth), float(dist), Geodesic.LATITUDE | Geodesic.LONGITUDE)
    return out["lat2"], out["lon2"]


def boundary_error(lat, lon, range_m, min_range_m, plat, plon):
    """Distance in metres from the reach boundary implied by distances (the nearer of outer and inner ring)."""
    d = distance(lat, lon, plat, plon)
    err = abs(d - range_m)
    if min_range_m > 0:
        err = min(err, abs(d - min_range_m))
    return err


def on_artificial_edge(x, y):
    """True on the antimeridian cut or at a pole, where polygons have edges the ring does not."""
    return abs(abs(x) - 180.0) < CUT_TOL_DEG or abs(abs(y) - 90.0) < CUT_TOL_DEG


def edges(geom):
    """All edges (x1, y1, x2, y2) of every ring of a (Multi)Polygon."""
    out = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            out.extend(np.column_stack([xy[:-1], xy[1:]]).tolist())
    return out


def sample_points(lat, lon, range_m, min_range_m, tolerance_m, rng, n_random=120, n_boundary=120):
    """Points to classify: uniform over the globe, and near each boundary (outside the tolerance band)."""
    pts = []
    z = rng.uniform(-1, 1, n_random)
    pts += list(zip(np.degrees(np.arcsin(z)), rng.uniform(-180, 180, n_random)))
    radii = [range_m] + ([min_range_m] if min_range_m > 0 else [])
    for radius in radii:
        for az in rng.uniform(0, 360, n_boundary // len(radii)):
            offset = rng.choice([-1, 1]) * tolerance_m * rng.uniform(1.5, 4.0)
            dist = min(max(radius + offset, 0.0), 2.0e7)
            pts.append(direct(lat, lon, az, dist))
    for plat in (90.0, -90.0):
        pts.append((plat, 0.0))
    return pts


def check_reach(geom, lat, lon, range_m, min_range_m, tolerance_m, rng, edge_sample=None):
    """Assert every clause of the reach_polygon contract; returns counts of what was checked."""
    assert geom.geom_type in ("Polygon", "MultiPolygon"), geom.geom_type
    assert geom.is_valid, shapely.is_valid_reason(geom)
    assert not geom.is_empty
    minx, miny, maxx, maxy = geom.bounds
    assert -180.0 <= minx and maxx <= 180.0 and -90.0 <= miny and maxy <= 90.0, geom.bounds

    classified = 0
    for plat, plon in sample_points(lat, lon, range_m, min_range_m, tolerance_m, rng):
        d = distance(lat, lon, plat, plon)
        margin = min(abs(d - range_m), abs(d - min_range_m) if min_range_m > 0 else np.inf)
        if margin <= tolerance_m:
            continue
        expected = min_range_m <= d <= range_m
        got = bool(shapely.intersects_xy(geom, plon, plat))
        assert got == expected, f"point ({plat}, {plon}) at {d:.1f} m: inside={got}, expected {expected}"
        classified += 1

    coords = shapely.get_coordinates(geom)
    vertex_checks = 0
    for x, y in coords:
        if on_artificial_edge(x, y):
            continue
        err = boundary_error(lat, lon, range_m, min_range_m, y, x)
        assert err < 1e-3, f"vertex ({y}, {x}) is {err:.4f} m off the boundary"
        vertex_checks += 1

    all_edges = edges(geom)
    if edge_sample is not None and len(all_edges) > edge_sample:
        idx = rng.choice(len(all_edges), edge_sample, replace=False)
        all_edges = [all_edges[i] for i in idx]
    edge_checks, worst = 0, 0.0
    for x1, y1, x2, y2 in all_edges:
        if (abs(x1) == 180.0 and x1 == x2) or (abs(y1) == 90.0 and y1 == y2):
            continue
        for t in (0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875):
            px, py = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
            err = boundary_error(lat, lon, range_m, min_range_m, py, px)
            worst = max(worst, err)
            assert err <= tolerance_m, f"edge ({y1},{x1})-({y2},{x2}) strays {err:.1f} m at t={t}"
        edge_checks += 1
    return {"classified": classified, "vertices": vertex_checks, "edges": edge_checks, "worst_edge_m": worst}


def distance_to_lines(lines, lat, lon, step_deg=0.01):
    """Least GeographicLib distance (m) from (lat, lon) to densely sampled points of lon/lat polylines
    (each a sequence of (lon, lat) vertices), sampled every ``step_deg`` degrees along each edge."""
    best = np.inf
    for xy in lines:
        for (x1, y1), (x2, y2) in zip(xy[:-1], xy[1:]):
            n = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / step_deg))
            for t in np.arange(n + 1) / n:
                best = min(best, distance(lat, lon, y1 + t * (y2 - y1), x1 + t * (x2 - x1)))
    return best
