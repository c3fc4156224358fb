"""Styles as data: one colour per system id and every weight, dash, opacity and label rule of a map.

Used by the Leaflet page, the KML export and figures alike, so a system looks the same everywhere.
Colours are keyed on the system id: catalog systems have their own (:data:`SYSTEM_COLOURS`); any other id
(a custom range) takes a colour from a stable hash of its id. Imports nothing.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from typing import Any

__all__ = ["BAND_OUTLINE", "BORDER_STYLE", "CITY_LABELS", "CITY_LABEL_MIN_POP", "CITY_MARKER", "ENVELOPE_FILL",
           "ENVELOPE_OUTLINE", "LAUNCH_AREA", "LAUNCH_SITE_MARKER", "OTHER_BORDERS", "PALETTE", "REACH_OUTLINE",
           "SHARED_DASH_PX", "SYSTEM_COLOURS", "SITE_LABEL_NEAR_DEG", "SITE_MARKER", "TARGET_MARKER",
           "city_radius_px", "colour", "colours_for", "page_styles"]

#: Okabe–Ito colours (colour-blind safe) first, then Paul Tol's "muted" set for larger catalogs.
PALETTE = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
           "#882255", "#117733", "#332288", "#AA4499", "#44AA99", "#999933", "#661100", "#6699CC"]

BORDER_STYLE = {
    "Ukraine": {"fillColor": "#ffe066", "fillOpacity": 0.55, "color": "#1f4e99", "weight": 1.6},
    "Russia": {"fillColor": "#c8c8c8", "fillOpacity": 0.7, "color": "#555555", "weight": 1.2},
}
OTHER_BORDERS = {"fillColor": "#f4f1ea", "fillOpacity": 1.0, "color": "#9a9a9a", "weight": 0.6}

#: A system's combined reach from all its sites: a light fill, no outline.
ENVELOPE_FILL = {"stroke": False, "fillOpacity": 0.16}
#: One site's ring at the nominal range, and at either end of a reported band (dashed).
REACH_OUTLINE = {"weight": 2.2, "opacity": 0.9, "fillOpacity": 0.0, "dashArray": None}
BAND_OUTLINE = {"weight": 1.5, "opacity": 0.9, "fillOpacity": 0.0, "dashArray": "6 4"}
#: The outline of :func:`rangemap.envelope` rows.
ENVELOPE_OUTLINE = {"weight": 3, "fill": False, "dashArray": "2 6"}
LAUNCH_AREA = {"color": "#000000", "weight": 2, "dashArray": "8 5", "fillColor": "#000000", "fillOpacity": 0.05}
SITE_MARKER = {"radius": 5, "color": "#222222", "weight": 2, "fill_color": "#ffffff", "fill_opacity": 1.0}
CITY_MARKER = {"color": "#ffffff", "fill": "#2b2b2b"}
TARGET_MARKER = {"radius": 7, "color": "#000000", "weight": 3, "fillColor": "#ffffff", "fillOpacity": 1.0}
LAUNCH_SITE_MARKER = {"radius": 4, "color": "#000000", "weight": 1, "fillColor": "#000000", "fillOpacity": 1.0}
#: The largest cities in reach are offered a name label (at most this many, of at least this population); on a
#: page, labels that cannot fit at a zoom beside their own marker without covering another are hidden (web/labels.js).
CITY_LABELS = 30
CITY_LABEL_MIN_POP = 500_000
#: Dash length (px) when rings of several systems coincide: their colours alternate along the ring.
SHARED_DASH_PX = 9
#: Site labels go left when another site is within this many degrees (lat, lon), so they do not overlap.
SITE_LABEL_NEAR_DEG = (0.6, 1.5)


def _leaflet(style: dict[str, Any]) -> dict[str, Any]:
    """A style dict with folium-style snake_case keys (fill_color) in Leaflet's camelCase (fillColor)."""
    return {k.split("_")[0] + "".join(w.title() for w in k.split("_")[1:]): v for k, v in style.items()}


def page_styles() -> dict[str, Any]:
    """Every style the page script uses, as Leaflet path options."""
    return {"border": OTHER_BORDERS, "borderByName": BORDER_STYLE, "envelope": ENVELOPE_FILL,
            "envelopeEdge": {"weight": REACH_OUTLINE["weight"], "opacity": REACH_OUTLINE["opacity"]},
            "ring": REACH_OUTLINE, "band": BAND_OUTLINE, "site": _leaflet(SITE_MARKER),
            "city": {"color": CITY_MARKER["color"], "weight": 0.8, "opacity": 0.9, "fillColor": CITY_MARKER["fill"],
                     "fillOpacity": 0.55},
            "launch": LAUNCH_AREA, "target": TARGET_MARKER, "launchSite": LAUNCH_SITE_MARKER}


def city_radius_px(population: float) -> float:
    """Marker radius in pixels for a city: grows with the square root of its population, at most 9."""
    radius: float = min(round(1.5 + math.sqrt(population) / 300.0, 1), 9.0)
    return radius


#: The colour of each catalog system, chosen so that the systems of every shipped scenario differ (tested)
#: and none is Ukraine's yellow or Russia's grey. Other ids (custom ranges) hash into :data:`PALETTE`.
SYSTEM_COLOURS = {
    # North Korea
    "hwasong-11": "#D55E00", "hwasong-11b": "#882255", "hwasong-11da-4.5": "#AA4499", "kn-25": "#117733",
    "pukguksong-2": "#0072B2", "koksan-m1989": "#009E73", "mrl-240mm": "#CC79A7", "hwasong-15": "#332288",
    "hwasong-17": "#44AA99", "hwasong-18": "#661100", "hwasong-12": "#009E73", "hwasong-14": "#CC79A7",
    "pukguksong-3": "#56B4E9", "hwasong-16b": "#999933", "musudan": "#6699CC", "rodong": "#E69F00",
    # Russia
    "iskander-m": "#882255", "9m729": "#332288", "kh-101": "#0072B2", "kh-55": "#44AA99", "kalibr": "#009E73",
    "kinzhal": "#CC79A7", "kh-22": "#D55E00", "zircon": "#661100", "oreshnik": "#000000", "shahed-136": "#AA4499",
    "fab-umpk": "#117733", "lancet": "#56B4E9", "kh-32": "#999933", "smerch": "#E69F00", "oniks": "#6699CC",
    "burevestnik": "#88CCEE",
    # Ukraine and supplied to it
    "neptune": "#0072B2", "long-neptune": "#56B4E9", "flamingo": "#D55E00", "peklo": "#009E73",
    "atacms-m57": "#882255", "atacms-m39": "#CC79A7", "storm-shadow": "#332288", "gmlrs": "#117733",
    "glsdb": "#661100", "tochka-u": "#44AA99", "vilkha": "#AA4499", "sapsan": "#000000", "harpoon-coastal": "#E69F00",
}


def colour(system_id: str) -> str:
    """The colour of a system, the same in every map, export and figure.

    >>> colour("hwasong-11")
    '#D55E00'
    """
    known = SYSTEM_COLOURS.get(system_id)
    if known is not None:
        return known
    return PALETTE[zlib.crc32(str(system_id).encode("utf-8")) % len(PALETTE)]


def colours_for(system_ids: Iterable[str]) -> dict[str, str]:
    """``{system id: colour}`` for each id given (see :func:`colour`)."""
    return {s: colour(s) for s in dict.fromkeys(system_ids)}
