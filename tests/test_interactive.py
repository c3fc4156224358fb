"""The interactive page in headless Chromium: drag, click to add, custom ranges, measure, links (hash state).

Every geometry the page draws is checked against the reach contract with GeographicLib (devtools.oracle)
and against Python's ``reach_polygon`` from the same point; the mouse is Playwright's real pointer.
"""

import json
import math
from pathlib import Path
from urllib.parse import quote

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

import rangemap as rm
from devtools import oracle
from devtools.browser import Page, offline_route
from rangemap import catalog, styles
from rangemap.errors import DistanceError
from rangemap.render.interactive import CITY_DIGITS, state_from_hash
from rangemap.units import parse_distance

TOL_M = 50.0


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    path = tmp_path_factory.mktemp("interactive") / "seed.html"
    rm.seed_map().save(str(path))
    return path


class HashPage(Page):
    """A Page opened with a URL fragment (the page's state link)."""

    def __init__(self, browser, path, fragment):
        self.errors, self.dialogs, self.blocked = [], [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", lambda route: offline_route(route, self.blocked))
        self.page.goto(Path(path).resolve().as_uri() + "#" + fragment)
        self.page.wait_for_function("() => window.rangemap && rangemap.app && rangemap.app.drawnAtStart", timeout=15000)
        self.page.wait_for_timeout(300)


def site_pixel(page, site_id):
    """Where a site's marker is on the screen (page coordinates)."""
    return page.evaluate("""id => { const app = rangemap.app, s = app.site(id);
        const p = app.map.latLngToContainerPoint([s.lat, s.lon + s.shift]);
        const r = app.map.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", site_id)


def latlng_at(page, x, y):
    return page.evaluate("""([x, y]) => { const app = rangemap.app, r = app.map.getContainer().getBoundingClientRect();
        const ll = app.map.containerPointToLatLng([x - r.left, y - r.top]); return [ll.lat, ll.lng]; }""", [x, y])


def features(page, site_id):
    return {f["properties"]["system"]: f for f in page.evaluate("() => rangemap.drawn()")["features"]
            if f["properties"]["site"] == site_id}


def check_against_python(feature, rng):
    """The page's geometry keeps the reach contract (GeographicLib) and matches Python's reach_polygon."""
    p = feature["properties"]
    geom = shape(feature["geometry"])
    oracle.check_reach(geom, p["lat"], p["lon"], p["range_m"], p["min_range_m"], TOL_M, rng, edge_sample=300)
    python = rm.reach_polygon(p["lat"], p["lon"], p["range_m"], min_range_m=p["min_range_m"], tolerance_m=TOL_M)
    assert abs(geom.area - python.area) / python.area < 2e-4
    assert shapely.symmetric_difference(geom, python).area / python.area < 2e-4


def drawn_outline_on_boundary(page, site_id, system_id, lat, lon, range_m, min_range_m):
    """Vertices of the outline on the screen (display longitudes) lie on the true boundary within 1 mm."""
    rings = page.evaluate("""([site, system]) => { const s = rangemap.app.site(site);
        return s.shapes[system].layers[0].getLatLngs().flat(2).map(p => [p.lat, p.lng]); }""", [site_id, system_id])
    assert len(rings) > 50
    for plat, plon in rings[:: max(1, len(rings) // 80)]:
        if abs(abs(plat) - 90) < 1e-9:
            continue
        assert oracle.boundary_error(lat, lon, range_m, min_range_m, plat, plon) < 1e-3


def test_drag_a_launch_point_and_its_rings_follow(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    before = {s["id"]: s for s in p.evaluate("() => rangemap.sites()")}
    envelope_before = p.evaluate("() => rangemap.app.systems['hwasong-11'].envelope.getBounds().toBBoxString()")
    x, y = site_pixel(p, "kursk")
    p.mouse.move(x, y)
    p.mouse.down()
    for i in range(1, 31):
        p.mouse.move(x - 5 * i, y + 2 * i)
    p.mouse.up()
    p.wait_for_timeout(100)
    lat, lon = latlng_at(p, x - 150, y + 60)
    after = {s["id"]: s for s in p.evaluate("() => rangemap.sites()")}
    assert after["kursk"]["lat"] == pytest.approx(lat, abs=1e-9) and after["kursk"]["lon"] == pytest.approx(lon, abs=1e-9)
    assert after["kursk"]["lat"] < before["kursk"]["lat"] - 0.3 and after["kursk"]["lon"] < before["kursk"]["lon"] - 1
    assert after["belgorod"] == before["belgorod"]  # only the dragged site moved
    drawn = features(p, "kursk")
    assert set(drawn) == {"hwasong-11", "pukguksong-2"}
    rng = np.random.default_rng(12)
    for system_id, feature in drawn.items():
        assert feature["properties"]["tolerance_m"] == TOL_M  # exact again on drop
        assert (feature["properties"]["lat"], feature["properties"]["lon"]) == (after["kursk"]["lat"], after["kursk"]["lon"])
        check_against_python(feature, rng)
        drawn_outline_on_boundary(p, "kursk", system_id, lat, lon, feature["properties"]["range_m"], 0.0)
    assert p.evaluate("() => rangemap.app.systems['hwasong-11'].envelope.getBounds().toBBoxString()") != envelope_before
    stats = p.evaluate("() => rangemap.dragStats()")
    assert stats and stats[-1]["frames"] >= 2  # redrawn while moving, not only on drop
    linked = {s["id"]: s for s in state_from_hash(p.evaluate("() => location.hash"))["sites"]}
    assert linked["kursk"]["lat"] == pytest.approx(lat, abs=1e-6) and linked["kursk"]["lon"] == pytest.approx(lon, abs=1e-6)
    assert page.errors == [] and page.blocked == []


def test_touch_pointer_drags_too(browser, seed_html):
    """A finger (pointerType "touch", its own pointer id) drags a site as the mouse does."""
    page = Page(browser, seed_html)
    p = page.page
    x, y = site_pixel(p, "voronezh")
    p.evaluate("""async ([x, y]) => {
        const path = rangemap.app.site('voronezh').markers['hwasong-11'].getElement();
        const opts = (dx, dy) => ({clientX: x + dx, clientY: y + dy, bubbles: true, pointerId: 7, pointerType: 'touch',
                                   isPrimary: true, button: 0});
        path.dispatchEvent(new PointerEvent('pointerdown', opts(0, 0)));
        for (let i = 1; i <= 10; i++) {
            document.elementFromPoint(x + 8 * i, y).dispatchEvent(new PointerEvent('pointermove', opts(8 * i, 0)));
            await new Promise(r => requestAnimationFrame(r));
        }
        document.dispatchEvent(new PointerEvent('pointerup', opts(80, 0)));
    }""", [x, y])
    lat, lon = latlng_at(p, x + 80, y)
    site = next(s for s in p.evaluate("() => rangemap.sites()") if s["id"] == "voronezh")
    assert site["lat"] == pytest.approx(lat, abs=1e-9) and site["lon"] == pytest.approx(lon, abs=1e-9)
    assert p.evaluate("() => rangemap.app.map.dragging.enabled()")  # the map pans again after the drop
    check_against_python(features(p, "voronezh")["hwasong-11"], np.random.default_rng(8))
    assert page.errors == []


def test_drag_across_the_antimeridian(browser, tmp_path):
    path = tmp_path / "anadyr.html"
    rm.reach_map(["pukguksong-2"], ["anadyr"], location=(64.7, 178.0), zoom_start=5).save(str(path))
    page = Page(browser, path)
    p = page.page
    x, y = site_pixel(p, "anadyr")
    x1 = p.evaluate("() => rangemap.app.map.latLngToContainerPoint([64.7, 183.5]).x") + x - p.evaluate(
        "() => rangemap.app.map.latLngToContainerPoint([64.7337, 177.5089]).x")
    p.mouse.move(x, y)
    p.mouse.down()
    for i in range(1, 11):
        p.mouse.move(x + (x1 - x) * i / 10, y)
    p.mouse.up()
    site = p.evaluate("() => rangemap.sites()")[0]
    assert -177 < site["lon"] < -176  # east of ±180°, stored wrapped
    feature = features(p, "anadyr")["pukguksong-2"]
    assert shape(feature["geometry"]).geom_type == "MultiPolygon"  # split at ±180° as Python's
    check_against_python(feature, np.random.default_rng(9))
    west, east = p.evaluate("() => { const b = rangemap.app.site('anadyr').shapes['pukguksong-2'].layers[0]"
                            ".getBounds(); return [b.getWest(), b.getEast()]; }")
    assert 120 < west < 180 < east < 240  # drawn as one shape beside the pointer, not across the map
    assert page.errors == []


def test_cities_in_reach_follow_the_sites(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    p.evaluate("() => rangemap.moveSite('voronezh', 48.0, 45.0)")
    sites = p.evaluate("() => rangemap.sites()")
    systems = dict(p.evaluate("() => rangemap.app.sites.map(s => [s.id, s.systems])"))
    cities = catalog.cities()  # as the page has them: coordinates to CITY_DIGITS decimals
    theatre = set(cities.loc[cities["population"] < 15_000, "country"])  # the page: theatre, and 100,000+ elsewhere
    cities = cities[cities["country"].isin(theatre) | (cities["rank"] == 1)].copy()
    cities["lat"], cities["lon"] = cities["lat"].round(CITY_DIGITS), cities["lon"].round(CITY_DIGITS)
    cities = cities.set_geometry(gpd.points_from_xy(cities["lon"], cities["lat"], crs=cities.crs))
    tables = [rm.reach(systems[s["id"]], [(s["lat"], s["lon"])]) for s in sites]
    found = rm.targets_in_reach(pd.concat(tables, ignore_index=True), cities=cities)
    unique = found.drop_duplicates(["name", "lat", "lon"])
    shown = p.evaluate("() => rangemap.inReach()")
    assert shown == {"cities": len(unique), "people": int(unique["population"].sum())}  # every place counted
    drawn = unique[unique["rank"] <= 2]  # capitals and places of 15,000+ drawn, as the static page draws them
    assert p.evaluate("() => document.querySelectorAll('.rangemap-city').length") == len(drawn)
    labels = p.evaluate("() => [...document.querySelectorAll('.rangemap-city-label')].map(e => e.textContent)")
    biggest = drawn.sort_values("population", ascending=False, kind="stable").head(styles.CITY_LABELS)
    assert labels == biggest.loc[biggest["population"] >= styles.CITY_LABEL_MIN_POP, "name"].tolist()
    assert f"{len(unique):,} places" in p.inner_text(".rangemap-app .people")


def test_click_the_map_to_add_a_site(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    n = len(p.evaluate("() => rangemap.sites()"))
    p.click(".rangemap-app .add-click")
    cx, cy = p.evaluate("""() => { for (let y = 560; y < 760; y += 7) for (let x = 330; x < 600; x += 7) {
        const e = document.elementFromPoint(x, y);  // a clear spot: a click on a city adds the site at the city
        if (e && !e.closest('.leaflet-interactive, .leaflet-tooltip, .leaflet-control')) return [x, y]; } }""")
    p.mouse.click(cx, cy)
    lat, lon = latlng_at(p, cx, cy)
    sites = p.evaluate("() => rangemap.sites()")
    assert len(sites) == n + 1
    new = sites[-1]
    assert new["lat"] == pytest.approx(lat, abs=1e-9) and new["lon"] == pytest.approx(lon, abs=1e-9)
    drawn = features(p, new["id"])
    assert set(drawn) == {"hwasong-11", "pukguksong-2"}  # the systems of the active site (Belgorod)
    check_against_python(drawn["hwasong-11"], np.random.default_rng(3))
    p.click(".rangemap-app .add-click")  # armed once, then a click on a marker adds nothing
    x, y = site_pixel(p, new["id"])
    p.mouse.click(x, y)
    assert len(p.evaluate("() => rangemap.sites()")) == n + 1
    p.fill(".rangemap-app .place", "Kharkiv")
    p.keyboard.press("Enter")
    assert p.evaluate("() => rangemap.sites()")[-1]["name"] == "Kharkiv"
    p.fill(".rangemap-app .place", "46.5, 30.7")
    p.keyboard.press("Enter")
    assert p.evaluate("() => rangemap.sites()")[-1]["lat"] == 46.5
    p.click(".rangemap-app button:has-text('Remove')")
    assert len(p.evaluate("() => rangemap.sites()")) == n + 2
    assert page.errors == []


def test_custom_range_with_units(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    p.fill(".rangemap-app .custom-range", "430 mi")
    p.fill(".rangemap-app .custom-min", "50 nmi")
    p.fill(".rangemap-app .custom-name", "<b>Test</b> ${x}")
    p.click(".rangemap-app .custom-name + button")
    active = p.evaluate("() => rangemap.app.active")
    feature = features(p, active)["custom-1"]
    assert feature["properties"]["range_m"] == parse_distance("430 mi")
    assert feature["properties"]["min_range_m"] == parse_distance("50 nmi")
    check_against_python(feature, np.random.default_rng(5))  # an annulus
    assert "<b>Test</b> ${x}" in p.inner_text(".rangemap-app .systems")
    shown = p.evaluate("() => [...document.querySelectorAll('.leaflet-control-layers-list label span span')]"
                       ".map(e => e.textContent.trim())")
    assert "<b>Test</b> ${x} — 692 km (430 mi)" in shown  # its new layer in the (collapsed) control, named as text
    legend = p.evaluate("() => [...document.querySelectorAll('.rangemap-legend tr.system b')].map(e => e.textContent)")
    assert legend[-1] == "<b>Test</b> ${x}"  # the legend follows the systems shown
    assert p.evaluate("() => document.querySelectorAll('.rangemap-app b, .leaflet-control-layers b').length") == 0
    assert p.evaluate("() => rangemap.app.systems['custom-1'].colour") == styles.colour("custom-1")
    p.fill(".rangemap-app .custom-range", "12 parsecs")
    p.click(".rangemap-app .custom-name + button")
    assert "unknown unit 'parsecs'" in p.inner_text(".rangemap-app .notices")
    assert page.errors == []


DISTANCES = ["430 mi", "430mi", "692 KM", "373.6 nmi", "692000 m", "692", "1,931.2 km", ".5 km", "1e3 m", "", "  ",
             "12 parsecs", "-5 km", "nan km", "inf", "constructor", "5 toString", "430 miles", "2 nautical miles"]


def test_js_parse_distance_agrees_with_python(browser, seed_html):
    page = Page(browser, seed_html)
    got = page.page.evaluate("""texts => texts.map(t => { try { return rangemap.parseDistance(t); }
        catch (e) { return 'error'; } })""", DISTANCES)
    for text, value in zip(DISTANCES, got):
        try:
            expected = parse_distance(text)
        except DistanceError:
            expected = "error"
        assert value == expected, text


def test_measure_distance_bearing_and_verdicts(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    p.click(".rangemap-app .measure")
    p.mouse.move(300, 500)
    lat, lon = latlng_at(p, 300, 500)
    site = p.evaluate("() => rangemap.sites().find(s => s.id === rangemap.app.active)")
    d = oracle.distance(site["lat"], site["lon"], lat, lon)
    out = oracle.WGS84.Inverse(site["lat"], site["lon"], lat, lon)
    got = p.evaluate("([lat, lon]) => rangemap.measure(lat, lon)", [lat, lon])
    assert got["distance_m"] == pytest.approx(d, abs=1e-6)
    assert got["bearing_deg"] == pytest.approx(out["azi1"] % 360, abs=1e-9)
    text = p.inner_text(".rangemap-measure")
    assert f"{d / 1000:,.1f} km" in text and "bearing" in text
    for s in got["systems"]:
        r = catalog.system(s["system"])["range_km"] * 1000
        expected = "in reach" if d <= r else f"out of reach by {(d - r) / 1000:,.1f} km"
        assert s["verdict"] == ("in" if d <= r else "out") and expected in text
    assert p.evaluate("() => rangemap.app.measureLine.getLatLngs().length") == 65
    assert page.errors == []


def test_link_reproduces_the_view(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    p.evaluate("() => { rangemap.moveSite('bryansk', 55.75, 37.62); rangemap.addSite(47.1, 37.5, 'Mariupol | <i>x</i>'); }")
    p.fill(".rangemap-app .custom-range", "300 km")
    p.fill(".rangemap-app .custom-name", "My range")
    p.click(".rangemap-app .custom-name + button")
    p.evaluate("() => rangemap.app.map.setView([48, 33], 6, {animate: false})")
    fragment = p.evaluate("() => location.hash.slice(1)")
    sites = p.evaluate("() => rangemap.app.sites.map(s => [s.id, s.name, s.lat, s.lon, s.systems])")
    drawn = p.evaluate("() => rangemap.drawn().features.map(f => [f.properties.system, f.properties.site, "
                       "f.properties.range_m])")
    again = HashPage(browser, seed_html, fragment)
    assert again.page.evaluate("() => rangemap.app.sites.map(s => [s.id, s.name, s.lat, s.lon, s.systems])") == sites
    assert again.page.evaluate("() => rangemap.drawn().features.map(f => [f.properties.system, f.properties.site, "
                               "f.properties.range_m])") == drawn
    assert again.page.evaluate("() => { const c = rangemap.app.map.getCenter(); return [c.lat, c.lng, "
                               "rangemap.app.map.getZoom()]; }") == pytest.approx([48, 33, 6], abs=1e-3)
    assert again.page.evaluate("() => rangemap.notices()") == [] and again.errors == []
    again.page.evaluate("() => { location.hash = 'site=solo|10|20|hwasong-11|Solo'; }")  # a new link, same tab
    again.page.wait_for_function("() => rangemap.sites().length === 1")
    assert again.page.evaluate("() => rangemap.sites()") == [{"id": "solo", "name": "Solo", "lat": 10, "lon": 20}]
    # a notebook user reads the same link back in Python
    state = state_from_hash("file:///x/seed.html#" + fragment)
    assert [[s["id"], s["name"], s["lat"], s["lon"], s["systems"]] for s in state["sites"]] == sites
    assert state["custom"] == [{"id": "custom-1", "name": "My range", "range_m": 300000.0, "min_range_m": 0.0}]
    assert state["notices"] == []


HOSTILE_NAME = "<img src=x onerror=window.__pwned=1>"


def test_hostile_link_shows_notices_and_text(browser, seed_html):
    parts = [
        "site=a|50.1|30.5|hwasong-11|" + quote(HOSTILE_NAME),
        "site=b|NaN|30|hwasong-11|nan",
        "site=c|999|30|hwasong-11|far",
        "site=d|50|31|<script>,__proto__,constructor,toString|" + quote("</script><script>window.__pwned=2</script>"),
        "site=%3Csvg%20onload%3Dalert(1)%3E|51|32|hwasong-11|svg id",
        "site=broken",
        "custom=__proto__|1000|0|proto",
        "custom=c1|1e99|0|huge",
        "custom=c2|5000|9000|inverted",
        "view=abc,1,2",
        "garbage=%%%&&==",
        quote("<b>key</b>") + "=1",
    ]
    page = HashPage(browser, seed_html, "&".join(parts))
    p = page.page
    assert page.errors == [] and page.dialogs == []
    assert p.evaluate("() => window.__pwned") is None
    assert p.evaluate("() => document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0
    names = [s["name"] for s in p.evaluate("() => rangemap.sites()")]
    assert names == [HOSTILE_NAME, "</script><script>window.__pwned=2</script>", "svg id"]
    labels = p.evaluate("() => [...document.querySelectorAll('.rangemap-site-label')].map(e => e.textContent)")
    assert HOSTILE_NAME in labels
    notices = p.inner_text(".rangemap-app .notices")
    assert p.is_visible(".rangemap-app .notices")
    for needle in ["ignored site 'nan'", "ignored site 'far'", "ignored unknown system '<script>'",
                   "ignored view 'abc,1,2'",
                   "ignored unknown system 'constructor'", "ignored unknown system 'toString'",
                   "ignored site 'broken'", "ignored custom range 'c1", "ignored custom range 'c2",
                   "ignored 'garbage'", "ignored '<b>key</b>'"]:
        assert needle in notices, needle
    assert p.evaluate("() => Object.getPrototypeOf(rangemap.app.systems)") is None
    assert p.evaluate("() => rangemap.app.site(rangemap.sites()[1].id).systems") == ["__proto__"]  # just a name here
    state = state_from_hash("&".join(parts))
    assert [s["name"] for s in state["sites"]] == names and len(state["notices"]) >= 6


def test_garbage_link_keeps_the_page(browser, seed_html):
    page = HashPage(browser, seed_html, "%E0%A4%A&&&=%%&site=|||||&view=1,2,3,4")
    p = page.page
    assert page.errors == []
    assert len(p.evaluate("() => rangemap.sites()")) == 5  # the page's own sites, since the link named none
    assert p.inner_text(".rangemap-app .notices").strip()


def test_python_envelope_outline_goes_once_sites_move(browser, tmp_path):
    table = rm.reach(["hwasong-11"], ["belgorod", "kursk"], band=True)
    path = tmp_path / "envelope.html"
    rm.ReachMap().add_reach(table).add_envelope(rm.envelope(table)).save(str(path))
    page = Page(browser, path)
    count = """() => { const n = {}; rangemap.app.map.eachLayer(l => { const p = l.feature && l.feature.properties;
        if (p && p.rangemap) n[p.rangemap] = (n[p.rangemap] || 0) + 1; }); return n; }"""
    before = page.page.evaluate(count)
    assert before["envelope-outline"] == 1 and before["reach"] == len(table) and before["envelope"] == 1
    page.page.evaluate("() => rangemap.moveSite('kursk', 52.5, 33.0)")
    after = page.page.evaluate(count)
    assert "envelope-outline" not in after  # computed in Python for the old sites: gone, not left stale
    assert after["reach"] == len(table) and after["envelope"] == 1  # band rings follow too
    assert page.errors == []


def test_interactive_false_gives_no_app(browser, tmp_path):
    path = tmp_path / "static.html"
    rm.reach_map(["hwasong-11"], ["belgorod"], interactive=False).save(str(path))
    html = path.read_text()
    assert "App.prototype" not in html and "rangemap-app" not in html and '"app":null' in html
    page = Page(browser, path)
    assert page.page.evaluate("() => typeof window.rangemap") == "undefined"
    assert page.drawn()["reach"] == 1 and page.errors == []


def test_interactive_map_with_cdn_and_in_jupyter(browser):
    cdn = rm.reach_map(["pukguksong-2"], ["anadyr"], self_contained=False).get_root().render()
    assert "App.prototype.drawSite" in cdn and '"app":{' in cdn and "https://cdn.jsdelivr.net/npm/leaflet@1.9" in cdn
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.abort())
    page.set_content(rm.reach_map(["pukguksong-2"], ["anadyr"])._repr_html_())  # folium's notebook iframe
    frame = next(f for f in page.frames if f != page.main_frame)
    frame.wait_for_function("() => window.rangemap && rangemap.app && rangemap.app.drawnAtStart", timeout=15000)
    drawn = frame.evaluate("() => rangemap.drawn().features")
    assert len(drawn) == 1 and drawn[0]["properties"]["site"] == "anadyr"
    assert shape(drawn[0]["geometry"]).geom_type == "MultiPolygon"  # split at ±180° as Python's
    frame.evaluate("() => rangemap.addSite(60, 100, 'Here')")
    link = frame.evaluate("() => rangemap.app.ui.link.value")  # what a notebook user copies
    assert [s["name"] for s in state_from_hash(link)["sites"]] == ["Anadyr", "Here"]
    assert errors == []
    page.close()


def test_state_from_hash_ignores_bad_values():
    state = state_from_hash("#site=a|91|0|x|n&site=b|1|181|x|n&site=c|inf|0|x|n&site=ok|1|2|a,<b>|fine|x"
                            "&custom=z|0|0|zero&custom=y|10|20|inv&view=1,2,99&active=<x>&other=1")
    assert [(s["id"], s["name"], s["systems"]) for s in state["sites"]] == [("ok", "fine|x", ["a"])]
    assert state["custom"] == [] and state["view"] is None and state["active"] is None
    assert len(state["notices"]) == 7
    assert not math.isnan(state["sites"][0]["lat"])
    assert json.loads(json.dumps(state)) == state


def test_a_map_with_too_many_rings_for_the_page_stays_static(monkeypatch):
    from rangemap.render import leaflet

    monkeypatch.setattr(leaflet, "INTERACTIVE_RINGS_MAX", 3)
    few = rm.reach_map(["koksan-m1989"], ["kursk", "belgorod", "bryansk"]).get_root().render()
    many = rm.reach_map(["koksan-m1989"], ["kursk", "belgorod", "bryansk", "voronezh"]).get_root().render()
    assert '"app":null' not in few and "rangemap-app" in few
    assert '"app":null' in many and "rangemap-app" not in many
