"""Warning-time rings and accuracy at a target (issue 21, items 4 and 5), in Python and on the command line.

Time rings are checked against the two-body integration of devtools/twobody.py (RK4, none of the closed
form's formulas): the ring's launch state lands at its range in its time, and that range is the most any
burnout angle gives at that speed (so the ellipse is the minimum-energy one). Ring vertices and impacts are
checked with the pure-Python geographiclib (devtools/oracle.py), probabilities against a Monte Carlo.
"""

import math

import numpy as np
import pytest
import shapely

import rangemap as rm
from devtools import oracle
from devtools.twobody import integrate
from rangemap.analysis.aim import impact_misses
from rangemap.catalog.performance import accuracy, flight_model
from rangemap.cli import main


def vertices(geom):
    """Exterior vertices of a ring polygon, without those on the antimeridian cut or a pole's latitude."""
    xy = np.concatenate([np.asarray(shapely.get_exterior_ring(p).coords) for p in shapely.get_parts(geom)])
    keep = (np.abs(np.abs(xy[:, 0]) - 180.0) > 1e-9) & (np.abs(np.abs(xy[:, 1]) - 90.0) > 1e-9)
    return xy[keep]


# ---- warning-time rings ---------------------------------------------------------------------------------

SITES = ["belgorod", (64.73, 177.51)]  # Anadyr: the 5-minute ring crosses the antimeridian


@pytest.fixture(scope="module")
def rings():
    return rm.time_rings(["iskander-m", "shahed-136", "kh-22", "kalibr"], SITES, minutes=[1, 2, 5, 10])


def test_time_rings_are_labelled_and_state_what_they_leave_out(rings):
    assert list(rings.columns[:5]) == ["system", "system_name", "site", "site_name", "lat"]
    assert rings.crs.to_epsg() == 4326
    assert set(rings["label"]) == {"1 min", "2 min", "5 min", "10 min"}
    assert (rings["idealisation"] == rm.analysis.timing.IDEALISATION).all()
    assert "no boost phase" in rings["idealisation"].iloc[0]
    # Iskander-M (500 km) covers its whole range in under 10 min: no 10-minute ring, and the notes say so
    iskander = rings[rings["system"] == "iskander-m"]
    assert sorted(set(iskander["minutes"])) == [1, 2, 5] and len(iskander) == 3 * len(SITES)
    notes = " ".join(rings.attrs["notes"])
    assert "9M723 Iskander-M: its whole range in about 5 min" in notes and "no ring at 10 min" in notes
    assert "3M14 Kalibr: flight time unknown" in notes and "kalibr" not in set(rings["system"])
    assert "Kh-22: its whole range in at least 9 min" in notes
    assert len(rings[rings["system"] == "shahed-136"]) == 4 * len(SITES)


def test_a_depressed_flight_has_no_ring_quicker_than_its_fall():
    got = rm.time_rings("hwasong-11", "belgorod", [1, 2, 3.6, 5])
    assert list(got["minutes"]) == [3.6]
    notes = " ".join(got.attrs["notes"])
    assert "no free flight through its reported 50 km apogee is as quick as 1 min or 2 min" in notes
    assert "no ring at 5 min" in notes


def test_ballistic_ring_radii_match_the_two_body_integration(rings):
    ballistic = rings[rings["model"] == "ballistic"].drop_duplicates("minutes")
    assert len(ballistic) == 3
    for row in ballistic.itertuples():
        traj = rm.trajectory(row.range_m)
        t, ground, _ = integrate(traj.burnout_speed_ms, traj.launch_angle_deg)
        assert abs(t - row.time_s) < 1.0 and abs(ground - row.range_m) < 10.0, (row.minutes, t, ground)
        # minimum energy for this range = the longest range at this burnout speed: either side of the angle
        # the same speed falls short
        for step in (-1.0, 1.0):
            _, other, _ = integrate(traj.burnout_speed_ms, traj.launch_angle_deg + step)
            assert other < ground * (1 - 3e-4), (row.minutes, step, other, ground)  # about 2·(1°)² short


def test_a_ring_through_a_reported_apogee_matches_the_integration():
    row = rm.time_rings("hwasong-11", "belgorod", [3.6]).iloc[0]
    apogee = flight_model("hwasong-11")["apogee_m"]
    traj = rm.trajectory(row["range_m"], apogee_m=apogee)
    t, ground, top = integrate(traj.burnout_speed_ms, traj.launch_angle_deg, dt=0.1)
    assert abs(t - 216.0) < 1.0 and abs(ground - row["range_m"]) < 10.0 and abs(top - apogee) < 50.0


def test_cruise_ring_radii_are_the_sourced_speed_times_the_time(rings):
    for row in rings[rings["model"] == "cruise"].itertuples():
        speed = flight_model(row.system)["speed_kmh"]
        assert row.range_m == pytest.approx(row.minutes * 60 * speed / 3.6, rel=1e-12)
        assert f"{speed:,.0f} km/h in a straight line" in row.how


def test_ring_vertices_lie_at_the_ring_range_by_geographiclib(rings):
    for row in rings.itertuples():
        xy = vertices(row.geometry)
        assert len(xy) >= 32
        for lon, lat in xy[:: max(1, len(xy) // 40)]:
            assert oracle.distance(row.lat, row.lon, lat, lon) == pytest.approx(row.range_m, abs=1e-3)
    anadyr = rings[(rings["lon"] > 170) & (rings["system"] == "iskander-m") & (rings["minutes"] == 5)].iloc[0]
    assert anadyr.geometry.geom_type == "MultiPolygon"  # split at ±180° (RFC 7946)


@pytest.mark.parametrize("bad, word", [([0], "0"), ([-2], "-2"), ([math.nan], "nan"), (["soon"], "soon"),
                                       ([True], "True"), ([], "at least one"), (list(range(1, 15)), "14")])
def test_bad_minutes_are_one_line(bad, word):
    with pytest.raises(rm.RangemapError) as err:
        rm.time_rings("iskander-m", "belgorod", bad)
    assert word in str(err.value) and "\n" not in str(err.value)


# ---- aim ----------------------------------------------------------------------------------------------

KYIV = (50.4547, 30.5238)


def test_aim_takes_the_newest_dated_figure_and_keeps_the_band():
    a = rm.aim(KYIV, "kn-23", shots=10, radius_m=200)
    newest = accuracy("hwasong-11")[0]
    assert a.system == "hwasong-11" and a.ceps_m == (newest["cep_low_m"], newest["cep_high_m"])
    assert (a.cep_date, a.cep_kind) == (newest["date"], "estimate") and "The Independent" in a.cep_source
    assert a.probability == tuple(1 - 0.5 ** (10 * (200 / c) ** 2) for c in a.ceps_m)
    old = rm.aim(KYIV, "hwasong-11", date="2024-02")
    assert old.ceps_m == (1000.0, 3000.0) and old.radius_m == 3000.0  # default radius: the band's high end
    lines = a.lines()
    assert lines[0] == "Hwasong-11 (KN-23 family) at 50.4547, 30.5238: CEP 50–100 m (estimate, 2025-02-06)"
    assert lines[1] == "At least one of 10 shots within 200 m: over 99.9 %"
    assert lines[2] == "CEP 50–100 m, R90 91–182 m, R99 129–258 m"
    with pytest.raises(AttributeError):
        a.shots = 3  # frozen


def test_aim_rings_are_geodesic_at_the_circular_normal_radii():
    a = rm.aim(KYIV, "hwasong-11", p=0.95)
    assert sorted({(r.label, r.cep_m) for r in a.rings}) == sorted(
        (label, c) for label in ("CEP", "R90", "R99", "R95") for c in (50.0, 100.0))
    for ring in a.rings:
        assert ring.radius_m == pytest.approx(ring.cep_m * math.sqrt(math.log(1 / (1 - ring.p), 2)), rel=1e-12)
        for lon, lat in vertices(ring.geometry)[::7]:
            assert oracle.distance(*KYIV, lat, lon) == pytest.approx(ring.radius_m, abs=1e-3)
        assert ring.geometry.is_valid


def test_impacts_are_placed_by_the_direct_problem_and_seeded():
    a = rm.aim(KYIV, "hwasong-11", shots=1000, seed=5)
    assert len(a.impacts) == 1000 and a.sample_cep_m == 100.0
    for hit in a.impacts[::50]:
        assert oracle.distance(*KYIV, hit.lat, hit.lon) == pytest.approx(hit.distance_m, abs=1e-6)
        lat, lon = oracle.direct(*KYIV, hit.azimuth_deg, hit.distance_m)
        assert (lat, lon) == pytest.approx((hit.lat, hit.lon), abs=1e-9)
    assert rm.aim(KYIV, "hwasong-11", shots=1000, seed=5).impacts == a.impacts
    assert rm.aim(KYIV, "hwasong-11", shots=1000, seed=6).impacts != a.impacts
    assert len(rm.aim(KYIV, "hwasong-11").impacts) == 100
    miss = np.array([h.distance_m for h in a.impacts])
    assert np.median(miss) == pytest.approx(100.0, rel=0.08)


@pytest.mark.parametrize("radius, shots", [(100, 1), (60, 3), (150, 2), (30, 10)])
def test_hit_probability_matches_a_monte_carlo_of_the_impacts(radius, shots):
    cep, n = 100.0, 60_000
    dist, az = impact_misses(cep, n, seed=11)
    assert np.all((az >= 0) & (az < 360))
    hit = (dist <= radius).reshape(-1, shots).any(axis=1)  # volleys of `shots` independent impacts
    p = float(rm.hit_probability(cep, radius, shots=shots))
    sd = math.sqrt(p * (1 - p) / hit.size)
    assert abs(hit.mean() - p) < 5 * sd + 1e-9, (hit.mean(), p)
    a = rm.aim(KYIV, "x", cep_m=cep, shots=shots, radius_m=radius)
    assert a.probability == (pytest.approx(p, rel=1e-12),)


def test_impact_generator_is_the_pages_mulberry32():
    # mulberry32(0), first draws, as rangemap/web/flight.js computes them (Math.imul, >>> 0)
    from rangemap.analysis.aim import _mulberry32

    nxt = _mulberry32(0)
    assert [round(nxt() * 4294967296) for _ in range(3)] == [1144304738, 1416247, 958946056]


@pytest.mark.parametrize("kwargs, words", [
    ({"shots": 0}, "shots 0"), ({"shots": 2.5}, "shots 2.5"), ({"shots": True}, "shots True"),
    ({"radius_m": -1}, "radius_m -1"), ({"radius_m": 0}, "radius_m 0"), ({"cep_m": 0}, "cep_m 0"),
    ({"cep_m": -5}, "cep_m -5"), ({"p": 1.0}, "p 1.0"), ({"p": 0}, "p 0"), ({"date": "1999"}, "dated '1999'"),
    ({"seed": "x"}, "seed 'x'")])
def test_aim_bad_input_is_one_line(kwargs, words):
    with pytest.raises(rm.RangemapError) as err:
        rm.aim(KYIV, "hwasong-11", **kwargs)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_aim_at_a_system_without_a_cep_says_so():
    with pytest.raises(rm.RangemapError, match="9M723 Iskander-M has no sourced CEP in the catalog"):
        rm.aim(KYIV, "iskander-m")
    assert rm.aim(KYIV, "iskander-m", cep_m=30).lines()[0].endswith("CEP 30 m (your own figure)")


# ---- the command line ---------------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_aim_prints_the_answer_and_draws_a_figure(capsys, tmp_path):
    path = tmp_path / "aim.png"
    code, out, err = run(capsys, "aim", "--target", "Kyiv", "--system", "hwasong-11", "--shots", "10",
                         "--radius", "200m", "-o", str(path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Hwasong-11 (KN-23 family) at Kyiv (UA): CEP 50–100 m (estimate, 2025-02-06)"
    assert lines[1] == "At least one of 10 shots within 200 m: over 99.9 %"
    assert any(line.startswith("Source: The Independent") for line in lines)
    assert any("Circular normal" in line for line in lines)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "aim.svg"
    assert run(capsys, "aim", "--target", "50.45,30.52", "--system", "kn-23", "-o", str(svg))[0] == 0
    text = svg.read_text()
    assert all(f"aim-ring:{label}:{c}" in text for label in ("CEP", "R90", "R99") for c in ("50", "100"))
    assert "R99 258 m" in text and "Source: The Independent" in text


@pytest.mark.parametrize("argv, words", [
    (["--system", "iskander-m"], "9M723 Iskander-M has no sourced CEP"),
    (["--system", "kn-23", "--shots", "0"], "--shots 0"),
    (["--system", "kn-23", "--shots", "x"], "--shots"),
    (["--system", "kn-23", "--radius", "-5m"], "--radius"),
    (["--system", "kn-23", "--radius", "0"], "--radius '0' must be above 0"),
    (["--system", "kn-23", "--cep", "0"], "--cep '0' must be above 0"),
    (["--system", "kn-23", "--p", "1.5"], "--p 1.5"),
    (["--system", "kn-23", "--p", "0"], "--p 0"),
    (["--system", "kn-23", "--date", "1999"], "dated '1999'"),
    (["--system", "kn-23", "-o", "aim.jpg"], "aim.jpg"),
    (["--system", "nosuch"], "nosuch")])
def test_cli_aim_bad_input_is_one_line_exit_2_and_leaves_outputs(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    keep = tmp_path / "aim.png"
    keep.write_bytes(b"old")
    argv = [a if a != "-o" else a for a in argv]
    code, out, err = run(capsys, "aim", "--target", "Kyiv", *argv, *([] if "-o" in argv else ["-o", str(keep)]))
    assert code == 2 and out == ""
    assert err.startswith("rangemap: error: ") and words in err and err.count("\n") == 1, err
    assert keep.read_bytes() == b"old"


def test_cli_render_times_to_the_page_and_a_figure(capsys, tmp_path):
    html = tmp_path / "map.html"
    code, out, err = run(capsys, "render", "--system", "iskander-m", "--site", "belgorod", "--times", "10,1,2,5",
                         "-o", str(html))
    assert code == 0, err
    assert '"times":[1.0,2.0,5.0,10.0]' in html.read_text() and "idealised" in err
    svg = tmp_path / "map.svg"
    code, _, err = run(capsys, "render", "--system", "iskander-m", "shahed-136", "--site", "belgorod", "--times",
                       "1,2,5", "--extent", "30,46,42,54", "-o", str(svg))
    assert code == 0, err
    text = svg.read_text()
    for minutes in ("1", "2", "5"):
        assert f"time-ring:iskander-m:{minutes}" in text and f"time-ring:shahed-136:{minutes}" in text
    assert "Warning-time rings" in text and "no boost phase" in text


@pytest.mark.parametrize("times, words", [("0", "0"), ("x", "'x'"), ("1,,2", "'1,,2'"), ("-1", "-1")])
def test_cli_render_bad_times_is_one_line(capsys, tmp_path, times, words):
    code, out, err = run(capsys, "render", "--system", "iskander-m", "--site", "belgorod", f"--times={times}",
                         "-o", str(tmp_path / "map.html"))
    assert code == 2 and words in err and err.count("\n") == 1, err
    assert not (tmp_path / "map.html").exists()


# ---- figures ---------------------------------------------------------------------------------------------

def test_figure_time_rings_lie_on_the_geodesic_ring(tmp_path):
    import pyproj

    fig = rm.reach_figure(["iskander-m", "hwasong-11"], ["belgorod"], times=[1, 2, 5])
    ax = fig.axes[0]
    inverse = pyproj.Transformer.from_crs(ax.crs, "EPSG:4326", always_xy=True)
    want = {r.minutes: r.range_m for r in rm.time_rings("iskander-m", "belgorod", [1, 2, 5]).itertuples()}
    seen = set()
    for artist in ax.collections:
        gid = artist.get_gid() or ""
        if not gid.startswith("time-ring:"):
            continue
        _, system, minutes = gid.split(":")
        assert system == "iskander-m"  # the Hwasong-11's 50 km apogee: no flight that quick
        seen.add(float(minutes))
        for seg in artist.get_segments():
            lon, lat = inverse.transform(seg[::5, 0], seg[::5, 1])
            for a, b in zip(lat, lon):
                assert oracle.distance(50.61074, 36.58015, a, b) == pytest.approx(want[float(minutes)], abs=1.0)
    assert seen == {1.0, 2.0, 5.0}
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "time-label"]
    assert sorted(texts) == ["2 min", "5 min"]  # the 18 km ring of 1 min is too small on this map to label
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "Warning-time rings" in legend and "Hwasong-11 (KN-23 family)" in legend and "as quick as" in legend
