"""The nearest launch point through a k-d tree (issue 24) against brute force with geographiclib, and
against the grid path it replaces, on hard places: ±180°, the poles, launch points far apart."""

from __future__ import annotations

import builtins

import numpy as np
import pandas as pd
import pytest

from devtools import oracle
from rangemap.analysis import pairs
from rangemap.analysis.targets import targets_chunk

RANGE_M = 692_000.0


def _case(seed: int, n_sites: int, n_points: int, where: str):
    rng = np.random.default_rng(seed)
    if where == "theatre":
        s_lat, s_lon = rng.uniform(45, 56, n_sites), rng.uniform(33, 48, n_sites)
        p_lat, p_lon = rng.uniform(38, 62, n_points), rng.uniform(20, 60, n_points)
    elif where == "antimeridian":
        s_lat, s_lon = rng.uniform(55, 70, n_sites), rng.choice([-1, 1], n_sites) * rng.uniform(172, 180, n_sites)
        p_lat, p_lon = rng.uniform(50, 75, n_points), rng.choice([-1, 1], n_points) * rng.uniform(165, 180, n_points)
    else:  # round the north pole
        s_lat, s_lon = rng.uniform(82, 90, n_sites), rng.uniform(-180, 180, n_sites)
        p_lat, p_lon = rng.uniform(75, 90, n_points), rng.uniform(-180, 180, n_points)
    sites = pd.DataFrame({"system": "x", "site": [f"s{i}" for i in range(n_sites)], "lat": s_lat, "lon": s_lon,
                          "range_m": RANGE_M, "min_range_m": 0.0})
    points = pd.DataFrame({"name": [f"p{i}" for i in range(n_points)], "lat": p_lat, "lon": p_lon})
    return sites, points


def _brute(sites, points):
    """Nearest site within range per point by geographiclib (ties to the first site)."""
    out = {}
    for i, (plat, plon) in enumerate(zip(points["lat"], points["lon"])):
        d = [oracle.distance(slat, slon, plat, plon) for slat, slon in zip(sites["lat"], sites["lon"])]
        j = int(np.argmin(d))
        if d[j] <= RANGE_M:
            out[f"p{i}"] = (f"s{j}", d[j])
    return out


@pytest.mark.parametrize("where, seed", [("theatre", 1), ("antimeridian", 2), ("pole", 3)])
def test_tree_finds_the_nearest_site_as_brute_force_does(where, seed):
    sites, points = _case(seed, 150, 120, where)
    found = targets_chunk(points, sites)
    got = {n: (s, d) for n, s, d in zip(found["name"], found["site"], found["distance_km"])}
    expected = _brute(sites, points)
    assert got.keys() == expected.keys() and len(got) > 10
    for name, (site, dist) in expected.items():
        assert got[name][0] == site, name
        assert got[name][1] == pytest.approx(dist / 1000, abs=1.5e-3)


def test_tree_and_grid_give_the_same_targets(monkeypatch):
    sites, points = _case(4, 400, 3000, "theatre")
    with_tree = targets_chunk(points, sites)
    real_import = builtins.__import__

    def no_scipy(name, *args, **kwargs):
        if name.startswith("scipy"):
            raise ImportError("no scipy")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_scipy)
    with_grid = targets_chunk(points, sites)
    pd.testing.assert_frame_equal(with_tree, with_grid)
    assert len(with_tree) > 1000


def test_groups_with_few_sites_or_mixed_ranges_keep_the_grid(monkeypatch):
    calls = []
    real = pairs._nearest
    monkeypatch.setattr(pairs, "_nearest", lambda *a, **k: calls.append(1) or real(*a, **k))
    sites, points = _case(5, 100, 50, "theatre")
    targets_chunk(points, sites.assign(range_m=np.linspace(600e3, 700e3, len(sites))))
    targets_chunk(points, sites.head(pairs._SCAN_ROWS))
    assert calls == []
    targets_chunk(points, sites)
    assert calls == [1]


@pytest.mark.parametrize("min_m", [50_000.0, 300_000.0])
def test_tree_respects_a_minimum_range_as_brute_force_does(min_m):
    sites, points = _case(6, 150, 150, "theatre")
    sites = sites.assign(min_range_m=min_m)
    found = targets_chunk(points, sites)
    got = {n: (s, d) for n, s, d in zip(found["name"], found["site"], found["distance_km"])}
    expected = {}
    for i, (plat, plon) in enumerate(zip(points["lat"], points["lon"])):
        d = np.array([oracle.distance(a, b, plat, plon) for a, b in zip(sites["lat"], sites["lon"])])
        ok = np.flatnonzero((d >= min_m) & (d <= RANGE_M))
        if ok.size:
            j = ok[np.argmin(d[ok])]
            expected[f"p{i}"] = (f"s{j}", d[j])
    assert got.keys() == expected.keys() and len(got) > 10
    for name, (site, dist) in expected.items():
        assert got[name][0] == site and got[name][1] == pytest.approx(dist / 1000, abs=1.5e-3), name


def test_the_chord_bound_holds_for_long_geodesics():
    rng = np.random.default_rng(7)
    lat1, lon1 = rng.uniform(-90, 90, 2000), rng.uniform(-180, 180, 2000)
    lat2, lon2 = rng.uniform(-90, 90, 2000), rng.uniform(-180, 180, 2000)
    s = np.array([oracle.distance(*a) for a in zip(lat1, lon1, lat2, lon2)])
    chord = np.linalg.norm(pairs.earth_centred(lat1, lon1) - pairs.earth_centred(lat2, lon2), axis=1)
    bound = np.array([pairs._shortest_chord(x) for x in s])
    assert (chord >= bound).all() and (chord <= s).all()
