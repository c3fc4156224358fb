"""The page's flight times, warning-time rings and aim (issue 21, page side).

``times=`` is checked in Python; flight.js runs in headless Chromium against Python's rangemap.flight and
the two-body integration of tests/test_flight.py; rings and impacts drawn in the page are read back and
checked with the pure-Python ``geographiclib`` (devtools/oracle.py), never with the page's own geodesy.
"""

import math
from pathlib import Path

import pytest

import rangemap as rm
from devtools.browser import launch, require_browser, script_page
from devtools.twobody import integrate
from rangemap.flight import EARTH_RADIUS_M
from rangemap.render.leaflet import TIMES_MAX, warning_minutes

WEB = Path(__file__).resolve().parent.parent / "rangemap" / "web"

# ---- times= in Python ----------------------------------------------------------------------------

def test_times_are_checked_sorted_and_carried_in_the_page_state():
    m = rm.reach_map(["hwasong-11"], ["belgorod"], times=[10, 1, 2, 5])
    assert m.times == [1.0, 2.0, 5.0, 10.0]
    state = m.page_state()
    assert state["times"] == [1.0, 2.0, 5.0, 10.0]
    assert state["app"]["times"] == [1.0, 2.0, 5.0, 10.0]
    assert rm.ReachMap(times=2.5).times == [2.5]
    plain = rm.reach_map(["hwasong-11"], ["belgorod"])
    assert plain.times is None and plain.page_state()["app"]["times"] is None


@pytest.mark.parametrize("bad, word", [([0], "0"), ([-1], "-1"), ([math.inf], "inf"), ([math.nan], "nan"),
                                       (["soon"], "soon"), ([True], "True"), ([], "at least one"),
                                       (list(range(1, TIMES_MAX + 2)), str(TIMES_MAX + 1))])
def test_bad_times_are_one_line_naming_the_value(bad, word):
    with pytest.raises(rm.RangemapError) as err:
        rm.reach_map(["hwasong-11"], ["belgorod"], times=bad)
    assert word in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(rm.RangemapError):
        rm.ReachMap(times=bad)


def test_times_take_strings_of_numbers_as_a_cli_would_pass_them():
    assert warning_minutes(["1", "2.5"]) == [1.0, 2.5]
    assert warning_minutes(None) is None


# ---- flight.js against rangemap.flight and the two-body integration ---------------------------------

RANGES_KM = [100, 692, 1931, 5500, 13000]
APOGEES = [(1_000e3, 4_000e3), (950e3, 4_475e3), (692e3, 50e3), (600e3, 40e3), (5_500e3, 300e3)]


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def js(browser):
    return script_page(browser, WEB / "flight.js")


def test_flight_js_times_match_python_and_the_integration(js):
    cases = [[r * 1e3, None] for r in RANGES_KM] + [[r, a] for r, a in APOGEES]
    got = js.evaluate("cs => cs.map(([r, a]) => [rangemap.flight.time(r, {apogeeM: a}),"
                      " rangemap.flight.trajectory(r, a)])", cases)
    for (rng, apogee), (seconds, traj) in zip(cases, got):
        py = rm.trajectory(rng, apogee_m=apogee)
        assert seconds == pytest.approx(float(rm.flight_time(rng, apogee_m=apogee)), rel=1e-6)
        assert traj["time_s"] == pytest.approx(py.time_s, rel=1e-6)
        assert traj["apogee_m"] == pytest.approx(py.apogee_m, rel=1e-6)
        assert traj["burnout_speed_ms"] == pytest.approx(py.burnout_speed_ms, rel=1e-6)
        assert traj["launch_angle_deg"] == pytest.approx(py.launch_angle_deg, rel=1e-6)
        t, ground, _ = integrate(traj["burnout_speed_ms"], traj["launch_angle_deg"])  # independent: RK4
        assert abs(t - seconds) < 1.0 and abs(ground - rng) < 10.0, (rng, apogee, t, seconds)


def test_flight_js_cruise_and_inverse(js):
    got = js.evaluate("""() => {
      const F = rangemap.flight;
      return {cruise: F.time(692e3, {model: "cruise", speedKmh: 900}),
              back: F.rangeForTime(F.time(692e3, {model: "cruise", speedKmh: 900}), {model: "cruise", speedKmh: 900}),
              inv: [60, 120, 300, 600, 2000].map(s => F.rangeForTime(s)),
              lofted: F.rangeForTime(3200, {apogeeM: 4475e3}), tooLong: F.rangeForTime(3000),
              tooQuick: F.rangeForTime(60, {apogeeM: 50e3})};
    }""")
    assert got["cruise"] == pytest.approx(float(rm.flight_time(692e3, model="cruise", speed_kmh=900)), rel=1e-12)
    assert got["back"] == pytest.approx(692e3, rel=1e-12)
    for seconds, rng in zip([60, 120, 300, 600, 2000], got["inv"]):
        assert float(rm.flight_time(rng)) == pytest.approx(seconds, rel=1e-9)
        assert rng == pytest.approx(bisect_range(seconds), rel=1e-9)
    assert float(rm.flight_time(got["lofted"], apogee_m=4475e3)) == pytest.approx(3200, rel=1e-9)
    # 3000 s is beyond any minimum-energy flight short of half the circumference (about 42 min); no flight
    # through a 50 km apogee is as quick as a minute (the fall alone takes over three).
    assert got["tooLong"] is None and got["tooQuick"] is None


def bisect_range(seconds, apogee=None):
    """The range whose Python flight time is ``seconds``: bisection on rangemap.flight.flight_time."""
    lo, hi = 1.0, math.pi * EARTH_RADIUS_M * (1 - 1e-12)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if float(rm.flight_time(mid, apogee_m=apogee)) < seconds else (lo, mid)
    return (lo + hi) / 2


@pytest.mark.parametrize("cep, radius, shots", [(100, 100, 1), (100, 250, 3), (2000, 500, 10), (50, 0, 1)])
def test_flight_js_accuracy_matches_python(js, cep, radius, shots):
    got = js.evaluate("([c, r, n]) => [rangemap.flight.hitProbability(c, r, n),"
                      " [0.5, 0.9, 0.99].map(p => rangemap.flight.accuracyRadius(c, p))]", [cep, radius, shots])
    assert got[0] == pytest.approx(float(rm.hit_probability(cep, radius, shots=shots)), rel=1e-12, abs=1e-15)
    for p, r in zip([0.5, 0.9, 0.99], got[1]):
        assert r == pytest.approx(float(rm.accuracy_radius(cep, p)), rel=1e-12)


def test_flight_js_impacts_are_seeded_and_circular_normal(js):
    a, b, c = js.evaluate("() => [rangemap.flight.impacts(100, 4000, 7), rangemap.flight.impacts(100, 4000, 7),"
                          " rangemap.flight.impacts(100, 50, 8)]")
    assert a == b and a[:50] != c
    import numpy as np

    miss = np.array([i["distance_m"] for i in a])
    az = np.array([i["azimuth_deg"] for i in a])
    # Monte Carlo: the median miss is the CEP, 90 % fall within R90 (binomial sd ~0.5 %), azimuths uniform.
    assert np.median(miss) == pytest.approx(100, rel=0.05)
    assert np.mean(miss <= float(rm.accuracy_radius(100, 0.9))) == pytest.approx(0.9, abs=0.02)
    assert abs(np.mean(np.cos(np.radians(az)))) < 0.05 and abs(np.mean(np.sin(np.radians(az)))) < 0.05


@pytest.mark.parametrize("call, named", [
    ("rangemap.flight.time(-5)", "-5"), ("rangemap.flight.time(20016e3)", "20016000"),
    ("rangemap.flight.time(1e6, {apogeeM: 0})", "apogee_m 0"), ("rangemap.flight.hitProbability(0, 1)", "cep_m 0"),
    ("rangemap.flight.hitProbability(100, 1, 0)", "shots 0"), ("rangemap.flight.accuracyRadius(100, 1)", "p 1"),
    ("rangemap.flight.time(1e6, {model: 'cruise'})", "speed_kmh"), ("rangemap.flight.time(1e6, {model: 'x'})", '"x"')])
def test_flight_js_bad_input_is_one_line(js, call, named):
    message = js.evaluate(f"() => {{ try {{ {call}; return null; }} catch (e) {{ return e.message; }} }}")
    assert message and named in message and "\n" not in message
