"""Scenarios from data/scenarios render as maps, from the API and the command line, and were looked at."""

import pytest
import shapely

import rangemap as rm
from devtools import oracle
from devtools.browser import Page
from rangemap.cli import main
from rangemap.render.elements import page_json


def test_area_reach_is_the_geodesic_buffer_of_the_area():
    table = rm.analysis.area_reach(["kh-101"], ["caspian-launch-zone"])
    area = rm.catalog.area("caspian-launch-zone").geometry
    row = table.iloc[0]
    assert row["site"] == "caspian-launch-zone" and row["range_m"] == pytest.approx(5_500_000.0)
    geom = row.geometry
    assert geom.contains(area)
    # a point 5,400 km from the area's nearest corner in reach; 5,600 km from the farthest-out corner, not
    corner_lon, corner_lat = max(area.exterior.coords, key=lambda c: c[1])  # the northernmost corner
    inside_lat, inside_lon = oracle.direct(corner_lat, corner_lon, 0.0, 5_400_000.0)
    assert geom.intersects(shapely.Point(inside_lon, inside_lat))


@pytest.mark.parametrize("name", ["seed", "russia-long-range", "ukraine-long-range", "north-korea",
                                  "oreshnik-dnipro"])
def test_every_scenario_renders_from_the_command_line(tmp_path, capsys, name):
    path = tmp_path / f"{name}.html"
    assert main(["render", "--scenario", name, "-o", str(path)]) == 0
    html = path.read_text(encoding="utf-8")
    sc = rm.scenario(name)
    assert page_json(sc["title"]) in html  # the title, as the page's JSON state carries it
    for system in {s for layer in sc["layers"] for s in layer["systems"]}:
        assert page_json(system) in html


def test_scenario_cannot_be_mixed_with_systems(tmp_path, capsys):
    assert main(["render", "--scenario", "seed", "--system", "kh-101", "-o", str(tmp_path / "x.html")]) == 2
    assert "--scenario" in capsys.readouterr().err


def test_unknown_scenario_says_what_there_is(tmp_path, capsys):
    assert main(["render", "--scenario", "russia", "-o", str(tmp_path / "x.html")]) == 2
    assert "did you mean russia-long-range" in capsys.readouterr().err


def test_russia_scenario_draws_the_caspian_area_reach_in_chromium(browser, tmp_path):
    path = tmp_path / "russia.html"
    rm.scenario_map("russia-long-range").save(str(path))
    page = Page(browser, path)
    assert page.errors == [] and page.blocked == []
    drawn = page.page.evaluate("""() => { const out = []; const m = Object.values(window).find(v => v instanceof L.Map);
        m.eachLayer(l => { const p = l.feature && l.feature.properties; if (p && p.rangemap === 'reach')
            out.push(p.system + '@' + p.site); }); return out; }""")
    assert "kh-101@caspian-launch-zone" in drawn and "kh-101@engels-2" in drawn
