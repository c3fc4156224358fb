"""Safe with anyone's data (issue 10): outputs that never clobber, one-line failures, input as people
write it, bounded pages for many rings, reach from any area."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

import rangemap as rm
from devtools import oracle
from rangemap.cli import main
from rangemap.errors import (
    CoordinateError,
    DistanceError,
    ManyRingsWarning,
    OutputError,
    RangemapError,
    UnknownNameError,
)
from rangemap.io.atomic import write_atomic
from rangemap.io.sites import read_sites_file
from rangemap.units import parse_distance


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("rangemap: "), err
    return lines[0]


# --- outputs never clobber (10.2) -------------------------------------------------------------------


def test_fifo_is_refused_and_left_as_it_was(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        write_atomic(fifo, "x")  # opening a FIFO for writing would block: refusal comes first
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]  # no temp file left behind


def test_socket_and_folder_are_refused(tmp_path):
    import socket

    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(OutputError, match="socket"):
            write_atomic(sock_path, "x")
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    with pytest.raises(OutputError, match="folder"):
        write_atomic(tmp_path, "x")


def test_cli_refuses_fifo_with_one_line_exit_2(capsys, tmp_path):
    fifo = tmp_path / "map.html"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "render", "--system", "hwasong-11", "--site", "kursk", "-o", str(fifo))
    assert code == 2 and out == ""
    assert "FIFO" in one_line(err) and str(fifo) in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_symlink_is_written_through_to_its_target(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "map.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert sorted(os.listdir(real_dir)) == ["map.html"] and sorted(os.listdir(tmp_path)) == ["link.html", "real"]


def test_dangling_symlink_is_refused(tmp_path):
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "missing" / "map.html")
    with pytest.raises(OutputError, match="symlink"):
        write_atomic(link, "new")
    assert link.is_symlink()


def test_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "map.html"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("umask, mode", [(0o077, 0o600), (0o002, 0o664)])
def test_new_file_honours_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.html").stat().st_mode) == mode


# --- every failure is one line (10.3) -----------------------------------------------------------------


def run_cli(*argv, script=None, timeout=120):
    """The CLI in a fresh process (``script`` runs first, e.g. to plant a fault): (code, stdout, stderr)."""
    code = f"{script or ''}\nfrom rangemap.cli import main\nraise SystemExit(main({list(argv)!r}))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("features, words", [
    ('[1, "x"]', "feature 0: expected a GeoJSON Feature object"),
    ('[{"type": "Feature", "properties": [1], "geometry": {"type": "Point", "coordinates": [30, 50]}}]',
     "feature 0: properties must be an object"),
    ('[{"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [30, 50]}},'
     ' {"type": "Feature", "properties": {"name": "b"}, "geometry": "POINT (30 50)"}]', "feature 1: geometry must"),
    ('[{"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [[30, 50]]}}]',
     "feature 0: Point coordinates"),
])
def test_malformed_geojson_features_are_one_line(tmp_path, features, words):
    path = tmp_path / "sites.geojson"
    path.write_text(f'{{"type": "FeatureCollection", "features": {features}}}')
    code, out, err = run_cli("targets", "--system", "hwasong-11", "--sites-file", str(path))
    assert code == 2 and out == ""
    assert words in one_line(err) and "sites.geojson" in err


FAULT = """
import rangemap.cli
def broken(args):
    raise {exc}
rangemap.cli._cmd_systems = broken
"""


def test_internal_error_is_exit_1_with_a_hint():
    code, out, err = run_cli("systems", script=FAULT.format(exc="ValueError('a bug, not bad input')"))
    assert code == 1 and out == ""
    line = one_line(err)
    assert "internal error" in line and "a bug, not bad input" in line and "--debug" in line


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(where):
    argv = ["--debug", "systems"] if where == "before" else ["systems", "--debug"]
    code, _, err = run_cli(*argv, script=FAULT.format(exc="ZeroDivisionError('deep')"))
    assert code == 1 and "Traceback (most recent call last)" in err and "ZeroDivisionError: deep" in err


def test_keyboard_interrupt_from_inside_a_command_is_exit_130():
    code, out, err = run_cli("systems", script=FAULT.format(exc="KeyboardInterrupt"))
    assert code == 130 and out == "" and "interrupted" in one_line(err)


def test_ctrl_c_is_exit_130_with_one_line():
    slow = textwrap.dedent("""
        import sys, time
        import rangemap.cli
        def slow(args):
            print("ready", flush=True)
            time.sleep(60)
        rangemap.cli._cmd_systems = slow
        from rangemap.cli import main
        raise SystemExit(main(["systems"]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", slow], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "ready\n"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130 and out == ""
    assert "interrupted" in one_line(err)


def test_unbalanced_template_tag_in_title_is_no_traceback(tmp_path):
    code, _, err = run_cli("render", "--system", "hwasong-11", "--site", "kursk", "--title", "Costs {{ price }} {%",
                           "-o", str(tmp_path / "map.html"))
    assert "Traceback" not in err
    if code != 0:  # until titles are literal text (issue 10 item 1), it must at least be one line
        one_line(err)


# --- input as people write it (10.4) ----------------------------------------------------------------


@pytest.mark.parametrize("text, suggestion", [("2,5 km", "'2.5 km'"), ("1,5 mi", "'1.5 mi'"), ("12,00", "'12.00'")])
def test_decimal_comma_is_an_error_saying_how_to_write_it(text, suggestion):
    with pytest.raises(DistanceError, match="ambiguous") as info:
        parse_distance(text)
    assert suggestion in str(info.value)


@pytest.mark.parametrize("text", ["1,,2,,,3 km", "1,2345 km", "12,34,567 m", "1,200,5 mi"])
def test_stray_commas_are_an_error(text):
    with pytest.raises(DistanceError, match="commas may only group thousands|write decimals with a point"):
        parse_distance(text)


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=1, max_value=2),
       st.sampled_from(["km", "mi", "m"]))
def test_commas_group_thousands_only(n, cut, unit):
    grouped = f"{n:,}"
    assert parse_distance(f"{grouped} {unit}") == parse_distance(f"{n} {unit}")
    with pytest.raises(DistanceError, match="ambiguous"):  # a last group of one or two digits: not thousands
        parse_distance(f"{grouped[:-cut]} {unit}")


def test_cli_decimal_comma_is_one_line(capsys):
    code, out, err = run(capsys, "reach", "--at", "50,30", "--range", "2,5 km")
    assert code == 2 and out == "" and "'2.5 km'" in one_line(err)


def test_negative_first_coordinate_in_at(capsys):
    code, out, err = run(capsys, "reach", "--at", "-33.86,151.21", "--range", "100 km")
    assert code == 0 and err == ""
    props = json.loads(out)["properties"]
    assert (props["launch_lat"], props["launch_lon"]) == (-33.86, 151.21)


def test_several_negative_points_in_at(capsys):
    code, out, err = run(capsys, "targets", "--system", "hwasong-11", "--at", "-33.86,151.21", "-0.5,-40",
                         "50.6,36.6", "--format", "csv")
    assert code == 0
    assert "Belgorod" in out  # the third point was read too


SITES_TEXTS = {
    "spreadsheet case": "Name,Lat,Lon\nKyiv,50.45,30.52\nLviv,49.84,24.03\n",
    "long names": "latitude,longitude,name\n50.45,30.52,Kyiv\n49.84,24.03,Lviv\n",
    "lng and spaces": " site , LAT ,  lng \nKyiv , 50.45, 30.52\nLviv,49.84 ,24.03\n",
    "semicolons": "label;y;x\nKyiv;50.45;30.52\nLviv;49.84;24.03\n",
    "semicolons, decimal commas": "Name;Latitude;Longitude\nKyiv;50,45;30,52\nLviv;49,84;24,03\n",
    "tabs": "name\tlat\tlong\nKyiv\t50.45\t30.52\nLviv\t49.84\t24.03\n",
    "BOM, semicolons": "\ufeffname;lat;lon\nKyiv;50.45;30.52\nLviv;49.84;24.03\n",
    "export with blank and empty rows": 'Site_Name,Lat,Long,Notes\n"Kyiv",50.45,30.52,"capital, city"\n\n,,,\n'
                                        "Lviv,49.84,24.03,\n,,,\n",
}


@pytest.mark.parametrize("kind", SITES_TEXTS)
def test_sites_files_as_spreadsheets_write_them(tmp_path, kind):
    path = tmp_path / "sites.csv"
    path.write_text(SITES_TEXTS[kind], encoding="utf-8")
    table = read_sites_file(path)
    assert table["name"].tolist() == ["Kyiv", "Lviv"]
    assert table["lat"].tolist() == [50.45, 49.84] and table["lon"].tolist() == [30.52, 24.03]


def test_bad_row_is_named_by_its_line_in_the_file(capsys, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("name,lat,lon\nKyiv,50.45,30.52\n\n,,\nLviv,95,24.03\n")  # line 5 is wrong
    code, out, err = run(capsys, "targets", "--system", "kn-23", "--sites-file", str(path))
    assert code == 2 and "sites.csv, row 5, column 'lat': 95.0 is outside -90..90" in one_line(err)


def test_missing_column_names_the_accepted_aliases(capsys, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("Station,Lat,Lon\nA,50.1,30.2\n")
    code, out, err = run(capsys, "targets", "--system", "kn-23", "--sites-file", str(path))
    assert code == 2 and "missing column 'name': call it one of name, site, label" in one_line(err)
    assert "'Station'" in err


def test_geojson_sites_property_aliases(tmp_path):
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Label": "Kyiv"}, "geometry": {"type": "Point", "coordinates": [30.52, 50.45]}},
    ]}))
    assert read_sites_file(path)["name"].tolist() == ["Kyiv"]


@pytest.mark.parametrize("country, words", [("XX", "unknown country code 'XX'"), ("ua,UK", "did you mean")])
def test_unknown_country_code_is_an_error(capsys, country, words):
    code, out, err = run(capsys, "targets", "--system", "hwasong-11", "--site", "kursk", "--country", country)
    assert code == 2 and out == ""
    assert words in one_line(err)


def test_unknown_country_code_in_the_api():
    table = rm.reach("hwasong-11", "kursk")
    assert set(rm.targets_in_reach(table, countries=" ua, md")["country"]) == {"UA", "MD"}
    with pytest.raises(UnknownNameError, match="'XX'"):
        rm.targets_in_reach(table, countries=["UA", "XX"])


def test_empty_result_says_so_in_one_line(capsys):
    code, out, err = run(capsys, "targets", "--system", "mrl-240mm", "--at", "0,-30")
    assert code == 0 and out == ""
    assert "no cities within reach" in one_line(err)


# --- reach from any area (10.6) -----------------------------------------------------------------------


def test_reach_from_a_front_line():
    front = shapely.MultiLineString([[(35.0, 50.0), (37.0, 50.8), (38.5, 50.2)], [(33.0, 52.0), (33.5, 52.3)]])
    range_m = 150_000.0
    reach = rm.reach_from_area(front, range_m)
    assert reach.is_valid and reach.covers(front)
    lines = [np.asarray(part.coords) for part in front.geoms]
    rng = np.random.default_rng(3)
    checked = 0
    for lon, lat in zip(rng.uniform(30.0, 42.0, 60), rng.uniform(48.0, 54.5, 60)):
        d = oracle.distance_to_lines(lines, lat, lon)
        if abs(d - range_m) <= 100:  # within the tolerance (and the oracle's sampling) of the edge
            continue
        assert bool(shapely.intersects_xy(reach, lon, lat)) == (d <= range_m), (lat, lon, d)
        checked += 1
    assert checked > 40


def test_reach_from_points_is_the_union_of_their_rings():
    points = shapely.MultiPoint([(36.5873, 50.5955), (36.1873, 51.7373)])
    reach = rm.reach_from_area(points, 300_000.0)
    rings = shapely.union_all([rm.reach_polygon(p.y, p.x, 300_000.0) for p in points.geoms])
    assert shapely.symmetric_difference(reach, rings).area < 1e-3 * rings.area
    single = rm.reach_from_area(shapely.Point(36.5873, 50.5955), 300_000.0)
    assert single.geom_type == "Polygon" and not single.contains(shapely.Point(30.5234, 50.4501))  # Kyiv: 430 km


def test_area_beyond_180_is_folded_back():
    reach = rm.reach_from_area(shapely.box(175.0, 60.0, 185.0, 61.0), 100_000.0)
    west, _, east, _ = reach.bounds
    assert -180.0 <= west and east <= 180.0
    assert reach.covers(shapely.Point(-176.0, 60.5)) and reach.covers(shapely.Point(179.0, 60.5))


@pytest.mark.parametrize("area, kwargs, error, words", [
    (shapely.box(30, 50, 31, 51), {"tolerance_m": 0}, DistanceError, "tolerance_m 0"),
    (shapely.box(30, 50, 31, 51), {"tolerance_m": float("nan")}, DistanceError, "tolerance_m nan"),
    (shapely.box(30, 50, 31, 95), {}, CoordinateError, "lat 95.0"),
    (shapely.LineString([(30, 50), (float("inf"), 51)]), {}, CoordinateError, "lon inf, lat 51.0"),
    (shapely.Point(), {}, RangemapError, "empty"),
    ([(30, 50)], {}, RangemapError, "shapely geometry"),
])
def test_bad_area_input_is_one_clear_error(area, kwargs, error, words):
    with pytest.raises(error, match=words) as info:
        rm.reach_from_area(area, 100_000.0, **kwargs)
    assert "\n" not in str(info.value)


# --- many rings: a bounded page (10.5, render half) ---------------------------------------------------

PAGE_LAYERS_JS = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const out = {reach: 0, envelope: 0, sites: 0};
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.rangemap in out && l instanceof L.Path) out[p.rangemap] += 1;
    if (l instanceof L.CircleMarker && l.options.className === 'rangemap-site') out.sites += 1;
  });
  return out;
}"""


def _spread_sites(n):
    lat, lon = np.meshgrid(np.linspace(48.0, 55.0, int(np.ceil(np.sqrt(n)))), np.linspace(34.0, 46.0,
                                                                                           int(np.ceil(np.sqrt(n)))))
    return pd.DataFrame({"name": [f"Site <b>{i}</b>" for i in range(n)], "lat": lat.ravel()[:n].round(4),
                         "lon": lon.ravel()[:n].round(4)})


def test_many_rings_are_drawn_as_reach_and_sites(tmp_path, monkeypatch):
    from devtools.browser import Page, launch, require_browser
    from rangemap.render import quick

    require_browser()
    from playwright.sync_api import sync_playwright

    monkeypatch.setattr(quick, "OUTLINED_RINGS_MAX", 5)
    with pytest.warns(ManyRingsWarning, match="8 reach rings"):
        m = rm.reach_map(["hwasong-11", "koksan-m1989"], _spread_sites(4))
    path = tmp_path / "map.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    with sync_playwright() as p:
        browser = launch(p)
        page = Page(browser, path)
        drawn = page.page.evaluate(PAGE_LAYERS_JS)
        browser.close()
    assert page.errors == [] and page.blocked == []
    assert drawn == {"reach": 0, "envelope": 2, "sites": 4}


def test_cli_says_so_in_one_line(capsys, tmp_path, monkeypatch):
    from rangemap.render import quick

    monkeypatch.setattr(quick, "OUTLINED_RINGS_MAX", 3)
    code, out, err = run(capsys, "render", "--system", "koksan-m1989", "mrl-240mm", "--site", "kursk", "belgorod",
                         "-o", str(tmp_path / "map.html"))
    assert code == 0 and "wrote" in out
    assert "4 reach rings" in one_line(err) and "warning" in err


def test_8_systems_by_200_sites_stay_under_5_mb():
    with pytest.warns(ManyRingsWarning):
        m = rm.reach_map(list(rm.systems()["id"])[:8], _spread_sites(200))
    assert len(m.get_root().render().encode()) < 5e6  # every ring outlined: 36 MB (docs/many-rings.md)


def test_reach_map_save_is_as_safe_as_the_cli(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    m = rm.reach_map(["koksan-m1989"], ["kursk"])
    with pytest.raises(OutputError, match="pipe.html"):
        m.save(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    target = tmp_path / "real.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    m.save(str(link))
    assert link.is_symlink() and "Koksan" in target.read_text()
