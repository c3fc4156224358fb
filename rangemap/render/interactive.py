"""The page as an instrument: exact reach recomputed in the browser as sites are dragged, added, removed.

When a :class:`~rangemap.render.leaflet.ReachMap` is interactive (the default), its one page state carries
an ``app`` part (:func:`app_state`: sites, systems drawn, the catalog, the cities table) and the page header
inlines :class:`AppScripts` (the vendored ``geographiclib-geodesic``, ``rangemap/web/reach.js``, ``util.js``
helpers, ``app.js`` state and drawing, ``ui.js`` panel and link, ``flight.js`` flight times and accuracy,
``time.js`` warning-time rings and aim, ``keys.js`` the app by keyboard, ``app.css``, ``keys.css``,
``embed-app.css``). The page script
(``web/page.js``) then leaves each system's layer empty and hands the layers it made to the app, which
draws rings, envelopes and sites itself; every name is shown through ``textContent``, never as markup.
:func:`state_from_hash` reads back a link copied from the page (the sites and systems placed there) with
the same checks the page applies. Imports catalog (pandas), numpy and branca.
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, urlsplit

import numpy as np

from rangemap import catalog, styles
from rangemap.catalog import places
from rangemap.errors import RangemapError
from rangemap.render.elements import RawHTML, inlined
from rangemap.render.legend import NOTES, source_label

__all__ = ["CITY_DIGITS", "COUNTED_DIGITS", "DRAG_TOLERANCE_M", "HASH_LIMITS", "AppScripts", "app_state", "state_from_hash",
           "state_reach"]

#: Edge tolerance while a site is being dragged (metres); the exact tolerance applies on drop.
DRAG_TOLERANCE_M = 500.0
#: What a link may ask for at most; anything beyond is ignored with a notice (a link is untrusted input).
HASH_LIMITS = {"sites": 60, "custom": 20, "name_chars": 120, "max_range_m": 20_000_000.0, "min_range_m": 0.001,
               "rings": 300, "params": 500, "notices": 20, "times": 12}
#: Decimals of the cities' coordinates in the page (1e-4° is about 11 m).
CITY_DIGITS = 4
#: Cities of this rank or lower are drawn (capitals and places of 15,000+); all are counted (render/quick.py).
CITY_DRAWN_RANK = 2
#: Decimals of the coordinates of the places only counted (1e-3° is about 111 m north-south): a village's
#: GeoNames point stands for a place a kilometre or more across, a fifth of those points are given to the
#: arc-minute (1.8 km), and 1e-3° saves the page 16 KB gzipped.
COUNTED_DIGITS = 3
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_SCRIPTS = ("vendor/geographiclib-geodesic.min.js", "reach.js", "flight.js", "util.js", "app.js", "ui.js", "time.js",
            "keys.js")


class AppScripts(RawHTML):
    """The app's scripts and CSS, inlined into the page header (no template ever sees them)."""

    def __init__(self):
        super().__init__("".join(f"<script>{inlined(n)}</script>\n" for n in _SCRIPTS)
                         + f"<style>{inlined('app.css')}{inlined('keys.css')}{inlined('embed-app.css')}</style>")


def _performance(system_id: str) -> dict:
    """How a catalog system flies and lands, for the page's times and aim: ``flight`` (the model of
    :func:`rangemap.catalog.performance.flight_model`, or None: unknown, or a custom range) and ``cep``
    (its dated CEP figures, newest first; [] when none is sourced). Sources as people cite them."""
    from rangemap.catalog import performance

    try:
        model, figures = performance.flight_model(system_id), performance.accuracy(system_id)
    except RangemapError:  # not a catalog system (a custom range drawn from Python)
        return {"flight": None, "cep": []}
    flight = None if model is None else {
        "model": model["model"], "apogee_m": model["apogee_m"], "speed_kmh": model["speed_kmh"],
        "kind": model["kind"], "source": source_label(model["source"], None, 160), "note": model["note"][:300]}
    cep = [{k: f[k] for k in ("cep_m", "cep_low_m", "cep_high_m", "kind", "date")}
           | {"source": source_label(f["source"], None, 160), "note": f["note"][:300]} for f in figures]
    return {"flight": flight, "cep": cep}


def _on_grid(values, digits: int) -> np.ndarray:
    """``values`` rounded as Python's ``round(x, digits)`` rounds them (the cities layer's coordinates), times
    10^digits, as integers. ``np.round(x * 10**digits)`` rounds halves to even after the product's own rounding,
    and GeoNames gives five decimals, so it disagreed in the last digit for a third of the seed map's cities:
    the app drew them 11 m from Python's dots, and the page carried their coordinates twice."""
    scale = 10**digits
    return np.array([round(round(float(x), digits) * scale) for x in values], dtype=np.int64)


def app_state(m, tolerance_m: float = 50.0) -> dict:
    """What the page's app needs from a :class:`ReachMap`: sites and systems drawn, what may be added."""
    from rangemap.analysis.reach import km_or_zero_to_m

    systems: dict[str, dict] = {}
    sites: dict[tuple, dict] = {}
    for table in m._drawn_tables:
        for row in table.drop(columns="geometry").itertuples(index=False):
            row = row._asdict()
            band = row.get("band", "nominal") or "nominal"
            entry = systems.setdefault(row["system"], {
                "id": str(row["system"]), "name": str(row["system_name"]), "range_m": None, "min_range_m": 0.0,
                "source": source_label(row["source"], None, 160), "colour": styles.colour(row["system"]),
                "bands": [], "qualifier": ""} | _performance(str(row["system"])))
            if band == "nominal":
                entry["qualifier"] = str(row.get("qualifier", "") or "")
                minimum = float(row["min_range_m"]) if row["min_range_m"] == row["min_range_m"] else 0.0
                entry["range_m"], entry["min_range_m"] = float(row["range_m"]), minimum
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
    catalog_rows = [{"id": r.id, "name": r.name, "range_m": km_or_zero_to_m(r.range_km),
                     "min_range_m": km_or_zero_to_m(r.min_range_km), "qualifier": r.range_qualifier,
                     "source": source_label(r.source, r.source_date, 160), "colour": styles.colour(r.id)}
                    | _performance(r.id) for r in catalog.systems().itertuples()]
    cities = catalog.cities()
    # the page holds the theatre's places (1,000+) and elsewhere capitals and places of 100,000+ (rank 1), so
    # the world gazetteer (15,000+ everywhere, for Python's counts) grows the page only a little
    theatre = places.small_place_countries(cities)  # as the command line's coverage line names them
    cities = cities[cities["country"].isin(theatre) | (cities["rank"] == 1)]
    page_coverage = (f"Counted: GeoNames places of 1,000+ people in {', '.join(theatre)}, and of 100,000+ and "
                     f"capitals elsewhere (GeoNames cities500, 2023; CC BY 4.0); places under 15,000 are placed "
                     f"to 0.001° (about 100 m)")
    scale = 10**CITY_DIGITS
    lat, lon = _on_grid(cities["lat"], CITY_DIGITS), _on_grid(cities["lon"], CITY_DIGITS)
    hidden = cities["rank"].to_numpy() > CITY_DRAWN_RANK
    coarse = 10 ** (CITY_DIGITS - COUNTED_DIGITS)
    lat[hidden] = _on_grid(cities["lat"][hidden], COUNTED_DIGITS) * coarse
    lon[hidden] = _on_grid(cities["lon"][hidden], COUNTED_DIGITS) * coarse
    # the places drawn first, then the places only counted; each run in bands 5° of longitude wide (west to
    # east), by latitude within a band: neighbours come together, so their steps are short and their names,
    # countries and regions repeat close by (gzip packs the seed page 15 KB smaller than by latitude alone)
    band = lon // (5 * scale)
    order = np.lexsort((lat, band, hidden))
    cities, lat, lon = cities.iloc[order], lat[order], lon[order]
    drawn = int((~hidden).sum())
    return {
        "version": 1, "units": m.units, "times": getattr(m, "times", None),
        "tolerance_m": float(tolerance_m), "drag_tolerance_m": DRAG_TOLERANCE_M, "limits": HASH_LIMITS,
        "catalog": catalog_rows, "systems": [s for s in systems.values() if s["range_m"] is not None],
        "sites": list(sites.values()),
        "places": [[r.name, round(float(r.lat), 4), round(float(r.lon), 4)] for r in catalog.sites().itertuples()],
        "cities": {"source": "GeoNames (CC BY 4.0): places of 1,000+ people counted, capitals and places of "
                             "15,000+ drawn",
                   # the places drawn come first, with a name and country; the rest are counted, never shown
                   "name": cities["name"].astype(str).tolist()[:drawn],
                   "country": cities["country"].astype(str).tolist()[:drawn],
                   "region": cities["region"].astype(str).tolist()[:drawn] if "region" in cities else [],
                   "coverage": page_coverage,
                   # coordinates in 1/scale degrees; latitudes as steps from the one before
                   "scale": scale, "latSteps": np.diff(lat, prepend=0).tolist(), "lon": lon.tolist(),
                   "pop": cities["population"].astype(int).tolist()},
        "notes": NOTES,
        "style": {"palette": styles.PALETTE, "label_near_deg": list(styles.SITE_LABEL_NEAR_DEG),
                  "shared_dash_px": styles.SHARED_DASH_PX, "city_labels": styles.CITY_LABELS,
                  "city_label_min_pop": styles.CITY_LABEL_MIN_POP},
    }


def _table_lat_lon(c: dict) -> tuple[np.ndarray, np.ndarray]:
    """The app's cities table's coordinates (degrees), as the page decodes them."""
    lat = np.cumsum(np.asarray(c["latSteps"], dtype=np.int64)) / c["scale"]
    return lat, np.asarray(c["lon"], dtype=np.int64) / c["scale"]


def in_reach_at_start(app: dict) -> np.ndarray:
    """Which places of the app's table (:func:`app_state`) are in reach of its sites as the page opens, as the
    page counts them: a bool a row, on the table's own coordinates."""
    from rangemap.analysis.pairs import pairs_in_reach

    known = {s["id"]: s for s in app["catalog"]} | {s["id"]: s for s in app["systems"]}
    lat, lon = _table_lat_lon(app["cities"])
    rows = [(site["lat"], site["lon"], known[sid]["range_m"], known[sid]["min_range_m"])
            for site in app["sites"] for sid in site["systems"] if sid in known]
    inside = np.zeros(len(lon), dtype=bool)
    if rows and len(lon):
        r = np.array(rows, dtype=float)
        point, _, _ = pairs_in_reach(lat, lon, {"lat": r[:, 0], "lon": r[:, 1], "range_m": r[:, 2],
                                                "min_range_m": r[:, 3]})
        inside[point] = True
    return inside


def drawn_as_the_app_draws(points: list, app: dict) -> bool:
    """Whether the app may draw a cities layer (points ``[lat, lon, ...]``) itself as the page opens: the layer
    holds every place the app draws (its named places in reach) and, of the places in the app's table, no
    other. Points the table lacks (places of 15,000-100,000 outside the theatre, which the page neither
    counts nor keeps) the app leaves out, so that what is drawn is what is counted."""
    named = len(app["cities"]["name"])
    lat, lon = _table_lat_lon(app["cities"])
    inside = in_reach_at_start(app)
    table = set(zip(lat.tolist(), lon.tolist()))
    drawn = set(zip(lat[:named][inside[:named]].tolist(), lon[:named][inside[:named]].tolist()))
    layer = {(float(p[0]), float(p[1])) for p in points}
    return drawn <= layer and not (layer & table) - drawn


#: A number in a link, as the page reads it (util.js NUMBER): ASCII digits, a point, an optional exponent —
#: no "0x10", "5_0", other digit scripts or surrounding spaces, which Python's float and JS's Number differ on.
_LINK_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?", re.IGNORECASE | re.ASCII)


def _number(text: str) -> float | None:
    if not _LINK_NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def state_from_hash(text: str) -> dict:
    """Sites, custom systems and view from a link (or its ``#...`` part) copied from an interactive map.

    Returns ``{"sites": [{id, name, lat, lon, systems}], "custom": [{id, name, range_m, min_range_m}],
    "view": {lat, lon, zoom} or None, "active": id or None, "times": [minutes] or None, "notices": [...]}``;
    values the page would ignore (bad numbers, out-of-range coordinates, unknown keys) are left out and named in ``notices``.

    >>> s = state_from_hash("https://x/map.html#site=kursk|51.73|36.19|hwasong-11|Kursk&site=x|999|0||Bad")
    >>> [(p["name"], p["lat"], p["systems"]) for p in s["sites"]], len(s["notices"])
    ([('Kursk', 51.73, ['hwasong-11'])], 1)
    """
    fragment = urlsplit(text).fragment if "#" in text else text
    state: dict = {"sites": [], "custom": [], "view": None, "active": None, "times": None, "notices": []}
    notices: list[str] = []
    limit = HASH_LIMITS["name_chars"]
    pairs = parse_qsl(fragment, keep_blank_values=True)
    rings, seen, custom_seen = 0, set(), set()
    catalog_ids = set(catalog.systems()["id"])
    for key, value in pairs[:HASH_LIMITS["params"]]:  # a link's cost is bounded, however long
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
                chosen, room = [s for s in systems.split(",") if _ID.match(s)], HASH_LIMITS["rings"] - rings
                if len(chosen) > room:
                    notices.append(f"site {name[:60]!r}: drew {max(room, 0)} of its {len(chosen)} systems: at most "
                                   f"{HASH_LIMITS['rings']} rings from a link")
                    chosen = chosen[:max(room, 0)]
                rings += len(chosen)
                fine = _ID.match(ident) and ident not in seen
                seen.add(ident)
                state["sites"].append({"id": ident if fine else f"site-{len(state['sites']) + 1}",
                                       "name": name[:limit], "lat": lat_f, "lon": lon_f, "systems": chosen})
        elif key == "custom":
            parts = value.split("|", 3)
            nums = [_number(p) for p in parts[1:3]] if len(parts) == 4 else [None]
            if None in nums or not _ID.match(parts[0]) \
                    or not (HASH_LIMITS["min_range_m"] <= nums[0] <= HASH_LIMITS["max_range_m"]) \
                    or not (0 <= nums[1] < nums[0]):
                notices.append(f"ignored custom range {value[:60]!r}")
            elif parts[0] in custom_seen:
                notices.append(f"ignored custom range {value[:60]!r}: its id is given twice")
            elif parts[0] in catalog_ids:
                notices.append(f"ignored custom range {parts[0][:40]!r}: that id is a catalog system")
            elif len(state["custom"]) < HASH_LIMITS["custom"]:
                custom_seen.add(parts[0])
                state["custom"].append({"id": parts[0], "name": parts[3][:limit], "range_m": nums[0],
                                        "min_range_m": nums[1]})
        elif key == "active":
            state["active"] = value if _ID.match(value) else None
        elif key == "times":  # the warning-time rings shown, in minutes
            minutes = [_number(p) for p in value.split(",")]
            if minutes and None not in minutes and all(0 < x for x in minutes) \
                    and len(minutes) <= HASH_LIMITS["times"]:
                state["times"] = sorted(set(minutes))
            else:
                notices.append(f"ignored times {value[:60]!r}")
        else:
            notices.append(f"ignored {key[:30]!r} in the link")
    state["notices"] = notices[:HASH_LIMITS["notices"]]
    if len(notices) > HASH_LIMITS["notices"]:
        state["notices"].append(f"… and {len(notices) - HASH_LIMITS['notices']} more")
    if len(pairs) > HASH_LIMITS["params"]:
        state["notices"].append(f"ignored the last {len(pairs) - HASH_LIMITS['params']} parts of the link: at most "
                                f"{HASH_LIMITS['params']} are read")
    return state


def page_state(state) -> dict:
    """A page state as :func:`state_from_hash` returns it, from link text, such a dict, or a widget (its link)."""
    if hasattr(state, "link") and not isinstance(state, (str, dict)):
        state = state.link
    if isinstance(state, str):
        return state_from_hash(state)
    if isinstance(state, dict) and isinstance(state.get("sites"), list):
        return state
    raise RangemapError(f"state {str(state)[:60]!r}: expected a link copied from a page, a state from "
                        "rm.from_link or a widget")


def state_reach(state, **reach_kwargs):
    """The reach table of a page state (link text, a :func:`state_from_hash` dict or a widget): each site
    with its own systems; custom ranges as :func:`rangemap.catalog.custom_system` rows keeping the page's ids.

    A site naming a system the catalog does not know raises :class:`RangemapError` naming it."""
    import pandas as pd

    from rangemap.analysis.reach import reach
    from rangemap.catalog.lookup import custom_system

    state = page_state(state)
    custom = {}
    for c in state.get("custom", []):
        row = custom_system(c["range_m"] / 1000, (c.get("min_range_m") or 0) / 1000, c.get("name") or c["id"])
        row["id"] = c["id"]
        custom[c["id"]] = row
    tables = []
    for site in state["sites"]:
        if site["systems"]:
            point = pd.DataFrame([{k: site[k] for k in ("id", "name", "lat", "lon")}])
            tables.append(reach([custom.get(s, s) for s in site["systems"]], point, **reach_kwargs))
    if not tables:
        raise RangemapError("the state has no site with a system: nothing to map")
    if len(tables) == 1:
        return tables[0]
    joined = pd.concat(tables, ignore_index=True)
    return type(tables[0])(joined, crs=tables[0].crs) if hasattr(tables[0], "crs") else joined
