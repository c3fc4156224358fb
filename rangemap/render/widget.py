"""The map as a notebook widget (anywidget): the page's own app, its state kept in Python traits.

The widget shows the same page as :class:`~rangemap.render.leaflet.ReachMap` (the same web/*.js, in a frame
of the widget's element). The page and Python exchange one thing, the page's link text (``link``): each user
action (a drop, an add, a removal, a typed range) sends it to Python, where :func:`state_from_hash` checks it
exactly as a pasted link is checked, and the traits ``sites``, ``systems``, ``view`` and ``selected`` follow;
setting those traits writes a new link, and the page redraws from it.
"""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd

from rangemap.errors import RangemapError

try:  # the optional extra rangemap[notebook]; links read without it
    import anywidget
    import traitlets
except ImportError:
    anywidget = None

from rangemap.render.interactive import app_state, state_from_hash

__all__ = ["ExploreWidget", "explore", "from_link", "state_link"]

_ESM = r"""
function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.className = "rangemap-widget-frame";
  frame.style.cssText = "width:100%;height:" + (model.get("height") || "500px") + ";border:0;display:block";
  el.appendChild(frame);
  let api = null;
  const send = () => {
    if (!api) return;
    const link = api.state();
    if (link !== model.get("link")) { model.set("link", link); model.save_changes(); }
  };
  const show = () => {
    if (!api) return;
    const link = model.get("link");
    if (link && link !== api.state()) api.reload(link);
  };
  frame.addEventListener("load", () => {
    const tries = (n) => {
      const R = frame.contentWindow && frame.contentWindow.rangemap;
      if (R && R.app && R.onChange) {
        api = R; R.onChange(send); show(); send();
      } else if (n > 0) setTimeout(() => tries(n - 1), 100);
    };
    tries(100);
  });
  frame.srcdoc = model.get("_html");
  model.on("change:link", show);
  return () => { model.off("change:link", show); };
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
