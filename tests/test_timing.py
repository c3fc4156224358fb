"""Range reached in a given time: round trips through flight_time and the RK4 two-body integration."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rangemap as rm
from rangemap.flight import EARTH_RADIUS_M, trajectory
from tests.test_flight import integrate


@pytest.mark.parametrize("minutes", [1, 2, 5, 10, 20, 40])
def test_minimum_energy_range_for_time_matches_integration(minutes):
    rng = float(rm.range_for_time(minutes * 60.0))
    traj = trajectory(rng)
    t, ground, _ = integrate(traj.burnout_speed_ms, traj.launch_angle_deg)
    assert abs(t - minutes * 60.0) < 1.0
    assert abs(ground - rng) < 10.0


@pytest.mark.parametrize(("seconds", "apogee"), [(300.0, 50e3), (600.0, 300e3), (3300.0, 4_475e3)])
def test_range_for_time_through_an_apogee_matches_integration(seconds, apogee):
    rng = float(rm.range_for_time(seconds, apogee_m=apogee))
    traj = trajectory(rng, apogee_m=apogee)
    t, ground, top = integrate(traj.burnout_speed_ms, traj.launch_angle_deg)
    assert abs(t - seconds) < 1.0 and abs(ground - rng) < 10.0 and abs(top - apogee) < 10.0


@settings(max_examples=60, deadline=None)
@given(st.floats(2e3, 19_900e3))
def test_round_trip_through_flight_time(rng):
    assert float(rm.range_for_time(rm.flight_time(rng))) == pytest.approx(rng, abs=1e-3)


def test_arrays_broadcast_and_cruise_is_time_times_speed():
    ranges = rm.range_for_time(np.array([[700.0], [900.0]]), apogee_m=np.array([50e3, 500e3]))
    assert ranges.shape == (2, 2)
    assert float(rm.flight_time(ranges[1, 1], apogee_m=500e3)) == pytest.approx(900.0, abs=1e-6)
    assert isinstance(rm.range_for_time(60.0), float)
    assert rm.range_for_time([3600, 7200], model="cruise", speed_kmh=185) == pytest.approx([185e3, 370e3])


BAD = [
    (lambda: rm.range_for_time(0), "time_s 0"),
    (lambda: rm.range_for_time(-1), "-1"),
    (lambda: rm.range_for_time("abc"), "abc"),
    (lambda: rm.range_for_time(float("nan")), "nan"),
    (lambda: rm.range_for_time(3 * 3600), "10800"),
    (lambda: rm.range_for_time(60, apogee_m=4_475e3), "time_s 60"),
    (lambda: rm.range_for_time(600, apogee_m=0), "apogee_m 0"),
    (lambda: rm.range_for_time(3000, apogee_m=4_475e3), "time_s 3000"),
    (lambda: rm.range_for_time(600, model="cruise"), "speed_kmh"),
    (lambda: rm.range_for_time(600, model="cruise", speed_kmh=-5), "-5"),
    (lambda: rm.range_for_time(600, model="warp"), "warp"),
]


@pytest.mark.parametrize(("call", "named"), BAD, ids=[b[1] for b in BAD])
def test_bad_input_is_one_line_naming_the_value(call, named):
    with pytest.raises(rm.RangemapError) as err:
        call()
    assert named in str(err.value) and "\n" not in str(err.value)


def test_the_longest_time_is_the_half_circumference_flight():
    longest = float(rm.flight_time(math.pi * EARTH_RADIUS_M * (1 - 1e-9)))
    assert float(rm.range_for_time(longest - 1.0)) < math.pi * EARTH_RADIUS_M


def test_check_gains_flight_seconds_matching_flight_time():
    table = rm.check("Kyiv", ["iskander-m", "shahed-136", "kn-25"], sites=["Belgorod"])
    got = dict(zip(table["system"], table["flight_s"]))
    d = float(table["distance_km"].iloc[0]) * 1000.0
    assert got["iskander-m"] == pytest.approx(float(rm.flight_time(d)))
    assert got["shahed-136"] == pytest.approx(d / (185 / 3.6))
    assert np.isnan(got["kn-25"])  # out of reach: no flight time


def test_check_lines_give_the_time_and_the_idealisation_once():
    from rangemap import analysis
    lines = analysis.check_lines(rm.check("Kyiv", ["iskander-m", "shahed-136", "kalibr"], sites=["Belgorod"]))
    assert "about 5 min 2 s of free flight on a minimum-energy trajectory" in lines[0]
    assert "at least 2 h 19 min at 185 km/h in a straight line" in lines[1]
    assert lines[2].endswith("flight time unknown")
    assert lines[3].startswith("Flight times are idealised") and len(lines) == 4


def test_targets_in_reach_of_cities_gain_flight_seconds():
    reach = rm.reach(["iskander-m", "kalibr"], ["Belgorod"])
    found = rm.targets_in_reach(reach, countries=["UA"])
    isk = found[found["system"] == "iskander-m"]
    assert len(isk) and np.allclose(isk["flight_s"], rm.flight_time(isk["distance_km"].to_numpy() * 1000.0))
    assert found.loc[found["system"] == "kalibr", "flight_s"].isna().all()


def test_cli_targets_give_flight_seconds_with_their_idealisation(capsys):
    import io

    import pandas as pd

    from rangemap.analysis.timing import IDEALISATION, flight_seconds
    from rangemap.cli import main

    assert main(["targets", "--system", "kn-23", "shahed", "--site", "belgorod", "--country", "UA",
                 "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    table = pd.read_csv(io.StringIO(out))
    assert "flight_s" in table and IDEALISATION in err
    for system, part in table.groupby("system"):
        expected = flight_seconds(system, part["distance_km"].to_numpy() * 1000)
        assert part["flight_s"].to_numpy() == pytest.approx(expected, rel=1e-9)
