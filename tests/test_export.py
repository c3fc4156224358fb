"""Exports at and near the poles, across ±180° and with holes: what is read back is what was in memory."""

import json

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import rangemap as rm
from devtools import oracle
from rangemap import geodesy
from rangemap.cli import main

# (name, lat, lon, range_m, min_range_m): caps at and near both poles, a ring across ±180°, annuli.
CASES = [
    ("hwasong-north-pole-1m-off", 89.999, 5.0, 692_018.0, 0.0),  # issue 11: a sliver without the pole
    ("koksan-south-pole", -89.99, -1.5783, 60_000.0, 0.0),  # issue 11: a hollow ring
    ("at-north-pole", 90.0, 0.0, 500_000.0, 0.0),
    ("at-south-pole", -90.0, 120.0, 1_500_000.0, 0.0),
    ("enclosing-north-pole", 84.0, -150.0, 1_000_000.0, 0.0),
    ("enclosing-south-pole", -80.0, 179.5, 2_000_000.0, 0.0),
    ("across-antimeridian", 64.7337, 177.5089, 1_931_213.0, 0.0),  # Anadyr, 1,200 mi
    ("annulus-across-antimeridian", 52.0, 178.0, 3_000_000.0, 1_000_000.0),
    ("annulus-around-north-pole", 88.0, 40.0, 1_500_000.0, 300_000.0),
]
SUFFIXES = [".geojson", ".kml", ".gpkg"]


def _table(case) -> gpd.GeoDataFrame:
    name, lat, lon, range_m, min_range_m = case
    geom = geodesy.reach_polygon(lat, lon, range_m, min_range_m=min_range_m)
    return gpd.GeoDataFrame({"system": [name], "site": [f"{lat}, {lon}"], "lat": [lat], "lon": [lon],
                             "range_m": [range_m], "min_range_m": [min_range_m]},
                            geometry=[geom], crs="EPSG:4326")


def _reaches_pole(geom, north: bool) -> bool:
    y = 90.0 - 1e-9 if north else -90.0 + 1e-9
    return bool(shapely.intersects_xy(geom, 0.0, y))


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_export_reads_back_as_the_geometry_in_memory(tmp_path, case, suffix):
    table = _table(case)
    original = shapely.orient_polygons(table.geometry.iloc[0])
    path = rm.export_reach(table, tmp_path / f"reach{suffix}")
    back = pyogrio.read_dataframe(path).geometry.iloc[0]
    assert back.is_valid, shapely.is_valid_reason(back)
    assert back.area == pytest.approx(original.area, rel=1e-9)
    assert shapely.symmetric_difference(back, original).area <= 1e-9 * original.area
    for north in (True, False):
        assert _reaches_pole(back, north) == _reaches_pole(original, north), (case[0], north)
    assert len(shapely.get_parts(back)) == len(shapely.get_parts(original))
    assert shapely.get_num_interior_rings(shapely.get_parts(back)).sum() == \
        shapely.get_num_interior_rings(shapely.get_parts(original)).sum()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_geojson_vertices_are_the_exact_boundary(tmp_path, case):
    name, lat, lon, range_m, min_range_m = case
    table = _table(case)
    path = rm.export_reach(table, tmp_path / "reach.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"type", "features"} and data["type"] == "FeatureCollection"  # RFC 7946: no crs
    feature = data["features"][0]
    assert feature["properties"]["system"] == name and feature["properties"]["range_m"] == range_m
    geom = shapely.geometry.shape(feature["geometry"])
    # RFC 7946 §3.1.6: exteriors counter-clockwise, holes clockwise; §3.1.9: nothing crosses ±180°
    for poly in shapely.get_parts(geom):
        assert poly.exterior.is_ccw and not any(r.is_ccw for r in poly.interiors)
    assert -180.0 <= geom.bounds[0] and geom.bounds[2] <= 180.0
    # not a bit lost: the file holds the doubles in memory
    assert np.array_equal(shapely.get_coordinates(geom),
                          shapely.get_coordinates(shapely.orient_polygons(table.geometry.iloc[0])))
    worst = 0.0
    for x, y in shapely.get_coordinates(geom):
        if not oracle.on_artificial_edge(x, y):
            worst = max(worst, oracle.boundary_error(lat, lon, range_m, min_range_m, y, x))
    assert worst < 1e-3, f"{name}: a vertex is {worst * 1000:.3f} mm off the boundary"


def test_cli_export_at_the_pole_keeps_the_pole(tmp_path):
    target = tmp_path / "h.geojson"
    assert main(["export", "--system", "hwasong-11", "--at=89.999,5", "-o", str(target)]) == 0
    back = pyogrio.read_dataframe(target).geometry.iloc[0]
    assert _reaches_pole(back, north=True) and back.bounds[1] < 84.0
    assert back.area == pytest.approx(geodesy.reach_polygon(89.999, 5.0, rm.system("hwasong-11")["range_km"] * 1e3)
                                      .area, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(north=st.booleans(), colat=st.floats(0.0, 10.0), lon=st.floats(-180.0, 180.0),
       extra_m=st.floats(1_000.0, 2_000_000.0), inner=st.one_of(st.just(0.0), st.floats(0.05, 0.5)))
def test_any_cap_around_a_pole_survives_geojson(tmp_path_factory, north, colat, lon, extra_m, inner):
    # a reach that encloses a pole: range longer than the launch point's distance to it
    lat = (90.0 - colat) if north else (colat - 90.0)
    to_pole_m = oracle.distance(lat, lon, 90.0 if north else -90.0, 0.0)
    range_m = to_pole_m + extra_m
    table = _table(("cap", lat, lon, range_m, inner * range_m))
    path = rm.export_reach(table, tmp_path_factory.mktemp("cap") / "cap.geojson")
    back = pyogrio.read_dataframe(path).geometry.iloc[0]
    original = shapely.orient_polygons(table.geometry.iloc[0])
    assert shapely.equals_exact(shapely.normalize(back), shapely.normalize(original), tolerance=0.0)
    if inner * range_m < to_pole_m - 1_000.0:  # the pole is clear of the inner ring's 50 m tolerance
        assert _reaches_pole(back, north)
