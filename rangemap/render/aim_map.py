"""A page of accuracy at a target (:func:`rangemap.aim`): its geodesic CEP, R90 and R99 rings, the simulated
impacts and the target on a static :class:`~rangemap.render.leaflet.ReachMap`, with the answer's lines (chance,
source and date, method) in a box on the map. Every text is escaped: names may come from the user.
"""

from __future__ import annotations

import html
import math

import folium
import shapely
from branca.element import Element

from rangemap import geodesy
from rangemap.analysis.aim import Aim
from rangemap.render.leaflet import ReachMap

__all__ = ["aim_map"]

RING = "#7a0000"
IMPACT = "#ff5a3c"
ASKED = "#1f5fa8"


def _zoom(lat: float, radius_m: float, pixels: float = 170.0) -> int:
    """The Web Mercator zoom at which ``radius_m`` spans about ``pixels`` at latitude ``lat``."""
    metres_per_pixel = radius_m / pixels
    return max(1, min(18, int(math.log2(156543.03 * math.cos(math.radians(lat)) / metres_per_pixel))))


def aim_map(result: Aim, **kwargs) -> ReachMap:
    """``result`` drawn on a self-contained, static page (extra arguments go to :class:`ReachMap`)."""
    reach = max(r.radius_m for r in result.rings)
    kwargs.setdefault("title", f"{result.system_name} at {result.target}")
    m = ReachMap(location=[result.lat, result.lon], zoom_start=_zoom(result.lat, reach), interactive=False,
                 **kwargs)
    band = len(result.ceps_m) > 1
    for ring in result.rings:
        low_end = band and ring.cep_m == result.ceps_m[0]
        style = {"color": RING, "weight": 2.5 if ring.label == "CEP" else 1.5, "fill": False,
                 "dashArray": "5 4" if low_end else None}
        end = (" (the band's low end)" if low_end else " (the band's high end)") if band else ""
        folium.GeoJson(shapely.geometry.mapping(ring.geometry), style_function=lambda _f, s=style: s,
                       smooth_factor=0.2,
                       tooltip=folium.Tooltip(html.escape(f"{ring.label} {ring.radius_m:,.0f} m{end}"))).add_to(m)
    if not any(abs(r.radius_m - result.radius_m) < 1e-6 for r in result.rings if r.label == "CEP"):
        asked = geodesy.reach_polygon(result.lat, result.lon, result.radius_m,
                                      tolerance_m=max(result.radius_m / 5000.0, 0.005))
        style = {"color": ASKED, "weight": 2, "fill": False, "dashArray": "2 3"}
        folium.GeoJson(shapely.geometry.mapping(asked), style_function=lambda _f, s=style: s, smooth_factor=0.2,
                       tooltip=folium.Tooltip(html.escape(f"the radius asked about: {result.radius_m:,.0f} m"))
                       ).add_to(m)
    for hit in result.impacts:
        folium.CircleMarker([hit.lat, hit.lon], radius=2.5, color=RING, weight=1, fill=True, fill_color=IMPACT,
                            fill_opacity=0.9).add_to(m)
    folium.CircleMarker([result.lat, result.lon], radius=5, color="#000000", weight=2, fill=True,
                        fill_color="#ffffff", fill_opacity=1,
                        tooltip=folium.Tooltip(html.escape(result.target), permanent=True, direction="right",
                                               offset=(8, 0))).add_to(m)
    lines = result.lines()
    head = "".join(f"<div>{html.escape(line)}</div>" for line in lines[:2])
    more = "".join(f"<div>{html.escape(line)}</div>" for line in lines[2:])
    m.get_root().html.add_child(Element(
        '<div class="rangemap-aim-box" style="position:fixed;left:10px;bottom:64px;z-index:1000;max-width:min(560px,'
        'calc(100% - 20px));background:rgba(255,255,255,.94);padding:8px 10px;font:13px/1.35 system-ui,sans-serif;'
        f'border:1px solid #999;border-radius:4px;max-height:40vh;overflow:auto">{head}'
        f'<details><summary>Rings, impacts, source and method</summary>{more}</details></div>'))
    return m
