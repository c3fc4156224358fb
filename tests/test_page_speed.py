"""A fast page (issue 20, item 6): its bulky data packed (render/packing.py) and decoded in Chromium
(web/unpack.js) to the source coordinates within the quantisation step; its startup work queued in short
tasks (web/tasks.js); its size. Speed itself is measured by ``python -m benchmarks.page``, not here."""

import gzip
import json

import numpy as np
import pytest
import shapely

import rangemap as rm
from devtools.browser import Page, script_page
from rangemap import catalog
from rangemap.geodesy.display import joined_across_antimeridian
from rangemap.render import packing
from rangemap.render.elements import WEB
from rangemap.render.interactive import CITY_DIGITS, COUNTED_DIGITS

#: The seed page, gzipped as a web server sends it (level 6), at most: issue 20's 400 KB. 384,491 bytes on
#: 2026-12-07, its integers written a digit column at a time, its small places to 1e-3°, shared borders once.
SEED_PAGE_MAX_GZ = 400_000
STATE_JS = "() => Object.values(window).find(v => v instanceof L.Map).rangemapState"


def decode_ints(text: str) -> list[int]:
    """An independent reading of :func:`packing.ints`: a digit count, then columns of base-87 digits (printable
    ASCII from "#" less \\ < > & {), highest first; zigzag."""
    if not text:
        return []
    digits = [c for c in map(chr, range(35, 127)) if c not in '\\<>&{']
    width = digits.index(text[0])
    n = (len(text) - 1) // width
    assert len(text) == 1 + n * width
    out = []
    for i in range(n):
        z = 0
        for k in range(width):
            z = z * 87 + digits.index(text[1 + k * n + i])
        out.append(-(z + 1) // 2 if z & 1 else z // 2)
    return out


def rings_of(geometry: dict) -> list[list]:
    """A Polygon's or MultiPolygon's rings, polygon by polygon, each as its points (closed: last = first)."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[tuple(p) for p in ring] for polygon in polygons for ring in polygon]


def same_ring(a: list, b: list) -> bool:
    """Whether closed rings ``a`` and ``b`` are one ring (same points in the same order), whatever its start."""
    if a[0] != a[-1] or b[0] != b[-1] or len(a) != len(b):
        return False
    a, b = a[:-1], b[:-1]
    return any(a[i:] + a[:i] == b for i, p in enumerate(a) if p == b[0])


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    path = tmp_path_factory.mktemp("speed") / "seed.html"
    rm.seed_map().save(str(path))
    return path


def test_integers_come_back_exactly_in_python_and_in_the_page(browser):
    rng = np.random.default_rng(20)
    values = [0, 1, -1, 15, 16, -16, -17, 2**31, -(2**31), 2**52, -(2**52)] + rng.integers(-10**9, 10**9, 500).tolist()
    text = packing.ints(values)
    assert decode_ints(text) == values
    assert set(text) <= set(map(chr, range(35, 127))) - set('\\<>&{')  # nothing JSON or the page escapes
    page = script_page(browser, WEB / "unpack.js")
    assert page.evaluate("t => rangemapPacked.ints(t)", text) == values
    assert page.evaluate("t => rangemapPacked.ints(t)", "") == []
    assert page.evaluate("t => rangemapPacked.ints(t)", packing.ints([2**53 // 2, 7])) == [2**53 // 2, 7]
    page.close()
    with pytest.raises(ValueError, match="too large"):
        packing.ints([2**53])  # JS could not hold it exactly


def test_geometries_come_back_exactly_or_stay_as_they_are(browser):
    shapes = [rm.reach_polygon(50.0, 36.0, 1_931_200.0), rm.reach_polygon(70.0, 10.0, 3_000_000.0),
              rm.reach_polygon(64.7, 177.5, 1_931_200.0), rm.reach_polygon(50.0, 36.0, 900_000.0, min_range_m=300_000.0),
              shapely.Point(30.5, 50.45), shapely.LineString([(0, 0), (1.5, 2.25)])]
    page = script_page(browser, WEB / "unpack.js")
    for shape in shapes:
        geom = json.loads(shapely.to_geojson(shapely.transform(shape, lambda xy: np.round(xy, 5))))
        packed = packing.geometry(geom, packing.SHAPE_DIGITS)
        assert "coordinates" not in packed
        assert page.evaluate("g => rangemapPacked.geometry(g)", packed) == geom
    off_grid = {"type": "Point", "coordinates": [30.123456, 50.0]}
    assert packing.geometry(off_grid, 5) is off_grid  # not on the grid: left as it is
    collection = {"type": "GeometryCollection", "geometries": []}
    assert packing.geometry(collection, 5) is collection
    page.close()


def test_borders_shared_by_two_countries_travel_once_and_come_back_as_each_country_ring(browser):
    def feature(name, kind, coordinates):
        return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": kind, "coordinates": coordinates}}

    outer = [[0, 0], [1, 0], [2, 0], [2, 1], [2, 2], [1, 2], [0, 2], [0, 0]]
    hole = [[0.5, 0.5], [0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5]]  # an enclave: its country's ring, backwards
    features = [
        feature("with an enclave", "Polygon", [outer, hole]),
        feature("the enclave", "Polygon", [hole[::-1]]),
        feature("east, two parts", "MultiPolygon", [[[[2, 0], [4, 0], [4, 2], [2, 2], [2, 1], [2, 0]]],
                                                     [[[5, 5], [6, 5], [6, 6], [5, 5]]]]),
        feature("north, a tri-point at (2, 2)", "Polygon", [[[0, 2], [1, 2], [2, 2], [4, 2], [4, 3], [0, 3], [0, 2]]]),
    ]
    packed = packing.borders(features, 2)
    assert "arcs" in packed and all("coordinates" not in f["geometry"] for f in packed["features"])
    refs = [packing.read_ints(f["geometry"]["arcs"]) for f in packed["features"]]
    # by hand: the junctions are (0, 2), (2, 0), (2, 2) and (4, 2); the lines between them, the enclave and the
    # island are 8 arcs of 28 points (the rings hold 35); the enclave is the first country's hole, backwards
    assert len(packing.read_ints(packed["arcs"]["counts"])) == 8
    assert len(packing.read_ints(packed["arcs"]["steps"])) == 2 * 28
    assert len(refs[1]) == 1 and ~refs[1][0] in refs[0]
    assert {~r for r in refs[3]} & set(refs[0]) and {~r for r in refs[3]} & set(refs[2])  # north meets both
    page = script_page(browser, WEB / "unpack.js")
    got = page.evaluate("b => rangemapPacked.unpack({borders: b, systems: [], envelopes: [], launchAreas: [], "
                        "cities: []}).borders", packed)
    assert set(got) == {"type", "features"} and len(got["features"]) == len(features)
    for a, b in zip(got["features"], features):
        assert a["properties"] == b["properties"] and a["geometry"]["type"] == b["geometry"]["type"]
        ra, rb = rings_of(a["geometry"]), [[tuple(map(float, p)) for p in r] for r in rings_of(b["geometry"])]
        assert len(ra) == len(rb) and all(same_ring(x, y) for x, y in zip(ra, rb)), b["properties"]["name"]
    # off the grid (or not a polygon): every feature packed on its own, as before, and decoded exactly
    off = features + [feature("off the grid", "Polygon", [[[0, 0], [1.234, 0], [0, 1], [0, 0]]])]
    alone = packing.borders(off, 2)
    assert "arcs" not in alone and "coordinates" in alone["features"][-1]["geometry"]
    back = page.evaluate("b => rangemapPacked.unpack({borders: b, systems: [], envelopes: [], launchAreas: [], "
                         "cities: []}).borders", alone)
    assert [f["geometry"] for f in back["features"]] == [f["geometry"] for f in off]
    page.close()


def test_the_page_decodes_borders_and_cities_to_their_source(browser, seed_html):
    m = rm.seed_map()
    page = Page(browser, seed_html)
    state = page.page.evaluate(STATE_JS)
    assert page.errors == []
    # borders: each ring the source's, its coordinates rounded to BORDER_DIGITS, polygons and rings in their
    # order; a ring may start at another of its points (at a junction)
    sources = catalog.boundaries()
    assert len(state["borders"]["features"]) == len(sources)
    for feature, name, geom in zip(state["borders"]["features"], sources["name"], sources.geometry):
        assert feature["properties"] == {"name": str(name), "rangemap": "border"}
        src = shapely.get_coordinates(joined_across_antimeridian(geom))
        got = shapely.get_coordinates(shapely.from_geojson(json.dumps(feature["geometry"])))
        assert got.shape == src.shape
        expected = json.loads(shapely.to_geojson(shapely.transform(joined_across_antimeridian(geom),
                                                                   lambda xy: np.round(xy, packing.BORDER_DIGITS))))
        assert feature["geometry"]["type"] == expected["type"]
        got_rings, expected_rings = rings_of(feature["geometry"]), rings_of(expected)
        assert len(got_rings) == len(expected_rings)
        assert all(same_ring(a, b) for a, b in zip(got_rings, expected_rings)), name
    # the app's cities: every place a source place, its coordinates within half a step: 1e-4° for the places
    # drawn (named), 1e-3° for the places only counted
    c = state["app"]["cities"]
    scale, named = 10**CITY_DIGITS, len(c["name"])
    lat, lon = np.cumsum(c["latSteps"]), np.asarray(c["lon"])
    source = catalog.cities()
    for rows, digits in ((slice(0, named), CITY_DIGITS), (slice(named, None), COUNTED_DIGITS)):
        unit = 10 ** (CITY_DIGITS - digits)
        keys = {(round(round(a, digits) * 10**digits) * unit, round(round(b, digits) * 10**digits) * unit, int(p))
                for a, b, p in zip(source["lat"], source["lon"], source["population"])}
        assert all((int(a), int(b), int(p)) in keys for a, b, p in zip(lat[rows], lon[rows], c["pop"][rows]))
    assert not (lat[named:] % 10).any() and (lat[:named] % 10).any()
    assert len(lat) == len(c["pop"]) > 20_000 and len(c["name"]) > 5_000 and len(c["region"]) == named
    # the first cities layer travels empty: the app draws the places of its table that Python found in
    # reach (rm.targets_in_reach on the same sites), each where Python drew it, none more and none fewer
    assert state["cities"][0] == {"name": "Cities in reach", "points": [], "byApp": True}
    drawn = {(name, country, int(p)): (a / scale, b / scale)
             for name, country, a, b, p in zip(c["name"], c["country"], lat, lon, c["pop"])}
    expected_dots = []
    for point in m._cities[0]["points"]:
        name, rest = point[4][0].rsplit(" (", 1)
        key = (name, rest.split(")")[0], int(rest.split("pop. ")[1].replace(",", "")))
        if key in drawn:
            assert drawn[key] == (point[0], point[1]), key
            expected_dots.append((point[0], point[1]))
    assert len(expected_dots) > 2000
    dots = page.page.evaluate("""() => rangemap.app.cities.layer.getLayers()
        .filter(l => l instanceof L.CircleMarker).map(l => [l.getLatLng().lat, l.getLatLng().lng])""")
    assert sorted(map(tuple, dots)) == sorted(expected_dots)
    assert page.page.evaluate("() => document.querySelectorAll('.rangemap-city').length") == len(expected_dots)
    # ... and everything else exactly the state Python wrote (the cities layers, rings, app)
    expected = json.loads(json.dumps(m.page_state()))
    for key in ("cities", "systems", "legend", "view", "styles"):
        assert state[key] == expected[key], key
    assert state["app"] == json.loads(json.dumps(expected["app"]))


def test_tasks_run_soon_before_later_and_report_when_idle(browser):
    page = script_page(browser, WEB / "tasks.js")
    order = page.evaluate("""() => new Promise(done => {
        const T = window.rangemapTasks, seen = [];
        T.later(() => seen.push('later 1'));
        T.soon(() => { seen.push('soon 1'); T.soon(() => seen.push('soon 2')); });
        T.later(() => { throw new Error('a task of its own fails alone'); });
        T.later(() => seen.push('later 2'));
        const busy = T.busy();
        T.whenIdle(() => done([busy, T.busy(), seen]));
    })""")
    assert order == [True, False, ["soon 1", "soon 2", "later 1", "later 2"]]
    page.close()


def test_the_seed_page_is_small_and_names_no_missing_source_map(seed_html):
    raw = seed_html.read_bytes()
    assert b"sourceMappingURL" not in raw
    assert len(gzip.compress(raw, 6)) <= SEED_PAGE_MAX_GZ
    state = raw.split(b'<script type="application/json" id="rangemap-state-', 1)[1].split(b"</script>", 1)[0]
    assert b'"coordinates"' not in state and b"<" not in state  # every shape packed; JSON text, never markup


def test_each_spreads_a_long_loop_over_short_tasks_in_order_and_stops_on_false(browser):
    page = script_page(browser, WEB / "tasks.js")
    result = page.evaluate("""() => new Promise(done => {
        const T = window.rangemapTasks, seen = [], tasks = new Set();
        let task = 0; const tick = () => { task += 1; if (T.busy()) setTimeout(tick, 0); }; setTimeout(tick, 0);
        const slow = () => { const t = performance.now(); while (performance.now() - t < 2) {} };
        T.later(() => seen.push('later before'));
        T.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
               (x, k) => { slow(); seen.push(x === k ? x : 'wrong k'); tasks.add(task); }, () => seen.push('done'));
        T.later(() => seen.push('later after'));
        T.each([1, 2, 3], x => { if (x === 2) return false; seen.push('stopping ' + x); }, () => seen.push('never'));
        T.each([], () => seen.push('never'), () => seen.push('empty done'), true);
        T.whenIdle(() => done({seen, tasks: tasks.size}));
    })""")
    assert result["seen"] == ["empty done", "later before", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "done",
                              "later after", "stopping 1"]
    assert result["tasks"] >= 2  # 12 steps of 2 ms do not fit one task's 8 ms
    page.close()


def test_compact_js_keeps_every_line_of_code_and_refuses_what_it_would_misread():
    from rangemap.render.elements import compact_js, page_script

    source = ("/* header\n * more */\n(function () {\n  // a note\n  var a = 1;  // kept: code first\n"
              "  /* one line */ var b = '/* not a comment */';\n\n  return a + b;\n})();\n")
    assert compact_js(source, "x.js").splitlines() == [
        "/* rangemap/web/x.js, its comments left out */", "(function () {", "var a = 1;  // kept: code first",
        "var b = '/* not a comment */';", "return a + b;", "})();"]
    for bad in ("var a = 1; /* opens\n * and closes */\n", "var s = 'a\\\nb';\n"):
        with pytest.raises(ValueError, match="x.js:1"):
            compact_js(bad, "x.js")
    for path in sorted(WEB.glob("*.js")):  # every script the page inlines compacts, and no code line is lost
        code = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.strip().startswith(("//", "/*", "*"))]
        kept = page_script(path.name).splitlines()[1:]
        assert set(code) <= set(kept), path.name


def test_an_interactive_page_carries_no_ring_shapes_and_draws_them_if_its_app_cannot_start(browser, tmp_path):
    from geographiclib.geodesic import Geodesic

    m = rm.reach_map(["hwasong-11", "pukguksong-2"], ["belgorod", "anadyr"])
    state = m.page_state()
    rings = [r for s in state["systems"] for r in s["rings"]]
    assert len(rings) == 4 and all(r["geometry"] is None and len(r["at"]) == 4 for r in rings)
    assert all(s["envelope"] is None for s in state["systems"])
    path = tmp_path / "no-app.html"
    m.save(str(path))
    html = path.read_text(encoding="utf-8")
    start = "R.start = function (cfg, refs) {"
    assert start in html
    path.write_text(html.replace(start, start + " return null;"), encoding="utf-8")  # an app that cannot start
    page = Page(browser, path)
    assert page.errors == [] and page.page.evaluate("() => !window.rangemap.app")
    drawn = page.page.evaluate("""() => { const map = Object.values(window).find(v => v instanceof L.Map), out = [];
        map.eachLayer(l => { const p = l.feature && l.feature.properties;
          if (p && p.rangemap === 'reach' && l.getLatLngs) out.push({site: p.site, system: p.system,
            points: l.getLatLngs().flat(3).map(q => [q.lat, q.lng])}); }); return out; }""")
    assert len(drawn) == 4
    sites = {s.id: s for s in rm.catalog.sites().itertuples()}
    ranges = {r["id"]: r["range_m"] for r in state["app"]["catalog"]}
    for ring in drawn:  # each vertex on the geodesic circle, by an independent geodesic (geographiclib)
        site = sites[ring["site"]]
        d = np.array([Geodesic.WGS84.Inverse(site.lat, site.lon, lat, lon)["s12"] for lat, lon in ring["points"]])
        assert len(d) > 50 and np.abs(d - ranges[ring["system"]]).max() < 5.0, ring["site"]


def test_the_app_draws_one_system_at_a_time_with_the_keyboard_layer_in_place(browser, seed_html):
    """drawAtStart gives each system's rings from each launch point a task of its own, and the places they
    reach another: drawSite(site, tol, only, ringsOnly) must draw just ``only`` (keys.js wraps drawSite and
    passes every argument on), and with ringsOnly leave the count to its caller."""
    page = Page(browser, seed_html)
    got = page.page.evaluate("""() => { const app = rangemap.app, site = app.sites[0], [a, b] = site.systems;
        const count = (s, sid) => s.inside[sid] ? s.inside[sid].reduce((x, y) => x + y, 0) : -1;
        const before = app.sites.map(s => s.systems.map(sid => count(s, sid)));
        site.shapes[b].tol = 'untouched';
        app.drawSite(site, 777, a);
        const one = [site.shapes[a].tol, site.shapes[b].tol, !!site.inside[a]];
        app.drawSite(site, 778, a, true);
        const ringsOnly = [site.shapes[a].tol, a in site.inside];
        return {systems: site.systems.length, before, one, ringsOnly}; }""")
    assert page.errors == []
    assert got["systems"] >= 2 and all(n > 0 for counts in got["before"] for n in counts)  # all counted at start
    assert got["one"] == [777, "untouched", True]
    assert got["ringsOnly"] == [778, False]

