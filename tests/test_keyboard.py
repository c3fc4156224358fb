"""The page by keyboard (issue 20, item 3), in headless Chromium with keys only.

Map shapes are no Tab stops; a launch point moves by arrow keys (a step along the WGS84 geodesic, checked
with Python's GeographicLib) and by typed coordinates (read as the command line reads --at); sites,
systems and custom ranges are added by keys; Measure goes to a typed place or a pinned point; focus
survives lists being rebuilt, Escape closes what opened, and focus is always visible.
"""

import re

import pytest
from geographiclib.geodesic import Geodesic

import rangemap as rm
from devtools import oracle
from devtools.browser import Page
from rangemap.errors import CoordinateError
from rangemap.units import parse_lat_lon

WGS84 = Geodesic.WGS84
ACTIVE = "() => document.activeElement"


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    path = tmp_path_factory.mktemp("keys") / "seed.html"
    rm.seed_map().save(str(path))
    return path


def focused(p) -> dict:
    """What has focus: tag, class, value, text, aria-label, and whether it is the map or in the panel."""
    return p.evaluate("""() => { const a = document.activeElement;
        return {tag: a.tagName, cls: a.getAttribute('class') || '', value: a.value === undefined ? null : a.value,
                text: (a.textContent || '').trim().slice(0, 60), label: a.getAttribute('aria-label') || '',
                map: a.classList.contains('leaflet-container'), panel: !!a.closest('.rangemap-app'),
                legend: !!a.closest('.rangemap-legend')}; }""")


def tab_to(p, test, limit=80, back=False) -> int:
    """Press Tab (or Shift+Tab) until `test(focused)` holds; the number of presses."""
    for n in range(1, limit + 1):
        p.keyboard.press("Shift+Tab" if back else "Tab")
        if test(focused(p)):
            return n
    raise AssertionError(f"not reached in {limit} Tabs; last focus {focused(p)}")


def has_class(name):
    return lambda f: name in f["cls"].split()


def sites(p) -> dict:
    return {s["id"]: s for s in p.evaluate("() => rangemap.sites()")}


def site_systems(p, site_id):
    return p.evaluate("id => rangemap.app.site(id).systems.slice()", site_id)


def ring_on_boundary(p, site_id, system_id):
    """Every drawn vertex of a site's nominal ring lies on the true boundary (GeographicLib) within 1 mm."""
    s = sites(p)[site_id]
    sys = p.evaluate("id => { const s = rangemap.app.systems[id]; return [s.range_m, s.min_range_m]; }", system_id)
    points = p.evaluate("""([site, system]) => rangemap.app.site(site).shapes[system].layers[0].getLatLngs()
        .flat(2).map(q => [q.lat, q.lng])""", [site_id, system_id])
    assert len(points) > 50
    for plat, plon in points[:: max(1, len(points) // 60)]:
        assert oracle.boundary_error(s["lat"], s["lon"], sys[0], sys[1], plat, plon) < 1e-3


def test_map_shapes_are_no_tab_stops(browser, seed_html):
    page = Page(browser, seed_html, viewport=(1280, 860))
    p = page.page
    n = tab_to(p, lambda f: f["tag"] in ("A", "BUTTON", "INPUT", "SELECT"), limit=10)
    assert n <= 10
    stops = p.evaluate("""() => { const out = {paths: 0, sites: 0};
        document.querySelectorAll('.leaflet-pane path').forEach(e => {
          if (e.tabIndex >= 0 && e.getAttribute('tabindex') !== null && e.getAttribute('tabindex') !== '-1') {
            if (e.classList.contains('rangemap-site')) out.sites += 1; else out.paths += 1; } });
        out.cities = document.querySelectorAll('path.rangemap-city').length;
        out.cityStops = [...document.querySelectorAll('path.rangemap-city')].filter(e => e.tabIndex >= 0).length;
        return out; }""")
    assert stops["paths"] == 0
    assert stops["sites"] == len(sites(p)) == 5  # one stop per launch point, not one per system drawn from it
    assert stops["cities"] > 1000 and stops["cityStops"] == 0  # one tooltip for the layer: no dot is focusable

    tab_to(p, has_class("leaflet-control-layers-toggle"))  # hide a system: each site keeps one Tab stop
    p.keyboard.press("Enter")
    tab_to(p, lambda f: f["tag"] == "INPUT" and p.evaluate(
        "() => document.activeElement.parentNode.textContent.includes('Hwasong-11')"))
    p.keyboard.press("Space")
    p.keyboard.press("Escape")
    assert not p.evaluate("() => rangemap.app.map.hasLayer(rangemap.app.systems['hwasong-11'].group)")
    site_stops = p.evaluate("() => Array.from(document.querySelectorAll('path.rangemap-site[tabindex=\"0\"]'))"
                            ".map(e => e.getAttribute('aria-label').split(' at ')[0])")
    assert sorted(site_stops) == sorted("Launch point " + s["name"] for s in sites(p).values())
    assert page.errors == []


def test_static_map_shapes_are_no_tab_stops_either(browser, tmp_path):
    path = tmp_path / "static.html"
    rm.seed_map(interactive=False).save(str(path))
    page = Page(browser, path)
    assert tab_to(page.page, lambda f: f["tag"] in ("A", "BUTTON"), limit=10) <= 10
    assert page.errors == []


def test_arrow_keys_move_the_chosen_launch_point_along_the_geodesic(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    tab_to(p, lambda f: f["tag"] == "path" and f["label"].startswith("Launch point Kursk"))
    assert "10 km a step" in focused(p)["label"] and "Shift 100 km" in focused(p)["label"]
    before = sites(p)
    p.keyboard.press("ArrowRight")
    after = sites(p)
    east = WGS84.Direct(before["kursk"]["lat"], before["kursk"]["lon"], 90, 10_000)
    assert after["kursk"]["lat"] == pytest.approx(east["lat2"], abs=1e-9)
    assert after["kursk"]["lon"] == pytest.approx(east["lon2"], abs=1e-9)
    inv = WGS84.Inverse(before["kursk"]["lat"], before["kursk"]["lon"], after["kursk"]["lat"], after["kursk"]["lon"])
    assert inv["s12"] == pytest.approx(10_000, abs=1e-6) and inv["azi1"] == pytest.approx(90, abs=1e-9)
    assert {k: v for k, v in after.items() if k != "kursk"} == {k: v for k, v in before.items() if k != "kursk"}
    assert p.evaluate("() => rangemap.app.active") == "kursk"
    assert "moved 10 km east" in p.inner_text(".rangemap-app .site-info")
    status = p.evaluate("() => document.querySelector('.rangemap-app .key-status[role=status]').textContent")
    assert status.startswith("Kursk moved 10 km east to 51.") and "million people in reach" in status
    for system in ("hwasong-11", "pukguksong-2"):  # the rings were redrawn round the new point
        ring_on_boundary(p, "kursk", system)
    assert focused(p)["tag"] == "path"  # focus stays on the marker

    p.keyboard.press("Shift+ArrowUp")  # Shift: 100 km north
    north = WGS84.Direct(after["kursk"]["lat"], after["kursk"]["lon"], 0, 100_000)
    moved = sites(p)["kursk"]
    assert (moved["lat"], moved["lon"]) == pytest.approx((north["lat2"], north["lon2"]), abs=1e-9)

    for _ in range(3):  # held down: key repeats, quick rings while it moves, exact ones when it comes up
        p.keyboard.down("ArrowDown")
    p.keyboard.up("ArrowDown")
    end = sites(p)["kursk"]
    south = north
    for _ in range(3):
        south = WGS84.Direct(south["lat2"], south["lon2"], 180, 10_000)
    assert (end["lat"], end["lon"]) == pytest.approx((south["lat2"], south["lon2"]), abs=1e-9)
    drawn = [f for f in p.evaluate("() => rangemap.drawn()")["features"] if f["properties"]["site"] == "kursk"]
    assert {f["properties"]["tolerance_m"] for f in drawn} == {50.0}
    ring_on_boundary(p, "kursk", "hwasong-11")
    assert "kursk|" + f"{end['lat']:.6f}".rstrip("0") in p.evaluate("() => decodeURIComponent(location.hash)")
    assert page.errors == []


def test_arrow_keys_across_the_antimeridian(browser, tmp_path):
    path = tmp_path / "anadyr.html"
    rm.reach_map(["pukguksong-2"], ["anadyr"], location=(64.7, 178.0), zoom_start=4).save(str(path))
    page = Page(browser, path)
    p = page.page
    tab_to(p, lambda f: f["tag"] == "path" and "Anadyr" in f["label"])
    start = sites(p)["anadyr"]
    for _ in range(3):
        p.keyboard.press("Shift+ArrowRight")
    point = {"lat2": start["lat"], "lon2": start["lon"]}
    for _ in range(3):
        point = WGS84.Direct(point["lat2"], point["lon2"], 90, 100_000)
    end = sites(p)["anadyr"]
    assert -178 < end["lon"] < -170  # east of ±180°, stored wrapped
    assert (end["lat"], end["lon"]) == pytest.approx((point["lat2"], point["lon2"]), abs=1e-9)
    marker = p.evaluate("() => { const s = rangemap.app.site('anadyr'); return s.lon + s.shift; }")
    assert marker == pytest.approx(end["lon"] + 360, abs=1e-9)  # drawn beside where it was, not a world away
    west, east = p.evaluate("() => { const b = rangemap.app.site('anadyr').shapes['pukguksong-2'].layers[0]"
                            ".getBounds(); return [b.getWest(), b.getEast()]; }")
    assert 120 < west < 180 < east < 260
    ring_on_boundary(p, "anadyr", "pukguksong-2")
    assert page.errors == []


def test_typed_coordinates_move_it_as_the_command_line_reads_them(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    chosen = p.evaluate("() => rangemap.app.active")
    tab_to(p, has_class("move-to"))
    p.keyboard.type("50°36′N 36°35′E")
    p.keyboard.press("Enter")
    s = sites(p)[chosen]
    assert (s["lat"], s["lon"]) == pytest.approx(parse_lat_lon("50°36′N 36°35′E"), abs=1e-12)
    ring_on_boundary(p, chosen, site_systems(p, chosen)[0])
    assert focused(p)["cls"] == "move-to" and focused(p)["value"] == ""
    p.keyboard.type("91N 30E")
    p.keyboard.press("Enter")
    assert (sites(p)[chosen]["lat"], sites(p)[chosen]["lon"]) == (s["lat"], s["lon"])
    assert "outside -90..90" in p.inner_text(".rangemap-app .notices")
    assert page.errors == []


POINTS = ["50°36′N 36°35′E", "50°36'N, 36°35'E", "50.6N, 36.6E", "50.6 N 36.6 E", "36.6E 50.6N", "N50 36 E36 35",
          "50°36′30″N 36°35′0″E", "50º36’N 36º35’E", "33°52′S 151°12′E", "-33.86, 151.21", "50.5955,36.5873",
          " 64.73N , 177.5E ", "50°61′N 36°35′E", "50N 36N", "-50S, 30E", "91N 30E", "50.6 36.6", "٥٠,٣٠", "5_0,30",
          "0x10,30", "50.5°36′N 30E", "N50N, 30E", "", "50,45, 30,52", "1e1,2", "50 36,30", "W 30, N 50",
          "1" * 150 + ",3"]


def test_js_coordinates_agree_with_python(browser, seed_html):
    p = Page(browser, seed_html).page
    got = p.evaluate("""texts => texts.map(t => { try { return rangemap.parseLatLon(t); }
                                                   catch (e) { return e.message; } })""", POINTS)
    for text, js in zip(POINTS, got):
        try:
            python = parse_lat_lon(text)
        except CoordinateError:
            assert isinstance(js, str), (text, js)
        else:
            assert js == pytest.approx(list(python), abs=1e-12), text


def test_add_a_site_and_a_system_by_keyboard(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    n = len(sites(p))
    tab_to(p, has_class("place"))
    p.keyboard.type("Kharkiv")
    p.keyboard.press("Enter")
    new = list(sites(p).values())[-1]
    assert new["name"] == "Kharkiv" and len(sites(p)) == n + 1
    p.keyboard.type("49°59′N 36°14′E")  # coordinates in the forms --at reads
    p.keyboard.press("Enter")
    new = list(sites(p).values())[-1]
    assert (new["lat"], new["lon"]) == pytest.approx(parse_lat_lon("49°59′N 36°14′E"), abs=1e-12)
    n += 1

    tab_to(p, has_class("add-click"), back=True)  # "Click map" by keys: the map takes focus, a cross at its centre
    p.keyboard.press("Enter")
    assert focused(p)["map"]
    assert p.evaluate("() => rangemap.app.map.getContainer().classList.contains('rangemap-crossed')")
    p.keyboard.press("ArrowLeft")  # the map pans; the cross stays at the centre
    p.wait_for_function("() => !rangemap.app.map._panAnim || !rangemap.app.map._panAnim._inProgress")
    centre = p.evaluate("() => { const c = rangemap.app.map.getCenter(); return [c.lat, c.lng]; }")
    p.keyboard.press("Enter")
    added = list(sites(p).values())[-1]
    assert len(sites(p)) == n + 2 and (added["lat"], added["lon"]) == pytest.approx(centre, abs=1e-9)
    assert not p.evaluate("() => rangemap.app.adding")

    chosen = p.evaluate("() => rangemap.app.active")
    had = site_systems(p, chosen)
    tab_to(p, has_class("add-system"))
    p.keyboard.press("ArrowDown")  # a closed list's choice moves: nothing is added yet
    p.keyboard.press("ArrowDown")
    pick = focused(p)["value"]
    assert pick and pick not in had and site_systems(p, chosen) == had
    p.keyboard.press("Enter")
    assert site_systems(p, chosen) == had + [pick]
    assert focused(p)["cls"] == "add-system"  # the list was rebuilt under focus; focus stayed on it
    p.keyboard.press("ArrowDown")
    second = focused(p)["value"]
    p.keyboard.press("Tab")  # its Add button
    assert focused(p)["text"] == "Add"
    p.keyboard.press("Space")
    assert site_systems(p, chosen) == had + [pick, second]
    ring_on_boundary(p, chosen, second)

    tab_to(p, has_class("custom-range"))
    p.keyboard.type("430 mi")
    p.keyboard.press("Tab")
    p.keyboard.type("50 nmi")
    p.keyboard.press("Enter")  # Enter in any of its fields submits
    custom = p.evaluate("() => { const s = rangemap.app.systems['custom-1']; return [s.range_m, s.min_range_m]; }")
    assert custom == pytest.approx([430 * 1609.344, 50 * 1852])
    assert "custom-1" in site_systems(p, chosen)
    ring_on_boundary(p, chosen, "custom-1")
    assert page.errors == []


def readout_km(p) -> float:
    text = p.inner_text(".rangemap-measure")
    return float(re.search(r"From [^:]+: ([\d,.]+) km", text).group(1).replace(",", ""))


def test_measure_to_a_typed_place_and_to_a_pinned_point(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    site = sites(p)[p.evaluate("() => rangemap.app.active")]
    tab_to(p, has_class("measure-to"))
    p.keyboard.type("Kyiv")
    p.keyboard.press("Enter")
    kyiv = p.evaluate("() => { const t = rangemap.app.findTarget('Kyiv'); return [t.lat, t.lon]; }")
    cities = rm.catalog.cities() if hasattr(rm, "catalog") else None
    if cities is not None:
        row = cities[cities["name"] == "Kyiv"].sort_values("population").iloc[-1]
        assert kyiv == pytest.approx([row["lat"], row["lon"]], abs=1e-4)
    expect = WGS84.Inverse(site["lat"], site["lon"], *kyiv)["s12"] / 1000
    assert p.evaluate("() => rangemap.app.measuring") and readout_km(p) == pytest.approx(expect, abs=0.05)
    assert "Pinned at Kyiv" in p.inner_text(".rangemap-measure")
    p.keyboard.type("50°27′N 30°31′E")
    p.keyboard.press("Enter")
    expect = WGS84.Inverse(site["lat"], site["lon"], 50.45, 30 + 31 / 60)["s12"] / 1000
    assert readout_km(p) == pytest.approx(expect, abs=0.05)
    p.keyboard.type("Atlantisz")
    p.keyboard.press("Enter")
    assert "no city, site or lat,lon 'Atlantisz'" in p.inner_text(".rangemap-app .notices")

    # the focused map: a cross at the centre reads like the pointer; Enter pins it, Escape unpins, then stops
    tab_to(p, lambda f: f["map"], back=True)
    p.keyboard.press("Escape")  # unpin: the reading follows the cross
    centre = p.evaluate("() => { const c = rangemap.app.map.getCenter(); return [c.lat, c.lng]; }")
    expect = WGS84.Inverse(site["lat"], site["lon"], *centre)["s12"] / 1000
    assert readout_km(p) == pytest.approx(expect, abs=0.05)
    p.keyboard.press("ArrowDown")
    p.wait_for_function("([lat]) => rangemap.app.map.getCenter().lat < lat - 0.01", arg=[centre[0]])
    p.wait_for_timeout(400)  # the pan's animation ends
    p.keyboard.press("Enter")
    pinned = p.evaluate("() => [rangemap.app.pinned.lat, rangemap.app.pinned.lng]")
    centre = p.evaluate("() => { const c = rangemap.app.map.getCenter(); return [c.lat, c.lng]; }")
    assert pinned == pytest.approx(centre, abs=1e-9)
    p.keyboard.press("Escape")
    p.keyboard.press("Escape")
    assert not p.evaluate("() => rangemap.app.measuring")
    assert page.errors == []


def test_measure_pinned_by_click_or_tap_keeps_its_reading(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    p.click(".rangemap-app .measure")
    box = p.evaluate("() => { const r = rangemap.app.map.getContainer().getBoundingClientRect(); return [r.left, r.top]; }")
    p.mouse.move(box[0] + 300, box[1] + 500)
    hover = p.inner_text(".rangemap-measure")
    panel = p.evaluate("() => { const r = rangemap.app.ui.root.getBoundingClientRect(); "
                       "return [r.left, r.top, r.right, r.bottom]; }")
    p.mouse.move(panel[0] + 40, panel[1] + 60, steps=1)  # straight onto the panel: the reading is not taken over
    p.mouse.move(panel[0] + 60, panel[3] - 20, steps=5)  # moving inside the panel changes nothing
    assert p.inner_text(".rangemap-measure") == hover
    p.mouse.click(box[0] + 350, box[1] + 450)
    pinned = p.inner_text(".rangemap-measure")
    assert "Pinned" in pinned
    p.mouse.move(box[0] + 200, box[1] + 300, steps=8)  # across the map, then onto the panel
    p.mouse.move(panel[0] + 40, panel[1] + 100, steps=8)
    assert p.inner_text(".rangemap-measure") == pinned
    assert page.errors == []

    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone = context.new_page()
    phone.goto(seed_html.resolve().as_uri())
    phone.wait_for_function("() => window.rangemap && rangemap.app && rangemap.app.drawnAtStart")
    phone.evaluate("() => rangemap.app.setMeasuring(true)")
    phone.touchscreen.tap(120, 620)
    assert phone.evaluate("() => !!rangemap.app.pinned")
    text = phone.inner_text(".rangemap-measure")
    assert "Pinned" in text and "km" in text
    context.close()


def test_a_host_hears_of_each_pin_and_can_pin(browser, seed_html):
    """The page's pinned point for a host (the notebook widget): rangemap.pinned(), rangemap.pin(), onChange."""
    page = Page(browser, seed_html)
    p = page.page
    p.evaluate("() => { window.heard = []; rangemap.onChange(() => heard.push(rangemap.pinned())); }")
    assert p.evaluate("() => rangemap.pinned()") is None
    p.click(".rangemap-app .measure")
    box = p.evaluate("() => { const r = rangemap.app.map.getContainer().getBoundingClientRect(); return [r.left, r.top]; }")
    p.mouse.click(box[0] + 350, box[1] + 450)
    clicked = p.evaluate("() => rangemap.pinned()")
    active = p.evaluate("() => rangemap.app.active")
    assert clicked["site"] == active and abs(clicked["lat"]) <= 90 and -180 <= clicked["lon"] < 180
    assert p.evaluate("() => heard.length") == 1 and p.evaluate("() => heard[0]") == clicked
    p.evaluate("() => rangemap.pin(50.45, 390.52)")  # a world copy east: read back within -180..180
    got = p.evaluate("() => rangemap.pinned()")
    assert (got["lat"], got["lon"]) == (50.45, pytest.approx(30.52)) and "Pinned" in p.inner_text(".rangemap-measure")
    for bad, words in [("NaN, 0", "latitude must be within"), ("91, 0", "latitude must be within"),
                       ("1, 2, '<b>x'", "no launch point")]:
        error = p.evaluate(f"() => {{ try {{ rangemap.pin({bad}); return ''; }} catch (e) {{ return e.message; }} }}")
        assert words in error
    assert p.evaluate("() => rangemap.pinned().lat") == 50.45  # a refused pin changes nothing
    p.evaluate("() => rangemap.pin(null)")
    assert p.evaluate("() => rangemap.pinned()") is None and p.evaluate("() => heard[heard.length - 1]") is None
    p.keyboard.press("Escape")
    assert page.errors == []


def test_focus_stays_put_when_lists_are_rebuilt(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    chosen = p.evaluate("() => rangemap.app.active")
    tab_to(p, lambda f: f["tag"] == "INPUT" and f["panel"] and f["value"] == "pukguksong-2")
    p.keyboard.press("Space")  # unticked: the list is rebuilt without it
    assert "pukguksong-2" not in site_systems(p, chosen)
    f = focused(p)
    assert f["tag"] != "BODY" and f["panel"]
    assert p.evaluate("() => !!document.activeElement.closest('.systems')")
    tab_to(p, has_class("site-select"), back=True)
    p.keyboard.press("ArrowDown")  # another launch point chosen: the systems list is rebuilt, focus stays
    assert focused(p)["cls"] == "site-select"
    assert p.evaluate("() => rangemap.app.active") != chosen
    assert page.errors == []


def test_escape_closes_what_opened(browser, seed_html):
    page = Page(browser, seed_html)
    p = page.page
    tab_to(p, has_class("leaflet-control-layers-toggle"))
    p.keyboard.press("Enter")
    expanded = "() => document.querySelector('.leaflet-control-layers-expanded') !== null"
    assert p.evaluate(expanded)
    assert focused(p)["tag"] == "INPUT"  # onto its first choice, not lost with the hidden toggle
    p.keyboard.press("Escape")
    assert not p.evaluate(expanded) and has_class("leaflet-control-layers-toggle")(focused(p))
    p.keyboard.press("Space")  # Space opens it too; Tab out of it closes it
    assert p.evaluate(expanded)
    tab_to(p, lambda f: f["panel"])
    assert not p.evaluate(expanded)

    tab_to(p, has_class("add-click"))
    p.keyboard.press("Enter")
    assert p.evaluate("() => rangemap.app.adding")
    p.keyboard.press("Escape")
    assert not p.evaluate("() => rangemap.app.adding") and has_class("add-click")(focused(p))

    tab_to(p, has_class("measure"))
    p.keyboard.press("Enter")
    assert p.evaluate("() => rangemap.app.measuring")
    p.keyboard.press("Escape")
    assert not p.evaluate("() => rangemap.app.measuring") and has_class("measure")(focused(p))

    tab_to(p, lambda f: f["tag"] == "SUMMARY" and f["legend"])  # past the panel's own folded notes
    p.keyboard.press("Enter")
    assert p.evaluate("() => document.querySelector('.rangemap-legend details').open")
    p.keyboard.press("Shift+Tab")  # the legend's toggle: Escape anywhere in the legend closes its notes
    p.keyboard.press("Escape")
    assert not p.evaluate("() => document.querySelector('.rangemap-legend details').open")
    assert focused(p)["tag"] == "SUMMARY" and focused(p)["legend"]
    assert page.errors == []


def test_focus_is_visible_everywhere(browser, seed_html, tmp_path):
    page = Page(browser, seed_html, viewport=(1280, 860))
    p = page.page
    seen = []
    for _ in range(120):
        p.keyboard.press("Tab")
        f = p.evaluate("""() => { const a = document.activeElement, s = getComputedStyle(a);
            return {tag: a.tagName, cls: a.getAttribute('class') || '', outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), stroke: parseFloat(s.strokeWidth),
                    visible: a.matches(':focus-visible')}; }""")
        if f["tag"] == "BODY" or (seen and f["cls"] == seen[0]["cls"] and f["tag"] == "DIV"):
            break
        seen.append(f)
    assert len(seen) > 30
    for f in seen:
        assert f["visible"], f
        if f["tag"] == "path":
            assert f["stroke"] >= 5, f
        else:
            assert f["outline"] not in ("none", "") and f["width"] >= 2, f
    tab_to(p, lambda f: f["tag"] == "path")
    p.screenshot(path=str(tmp_path / "focused-marker.png"))
