"""Leaflet reach maps through folium: one layer per system, borders, legend, self-contained assets.

A :class:`ReachMap` is a ``folium.Map``: users may keep adding folium layers. By default the saved HTML
renders with no network: Leaflet's JS and CSS are inlined from the ``xstatic-leaflet`` package and the
country borders are embedded as a vector base layer; OpenStreetMap tiles are an extra base layer.
Every string that reaches HTML or JavaScript goes through :func:`html_text` or a JSON encoder.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import box

from rangemap import analysis, catalog, units
from rangemap.styles import PALETTE

__all__ = ["ReachMap", "reach_map", "seed_map", "html_text", "PALETTE"]

ATTRIBUTION = ("Borders: Natural Earth (public domain). Cities: GeoNames (CC BY 4.0). "
               "Ranges: as reported, see legend. Reach: WGS84 geodesics (rangemap).")
DEFAULT_VIEW = {"location": (49.5, 34.0), "zoom_start": 5}
BORDER_STYLE = {
    "Ukraine": {"fillColor": "#ffe066", "fillOpacity": 0.55, "color": "#1f4e99", "weight": 1.6},
    "Russia": {"fillColor": "#c8c8c8", "fillOpacity": 0.7, "color": "#555555", "weight": 1.2},
}
OTHER_BORDERS = {"fillColor": "#f4f1ea", "fillOpacity": 1.0, "color": "#9a9a9a", "weight": 0.6}

#: The seed scenario: systems and launch points from the reporting (see data/systems.csv, data/sites.csv).
SEED_SCENARIO = [
    (["hwasong-11", "pukguksong-2"], ["belgorod", "kursk", "bryansk", "voronezh"]),
    (["koksan-m1989", "mrl-240mm"], ["shebekino"]),
]


def html_text(text) -> str:
    """Escape text for HTML and for JavaScript template literals (folium puts tooltips in backticks)."""
    return (html.escape(str(text), quote=True)
            .replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;"))


def _json_for_script(value) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def display_geometry(geom, lon0: float):
    """Copy for Leaflet with longitudes in [lon0 - 180, lon0 + 180]: pieces beyond the antimeridian as
    seen from the launch point move by 360° and rejoin, so a ring over Chukotka or a cap around a pole
    draws as one shape around its launch point (analysis keeps the split geometry)."""
    west, east = lon0 - 180.0, lon0 + 180.0
    minx, _, maxx, _ = geom.bounds
    if lon0 >= 0 and minx < west:
        keep, move, shift = box(west, -90.0, 180.0, 90.0), box(-180.0, -90.0, west, 90.0), 360.0
    elif lon0 < 0 and maxx > east:
        keep, move, shift = box(-180.0, -90.0, east, 90.0), box(east, -90.0, 180.0, 90.0), -360.0
    else:
        return geom
    moved = shapely.transform(shapely.intersection(geom, move), lambda xy: xy + [shift, 0.0])
    return shapely.union_all([shapely.intersection(geom, keep), moved])


def _with_antimeridian_copies(geom, within_deg: float = 60.0):
    """Add copies, 360° over, of the parts within ``within_deg`` of ±180° (Chukotka, Alaska, Fiji…), so
    borders stay drawn where display geometries continue past the antimeridian."""
    parts = list(shapely.get_parts(geom))
    copies = [shapely.transform(p, lambda xy, s=(-360.0 if p.bounds[0] > 0 else 360.0): xy + [s, 0.0])
              for p in parts if p.bounds[0] > 180.0 - within_deg or p.bounds[2] < within_deg - 180.0]
    return shapely.MultiPolygon(parts + copies) if copies else geom


@functools.cache
def _borders_json() -> str:
    """The borders layer as GeoJSON text, built once per process (each map parses its own copy,
    since folium writes styles into the data)."""
    borders = catalog.boundaries()
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": html_text(name), "rangemap": "border"},
         "geometry": _geojson(_with_antimeridian_copies(geom), 3)}
        for name, geom in zip(borders["name"], borders.geometry)]})


def _geojson(geom, digits: int = 5) -> dict:
    """GeoJSON geometry with coordinates rounded for display (1e-5° ≈ 1 m)."""
    geom = shapely.transform(geom, lambda xy: np.round(xy, digits))
    return json.loads(shapely.to_geojson(geom))


class _InlineAssets(Element):
    """Leaflet's CSS and JS from xstatic-leaflet, inlined into the page header."""

    def __init__(self):
        import xstatic.pkg.leaflet as leaflet

        base = Path(leaflet.BASE_DIR)
        css = re.sub(r"url\(images/[^)]*\)", "none", (base / "leaflet.css").read_text(encoding="utf-8"))
        js = (base / "leaflet.js").read_text(encoding="utf-8")
        super().__init__(f"<style>{css}</style>\n<script>{js}</script>")


class _Control(MacroElement):
    """A Leaflet control holding pre-escaped HTML (title or legend)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html_content: str, position: str, css_class: str):
        super().__init__()
        self.html_json = _json_for_script(html_content)
        self.position = position
        self.css_class = css_class


class _PointLayer(folium.map.Layer):
    """Many small circle markers from one compact JSON array (cities), each with a pre-escaped tooltip."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        {{ this.points_json }}.forEach(function (p) {
            L.circleMarker([p[0], p[1]], {radius: p[2], color: {{ this.color|tojson }}, weight: 0.8,
                opacity: 0.9, fillColor: {{ this.fill|tojson }}, fillOpacity: 0.55,
                className: {{ this.css_class|tojson }}})
             .bindTooltip(p[3]).addTo({{ this.get_name() }});
        });
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)

    def __init__(self, points, name: str, *, color="#ffffff", fill="#2b2b2b", css_class="rangemap-city"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self.points_json = _json_for_script(points)
        self.color, self.fill, self.css_class = color, fill, css_class


_PAGE_CSS = """<style>
div.leaflet-container { background: #cfe3f0; }
.rangemap-title { background: rgba(255,255,255,.92); padding: 6px 10px; font: 600 15px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 60vw; }
.rangemap-legend { background: rgba(255,255,255,.94); padding: 8px 10px; font: 12px/1.35 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 430px; }
.rangemap-legend table { border-collapse: collapse; }
.rangemap-legend td { padding: 2px 4px; vertical-align: top; }
.rangemap-legend .swatch { display: inline-block; width: 14px; height: 14px; border: 2px solid; }
.rangemap-legend .source { color: #555; font-size: 11px; }
.rangemap-legend .attribution { color: #555; font-size: 10px; margin-top: 4px; border-top: 1px solid #ddd; }
.rangemap-site-label { font: 600 11px sans-serif; }
</style>"""


class ReachMap(folium.Map):
    """A folium map of geodesic reach over Ukraine and Russia.

    ``self_contained=True`` (default) inlines Leaflet and needs no network to render; ``False`` gives
    folium's usual CDN assets. ``units`` ("km" or "mi") orders the labels. Extra arguments go to
    ``folium.Map``.
    """

    def __init__(self, location=DEFAULT_VIEW["location"], zoom_start=DEFAULT_VIEW["zoom_start"], *,
                 self_contained: bool = True, title: str | None = None, units: str = "km",
                 borders: bool = True, **kwargs):
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("control_scale", True)
        super().__init__(location=location, zoom_start=zoom_start, **kwargs)
        units_check = {"km", "mi"}
        if units not in units_check:
            raise ValueError(f"units {units!r}: use 'km' or 'mi'")
        self.self_contained = bool(self_contained)
        self.units = units
        self._groups: dict[str, folium.FeatureGroup] = {}
        self._legend_rows: list[str] = []
        self._sites_drawn: set[tuple] = set()
        self._finished = False
        if borders:
            self._add_borders()
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False,
                         control=True).add_to(self)
        if title:
            self.add_child(_Control(f"<div>{html_text(title)}</div>", "topright", "rangemap-title"))

    def _add_borders(self):
        folium.GeoJson(
            json.loads(_borders_json()), name="Borders (offline)", overlay=False, control=True, show=True,
            style_function=lambda f: dict(BORDER_STYLE.get(f["properties"]["name"], OTHER_BORDERS),
                                          className="rangemap-border"),
            highlight_function=None, smooth_factor=0.5, zoom_on_click=False,
        ).add_to(self)

    def colour_for(self, system_id: str) -> str:
        """The colour of a system's layer (assigned in the order systems are added)."""
        order = list(self._groups)
        index = order.index(system_id) if system_id in order else len(order)
        return PALETTE[index % len(PALETTE)]

    def add_reach(self, reach_gdf) -> "ReachMap":
        """Draw a reach table (from :func:`rangemap.reach`): one toggleable layer per system.

        Each system's combined reach from all its sites is filled once (so overlaps stay readable);
        each site's ring is an outline with its own tooltip.
        """
        shown = [display_geometry(g, lon) for g, lon in zip(reach_gdf.geometry, reach_gdf["lon"])]
        nominal = analysis.is_nominal(reach_gdf)
        for system_id in dict.fromkeys(reach_gdf.loc[nominal, "system"]):
            positions = np.flatnonzero(nominal & (reach_gdf["system"] == system_id).to_numpy())
            colour = self.colour_for(system_id)
            group = self._group(reach_gdf.iloc[positions[0]], colour)
            shapes = [shown[p] for p in positions]
            folium.GeoJson(
                {"type": "Feature", "geometry": _geojson(shapely.union_all(shapes)),
                 "properties": {"rangemap": "envelope", "system": html_text(system_id)}},
                style_function=lambda f, c=colour: {"stroke": False, "fillColor": c, "fillOpacity": 0.16},
                interactive=False, smooth_factor=0.3, zoom_on_click=False,
            ).add_to(group)
        for (_, row), shape in zip(reach_gdf.iterrows(), shown):
            colour = self.colour_for(row["system"])
            group = self._group(row, colour)
            label = units.format_distance(row["range_m"], self.units)
            band = "" if row.get("band", "nominal") == "nominal" else f" ({row['band']} end of reported band)"
            tip = (f"<b>{html_text(row['system_name'])}</b>{html_text(band)}<br>from {html_text(row['site_name'])}"
                   f"<br>range {html_text(label)}"
                   + (f", minimum {html_text(units.format_distance(row['min_range_m'], self.units))}"
                      if row["min_range_m"] > 0 else "")
                   + f"<br><span style='color:#555'>{html_text(_short(row['source']))}</span>")
            dashed = row.get("band", "nominal") != "nominal"
            feature = {"type": "Feature", "geometry": _geojson(shape),
                       "properties": {"rangemap": "reach", "system": html_text(row["system"]),
                                      "site": html_text(row["site"]), "band": html_text(row.get("band", ""))}}
            folium.GeoJson(
                feature,
                style_function=lambda f, c=colour, d=dashed: {
                    "color": c, "weight": 1.5 if d else 2.2, "opacity": 0.9, "fillColor": c, "fillOpacity": 0.0,
                    "dashArray": "6 4" if d else None},
                tooltip=folium.Tooltip(tip, sticky=True), smooth_factor=0.3, zoom_on_click=False,
            ).add_to(group)
            self._add_site(row, group)
        return self

    def _group(self, row, colour) -> folium.FeatureGroup:
        if row["system"] not in self._groups:
            label = units.format_distance(row["range_m"], self.units)
            self._groups[row["system"]] = folium.FeatureGroup(name=html_text(f"{row['system_name']} — {label}"),
                                                              overlay=True, control=True, show=True).add_to(self)
            self._legend_rows.append(
                f"<tr><td><span class='swatch' style='background:{colour}33;border-color:{colour}'></span></td>"
                f"<td><b>{html_text(row['system_name'])}</b><br>{html_text(label)}"
                f"<div class='source'>{html_text(_short(row['source'], 110))}</div></td></tr>")
        return self._groups[row["system"]]

    def _add_site(self, row, group):
        key = (row["system"], round(row["lat"], 6), round(row["lon"], 6))
        if key in self._sites_drawn:
            return
        self._sites_drawn.add(key)
        near = any(abs(lat - row["lat"]) < 0.6 and abs(lon - row["lon"]) < 1.5 and (lat, lon) != key[1:]
                   for _, lat, lon in self._sites_drawn)
        folium.CircleMarker(
            (row["lat"], row["lon"]), radius=5, color="#222222", weight=2, fill=True, fill_color="#ffffff",
            fill_opacity=1.0, class_name="rangemap-site",
            tooltip=folium.Tooltip(html_text(row["site_name"]), permanent=True, direction="left" if near else "right",
                                   class_name="rangemap-site-label", sticky=False),
        ).add_to(group)

    def add_cities(self, targets, name: str = "Cities in reach") -> "ReachMap":
        """Cities within reach (from :func:`rangemap.targets_in_reach`) as markers sized by population."""
        if len(targets) == 0:
            return self
        points = []
        for (_, _, lat, lon, pop), rows in targets.groupby(["name", "country", "lat", "lon", "population"],
                                                         sort=False):
            first = rows.iloc[0]
            lines = "".join(f"<br>{html_text(r.system)}: {r.distance_km:,.0f} km from {html_text(r.site)}"
                            for r in rows.itertuples())
            tip = f"<b>{html_text(first['name'])}</b> ({html_text(first['country'])}), pop. {int(pop):,}{lines}"
            radius = round(float(1.5 + np.sqrt(pop) / 300.0), 1)
            points.append([round(float(lat), 4), round(float(lon), 4), min(radius, 9.0), tip])
        points.sort(key=lambda p: -p[2])  # big cities first, so small ones stay clickable on top
        self.add_child(_PointLayer(points, html_text(name)))
        return self

    def add_envelope(self, envelope_gdf, name: str = "Envelopes") -> "ReachMap":
        """Outline each row of :func:`rangemap.envelope` (a system's reach from all its sites)."""
        group = folium.FeatureGroup(name=html_text(name), overlay=True, control=True, show=True).add_to(self)
        for _, row in envelope_gdf.iterrows():
            key = row.get("system", row.iloc[0])
            colour = self.colour_for(key) if key in self._groups else "#333333"
            folium.GeoJson(
                {"type": "Feature", "geometry": _geojson(row.geometry),
                 "properties": {"rangemap": "envelope-outline", "system": html_text(key)}},
                style_function=lambda f, c=colour: {"color": c, "weight": 3, "fill": False, "dashArray": "2 6"},
                tooltip=folium.Tooltip(f"Reach of {html_text(key)} from {int(row['sites'])} site(s)"),
                zoom_on_click=False,
            ).add_to(group)
        return self

    def add_launch_area(self, target, system, *, sites=None) -> "ReachMap":
        """Where ``system`` could hit ``target`` from (a city name or (lat, lon)), and the named sites there."""
        area, inside = analysis.launch_area(target, system, sites=sites)
        name, lat, lon = analysis.target_point(target)
        sys_row = catalog.system(system)
        label = f"Launch area: {sys_row['name']} against {name}"
        distance = units.format_distance(sys_row["range_km"] * 1000.0, self.units)
        group = folium.FeatureGroup(name=html_text(label), overlay=True, control=True, show=True).add_to(self)
        folium.GeoJson(
            {"type": "Feature", "geometry": _geojson(display_geometry(area, lon)),
             "properties": {"rangemap": "launch-area", "system": html_text(sys_row["id"])}},
            style_function=lambda f: {"color": "#000000", "weight": 2, "dashArray": "8 5", "fillColor": "#000000",
                                      "fillOpacity": 0.05},
            tooltip=folium.Tooltip(f"{html_text(label)}<br>{html_text(distance)} around the target"
                                   f"<br>{len(inside)} named site(s) inside"),
            zoom_on_click=False,
        ).add_to(group)
        folium.CircleMarker((lat, lon), radius=7, color="#000000", weight=3, fill=True, fill_color="#ffffff",
                            fill_opacity=1.0, tooltip=folium.Tooltip(f"Target: {html_text(name)}", permanent=True,
                                                                     direction="right")).add_to(group)
        for row in inside.itertuples():
            folium.CircleMarker((row.lat, row.lon), radius=4, color="#000000", fill=True, fill_color="#000000",
                                tooltip=folium.Tooltip(f"{html_text(row.name)}: {row.distance_km:,.0f} km to "
                                                       f"{html_text(name)}")).add_to(group)
        return self

    def render(self, **kwargs):
        if not self._finished:  # legend, attribution and layer control go last, once
            self._finished = True
            legend = "".join(self._legend_rows)
            self.add_child(_Control(
                f"<table>{legend}</table><div class='attribution'>{html_text(ATTRIBUTION)}</div>",
                "bottomright", "rangemap-legend"))
            folium.LayerControl(collapsed=False, position="topleft").add_to(self)
        figure = self.get_root()
        figure.header.add_child(Element(_PAGE_CSS), name="rangemap_css")
        if self.self_contained:
            self.default_js, self.default_css = [], []
            figure.header.add_child(_InlineAssets(), name="leaflet_inline")
        super().render(**kwargs)


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reach_map(systems, sites, *, cities: bool = False, band: bool = False, envelope: bool = False,
              units: str = "km", title: str | None = None, self_contained: bool = True,
              m: ReachMap | None = None, **map_kwargs) -> ReachMap:
    """One call: the reach of ``systems`` from ``sites`` on a :class:`ReachMap` (or on ``m``)."""
    table = analysis.reach(systems, sites, band=band)
    m = m or ReachMap(self_contained=self_contained, title=title, units=units, **map_kwargs)
    m.add_reach(table)
    if envelope:
        m.add_envelope(analysis.envelope(table))
    if cities:
        m.add_cities(analysis.targets_in_reach(table))
    return m


def seed_map(**kwargs) -> ReachMap:
    """The seed scenario: Hwasong-11 and Pukguksong-2 from Belgorod, Kursk, Bryansk and Voronezh; the
    Koksan gun and 240 mm rocket launcher from a border town; cities in reach."""
    kwargs.setdefault("title", "North Korean systems reported in Russia: reach from Russian border regions")
    m = ReachMap(**kwargs)
    tables = [analysis.reach(systems, sites) for systems, sites in SEED_SCENARIO]
    for table in tables:
        m.add_reach(table)
    m.add_cities(analysis.targets_in_reach(pd.concat(tables, ignore_index=True)))
    return m
