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
