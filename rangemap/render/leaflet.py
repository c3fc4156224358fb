"""Leaflet reach maps through folium: one layer per system, borders, legend, framing, self-contained assets.

A :class:`ReachMap` is a ``folium.Map``: users may keep adding folium layers and plugins. What rangemap
draws is kept as data and written, at each render, as one JSON state object that the page's own script
(``rangemap/web/page.js``) draws: so no name, title or source is ever template source or HTML, the page
always shows the map's state at that render, and folium's script block failing (a plugin offline) cannot
take the legend or layer control down. By default the saved HTML needs no network: Leaflet is inlined
from ``xstatic-leaflet``, plugin assets from vendored packages, and borders are a vector base layer.
"""

from __future__ import annotations

import functools
import json
import os

import folium
import numpy as np
import pandas as pd
import shapely

from rangemap import analysis, catalog, styles
from rangemap import units as units_mod
from rangemap.analysis.time_rings import TIMES_MAX, read_minutes
from rangemap.errors import RangemapError
from rangemap.geodesy import display_geometry
from rangemap.geodesy.display import joined_across_antimeridian
from rangemap.render import assets, describe, packing
from rangemap.render.elements import PAGE_CSS, InlineAssets, PageState, RawHTML, geojson, page_json
from rangemap.render.legend import ATTRIBUTION, legend, source_label
from rangemap.text import check_name

__all__ = ["ATTRIBUTION", "DEFAULT_VIEW", "TIMES_MAX", "ReachMap", "warning_minutes"]

#: Above this many rings a map stays static: the in-page app would recompute them all at load.
INTERACTIVE_RINGS_MAX = 300
#: Where an empty map opens (a map with layers opens fitted to them).
DEFAULT_VIEW = {"location": (49.5, 34.0), "zoom_start": 5}
#: The closest a map zooms when it opens fitted to what it draws.
FIT_MAX_ZOOM = 9
OSM = {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "© OpenStreetMap contributors"}


@functools.cache
def _borders_json() -> str:
    """The borders as page JSON (one copy; the page shifts copies by 360° where needed), built once per
    process: coordinates rounded to 1e-2° (about 1 km; they are simplified at 0.1°), geometries encoded by
    shapely in one call, and packed with each shared border once (:func:`rangemap.render.packing.borders`)."""
    borders = catalog.boundaries()
    shapes = shapely.transform(np.array([joined_across_antimeridian(g) for g in borders.geometry]),
                               lambda xy: np.round(xy, packing.BORDER_DIGITS))
    features = [{"type": "Feature", "properties": {"name": str(name), "rangemap": "border"}, "geometry": json.loads(g)}
                for name, g in zip(borders["name"], shapely.to_geojson(shapes))]
    return page_json(packing.borders(features, packing.BORDER_DIGITS))


def _flight_phrases(targets) -> pd.Series:
    """Per row of a targets table, ", about 5 min 2 s of free flight, minimum-energy" (or through the system's
    reported apogee; cruise: ", at least … at N km/h, straight line"), as the page's time.js says it; "" where
    the catalog has no flight model."""
    from rangemap import flight
    from rangemap.catalog.performance import flight_model

    out = pd.Series("", index=targets.index, dtype=object)
    for system, rows in targets.groupby("system", sort=False).groups.items():
        try:
            model = flight_model(str(system))
        except RangemapError:
            model = None
        distance = targets.loc[rows, "distance_km"].to_numpy(dtype=float) * 1000.0
        rows = rows[distance > 0]  # a city at the launch point itself: no flight
        distance = distance[distance > 0]
        if model is None or len(rows) == 0:
            continue
        if model["model"] == "cruise":
            seconds = flight.flight_time(distance, model="cruise", speed_kmh=model["speed_kmh"])
            how = f" at {model['speed_kmh']:,.0f} km/h, straight line"
            out[rows] = [f", at least {units_mod.format_duration(t)}{how}" for t in np.atleast_1d(seconds)]
        else:
            seconds = flight.flight_time(distance, apogee_m=model["apogee_m"])
            how = (f"through its reported {model['apogee_m'] / 1000:,.0f} km apogee" if model["apogee_m"]
                   else "minimum-energy")
            out[rows] = [f", about {units_mod.format_duration(t)} of free flight, {how}" for t in np.atleast_1d(seconds)]
    return out


def _bounds(geoms) -> list[float] | None:
    """[west, south, east, north] of display geometries (longitudes may pass ±180°)."""
    boxes = np.array([g.bounds for g in geoms if g is not None and not g.is_empty], dtype=float).reshape(-1, 4)
    if len(boxes) == 0:
        return None
    return [boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()]


def warning_minutes(times) -> list[float] | None:
    """``times`` (minutes after launch for the page's warning-time rings) as a checked list, or None.

    Each must be a positive, finite number; at most :data:`TIMES_MAX`; a bad value is one
    :class:`~rangemap.errors.RangemapError` naming it.
    """
    if times is None:
        return None
    out = read_minutes(times, "times", strict=False)
    if len(out) > TIMES_MAX:
        raise RangemapError(f"times: {len(out)} warning times are more than {TIMES_MAX} on one map")
    return sorted(set(out))


class ReachMap(folium.Map):
    """A folium map of geodesic reach.

    It opens fitted to what it draws (at most zoom 9) unless ``location`` or ``zoom_start`` is given.
    ``self_contained=True`` (default) inlines Leaflet and plugin assets and needs no network to render;
    ``False`` gives folium's usual CDN assets. ``units`` ("km" or "mi") orders the labels. Extra
    arguments go to ``folium.Map``. ``interactive=False`` leaves out the in-page app (drag, add, measure;
    see :mod:`rangemap.render.interactive`). ``times`` (minutes, e.g. ``[1, 2, 5, 10]``; at most
    :data:`TIMES_MAX`) opens the page with its warning-time rings drawn at those times after launch.
    """

    def __init__(self, location=None, zoom_start=None, *, self_contained: bool = True, title: str | None = None,
                 units: str = "km", borders: bool = True, interactive: bool = True, times=None, **kwargs):
        units_mod.format_distance(0.0, units)  # an unknown display unit fails here, naming it
        self.times = warning_minutes(times)  # bad times fail here, before folium sees anything
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("control_scale", True)
        kwargs.setdefault("maxZoom", kwargs.get("max_zoom") or 18)  # none without tiles; MarkerCluster needs one
        self._user_view = (location is not None, zoom_start is not None)
        super().__init__(location=location if location is not None else DEFAULT_VIEW["location"],
                         zoom_start=zoom_start if zoom_start is not None else DEFAULT_VIEW["zoom_start"], **kwargs)
        self.self_contained = bool(self_contained)
        self.units = units
        self.title = None if title is None else check_name(title, "title")
        self.borders = bool(borders)
        self._systems: dict[str, dict] = {}  # system id -> its layer: name, colour, rings, sites, shapes
        self._envelopes: list[dict] = []
        self._launch_areas: list[dict] = []
        self._cities: list[dict] = []
        self._extent: list = []  # display geometries and points that framing fits
        self.interactive = bool(interactive)  # the page recomputes reach as sites move (render/interactive.py)
        self._drawn_tables: list = []  # reach tables drawn, handed to the page's app

    def colour_for(self, system_id: str) -> str:
        """The colour of a system (keyed on its id, the same in every map, export and figure)."""
        return styles.colour(system_id)

    # -- layers (kept as data; drawn by the page script) ------------------------------------------------
    def add_reach(self, reach_gdf, *, outlines: bool = True) -> ReachMap:
        """Draw a reach table (from :func:`rangemap.reach`): one toggleable layer per system.

        Each system's combined reach from all its sites is filled once (so overlaps stay readable);
        each site's ring is an outline with its own tooltip. ``outlines=False`` (for hundreds of rings)
        draws only the filled reach of each system and the sites as small unlabelled markers.
        """
        self._drawn_tables.append(reach_gdf)
        nominal = analysis.is_nominal(reach_gdf)
        bands = reach_gdf["band"] if "band" in reach_gdf else pd.Series("nominal", index=reach_gdf.index)
        for (_, row), shape, is_nominal, band in zip(reach_gdf.iterrows(), reach_gdf.geometry, nominal, bands):
            shape = display_geometry(shape, row["lon"])
            system = self._system(row)
            system["outlines"] &= outlines
            system["floor"] |= bool(is_nominal) and row.get("qualifier", "") in units_mod.FLOOR_WORDS
            label = units_mod.stated_distance(row["range_m"], row.get("qualifier", ""), self.units)
            minimum = float(row["min_range_m"]) if row["min_range_m"] == row["min_range_m"] else 0.0
            tip = [str(row["system_name"]) + ("" if is_nominal else f" ({band} end of reported band)"),
                   f"from {row['site_name']}",
                   f"range {label}" + (f", minimum {units_mod.format_distance(minimum, self.units)}" if minimum > 0
                                       else ""),
                   {"note": source_label(row["source"], limit=160)}]
            if outlines:
                at = [float(row["lat"]), float(row["lon"]), float(row["range_m"]), minimum]  # the page's app redraws it
                key = (round(row["lat"], 5), round(row["lon"], 5), round(row["range_m"]), round(minimum), str(band))
                system["rings"].append({"geometry": geojson(shape), "site": str(row["site"]), "band": str(band),
                                        "tip": tip, "at": at, "key": key})
            system["min_range"] |= minimum > 0
            if is_nominal:
                system["shapes"].append(shape)
            site = (round(float(row["lat"]), 6), round(float(row["lon"]), 6))
            if site not in system["site_keys"]:
                system["site_keys"].add(site)
                system["sites"].append({"lat": site[0], "lon": site[1], "name": str(row["site_name"])})
            self._extent += [shape, shapely.Point(site[1], site[0])]
        return self

    def _system(self, row) -> dict:
        """The layer of ``row``'s system, made (with its legend entry) the first time the system is drawn."""
        system_id = str(row["system"])
        if system_id not in self._systems:
            self._systems[system_id] = {
                "id": system_id, "name": str(row["system_name"]), "colour": self.colour_for(system_id),
                "label": units_mod.stated_distance(row["range_m"], row.get("qualifier", ""), self.units),
                "source": source_label(row["source"]),
                "rings": [], "sites": [], "site_keys": set(), "shapes": [], "min_range": False, "floor": False,
                "outlines": True}
        return self._systems[system_id]

    def add_cities(self, targets, name: str = "Cities in reach") -> ReachMap:
        """Cities within reach (from :func:`rangemap.targets_in_reach`) as dots sized by population; the
        largest are labelled."""
        if len(targets) == 0:
            return self
        keys = ["name", "country", "lat", "lon", "population"]
        lines = (targets["system"].astype(str) + ": " + targets["distance_km"].map("{:,.0f}".format) + " km from "
                 + targets["site"].astype(str) + _flight_phrases(targets)).to_numpy()
        codes = targets.groupby(keys, sort=False).ngroup().to_numpy()  # one code per city, rows in any order
        order = np.argsort(codes, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
        columns = [targets[k].to_numpy()[order[starts]] for k in keys]
        per_city = np.split(lines[order], starts[1:])
        rank = np.argsort(-columns[4].astype(float), kind="stable")  # big cities first
        points = []
        for i, j in enumerate(rank):
            city, country, lat, lon, pop = (c[j] for c in columns)
            label = str(city) if i < styles.CITY_LABELS and pop >= styles.CITY_LABEL_MIN_POP else None
            points.append([round(float(lat), 4), round(float(lon), 4), styles.city_radius_px(float(pop)), label,
                           [f"{city} ({country}), pop. {int(pop):,}", *per_city[j].tolist()]])
        self._cities.append({"name": str(name), "points": points})  # big cities first, small ones on top
        return self

    def add_envelope(self, envelope_gdf, name: str = "Envelopes") -> ReachMap:
        """Outline each row of :func:`rangemap.envelope` (a system's reach from all its sites)."""
        items = []
        for _, row in envelope_gdf.iterrows():
            key = str(row.get("system", row.iloc[0]))
            system = self._systems.get(key)
            lon0 = system["sites"][0]["lon"] if system and system["sites"] else row.geometry.centroid.x
            shape = display_geometry(row.geometry, lon0)
            items.append({"geometry": geojson(shape), "system": key,
                          "style": dict(styles.ENVELOPE_OUTLINE, color=self.colour_for(key) if system else "#333333"),
                          "tip": [f"Reach of {key} from {int(row['sites'])} site(s)"]})
            self._extent.append(shape)
        self._envelopes.append({"name": str(name), "items": items})
        return self

    def add_launch_area(self, target, system, *, sites=None) -> ReachMap:
        """Where ``system`` could hit ``target`` from (a city name or (lat, lon)), and the named sites there."""
        area, inside = analysis.launch_area(target, system, sites=sites)
        name, lat, lon = analysis.target_point(target, with_country=True)
        sys_row = catalog.resolve_systems([system]).iloc[0]  # a catalog id or name, or a custom range's row
        label = f"Launch area: {sys_row['name']} against {name}"
        distance = units_mod.stated_distance(units_mod.km_to_m(sys_row["range_km"]), sys_row.get("range_qualifier", ""),
                                             self.units)  # "about 692 km (430 mi)": the source's words
        shape = display_geometry(area, lon)
        self._launch_areas.append({
            "name": label, "label": f"range {distance}, drawn around the target", "system": str(sys_row["id"]),
            "floor": str(sys_row.get("range_qualifier", "")) in units_mod.FLOOR_WORDS,
            "source": source_label(sys_row["source"]), "geometry": geojson(shape),
            "tip": [label, f"range {distance} around the target", f"{len(inside)} named site(s) inside"],
            "target": {"lat": lat, "lon": lon, "label": f"Target: {name}"},
            "sites": [{"lat": float(r.lat), "lon": float(r.lon), "name": f"{r.name}: {r.distance_km:,.0f} km"}
                      for r in inside.itertuples()]})
        self._extent += [shape, shapely.Point(lon, lat)]
        return self

    # -- the page state ------------------------------------------------------------------------------------
    def _view(self, bounds) -> dict | None:
        has_location, has_zoom = self._user_view
        if has_location:
            return None  # folium's own center and zoom
        if bounds is None:
            lat, lon = DEFAULT_VIEW["location"]
            bounds = [lon, lat, lon, lat]
        west, south, east, north = bounds
        fit = [[max(south, -85.0), west], [min(north, 85.0), east]]
        return {"fit": fit, "zoom": self.options["zoom"] if has_zoom else None, "maxZoom": FIT_MAX_ZOOM}

    def _systems_state(self) -> list[dict]:
        rings = [r for s in self._systems.values() for r in s["rings"]]
        groups: dict[tuple, list] = {}
        for ring in rings:
            groups.setdefault(ring["key"], []).append(ring)
        sites = {(s["lat"], s["lon"]) for sys in self._systems.values() for s in sys["sites"]}
        near_lat, near_lon = styles.SITE_LABEL_NEAR_DEG
        drawn_once: set[tuple[float, float]] = set()
        out = []
        for sys in self._systems.values():
            out_rings = []
            for ring in sys["rings"]:
                shared = groups[ring["key"]]
                extra = {}
                if len(shared) > 1:  # same ring drawn by several systems: alternate their colours along it
                    dash, i = styles.SHARED_DASH_PX, shared.index(ring)
                    extra = {"dash": f"{dash} {dash * (len(shared) - 1)}", "dashOffset": str(dash * i)}
                out_rings.append({k: v for k, v in ring.items() if k != "key"} | extra)
            if sys["outlines"]:
                out_sites = [dict(s, side="left" if any(abs(lat - s["lat"]) < near_lat and abs(lon - s["lon"]) < near_lon
                                                        and (lat, lon) != (s["lat"], s["lon"]) for lat, lon in sites)
                                  else "right") for s in sys["sites"]]
            else:  # hundreds of sites: each drawn once (not per system), a small marker named on hover
                out_sites = [dict(s, side="right", hover=True) for s in sys["sites"]
                             if (s["lat"], s["lon"]) not in drawn_once]
                drawn_once.update((s["lat"], s["lon"]) for s in sys["sites"])
            envelope = geojson(shapely.union_all(sys["shapes"])) if sys["shapes"] else None
            out.append({"id": sys["id"], "name": sys["name"], "colour": sys["colour"], "label": sys["label"],
                        "source": sys["source"], "envelope": envelope, "rings": out_rings, "sites": out_sites,
                        "outlineEnvelope": not sys["outlines"]})
        return out

    def _folium_layers(self) -> list[dict]:
        """Layers users added with folium, for rangemap's layer control (by their JS variable names)."""
        return [{"var": child.get_name(), "name": str(child.layer_name), "overlay": bool(child.overlay)}
                for child in self._children.values()
                if isinstance(child, folium.map.Layer) and getattr(child, "control", False)]

    def page_state(self) -> dict:
        """Everything the page draws, as JSON-ready data (borders excepted: see :meth:`page_state_json`)."""
        bounds = _bounds(self._extent)
        systems = self._systems_state()
        span = [bounds[0], bounds[2]] if bounds else [-180.0, 180.0]
        rings = [r for s in systems for r in s["rings"]]
        app = self._app_state()
        if app is not None:  # the app draws every ring and envelope itself: only what it cannot compute travels
            systems = [dict(s, envelope=None, rings=[dict(r, geometry=None) for r in s["rings"]]) for s in systems]
        return {
            "version": 1, "title": self.title, "units": self.units, "view": self._view(bounds),
            "span": [min(span[0], -180.0), max(span[1], 180.0)], "osm": OSM, "styles": styles.page_styles(),
            "systems": systems, "envelopes": self._envelopes, "launchAreas": self._launch_areas,
            "cities": self._cities_state(app), "folium": self._folium_layers(), "times": self.times,
            "legend": legend(systems, launch_areas=self._launch_areas, cities=bool(self._cities),
                             band=any(r["band"] != "nominal" for r in rings),
                             min_range=any(s["min_range"] for s in self._systems.values()),
                             shared=any("dash" in r for r in rings),
                             floor=any(s["floor"] for s in self._systems.values())
                             or any(a["floor"] for a in self._launch_areas)),
            "app": app,
        }

    def _cities_state(self, app: dict | None) -> list[dict]:
        """The cities layers as the page gets them. When the first is just what the in-page app draws from its
        own table (its named places in reach: a map of ``cities=True``), it travels empty (``byApp``) and the
        app draws it, so the page does not carry the same places twice; any other selection (other countries,
        ranks, targets) travels as it is."""
        from rangemap.render.interactive import drawn_as_the_app_draws

        if not self._cities or app is None or not drawn_as_the_app_draws(self._cities[0]["points"], app):
            return self._cities
        return [{"name": self._cities[0]["name"], "points": [], "byApp": True}, *self._cities[1:]]

    def _app_on(self) -> bool:
        """Whether the page gets the in-page app: interactive, every ring outlined, and not so many rings
        that recomputing them all in the page at load would stall it (:data:`INTERACTIVE_RINGS_MAX`)."""
        rings = sum(len(s["rings"]) for s in self._systems.values())
        return (self.interactive and rings <= INTERACTIVE_RINGS_MAX
                and all(s["outlines"] for s in self._systems.values()))

    def _app_state(self) -> dict | None:
        if not self._app_on():
            return None
        from rangemap.render.interactive import app_state

        return app_state(self)

    def page_state_json(self, state: dict | None = None) -> str:
        """The page state (``state``, or :meth:`page_state`) as script-safe JSON (see
        :func:`rangemap.render.elements.page_json`), its bulky parts packed
        (:func:`rangemap.render.packing.pack_state`; the page unpacks them)."""
        state = page_json(packing.pack_state(dict(self.page_state() if state is None else state, borders=None)))
        if not self.borders:
            return state
        return '{"borders":' + _borders_json() + "," + state[1:].replace(',"borders":null', "", 1)

    def render(self, **kwargs):
        from rangemap.render import elements

        figure = self.get_root()
        figure.header.add_child(RawHTML(PAGE_CSS), name="rangemap_css")
        figure.header.add_child(elements.PageKeys(), name="rangemap_keys")  # before page.js: keyboard
        if self.self_contained:
            self.default_js, self.default_css = [], []
            figure.header.add_child(InlineAssets(), name="leaflet_inline")
            assets.inline_plugins(self, figure)
        if self._app_on():
            from rangemap.render.interactive import AppScripts

            figure.header.add_child(AppScripts(), name="rangemap_app")
        else:
            figure.header._children.pop("rangemap_app", None)  # a map made static since the last render
            if self.times:
                import warnings

                from rangemap.errors import RangemapWarning

                warnings.warn(RangemapWarning("times: warning-time rings are drawn by the page's app, which this "
                                              "static map leaves out (interactive=False or too many rings)"),
                              stacklevel=2)
        state = self.page_state()
        state["summary"] = describe.add_to_page(self, state)  # title, lang, description, <noscript> summary
        figure.header.add_child(PageState(self.get_name(), self.page_state_json(state)), name="rangemap_page")
        super().render(**kwargs)
        describe.zoomable(self)

    def save(self, outfile, close_file: bool = True, **kwargs) -> None:
        """Write the page to ``outfile`` (a path, or an open file as folium takes): to a path safely, as
        the command line does — written beside and renamed into place, through symlinks, never over a
        device, FIFO or folder (:class:`~rangemap.errors.OutputError`)."""
        if not isinstance(outfile, (str, os.PathLike)):
            super().save(outfile, close_file=close_file, **kwargs)
            return
        from rangemap.io.atomic import write_atomic

        write_atomic(outfile, self.get_root().render(**kwargs))
