"""reach_polygon against its contract, checked with GeographicLib (an independent implementation)."""

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.testing
from geographiclib.polygonarea import PolygonArea
from hypothesis import given
from hypothesis import strategies as st

from devtools import oracle
from rangemap import geodesy
from rangemap.geodesy import LONGEST_GEODESIC_M, GeometryInputError, reach_polygon, reach_polygons

CASES = json.loads((Path(__file__).parent / "fixtures" / "hard_cases.json").read_text())


def _args(case):
    return (case["lat"], case["lon"], case["range_km"] * 1000.0, case.get("min_range_km", 0.0) * 1000.0,
            case.get("tolerance_m", 50.0))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hard_case_meets_contract(case):
    lat, lon, rng, rmin, tol = _args(case)
    geom = reach_polygon(lat, lon, rng, min_range_m=rmin, tolerance_m=tol)
    checked = oracle.check_reach(geom, lat, lon, rng, rmin, tol, np.random.default_rng(7))
    assert checked["classified"] > 100
    expect = case["expect"]
    parts = shapely.get_parts(geom)
    assert geom.geom_type == expect["type"]
    assert len(parts) == expect["parts"]
    if "holes" in expect:
        assert len(parts[0].interiors) == expect["holes"]
    for pole_lat, key in ((90.0, "north_pole"), (-90.0, "south_pole")):
        assert bool(shapely.intersects_xy(geom, 0.0, pole_lat)) == expect[key]
        assert bool(shapely.intersects_xy(geom, 123.0, pole_lat)) == expect[key]
    if "area_km2" in expect:
        area = PolygonArea(oracle.WGS84)
        for x, y in parts[0].exterior.coords[:-1]:
            area.AddPoint(y, x)
        low, high = expect["area_km2"]
        assert low <= abs(area.Compute()[2]) / 1e6 <= high


# Launch points anywhere, with extra weight at the poles and on the antimeridian.
latitudes = st.one_of(st.sampled_from([90.0, -90.0, 89.999, -89.999, 0.0]), st.floats(-90, 90))
longitudes = st.one_of(st.sampled_from([180.0, -180.0, 179.9999, -179.9999, 0.0]), st.floats(-180, 180))
ranges_m = st.one_of(st.sampled_from([1e3, 19.5e6, 10.0e6, 19.95e6]),
                     st.floats(3.0, 7.29).map(lambda e: 10.0 ** e))


@given(lat=latitudes, lon=longitudes, range_m=ranges_m,
       inner=st.one_of(st.just(0.0), st.floats(0.05, 0.9)),
       tolerance_m=st.sampled_from([20.0, 50.0, 100.0, 1000.0]),
       seed=st.integers(0, 2**32 - 1))
def test_reach_anywhere_matches_geographiclib(lat, lon, range_m, inner, tolerance_m, seed):
    rmin = inner * range_m
    geom = reach_polygon(lat, lon, range_m, min_range_m=rmin, tolerance_m=tolerance_m)
    oracle.check_reach(geom, lat, lon, range_m, rmin, tolerance_m, np.random.default_rng(seed), edge_sample=150)


def test_batch_equals_single_calls():
    lats = np.array([64.7337, 50.5955, 90.0, 39.0392, -18.1416, 10.0])
    lons = np.array([177.5089, 36.5873, 0.0, 125.7625, 178.4419, 20.0])
    ranges = np.array([1931e3, 692e3, 1000e3, 15000e3, 2000e3, 300e3])
    batch = reach_polygons(lats, lons, ranges)
    assert batch.shape == (6,)
    for geom, la, lo, r in zip(batch, lats, lons, ranges):
        shapely.testing.assert_geometries_equal(geom, reach_polygon(la, lo, r))


def test_batch_broadcasts_one_range_over_many_points():
    out = reach_polygons([50.0, 51.0, 52.0], [30.0, 31.0, 32.0], 100e3)
    assert len(out) == 3 and all(g.contains(shapely.Point(30.0 + i, 50.0 + i)) for i, g in enumerate(out))


@pytest.mark.parametrize("range_m", [692_018.0, 1_931_213.0])
def test_vertex_count_adapts_to_range_and_tolerance(range_m):
    counts = {tol: len(shapely.get_coordinates(reach_polygon(50.5955, 36.5873, range_m, tolerance_m=tol)))
              for tol in (10.0, 50.0, 100.0, 1000.0)}
    assert counts[10.0] > counts[50.0] > counts[100.0] > counts[1000.0]
    # sagitta grows with the square of the edge: 5x the tolerance needs about 1/sqrt(5) as many vertices
    assert 1.6 < counts[10.0] / counts[50.0] < 2.8


def test_longer_range_needs_more_vertices():
    small, large = (len(shapely.get_coordinates(reach_polygon(50.6, 36.6, r))) for r in (692e3, 1931e3))
    assert large > small


def test_longest_geodesic_is_half_a_meridian():
    assert LONGEST_GEODESIC_M == pytest.approx(2 * oracle.distance(0, 0, 90, 0), abs=1e-6)
    assert LONGEST_GEODESIC_M == pytest.approx(oracle.distance(33.0, 44.0, -33.0, -136.0), abs=1e-3)


def test_distance_helper_matches_geographiclib_and_broadcasts():
    rng = np.random.default_rng(3)
    lat1, lat2 = rng.uniform(-90, 90, (2, 50))
    lon1, lon2 = rng.uniform(-180, 180, (2, 50))
    got = geodesy.distance_m(lat1, lon1, lat2, lon2)
    want = [oracle.distance(*p) for p in zip(lat1, lon1, lat2, lon2)]
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert geodesy.distance_m(50.0, 30.0, lat2, lon2).shape == (50,)
    assert isinstance(geodesy.distance_m(50.0, 30.0, 51.0, 31.0), float)


def test_destination_matches_geographiclib():
    lat2, lon2 = geodesy.destination(50.5955, 36.5873, [0.0, 90.0, 200.0], 692_018.0)
    for az, la, lo in zip([0.0, 90.0, 200.0], lat2, lon2):
        want = oracle.direct(50.5955, 36.5873, az, 692_018.0)
        assert oracle.distance(la, lo, *want) < 1e-6


@pytest.mark.parametrize("kwargs, word", [
    (dict(lat=91.0, lon=0.0, range_m=1e5), "latitude 91.0"),
    (dict(lat=float("nan"), lon=0.0, range_m=1e5), "latitude nan"),
    (dict(lat=0.0, lon=float("inf"), range_m=1e5), "longitude inf"),
    (dict(lat=0.0, lon=0.0, range_m=-5.0), "range_m -5.0"),
    (dict(lat=0.0, lon=0.0, range_m=0.0), "range_m 0.0"),
    (dict(lat=0.0, lon=0.0, range_m=1e5, min_range_m=2e5), "min_range_m 200000.0"),
    (dict(lat=0.0, lon=0.0, range_m=1e5, tolerance_m=0.0), "tolerance_m 0.0"),
    # finer than 1 mm never finished near the antipode (issue 24); refused at once, far from it too
    (dict(lat=50.0, lon=36.0, range_m=19_990_000.0, tolerance_m=1e-6), "tolerance_m 1e-06 is finer than 0.001 m"),
    (dict(lat=50.0, lon=36.0, range_m=692_000.0, tolerance_m=1e-4), "tolerance_m 0.0001 is finer than 0.001 m"),
])
def test_bad_input_names_the_value(kwargs, word):
    with pytest.raises(GeometryInputError, match=word.replace(".", r"\.")) as err:
        reach_polygon(**kwargs)
    assert isinstance(err.value, ValueError)


def test_longitudes_outside_180_are_wrapped():
    a = reach_polygon(50.0, 390.0, 500e3)
    b = reach_polygon(50.0, 30.0, 500e3)
    assert a.symmetric_difference(b).area < 1e-9


@pytest.mark.parametrize("lat, lon, range_m", [(64.7347, 177.5089, 1_931_213.0),  # Anadyr, an MRBM
                                               (0.0, 180.0, 500_000.0), (-45.0, -179.99, 3_000_000.0),
                                               (60.0, 179.99995, 10.0)])
def test_antimeridian_cut_equals_the_fold(lat, lon, range_m):
    """The direct cut of a ring at ±180° (no clipping) gives the same pieces as folding by rectangle clips."""
    from rangemap.geodesy import regions

    cut = reach_polygon(lat, lon, range_m)
    original = regions._split_at_antimeridian
    try:
        regions._split_at_antimeridian = lambda x, y: None
        folded = reach_polygon(lat, lon, range_m)
    finally:
        regions._split_at_antimeridian = original
    assert cut.geom_type == "MultiPolygon" and cut.is_valid and len(cut.geoms) == len(folded.geoms) == 2
    np.testing.assert_allclose(shapely.bounds(np.array(cut.geoms)), shapely.bounds(np.array(folded.geoms)), atol=1e-9)
    assert shapely.symmetric_difference(cut, folded).area <= 1e-12 * folded.area
