"""Text people supply (names, titles, notes) checked at the edges and kept inert in every output.

Names come from other people's sites files, links and notebooks. They are checked once where they enter
(:func:`check_name`: no control characters, a bounded length) and, when written, kept from being read as
anything but text: control characters shown as U+FFFD in terminals and files (:func:`printable`),
spreadsheet formulas kept as text in CSV (:func:`spreadsheet_cell`). Standard library only.
"""

from __future__ import annotations

import re

from rangemap.errors import RangemapError

__all__ = ["NAME_MAX_CHARS", "NOT_A_NAME", "check_name", "printable", "spreadsheet_cell"]

#: Longest name, title or id accepted (characters): a long report title fits, a 400 kB name does not.
NAME_MAX_CHARS = 500
#: C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Text that :func:`check_name` refuses (after stripping): for checking whole columns at once.
NOT_A_NAME = re.compile("^$|[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: What a spreadsheet reads as a formula at the start of a cell (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Signed numbers and coordinate labels ("-33.8600, 151.2100"): no formula, left as they are.
_NUMBERS = re.compile(r"[-+][0-9][0-9., +-]*")


def _shown(text: str) -> str:
    cut = text if len(text) <= 40 else text[:40] + "…"
    return ascii(cut) if _CONTROL.search(cut) or _SURROGATE.search(cut) else repr(cut)


def check_name(value: object, what: str = "name", *, max_chars: int = NAME_MAX_CHARS) -> str:
    """``value`` as a stripped str, or :class:`RangemapError` naming ``what`` when it is empty, longer
    than ``max_chars``, or holds control characters or unpaired surrogates (bytes that were not UTF-8).

    >>> check_name("  Kyiv ")
    'Kyiv'
    """
    text = str(value).strip()
    if not text:
        raise RangemapError(f"{what} is empty")
    if len(text) > max_chars:
        raise RangemapError(f"{what} {_shown(text)} has {len(text):,} characters; at most {max_chars:,}")
    if _SURROGATE.search(text):
        raise RangemapError(f"{what} {_shown(text)} is not valid text (bytes that are not UTF-8)")
    if _CONTROL.search(text):
        raise RangemapError(f"{what} {_shown(text)} holds control characters")
    return text


def printable(value: object) -> object:
    """Text with control characters (a terminal's escape sequences, NUL) replaced by U+FFFD; anything
    that is not a str is returned as it is.

    >>> printable("Kyiv\\x1b[2J")
    'Kyiv�[2J'
    """
    if not isinstance(value, str):
        return value
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("\ufffd", value))


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as the text it is: control characters replaced as by
    :func:`printable`, and a leading ``'`` before text a spreadsheet would run as a formula
    (``=HYPERLINK(…)``, ``+``, ``-``, ``@``). Numbers are left alone.

    >>> spreadsheet_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START) and not _NUMBERS.fullmatch(value):
        value = "'" + value
    return printable(value)
