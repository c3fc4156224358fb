"""Hostile inputs from issue 24: outputs always complete and valid, user text never typeset or executed,
one line (exit 2) instead of a traceback. Each case failed on the code before the fix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

import rangemap as rm
from rangemap.cli import main
from rangemap.errors import RangemapError
from rangemap.io.sites import read_sites_file
from rangemap.render.figure import reach_figure, save_figure
from rangemap.text import check_name, printable, spreadsheet_cell

RANGEMAP = [sys.executable, "-m", "rangemap"]


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text and "internal error" not in text, text
    return lines[0]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["map.jpg", "map.txt", "map"])
def test_render_refuses_an_output_that_is_neither_page_nor_figure(capsys, tmp_path, name):
    code, out, err = run(capsys, "render", "--system", "kn-23", "--site", "belgorod", "-o", str(tmp_path / name))
    assert code == 2 and ".html page or a .png, .svg or .pdf figure" in one_line(err)
    assert list(tmp_path.iterdir()) == []
    code, out, err = run(capsys, "demo", "-o", str(tmp_path / name))
    assert code == 2 and "the demo writes a .html page" in one_line(err)


@pytest.mark.parametrize("bad", [None, 5, {"lat": 1, "lon": 2}, (1, 2, 3), object()])
def test_a_launch_site_that_is_neither_name_nor_pair_is_a_rangemap_error(bad):
    with pytest.raises(RangemapError, match="launch site .*give a name or a \\(lat, lon\\) pair"):
        rm.reach("kn-23", [bad])


def test_deeply_nested_geojson_is_one_line(capsys, tmp_path):
    path = tmp_path / "deep.geojson"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run(capsys, "render", "--system", "kn-23", "--sites-file", str(path), "-o", str(tmp_path / "x.html"))
    assert code == 2 and "nested too deeply" in one_line(err)


@pytest.mark.parametrize("crs", ["EPSG:4978", "EPSG:4979"])
def test_a_crs_that_is_no_map_projection_is_refused(capsys, tmp_path, crs):
    code, out, err = run(capsys, "render", "--system", "kn-23", "--site", "belgorod", "--crs", crs,
                         "-o", str(tmp_path / "x.png"))
    assert code == 2 and "is not a map projection" in one_line(err)
    assert not (tmp_path / "x.png").exists()


def test_arguments_that_are_not_utf8_are_one_line(capsys):
    bad = b"Ky\xffiv".decode("utf-8", "surrogateescape")  # as Python hands over bytes that are not UTF-8
    code, out, err = run(capsys, "check", "--target", bad, "--system", "kn-23", "--site", "belgorod")
    assert code == 2 and "is not valid UTF-8 text" in one_line(err)
    proc = subprocess.run([*RANGEMAP, "check", "--target", os.fsdecode(b"Ky\xffiv"), "--system", "kn-23", "--site",
                           "belgorod"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "is not valid UTF-8 text" in one_line(proc.stderr)


def test_closed_and_full_standard_output_are_one_line():
    argv = " ".join([*RANGEMAP, "check", "--target", "Kyiv", "--system", "kn-23", "--site", "belgorod"])
    closed = subprocess.run(f"{argv} >&-", shell=True, capture_output=False, stderr=subprocess.PIPE, text=True,
                            timeout=120)
    assert closed.returncode == 2 and "standard output is closed" in one_line(closed.stderr)
    full = subprocess.run(f"{argv} > /dev/full", shell=True, stderr=subprocess.PIPE, text=True, timeout=120)
    assert full.returncode == 2 and "No space left on device" in one_line(full.stderr)


def test_sigterm_leaves_no_temporary_file_and_the_old_output(tmp_path):
    rng = np.random.default_rng(1)
    n = 400_000
    pd.DataFrame({"name": [f"p{i}" for i in range(n)], "lat": rng.uniform(45, 56, n), "lon": rng.uniform(33, 48, n),
                  "population": 1000}).to_csv(tmp_path / "targets.csv", index=False)
    out = tmp_path / "out.csv"
    out.write_text("the old answer\n")
    proc = subprocess.Popen([*RANGEMAP, "targets", "--system", "kn-23", "--site", "belgorod", "--targets-file",
                             str(tmp_path / "targets.csv"), "-o", str(out)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".out.csv.") for p in tmp_path.iterdir()):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + signal.SIGTERM and "stopped by SIGTERM" in one_line(err.split("\r")[-1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "targets.csv"]
    assert out.read_text() == "the old answer\n"


def test_spreadsheet_formulas_and_escapes_stay_text_in_csv(capsys, tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text('name,lat,lon\n"=HYPERLINK(""http://evil.example"",""x"")",50.6,36.6\n@SUM(A1),50.7,36.7\n')
    code, out, err = run(capsys, "targets", "--system", "kn-23", "--sites-file", str(sites), "--format", "csv")
    assert code == 0
    rows = pd.read_csv(__import__("io").StringIO(out), dtype=str)
    assert set(rows["site"]) == {"'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(A1)"}
    assert not rows["site"].str.match(r"^[=@+\-]").any()
    targets = tmp_path / "targets.csv"
    targets.write_text("name,lat,lon\nEvil\x1b[2J\x1b]0;pwned\x07,50.5,36.5\n-1+cmd|calc,50.4,36.4\n-33.8,50.3,36.3\n")
    code, out, err = run(capsys, "targets", "--system", "kn-23", "--site", "belgorod", "--targets-file", str(targets))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Evil\ufffd[2J" in out and "\n-33.8," in out  # numbers are no formulas
    assert "'-1+cmd|calc" in out


@pytest.mark.parametrize("name", ["Evil\x1b[2J", "a\x00b", "bell\x07", "rtl\u202eevil", "x" * 501, "   "])
def test_names_with_control_characters_or_unbounded_length_are_refused(capsys, tmp_path, name):
    sites = tmp_path / "sites.csv"
    pd.DataFrame({"name": [name], "lat": [50.6], "lon": [36.6]}).to_csv(sites, index=False)
    code, out, err = run(capsys, "render", "--system", "kn-23", "--sites-file", str(sites), "-o", str(tmp_path / "m.html"))
    assert code == 2 and "row 2, column 'name'" in one_line(err)
    assert not (tmp_path / "m.html").exists()
    with pytest.raises(RangemapError):
        rm.reach_map("kn-23", "belgorod", title=name)
    if name.strip():  # a blank custom name means "no name": the range labels it
        with pytest.raises(RangemapError):
            rm.custom_system(500, name=name)


def test_figure_text_is_never_mathtext(tmp_path):
    sites = pd.DataFrame({"name": ["$x^2$ base"], "lat": [50.6], "lon": [36.6]})
    titled, named = tmp_path / "titled.svg", tmp_path / "named.svg"
    save_figure(reach_figure(["kn-23"], sites, title="Budget $5 million vs $10 million"), titled)
    save_figure(reach_figure(["kn-23"], sites), named)  # the default title names the site
    assert ">Budget $5 million vs $10 million<" in titled.read_text()
    assert "from $x^2$ base<" in named.read_text()


def test_text_rules():
    assert check_name(" Kyiv ") == "Kyiv"
    assert printable("a\x00b\x9bc") == "a\ufffdb\ufffdc"
    assert spreadsheet_cell("=1+1") == "'=1+1" and spreadsheet_cell("-33.86, 151.21") == "-33.86, 151.21"
    assert spreadsheet_cell(-5) == -5 and spreadsheet_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"


def test_gpkg_and_kml_keep_text_after_a_nul_and_a_failed_write_is_one_line(tmp_path, monkeypatch):
    table = rm.reach("kn-23", "belgorod")
    table["site"] = "A\x00B"
    for suffix in (".gpkg", ".kml"):
        path = tmp_path / f"r{suffix}"
        rm.export_reach(table, path)
        names = pyogrio.read_dataframe(path)
        column = "site" if suffix == ".gpkg" else "Name"
        assert names[column].str.contains("A\ufffdB").all()
    old = tmp_path / "r.gpkg"
    before = old.read_bytes()

    def full_disk(*args, **kwargs):
        raise pyogrio.errors.DataSourceError("sqlite3_exec(CREATE TABLE) failed: database or disk is full")

    monkeypatch.setattr(type(table), "to_file", full_disk)
    with pytest.raises(RangemapError, match="cannot write .*disk is full"):
        rm.export_reach(table, old)
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.gpkg", "r.kml"]


def test_json_output_escapes_control_characters(capsys, tmp_path):
    targets = tmp_path / "targets.csv"
    targets.write_text("name,lat,lon\nok,50.5,36.5\n")
    code, out, err = run(capsys, "check", "--target", "Kyiv", "--system", "kn-23", "--site", "belgorod",
                         "--format", "json")
    assert code == 0 and json.loads(out)


def test_sites_file_rows_name_file_lines_after_blank_lines(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,lat,lon\nKyiv,50.45,30.52\n\nbad\x07name,50,30\n")
    with pytest.raises(RangemapError, match="row 4, column 'name'"):
        read_sites_file(path)
    assert Path(path).exists()


def test_custom_ranges_that_slug_alike_or_take_a_catalog_id_are_refused():
    a, b = rm.custom_system(500, name="My range"), rm.custom_system(600, name="my-range")
    with pytest.raises(RangemapError, match="share the id 'custom-my-range'"):
        rm.reach([a, b], "belgorod", geometry=False)
    with pytest.raises(RangemapError, match="has the id 'hwasong-11' of a catalog system"):
        rm.reach([{"id": "hwasong-11", "range_km": 5, "name": "mine"}], "belgorod", geometry=False)
    assert rm.reach([a, a, "kn-23", "hwasong-11"], "belgorod", geometry=False)["system"].tolist() == [
        "custom-my-range", "hwasong-11"]  # the same system twice is drawn once


def test_two_places_of_one_name_keep_their_own_ids(capsys, tmp_path):
    sites = pd.DataFrame({"name": ["Base", "Base", "Base"], "lat": [50.0, 51.0, 52.0], "lon": [36.0, 37.0, 38.0]})
    table = rm.reach("kn-23", sites, geometry=False)
    assert table["site"].tolist() == ["Base", "Base #2", "Base #3"]
    assert table["lat"].tolist() == [50.0, 51.0, 52.0]
    assert rm.reach("kn-23", ["kursk", "kursk", (50, 36), (50, 36)], geometry=False)["site"].tolist() == [
        "kursk", "50.0000, 36.0000"]
    path = tmp_path / "s.csv"
    path.write_text("id,name,lat,lon\nx,Base,50,36\nx,Other,51,37\n")
    code, out, err = run(capsys, "render", "--system", "kn-23", "--sites-file", str(path), "-o", str(tmp_path / "m.html"))
    assert code == 2 and "row 3, column 'id': 'x' appears twice" in one_line(err)


def test_figures_with_many_rings_draw_each_system_once(monkeypatch, tmp_path):
    from rangemap.errors import ManyRingsWarning
    from rangemap.render import figure

    monkeypatch.setattr(figure, "FIGURE_RINGS_MAX", 3)
    sites = pd.DataFrame({"name": [f"s{i}" for i in range(5)], "lat": [50.0, 50.5, 51.0, 51.5, 52.0],
                          "lon": [36.0, 37.0, 38.0, 39.0, 40.0]})
    with pytest.warns(ManyRingsWarning, match="10 reach rings are more than 3"):
        fig = reach_figure(["kn-23", "koksan"], sites)
    gids = [a.get_gid() for a in fig.axes[0].get_children() if (a.get_gid() or "").startswith("reach-")]
    assert sorted(gids) == sorted(["reach-fill:hwasong-11", "reach-outline:hwasong-11", "reach-fill:koksan-m1989",
                                   "reach-outline:koksan-m1989"])
    few = reach_figure(["kn-23"], sites.head(3))
    assert sum((a.get_gid() or "").startswith("reach-outline") for a in few.axes[0].get_children()) == 3


def test_sites_files_beyond_their_limits_are_one_line(capsys, tmp_path, monkeypatch):
    from rangemap.io import sites as sites_module

    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(1200)) + ",name,lat,lon\n" + "1," * 1200 + "x,50,30\n")
    code, out, err = run(capsys, "render", "--system", "kn-23", "--sites-file", str(wide), "-o", str(tmp_path / "m.html"))
    assert code == 2 and "has 1,203 columns; at most 1,000" in one_line(err)
    monkeypatch.setattr(sites_module, "SITES_FILE_MAX_BYTES", 10)
    small = tmp_path / "s.csv"
    small.write_text("name,lat,lon\nKyiv,50.45,30.52\n")
    with pytest.raises(RangemapError, match="at most 0 MB"):
        read_sites_file(small)


@pytest.mark.parametrize("kind, words", [("not utf-8", "UTF"),
                                         ("bad wkb", "Unknown WKB type"), ("unknown crs", "EPSG:99999"),
                                         ("xlsx", "not recognized as being in a supported file format")])
def test_broken_targets_files_are_one_line(capsys, tmp_path, kind, words):
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    def geoparquet(path, wkb, crs=None):
        column = {"encoding": "WKB", **({"crs": crs} if crs else {})}
        table = pa.table({"name": ["a"], "geometry": [wkb]}).replace_schema_metadata(
            {b"geo": json.dumps({"primary_column": "geometry", "columns": {"geometry": column}}).encode()})
        pq.write_table(table, path)

    path = tmp_path / {"not utf-8": "t.csv", "xlsx": "t.xlsx"}.get(kind, "t.parquet")
    if kind == "not utf-8":
        path.write_bytes(b"name,lat,lon\nK\xffiv,50,30\n")
    elif kind == "bad wkb":
        geoparquet(path, b"\x01\x02garbage")
    elif kind == "unknown crs":
        geoparquet(path, shapely.to_wkb(shapely.Point(30, 50)), "EPSG:99999")
    else:
        path.write_bytes(b"PK\x03\x04 not a workbook")
    code, out, err = run(capsys, "targets", "--system", "kn-23", "--site", "belgorod", "--targets-file", str(path))
    assert code == 2 and words in one_line(err)


def test_targets_file_text_stays_as_written(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffid,name,code,lat,lon,population\n007,A,0012,50,36,1000\n".encode())
    code, out, err = run(capsys, "targets", "--system", "kn-23", "--site", "belgorod", "--targets-file", str(path))
    assert code == 0
    row = pd.read_csv(__import__("io").StringIO(out), dtype=str).iloc[0]
    assert (row.iloc[0], row["code"], row["population"]) == ("007", "0012", "1000")


def test_demo_says_when_its_folder_cannot_be_made(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").write_text("a file where the folder would go")
    code, out, err = run(capsys, "demo")
    assert code == 2 and "cannot create folder 'out'" in one_line(err)


def test_custom_ranges_take_units_as_people_write_them():
    assert rm.custom_system("500 km")["range_km"] == 500.0
    assert rm.custom_system("430 mi", "50 km")[["range_km", "min_range_km"]].tolist() == pytest.approx(
        [430 * 1.609344, 50.0])
    assert rm.custom_system(500)["id"] == rm.custom_system("500 km")["id"] == "custom-500-km"
    with pytest.raises(RangemapError, match="unknown unit 'parsecs'"):
        rm.custom_system("5 parsecs")
    with pytest.raises(RangemapError, match="ambiguous distance '2,5 km'"):
        rm.custom_system("2,5 km")
