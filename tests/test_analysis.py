"""Analysis and exports against GeographicLib: targets, envelopes, reverse reach, area buffers, files."""

import json

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from geographiclib.polygonarea import PolygonArea

import rangemap as rm
from devtools import oracle
from rangemap.cli import main

BELGOROD = rm.site("belgorod")
HWASONG_M = rm.system("hwasong-11")["range_km"] * 1000.0


def test_reach_table_shape_and_band():
    table = rm.reach(["hwasong-11", "pukguksong-2"], ["belgorod", "anadyr"], band=True)
    assert table.crs.to_epsg() == 4326
    assert {"system", "site", "lat", "lon", "range_m", "min_range_m", "source", "geometry"} <= set(table.columns)
    nominal = table[table["band"] == "nominal"]
    assert len(nominal) == 4 and set(table["band"]) == {"nominal", "low", "high"}
    low = table[(table["band"] == "low") & (table["system"] == "pukguksong-2")]["range_m"]
    assert len(low) == 2 and (low == rm.system("pukguksong-2")["range_low_km"] * 1000.0).all()
    anadyr = nominal[(nominal["site"] == "anadyr") & (nominal["system"] == "pukguksong-2")].geometry.iloc[0]
    assert anadyr.geom_type == "MultiPolygon"  # split at ±180°


def test_ukrainian_cities_in_hwasong_reach_from_belgorod_are_exact():
    targets = rm.targets_in_reach(rm.reach("hwasong-11", "belgorod"), countries="UA")
    cities = rm.cities()
    ua = cities[cities["country"] == "UA"]
    truth = np.array([oracle.distance(BELGOROD["lat"], BELGOROD["lon"], la, lo) for la, lo in zip(ua["lat"], ua["lon"])])
    expected = set(ua.loc[truth <= HWASONG_M, "name"] + "|" + ua.loc[truth <= HWASONG_M, "lat"].astype(str))
    got = set(targets["name"] + "|" + targets["lat"].astype(str))
    assert got == expected and len(got) > 100
    want_km = dict(zip(ua["name"] + "|" + ua["lat"].astype(str), truth / 1000.0))
    for key, km in zip(targets["name"] + "|" + targets["lat"].astype(str), targets["distance_km"]):
        assert abs(km - want_km[key]) < 0.1
    assert (targets["system"] == "hwasong-11").all() and (targets["site"] == "belgorod").all()
    summary = rm.summary(targets)
    assert summary["population"].iloc[0] == targets["population"].sum() > 10_000_000


def test_cities_a_few_hundred_metres_from_the_boundary():
    rng = np.random.default_rng(11)
    rows = []
    for i, az in enumerate(rng.uniform(0, 360, 60)):
        offset = rng.choice([-400.0, -150.0, 150.0, 400.0])
        lat, lon = oracle.direct(BELGOROD["lat"], BELGOROD["lon"], az, HWASONG_M + offset)
        rows.append({"name": f"c{i}", "country": "XX", "admin1": "", "lat": lat, "lon": lon, "population": 20000,
                     "inside": offset < 0})
    frame = pd.DataFrame(rows)
    cities = rm.cities().iloc[:0].copy()
    import geopandas as gpd
    cities = gpd.GeoDataFrame(frame.drop(columns="inside"), geometry=gpd.points_from_xy(frame.lon, frame.lat),
                              crs="EPSG:4326")
    found = set(rm.targets_in_reach(rm.reach("hwasong-11", "belgorod"), cities=cities)["name"])
    assert found == set(frame.loc[frame["inside"], "name"])


def test_nearest_site_is_reported():
    targets = rm.targets_in_reach(rm.reach("hwasong-11", ["belgorod", "bryansk"]), countries="UA")
    for row in targets.sample(40, random_state=1).itertuples():
        d = {s: oracle.distance(rm.site(s)["lat"], rm.site(s)["lon"], row.lat, row.lon) for s in ("belgorod", "bryansk")}
        in_reach = {s: v for s, v in d.items() if v <= HWASONG_M}
        assert row.site == min(in_reach, key=in_reach.get)


@pytest.mark.parametrize("sites", [["belgorod", "kursk", "voronezh"], ["anadyr", (70.0, -170.0)], [(89.0, 0.0), "tyumen"]])
def test_envelope_is_the_union_of_reaches(sites):
    table = rm.reach(["pukguksong-2"], sites)
    env = rm.envelope(table)
    assert len(env) == 1 and env.geometry.iloc[0].is_valid
    geom = env.geometry.iloc[0]
    rng = np.random.default_rng(5)
    z = rng.uniform(-1, 1, 300)
    pts = zip(np.degrees(np.arcsin(z)), rng.uniform(-180, 180, 300))
    checked = 0
    for lat, lon in pts:
        d = min(oracle.distance(la, lo, lat, lon) for la, lo in zip(table["lat"], table["lon"]))
        if abs(d - table["range_m"].iloc[0]) <= 50:
            continue
        assert bool(shapely.intersects_xy(geom, lon, lat)) == (d <= table["range_m"].iloc[0])
        checked += 1
    assert checked > 250


@pytest.mark.parametrize("target", ["Kyiv", (46.48, 30.72), "Lviv"])
def test_reverse_reach_is_symmetric(target):
    area, inside = rm.launch_area(target, "hwasong-11")
    _, lat, lon = rm.analysis.target_point(target)
    for s in rm.sites().itertuples():
        reach = rm.reach_polygon(s.lat, s.lon, HWASONG_M)
        d = oracle.distance(s.lat, s.lon, lat, lon)
        listed = s.id in set(inside["id"])
        assert listed == (d <= HWASONG_M)
        if abs(d - HWASONG_M) > 50:  # polygons agree beyond the tolerance band
            assert listed == bool(shapely.intersects_xy(area, s.lon, s.lat)) == bool(shapely.intersects_xy(reach, lon, lat))


def _distance_to_region(region, lat, lon, step_deg=0.005):
    """Oracle: 0 inside, else the least GeographicLib distance to densely sampled boundary points."""
    if region.covers(shapely.Point(lon, lat)):
        return 0.0
    return oracle.distance_to_lines([np.asarray(region.exterior.coords)], lat, lon, step_deg)


def test_reach_from_area_is_a_geodesic_buffer():
    region = shapely.Polygon([(36.0, 50.3), (37.5, 50.2), (38.0, 51.0), (36.4, 51.2)])  # a border strip
    range_m = 300_000.0
    buffer = rm.reach_from_area(region, range_m)
    assert buffer.is_valid and buffer.covers(region)
    rng = np.random.default_rng(2)
    checked = 0
    for az, off in zip(rng.uniform(0, 360, 40), rng.choice([-2000.0, -200.0, 200.0, 2000.0], 40)):
        lat, lon = oracle.direct(50.7, 37.0, az, 350_000.0 + off)
        d = _distance_to_region(region, lat, lon)
        if abs(d - range_m) <= 50:
            continue
        assert bool(shapely.intersects_xy(buffer, lon, lat)) == (d <= range_m), (lat, lon, d)
        checked += 1
    assert checked > 30


def _geodesic_area(geom):
    total = 0.0
    for poly in shapely.get_parts(geom):
        for i, ring in enumerate([poly.exterior, *poly.interiors]):
            pa = PolygonArea(oracle.WGS84)
            for x, y in ring.coords[:-1]:
                pa.AddPoint(y, x)
            total += abs(pa.Compute()[2]) * (1 if i == 0 else -1)
    return total


@pytest.mark.parametrize("suffix", [".geojson", ".kml", ".gpkg"])
def test_exports_read_back_with_gdal_and_keep_their_area(tmp_path, suffix):
    table = rm.reach(["pukguksong-2", "hwasong-11"], ["anadyr", "belgorod"])
    path = rm.export_reach(table, tmp_path / f"reach{suffix}")
    back = pyogrio.read_dataframe(path)
    assert len(back) == len(table) and back.is_valid.all()
    for original, read in zip(table.geometry, back.geometry):
        assert read.bounds[0] >= -180 and read.bounds[2] <= 180
        assert _geodesic_area(read) == pytest.approx(_geodesic_area(original), rel=1e-7)
    assert list(back["system"]) == list(table["system"])
    if suffix == ".geojson":
        data = json.loads(path.read_text())
        first = data["features"][0]["geometry"]
        assert first["type"] == "MultiPolygon"  # Anadyr: split at ±180° per RFC 7946
        assert all(shapely.LinearRing(p[0]).is_ccw for p in first["coordinates"])
    if suffix == ".kml":
        text = path.read_text()
        assert "<PolyStyle><color>40005ed5</color>" in text and text.count("<styleUrl>") == len(table)


def test_cli_targets_and_export(capsys, tmp_path):
    assert main(["targets", "--system", "hwasong-11", "--site", "belgorod", "--country", "UA", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    header = out.splitlines()[0].split(",")
    assert header[:2] == ["name", "country"] and {"lat", "lon", "population", "distance_km", "system", "site"} <= set(header)
    assert "hwasong-11:" in err and "people within reach" in err
    target = tmp_path / "reach.gpkg"
    target.write_text("old")
    assert main(["export", "--system", "kn-15", "--site", "anadyr", "-o", str(tmp_path / "reach.shp")]) == 2
    assert main(["export", "--system", "kn-15", "--site", "nowhere", "-o", str(target)]) == 2
    assert target.read_text() == "old"
    assert main(["export", "--system", "kn-15", "--site", "anadyr", "-o", str(target)]) == 0
    assert len(pyogrio.read_dataframe(target)) == 1


def test_small_places_are_counted_but_not_drawn():
    targets = rm.targets_in_reach(rm.reach("hwasong-11", "belgorod"))
    catalog_rank = rm.cities().set_index("geonameid")["rank"]
    by_place = rm.cities().set_index(["name", "country", "lat", "lon"])["rank"]
    assert list(targets["rank"]) == [by_place[k] for k in zip(targets["name"], targets["country"], targets["lat"],
                                                               targets["lon"])]
    assert set(catalog_rank) == {1, 2, 3} and (targets["rank"] == 3).any()
    from rangemap.render.quick import drawn_cities
    drawn = drawn_cities(targets)
    assert drawn["population"].min() >= 15_000 and len(drawn) == (targets["population"] >= 15_000).sum()
    assert rm.summary(targets)["population"].iloc[0] > rm.summary(drawn)["population"].iloc[0]
