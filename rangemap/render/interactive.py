"""The page as an instrument: exact reach recomputed in the browser as sites are dragged, added, removed.

:class:`InteractiveApp` is a branca element that :class:`~rangemap.render.leaflet.ReachMap` adds at
render time (unless ``interactive=False``). It inlines the vendored ``geographiclib-geodesic``,
``rangemap/web/reach.js`` and the app (``util.js`` helpers, ``app.js`` state and drawing, ``ui.js`` panel
and link, ``app.css``) and hands the page its state as one JSON blob
(sites, systems drawn, the catalog, the cities table, styles); the page's script shows every name through
``textContent``, never as markup. :func:`state_from_hash` reads back a link copied from the page (the
sites and systems placed there) with the same checks the page applies. Imports branca, folium, pandas.
"""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from urllib.parse import parse_qsl, urlsplit

from branca.element import MacroElement
from jinja2 import Template

from rangemap import catalog
from rangemap.render import styles
from rangemap.render.elements import short_text

__all__ = ["CITY_DIGITS", "DRAG_TOLERANCE_M", "HASH_LIMITS", "InteractiveApp", "page_state", "script_json",
           "state_from_hash"]

#: Edge tolerance while a site is being dragged (metres); the exact tolerance applies on drop.
DRAG_TOLERANCE_M = 500.0
#: What a link may ask for at most; anything beyond is ignored with a notice (a link is untrusted input).
HASH_LIMITS = {"sites": 60, "custom": 20, "name_chars": 120, "max_range_m": 20_000_000.0}
#: Decimals of the cities' coordinates in the page (1e-5° is about 1 m).
CITY_DIGITS = 5
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_JS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCRIPTS = ("vendor/geographiclib-geodesic.min.js", "reach.js", "util.js", "app.js", "ui.js")


def script_json(value) -> str:
    r"""JSON for inside a <script> element with no ``<``, ``>`` or ``&`` at all (written as \u escapes),
    so no text in it can close the element or look like markup to anything scanning the page.

    >>> print(script_json({"name": "</script>&"}))
    {"name":"\u003c/script\u003e\u0026"}
    """
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    text = resources.files("rangemap").joinpath("web", name).read_text(encoding="utf-8")
    return text.replace("</", "<\\/")  # no inlined script can close its own element


def _leaflet_style(style: dict) -> dict:
    """A styles.py entry with Leaflet's option names (fill_color -> fillColor)."""
    return {re.sub(r"_(\w)", lambda m: m.group(1).upper(), k): v for k, v in style.items() if v is not None}


def _layer_refs(m) -> str:
    """A JavaScript object literal naming the map's Leaflet objects the app draws into (folium's own
    generated variable names, checked to be identifiers; system ids go in as JSON strings)."""
    from folium.map import LayerControl

    from rangemap.render.elements import PointLayer

    def ref(element) -> str:
        name = element.get_name() if element is not None else "null"
        if not _JS_NAME.match(name):
            raise ValueError(f"unexpected folium variable name {name!r}")
        return name

    children = list(m._children.values())
    control = next((c for c in children if isinstance(c, LayerControl)), None)
    cities = next((c for c in children if isinstance(c, PointLayer) and c.css_class == "rangemap-city"), None)
    layers = ",".join(f"{script_json(str(k))}:{ref(v)}" for k, v in m._layers.items())
    stale = ",".join(ref(c) for c in children if _holds_envelope_outlines(c))  # drawn by add_envelope
    return f"{{map:{ref(m)},control:{ref(control)},cities:{ref(cities)},layers:{{{layers}}},stale:[{stale}]}}"


def _holds_envelope_outlines(element) -> bool:
    """A layer of :meth:`ReachMap.add_envelope` outlines, which the page clears once sites move."""
    from folium import FeatureGroup, GeoJson

    def kinds(data) -> set:
        features = data.get("features", [data]) if isinstance(data, dict) else []
        return {f.get("properties", {}).get("rangemap") for f in features if isinstance(f, dict)}

    return isinstance(element, FeatureGroup) and any(
        isinstance(c, GeoJson) and "envelope-outline" in kinds(c.data) for c in element._children.values())


def page_state(m, tolerance_m: float = 50.0) -> dict:
    """The JSON state a :class:`ReachMap` hands its page: what was drawn, and what the page may add."""
    from rangemap.analysis.reach import km_or_zero_to_m

    systems: dict[str, dict] = {}
    sites: dict[tuple, dict] = {}
    for table in m._drawn_tables:
        for row in table.drop(columns="geometry").itertuples(index=False):
            row = row._asdict()
            band = row.get("band", "nominal") or "nominal"
            entry = systems.setdefault(row["system"], {
                "id": str(row["system"]), "name": str(row["system_name"]), "range_m": None, "min_range_m": 0.0,
                "source": short_text(row["source"], 160), "colour": styles.colour(row["system"]), "bands": []})
            if band == "nominal":
                entry["range_m"], entry["min_range_m"] = float(row["range_m"]), float(row["min_range_m"])
            elif band not in [b["band"] for b in entry["bands"]]:
                entry["bands"].append({"band": str(band), "range_m": float(row["range_m"])})
            key = (str(row["site"]), round(float(row["lat"]), 7), round(float(row["lon"]), 7))
            site = sites.setdefault(key, {"id": key[0], "name": str(row["site_name"]), "lat": key[1], "lon": key[2],
                                          "systems": []})
            if row["system"] not in site["systems"]:
                site["systems"].append(str(row["system"]))
    seen: set[str] = set()
    for site in sites.values():  # one id per site, even when two sites share a name
        base, n = site["id"], 0
        while site["id"] in seen or not _ID.match(site["id"]):
            n += 1
            site["id"] = f"site-{n}" if not _ID.match(base) else f"{base}-{n}"
        seen.add(site["id"])
    cat = catalog.systems()
    catalog_rows = [{"id": r.id, "name": r.name, "range_m": km_or_zero_to_m(r.range_km),
                     "min_range_m": km_or_zero_to_m(r.min_range_km), "source": short_text(r.source, 160),
                     "colour": styles.colour(r.id)} for r in cat.itertuples()]
    cities = catalog.cities()
    return {
        "version": 1, "units": m.units,
        "tolerance_m": float(tolerance_m), "drag_tolerance_m": DRAG_TOLERANCE_M, "limits": HASH_LIMITS,
        "catalog": catalog_rows, "systems": [s for s in systems.values() if s["range_m"] is not None],
        "sites": list(sites.values()),
        "places": [[r.name, round(float(r.lat), 4), round(float(r.lon), 4)] for r in catalog.sites().itertuples()],
        "cities": {"source": "GeoNames (CC BY 4.0), places of 15,000 people or more",
                   "name": cities["name"].astype(str).tolist(), "country": cities["country"].astype(str).tolist(),
                   "lat": cities["lat"].round(CITY_DIGITS).tolist(), "lon": cities["lon"].round(CITY_DIGITS).tolist(),
                   "pop": cities["population"].astype(int).tolist()},
        "style": {"reach": _leaflet_style(styles.REACH_OUTLINE), "band": _leaflet_style(styles.BAND_OUTLINE),
                  "envelope": _leaflet_style(styles.ENVELOPE_FILL), "site": _leaflet_style(styles.SITE_MARKER),
                  "city": styles.CITY_MARKER, "palette": styles.PALETTE,
                  "label_near_deg": list(styles.SITE_LABEL_NEAR_DEG)},
    }


class InteractiveApp(MacroElement):
    """Inlines the page's scripts and starts the app on the map it is added to (see :func:`page_state`)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        {% for code in this.scripts %}<script>{{ code }}</script>
        {% endfor %}<style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        if (window.rangemap && window.rangemap.start) window.rangemap.start({{ this.state_json }}, {{ this.refs_js }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "RangemapApp"
        self.scripts = [_asset(name) for name in _SCRIPTS]
        self.css = _asset("app.css")
        self.state_json, self.refs_js = "null", "{}"

    def render(self, **kwargs):
        self.state_json = script_json(page_state(self._parent))
        self.refs_js = _layer_refs(self._parent)
        super().render(**kwargs)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def state_from_hash(text: str) -> dict:
    """Sites, custom systems and view from a link (or its ``#...`` part) copied from an interactive map.

    Returns ``{"sites": [{id, name, lat, lon, systems}], "custom": [{id, name, range_m, min_range_m}],
    "view": {lat, lon, zoom} or None, "active": id or None, "notices": [...]}``; values the page would
    ignore (bad numbers, out-of-range coordinates, unknown keys) are left out and named in ``notices``.

    >>> s = state_from_hash("https://x/map.html#site=kursk|51.73|36.19|hwasong-11|Kursk&site=x|999|0||Bad")
    >>> [(p["name"], p["lat"], p["systems"]) for p in s["sites"]], len(s["notices"])
    ([('Kursk', 51.73, ['hwasong-11'])], 1)
    """
    fragment = urlsplit(text).fragment if "#" in text else text
    state: dict = {"sites": [], "custom": [], "view": None, "active": None, "notices": []}
    notices = state["notices"]
    limit = HASH_LIMITS["name_chars"]
    for key, value in parse_qsl(fragment, keep_blank_values=True):
        if key == "v":
            continue
        if key == "view":
            nums = [_number(p) for p in value.split(",")]
            if len(nums) == 3 and None not in nums and -90 <= nums[0] <= 90 and -540 <= nums[1] <= 540 \
                    and 0 <= nums[2] <= 19:
                state["view"] = {"lat": nums[0], "lon": nums[1], "zoom": nums[2]}
            else:
                notices.append(f"ignored view {value[:60]!r}")
        elif key == "site":
            parts = value.split("|", 4)
            if len(parts) < 5:
                notices.append(f"ignored site {value[:60]!r}: expected id|lat|lon|systems|name")
                continue
            ident, lat, lon, systems, name = parts
            lat_f, lon_f = _number(lat), _number(lon)
            if lat_f is None or lon_f is None or not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
                notices.append(f"ignored site {name[:60]!r}: bad coordinates {lat[:20]!r}, {lon[:20]!r}")
            elif len(state["sites"]) >= HASH_LIMITS["sites"]:
                notices.append(f"ignored site {name[:60]!r}: at most {HASH_LIMITS['sites']} sites")
            else:
                state["sites"].append({"id": ident if _ID.match(ident) else f"site-{len(state['sites']) + 1}",
                                       "name": name[:limit], "lat": lat_f, "lon": lon_f,
                                       "systems": [s for s in systems.split(",") if _ID.match(s)]})
        elif key == "custom":
            parts = value.split("|", 3)
            nums = [_number(p) for p in parts[1:3]] if len(parts) == 4 else [None]
            if None in nums or not _ID.match(parts[0]) or not (0 < nums[0] <= HASH_LIMITS["max_range_m"]) \
                    or not (0 <= nums[1] < nums[0]):
                notices.append(f"ignored custom range {value[:60]!r}")
            elif len(state["custom"]) < HASH_LIMITS["custom"]:
                state["custom"].append({"id": parts[0], "name": parts[3][:limit], "range_m": nums[0],
                                        "min_range_m": nums[1]})
        elif key == "active":
            state["active"] = value if _ID.match(value) else None
        else:
            notices.append(f"ignored {key[:30]!r} in the link")
    return state
