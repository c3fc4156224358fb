"""Distances with units: parse what people write ("430 mi") into metres, and format metres for labels.

Metres are the unit everywhere inside rangemap; this module converts only at the edges.
"""

from __future__ import annotations

import math
import re

__all__ = ["DistanceError", "parse_distance", "format_distance", "METRES_PER"]

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


class DistanceError(ValueError):
    """A distance that cannot be understood: unknown unit, negative, not finite or empty."""


def parse_distance(text: str | float | int) -> float:
    """Return the distance ``text`` in metres.

    Accepts ``"430 mi"``, ``"430mi"``, ``"692 km"``, ``"373.6 nmi"``, ``"692000 m"`` (any case) and bare
    numbers, which are kilometres (``"692"`` and ``692`` are 692 km).

    Raises :class:`DistanceError` (a ``ValueError``) naming the bad value for an empty string, an unknown
    unit, a negative, NaN or infinite distance.

    >>> round(parse_distance("430 mi"), 1)
    692017.9
    """
    if isinstance(text, bool):
        raise DistanceError(f"not a distance: {text!r}")
    if isinstance(text, (int, float)):
        value, unit = float(text), "km"
    else:
        if not isinstance(text, str):
            raise DistanceError(f"not a distance: {text!r}")
        match = _PATTERN.match(text)
        if not text.strip():
            raise DistanceError("empty distance: give a number with a unit, e.g. '430 mi' or '692 km'")
        if not match:
            raise DistanceError(f"cannot read distance {text!r}: expected a number and a unit, e.g. '430 mi'")
        number, unit_text = match.group(1).replace(",", "").replace("_", ""), match.group(2).strip().lower()
        unit = _ALIASES.get(unit_text) if unit_text else "km"
        if unit is None:
            known = ", ".join(sorted(METRES_PER))
            raise DistanceError(f"unknown unit {unit_text!r} in {text!r}: use one of {known}")
        value = float(number)
    if math.isnan(value) or math.isinf(value):
        raise DistanceError(f"distance must be finite, got {text!r}")
    if value < 0:
        raise DistanceError(f"distance must not be negative, got {text!r}")
    return value * METRES_PER[unit]


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
