"""The baselines the benchmarks compare against are what they claim to be."""


import numpy as np
import pytest

from benchmarks.common import aeqd_buffer, haversine_outline, leaflet_circle_outline, outline_points
from devtools import oracle


def test_leaflet_circle_is_a_sphere_circle_at_the_equator():
    lat, lon = leaflet_circle_outline(0.0, 20.0, 100_000.0)
    d = [oracle.distance(0.0, 20.0, a, b) for a, b in zip(lat, lon)]
    assert np.allclose(d, 100_000.0, rtol=0.01)  # small and equatorial: Mercator is locally conformal


def test_leaflet_circle_is_centred_in_mercator_not_on_the_ground():
    lat, lon = leaflet_circle_outline(60.0, 30.0, 1_000_000.0)
    north = oracle.distance(60.0, 30.0, lat.max(), 30.0)
    south = oracle.distance(60.0, 30.0, lat.min(), 30.0)
    assert north == pytest.approx(1_000_000.0, rel=0.01) and south == pytest.approx(1_000_000.0, rel=0.01)
    widest = lat[np.argmax(lon)]
    assert widest > 61.0  # the ellipse's centre is the Mercator midpoint, north of the launch point
    east = oracle.distance(60.0, 30.0, widest, lon.max())
    assert east == pytest.approx(1_000_000.0, rel=0.01)  # radii on a sphere: close for moderate ranges


def test_haversine_ring_is_within_half_a_percent_of_the_ellipsoid():
    lat, lon = haversine_outline(50.0, 36.0, 692_000.0)
    d = np.array([oracle.distance(50.0, 36.0, a, b) for a, b in zip(lat, lon)])
    assert np.all(np.abs(d / 692_000.0 - 1) < 0.005) and np.ptp(d) > 100.0


def test_aeqd_recipe_vertices_are_geodesic_but_smear_across_180():
    ring = aeqd_buffer(50.0, 36.0, 692_000.0)
    pts = outline_points(ring, midpoints=False)
    d = np.array([oracle.distance(50.0, 36.0, a, b) for a, b in pts[::8]])
    assert np.allclose(d, 692_000.0, atol=1.0)
    smeared = aeqd_buffer(64.7337, 177.5089, 1_931_213.0)
    assert smeared.bounds[2] - smeared.bounds[0] > 300  # spans the map instead of splitting


@pytest.mark.parametrize("lat", [0.0, 45.0])
def test_outline_points_skip_artificial_edges(lat):
    import rangemap as rm
    geom = rm.reach_polygon(lat, 179.0, 500_000.0)
    pts = outline_points(geom)
    assert len(pts) > 50
    # vertices and edge midpoints of the ring only: a midpoint of the cut along ±180° lies far inside
    assert max(abs(oracle.distance(lat, 179.0, a, b) - 500_000.0) for a, b in pts) < 50.0
