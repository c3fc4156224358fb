"""What a map's legend says: one row per system, launch area and cities, notes on dashed rings, band ends
and minimum ranges, and sources by publisher, title and date (never a file path). Plain data; the page
script draws it with ``textContent``. Imports nothing heavier than ``re``.
"""

from __future__ import annotations

import re

__all__ = ["ATTRIBUTION", "legend", "source_label"]

ATTRIBUTION = ("Borders: Natural Earth (public domain). Cities: GeoNames (CC BY 4.0, 2023), counted: places of "
               "15,000+ people worldwide and 1,000+ in the 20 countries in play, and capitals; "
               "pre-war figures; people in smaller places not counted. "
               "Ranges: as reported, see legend. Reach: WGS84 geodesics (rangemap).")

NOTES = {
    "band": "Dashed rings: the low and high ends of the reported range band; the solid ring is the range drawn.",
    "min": "A hole in the middle: closer than the minimum range, the system cannot strike.",
    "shared": "Rings in alternating colours: systems with the same range from the same site.",
    "cities": "Dots: cities in reach, sized by population (largest named); hover for distances.",
    "floor": "“At least” / “more than”: the source gives only a floor; the ring is drawn at it, the low edge of "
             "what the source says.",
}

_PATH_IN_PARENS = re.compile(r"\s*\([^()]*[/\\][^()]*\.\w{2,4}\)")
_PATH = re.compile(r"\S*(?:[/\\]\S+)+\.\w{2,4}\b")


def source_label(source, date=None, limit: int = 200) -> str:
    """A source as people cite it: publisher, title and date, with file paths taken out.

    The one place legend and tooltip source text comes from (so it can switch to ``data/sources.csv``).

    >>> source_label("Seed article (shared/sources/000_ab.txt): a range of 430 miles", "undated (seed)")
    'Seed article: a range of 430 miles (undated (seed))'
    """
    text = _PATH.sub("", _PATH_IN_PARENS.sub("", str(source or "")))
    text = " ".join(text.replace(" :", ":").split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if date is not None and str(date).strip() and str(date) != "nan":
        text = f"{text} ({str(date).strip()})" if text else str(date).strip()
    return text


def legend(systems, *, launch_areas=(), cities: bool = False, band: bool = False, min_range: bool = False,
           shared: bool = False, floor: bool = False) -> dict:
    """The legend as data: ``rows`` (kind, colour, name, label, source; a system's ``id``), ``notes``,
    ``attribution``."""
    rows = [{"role": "system", "id": s["id"], "kind": "fill", "colour": s["colour"], "name": s["name"],
             "label": s["label"], "source": s["source"]} for s in systems]
    rows += [{"role": "launch", "kind": "fill", "colour": "#000000", "dashed": True, "name": a["name"],
              "label": a["label"], "source": a.get("source", "")} for a in launch_areas]
    if cities:
        rows.append({"role": "cities", "kind": "fill", "colour": "#2b2b2b", "name": "Cities in reach", "label": "",
                     "source": ""})
    notes = [NOTES[k] for k, on in (("band", band), ("min", min_range), ("shared", shared), ("cities", cities),
                                    ("floor", floor)) if on]
    return {"rows": rows, "notes": notes, "attribution": ATTRIBUTION}
