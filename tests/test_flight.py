"""Flight times against a numerical integration of the two-body problem; accuracy against a Monte Carlo."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rangemap as rm
from devtools.twobody import integrate
from rangemap.flight import EARTH_RADIUS_M, MU, trajectory

R = EARTH_RADIUS_M

RANGES_KM = [100, 692, 1931, 5500, 13000]
APOGEES = [pytest.param(1_000e3, 4_000e3, id="lofted-1000km-4000km"),
           pytest.param(950e3, 4_475e3, id="hwasong-15-2017"),
           pytest.param(692e3, 50e3, id="depressed-692km-50km"),
           pytest.param(600e3, 40e3, id="depressed-kn-23-like"),
           pytest.param(5_500e3, 300e3, id="depressed-5500km-300km"),
           pytest.param(5_500e3, 1e3, id="grazing-5500km-1km")]


@pytest.mark.parametrize("range_km", RANGES_KM)
def test_minimum_energy_flight_matches_integration(range_km):
    rng = range_km * 1e3
    traj = trajectory(rng)
    t, ground, top = integrate(traj.burnout_speed_ms, traj.launch_angle_deg)
    assert abs(t - traj.time_s) < 1.0
    assert abs(ground - rng) < 10.0
    assert abs(top - traj.apogee_m) < 10.0
    assert float(rm.flight_time(rng)) == pytest.approx(traj.time_s, abs=1e-9)


@pytest.mark.parametrize(("rng", "apogee"), APOGEES)
def test_lofted_and_depressed_flights_match_integration(rng, apogee):
    traj = trajectory(rng, apogee_m=apogee)
    t, ground, top = integrate(traj.burnout_speed_ms, traj.launch_angle_deg)
    assert abs(t - traj.time_s) < 1.0
    assert abs(ground - rng) < 10.0
    assert abs(top - apogee) < 10.0
    assert float(rm.flight_time(rng, apogee_m=apogee)) == pytest.approx(traj.time_s, abs=1e-9)


def test_the_lowest_apogees_tend_to_an_orbit_skimming_the_sphere():
    low = trajectory(19_000e3, apogee_m=1.0)
    assert low.burnout_speed_ms < math.sqrt(MU / R) < low.burnout_speed_ms + 1.0
    assert 0 < low.launch_angle_deg < 0.01


def test_the_hwasong_15_lofted_test_is_about_50_minutes_of_free_flight():
    assert 49 * 60 < trajectory(950e3, apogee_m=4_475e3).time_s < 51 * 60  # 53-54 min reported with boost


def test_minimum_energy_is_the_range_reached_furthest_at_its_speed():
    traj = trajectory(1_931e3)
    for tilt in (-3.0, 3.0):  # the same speed, steeper or flatter, lands short (integrated)
        _, ground, _ = integrate(traj.burnout_speed_ms, traj.launch_angle_deg + tilt, dt=1.0)
        assert ground < 1_931e3 - 1e3


@pytest.mark.parametrize("range_km", RANGES_KM)
def test_minimum_energy_needs_the_least_burnout_speed_of_a_scan_over_apogees(range_km):
    best = trajectory(range_km * 1e3)
    scan = [trajectory(range_km * 1e3, apogee_m=h) for h in np.geomspace(1e3, 2e7, 400)]
    assert min(t.burnout_speed_ms for t in scan) >= best.burnout_speed_ms - 1e-6
    nearest = min(scan, key=lambda t: t.burnout_speed_ms)
    assert nearest.apogee_m == pytest.approx(best.apogee_m, rel=0.05)


@settings(max_examples=60, deadline=None)
@given(st.floats(1e3, 19_000e3), st.floats(10.0, 5e7))
def test_no_apogee_beats_minimum_energy(rng, apogee):
    assert trajectory(rng, apogee_m=apogee).burnout_speed_ms >= trajectory(rng).burnout_speed_ms * (1 - 1e-12)
    assert trajectory(rng, apogee_m=trajectory(rng).apogee_m).time_s == pytest.approx(trajectory(rng).time_s)


def test_flight_time_broadcasts_and_cruise_is_distance_over_speed():
    times = rm.flight_time(np.array([[100e3], [692e3]]), apogee_m=np.array([50e3, 500e3]))
    assert times.shape == (2, 2)
    assert times[1, 0] == pytest.approx(trajectory(692e3, apogee_m=50e3).time_s)
    assert isinstance(rm.flight_time(692e3), float)
    cruise = rm.flight_time([1000e3, 2000e3], model="cruise", speed_kmh=800)
    assert cruise == pytest.approx([4500.0, 9000.0])


def _misses(cep: float, n: int, rng: np.random.Generator) -> np.ndarray:
    sigma = cep / math.sqrt(2 * math.log(2))  # median of a Rayleigh(sigma) radius
    return np.hypot(*rng.normal(0.0, sigma, size=(2, n)))


def test_monte_carlo_median_miss_is_the_cep():
    n = 200_000
    inside = np.mean(_misses(50.0, n, np.random.default_rng(1)) <= 50.0)
    assert abs(inside - 0.5) < 4 * math.sqrt(0.25 / n)


@pytest.mark.parametrize("shots", [1, 3, 10])
@pytest.mark.parametrize("ratio", [0.25, 0.5, 1.0, 2.0])
def test_hit_probability_matches_monte_carlo(ratio, shots):
    cep, trials = 120.0, 40_000
    gen = np.random.default_rng(int(ratio * 100) + shots)
    misses = _misses(cep, trials * shots, gen).reshape(trials, shots)
    observed = np.mean((misses <= ratio * cep).any(axis=1))
    p = float(rm.hit_probability(cep, ratio * cep, shots=shots))
    assert abs(observed - p) < 4 * math.sqrt(max(p * (1 - p), 1e-6) / trials) + 1e-4


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9, 0.99])
def test_accuracy_radius_matches_monte_carlo_and_inverts_hit_probability(p):
    cep, n = 80.0, 100_000
    radius = float(rm.accuracy_radius(cep, p))
    inside = np.mean(_misses(cep, n, np.random.default_rng(int(p * 1000))) <= radius)
    assert abs(inside - p) < 4 * math.sqrt(p * (1 - p) / n)
    assert float(rm.hit_probability(cep, radius)) == pytest.approx(p, rel=1e-12)
    assert float(rm.accuracy_radius(cep, 0.5)) == pytest.approx(cep, rel=1e-12)


BAD = [
    (lambda: rm.flight_time(0), "0"),
    (lambda: rm.flight_time(-5e3), "-5000"),
    (lambda: rm.flight_time(float("nan")), "nan"),
    (lambda: rm.flight_time(float("inf")), "inf"),
    (lambda: rm.flight_time([1e5, -2e3]), "-2000"),
    (lambda: rm.flight_time(20_016e3), "20016000"),
    (lambda: rm.trajectory(math.pi * R), str(math.pi * R)),
    (lambda: rm.flight_time(1e6, apogee_m=0), "apogee_m 0"),
    (lambda: rm.flight_time(1e6, apogee_m=-10e3), "-10000"),
    (lambda: rm.trajectory(1e6, apogee_m=float("nan")), "nan"),
    (lambda: rm.flight_time(1e6, model="hypersonic"), "hypersonic"),
    (lambda: rm.flight_time(1e6, model="cruise"), "speed_kmh"),
    (lambda: rm.flight_time(1e6, model="cruise", speed_kmh=0), "speed_kmh 0"),
    (lambda: rm.flight_time("far"), "far"),
    (lambda: rm.hit_probability(0, 100), "cep_m 0"),
    (lambda: rm.hit_probability(-50, 100), "-50"),
    (lambda: rm.hit_probability(50, -1), "-1"),
    (lambda: rm.hit_probability(50, 100, shots=0), "shots 0"),
    (lambda: rm.hit_probability(50, 100, shots=-2), "-2"),
    (lambda: rm.hit_probability(50, 100, shots=2.5), "2.5"),
    (lambda: rm.hit_probability(50, 100, shots=True), "True"),
    (lambda: rm.accuracy_radius(0, 0.5), "cep_m 0"),
    (lambda: rm.accuracy_radius(50, 0), "p 0"),
    (lambda: rm.accuracy_radius(50, 1), "p 1"),
    (lambda: rm.accuracy_radius(50, 1.5), "1.5"),
    (lambda: rm.accuracy_radius(50, float("nan")), "nan"),
]


@pytest.mark.parametrize(("call", "named"), BAD, ids=[b[1] for b in BAD])
def test_bad_input_is_one_line_naming_the_value(call, named):
    with pytest.raises(rm.RangemapError) as err:
        call()
    message = str(err.value)
    assert named in message and "\n" not in message


def test_flight_imports_numpy_only():
    import subprocess
    import sys

    code = "import sys, rangemap.flight; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "numpy" in loaded
    assert not [m for m in ("pyproj", "shapely", "pandas", "rangemap.geodesy", "rangemap.catalog") if m in loaded]
