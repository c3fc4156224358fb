"""The command line does what the API does (issue 24): operators, populations, several targets, the band's
verdict, figure extents, scenario figures, envelopes and launch areas; README usage lines that parse."""

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

import rangemap as rm
from devtools import oracle
from rangemap import catalog
from rangemap.analysis.timing import IDEALISATION
from rangemap.cli import build_parser, main

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
KURSK = (float(catalog.site("kursk")["lat"]), float(catalog.site("kursk")["lon"]))
BELGOROD = (float(catalog.site("belgorod")["lat"]), float(catalog.site("belgorod")["lon"]))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code, out, err, words):
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("rangemap: error: ") and "Traceback" not in err
    assert words in err, err
    return True


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


# --- --operator ---------------------------------------------------------------------------------------

def test_check_with_an_operator_uses_that_sides_systems_only(capsys):
    code, out, err = run(capsys, "check", "--target", "Kyiv", "--site", "kursk", "--operator", "Russia", "--format", "csv")
    assert code == 0, err
    systems = {r["system"] for r in csv_rows(out)}
    operators = catalog.systems().set_index("id")["operator"]
    assert systems and all("russia" in operators[s].casefold() for s in systems)
    assert "hwasong-11" in systems  # supplied to Russia
    assert not systems & {"neptune", "atacms-m57", "storm-shadow", "hwasong-15", "pukguksong-2"}
    # every catalog system whose operator field names Russia before any parenthesis
    named = {i for i, text in operators.items() if any(part.split("(")[0].strip() == "Russia" for part in text.split(";"))}
    assert systems == named


def test_operator_is_case_folded_and_filters_the_systems_given(capsys):
    code, out, err = run(capsys, "check", "--target", "Kyiv", "--site", "kursk", "--operator", "north KOREA",
                         "--system", "hwasong-11", "iskander-m", "hwasong-15", "--format", "json")
    assert code == 0
    assert [r["system"] for r in json.loads(out)] == ["hwasong-11", "hwasong-15"]
    assert "leaves out iskander-m" in err and err.count("\n") == 1


def test_operator_in_systems_targets_export_and_render(capsys, tmp_path):
    code, out, _ = run(capsys, "systems", "--operator", "ukraine", "--format", "csv")
    rows = csv_rows(out)
    # every system Ukraine operates, alone or with another side (the Smerch is both Russia's and Ukraine's)
    assert code == 0 and rows and all("Ukraine" in r["operator"] for r in rows)
    assert [r["id"] for r in rows] == catalog.operator_systems("Ukraine")
    assert "smerch" in catalog.operator_systems("Ukraine") and "smerch" in catalog.operator_systems("Russia")
    code, out, _ = run(capsys, "targets", "--operator", "Ukraine", "--site", "Kharkiv", "--format", "csv")
    assert code == 0 and {r["system"] for r in csv_rows(out)} <= set(catalog.operator_systems("Ukraine"))
    path = tmp_path / "ua.geojson"
    code, _, _ = run(capsys, "export", "--operator", "Ukraine", "--site", "Kharkiv", "-o", str(path))
    features = json.loads(path.read_text())["features"]
    assert code == 0 and [f["properties"]["system"] for f in features] == catalog.operator_systems("Ukraine")


@pytest.mark.parametrize("argv, words", [
    (["check", "--target", "Kyiv", "--site", "kursk", "--operator", "Rusia"],
     "unknown operator 'Rusia': known operators are North Korea, Russia, Ukraine"),
    (["systems", "--operator", "NATO"], "known operators are North Korea, Russia, Ukraine"),
    (["render", "--operator", "", "--site", "kursk", "-o", "x.html"], "known operators are"),
    (["check", "--target", "Kyiv", "--site", "kursk", "--operator", "Russia", "--system", "neptune"],
     "none of --system neptune is operated by it"),
    (["render", "--scenario", "seed", "--operator", "Russia", "-o", "x.html"], "leave out --operator"),
])
def test_bad_operator_is_one_line(capsys, argv, words):
    assert one_line_error(*run(capsys, *argv), words)


# --- targets --min-population -------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["100000", "100,000"])
def test_targets_min_population(capsys, given):
    argv = ["targets", "--system", "iskander-m", "--site", "belgorod", "--country", "UA", "--format", "csv"]
    code, out, _ = run(capsys, *argv, "--min-population", given)
    assert code == 0
    kept = csv_rows(out)
    code, out, _ = run(capsys, *argv)
    everything = csv_rows(out)
    big = [r for r in everything if int(r["population"]) >= 100_000]
    assert kept == big and 0 < len(kept) < len(everything)
    assert {"Kharkiv", "Sumy", "Poltava"} <= {r["name"] for r in kept}
    for r in kept[:5]:
        assert oracle.distance(*BELGOROD, float(r["lat"]), float(r["lon"])) <= 500_000 + 1


@pytest.mark.parametrize("value", ["1e5", "-5", "lots", "100.5", "1,00,000", "\u0661\u0660\u0660", ""])
def test_bad_min_population_is_one_line(capsys, value):
    code, out, err = run(capsys, "targets", "--system", "iskander-m", "--site", "belgorod", "--min-population", value)
    assert one_line_error(code, out, err, f"--min-population: {value!r} is not a number of people")


def test_min_population_refused_with_a_targets_file(capsys, tmp_path):
    points = tmp_path / "p.csv"
    points.write_text("name,lat,lon\na,50,36\n")
    code, out, err = run(capsys, "targets", "--system", "iskander-m", "--site", "belgorod", "--targets-file",
                         str(points), "--min-population", "5")
    assert one_line_error(code, out, err, "--min-population filters the catalog's cities")


def _people(point) -> int:
    return int(re.search(r"pop\. ([\d,]+)", point[4][0]).group(1).replace(",", ""))


def test_render_cities_min_population(capsys, tmp_path):
    argv = ["render", "--system", "iskander-m", "--site", "belgorod", "--cities"]
    assert run(capsys, *argv, "--min-population", "100,000", "-o", str(tmp_path / "big.html"))[0] == 0
    every = rm.reach_map(["iskander-m"], ["belgorod"], cities=True)._cities[0]["points"]  # what Python found
    kept = rm.reach_map(["iskander-m"], ["belgorod"], cities=True,
                        min_population=100_000).page_state()["cities"][0]["points"]
    assert [p for p in every if _people(p) >= 100_000] == kept and 0 < len(kept) < len(every)
    # the page's packed city layer (web/unpack.js decodes it) is the API's with min_population, not all places
    page = (tmp_path / "big.html").read_text(encoding="utf-8")
    shown = json.loads(page.split('<script type="application/json" id="rangemap-state-', 1)[1]
                       .split(">", 1)[1].split("</script>", 1)[0])["cities"]
    packed = {n: json.loads(rm.reach_map(["iskander-m"], ["belgorod"], cities=True, min_population=n)
                            .page_state_json())["cities"] for n in (100_000, None)}
    assert shown == packed[100_000] != packed[None]
    # every place the app would draw itself travels empty: the app draws it from the places it counts
    assert packed[None] == [{"name": "Cities in reach", "points": [], "byApp": True}]


def test_render_figure_min_population(capsys, tmp_path):
    fig = rm.reach_figure(["iskander-m"], ["belgorod"], cities=True, min_population=1_000_000)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert any("Kharkiv" in t for t in texts) and not any("Sumy" in t for t in texts)


@pytest.mark.parametrize("argv, words", [
    (["render", "--system", "iskander-m", "--site", "belgorod", "--min-population", "5", "-o", "x.html"],
     "give --cities too"),
    (["render", "--scenario", "seed", "--cities", "--min-population", "5", "-o", "x.html"], "figures"),
])
def test_render_min_population_refusals(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    assert one_line_error(*run(capsys, *argv), words)
    assert not (tmp_path / "x.html").exists()


# --- check: several targets, --band ---------------------------------------------------------------------

def test_check_several_targets_one_line_each(capsys):
    code, out, err = run(capsys, "check", "--target", "Kyiv", "Lviv", "--target", "50.45,30.52", "--site", "kursk",
                         "belgorod", "--system", "hwasong-11", "iskander-m")
    lines = out.splitlines()
    assert lines[-1] == IDEALISATION  # flight times are shown: their idealisation is stated once, last
    lines = lines[:-1]
    assert code == 0 and err == "" and len(lines) == 3 * 2 * 2
    assert [line.split(" is ")[0] for line in lines[::4]] == ["Kyiv", "Lviv", "50.4500, 30.5200"]
    code, out, _ = run(capsys, "check", "--target", "Kyiv", "Lviv", "--site", "kursk", "--system", "hwasong-11",
                       "--format", "json")
    rows = json.loads(out)
    assert [r["target"] for r in rows] == ["Kyiv", "Lviv"]
    kursk = catalog.site("kursk")
    for r, name in zip(rows, ["Kyiv", "Lviv"]):
        place = catalog.place(name)
        expected = oracle.distance(kursk["lat"], kursk["lon"], place["lat"], place["lon"])
        assert r["distance_km"] * 1000 == pytest.approx(expected, abs=0.01)


def test_check_several_targets_csv_has_one_header(capsys):
    code, out, _ = run(capsys, "check", "--target", "Kyiv", "Odesa", "Lviv", "--site", "kursk", "--format", "csv")
    assert code == 0 and out.count("target,site,system") == 1
    assert len(csv_rows(out)) == 3 * len(catalog.systems())


def test_check_band_verdicts(capsys):
    # points 650, 750 and 850 km from Kursk: Hwasong-11 is drawn at 692 km with a reported band 690-800 km
    points = [oracle.direct(*KURSK, 260.0, d) for d in (650e3, 750e3, 850e3)]
    targets = [f"{lat:.6f},{lon:.6f}" for lat, lon in points]
    code, out, err = run(capsys, "check", "--target", *targets, "--site", "kursk", "--system", "hwasong-11",
                         "iskander-m", "--band", "--format", "csv")
    assert code == 0, err
    rows = csv_rows(out)
    hwasong = [r for r in rows if r["system"] == "hwasong-11"]
    assert [r["band_verdict"] for r in hwasong] == ["in reach across the band", "in reach at the high end only",
                                                    "out of reach across the band"]
    assert [r["verdict"] for r in hwasong] == ["in reach", "out of reach", "out of reach"]
    assert {(r["range_low_km"], r["range_high_km"]) for r in hwasong} == {("690.0", "800.0")}
    assert {r["band_verdict"] for r in rows if r["system"] == "iskander-m"} == {"no reported band"}
    code, out, _ = run(capsys, "check", "--target", "Kyiv", "--site", "kursk", "--system", "iskander-m", "--band",
                       "--format", "json")
    (row,) = json.loads(out)
    assert row["range_low_km"] is None and row["range_high_km"] is None and row["band_verdict"] == "no reported band"
    code, out, _ = run(capsys, "check", "--target", targets[1], "--site", "kursk", "--system", "hwasong-11", "--band")
    assert code == 0 and out.rstrip().endswith("reported band 690-800 km: in reach at the high end only")


def test_check_band_in_the_api():
    table = rm.check("Kyiv", ["koksan-m1989", "hwasong-11"], ["kursk"], band=True)
    assert list(table.columns[-3:]) == ["range_low_km", "range_high_km", "band_verdict"]
    assert list(table["band_verdict"]) == ["out of reach across the band", "in reach across the band"]
    assert "band_verdict" not in rm.check("Kyiv", ["hwasong-11"], ["kursk"])


# --- render --extent, scenario figures ------------------------------------------------------------------

def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_render_extent_frames_the_figure(capsys, tmp_path):
    whole, framed = tmp_path / "whole.png", tmp_path / "framed.png"
    base = ["render", "--system", "hwasong-11", "--site", "belgorod", "--dpi", "40"]
    assert run(capsys, *base, "-o", str(whole))[0] == 0
    assert run(capsys, *base, "-o", str(framed), "--extent", "20,44,42,56")[0] == 0
    (w1, h1), (w2, h2) = _png_size(whole), _png_size(framed)
    assert w1 == w2 and h2 < h1  # a wide, short frame instead of the ring's square one
    def aspect(fig):
        (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
        return (y1 - y0) / (x1 - x0)

    assert aspect(rm.reach_figure("hwasong-11", "belgorod", extent=(20, 44, 42, 56))) < 0.8
    assert aspect(rm.reach_figure("hwasong-11", "belgorod")) > 0.95


@pytest.mark.parametrize("value, words", [
    ("20,44,42", "expected WEST,SOUTH,EAST,NORTH"),
    ("20,56,42,44", "-90 <= south < north <= 90"),
    ("a,b,c,d", "expected WEST,SOUTH,EAST,NORTH"),
    ("nan,40,50,60", "expected WEST,SOUTH,EAST,NORTH"),
    ("20,-95,42,56", "-90 <= south < north <= 90"),
    ("\u0662\u0660,44,42,56", "expected WEST,SOUTH,EAST,NORTH"),
])
def test_bad_extent_is_one_line_and_leaves_output_untouched(capsys, tmp_path, value, words):
    out_file = tmp_path / "x.png"
    out_file.write_text("before")
    code, out, err = run(capsys, "render", "--system", "hwasong-11", "--site", "belgorod", "-o", str(out_file),
                         f"--extent={value}")
    assert one_line_error(code, out, err, f"--extent {value!r}")
    assert words in err and out_file.read_text() == "before"


def test_extent_on_a_page_is_refused(capsys, tmp_path):
    code, out, err = run(capsys, "render", "--system", "hwasong-11", "--site", "belgorod", "-o",
                         str(tmp_path / "x.html"), "--extent", "20,44,42,56")
    assert one_line_error(code, out, err, "--extent frames figures")


@pytest.mark.parametrize("name, suffix", [("seed", ".png"), ("russia-long-range", ".svg")])
def test_scenario_figures(capsys, tmp_path, name, suffix):
    path = tmp_path / f"x{suffix}"
    code, out, err = run(capsys, "render", "--scenario", name, "-o", str(path), "--dpi", "40")
    assert code == 0, err
    title = catalog.scenario(name)["title"]
    if suffix == ".png":
        _png_size(path)
    else:
        text = path.read_text()
        assert text.lstrip().startswith("<?xml") and f">{title}</text>" in text
    assert rm.reach_figure(scenario=name).texts[0].get_text() == title


def test_unknown_scenario_figure_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "render", "--scenario", "russia-long-rang", "-o", str(tmp_path / "x.png"))
    assert one_line_error(code, out, err, "did you mean russia-long-range")


# --- export --envelope ------------------------------------------------------------------------------------

def test_export_envelope(capsys, tmp_path):
    path = tmp_path / "env.geojson"
    code, out, _ = run(capsys, "export", "--system", "hwasong-11", "iskander-m", "--site", "belgorod", "kursk",
                       "-o", str(path), "--envelope")
    assert code == 0 and "2 envelope polygons" in out
    features = json.loads(path.read_text())["features"]
    assert [f["properties"]["system"] for f in features] == ["hwasong-11", "iskander-m"]
    assert all(f["properties"]["sites"] == 2 and f["properties"]["source"] for f in features)
    rng = np.random.default_rng(24)
    sites = [BELGOROD, KURSK]
    tested = 0
    for feature, (min_m, range_m) in zip(features, ((0.0, 692_018.0), (50_000.0, 500_000.0))):
        shape = shapely.from_geojson(json.dumps(feature["geometry"]))
        assert shape.is_valid
        for _ in range(80):  # inside exactly when some site reaches it (away from the 50 m tolerance)
            lat, lon = oracle.direct(*sites[rng.integers(2)], rng.uniform(0, 360), rng.uniform(0.0, 1.3) * range_m)
            d = [oracle.distance(*s, lat, lon) for s in sites]
            if min(abs(x - b) for x in d for b in (min_m, range_m)) < 100:
                continue
            tested += 1
            assert shape.contains(shapely.Point(lon, lat)) == any(min_m <= x <= range_m for x in d)
    assert tested > 150


def test_export_envelope_kml_names_and_band_refused(capsys, tmp_path):
    path = tmp_path / "env.kml"
    assert run(capsys, "export", "--system", "hwasong-11", "--site", "belgorod", "kursk", "-o", str(path),
               "--envelope")[0] == 0
    assert "<name>hwasong-11 from 2 site(s)</name>" in path.read_text()
    code, out, err = run(capsys, "export", "--system", "hwasong-11", "--site", "belgorod", "-o", str(path),
                         "--envelope", "--band")
    assert one_line_error(code, out, err, "leave out --band")


# --- launch-area --------------------------------------------------------------------------------------

def test_launch_area_geojson(capsys, tmp_path):
    path = tmp_path / "area.geojson"
    code, out, err = run(capsys, "launch-area", "--target", "Kyiv", "--system", "iskander-m", "-o", str(path))
    assert code == 0 and "1 launch area" in out
    (feature,) = json.loads(path.read_text())["features"]
    props = feature["properties"]
    assert props["system"] == "iskander-m" and props["target"] == "Kyiv (UA)" and props["source"]
    kyiv = (props["target_lat"], props["target_lon"])
    sites = catalog.sites()
    within = sorted(n for n, la, lo in zip(sites["name"], sites["lat"], sites["lon"])
                    if 50_000 <= oracle.distance(*kyiv, la, lo) <= 500_000)
    assert props["sites_inside"] == len(within) > 0
    assert sorted(s.split(" (")[0] for s in props["site_names"].split("; ")) == sorted(w.split(" (")[0] for w in within)
    assert "can reach Kyiv (UA) from" in err
    shape = shapely.from_geojson(json.dumps(feature["geometry"]))
    for azimuth in range(0, 360, 30):  # the ring around the target: 50..500 km (tolerance 50 m)
        for d, inside in ((499_800, True), (500_200, False), (49_800, False), (50_200, True)):
            lat, lon = oracle.direct(*kyiv, azimuth, d)
            assert shape.contains(shapely.Point(lon, lat)) == inside


def test_launch_area_kml_gpkg_and_page(capsys, tmp_path):
    import pyogrio

    kml, gpkg, page = tmp_path / "a.kml", tmp_path / "a.gpkg", tmp_path / "a.html"
    assert run(capsys, "launch-area", "--target", "50.45,30.52", "--system", "iskander-m", "--site", "belgorod",
               "kursk", "pyongyang", "-o", str(kml))[0] == 0
    assert "<name>Launch area: 9M723 Iskander-M against 50.4500, 30.5200</name>" in kml.read_text()
    assert run(capsys, "launch-area", "--target", "Kyiv", "--operator", "Ukraine", "-o", str(gpkg))[0] == 0
    assert list(pyogrio.read_dataframe(gpkg)["system"]) == catalog.operator_systems("Ukraine")
    code, out, _ = run(capsys, "launch-area", "--target", "Kyiv", "--system", "iskander-m", "-o", str(page))
    assert code == 0 and "Launch area: 9M723 Iskander-M against Kyiv (UA)" in page.read_text()


def test_launch_area_custom_range(capsys, tmp_path):
    path, page = tmp_path / "area.geojson", tmp_path / "area.html"
    code, out, err = run(capsys, "launch-area", "--target", "Kyiv", "--range", "300 mi", "--min-range", "20km",
                         "--name", "Mine <b>", "--system", "iskander-m", "-o", str(path))
    assert code == 0 and "2 launch area" in out
    features = json.loads(path.read_text())["features"]
    mine = next(f for f in features if f["properties"]["system_name"] == "Mine <b>")["properties"]
    assert mine["range_km"] == pytest.approx(482.8032) and mine["min_range_km"] == pytest.approx(20.0)
    kyiv = (mine["target_lat"], mine["target_lon"])
    sites = catalog.sites()
    within = [n for n, la, lo in zip(sites["name"], sites["lat"], sites["lon"])
              if 20_000 <= oracle.distance(*kyiv, la, lo) <= 482_803.2]
    assert mine["sites_inside"] == len(within) > 0
    assert run(capsys, "launch-area", "--target", "Kyiv", "--range", "300 mi", "-o", str(page))[0] == 0
    assert "Launch area: custom range 482.803 km against Kyiv (UA)" in page.read_text()


@pytest.mark.parametrize("argv, words", [
    (["--target", "Kyiv", "--system", "iskander-m", "-o", "{}/a.png"], "use .html or one of .geojson"),
    (["--target", "Kyiv", "--range", "-5 km", "-o", "{}/a.geojson"], "-5 km"),
    (["--target", "Kyiv", "-o", "{}/a.geojson"], "give --system ID"),
    (["--target", "Atlantisz", "--system", "iskander-m", "-o", "{}/a.geojson"], "Atlantisz"),
    (["--target", "95,30", "--system", "iskander-m", "-o", "{}/a.geojson"], "latitude 95.0"),
    (["--target", "Kyiv", "--system", "iskandr-n", "-o", "{}/a.geojson"], "unknown system 'iskandr-n'"),
    (["--target", "Kyiv", "--operator", "Mars", "-o", "{}/a.geojson"], "known operators are"),
])
def test_launch_area_bad_input_is_one_line_and_leaves_output_untouched(capsys, tmp_path, argv, words):
    for suffix in (".png", ".geojson"):
        (tmp_path / f"a{suffix}").write_text("before")
    code, out, err = run(capsys, "launch-area", *[a.format(tmp_path) for a in argv])
    assert one_line_error(code, out, err, words)
    assert all((tmp_path / f"a{s}").read_text() == "before" for s in (".png", ".geojson"))


# --- the lean install ------------------------------------------------------------------------------------

def _test_only_modules():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {re.split(r"[\[<>=;!~ ]", d)[0].lower() for d in project["dependencies"]}
    test = {re.split(r"[\[<>=;!~ ]", d)[0].lower() for d in project["optional-dependencies"]["test"]}
    modules = {name.replace("-", "_") for name in test - runtime}
    return sorted(modules | {"distributed"} if "dask" in modules else modules)


def _run_without(modules, body, tmp_path):
    """Run ``body`` (Python) in a new process where importing any of ``modules`` fails, as in a venv
    without them; returns the finished process."""
    script = f"""
import sys
BLOCKED = {sorted(modules)!r}
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
from rangemap.cli import main
out = {str(tmp_path)!r}
""" + body
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_runtime_commands_need_nothing_from_the_test_extra(tmp_path):
    modules = _test_only_modules()
    (tmp_path / "s.csv").write_text("name,lat,lon\nBase,50.6,36.6\n")
    (tmp_path / "s.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Base"}, "geometry": {"type": "Point", "coordinates": [36.6, 50.6]}}]}))
    assert "pyarrow" in modules and "pytest" in modules and "numpy" not in modules
    done = _run_without(modules, """
for argv in (["demo", "-o", out + "/seed.html"],
             ["render", "--system", "hwasong-11", "--site", "belgorod", "-o", out + "/f.png", "--dpi", "30"],
             ["export", "--system", "hwasong-11", "--site", "belgorod", "-o", out + "/r.gpkg"],
             ["check", "--target", "Kyiv", "--site", "kursk"],
             ["targets", "--system", "hwasong-11", "--site", "belgorod", "--format", "csv"],
             ["export", "--system", "hwasong-11", "--sites-file", out + "/s.csv", "-o", out + "/s.kml"],
             ["export", "--system", "hwasong-11", "--sites-file", out + "/s.geojson", "-o", out + "/g.geojson"],
             ["launch-area", "--target", "Kyiv", "--system", "iskander-m", "-o", out + "/a.gpkg"]):
    code = main(argv)
    assert code == 0, (argv, code)
assert not [m for m in sys.modules if m.split(".")[0] in BLOCKED]
print("ok")
""", tmp_path)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]


def test_missing_pyarrow_is_one_line(tmp_path):
    (tmp_path / "p.csv").write_text("name,lat,lon\na,50,36\n")
    done = _run_without(["pyarrow"], """
sys.exit(10 * main(["targets", "--system", "iskander-m", "--site", "belgorod", "--targets-file", out + "/p.csv"])
         + main(["targets", "--system", "iskander-m", "--site", "belgorod", "-o", out + "/t.parquet"]))
""", tmp_path)
    assert done.returncode == 22 and done.stdout == "", done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert lines == ["rangemap: error: reading targets file 'p.csv' in batches needs pyarrow, which is not installed: "
                     "pip install 'rangemap[arrow]'",
                     "rangemap: error: writing 't.parquet' needs pyarrow, which is not installed: "
                     "pip install 'rangemap[arrow]'"]
    assert not (tmp_path / "t.parquet").exists()


def test_make_demo_installs_the_runtime_only_and_make_test_adds_the_test_extra():
    text = (ROOT / "Makefile").read_text()
    demo = re.search(r"^demo: (.+)$", text, re.M).group(1).split()
    test = re.search(r"^test: (.+)$", text, re.M).group(1).split()
    assert demo == ["$(RUNTIME)"] and test == ["$(STAMP)"]
    runtime_rule = re.search(r"^\$\(RUNTIME\):.*?(?=^\S)", text, re.M | re.S).group(0)
    assert "-e ." in runtime_rule and "[test]" not in runtime_rule
    assert "'.[test]'" in re.search(r"^\$\(STAMP\): \$\(RUNTIME\)$.*?(?=^\S)", text, re.M | re.S).group(0)


# --- README usage lines ----------------------------------------------------------------------------------

def _readme_commands():
    text = (ROOT / "README.md").read_text()
    block = text.split("## Command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("rangemap ")]


def test_readme_usage_lines_can_be_copied_as_they_are():
    commands = _readme_commands()
    assert len(commands) >= 15
    parser = build_parser()
    for line in commands:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words = list(lexer)
        assert not set(words) & {"|", "||", "&", "&&", ";", ">", "<", ">>"}, line  # the shell would split it here
        parser.parse_args(words[1:])  # raises CommandLineError (one line) on anything the CLI refuses
