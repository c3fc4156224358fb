"""reach.js in headless Chromium against the reach contract (GeographicLib oracle) and the Python reference.

The JavaScript runs in a blank page with the vendored geographiclib-geodesic; its GeoJSON is read back
into shapely and checked here with the pure-Python ``geographiclib`` (tests/oracle.py), never with the
JavaScript's own geodesy. Many cases go through one ``page.evaluate`` call.
"""

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from devtools import oracle
from devtools.browser import launch, require_browser, script_page
from rangemap.geodesy import LONGEST_GEODESIC_M, display_geometry, reach_polygon

WEB = Path(__file__).resolve().parent.parent / "rangemap" / "web"
VENDOR = WEB / "vendor"
CASES = json.loads((Path(__file__).parent / "fixtures" / "hard_cases.json").read_text())

REACH_MANY = """([fn, cases]) => cases.map(c => {
  try { return {geom: rangemap[fn](c[0], c[1], c[2], {minRangeM: c[3], toleranceM: c[4]})}; }
  catch (e) { return {error: String(e && e.message)}; }
})"""


@pytest.fixture(scope="module")
def page():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield script_page(browser, VENDOR / "geographiclib-geodesic.min.js", WEB / "reach.js")
        browser.close()


def reach_many(page, cases, fn="reach"):
    """(lat, lon, range_m, min_range_m, tolerance_m) tuples -> shapely geometries, in one evaluate."""
    out = page.evaluate(REACH_MANY, [fn, [[float(v) for v in c] for c in cases]])
    for case, got in zip(cases, out):
        assert "error" not in got, f"{case}: {got.get('error')}"
    return [shape(got["geom"]) for got in out], [got["geom"] for got in out]


def _args(case):
    return (case["lat"], case["lon"], case["range_km"] * 1000.0, case.get("min_range_km", 0.0) * 1000.0,
            case.get("tolerance_m", 50.0))


def assert_like_python(geom, args):
    """Same region as Python's reach_polygon (up to the tolerance band) and about as many vertices."""
    lat, lon, rng, rmin, tol = args
    ref = reach_polygon(lat, lon, rng, min_range_m=rmin, tolerance_m=tol)
    assert geom.geom_type == ref.geom_type
    assert len(shapely.get_parts(geom)) == len(shapely.get_parts(ref))
    holes = [sorted(len(p.interiors) for p in shapely.get_parts(g)) for g in (geom, ref)]
    assert holes[0] == holes[1]
    # Both have their vertices on the boundary, so they differ by slivers thinner than the tolerance.
    diff = geom.symmetric_difference(ref).area
    assert diff <= 1e-6 * ref.area + 1e-12, (diff, ref.area)
    n_js, n_py = len(shapely.get_coordinates(geom)), len(shapely.get_coordinates(ref))
    assert abs(n_js - n_py) <= 4 + 0.005 * n_py, (n_js, n_py)


def assert_poles(geom, lat, lon, rng, rmin, tol):
    """A pole is in the region exactly when its distance says so (away from the tolerance band)."""
    for pole in (90.0, -90.0):
        d = oracle.distance(lat, lon, pole, 0.0)
        if abs(d - rng) > tol and (rmin == 0 or abs(d - rmin) > tol):
            for plon in (-180.0, -45.0, 0.0, 123.0, 180.0):
                assert bool(shapely.intersects_xy(geom, plon, pole)) == (rmin <= d <= rng), (pole, plon)


@pytest.fixture(scope="module")
def hard(page):
    geoms, raw = reach_many(page, [_args(c) for c in CASES])
    return {c["name"]: (g, r) for c, g, r in zip(CASES, geoms, raw)}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hard_case_meets_contract(hard, case):
    geom, raw = hard[case["name"]]
    args = _args(case)
    checked = oracle.check_reach(geom, *args, np.random.default_rng(7), edge_sample=200)
    assert checked["classified"] > 100
    expect = case["expect"]
    parts = shapely.get_parts(geom)
    assert geom.geom_type == expect["type"] and len(parts) == expect["parts"]
    if "holes" in expect:
        assert len(parts[0].interiors) == expect["holes"]
    for pole_lat, key in ((90.0, "north_pole"), (-90.0, "south_pole")):
        for plon in (0.0, 123.0, -180.0):
            assert bool(shapely.intersects_xy(geom, plon, pole_lat)) == expect[key]
    assert_like_python(geom, args)
    # GeoJSON as RFC 7946 asks: closed rings, exteriors anticlockwise, holes clockwise.
    for poly in ([raw["coordinates"]] if raw["type"] == "Polygon" else raw["coordinates"]):
        for i, ring in enumerate(poly):
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert shapely.LinearRing(ring).is_ccw == (i == 0)


# Launch points anywhere, weighted towards the poles and the antimeridian; ranges from 1 km to beyond
# the longest geodesic, with annuli.
latitudes = st.one_of(st.sampled_from([90.0, -90.0, 89.999, -89.999, 0.0]), st.floats(-90, 90))
longitudes = st.one_of(st.sampled_from([180.0, -180.0, 179.9999, -179.9999, 0.0]), st.floats(-180, 180))
ranges_m = st.one_of(st.sampled_from([1e3, 10.0e6, 19.5e6, 19.95e6, 20.01e6]),
                     st.floats(3.0, 7.29).map(lambda e: 10.0 ** e))
random_case = st.tuples(latitudes, longitudes, ranges_m, st.one_of(st.just(0.0), st.floats(0.05, 0.9)),
                        st.sampled_from([20.0, 50.0, 100.0, 1000.0]))


@settings(phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target])
@given(cases=st.lists(random_case, min_size=6, max_size=6), seed=st.integers(0, 2**32 - 1))
def test_random_cases_meet_contract(page, cases, seed):
    args = [(lat, lon, rng, inner * rng, tol) for lat, lon, rng, inner, tol in cases]
    geoms, _ = reach_many(page, args)
    rng = np.random.default_rng(seed)
    for geom, a in zip(geoms, args):
        oracle.check_reach(geom, *a, rng, edge_sample=60)
        assert_poles(geom, *a)
        if a[3] == 0 and a[2] >= LONGEST_GEODESIC_M:
            assert geom.equals(shapely.box(-180, -90, 180, 90))
        assert_like_python(geom, a)


def test_display_geometry_is_pythons(page):
    cases = [_args(c) for c in CASES if c["name"] in (
        "anadyr-1931km", "suva-2000km", "encloses-north-pole", "encloses-south-pole-across-180",
        "pyongyang-13000km", "pyongyang-15000km", "anadyr-annulus-across-180")]
    cases.append((50.5955, 36.5873, 1931e3, 0.0, 50.0))
    cases.append((10.0, -179.5, 500e3, 0.0, 50.0))
    geoms, _ = reach_many(page, cases, "reachDisplay")
    for geom, (lat, lon, rng, rmin, tol) in zip(geoms, cases):
        ref = display_geometry(reach_polygon(lat, lon, rng, min_range_m=rmin, tolerance_m=tol), lon)
        assert geom.is_valid, shapely.is_valid_reason(geom)
        minx, _, maxx, _ = geom.bounds
        assert lon - 180 - 1e-9 <= minx and maxx <= lon + 180 + 1e-9
        assert len(shapely.get_parts(geom)) == len(shapely.get_parts(ref)), (lat, lon, rng)
        assert geom.symmetric_difference(ref).area <= 1e-6 * ref.area
    anadyr = geoms[0]
    assert anadyr.geom_type == "Polygon" and anadyr.bounds[2] > 180  # one shape across ±180°


def test_vertices_on_the_cut_meridian(page):
    # Rings whose az-0 or az-180 vertex falls exactly on the cut: over a pole from lon 0 (standard
    # output, cut at ±180°), around a point on the antimeridian, and for display, cut opposite the site.
    cases = [(75.0, 0.0, 2.5e6, 0.0, 50.0), (0.0, 180.0, 8616.4, 0.0, 50.0), (-60.0, 0.0, 4e6, 1e6, 50.0),
             (0.0, -180.0, 1.5e7, 0.0, 100.0)]
    geoms, _ = reach_many(page, cases)
    for geom, args in zip(geoms, cases):
        oracle.check_reach(geom, *args, np.random.default_rng(5), edge_sample=100)
        assert_like_python(geom, args)
    display = [(80.0, 36.5873, 2e6, 0.0, 50.0), (-70.0, -123.25, 3e6, 0.0, 50.0)]
    for geom, (lat, lon, rng, _, _) in zip(reach_many(page, display, "reachDisplay")[0], display):
        assert geom.is_valid and geom.geom_type == "Polygon", shapely.is_valid_reason(geom)
        ref = display_geometry(reach_polygon(lat, lon, rng), lon)
        assert geom.symmetric_difference(ref).area <= 1e-6 * ref.area


def test_distance_matches_geographiclib(page):
    rng = np.random.default_rng(11)
    pairs = np.column_stack([rng.uniform(-90, 90, 200), rng.uniform(-180, 180, 200),
                             rng.uniform(-90, 90, 200), rng.uniform(-540, 540, 200)])
    pairs[:3] = [[90, 0, -90, 0], [0, 0, 0, 179.5], [10, 20, -10, -160]]  # pole to pole, near-antipodal
    got = page.evaluate("ps => ps.map(p => rangemap.distance(p[0], p[1], p[2], p[3]))", pairs.tolist())
    want = [oracle.distance(*p) for p in pairs]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)
    assert page.evaluate("rangemap.LONGEST_GEODESIC_M") == pytest.approx(LONGEST_GEODESIC_M, abs=1e-6)


@pytest.mark.parametrize("call, words", [
    ("reach(91, 0, 1e5)", "latitude 91"),
    ("reach(NaN, 0, 1e5)", "latitude NaN"),
    ("reach('50', 0, 1e5)", 'latitude "50"'),
    ("reach(0, Infinity, 1e5)", "longitude Infinity"),
    ("reach(0, 0, -5)", "rangeM -5"),
    ("reach(0, 0, 0)", "rangeM 0"),
    ("reach(0, 0, Infinity)", "rangeM Infinity"),
    ("reach(0, 0, 1e5, {minRangeM: 2e5})", "minRangeM 200000 must be less than rangeM 100000"),
    ("reach(0, 0, 1e5, {minRangeM: -1})", "minRangeM -1"),
    ("reach(0, 0, 1e5, {toleranceM: 0})", "toleranceM 0"),
    ("reach(0, 0, 1e5, {toleranceM: NaN})", "toleranceM NaN"),
    ("reachDisplay(0, 0, 1e5, {toleranceM: '<b>\\n</b>'})", 'toleranceM "<b>\\n</b>"'),
    ("distance(0, 0, -90.5, 0)", "latitude2 -90.5"),
    ("distance(0, null, 0, 0)", "longitude1 null"),
])
def test_bad_input_throws_one_line_naming_the_value(page, call, words):
    message = page.evaluate(f"() => {{ try {{ rangemap.{call}; return null; }} catch (e) {{ return e.message; }} }}")
    assert message is not None, f"{call} did not throw"
    assert words in message and "\n" not in message, message


def test_wrapped_longitudes_give_the_same_region(page):
    geoms, _ = reach_many(page, [(50.0, 390.0, 500e3, 0, 50), (50.0, 30.0, 500e3, 0, 50)])
    assert geoms[0].symmetric_difference(geoms[1]).area < 1e-12


def test_vendored_geodesic_matches_its_note():
    js = (VENDOR / "geographiclib-geodesic.min.js").read_bytes()
    version = (VENDOR / "geographiclib-geodesic.VERSION").read_text().strip()
    assert f'version_string="{version}"'.encode() in js
    note = (VENDOR / "README.md").read_text()
    assert version in note and hashlib.sha256(js).hexdigest() in note
    assert "MIT License" in (VENDOR / "geographiclib-geodesic.LICENSE.txt").read_text()
    pyproject = (WEB.parent.parent / "pyproject.toml").read_text()
    assert '"rangemap.web", "rangemap.web.vendor"' in pyproject  # shipped: the page works installed
    assert re.search(r'"rangemap\.web\.vendor" = \[[^\]]*"\*\.js"[^\]]*"\*\.txt"', pyproject)
