"""The page's flight times, warning-time rings and aim (issue 21, page side).

``times=`` is checked in Python; flight.js runs in headless Chromium against Python's rangemap.flight and
the two-body integration of tests/test_flight.py; rings and impacts drawn in the page are read back and
checked with the pure-Python ``geographiclib`` (devtools/oracle.py), never with the page's own geodesy.
"""

import math

import pytest

import rangemap as rm
from rangemap.render.leaflet import TIMES_MAX, warning_minutes

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
