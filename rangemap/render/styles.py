"""Styles as data: one colour per system id and every weight, dash, opacity and label rule of a map.

Used by the Leaflet page, the KML export and figures alike, so a system looks the same everywhere.
Colours are keyed on the system id: catalog systems take the palette in catalog order; any other id
(a custom range) takes a colour from a stable hash of its id. Imports the catalog lazily, nothing else.
"""

from __future__ import annotations

import functools
import zlib

__all__ = ["BAND_OUTLINE", "BORDER_STYLE", "CITY_LABELS", "CITY_LABEL_MIN_POP", "CITY_MARKER", "ENVELOPE_FILL",
           "ENVELOPE_OUTLINE", "LAUNCH_AREA", "LAUNCH_SITE_MARKER", "OTHER_BORDERS", "PALETTE", "REACH_OUTLINE",
           "SHARED_DASH_PX", "SITE_LABEL_NEAR_DEG", "SITE_MARKER", "TARGET_MARKER", "city_radius_px", "colour",
           "colours_for", "page_styles"]

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
#: The largest cities in reach get a name label (at most this many, of at least this population).
CITY_LABELS = 12
CITY_LABEL_MIN_POP = 500_000
#: Dash length (px) when rings of several systems coincide: their colours alternate along the ring.
SHARED_DASH_PX = 9
#: Site labels go left when another site is within this many degrees (lat, lon), so they do not overlap.
SITE_LABEL_NEAR_DEG = (0.6, 1.5)


def _leaflet(style: dict) -> dict:
    """A style dict with folium-style snake_case keys (fill_color) in Leaflet's camelCase (fillColor)."""
    return {k.split("_")[0] + "".join(w.title() for w in k.split("_")[1:]): v for k, v in style.items()}


def page_styles() -> dict:
    """Every style the page script uses, as Leaflet path options."""
    return {"border": OTHER_BORDERS, "borderByName": BORDER_STYLE, "envelope": ENVELOPE_FILL,
            "envelopeEdge": {"weight": REACH_OUTLINE["weight"], "opacity": REACH_OUTLINE["opacity"]},
            "ring": REACH_OUTLINE, "band": BAND_OUTLINE, "site": _leaflet(SITE_MARKER),
            "city": {"color": CITY_MARKER["color"], "weight": 0.8, "opacity": 0.9, "fillColor": CITY_MARKER["fill"],
                     "fillOpacity": 0.55},
            "launch": LAUNCH_AREA, "target": TARGET_MARKER, "launchSite": LAUNCH_SITE_MARKER}


def city_radius_px(population: float) -> float:
    """Marker radius in pixels for a city: grows with the square root of its population, at most 9."""
    return min(round(1.5 + population ** 0.5 / 300.0, 1), 9.0)


@functools.cache
def _catalog_order() -> dict[str, int]:
    from rangemap import catalog

    return {system_id: i for i, system_id in enumerate(catalog.systems()["id"])}


def colour(system_id: str) -> str:
    """The colour of a system, the same in every map, export and figure.

    >>> colour("hwasong-11") == colour("hwasong-11")
    True
    """
    index = _catalog_order().get(system_id)
    if index is None:
        index = zlib.crc32(str(system_id).encode("utf-8"))
    return PALETTE[index % len(PALETTE)]


def colours_for(system_ids) -> dict[str, str]:
    """``{system id: colour}`` for each id given (see :func:`colour`)."""
    return {s: colour(s) for s in dict.fromkeys(system_ids)}
