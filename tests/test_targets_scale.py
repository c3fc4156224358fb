"""Targets at scale: the array core against GeographicLib, point tables from any source, streaming with
bounded memory, and Dask equal to the single process."""

import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import rangemap as rm
from devtools import oracle
from rangemap.analysis.pairs import iter_pairs, pairs_in_reach
from rangemap.cli import main

ROOT = Path(__file__).resolve().parent.parent

lats = st.floats(-90, 90)
lons = st.floats(-180, 180)


@settings(max_examples=60, deadline=None)
@given(lat=st.one_of(lats, st.sampled_from([90.0, -90.0, 89.99, -89.99, 0.0])),
       lon=st.one_of(lons, st.sampled_from([180.0, -180.0, 179.999, -179.999])),
       range_m=st.one_of(st.floats(1_000, 20_100_000), st.sampled_from([10_001_000.0, 19_990_000.0, 25_000_000.0])),
       seed=st.integers(0, 2**32 - 1))
def test_prefilter_never_drops_a_pair_in_reach(lat, lon, range_m, seed):
    rng = np.random.default_rng(seed)
    pts = [oracle.direct(lat, lon, az, min(range_m * f, 2.0e7)) for az, f in
           zip(rng.uniform(0, 360, 40), rng.choice([0.999999, 0.9999, 0.99, 0.5, 1.000001, 1.01], 40))]
    pts += list(zip(np.degrees(np.arcsin(rng.uniform(-1, 1, 40))), rng.uniform(-180, 180, 40)))
    p_lat, p_lon = np.array(pts).T
    point, row, dist = pairs_in_reach(p_lat, p_lon, pd.DataFrame({"lat": [lat], "lon": [lon], "range_m": [range_m]}))
    truth = np.array([oracle.distance(lat, lon, a, b) for a, b in pts])
    sure_in = np.flatnonzero(truth <= range_m - 1e-3)
    assert set(sure_in) <= set(point.tolist())
    assert np.all(truth[point] <= range_m + 1e-3) and (row == 0).all()
    assert np.allclose(dist, truth[point], rtol=0, atol=1e-4)


def _brute(p_lat, p_lon, table):
    """Every pair by one geodesic per (point, row): the answer without any prefilter."""
    pi, ri = np.meshgrid(np.arange(p_lat.size), np.arange(len(table)), indexing="ij")
    pi, ri = pi.ravel(), ri.ravel()
    d = rm.geodesy.distance_m(table["lat"].to_numpy()[ri], table["lon"].to_numpy()[ri], p_lat[pi], p_lon[pi])
    ok = (d <= table["range_m"].to_numpy()[ri]) & (d >= table["min_range_m"].to_numpy()[ri])
    return pi[ok], ri[ok], d[ok]


@pytest.mark.parametrize("n_points, n_rows", [(3000, 20), (3000, 400), (150, 2000)])
def test_cube_index_finds_every_pair_both_ways(n_points, n_rows):
    rng = np.random.default_rng(n_rows)
    p_lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n_points)))
    p_lon = rng.uniform(-180, 180, n_points)
    table = pd.DataFrame({"lat": np.degrees(np.arcsin(rng.uniform(-1, 1, n_rows))), "lon": rng.uniform(-180, 180, n_rows),
                          "range_m": rng.choice([50_000.0, 700_000.0, 2_000_000.0, 9_000_000.0, 15_000_000.0], n_rows),
                          "min_range_m": rng.choice([0.0, 0.0, 30_000.0], n_rows)})
    got = pairs_in_reach(p_lat, p_lon, table)
    want = _brute(p_lat, p_lon, table)
    assert len(want[0]) > 100
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    assert np.array_equal(got[2], want[2])


def test_nearest_pruning_keeps_every_nearest_site():
    rng = np.random.default_rng(4)
    cities = rm.cities()
    n = 3000
    s_lat, s_lon = rng.uniform(35, 70, n), rng.uniform(10, 70, n)
    table = pd.DataFrame({"lat": np.r_[s_lat, s_lat], "lon": np.r_[s_lon, s_lon],
                          "range_m": np.r_[np.full(n, 300_000.0), np.full(n, 1_000_000.0)],
                          "min_range_m": np.r_[np.zeros(n), np.full(n, 200_000.0)]})
    group = np.r_[np.zeros(n, int), np.ones(n, int)]
    parts = list(iter_pairs(cities["lat"], cities["lon"], table, nearest_by=group))
    pruned = pd.DataFrame({"p": np.concatenate([p[0] for p in parts]), "g": group[np.concatenate([p[1] for p in parts])],
                           "d": np.concatenate([p[2] for p in parts])})
    p, r, d = pairs_in_reach(cities["lat"], cities["lon"], table)
    full = pd.DataFrame({"p": p, "g": group[r], "d": d})
    assert len(pruned) < len(full) / 10
    assert pruned.groupby(["p", "g"])["d"].min().equals(full.groupby(["p", "g"])["d"].min())


@pytest.fixture(scope="module")
def points(tmp_path_factory):
    rng = np.random.default_rng(8)
    n = 20_000
    lat, lon = np.degrees(np.arcsin(rng.uniform(-1, 1, n))), rng.uniform(-180, 180, n)
    frame = gpd.GeoDataFrame({"asset": [f"a{i}" for i in range(n)], "value": rng.integers(0, 100, n)},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    folder = tmp_path_factory.mktemp("points")
    frame.to_parquet(folder / "p.parquet")
    frame.to_crs(3857).to_parquet(folder / "p-native-3857.parquet", geometry_encoding="geoarrow")  # GeoParquet 1.1
    frame.to_file(folder / "p.gpkg")
    frame.iloc[:2000].to_file(folder / "p.geojson")
    pd.DataFrame({"asset": frame["asset"], "value": frame["value"], "Latitude": lat, "Longitude": lon}).to_csv(
        folder / "p.csv", index=False)
    return frame, folder


REACH = dict(systems=["hwasong-11", "pukguksong-2"], sites=["belgorod", "anadyr", (89.9, 10.0), (-10.0, -179.99)])


def test_every_kind_of_point_table_gives_the_same_targets(points):
    frame, folder = points
    table = rm.reach(REACH["systems"], REACH["sites"], geometry=False)
    want = rm.targets_in_reach(table, frame)
    assert list(want.columns) == ["asset", "value", "lat", "lon", "distance_km", "system", "site"]
    assert len(want) > 1000 and set(want["site"]) >= {"anadyr", "belgorod", "89.9000, 10.0000"}
    with_polygons = rm.targets_in_reach(rm.reach(REACH["systems"], REACH["sites"]), frame)
    pd.testing.assert_frame_equal(with_polygons, want)
    for name in ("p.parquet", "p.gpkg", "p.csv"):
        got = rm.targets_in_reach(table, folder / name)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False)
    native = rm.targets_in_reach(table, folder / "p-native-3857.parquet")  # native points, in Web Mercator
    pd.testing.assert_frame_equal(native.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False,
                                  atol=1e-9)
    as_frame = pd.read_csv(folder / "p.csv")
    pd.testing.assert_frame_equal(rm.targets_in_reach(table, as_frame), want, check_dtype=False)
    geojson = rm.targets_in_reach(table, folder / "p.geojson")
    pd.testing.assert_frame_equal(geojson, want[want.index < 2000], check_dtype=False, atol=1e-9)
    # spot checks against GeographicLib: distance and the nearest reaching site
    sites = table.drop_duplicates("site").set_index("site")
    for row in want.sample(30, random_state=2).itertuples():
        rng_m = table.loc[table["system"] == row.system, "range_m"].iloc[0]
        d = {s: oracle.distance(sites.at[s, "lat"], sites.at[s, "lon"], row.lat, row.lon) for s in sites.index}
        reach_ok = {s: v for s, v in d.items() if v <= rng_m}
        assert row.site == min(reach_ok, key=reach_ok.get)
        assert abs(row.distance_km - reach_ok[row.site] / 1000) < 0.001


def test_cli_streams_a_targets_file(points, tmp_path, capsys):
    frame, folder = points
    table = rm.reach(REACH["systems"], ["belgorod", "anadyr"], geometry=False)
    want = rm.targets_in_reach(table, frame).reset_index(drop=True)
    args = ["targets", "--system", *REACH["systems"], "--site", "belgorod", "anadyr", "--targets-file"]
    out = tmp_path / "out.parquet"
    assert main([*args, str(folder / "p.parquet"), "-o", str(out)]) == 0
    got = pd.read_parquet(out)
    assert got[["asset", "distance_km", "system"]].equals(want[["asset", "distance_km", "system"]])
    capsys.readouterr()
    assert main([*args, str(folder / "p.csv")]) == 0
    text, err = capsys.readouterr()
    assert text.splitlines()[0] == "asset,value,lat,lon,distance_km,system,site" and len(text.splitlines()) == len(want) + 1
    assert "\r" not in err and f"{len(want)} targets within reach" in err  # no progress bar when not a terminal
    assert main([*args, str(folder / "p.csv"), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert main([*args, str(folder / "missing.csv")]) == 2


STREAM_RSS = """
import sys
from devtools.memory import peak_rss_mb, reset_peak_rss
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
from rangemap.cli import main
n = int(sys.argv[1])
rng = np.random.default_rng(0)
path = sys.argv[2]
w = None
for start in range(0, n, 250_000):
    k = min(250_000, n - start)
    t = pa.table({"id": np.arange(start, start + k), "lat": rng.uniform(40, 60, k), "lon": rng.uniform(20, 50, k)})
    w = w or pq.ParquetWriter(path, t.schema)
    w.write_table(t)
w.close()
base = reset_peak_rss()  # MB resident now: imports done, file written
import rangemap.catalog.points as points
points.BATCH_ROWS = 100_000
assert main(["targets", "--system", "hwasong-11", "--site", "belgorod", "--targets-file", path,
             "-o", sys.argv[3]]) == 0
print(base, peak_rss_mb())
"""


def test_point_files_that_are_not_points_fail_in_one_line(tmp_path, capsys):
    lines = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.LineString([(30, 50), (31, 51)])], crs=4326)
    lines.to_parquet(tmp_path / "native.parquet", geometry_encoding="geoarrow")
    lines.to_parquet(tmp_path / "wkb.parquet")
    empty = gpd.GeoDataFrame({"id": [1, 2]}, geometry=[shapely.Point(36, 50), None], crs=4326)
    empty.to_parquet(tmp_path / "missing.parquet", geometry_encoding="geoarrow")
    table = pq.read_table(tmp_path / "wkb.parquet")
    pq.write_table(table.replace_schema_metadata({b"geo": b"{not json"}), tmp_path / "bad-geo.parquet")
    args = ["targets", "--system", "hwasong-11", "--site", "belgorod", "--targets-file"]
    expected = {"native.parquet": "holds linestring geometries; targets must be Points",
                "wkb.parquet": "row 0: geometry must be a Point, not a LineString",
                "missing.parquet": "row 1: latitude nan, longitude nan is not a position",
                "bad-geo.parquet": "its GeoParquet metadata ('geo') is not valid"}
    for name, words in expected.items():
        assert main([*args, str(tmp_path / name)]) == 2
        err = capsys.readouterr().err
        assert words in err and len(err.strip().splitlines()) == 1, err


def test_streaming_memory_does_not_grow_with_the_file(tmp_path):
    grew = {}
    for n in (200_000, 2_000_000):
        run = subprocess.run([sys.executable, "-c", STREAM_RSS, str(n), str(tmp_path / f"{n}.parquet"),
                              str(tmp_path / f"out{n}.csv")], capture_output=True, text=True, check=True, cwd=ROOT)
        base, peak = map(float, run.stdout.split())
        grew[n] = peak - base  # MB above the state after writing the file
    assert grew[2_000_000] < grew[200_000] + 40, grew  # ten times the rows, about the same memory


def test_dask_on_two_workers_equals_the_single_process(tmp_path):
    dask_geopandas = pytest.importorskip("dask_geopandas")
    distributed = pytest.importorskip("distributed")
    rng = np.random.default_rng(12)
    n = 300_000
    lat, lon = np.degrees(np.arcsin(rng.uniform(-1, 1, n))), rng.uniform(-180, 180, n)
    frame = gpd.GeoDataFrame({"id": np.arange(n)}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    table = rm.reach(REACH["systems"], REACH["sites"], geometry=False)
    local = rm.targets_in_reach(table, frame)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            distributed.Client(cluster):
        lazy = rm.targets_in_reach(table, dask_geopandas.from_geopandas(frame, npartitions=6))
        assert hasattr(lazy, "compute") and lazy.npartitions == 6
        pd.testing.assert_frame_equal(lazy.compute(), local)
        also = rm.targets_in_reach(table, frame, engine="dask").compute()
        pd.testing.assert_frame_equal(also, local)
        frame.to_parquet(tmp_path / "p.parquet", row_group_size=50_000)  # what the CLI's --scheduler streams
        from rangemap.analysis import distributed as on_dask
        parts = list(on_dask.iter_computed(table, tmp_path / "p.parquet"))
        assert sum(n for n, _ in parts) == n and len(parts) > 1
        streamed = pd.concat([found for _, found in parts])
        pd.testing.assert_frame_equal(streamed, local)
        pd.testing.assert_frame_equal(rm.targets_in_reach(table, tmp_path / "p.parquet", engine="dask").compute(), local)
    assert len(local) > 20_000
