"""The page's flight times, warning-time rings and aim (issue 21, page side).

``times=`` is checked in Python; flight.js runs in headless Chromium against Python's rangemap.flight and
the two-body integration of tests/test_flight.py; rings and impacts drawn in the page are read back and
checked with the pure-Python ``geographiclib`` (devtools/oracle.py), never with the page's own geodesy.
"""

import math
from pathlib import Path

import pandas as pd
import pytest

import rangemap as rm
from devtools import oracle
from devtools.browser import Page, script_page
from devtools.twobody import integrate
from rangemap.catalog.performance import accuracy, flight_model
from rangemap.errors import RangemapWarning
from rangemap.flight import EARTH_RADIUS_M
from rangemap.render.interactive import state_from_hash
from rangemap.render.leaflet import TIMES_MAX, warning_minutes

WEB = Path(__file__).resolve().parent.parent / "rangemap" / "web"

# ---- times= in Python ----------------------------------------------------------------------------

def test_times_are_checked_sorted_and_carried_in_the_page_state():
    m = rm.reach_map(["hwasong-11"], ["belgorod"], times=[10, 1, 2, 5])
    assert m.times == [1.0, 2.0, 5.0, 10.0]
    state = m.page_state()
    assert state["times"] == [1.0, 2.0, 5.0, 10.0]
    assert state["app"]["times"] == [1.0, 2.0, 5.0, 10.0]
    assert rm.ReachMap(times=2.5).times == [2.5]
    plain = rm.reach_map(["hwasong-11"], ["belgorod"])
    assert plain.times is None and plain.page_state()["app"]["times"] is None


@pytest.mark.parametrize("bad, word", [([0], "0"), ([-1], "-1"), ([math.inf], "inf"), ([math.nan], "nan"),
                                       (["soon"], "soon"), ([True], "True"), ([], "at least one"),
                                       (list(range(1, TIMES_MAX + 2)), str(TIMES_MAX + 1))])
def test_bad_times_are_one_line_naming_the_value(bad, word):
    with pytest.raises(rm.RangemapError) as err:
        rm.reach_map(["hwasong-11"], ["belgorod"], times=bad)
    assert word in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(rm.RangemapError):
        rm.ReachMap(times=bad)


def test_times_on_a_static_map_warn_that_no_rings_are_drawn(tmp_path):
    m = rm.reach_map(["hwasong-11"], ["belgorod"], times=[1, 2], interactive=False)
    with pytest.warns(RangemapWarning, match="warning-time rings"):
        m.save(str(tmp_path / "static.html"))


def test_times_take_strings_of_numbers_as_a_cli_would_pass_them():
    assert warning_minutes(["1", "2.5"]) == [1.0, 2.5]
    assert warning_minutes(None) is None


# ---- flight.js against rangemap.flight and the two-body integration ---------------------------------

RANGES_KM = [100, 692, 1931, 5500, 13000]
APOGEES = [(1_000e3, 4_000e3), (950e3, 4_475e3), (692e3, 50e3), (600e3, 40e3), (5_500e3, 300e3)]


@pytest.fixture(scope="module")
def js(browser):
    return script_page(browser, WEB / "flight.js")


def test_flight_js_times_match_python_and_the_integration(js):
    cases = [[r * 1e3, None] for r in RANGES_KM] + [[r, a] for r, a in APOGEES]
    got = js.evaluate("cs => cs.map(([r, a]) => [rangemap.flight.time(r, {apogeeM: a}),"
                      " rangemap.flight.trajectory(r, a)])", cases)
    for (rng, apogee), (seconds, traj) in zip(cases, got):
        py = rm.trajectory(rng, apogee_m=apogee)
        assert seconds == pytest.approx(float(rm.flight_time(rng, apogee_m=apogee)), rel=1e-6)
        assert traj["time_s"] == pytest.approx(py.time_s, rel=1e-6)
        assert traj["apogee_m"] == pytest.approx(py.apogee_m, rel=1e-6)
        assert traj["burnout_speed_ms"] == pytest.approx(py.burnout_speed_ms, rel=1e-6)
        assert traj["launch_angle_deg"] == pytest.approx(py.launch_angle_deg, rel=1e-6)
        t, ground, _ = integrate(traj["burnout_speed_ms"], traj["launch_angle_deg"])  # independent: RK4
        assert abs(t - seconds) < 1.0 and abs(ground - rng) < 10.0, (rng, apogee, t, seconds)


def test_flight_js_cruise_and_inverse(js):
    got = js.evaluate("""() => {
      const F = rangemap.flight;
      return {cruise: F.time(692e3, {model: "cruise", speedKmh: 900}),
              back: F.rangeForTime(F.time(692e3, {model: "cruise", speedKmh: 900}), {model: "cruise", speedKmh: 900}),
              inv: [60, 120, 300, 600, 2000].map(s => F.rangeForTime(s)),
              lofted: F.rangeForTime(3200, {apogeeM: 4475e3}), tooLong: F.rangeForTime(3000),
              tooQuick: F.rangeForTime(60, {apogeeM: 50e3})};
    }""")
    assert got["cruise"] == pytest.approx(float(rm.flight_time(692e3, model="cruise", speed_kmh=900)), rel=1e-12)
    assert got["back"] == pytest.approx(692e3, rel=1e-12)
    for seconds, rng in zip([60, 120, 300, 600, 2000], got["inv"]):
        assert float(rm.flight_time(rng)) == pytest.approx(seconds, rel=1e-9)
        assert rng == pytest.approx(bisect_range(seconds), rel=1e-9)
    assert float(rm.flight_time(got["lofted"], apogee_m=4475e3)) == pytest.approx(3200, rel=1e-9)
    # 3000 s is beyond any minimum-energy flight short of half the circumference (about 42 min); no flight
    # through a 50 km apogee is as quick as a minute (the fall alone takes over three).
    assert got["tooLong"] is None and got["tooQuick"] is None


def bisect_range(seconds, apogee=None):
    """The range whose Python flight time is ``seconds``: bisection on rangemap.flight.flight_time."""
    lo, hi = 1.0, math.pi * EARTH_RADIUS_M * (1 - 1e-12)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if float(rm.flight_time(mid, apogee_m=apogee)) < seconds else (lo, mid)
    return (lo + hi) / 2


@pytest.mark.parametrize("cep, radius, shots", [(100, 100, 1), (100, 250, 3), (2000, 500, 10), (50, 0, 1)])
def test_flight_js_accuracy_matches_python(js, cep, radius, shots):
    got = js.evaluate("([c, r, n]) => [rangemap.flight.hitProbability(c, r, n),"
                      " [0.5, 0.9, 0.99].map(p => rangemap.flight.accuracyRadius(c, p))]", [cep, radius, shots])
    assert got[0] == pytest.approx(float(rm.hit_probability(cep, radius, shots=shots)), rel=1e-12, abs=1e-15)
    for p, r in zip([0.5, 0.9, 0.99], got[1]):
        assert r == pytest.approx(float(rm.accuracy_radius(cep, p)), rel=1e-12)


def test_flight_js_impacts_are_seeded_and_circular_normal(js):
    a, b, c = js.evaluate("() => [rangemap.flight.impacts(100, 4000, 7), rangemap.flight.impacts(100, 4000, 7),"
                          " rangemap.flight.impacts(100, 50, 8)]")
    assert a == b and a[:50] != c
    import numpy as np

    miss = np.array([i["distance_m"] for i in a])
    az = np.array([i["azimuth_deg"] for i in a])
    # Monte Carlo: the median miss is the CEP, 90 % fall within R90 (binomial sd ~0.5 %), azimuths uniform.
    assert np.median(miss) == pytest.approx(100, rel=0.05)
    assert np.mean(miss <= float(rm.accuracy_radius(100, 0.9))) == pytest.approx(0.9, abs=0.02)
    assert abs(np.mean(np.cos(np.radians(az)))) < 0.05 and abs(np.mean(np.sin(np.radians(az)))) < 0.05


@pytest.mark.parametrize("call, named", [
    ("rangemap.flight.time(-5)", "-5"), ("rangemap.flight.time(20016e3)", "20016000"),
    ("rangemap.flight.time(1e6, {apogeeM: 0})", "apogee_m 0"), ("rangemap.flight.hitProbability(0, 1)", "cep_m 0"),
    ("rangemap.flight.hitProbability(100, 1, 0)", "shots 0"), ("rangemap.flight.accuracyRadius(100, 1)", "p 1"),
    ("rangemap.flight.time(1e6, {model: 'cruise'})", "speed_kmh"), ("rangemap.flight.time(1e6, {model: 'x'})", '"x"')])
def test_flight_js_bad_input_is_one_line(js, call, named):
    message = js.evaluate(f"() => {{ try {{ {call}; return null; }} catch (e) {{ return e.message; }} }}")
    assert message and named in message and "\n" not in message


# ---- the page: readouts, warning-time rings, aim ------------------------------------------------------

SYSTEMS = ["hwasong-11", "iskander-m", "shahed-136", "kalibr"]
SITES = ["belgorod", "kursk"]
HOSTILE = "<img src=x onerror=window.__pwned=1>"


@pytest.fixture(scope="module")
def timed_html(tmp_path_factory):
    path = tmp_path_factory.mktemp("page_time") / "timed.html"
    rm.reach_map(SYSTEMS, SITES, cities=True, times=[1, 2, 5, 10]).save(str(path))
    return path


@pytest.fixture(scope="module")
def plain_html(tmp_path_factory):
    path = tmp_path_factory.mktemp("page_time") / "plain.html"
    rm.reach_map(["hwasong-11", "iskander-m"], ["belgorod"], cities=True).save(str(path))
    return path


def model_kwargs(system):
    f = flight_model(system)
    if f is None:
        return None
    return {"model": "cruise", "speed_kmh": f["speed_kmh"]} if f["model"] == "cruise" else {"apogee_m": f["apogee_m"]}


def expected_range(system, minutes):
    """The range reached in ``minutes`` by Python's flight_time with the catalog's model (None: no ring)."""
    kw = model_kwargs(system)
    seconds = minutes * 60.0
    if kw.get("model") == "cruise":
        return seconds * kw["speed_kmh"] / 3.6
    lo = 200e3 if kw.get("apogee_m") else 1.0  # through a fixed apogee the time grows with range beyond ~1 km
    hi = math.pi * EARTH_RADIUS_M * (1 - 1e-12)
    if not (float(rm.flight_time(lo, **kw)) < seconds < float(rm.flight_time(hi, **kw))):
        return None
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if float(rm.flight_time(mid, **kw)) < seconds else (lo, mid)
    return (lo + hi) / 2


def ring_points(latlngs, shift=0.0):
    flat = []

    def walk(x):
        if isinstance(x, dict):
            flat.append((x["lat"], x["lng"] - shift))
        else:
            for y in x:
                walk(y)
    walk(latlngs)
    return flat


def test_times_given_draws_warning_rings_at_load_at_pythons_ranges(browser, timed_html):
    page = Page(browser, timed_html, viewport=(1280, 860))
    p = page.page
    assert page.errors == [] and page.dialogs == []
    assert p.is_checked(".rangemap-app .times-toggle")
    rings = p.evaluate("() => rangemap.timeRings()")
    sites = {s["id"]: s for s in p.evaluate("() => rangemap.sites()")}
    drawn = {(r["system"], r["site"], r["minutes"]) for r in rings}
    for system in SYSTEMS:
        for site in sites:
            for minutes in (1, 2, 5, 10):
                kw = model_kwargs(system)
                want = None if kw is None else expected_range(system, minutes)
                reach = catalog_range(system)
                assert ((system, site, minutes) in drawn) == (want is not None and want <= reach), (system, minutes)
    # the depressed Hwasong-11 covers its whole 692 km in under 5 min, and no flight through 50 km is that quick
    assert {r["system"] for r in rings} == {"iskander-m", "shahed-136"}
    for ring in rings:
        want = expected_range(ring["system"], ring["minutes"])
        assert ring["range_m"] == pytest.approx(want, rel=1e-9)
        site = sites[ring["site"]]
        points = ring_points(ring["latlngs"])
        assert len(points) >= 32
        for lat, lon in points[:: max(1, len(points) // 40)]:
            assert oracle.distance(site["lat"], site["lon"], lat, lon) == pytest.approx(ring["range_m"], abs=1e-3)
    labels = p.evaluate("() => [...document.querySelectorAll('.rangemap-time-label')].map(e => e.textContent)")
    assert sorted(set(labels)) == sorted({f"{r['minutes']} min" for r in rings})
    info = p.inner_text(".rangemap-app .times-info")
    assert "Flight time unknown: 3M14 Kalibr" in info and "whole range in about" in info
    assert "no boost phase" not in p.inner_text(".rangemap-app .ideal")  # folded under its summary line
    p.click(".rangemap-app .ideal summary")
    assert "no boost phase, drag or rotation" in p.inner_text(".rangemap-app .ideal")


def catalog_range(system):
    return float(rm.systems().set_index("id").loc[system, "range_km"]) * 1000.0


def test_warning_time_toggle_by_keyboard_and_rings_follow_a_moved_site(browser, plain_html):
    page = Page(browser, plain_html, viewport=(1280, 860))
    p = page.page
    assert not p.is_checked(".rangemap-app .times-toggle")
    assert p.evaluate("() => rangemap.timeRings().length") == 0
    p.focus(".rangemap-app .times-toggle")
    p.keyboard.press("Space")
    rings = p.evaluate("() => rangemap.timeRings()")
    assert sorted({r["minutes"] for r in rings}) == [1, 2, 5]  # 10 min is beyond Iskander-M's whole range
    p.fill(".rangemap-app .times-minutes", "3, 7.5")
    p.press(".rangemap-app .times-minutes", "Enter")
    rings = p.evaluate("() => rangemap.timeRings()")
    want = {(s, m) for s in ("hwasong-11", "iskander-m") for m in (3, 7.5)
            if (r := expected_range(s, m)) is not None and r <= catalog_range(s)}
    assert {(r["system"], r["minutes"]) for r in rings} == want == {("iskander-m", 3)}
    for r in rings:
        assert r["range_m"] == pytest.approx(expected_range(r["system"], r["minutes"]), rel=1e-9)
    p.evaluate("() => rangemap.moveSite(rangemap.sites()[0].id, 48.0, 38.0)")
    for r in p.evaluate("() => rangemap.timeRings()"):
        for lat, lon in ring_points(r["latlngs"])[::50]:
            assert oracle.distance(48.0, 38.0, lat, lon) == pytest.approx(r["range_m"], abs=1e-3)
    p.fill(".rangemap-app .times-minutes", "soon")
    p.press(".rangemap-app .times-minutes", "Enter")
    assert "'soon' is not a positive number of minutes" in p.inner_text(".rangemap-app .notices")
    p.keyboard.press("Tab")
    assert page.errors == []


def test_measure_readout_and_city_tooltips_give_the_flight_time(browser, timed_html):
    page = Page(browser, timed_html, viewport=(1280, 860))
    p = page.page
    site = p.evaluate("() => rangemap.sites().find(s => s.id === rangemap.app.active)")
    lat, lon = 50.4547, 30.5238  # Kyiv
    d = oracle.distance(site["lat"], site["lon"], lat, lon)
    p.evaluate("([lat, lon]) => { rangemap.app.setMeasuring(true); rangemap.app.showMeasure(L.latLng(lat, lon)); }",
               [lat, lon])
    text = p.inner_text(".rangemap-measure")
    iskander = float(rm.flight_time(d))
    assert f"about {duration(iskander)} of free flight, minimum-energy" in text
    hw = float(rm.flight_time(d, apogee_m=flight_model("hwasong-11")["apogee_m"]))
    assert f"about {duration(hw)} of free flight, through its reported 50 km apogee" in text
    shahed = d / (185 / 3.6)
    assert f"at least {duration(shahed)} at 185 km/h, straight line" in text
    assert "flight time unknown" in text  # Kalibr: no sourced speed
    tip = p.evaluate("""() => { const C = rangemap.app.cities; for (let i = 0; i < C.nDrawn; i++)
        if (C.name[i] === 'Kharkiv') return rangemap.app.cityTip(i).textContent; }""")
    assert "of free flight" in tip and "at least" in tip


def duration(seconds):
    """As a reader says it (the page's format, written independently)."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min" + (f" {s % 60} s" if s % 60 else "")
    m = round(s / 60)
    return f"{m // 60} h {m % 60:02d} min"


def test_aim_at_a_city_rings_probability_and_impacts(browser, timed_html):
    page = Page(browser, timed_html, viewport=(1280, 860))
    p = page.page
    figure = accuracy("hwasong-11")[0]
    p.fill(".rangemap-app .aim-target", "Kyiv")
    p.fill(".rangemap-app .aim-shots", "3")
    p.fill(".rangemap-app .aim-radius", "150 m")
    p.press(".rangemap-app .aim-radius", "Enter")
    got = p.evaluate("() => rangemap.app.lastAim")
    assert got["system"] == "hwasong-11" and got["target"]["name"] == "Kyiv"
    lat, lon = got["target"]["lat"], got["target"]["lon"]
    ceps = [figure["cep_low_m"], figure["cep_high_m"]]
    assert got["probability"] == pytest.approx([float(rm.hit_probability(c, 150, shots=3)) for c in ceps],
                                               rel=1e-12)
    drawn = p.evaluate("""() => { const out = []; rangemap.app.aimLayer.eachLayer(l => { if (l.feature)
        out.push([l.feature.properties.p, l.feature.properties.cep_m, l.feature.properties.radius_m,
                  l.getLatLngs()]); }); return out; }""")
    assert sorted((q, c) for q, c, _, _ in drawn) == sorted((q, c) for q in (0.5, 0.9, 0.99) for c in ceps)
    for q, cep, radius, latlngs in drawn:
        assert radius == pytest.approx(float(rm.accuracy_radius(cep, q)), rel=1e-12)
        points = ring_points(latlngs)
        shift = round((points[0][1] - lon) / 360) * 360
        points = [(a, b - shift) for a, b in points]
        for plat, plon in points[:: max(1, len(points) // 30)]:
            assert oracle.distance(lat, lon, plat, plon) == pytest.approx(radius, abs=1e-3)
    impacts = got["impacts"]
    assert len(impacts) == 100
    for hit in impacts[:40]:
        assert oracle.distance(lat, lon, hit["lat"], hit["lon"]) == pytest.approx(hit["distance_m"], abs=1e-6)
    again = p.evaluate("() => rangemap.aim('Kyiv', 'hwasong-11', {shots: 3, radius: 150}).impacts")
    assert again == impacts  # seeded
    out = p.inner_text(".rangemap-app .aim-out")
    assert "CEP 50–100 m" in out and figure["date"] in out and "The Independent" in out
    places = rm.sites().set_index("id")
    d, nearest = min((oracle.distance(places.at[s, "lat"], places.at[s, "lon"], lat, lon), s) for s in SITES)
    assert got["from"]["site"] == nearest and got["from"]["distance_m"] == pytest.approx(d, abs=1e-6)
    assert f"In reach from {places.at[nearest, 'name']} ({d / 1000:,.0f} km; about " in out
    assert f"{100 * float(rm.hit_probability(50, 150, shots=3)):.1f} %" in out or "over 99.9 %" in out
    assert f"{100 * float(rm.hit_probability(100, 150, shots=3)):.1f} %" in out
    # the older, wider figure of early 2024 is a second, dated choice, not merged into one
    options = p.evaluate("() => [...document.querySelectorAll('.aim-system option')].map(o => o.textContent)")
    assert any("2025-02-06" in o for o in options) and any("2024-02" in o for o in options)
    assert page.errors == []


def test_aim_at_the_measure_point_and_bad_input(browser, plain_html):
    page = Page(browser, plain_html, viewport=(1280, 860))
    p = page.page
    p.click(".rangemap-app .measure")
    x, y = p.evaluate("""() => { const m = rangemap.app.map, q = m.latLngToContainerPoint([49.99, 36.23]),
        r = m.getContainer().getBoundingClientRect(); return [r.left + q.x, r.top + q.y]; }""")
    p.mouse.click(x, y)  # pins the point measured to
    pinned = p.evaluate("() => [rangemap.app.pinned.lat, rangemap.app.pinned.lng]")
    assert pinned == pytest.approx([49.99, 36.23], abs=0.05)
    p.click(".rangemap-app button:text('Pinned point')")  # the pointer crosses the map on its way: still pinned
    got = p.evaluate("() => rangemap.app.lastAim")
    assert [got["target"]["lat"], got["target"]["lon"]] == pytest.approx(pinned, abs=1e-4)
    assert "of free flight" in p.inner_text(".rangemap-measure")
    for bad, needle in [("0", "shots '0'"), ("2.5", "shots '2.5'"), ("x", "shots 'x'")]:
        p.fill(".rangemap-app .aim-shots", bad)
        p.press(".rangemap-app .aim-shots", "Enter")
        assert needle in p.inner_text(".rangemap-app .notices")
    p.fill(".rangemap-app .aim-shots", "1")
    p.fill(".rangemap-app .aim-target", "Atlantis")
    p.press(".rangemap-app .aim-target", "Enter")
    assert "no city or lat,lon 'Atlantis'" in p.inner_text(".rangemap-app .notices")
    assert page.errors == []


def test_new_controls_are_labelled(browser, plain_html):
    page = Page(browser, plain_html, viewport=(390, 844))
    p = page.page
    unlabelled = p.evaluate("""() => [...document.querySelectorAll(
        '.rangemap-app .times-minutes, .rangemap-app .aim-target, .rangemap-app .aim-system, '
        + '.rangemap-app .aim-shots, .rangemap-app .aim-radius, .rangemap-app .times-toggle')]
        .filter(e => !e.getAttribute('aria-label') && !e.closest('label')).map(e => e.className)""")
    assert unlabelled == []


def test_hostile_site_and_source_texts_stay_text(browser, tmp_path, monkeypatch):
    from rangemap.render import interactive

    real = interactive._performance

    def hostile(system_id):
        out = real(system_id)
        for f in out["cep"]:
            f.update(source=HOSTILE, note="</script><script>window.__pwned=2</script>", kind="<b>estimate</b>")
        if out["flight"]:
            out["flight"]["source"] = HOSTILE
        return out

    monkeypatch.setattr(interactive, "_performance", hostile)
    sites = pd.DataFrame({"name": [HOSTILE], "lat": [50.6], "lon": [36.58]})
    path = tmp_path / "hostile.html"
    rm.reach_map(["hwasong-11", "iskander-m"], sites, times=[2, 5]).save(str(path))
    page = Page(browser, path, viewport=(1280, 860))
    p = page.page
    p.evaluate("() => rangemap.aim('50.45,30.52', 'hwasong-11', {shots: 2})")
    tips = p.evaluate("""() => rangemap.timeRings().map(r => { const layer = rangemap.app.timeRingList.find(
        t => t.minutes === r.minutes && t.system === r.system).layer; layer.openTooltip([0, 0]);
        return layer.getTooltip().getElement().textContent; })""")
    assert tips and all(HOSTILE in t for t in tips)
    out = p.inner_text(".rangemap-app .aim-out")
    assert HOSTILE in out and "</script><script>window.__pwned=2</script>" in out and "<b>estimate</b>" in out
    assert p.evaluate("() => window.__pwned") is None
    assert p.evaluate("() => document.querySelectorAll('img[src=\"x\"], .aim-out b, .aim-out script').length") == 0
    assert page.errors == [] and page.dialogs == []


def test_the_link_keeps_the_warning_times(browser, plain_html):
    page = Page(browser, plain_html, viewport=(1280, 860))
    p = page.page
    p.fill(".rangemap-app .times-minutes", "3, 4")
    p.press(".rangemap-app .times-minutes", "Enter")
    fragment = p.evaluate("() => location.hash.slice(1)")
    assert "times=3,4" in fragment
    assert state_from_hash("file:///x.html#" + fragment)["times"] == [3.0, 4.0]
    page2 = browser.new_page(viewport={"width": 1280, "height": 860})
    page2.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page2.goto(plain_html.resolve().as_uri() + "#" + fragment)
    page2.wait_for_function("() => window.rangemap && window.rangemap.app && window.rangemap.app.drawnAtStart")
    assert page2.is_checked(".rangemap-app .times-toggle")
    assert sorted({r["minutes"] for r in page2.evaluate("() => rangemap.timeRings()")}) == [3, 4]
    bad = state_from_hash("times=0,x")
    assert bad["times"] is None and bad["notices"] == ["ignored times '0,x'"]
    page2.goto(plain_html.resolve().as_uri() + "#times=0,x")
    page2.reload()
    page2.wait_for_function("() => window.rangemap && window.rangemap.app && window.rangemap.app.drawnAtStart")
    assert "ignored times '0,x'" in page2.inner_text(".rangemap-app .notices")
    page2.close()


@pytest.mark.parametrize("lat, lon", [(64.73, 177.51), (89.99, 0.0), (-0.5, -179.999)],
                         ids=["anadyr", "near-north-pole", "antimeridian"])
def test_rings_and_aim_far_from_the_usual_places(browser, plain_html, lat, lon):
    page = Page(browser, plain_html, viewport=(390, 844))
    p = page.page
    p.evaluate("([lat, lon]) => { rangemap.moveSite(rangemap.sites()[0].id, lat, lon); rangemap.setTimes([2, 5]); }",
               [lat, lon])
    rings = p.evaluate("() => rangemap.timeRings()")
    assert {r["minutes"] for r in rings} == {2, 5}
    for r in rings:
        pts = ring_points(r["latlngs"])
        shift = round((pts[0][1] - lon) / 360) * 360
        for plat, plon in pts[:: max(1, len(pts) // 40)]:
            if abs(abs(plat) - 90) > 1e-9:  # a ring round a pole is closed along it
                assert oracle.distance(lat, lon, plat, plon - shift) == pytest.approx(r["range_m"], abs=1e-3)
    got = p.evaluate("([lat, lon]) => rangemap.aim({name: 'here', lat: lat, lon: lon}, 'hwasong-11', {shots: 2})",
                     [lat, lon])
    for hit in got["impacts"][:30]:
        assert oracle.distance(lat, lon, hit["lat"], hit["lon"]) == pytest.approx(hit["distance_m"], abs=1e-6)
    assert page.errors == []


def test_python_drawn_city_tooltips_carry_the_time_as_the_page_says_it(js):
    from rangemap.units import format_duration

    seconds = [0.4, 44.5, 59.6, 388.79, 3599.4, 3600, 3629.9, 9750]
    assert js.evaluate("ss => ss.map(s => rangemap.flight.duration(s))", seconds) == [format_duration(s)
                                                                                      for s in seconds]
    m = rm.reach_map(["hwasong-11", "kalibr", "shahed-136"], ["belgorod"], cities=True)
    points = {p[4][0].split(" (")[0]: p[4] for p in m._cities[0]["points"]}
    moscow = points["Moscow"]
    d = next(float(t.distance_km) for t in rm.targets_in_reach(rm.reach(["hwasong-11"], ["belgorod"])).itertuples()
             if t.name == "Moscow") * 1000
    hw = float(rm.flight_time(d, apogee_m=flight_model("hwasong-11")["apogee_m"]))
    assert moscow[1].endswith(f", about {format_duration(hw)} of free flight, through its reported 50 km apogee")
    assert moscow[2] == f"kalibr: {d / 1000:,.0f} km from belgorod"  # no model: no time, never a guess
    assert moscow[3].endswith(f", at least {format_duration(d / (185 / 3.6))} at 185 km/h, straight line")
