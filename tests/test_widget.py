"""The notebook widget (rangemap.render.widget): traits, state conversions and hostile state from the page."""
import json

import pytest
from geographiclib.geodesic import Geodesic

import rangemap as rm
from rangemap.errors import RangemapWarning
from rangemap.render.widget import state_link


@pytest.fixture(scope="module")
def widget():
    return rm.explore(["hwasong-11"], ["Pyongyang"])


def test_traits_start_from_the_map(widget):
    assert [(s["name"], s["systems"]) for s in widget.sites] == [("Pyongyang", ["hwasong-11"])]
    assert widget.systems == ["hwasong-11"]
    assert "site=pyongyang|" in widget.link


def test_a_link_from_the_page_moves_the_site_once(widget):
    calls = []
    widget.observe(calls.append, "sites")
    try:
        widget.link = "v=1&view=40,126,5&site=pyongyang|41.5|127.25|hwasong-11|Pyongyang&active=pyongyang"
    finally:
        widget.unobserve(calls.append, "sites")
    assert len(calls) == 1
    assert (widget.sites[0]["lat"], widget.sites[0]["lon"]) == (41.5, 127.25)
    assert widget.view == {"lat": 40.0, "lon": 126.0, "zoom": 5.0}
    assert widget.selected == "pyongyang"
    got = widget.reach().geometry.iloc[0]
    want = rm.reach_polygon(41.5, 127.25, rm.system("hwasong-11")["range_km"] * 1000)
    assert got.symmetric_difference(want).area < 1e-6 * want.area


def test_setting_sites_from_python_writes_the_link(widget):
    widget.sites = [{"id": "k", "name": "Kursk & <b>", "lat": 51.73, "lon": 36.19, "systems": ["hwasong-11"]}]
    assert "site=k|51.73|36.19|hwasong-11|Kursk%20%26%20%3Cb%3E" in widget.link
    assert widget.sites[0]["name"] == "Kursk & <b>"  # text, never markup: the page shows it with textContent


def test_custom_ranges_travel_with_their_ids(widget):
    widget.link = ("v=1&custom=mine|500000|0|Mine&site=a|10|20|mine,hwasong-11|A")
    assert widget.systems[0] == {"id": "mine", "name": "Mine", "range_m": 500000.0, "min_range_m": 0.0}
    table = widget.reach()
    assert set(table["system"]) == {"mine", "hwasong-11"}
    assert table.set_index("system").loc["mine", "range_m"] == pytest.approx(500000.0)
    verdicts = widget.check((10.0, 24.0))
    assert set(verdicts["system"]) == {"mine", "hwasong-11"}


@pytest.mark.parametrize("link, notice", [
    ("v=1&site=x|999|0|hwasong-11|Bad", "bad coordinates"),
    ("v=1&site=x|1|2|hwasong-11", "expected id"),
    ("v=1&custom=hwasong-11|5000|0|Fake&site=x|1|2|hwasong-11|A", "catalog system"),
    ("v=1&custom=c|0x10|0|Hex&site=x|1|2|c|A", "ignored custom range"),
    ("v=1&evil=<script>&site=x|1|2|hwasong-11|A", "ignored 'evil'"),
])
def test_hostile_state_from_the_page_is_refused_with_a_notice(widget, link, notice):
    widget.link = link
    assert any(notice in n for n in widget.notices), widget.notices
    for s in widget.sites:
        assert -90 <= s["lat"] <= 90 and all(isinstance(x, str) for x in s["systems"])
        assert set(s["systems"]) <= {"hwasong-11"}


def test_unknown_system_ids_from_the_page_are_dropped(widget):
    widget.link = "v=1&site=x|1|2|nope,hwasong-11|A"
    assert widget.sites[0]["systems"] == ["hwasong-11"]


def test_from_link_reads_a_pasted_link():
    s = rm.from_link("https://x/map.html#site=kursk|51.73|36.19|hwasong-11|Kursk")
    assert s["sites"][0]["name"] == "Kursk"


def test_state_link_round_trips_through_the_checks():
    sites = [{"id": "a", "name": "Ünïcode | & # name", "lat": -89.5, "lon": 179.25, "systems": ["c1"]}]
    systems = [{"id": "c1", "name": "My range", "range_m": 1234.5, "min_range_m": 100.0}]
    s = rm.from_link(state_link(sites, systems, {"lat": 1.0, "lon": 2.0, "zoom": 3}, "a"))
    assert s["sites"] == sites and s["custom"] == systems and s["active"] == "a" and s["notices"] == []


# ---- rm.reach_map(state=...): a page's state back as a map ----

_LINK = "v=1&view=48.5,35.0,6&custom=mine|500000|0|Mine&site=a|50.6|36.6|mine,hwasong-11|Belgorod&times=2,5"


def test_reach_map_from_a_link_draws_what_the_page_showed():
    m = rm.reach_map(state="https://example.org/map.html#" + _LINK)
    state = m.page_state()
    assert [s["id"] for s in state["systems"]] == ["mine", "hwasong-11"]
    assert [r["label"] for r in state["legend"]["rows"]][0] == "500 km (311 mi)"
    assert state["times"] == [2.0, 5.0]
    assert (list(m.location), m.options["zoom"]) == ([48.5, 35.0], 6)  # the page's view, not a refit
    assert [s["name"] for s in state["app"]["sites"]] == ["Belgorod"]


def test_reach_map_from_a_widget_is_its_to_map(widget):
    widget.link = "v=1&site=k|51.73|36.19|hwasong-11|Kursk"
    assert rm.reach_map(state=widget).page_state()["app"]["sites"] == widget.to_map().page_state()["app"]["sites"]


def test_state_reach_matches_the_direct_reach():
    from rangemap.render.interactive import state_reach

    got = state_reach(rm.from_link(_LINK)).set_index("system")
    want = rm.reach_polygon(50.6, 36.6, 500_000.0)
    assert got.loc["mine", "geometry"].symmetric_difference(want).area < 1e-6 * want.area
    direct = rm.reach(["hwasong-11"], [{"id": "a", "name": "Belgorod", "lat": 50.6, "lon": 36.6}])
    assert got.loc["hwasong-11", "geometry"].symmetric_difference(direct.geometry.iloc[0]).area \
        < 1e-9 * direct.geometry.iloc[0].area


@pytest.mark.parametrize("kwargs, words", [
    ({"state": _LINK, "systems": ["hwasong-11"]}, "not both"),
    ({"state": 42}, "expected a link"),
    ({"state": "v=1&site=x|1|2|no-such-system|A"}, "no-such-system"),
    ({"state": "v=1"}, "nothing to map"),
    ({}, "needs systems and sites"),
])
def test_reach_map_state_refuses_bad_input_in_one_line(kwargs, words):
    with pytest.raises(rm.RangemapError, match=words) as err:
        rm.reach_map(**kwargs)
    assert "\n" not in str(err.value)


def test_reach_map_state_names_what_the_link_dropped():
    with pytest.warns(RangemapWarning, match="bad coordinates"):
        rm.reach_map(state="v=1&site=x|999|0|hwasong-11|Bad&site=y|1|2|hwasong-11|Good")


# ---- measure: the point pinned in the page, measured by Python ----

def _pin_from_page(widget, lat, lon, site):
    widget._pin = json.dumps({"lat": lat, "lon": lon, "site": site})


def test_a_pin_from_the_page_is_measured_against_geographiclib(widget):
    widget.link = "v=1&site=k|50.45|30.52|hwasong-11|Kyiv&active=k"
    _pin_from_page(widget, 55.7558, 37.6173, "k")
    m = widget.measure
    g = Geodesic.WGS84.Inverse(50.45, 30.52, 55.7558, 37.6173)
    assert m["site"] == "k" and (m["lat"], m["lon"]) == (55.7558, 37.6173)
    assert m["distance_m"] == pytest.approx(g["s12"], abs=1e-6)
    assert m["bearing_deg"] == pytest.approx(g["azi1"] % 360, abs=1e-9)
    [row] = m["systems"]
    rng = rm.system("hwasong-11")["range_km"] * 1000
    assert row == {"system": "hwasong-11", "verdict": "out", "by_m": pytest.approx(g["s12"] - rng, abs=1e-6)}


def test_measure_follows_the_site_and_its_minimum_range(widget):
    widget.link = "v=1&custom=ring|900000|600000|Ring&site=k|50.45|30.52|ring|Kyiv&active=k"
    _pin_from_page(widget, 50.0, 36.25, "k")  # near Kharkiv: about 410 km, inside the 600 km minimum
    [row] = widget.measure["systems"]
    g = Geodesic.WGS84.Inverse(50.45, 30.52, 50.0, 36.25)["s12"]
    assert row["verdict"] == "inside-minimum" and row["by_m"] == pytest.approx(600000 - g, abs=1e-6)
    widget.link = "v=1&custom=ring|900000|600000|Ring&site=k|52.0|22.0|ring|Moved&active=k"  # dragged west
    g = Geodesic.WGS84.Inverse(52.0, 22.0, 50.0, 36.25)["s12"]
    assert widget.measure["distance_m"] == pytest.approx(g, abs=1e-6)
    assert widget.measure["systems"][0]["verdict"] == "out"


def test_across_the_antimeridian_the_pin_is_measured_the_short_way(widget):
    widget.link = "v=1&site=a|64.73|177.5|hwasong-11|Anadyr&active=a"
    _pin_from_page(widget, 64.5, 190.0, "a")  # the page's world copy east of 180°: -170°
    g = Geodesic.WGS84.Inverse(64.73, 177.5, 64.5, -170.0)["s12"]
    assert widget.measure["lon"] == pytest.approx(-170.0) and widget.measure["distance_m"] == pytest.approx(g, abs=1e-6)
    assert widget.measure["systems"][0]["verdict"] == "in"


@pytest.mark.parametrize("text, notice", [
    ('{"lat": 999, "lon": 0, "site": "k"}', "bad coordinates"),
    ('{"lat": "NaN", "lon": 0, "site": "k"}', "bad coordinates"),
    ('{"lat": 1, "lon": 2, "site": "<img src=x onerror=alert(1)>"}', "no launch point"),
    ('[1, 2]', "expected {lat, lon, site}"),
    ('not json', "expected {lat, lon, site}"),
])
def test_a_hostile_pin_from_the_page_is_refused_with_a_notice(widget, text, notice):
    widget.link = "v=1&site=k|50.45|30.52|hwasong-11|Kyiv&active=k"
    widget._pin = text
    assert widget.measure is None
    assert any(notice in n for n in widget.notices), widget.notices


def test_unpinning_in_the_page_clears_measure(widget):
    widget.link = "v=1&site=k|50.45|30.52|hwasong-11|Kyiv&active=k"
    _pin_from_page(widget, 50.0, 36.25, "k")
    assert widget.measure["systems"][0]["verdict"] == "in"
    widget._pin = ""
    assert widget.measure is None


def test_setting_measure_from_python_pins_the_page(widget):
    widget.link = "v=1&site=k|50.45|30.52|hwasong-11|Kyiv&active=k"
    widget.measure = {"lat": 49.84, "lon": 24.03}
    assert json.loads(widget._pin) == {"lat": 49.84, "lon": 24.03, "site": "k"}
    g = Geodesic.WGS84.Inverse(50.45, 30.52, 49.84, 24.03)["s12"]
    assert widget.measure["distance_m"] == pytest.approx(g, abs=1e-6)  # Python's measurement replaces the request
    widget.measure = None
    assert widget._pin == "" and widget.measure is None


@pytest.mark.parametrize("value, words", [
    ({"lat": 91, "lon": 0}, "latitude must be within"),
    ({"lon": 0}, "expected {'lat'"),
    ({"lat": 1, "lon": 2, "site": "nope"}, "'nope': no such launch point"),
])
def test_a_bad_measure_from_python_is_one_clear_error_and_changes_nothing(widget, value, words):
    widget.link = "v=1&site=k|50.45|30.52|hwasong-11|Kyiv&active=k"
    widget.measure = {"lat": 49.84, "lon": 24.03}
    before, pin = widget.measure, widget._pin
    with pytest.raises(rm.RangemapError, match=words.replace("(", r"\(").replace("{", r"\{")):
        widget.measure = value
    assert widget.measure == before and widget._pin == pin
