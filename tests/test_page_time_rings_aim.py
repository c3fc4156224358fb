"""The page and Python agree on warning-time rings and aim (issue 21, items 4 and 5), in headless Chromium.

The page computes its rings and impacts in JavaScript (flight.js, time.js); rm.time_rings and rm.aim compute
them in Python. Both are read back here and compared, and the aim page (``rangemap aim -o aim.html``) is
opened offline with hostile names.
"""

import pytest

import rangemap as rm
from devtools import oracle
from devtools.browser import Page
from rangemap.render.aim_map import aim_map

HOSTILE = "<img src=x onerror=window.__pwned=1>"


@pytest.fixture(scope="module")
def timed_page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("rings2") / "timed.html"
    rm.reach_map(["iskander-m", "shahed-136", "hwasong-11"], ["belgorod", "kursk"], cities=True,
                 times=[1, 2, 5, 10]).save(str(path))
    page = Page(browser, path, viewport=(1280, 860))
    yield page
    page.page.close()


def test_page_time_rings_are_rm_time_rings(timed_page):
    page_rings = {(r["system"], r["site"], r["minutes"]): r["range_m"]
                  for r in timed_page.page.evaluate("() => rangemap.timeRings()")}
    python = rm.time_rings(["iskander-m", "shahed-136", "hwasong-11"], ["belgorod", "kursk"], [1, 2, 5, 10])
    ours = {(r.system, r.site, r.minutes): r.range_m for r in python.itertuples()}
    assert set(page_rings) == set(ours) and len(ours) == 14
    for key, range_m in ours.items():
        assert page_rings[key] == pytest.approx(range_m, rel=1e-9), key
    assert timed_page.errors == []


def test_page_aim_rings_probability_and_impacts_are_rm_aim(timed_page):
    p = timed_page.page
    got = p.evaluate("() => rangemap.aim('Kyiv', 'hwasong-11', {shots: 10, radius: 200})")
    lat, lon = got["target"]["lat"], got["target"]["lon"]
    here = rm.aim("Kyiv", "hwasong-11", shots=10, radius_m=200)
    assert oracle.distance(lat, lon, here.lat, here.lon) < 1000.0  # the same Kyiv (the page rounds coordinates)
    ours = rm.aim((lat, lon), "hwasong-11", shots=10, radius_m=200)
    assert got["probability"] == pytest.approx(list(ours.probability), rel=1e-12)
    page_rings = {(r["label"], r["cep_m"]): r["radius_m"] for r in got["rings"]}
    python_rings = {(r.label, r.cep_m): r.radius_m for r in ours.rings}
    assert set(page_rings) == set(python_rings) and len(python_rings) == 6
    for key, radius in python_rings.items():
        assert page_rings[key] == pytest.approx(radius, rel=1e-12), key
    # the same seeded draws (mulberry32), placed by the same direct problem
    assert len(got["impacts"]) == len(ours.impacts) == 100
    for js_hit, hit in zip(got["impacts"], ours.impacts):
        assert js_hit["distance_m"] == pytest.approx(hit.distance_m, rel=1e-12)
        assert js_hit["azimuth_deg"] == pytest.approx(hit.azimuth_deg, rel=1e-12)
        assert (js_hit["lat"], js_hit["lon"]) == pytest.approx((hit.lat, hit.lon), abs=1e-9)
    drawn = p.evaluate("""() => { const out = []; rangemap.app.aimLayer.eachLayer(l => { if (l.feature)
        out.push([l.feature.properties.radius_m, l.getLatLngs().flat(4).map(q => [q.lat, q.lng])]); }); return out; }""")
    for radius, latlngs in drawn:
        for a, b in latlngs[:: max(1, len(latlngs) // 20)]:
            assert oracle.distance(lat, lon, a, b) == pytest.approx(radius, abs=1e-3)
    assert timed_page.errors == []


@pytest.fixture(scope="module")
def aim_page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("rings2") / "aim.html"
    result = rm.aim({"name": HOSTILE, "lat": 50.45, "lon": 30.52}, HOSTILE, cep_m=120, shots=3, radius_m=150)
    aim_map(result).save(str(path))
    page = Page(browser, path, viewport=(390, 844))
    yield page, result
    page.page.close()


def test_aim_page_draws_the_rings_and_impacts_offline_and_names_stay_text(aim_page):
    page, result = aim_page
    p = page.page
    assert page.errors == [] and page.dialogs == [] and page.blocked == []
    shapes = p.evaluate("""() => { const out = {rings: [], dots: 0}; const m = Object.values(window).find(
        v => v instanceof L.Map); m.eachLayer(l => {
          if (l instanceof L.Polygon && ["#7a0000", "#1f5fa8"].includes(l.options.color))  // not the borders
            out.rings.push(l.getLatLngs().flat(4).map(q => [q.lat, q.lng]));
          else if (l instanceof L.CircleMarker) out.dots++; });
        return out; }""")
    assert shapes["dots"] == len(result.impacts) + 1  # and the target
    radii = sorted([r.radius_m for r in result.rings] + [result.radius_m])
    got = []
    for ring in shapes["rings"]:
        d = [oracle.distance(result.lat, result.lon, a, b) for a, b in ring[::9]]
        assert max(d) - min(d) < 1e-3
        got.append(d[0])
    assert sorted(got) == pytest.approx(radii, abs=1e-3)
    box = p.inner_text(".rangemap-aim-box")
    assert HOSTILE in box and "your own figure" in box and "At least one of 3 shots within 150 m" in box
    assert p.evaluate("() => window.__pwned") is None
    assert p.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
