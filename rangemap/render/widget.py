"""The map as a notebook widget (anywidget): the page's own app, its state kept in Python traits.

The widget shows the same page as :class:`~rangemap.render.leaflet.ReachMap` (the same web/*.js, in a frame
of the widget's element). The page and Python exchange one thing, the page's link text (``link``): each user
action (a drop, an add, a removal, a typed range) sends it to Python, where :func:`state_from_hash` checks it
exactly as a pasted link is checked, and the traits ``sites``, ``systems``, ``view`` and ``selected`` follow;
setting those traits writes a new link, and the page redraws from it. A point pinned while measuring comes as
``_pin`` (JSON text ``{lat, lon, site}``, checked as untrusted); ``measure`` is Python's own measurement to it
(:func:`measurement`), and setting ``measure`` to ``{"lat": .., "lon": ..}`` (or None) pins (or unpins) it in the page.
"""
from __future__ import annotations

import json
import math
from urllib.parse import quote

import pandas as pd

from rangemap.errors import RangemapError

try:  # the optional extra rangemap[notebook]; links read without it
    import anywidget
    import traitlets
except ImportError:
    anywidget = None

from rangemap.render.interactive import app_state, state_from_hash

__all__ = ["ExploreWidget", "explore", "from_link", "measurement", "state_link"]

_ESM = r"""
function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.className = "rangemap-widget-frame";
  frame.style.cssText = "width:100%;height:" + (model.get("height") || "500px") + ";border:0;display:block";
  el.appendChild(frame);
  let api = null;
  const pinText = () => { const p = api.pinned(); return p ? JSON.stringify(p) : ""; };
  const send = () => {
    if (!api) return;
    const link = api.state(), pin = pinText();
    if (link === model.get("link") && pin === model.get("_pin")) return;
    model.set("link", link); model.set("_pin", pin); model.save_changes();
  };
  const show = () => {
    if (!api) return;
    const link = model.get("link");
    if (link && link !== api.state()) api.reload(link);
  };
  const showPin = () => {
    if (!api || model.get("_pin") === pinText()) return;
    let p = null;
    try { p = JSON.parse(model.get("_pin") || "null"); } catch (e) { return; }
    try { if (p) api.pin(p.lat, p.lon, p.site); else api.pin(null); } catch (e) { /* refused: the page says why */ }
  };
  frame.addEventListener("load", () => {
    const tries = (n) => {
      const R = frame.contentWindow && frame.contentWindow.rangemap;
      if (R && R.app && R.onChange) {
        api = R; R.onChange(send); show(); showPin(); send();
      } else if (n > 0) setTimeout(() => tries(n - 1), 100);
    };
    tries(100);
  });
  frame.srcdoc = model.get("_html");
  const resize = () => { frame.style.height = model.get("height") || "500px"; };  // the page refits itself
  model.on("change:link", show);
  model.on("change:_pin", showPin);
  model.on("change:height", resize);
  return () => {
    model.off("change:link", show); model.off("change:_pin", showPin); model.off("change:height", resize);
  };
}
export default { render };
"""


def _number(x: float, digits: int) -> str:
    return format(round(float(x), digits), "g") if abs(float(x)) < 1e6 else format(round(float(x), digits), ".1f")


def state_link(sites, systems=(), view=None, selected=None) -> str:
    """The page's link text (``v=1&view=...&custom=...&site=...``) for a state; names percent-encoded."""
    parts = ["v=1"]
    if view:
        parts.append(f"view={_number(view['lat'], 4)},{_number(view['lon'], 4)},{int(view['zoom'])}")
    for s in systems:
        if isinstance(s, dict):
            parts.append(f"custom={s['id']}|{_number(s['range_m'], 1)}|{_number(s.get('min_range_m', 0), 1)}|"
                         f"{quote(str(s.get('name', s['id'])), safe='')}")
    for s in sites:
        parts.append(f"site={s['id']}|{_number(s['lat'], 6)}|{_number(s['lon'], 6)}|{','.join(s['systems'])}|"
                     f"{quote(str(s['name']), safe='')}")
    if selected:
        parts.append(f"active={selected}")
    return "&".join(parts)


def _range_m(sid: str, custom: dict) -> tuple[float, float]:
    """(range, minimum range) in metres of a custom range (by id) or a catalog system."""
    if sid in custom:
        return float(custom[sid]["range_m"]), float(custom[sid].get("min_range_m") or 0.0)
    from rangemap.catalog import system

    row = system(sid)
    low = float(row["min_range_km"])
    return float(row["range_km"]) * 1000.0, 0.0 if math.isnan(low) else low * 1000.0


def measurement(site: dict, lat: float, lon: float, systems=()) -> dict:
    """From ``site`` (``{id, lat, lon, systems}``) to (lat, lon) in degrees: the WGS84 geodesic ``distance_m``,
    ``bearing_deg`` (0–360, clockwise from north) and, for each of the site's systems, ``verdict`` ("in", "out"
    or "inside-minimum") and ``by_m`` (metres to spare, short or inside), as the page's Measure reads them.
    ``systems``: the custom ranges (``{id, range_m, min_range_m}``) the site may use beside catalog ids."""
    from rangemap.geodesy.distances import GEOD

    custom = {s["id"]: s for s in systems if isinstance(s, dict)}
    azimuth, _, d = GEOD.inv(site["lon"], site["lat"], lon, lat)
    rows = []
    for sid in site["systems"]:
        rng, low = _range_m(sid, custom)
        verdict = "out" if d > rng else "inside-minimum" if d < low else "in"
        rows.append({"system": sid, "verdict": verdict,
                     "by_m": d - rng if verdict == "out" else rng - d if verdict == "in" else low - d})
    return {"site": site["id"], "lat": float(lat), "lon": float(lon), "distance_m": float(d),
            "bearing_deg": float(azimuth) % 360.0, "systems": rows}


def _pinned_point(text: str, site_ids) -> tuple[dict | None, str]:
    """The page's pinned point (JSON text ``{lat, lon, site}``; "" for none), checked as untrusted:
    (point or None, a notice naming what was refused, or "")."""
    if not text:
        return None, ""
    try:
        p = json.loads(text)
        lat, lon, site = float(p["lat"]), float(p["lon"]), p.get("site")
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, f"ignored pinned point {str(text)[:60]!r}: expected {{lat, lon, site}}"
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 540):
        return None, f"ignored pinned point ({lat}, {lon}): bad coordinates"
    if site is None:  # pinned with no launch point chosen: nothing to measure from
        return None, ""
    if site not in site_ids:
        return None, f"ignored pinned point: no launch point {str(site)[:40]!r}"
    return {"lat": lat, "lon": (lon + 180.0) % 360.0 - 180.0, "site": site}, ""


def from_link(text: str) -> dict:
    """The state of a link pasted from a page (or a widget's ``link``): checked as :func:`state_from_hash`."""
    return state_from_hash(str(text))


if anywidget is not None:
    class ExploreWidget(anywidget.AnyWidget):
        """A reach map in a notebook cell whose state is Python's: see :func:`explore`."""

        _esm = _ESM
        _html = traitlets.Unicode("").tag(sync=True)
        height = traitlets.Unicode("500px").tag(sync=True)
        link = traitlets.Unicode("").tag(sync=True)
        sites = traitlets.List()
        systems = traitlets.List()
        view = traitlets.Dict(allow_none=True, default_value=None)
        selected = traitlets.Unicode(allow_none=True, default_value=None)
        measure = traitlets.Dict(allow_none=True, default_value=None)
        _pin = traitlets.Unicode("").tag(sync=True)
        notices = traitlets.List()

        def __init__(self, html: str, state: dict, **kwargs):
            super().__init__(_html=html, **kwargs)
            self._quiet = False
            self._catalog = {c["id"] for c in state["catalog"]}
            custom = [{k: s[k] for k in ("id", "name", "range_m", "min_range_m")}
                      for s in state["systems"] if s["id"] not in self._catalog]
            self._from_link(state_link(state["sites"], custom))
            self.observe(self._on_traits, ["sites", "systems", "view", "selected"])
            self.observe(self._on_link, "link")
            self.observe(self._on_pin, "_pin")
            self.observe(self._on_measure, "measure")

        def _from_link(self, link: str) -> None:
            state = from_link(link)
            custom = {c["id"]: c for c in state["custom"]}
            shown = []
            for site in state["sites"]:
                for sid in site["systems"]:
                    if sid not in shown and (sid in custom or sid in self._catalog):
                        shown.append(sid)
                site["systems"] = [s for s in site["systems"] if s in custom or s in self._catalog]
            self._quiet = True
            try:
                with self.hold_trait_notifications():
                    self.link = link
                    self.notices = state["notices"]
                    if state["sites"] != self.sites:
                        self.sites = state["sites"]
                    systems = [custom.get(s, s) for s in shown] + [c for c in state["custom"] if c["id"] not in shown]
                    if systems != self.systems:
                        self.systems = systems
                    if state["view"] is not None and state["view"] != self.view:
                        self.view = state["view"]
                    self.selected = state["active"]
            finally:
                self._quiet = False
            self._measure_pin()

        def _measure_pin(self) -> None:
            """``measure`` from the pinned point, against the sites as they are now."""
            point, notice = _pinned_point(self._pin, {s["id"] for s in self.sites})
            value = None
            if point is not None:
                site = next(s for s in self.sites if s["id"] == point["site"])
                value = measurement(site, point["lat"], point["lon"], self.systems)
            self._quiet = True
            try:
                if notice and notice not in self.notices:
                    self.notices = [*self.notices, notice]
                if value != self.measure:
                    self.measure = value
            finally:
                self._quiet = False

        def _on_pin(self, change) -> None:
            if not self._quiet:
                self._measure_pin()

        def _on_measure(self, change) -> None:
            """``measure`` set from Python: pin its ``lat``/``lon`` (from its ``site``, default the selected
            one) in the page, or unpin with None."""
            if self._quiet:
                return
            new = change["new"]
            if new is None:
                self._pin = ""
                return
            try:
                self._pin = json.dumps(self._pin_request(new))
            except RangemapError:
                self._quiet = True
                try:
                    self.measure = change["old"]
                finally:
                    self._quiet = False
                raise

        def _pin_request(self, new) -> dict:
            """A ``measure`` value set from Python as the point to pin, checked; RangemapError if bad."""
            try:
                lat, lon = float(new["lat"]), float(new["lon"])
            except (KeyError, TypeError, ValueError):
                raise RangemapError(f"measure {new!r}: expected {{'lat': .., 'lon': ..}} in degrees") from None
            site = new.get("site") or self.selected or (self.sites[0]["id"] if self.sites else None)
            if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 540):
                raise RangemapError(f"measure ({lat}, {lon}): latitude must be within -90..90, longitude -180..180")
            if site not in {s["id"] for s in self.sites}:
                raise RangemapError(f"measure from {site!r}: no such launch point")
            return {"lat": lat, "lon": lon, "site": site}

        def _on_link(self, change) -> None:
            if not self._quiet:
                self._from_link(change["new"])

        def _on_traits(self, change) -> None:
            if not self._quiet:
                sites = [{"id": s["id"], "name": s["name"], "lat": s["lat"], "lon": s["lon"],
                          "systems": list(s.get("systems", []))} for s in self.sites]
                self._from_link(state_link(sites, self.systems, self.view, self.selected))

        # ---- the state as library objects ----
        def _system_rows(self, ids):
            from rangemap.catalog.lookup import custom_system

            custom = {s["id"]: s for s in self.systems if isinstance(s, dict)}
            rows = []
            for sid in ids:
                if sid in custom:
                    c = custom[sid]
                    row = custom_system(c["range_m"] / 1000, (c.get("min_range_m") or 0) / 1000, c.get("name") or sid)
                    row["id"] = sid
                    rows.append(row)
                else:
                    rows.append(sid)
            return rows

        def reach(self, **kw):
            """The reach GeoDataFrame of what the page shows: each site with its own systems
            (:func:`rangemap.render.interactive.state_reach`)."""
            from rangemap.render.interactive import state_reach

            return state_reach(self.link, **kw)

        def to_map(self, **map_options):
            """A :class:`~rangemap.render.leaflet.ReachMap` of what the page shows (to save as HTML):
            ``rm.reach_map(state=widget)``."""
            from rangemap.render.quick import reach_map

            return reach_map(state=self.link, **map_options)

        def targets(self, targets=None, **kw):
            """Which of ``targets`` (default: the catalog's places) lie in reach of what the page shows
            (:func:`rangemap.targets_in_reach`)."""
            from rangemap.analysis import targets_in_reach

            return targets_in_reach(self.reach(geometry=False), targets, **kw)

        def check(self, target, **kw):
            """The verdicts for one target (:func:`rangemap.check`) against each site's own systems."""
            from rangemap.analysis import check

            return pd.concat([check(target, self._system_rows(s["systems"]),
                                    pd.DataFrame([{"id": s["id"], "name": s["name"], "lat": s["lat"], "lon": s["lon"]}]),
                                    **kw) for s in self.sites if s["systems"]], ignore_index=True)


def explore(systems=None, sites=None, *, height: str = "500px", **map_options) -> ExploreWidget:
    """The interactive reach map as a notebook widget (needs the ``rangemap[notebook]`` extra).

    ``systems`` / ``sites`` as :func:`rangemap.reach_map` takes them (default: the catalog's first system from
    Pyongyang); ``map_options`` go to the map. Read the state back with ``widget.sites``, ``widget.reach()``."""
    if anywidget is None:
        raise RangemapError("rm.explore needs the notebook extra: pip install 'rangemap[notebook]' (anywidget)")
    from rangemap.render.quick import reach_map

    m = reach_map(systems if systems is not None else ["hwasong-11"], sites if sites is not None else ["Pyongyang"],
                  **map_options)
    return ExploreWidget(m.get_root().render(), app_state(m), height=height)
