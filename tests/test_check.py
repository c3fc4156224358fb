"""rm.check and `rangemap check`: distances against GeographicLib, in/out of reach, margins, minimum ranges,
custom ranges in every command, catalog cities as launch points, sources shown by the CLI."""

import json

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

import rangemap as rm
import rangemap.catalog as catalog
from devtools import oracle
from rangemap import analysis
from rangemap.cli import main
from rangemap.errors import DistanceError


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_out_of_reach_with_the_margin():
    table = analysis.check("Lviv", ["hwasong-11"], sites=["kursk"])
    assert list(table.columns[:8]) == ["target", "site", "system", "distance_km", "range_km", "min_range_km",
                                       "in_reach", "margin_km"]
    lviv, kursk, system = catalog.place("Lviv"), catalog.site("kursk"), catalog.system("hwasong-11")
    d_km = oracle.distance(lviv["lat"], lviv["lon"], kursk["lat"], kursk["lon"]) / 1000.0
    row = table.iloc[0]
    assert row["distance_km"] == pytest.approx(d_km, abs=1e-6)
    assert not row["in_reach"] and row["verdict"] == "out of reach"
    assert row["margin_km"] == pytest.approx(system["range_km"] - d_km, abs=1e-6) and row["margin_km"] < 0
    line = analysis.check_lines(table)[0]
    assert line == (f"Lviv is {d_km:,.1f} km from Kursk: out of reach of Hwasong-11 (about 692 km) "
                    f"by {d_km - system['range_km']:,.1f} km")


def test_check_in_reach_every_system_by_default():
    table = analysis.check("Kharkiv", sites=["belgorod"])
    assert set(table["system"]) == set(catalog.systems()["id"])
    kharkiv, belgorod = catalog.place("Kharkiv"), catalog.site("belgorod")
    d_km = oracle.distance(kharkiv["lat"], kharkiv["lon"], belgorod["lat"], belgorod["lon"]) / 1000.0
    expected = (table["range_km"] >= d_km) & (table["min_range_km"] <= d_km)
    assert (table["in_reach"] == expected).all() and table["in_reach"].any() and (~table["in_reach"]).any()
    inside = table[table["in_reach"]]
    assert (inside["margin_km"] > 0).all()
    lines = analysis.check_lines(inside)
    assert lines[-1].startswith("Flight times are idealised") and len(lines) == len(inside) + 1
    assert all("in reach of" in line and "to spare" in line for line in lines[:-1])


def test_check_too_close_inside_the_minimum():
    belgorod = catalog.site("belgorod")
    lat, lon = oracle.direct(belgorod["lat"], belgorod["lon"], 250.0, 20_000.0)  # 20 km away
    table = analysis.check((lat, lon), ["iskander-m"], sites=["belgorod"])
    row = table.iloc[0]
    assert row["verdict"] == "too close" and not row["in_reach"]
    assert row["distance_km"] == pytest.approx(20.0, abs=1e-6)
    assert row["margin_km"] == pytest.approx(20.0 - 50.0, abs=1e-6)
    assert "too close for 9M723 Iskander-M (minimum 50 km) by 30.0 km" in analysis.check_lines(table)[0]


@given(st.floats(-89.9, 89.9), st.floats(-180, 180), st.floats(-89.9, 89.9), st.floats(-180, 180),
       st.floats(1.0, 19_000.0), st.floats(0.0, 0.99))
def test_check_verdicts_roam_the_globe(lat1, lon1, lat2, lon2, range_km, min_fraction):
    custom = catalog.custom_system(range_km, min_fraction * range_km)
    row = analysis.check((lat2, lon2), [custom], at=(lat1, lon1)).iloc[0]
    d_km = oracle.distance(lat1, lon1, lat2, lon2) / 1000.0
    assert row["distance_km"] == pytest.approx(d_km, abs=1e-6)
    low = custom["min_range_km"] if custom["min_range_km"] == custom["min_range_km"] else 0.0
    margin = min(range_km - d_km, d_km - low) if low > 0 else range_km - d_km
    assert row["margin_km"] == pytest.approx(margin, abs=1e-6)
    assert row["in_reach"] == (low <= row["distance_km"] <= range_km)
    assert (row["margin_km"] >= 0) == row["in_reach"] or abs(row["margin_km"]) < 1e-9


def test_custom_system_rows_and_errors():
    row = catalog.custom_system(120.0, 15.0, name="My rocket")
    assert row["id"] == "custom-my-rocket" and row["range_km"] == 120.0 and row["min_range_km"] == 15.0
    assert row["source"] == "given by the user"
    table = rm.reach([row, "kn-23"], ["kursk"])
    assert list(table["system"]) == ["custom-my-rocket", "hwasong-11"]
    assert table.iloc[0]["range_m"] == 120_000.0 and table.iloc[0]["min_range_m"] == 15_000.0
    for bad in ((0.0, None), (-5.0, None), (10.0, 10.0), (10.0, -1.0), (float("nan"), None)):
        with pytest.raises(DistanceError):
            catalog.custom_system(*bad)


def test_cities_are_launch_points():
    sites = catalog.resolve_sites(["Kharkiv", "kursk", "Lviv, UA"])
    kharkiv = catalog.cities().query("name == 'Kharkiv' and country == 'UA'").iloc[0]
    assert (sites.iloc[0]["lat"], sites.iloc[0]["lon"]) == (kharkiv["lat"], kharkiv["lon"])
    assert list(sites["name"]) == ["Kharkiv", "Kursk", "Lviv"]
    assert catalog.place("Lvov")["lat"] == catalog.place("Lviv")["lat"]  # an exonym of the gazetteer (issue 19)
    with pytest.raises(catalog.UnknownNameError, match="did you mean Lviv"):
        catalog.place("Lvivv", "target")


def test_cli_check_lines_and_formats(capsys):
    code, out, err = run(capsys, "check", "--target", "Lviv", "--system", "hwasong-11", "--site", "Kursk")
    assert code == 0 and err == ""
    assert out.startswith("Lviv is ") and "from Kursk: out of reach of Hwasong-11 (about 692 km) by " in out
    code, out, _ = run(capsys, "check", "--target", "Lviv", "--site", "kursk", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(catalog.systems())
    assert {r["system"] for r in rows} == set(catalog.systems()["id"])
    code, out, _ = run(capsys, "check", "--target", "50.45,30.52", "--at", "50.6,36.6", "--system", "iskander-m",
                       "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("target,site,system,distance_km,range_km,min_range_km")


@pytest.mark.parametrize("argv, message", [
    (["check", "--target", "Lviv", "--site", "kursk", "--min-range", "5 km"], "give --range too"),
    (["check", "--target", "Atlantisz", "--site", "kursk"], "unknown target 'Atlantisz' (--target)"),
    (["check", "--target", "95,30", "--site", "kursk"], "--target '95,30': latitude 95.0 is outside"),
    (["targets", "--site", "kursk"], "give --system"),
    (["check", "--target", "Lviv", "--site", "kursk", "--range", "-5 km"], "must not be negative"),
    (["check", "--target", "Lviv", "--site", "kursk", "--range", "0 km"], "must be positive"),
    (["check", "--target", "Lviv", "--site", "kursk", "--range", "5 km", "--min-range", "9 km"], "below the range"),
])
def test_cli_check_errors_are_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_custom_range_in_check_targets_export_and_render(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--target", "Kyiv", "--site", "Kharkiv", "--range", "500 km",
                       "--min-range", "20 km", "--name", "Test range")
    assert code == 0 and out.count("\n") == 1 and "in reach of Test range (500 km)" in out

    code, out, _ = run(capsys, "targets", "--site", "Kharkiv", "--range", "100 km", "--country", "UA",
                       "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows and {r["system"] for r in rows} == {"custom-100-km"}
    assert max(r["distance_km"] for r in rows) <= 100.0

    path = tmp_path / "reach.geojson"
    code, _, _ = run(capsys, "export", "--site", "kursk", "--system", "gmlrs", "--range", "300 mi",
                     "--min-range", "20 km", "-o", str(path))
    features = json.loads(path.read_text())["features"]
    custom = [f for f in features if f["properties"]["system"].startswith("custom-")]
    assert code == 0 and len(features) == 2 and len(custom) == 1
    assert custom[0]["properties"]["range_m"] == pytest.approx(300 * 1609.344)
    assert custom[0]["properties"]["min_range_m"] == 20_000.0
    geom = shapely.from_geojson(json.dumps(custom[0]["geometry"]))
    kursk = catalog.site("kursk")
    for x, y in list(shapely.get_exterior_ring(shapely.get_geometry(geom, 0)).coords)[::40]:
        d = oracle.distance(kursk["lat"], kursk["lon"], y, x)
        assert abs(d - 300 * 1609.344) < 60 or abs(d - 20_000.0) < 60

    html = tmp_path / "map.html"
    code, _, _ = run(capsys, "render", "--site", "Lviv", "--range", "250 km", "--name", "My <b>range</b>",
                     "-o", str(html))
    text = html.read_text()
    # the name rides in the page's JSON data with markup escaped (page.js shows it as text: see test_page.py)
    assert code == 0 and r'"name":"My \u003cb\u003erange\u003c/b\u003e"' in text and "My <b>range</b>" not in text


def test_cli_systems_shows_publisher_title_and_date(capsys):
    code, out, _ = run(capsys, "systems")
    assert code == 0
    sources = catalog.sources().set_index("id")
    for source_id in dict.fromkeys(i for cell in catalog.systems()["sources"] for i in cell.split(";")):
        s = sources.loc[source_id]
        assert f"[{source_id}] {s['publisher']}, “{s['title']}”, {s['date']}" in out
    assert "range_kind" not in out.splitlines()[0] and " kind " in out.splitlines()[0]


def test_cli_scenarios(capsys):
    code, out, _ = run(capsys, "scenarios", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["name"] for r in rows} == set(catalog.scenarios()["name"])
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "russia-long-range: Russia's long-range strikes on Ukraine" in out
    assert "areas: caspian-launch-zone" in out


def test_check_needs_a_launch_point():
    with pytest.raises(catalog.UnknownNameError, match="no launch point"):
        analysis.check("Lviv", ["kn-23"])
