import math

import pytest

from rangemap.units import DistanceError, format_distance, parse_distance


@pytest.mark.parametrize("text, metres", [
    ("430 mi", 430 * 1609.344),
    ("430mi", 430 * 1609.344),
    ("430 MI", 430 * 1609.344),
    ("1,200 miles", 1200 * 1609.344),
    ("692 km", 692_000.0),
    ("692KM", 692_000.0),
    ("373.6 nmi", 373.6 * 1852.0),
    ("692000 m", 692_000.0),
    ("692", 692_000.0),
    (" 0.5 km ", 500.0),
    (692, 692_000.0),
    (12.5, 12_500.0),
])
def test_parse_distance(text, metres):
    assert parse_distance(text) == pytest.approx(metres, rel=1e-12)


def test_the_articles_figure_in_metres():
    assert round(parse_distance("430 mi"), 1) == 692017.9


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("   ", "empty"),
    ("5 parsecs", "parsecs"),
    ("-5 km", "negative"),
    ("nan", "finite"),
    ("inf km", "finite"),
    ("km", "'km'"),
    ("abc", "'abc'"),
    (float("nan"), "finite"),
    (-3, "negative"),
    (None, "None"),
    (True, "True"),
])
def test_parse_distance_errors_name_the_value(text, words):
    with pytest.raises(DistanceError, match=words) as err:
        parse_distance(text)
    assert isinstance(err.value, ValueError)
    assert "\n" not in str(err.value)


def test_format_distance():
    assert format_distance(692_017.92) == "692 km (430 mi)"
    assert format_distance(692_017.92, "mi") == "430 mi (692 km)"
    assert format_distance(1_931_212.8) == "1,931 km (1,200 mi)"
    with pytest.raises(DistanceError, match="'ft'"):
        format_distance(1.0, "ft")


def test_round_trip_is_exact_enough():
    for metres in (1.0, 5_000.0, 692_017.92, 19_500_000.0):
        assert math.isclose(parse_distance(f"{metres} m"), metres)


def test_scientific_notation_is_a_number_not_a_unit():
    from rangemap import cli
    assert parse_distance("5e1") == 50_000.0  # bare numbers are km
    assert parse_distance("5E1 m") == 50.0
    assert cli._tolerance("5e1") == 50.0  # --tolerance: bare numbers are metres, "e" is no unit
    assert cli._tolerance("5e1 km") == 50_000.0


@pytest.mark.parametrize("value", [pytest.param(5e-324, id="denormal"), pytest.param(10**400, id="10**400"),
                                   pytest.param("9" * 5000, id="5000-digits"), pytest.param("sNaN", id="Decimal-sNaN")])
def test_absurd_numbers_are_one_line_rangemap_errors(value):
    from decimal import Decimal

    import rangemap as rm
    denormal = value == 5e-324
    value = Decimal("sNaN") if value == "sNaN" else value
    calls = [lambda v: rm.reach_polygon(50.6, 36.6, v)]  # a denormal range is a range, not a latitude
    if not denormal:
        calls += [lambda v: rm.reach_polygon(v, 36.6, 1e5), lambda v: rm.distance_m(v, 0, 0, 0)]
    for call in calls:
        with pytest.raises(rm.RangemapError) as err:
            call(value)
        assert "\n" not in str(err.value) and len(str(err.value)) < 200
    if isinstance(value, (int, str)):
        with pytest.raises(rm.RangemapError):
            parse_distance(value)


@pytest.mark.parametrize("args, named", [((91, 0, 0, 0), "91"), ((0, 0, -90.5, 0), "-90.5"),
                                         ((math.nan, 0, 0, 0), "nan"), ((0, 0, 0, math.inf), "inf")])
def test_distance_m_refuses_impossible_coordinates(args, named):
    import numpy as np

    import rangemap as rm
    with pytest.raises(rm.RangemapError, match=named):
        rm.distance_m(*args)
    with pytest.raises(rm.RangemapError, match=named):  # arrays too: one bad element names itself
        rm.distance_m(np.array([10.0, args[0]]), np.array([0.0, args[1]]), args[2], args[3])
    assert float(rm.distance_m(90, 0, -90, 0)) > 2e7
