"""Quantities as people write them: distances with units ("430 mi") and coordinates ("50.6,36.6").

Metres and degrees are the units everywhere inside rangemap; this module converts and validates at the
edges, in one place each: :func:`parse_distance` for distances, :func:`check_lat_lon` for coordinates.
Imports only the standard library and :mod:`rangemap.errors`.
"""

from __future__ import annotations

import math
import re

from rangemap.errors import CoordinateError, DistanceError

__all__ = ["FLOOR_WORDS", "METRES_PER", "check_lat_lon", "format_distance", "km_to_m", "parse_distance",
           "parse_lat_lon", "positive_metres", "stated_distance"]

#: Qualifiers that make a stated range a floor: the ring is drawn at the figure, the low edge of what is said.
FLOOR_WORDS = ("at least", "more than")

#: Metres in one of each accepted unit (international mile and nautical mile).
METRES_PER = {
    "m": 1.0,
    "km": 1000.0,
    "mi": 1609.344,
    "nmi": 1852.0,
}

_ALIASES = {
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "nmi": "nmi", "nm": "nmi", "nautical mile": "nmi", "nautical miles": "nmi",
}

_PATTERN = re.compile(r"^\s*([-+]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:e[-+]?\d+)?|[-+]?(?:nan|inf(?:inity)?))\s*([a-z ]*?)\s*$",
                      re.IGNORECASE)


def parse_distance(text: str | float | int, *, bare_unit: str = "km") -> float:
    """Return the distance ``text`` in metres.

    Accepts ``"430 mi"``, ``"430mi"``, ``"692 km"``, ``"373.6 nmi"``, ``"692000 m"`` (any case) and bare
    numbers, which are kilometres (``"692"`` and ``692`` are 692 km) unless ``bare_unit`` says otherwise
    (the command line's ``--tolerance 50`` is 50 m). Scientific notation is a number, never a unit:
    ``"5e1"`` is 50 km, ``"5e1 m"`` 50 m.

    A comma only groups thousands (``"1,200 mi"``); a decimal comma (``"2,5 km"``) or any other comma is
    an error that says how to write the number.

    Raises :class:`DistanceError` (a ``ValueError``) naming the bad value for an empty string, an unknown
    unit, an ambiguous comma, a negative, NaN or infinite distance.

    >>> round(parse_distance("430 mi"), 1)
    692017.9
    """
    if isinstance(text, bool):
        raise DistanceError(f"not a distance: {text!r}")
    if isinstance(text, (int, float)):
        try:
            value, unit = float(text), bare_unit
        except OverflowError:
            raise DistanceError(f"distance {_shown(text)} is too large to be a number of metres") from None
    else:
        if not isinstance(text, str):
            raise DistanceError(f"not a distance: {text!r}")
        match = _PATTERN.match(text)
        if not text.strip():
            raise DistanceError("empty distance: give a number with a unit, e.g. '430 mi' or '692 km'")
        if not match:
            raise DistanceError(f"cannot read distance {text!r}: expected a number and a unit, e.g. '430 mi'")
        number, unit_text = _without_separators(match.group(1), text), match.group(2).strip().lower()
        found = _ALIASES.get(unit_text) if unit_text else bare_unit
        if found is None:
            known = ", ".join(sorted(METRES_PER))
            raise DistanceError(f"unknown unit {unit_text!r} in {text!r}: use one of {known}")
        unit = found
        value = float(number)
    if math.isnan(value) or math.isinf(value):
        raise DistanceError(f"distance must be finite, got {_shown(text)}")
    if value < 0:
        raise DistanceError(f"distance must not be negative, got {text!r}")
    return value * METRES_PER[unit]


def _shown(text: object) -> str:
    """``repr(text)``, cut to a readable length (a 5,000-digit number stays one short line)."""
    shown = repr(text)
    return shown if len(shown) <= 60 else f"{shown[:40]}... ({len(shown)} characters)"


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?(e[-+]?\d+)?$", re.IGNORECASE)


def _without_separators(number: str, text: str) -> str:
    """The number with its thousands separators removed. A comma is a thousands separator only in
    groups of exactly three digits ("1,200"); any other comma is ambiguous and an error."""
    if "," in number and not _THOUSANDS.match(number):
        hint = text.replace(",", ".", 1).strip() if re.fullmatch(r"[-+]?\d+,\d+", number) else None
        how = (f"write decimals with a point ({hint!r})" if hint else
               "commas may only group thousands, e.g. '1,200 mi'; write decimals with a point, e.g. '2.5 km'")
        raise DistanceError(f"ambiguous distance {text!r}: {how}")
    return number.replace(",", "").replace("_", "")


def format_distance(metres: float, units: str = "km") -> str:
    """Label text for a distance in metres, e.g. ``"692 km (430 mi)"``; ``units="mi"`` puts miles first."""
    km = metres / METRES_PER["km"]
    mi = metres / METRES_PER["mi"]
    km_text, mi_text = f"{km:,.0f} km", f"{mi:,.0f} mi"
    if units == "mi":
        return f"{mi_text} ({km_text})"
    if units != "km":
        raise DistanceError(f"unknown display unit {units!r}: use 'km' or 'mi'")
    return f"{km_text} ({mi_text})"


def stated_distance(metres: float, qualifier: str = "", units: str = "km") -> str:
    """A range as its source states it: the qualifier (``"about"``, ``"up to"``, ``"at least"``, ``"more
    than"``; blank for none) before :func:`format_distance`'s whole km and miles, so a ring drawn at
    exactly 430 mi is printed ``"about 692 km (430 mi)"`` and a floor ``"more than 250 km (155 mi)"``.

    >>> stated_distance(692017.92, "about")
    'about 692 km (430 mi)'
    """
    text = format_distance(metres, units)
    qualifier = "" if qualifier is None or qualifier != qualifier else str(qualifier).strip()
    return f"{qualifier} {text}" if qualifier else text


def km_to_m(km: float) -> float:
    """Kilometres (as the catalog gives ranges) to metres."""
    return float(km) * METRES_PER["km"]


def positive_metres(value: float | str, what: str = "distance") -> float:
    """``value`` (metres) as a float if it is a finite number above 0; :class:`DistanceError` naming
    ``what`` otherwise.

    >>> positive_metres(50, "tolerance_m")
    50.0
    """
    try:
        metres = float(value)
    except (TypeError, ValueError):
        raise DistanceError(f"{what} {value!r} is not a number of metres") from None
    if isinstance(value, bool) or not (math.isfinite(metres) and metres > 0):
        raise DistanceError(f"{what} {value!r} must be a positive number of metres")
    return metres


def check_lat_lon(lat: float | str, lon: float | str, *, what: str = "point") -> tuple[float, float]:
    """(lat, lon) as floats in degrees, or :class:`CoordinateError` naming ``what`` and the bad value.

    >>> check_lat_lon("50.6", 36.6)
    (50.6, 36.6)
    """
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise CoordinateError(f"{what} ({lat!r}, {lon!r}): latitude and longitude must be numbers") from None
    if not -90.0 <= lat_f <= 90.0:
        raise CoordinateError(f"{what}: latitude {lat_f!r} is outside -90..90")
    if not -180.0 <= lon_f <= 180.0:
        raise CoordinateError(f"{what}: longitude {lon_f!r} is outside -180..180")
    return lat_f, lon_f


def parse_lat_lon(text: str) -> tuple[float, float]:
    """``"50.6,36.6"`` (degrees, latitude first) to (50.6, 36.6); :class:`CoordinateError` otherwise.

    >>> parse_lat_lon("-33.86, 151.21")
    (-33.86, 151.21)
    """
    parts = str(text).replace(" ", "").split(",")
    if len(parts) != 2 or not all(parts):
        raise CoordinateError(f"{text!r}: expected LAT,LON in degrees, e.g. 50.5955,36.5873")
    return check_lat_lon(parts[0], parts[1], what=repr(text))
