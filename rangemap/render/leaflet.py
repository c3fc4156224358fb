"""Leaflet reach maps through folium: one layer per system, borders, legend, self-contained assets.

A :class:`ReachMap` is a ``folium.Map``: users may keep adding folium layers. By default the saved HTML
renders with no network: Leaflet's JS and CSS are inlined from the ``xstatic-leaflet`` package and the
country borders are embedded as a vector base layer; OpenStreetMap tiles are an extra base layer.
Every string that reaches HTML or JavaScript goes through :func:`html_text` or a JSON encoder.
"""

from __future__ import annotations

import functools
import json

import folium
import numpy as np
import shapely
from branca.element import Element

from rangemap import analysis, catalog
from rangemap import units as units_mod
from rangemap.geodesy import display_geometry, with_antimeridian_copies
from rangemap.render import styles
from rangemap.render.elements import PAGE_CSS, Control, InlineAssets, PointLayer, geojson, html_text, short_text

__all__ = ["ATTRIBUTION", "DEFAULT_VIEW", "ReachMap"]

ATTRIBUTION = ("Borders: Natural Earth (public domain). Cities: GeoNames (CC BY 4.0). "
               "Ranges: as reported, see legend. Reach: WGS84 geodesics (rangemap).")
DEFAULT_VIEW = {"location": (49.5, 34.0), "zoom_start": 5}


@functools.cache
def _borders_json() -> str:
    """The borders layer as GeoJSON text, built once per process (each map parses its own copy,
    since folium writes styles into the data)."""
    borders = catalog.boundaries()
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": html_text(name), "rangemap": "border"},
         "geometry": geojson(with_antimeridian_copies(geom), 3)}
        for name, geom in zip(borders["name"], borders.geometry)]})


class ReachMap(folium.Map):
    """A folium map of geodesic reach over Ukraine and Russia.

    ``self_contained=True`` (default) inlines Leaflet and needs no network to render; ``False`` gives
    folium's usual CDN assets. ``units`` ("km" or "mi") orders the labels. Extra arguments go to
    ``folium.Map``. ``interactive=False`` leaves out the in-page app (drag, add, measure; see
    :mod:`rangemap.render.interactive`).
    """

    def __init__(self, location=DEFAULT_VIEW["location"], zoom_start=DEFAULT_VIEW["zoom_start"], *,
                 self_contained: bool = True, title: str | None = None, units: str = "km",
                 borders: bool = True, interactive: bool = True, **kwargs):
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("control_scale", True)
        super().__init__(location=location, zoom_start=zoom_start, **kwargs)
        units_mod.format_distance(0.0, units)  # an unknown display unit fails here, naming it
        self.self_contained = bool(self_contained)
        self.units = units
        self._layers: dict[str, folium.FeatureGroup] = {}  # one per system id, in the order drawn
        self._legend: dict[str, dict] = {}  # system id -> what its legend row says
        self._sites_drawn: set[tuple] = set()
        self._finished = False
        self.interactive = bool(interactive)  # the page recomputes reach as sites move (render/interactive.py)
        self._drawn_tables: list = []  # reach tables drawn, handed to the page's app
        if borders:
            self._add_borders()
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False,
                         control=True).add_to(self)
        if title:
            self.add_child(Control(f"<div>{html_text(title)}</div>", "topright", "rangemap-title"))

    def _add_borders(self):
        folium.GeoJson(
            json.loads(_borders_json()), name="Borders (offline)", overlay=False, control=True, show=True,
            style_function=lambda f: dict(styles.BORDER_STYLE.get(f["properties"]["name"], styles.OTHER_BORDERS),
                                          className="rangemap-border"),
            highlight_function=None, smooth_factor=0.5, zoom_on_click=False,
        ).add_to(self)

    def colour_for(self, system_id: str) -> str:
        """The colour of a system (keyed on its id, the same in every map, export and figure)."""
        return styles.colour(system_id)

    def add_reach(self, reach_gdf) -> ReachMap:
        """Draw a reach table (from :func:`rangemap.reach`): one toggleable layer per system.

        Each system's combined reach from all its sites is filled once (so overlaps stay readable);
        each site's ring is an outline with its own tooltip.
        """
        self._drawn_tables.append(reach_gdf)
        shown = [display_geometry(g, lon) for g, lon in zip(reach_gdf.geometry, reach_gdf["lon"])]
        nominal = analysis.is_nominal(reach_gdf)
        for system_id in dict.fromkeys(reach_gdf.loc[nominal, "system"]):
            positions = np.flatnonzero(nominal & (reach_gdf["system"] == system_id).to_numpy())
            colour = self.colour_for(system_id)
            group = self._system_layer(reach_gdf.iloc[positions[0]])
            shapes = [shown[p] for p in positions]
            folium.GeoJson(
                {"type": "Feature", "geometry": geojson(shapely.union_all(shapes)),
                 "properties": {"rangemap": "envelope", "system": html_text(system_id)}},
                style_function=lambda f, c=colour: dict(styles.ENVELOPE_FILL, fillColor=c),
                interactive=False, smooth_factor=0.3, zoom_on_click=False,
            ).add_to(group)
        for (_, row), shape in zip(reach_gdf.iterrows(), shown):
            colour = self.colour_for(row["system"])
            group = self._system_layer(row)
            label = units_mod.format_distance(row["range_m"], self.units)
            band = "" if row.get("band", "nominal") == "nominal" else f" ({row['band']} end of reported band)"
            tip = (f"<b>{html_text(row['system_name'])}</b>{html_text(band)}<br>from {html_text(row['site_name'])}"
                   f"<br>range {html_text(label)}"
                   + (f", minimum {html_text(units_mod.format_distance(row['min_range_m'], self.units))}"
                      if row["min_range_m"] > 0 else "")
                   + f"<br><span style='color:#555'>{html_text(short_text(row['source']))}</span>")
            outline = styles.REACH_OUTLINE if row.get("band", "nominal") == "nominal" else styles.BAND_OUTLINE
            feature = {"type": "Feature", "geometry": geojson(shape),
                       "properties": {"rangemap": "reach", "system": html_text(row["system"]),
                                      "site": html_text(row["site"]), "band": html_text(row.get("band", ""))}}
            folium.GeoJson(
                feature,
                style_function=lambda f, c=colour, o=outline: dict(o, color=c, fillColor=c),
                tooltip=folium.Tooltip(tip, sticky=True), smooth_factor=0.3, zoom_on_click=False,
            ).add_to(group)
            self._add_site(row, group)
        return self

    def _system_layer(self, row) -> folium.FeatureGroup:
        """The layer of ``row``'s system, made (with its legend entry) the first time the system is drawn."""
        system_id = row["system"]
        if system_id not in self._layers:
            label = units_mod.format_distance(row["range_m"], self.units)
            self._layers[system_id] = folium.FeatureGroup(name=html_text(f"{row['system_name']} — {label}"),
                                                          overlay=True, control=True, show=True).add_to(self)
            self._legend[system_id] = {"name": row["system_name"], "label": label, "source": row["source"]}
        return self._layers[system_id]

    def _legend_html(self) -> str:
        rows = "".join(
            f"<tr><td><span class='swatch' style='background:{c}33;border-color:{c}'></span></td>"
            f"<td><b>{html_text(e['name'])}</b><br>{html_text(e['label'])}"
            f"<div class='source'>{html_text(short_text(e['source'], 110))}</div></td></tr>"
            for c, e in ((self.colour_for(s), e) for s, e in self._legend.items()))
        return f"<table>{rows}</table><div class='attribution'>{html_text(ATTRIBUTION)}</div>"

    def _add_site(self, row, group):
        key = (row["system"], round(row["lat"], 6), round(row["lon"], 6))
        if key in self._sites_drawn:
            return
        self._sites_drawn.add(key)
        near_lat, near_lon = styles.SITE_LABEL_NEAR_DEG
        near = any(abs(lat - row["lat"]) < near_lat and abs(lon - row["lon"]) < near_lon and (lat, lon) != key[1:]
                   for _, lat, lon in self._sites_drawn)
        folium.CircleMarker(
            (row["lat"], row["lon"]), fill=True, class_name="rangemap-site", **styles.SITE_MARKER,
            tooltip=folium.Tooltip(html_text(row["site_name"]), permanent=True, direction="left" if near else "right",
                                   class_name="rangemap-site-label", sticky=False),
        ).add_to(group)

    def add_cities(self, targets, name: str = "Cities in reach") -> ReachMap:
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
            points.append([round(float(lat), 4), round(float(lon), 4), styles.city_radius_px(float(pop)), tip])
        points.sort(key=lambda p: -p[2])  # big cities first, so small ones stay clickable on top
        self.add_child(PointLayer(points, html_text(name), color=styles.CITY_MARKER["color"],
                                  fill=styles.CITY_MARKER["fill"]))
        return self

    def add_envelope(self, envelope_gdf, name: str = "Envelopes") -> ReachMap:
        """Outline each row of :func:`rangemap.envelope` (a system's reach from all its sites)."""
        group = folium.FeatureGroup(name=html_text(name), overlay=True, control=True, show=True).add_to(self)
        for _, row in envelope_gdf.iterrows():
            key = row.get("system", row.iloc[0])
            colour = self.colour_for(key) if key in self._layers else "#333333"
            folium.GeoJson(
                {"type": "Feature", "geometry": geojson(row.geometry),
                 "properties": {"rangemap": "envelope-outline", "system": html_text(key)}},
                style_function=lambda f, c=colour: dict(styles.ENVELOPE_OUTLINE, color=c),
                tooltip=folium.Tooltip(f"Reach of {html_text(key)} from {int(row['sites'])} site(s)"),
                zoom_on_click=False,
            ).add_to(group)
        return self

    def add_launch_area(self, target, system, *, sites=None) -> ReachMap:
        """Where ``system`` could hit ``target`` from (a city name or (lat, lon)), and the named sites there."""
        area, inside = analysis.launch_area(target, system, sites=sites)
        name, lat, lon = analysis.target_point(target)
        sys_row = catalog.system(system)
        label = f"Launch area: {sys_row['name']} against {name}"
        distance = units_mod.format_distance(units_mod.km_to_m(sys_row["range_km"]), self.units)
        group = folium.FeatureGroup(name=html_text(label), overlay=True, control=True, show=True).add_to(self)
        folium.GeoJson(
            {"type": "Feature", "geometry": geojson(display_geometry(area, lon)),
             "properties": {"rangemap": "launch-area", "system": html_text(sys_row["id"])}},
            style_function=lambda f: dict(styles.LAUNCH_AREA),
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
            self.add_child(Control(self._legend_html(), "bottomright", "rangemap-legend"))
            folium.LayerControl(collapsed=False, position="topleft").add_to(self)
            if self.interactive:
                from rangemap.render.interactive import InteractiveApp

                self.add_child(InteractiveApp())
        figure = self.get_root()
        figure.header.add_child(Element(PAGE_CSS), name="rangemap_css")
        if self.self_contained:
            self.default_js, self.default_css = [], []
            figure.header.add_child(InlineAssets(), name="leaflet_inline")
        super().render(**kwargs)


