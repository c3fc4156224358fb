import json
import subprocess
import sys

import pytest
import shapely

from devtools import oracle
from rangemap.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_reach_geojson_feature(capsys):
    code, out, err = run(capsys, "reach", "--at", "50.5955,36.5873", "--range", "430 mi")
    assert code == 0 and err == ""
    feature = json.loads(out)
    assert feature["type"] == "Feature"
    props = feature["properties"]
    assert props["launch_lat"] == 50.5955 and props["launch_lon"] == 36.5873
    assert props["range_m"] == pytest.approx(692_017.92)
    assert props["range_km"] == pytest.approx(692.018) and props["range_mi"] == pytest.approx(430.0)
    geom = shapely.from_geojson(json.dumps(feature["geometry"]))
    assert geom.is_valid and geom.geom_type == "Polygon"
    # RFC 7946: exterior rings counter-clockwise
    assert geom.exterior.is_ccw
    for x, y in list(geom.exterior.coords)[::50]:
        assert abs(oracle.distance(50.5955, 36.5873, y, x) - 692_017.92) < 1e-3


def test_reach_across_antimeridian_is_split(capsys):
    code, out, _ = run(capsys, "reach", "--at", "64.7337,177.5089", "--range", "1200 mi", "--format", "geojson")
    assert code == 0
    geometry = json.loads(out)["geometry"]
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) == 2
    for poly in geometry["coordinates"]:
        assert all(-180 <= x <= 180 for x, _ in poly[0])


def test_reach_wkt_with_min_range(capsys):
    code, out, _ = run(capsys, "reach", "--at", "50,30", "--range", "500", "--min-range", "100 km",
                       "--tolerance", "100", "--format", "wkt")
    assert code == 0
    geom = shapely.from_wkt(out)
    assert len(geom.interiors) == 1
    assert not geom.contains(shapely.Point(30, 50))


@pytest.mark.parametrize("argv, words", [
    (["reach", "--at", "91,30", "--range", "430 mi"], "latitude 91"),
    (["reach", "--at", "50,200", "--range", "430 mi"], "longitude 200"),
    (["reach", "--at", "fifty,30", "--range", "430 mi"], "'fifty,30'"),
    (["reach", "--at", "50", "--range", "430 mi"], "'50'"),
    (["reach", "--at", "50,30", "--range", "5 parsecs"], "parsecs"),
    (["reach", "--at", "50,30", "--range", "-5 km"], "negative"),
    (["reach", "--at", "50,30", "--range", ""], "empty"),
    (["reach", "--at", "50,30", "--range", "nan km"], "finite"),
    (["reach", "--at", "50,30", "--range", "100 km", "--min-range", "200 km"], "min_range_m"),
    (["reach", "--at", "50,30", "--range", "100 km", "--tolerance", "0"], "--tolerance"),
    (["reach", "--at", "50,30", "--range", "100 km", "--format", "kml"], "kml"),
    (["reach", "--range", "100 km"], "--at"),
    (["nonsense"], "nonsense"),
])
def test_bad_input_is_one_line_exit_2(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("rangemap: error:")
    assert words in err
    assert "Traceback" not in err


def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "rangemap", "reach", "--at", "91,0", "--range", "1"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.fixture()
def existing(tmp_path):
    path = tmp_path / "map.html"
    path.write_text("keep me")
    return path


@pytest.mark.parametrize("content, suffix, words", [
    ("", ".csv", "is empty"),
    ("name,lat\nA,50\n", ".csv", "missing column 'lon'"),
    ("name,lat,lon\nA,fifty,30\n", ".csv", "row 2, column 'lat': 'fifty' is not a finite number"),
    ("name,lat,lon\nA,91,30\n", ".csv", "row 2, column 'lat': 91.0 is outside -90..90"),
    ("name,lat,lon\nA,50,181\n", ".csv", "column 'lon': 181.0 is outside"),
    ("name,lat,lon\n,50,30\n", ".csv", "column 'name': is empty"),
    ('{"type": "FeatureCollection", "features": [', ".geojson", "not valid JSON"),
    ('{"type": "FeatureCollection", "features": []}', ".geojson", "FeatureCollection of Points"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, '
     '"geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}]}', ".geojson", "must be a Point"),
])
def test_render_bad_sites_file_leaves_output_untouched(capsys, tmp_path, existing, content, suffix, words):
    sites = tmp_path / f"sites{suffix}"
    sites.write_text(content)
    code, out, err = run(capsys, "render", "--system", "koksan", "--sites-file", str(sites), "-o", str(existing))
    assert code == 2 and err.count("\n") == 1 and words in err, err
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize("argv, words", [
    (["--system", "hwasong-13", "--site", "belgorod"], "did you mean"),
    (["--system", "kn-23", "--site", "kurks"], "did you mean kursk"),
    (["--system", "kn-23", "--at", "95,30"], "latitude 95"),
    (["--system", "kn-23", "--at", "50;30"], "'50;30'"),
    (["--system", "kn-23", "--sites-file", "/nonexistent/sites.csv"], "cannot read sites file"),
    (["--system", "kn-23", "--site", "belgorod", "--units", "ft"], "'ft'"),
    (["--system", "kn-23"], "one of the arguments --site --at --sites-file --scenario is required"),
])
def test_render_bad_input(capsys, existing, argv, words):
    code, out, err = run(capsys, "render", *argv, "-o", str(existing))
    assert code == 2 and err.count("\n") == 1 and words in err and "Traceback" not in err, err
    assert existing.read_text() == "keep me"


def test_render_into_missing_folder(capsys, tmp_path):
    code, _, err = run(capsys, "render", "--system", "kn-23", "--site", "belgorod", "-o",
                       str(tmp_path / "nope" / "map.html"))
    assert code == 2 and "does not exist" in err


def test_render_replaces_output_atomically(capsys, existing):
    code, out, _ = run(capsys, "render", "--system", "kn-23", "--site", "belgorod", "-o", str(existing))
    assert code == 0 and str(existing) in out
    assert existing.read_text().startswith("<!DOCTYPE html>")
    assert not list(existing.parent.glob(".map.html.*"))  # no temporary files left behind


def test_render_csv_sites_file(capsys, tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("name,lat,lon,note\nBorder post,50.41,36.92,my note\n")
    out_path = tmp_path / "map.html"
    code, _, _ = run(capsys, "render", "--system", "240mm mrl", "--sites-file", str(sites), "-o", str(out_path))
    assert code == 0 and "Border post" in out_path.read_text()


def test_render_refuses_a_sites_row_longer_than_its_header(capsys, tmp_path):
    sites = tmp_path / "f.csv"
    sites.write_text("name,lat,lon\nKyiv,50.45,30.52,0,0\n", encoding="utf-8")
    out = tmp_path / "x.html"
    assert main(["render", "--system", "hwasong-11", "--sites-file", str(sites), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "line 2" in err and "5 fields" in err, err
    assert not out.exists()
