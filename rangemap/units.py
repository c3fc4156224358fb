"""Quantities as people write them: distances with units ("430 mi") and coordinates ("50.6,36.6").

Metres and degrees are the units everywhere inside rangemap; this module converts and validates at the
edges, in one place each: :func:`parse_distance` for distances, :func:`check_lat_lon` for coordinates.
Imports only the standard library and :mod:`rangemap.errors`.
"""

from __future__ import annotations

import math
import re

from rangemap.errors import CoordinateError, DistanceError

__all__ = ["FLOOR_WORDS", "METRES_PER", "check_lat_lon", "format_distance", "format_duration", "km_to_m", "parse_coordinate",
           "parse_distance", "parse_lat_lon", "positive_metres", "stated_distance"]

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
                      re.IGNORECASE | re.ASCII)  # digits 0-9 only, as in the page


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


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?(e[-+]?\d+)?$", re.IGNORECASE | re.ASCII)


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


def format_duration(seconds: float) -> str:
    """A time as a reader says it: to the second below an hour, to the minute above (as the page's flight.js).

    >>> format_duration(45.4), format_duration(388.8), format_duration(3000), format_duration(9750)
    ('45 s', '6 min 29 s', '50 min', '2 h 43 min')
    """
    s = int(math.floor(seconds + 0.5))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min" + (f" {s % 60} s" if s % 60 else "")
    m = int(math.floor(s / 60 + 0.5))
    return f"{m // 60} h {m % 60:02d} min"


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
    Text is read by :func:`parse_coordinate` (decimal or degrees-minutes-seconds, ASCII digits).

    >>> check_lat_lon("50.6", 36.6)
    (50.6, 36.6)
    """
    lat_f = _coordinate_value(lat, "latitude", what)
    lon_f = _coordinate_value(lon, "longitude", what)
    if not -90.0 <= lat_f <= 90.0:
        raise CoordinateError(f"{what}: latitude {lat_f!r} is outside -90..90")
    if not -180.0 <= lon_f <= 180.0:
        raise CoordinateError(f"{what}: longitude {lon_f!r} is outside -180..180")
    return lat_f, lon_f


def _coordinate_value(value: object, axis: str, what: str) -> float:
    """One coordinate in degrees: text through :func:`parse_coordinate` (its hemisphere must fit ``axis``),
    numbers as they are."""
    if isinstance(value, str):
        degrees, found = parse_coordinate(value)
        if found is not None and found != axis:
            raise CoordinateError(f"{what}: {value!r} is a {found}, given as the {axis}")
        return degrees
    if isinstance(value, bool):
        raise CoordinateError(f"{what}: {axis} {value!r} is not a number")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise CoordinateError(f"{what}: {axis} {_shown(value)} is not a number") from None


#: One coordinate as people copy it: decimal degrees or degrees, minutes and seconds, with the hemisphere
#: as a letter before or after (``50.6N``, ``N 50°36′``, ``36°35'12"E``) or a sign.
_COORDINATE = re.compile(r"""^(?P<pre>[NSEW])?\s*(?P<sign>[-+])?\s*
    (?P<deg>\d+(?:\.\d*)?|\.\d+)\s*(?P<deg_mark>°)?\s*
    (?:(?P<min>\d+(?:\.\d+)?)\s*[′']?\s*
       (?:(?P<sec>\d+(?:\.\d+)?)\s*[″"]?\s*)?)?
    (?P<post>[NSEW])?$""", re.VERBOSE | re.IGNORECASE | re.ASCII)
#: Marks that copies use for the same symbols (ordinal º, ring ˚, typographic quotes, doubled primes).
_MARKS = str.maketrans({"º": "°", "˚": "°", "’": "′", "‘": "′", "”": "″", "“": "″", "−": "-", "\u00a0": " "})
_AXIS = {"N": "latitude", "S": "latitude", "E": "longitude", "W": "longitude"}


def parse_coordinate(text: str) -> tuple[float, str | None]:
    """One coordinate in degrees from text, and its axis ("latitude"/"longitude") when a hemisphere letter
    says it. Reads ``"50.61"``, ``"-36.5"``, ``"50.6N"``, ``"50°36′N"``, ``"N 50 36 30"``,
    ``"36°35'12\"E"``; S and W are negative. Digits are ASCII 0-9 only, and a number is written with a
    point: the same rule as the page's. :class:`CoordinateError` naming the text otherwise.

    >>> parse_coordinate("50°36′30″N")
    (50.608333333333334, 'latitude')
    """
    shown = _shown(text)
    if not isinstance(text, str) or not text.strip():
        raise CoordinateError(f"empty coordinate {shown}: give degrees, e.g. 50.6 or 50°36′N")
    if len(text) > 100:
        raise CoordinateError(f"coordinate {shown} is too long")
    clean = text.translate(_MARKS).replace("′′", "″").replace("''", "″").strip()
    if re.search(r"\d", clean) and not re.search(r"[0-9]", clean):
        raise CoordinateError(f"cannot read coordinate {shown}: write digits 0-9")
    match = _COORDINATE.match(clean)
    if not match:
        raise CoordinateError(f"cannot read coordinate {shown}: expected degrees such as 50.6, -36.5, 50.6N or "
                              f"50°36′N")
    pre, post, sign = match.group("pre"), match.group("post"), match.group("sign")
    if pre and post:
        raise CoordinateError(f"coordinate {shown} gives its hemisphere twice")
    hemisphere = (pre or post or "").upper()
    if hemisphere and sign:
        raise CoordinateError(f"coordinate {shown} has both a sign and a hemisphere letter: give one")
    minutes, seconds = match.group("min"), match.group("sec")
    if minutes is not None and "." in match.group("deg"):
        raise CoordinateError(f"coordinate {shown}: decimal degrees cannot be followed by minutes")
    if seconds is not None and "." in minutes:
        raise CoordinateError(f"coordinate {shown}: decimal minutes cannot be followed by seconds")
    if minutes is not None and not match.group("deg_mark") and not hemisphere and " " not in clean.strip("+-"):
        raise CoordinateError(f"cannot read coordinate {shown}")
    m = float(minutes) if minutes is not None else 0.0
    s = float(seconds) if seconds is not None else 0.0
    if m >= 60 or s >= 60:
        raise CoordinateError(f"coordinate {shown}: minutes and seconds must be below 60")
    degrees = float(match.group("deg")) + m / 60.0 + s / 3600.0
    if sign == "-" or hemisphere in ("S", "W"):
        degrees = -degrees
    return degrees, _AXIS.get(hemisphere)


def parse_lat_lon(text: str) -> tuple[float, float]:
    """A point from text to (lat, lon) degrees: ``"50.6,36.6"`` (latitude first), or as journalists copy
    it, ``"50°36′N 36°35′E"``, ``"50.6N, 36.6E"``, ``"36.6E 50.6N"`` (hemisphere letters say which is
    which). :class:`CoordinateError` naming the text otherwise.

    >>> parse_lat_lon("-33.86, 151.21")
    (-33.86, 151.21)
    >>> parse_lat_lon("50°36′N 36°35′E")
    (50.6, 36.583333333333336)
    """
    if not isinstance(text, str):
        raise CoordinateError(f"{_shown(text)}: expected LAT,LON in degrees, e.g. 50.5955,36.5873")
    clean = text.translate(_MARKS).strip()
    parts = [p.strip() for p in clean.split(",")]
    if len(parts) == 1:  # no comma: split after the first hemisphere letter ("50°36′N 36°35′E")
        halves = re.split(r"(?<=[NSns])\s*(?=[-+0-9EWew])|(?<=[EWew])\s*(?=[-+0-9NSns])", clean, maxsplit=1)
        halves = [h.strip() for h in halves]
        if len(halves) == 2 and all(halves) and not clean[:1].isalpha():
            parts = halves
        else:
            halves = re.split(r"\s+(?=[NSEWnsew])", clean, maxsplit=1)  # prefix letters: "N50 36 E36 35"
            parts = [h.strip() for h in halves]
    if len(parts) != 2 or not all(parts):
        raise CoordinateError(f"{_shown(text)}: expected LAT,LON in degrees, e.g. 50.5955,36.5873 or "
                              f"50°36′N 36°35′E")
    try:
        (first, axis1), (second, axis2) = parse_coordinate(parts[0]), parse_coordinate(parts[1])
    except CoordinateError as err:
        raise CoordinateError(f"{_shown(text)}: {err}") from None
    if axis1 is not None and axis1 == axis2:
        raise CoordinateError(f"{_shown(text)}: both coordinates are a {axis1}")
    if axis1 == "longitude" or axis2 == "latitude":
        first, second = second, first
    return check_lat_lon(first, second, what=repr(text))
