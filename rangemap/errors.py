"""One error family for everything a user can get wrong: :class:`RangemapError` and a few kinds of it.

Every error rangemap raises for bad input is a ``RangemapError`` (a ``ValueError``) whose message is one
line naming the bad value, file, row or feature. The command line catches this family, and only it, as
bad input (exit status 2). Warnings (work done, but differently from what was asked) are
:class:`RangemapWarning`, shown by the command line as one line. Imports nothing.
"""

from __future__ import annotations

__all__ = ["AmbiguousPlaceWarning", "CoordinateError", "DataFileError", "DistanceError", "ManyRingsWarning", "OutputError",
           "RangemapError", "RangemapWarning", "UnknownNameError"]


class RangemapError(ValueError):
    """Bad input to rangemap; the message names the value and, where it helps, how to write it."""


class DistanceError(RangemapError):
    """A distance or tolerance that cannot be understood or is out of bounds (unit, sign, not finite)."""


class CoordinateError(RangemapError):
    """A latitude or longitude that is not a number or lies outside -90..90 / -180..180."""


class UnknownNameError(RangemapError):
    """A system, site or place that is not in the catalog; the message lists the closest names."""


class DataFileError(RangemapError):
    """A data file (catalog table, sites file) that cannot be read or breaks its schema: names file, row, column."""


class OutputError(RangemapError):
    """An output path that cannot be written safely (missing folder, a folder, a device, an unknown format)."""


class RangemapWarning(UserWarning):
    """Done, but not quite as asked; the message says what was done instead."""


class ManyRingsWarning(RangemapWarning):
    """A map with too many reach rings to outline each: drawn as each system's reach and the sites."""


class AmbiguousPlaceWarning(RangemapWarning):
    """A place name that several places share: the most populous was taken; the message names how to choose."""
