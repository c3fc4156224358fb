"""Static figures: pixels at projected positions, exact regions in several projections, text kept as text."""

import io
import os
import shutil
import subprocess
import sys

import matplotlib.colors as mcolors
import matplotlib.image as mimage
import numpy as np
import pyproj
import pytest
import shapely

import rangemap as rm
from devtools import oracle
from rangemap import styles
from rangemap.cli import main
from rangemap.render import projected
from rangemap.render.figure import REACH_ALPHA, save_figure

BELGOROD = (50.5955, 36.5873)
PYONGYANG = (39.0392, 125.7625)
ANADYR = (64.7337, 177.5089)
WASHINGTON = (38.9072, -77.0369)
BUENOS_AIRES = (-34.6037, -58.3816)


def _png(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    buf.seek(0)
    return mimage.imread(buf)[:, :, :3]


def _pixel(fig, image, lat, lon):
    """RGB (0..1) of the rendered image where (lat, lon) falls, found through the Axes' CRS."""
    ax = fig.axes[0]
    x, y = pyproj.Transformer.from_crs("EPSG:4326", ax.crs, always_xy=True).transform(lon, lat)
    px, py = ax.transData.transform((x, y))
    row, col = int(round(image.shape[0] - py)), int(round(px))
    return np.median(image[row - 1:row + 2, col - 1:col + 2].reshape(-1, 3), axis=0)


def _with_and_without_reach(fig):
    """The figure's pixels as drawn, and with the reach (fills and outlines) hidden."""
    drawn = _png(fig)
    for artist in fig.axes[0].get_children():
        if (artist.get_gid() or "").startswith("reach-"):
            artist.set_visible(False)
    return drawn, _png(fig)


def _tinted(base, colour):
    return base * (1 - REACH_ALPHA) + np.array(mcolors.to_rgb(colour)) * REACH_ALPHA


def test_a_point_in_reach_carries_the_system_tint_one_outside_does_not():
    fig = rm.reach_figure(["hwasong-11"], ["belgorod"], extent=(22, 42, 52, 60), dpi=100)
    colour = styles.colour("hwasong-11")
    inside = oracle.direct(*BELGOROD, 250.0, 350_000.0)
    outside = oracle.direct(*BELGOROD, 250.0, 1_000_000.0)
    assert oracle.distance(*BELGOROD, *outside) > rm.system("hwasong-11")["range_km"] * 1000
    drawn, bare = _with_and_without_reach(fig)
    for lat, lon, in_reach in [(*inside, True), (*outside, False)]:
        with_reach, base = _pixel(fig, drawn, lat, lon), _pixel(fig, bare, lat, lon)
        if in_reach:
            assert np.abs(with_reach - _tinted(base, colour)).max() < 0.03
            assert np.abs(with_reach - base).max() > 0.03
        else:
            assert np.abs(with_reach - base).max() < 0.01


def test_world_figure_from_pyongyang_shows_washington_in_hwasong_15_reach():
    fig = rm.reach_figure(["hwasong-15"], [PYONGYANG], dpi=80)
    range_m = rm.system("hwasong-15")["range_km"] * 1000
    assert oracle.distance(*PYONGYANG, *WASHINGTON) < range_m < oracle.distance(*PYONGYANG, *BUENOS_AIRES)
    assert fig.axes[0].crs.coordinate_operation.method_name == "Azimuthal Equidistant"  # true distances from Pyongyang
    drawn, bare = _with_and_without_reach(fig)
    colour = styles.colour("hwasong-15")
    at_washington = _pixel(fig, drawn, *WASHINGTON)
    assert np.abs(at_washington - _tinted(_pixel(fig, bare, *WASHINGTON), colour)).max() < 0.03
    assert np.abs(_pixel(fig, drawn, *BUENOS_AIRES) - _pixel(fig, bare, *BUENOS_AIRES)).max() < 0.01


CASES = [
    ("beyond a hemisphere, centred elsewhere", projected.aeqd(*BELGOROD), PYONGYANG, 15_000_000.0),
    ("across ±180° in Robinson", "+proj=robin +lon_0=0", ANADYR, 1_931_213.0),
    ("across ±180° and the pole in Mercator", "EPSG:3857", ANADYR, 3_500_000.0),
    ("around the pole, equal-area", "+proj=laea +lat_0=90 +lon_0=0 +datum=WGS84", (80.0, 30.0), 2_500_000.0),
    ("near-antipodal cap in Equal Earth", "EPSG:8857", PYONGYANG, 19_950_000.0),
]


@pytest.mark.parametrize("name, crs, site, range_m", CASES, ids=[c[0] for c in CASES])
def test_projected_reach_matches_geodesic_distance(name, crs, site, range_m):
    plane = projected.Plane(crs)
    domain = plane.globe
    minx, miny, maxx, maxy = domain.bounds
    tol = 1e-4 * max(maxx - minx, maxy - miny)
    row = {"lat": site[0], "lon": site[1], "range_m": range_m, "min_range_m": 0.0}
    from rangemap.render.figure import _row_region

    class Row(dict):
        geometry = rm.reach_polygon(site[0], site[1], range_m)

    region, runs = _row_region(plane, Row(row), domain, tol)
    assert runs, "the outline is drawn"
    rng = np.random.default_rng(7)
    xs, ys = rng.uniform(minx, maxx, 1500), rng.uniform(miny, maxy, 1500)
    # and points just either side of the boundary and around the antipode (where a near-antipodal cap is)
    az = np.arange(0.0, 360.0, 15.0)
    near = [oracle.direct(site[0], site[1], a, range_m * f) for a in az for f in (0.97, 1.03) if range_m * f < 2e7]
    near += [oracle.direct(-site[0], site[1] + 180.0, a, d) for a in az for d in (10_000.0, 25_000.0, 400_000.0)]
    nx, ny = plane.forward([p[1] for p in near], [p[0] for p in near])
    xs, ys = np.concatenate([nx, xs]), np.concatenate([ny, ys])
    keep = shapely.contains_xy(domain.buffer(-3 * tol), xs, ys)
    outline = shapely.multilinestrings([shapely.linestrings(r) for r in runs])
    far = shapely.distance(shapely.points(xs, ys), outline) > 3 * tol
    xs, ys = xs[keep & far][:400], ys[keep & far][:400]
    lon, lat = plane.inverse(xs, ys)
    truth = np.array([oracle.distance(site[0], site[1], a, b) <= range_m for a, b in zip(lat, lon)])
    drawn = shapely.contains_xy(region, xs, ys)
    assert truth.any() and (~truth).any()
    assert np.array_equal(drawn, truth), f"{int((drawn != truth).sum())} of {len(xs)} points disagree"


def test_outline_has_no_streaks_across_the_map():
    plane = projected.Plane("+proj=robin +lon_0=0")
    width = np.ptp(plane.globe.exterior.xy[0])
    runs = projected.ring_runs(plane, *ANADYR, 1_931_213.0, 1e-4 * width)
    assert len(runs) == 2  # cut where it crosses the map's edge at ±180°
    for run in runs:
        assert np.hypot(*np.diff(run, axis=0).T).max() < 0.01 * width


def _legend_line(system="hwasong-11"):
    row = rm.system(system)
    qualifier = f"{row['range_qualifier']} " if row["range_qualifier"] else ""
    return f"{row['name']}: {qualifier}{rm.format_distance(row['range_km'] * 1000)}"


def test_figure_legend_says_the_sources_qualifier(tmp_path):
    """A floor and an approximate figure are printed as the source words them (issue 23)."""
    out = tmp_path / "reach.svg"
    save_figure(rm.reach_figure(["hwasong-11", "storm-shadow"], ["kursk"]), out)
    svg = out.read_text(encoding="utf-8")
    assert "Hwasong-11 (KN-23 family): about 692 km (430 mi)" in svg
    assert "Storm Shadow / SCALP-EG: more than 250 km (155 mi)" in svg


def test_svg_keeps_legend_and_sources_as_text(tmp_path):
    out = tmp_path / "reach.svg"
    save_figure(rm.reach_figure(["hwasong-11", "pukguksong-2"], ["kursk"], cities=True), out)
    svg = out.read_text(encoding="utf-8")
    assert "<text" in svg and _legend_line() in svg and _legend_line("pukguksong-2") in svg
    assert "Natural Earth" in svg and "GeoNames" in svg and "Kursk" in svg
    assert "shared/sources" not in svg and ".txt" not in svg


def _poppler(tool):
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (poppler-utils) is missing: apt-get install -y poppler-utils"
        if os.environ.get("RANGEMAP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"required in CI (RANGEMAP_REQUIRE_BROWSER=1): {message}")
        pytest.skip(message)
    return path


def test_pdf_keeps_text_and_renders(tmp_path):
    pdftoppm, pdftotext = _poppler("pdftoppm"), _poppler("pdftotext")
    out = tmp_path / "reach.pdf"
    save_figure(rm.reach_figure(["hwasong-11"], ["belgorod"]), out)
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert _legend_line() in " ".join(text.split())
    subprocess.run([pdftoppm, "-png", "-r", "40", "-singlefile", str(out), str(tmp_path / "page")], check=True)
    page = mimage.imread(tmp_path / "page.png")[:, :, :3]
    assert page.shape[0] > 200 and (page < 0.5).mean() > 0.001  # it drew something dark (text, borders)


def test_cli_writes_figures_by_suffix(tmp_path, capsys):
    svg = tmp_path / "map.svg"
    assert main(["render", "--system", "hwasong-11", "--site", "belgorod", "-o", str(svg), "--crs", "EPSG:3035"]) == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "LAEA Europe" in svg.read_text()
    png = tmp_path / "map.png"
    assert main(["render", "--system", "koksan", "--site", "shebekino", "-o", str(png), "--dpi", "60"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["render", "--system", "koksan", "--site", "shebekino", "-o", str(png), "--crs", "nonsense"]) == 2
    assert "pyproj" in capsys.readouterr().err


def test_bad_input_is_one_rangemap_error():
    with pytest.raises(rm.RangemapError):
        rm.reach_figure(["hwasong-11"], ["belgorod"], crs="not a crs")
    with pytest.raises(rm.RangemapError):
        rm.reach_figure(["hwasong-11"], ["belgorod"], extent=(10, 60, 20, 50))
    with pytest.raises(rm.RangemapError):
        rm.reach_figure(["hwasong-11"], ["belgorod"], units="furlongs")


def test_reach_table_and_scenario_inputs():
    table = rm.reach(["koksan"], ["shebekino"])
    fig = rm.reach_figure(table, title="From a table")
    assert fig.texts[0].get_text() == "From a table"
    seed = rm.reach_figure(scenario="seed")
    legend = " ".join(t.get_text() for t in seed.legends[0].get_texts())
    assert all(name in legend for name in ("Hwasong-11", "Pukguksong-2", "Koksan", "240 mm"))


def test_sources_never_show_file_paths():
    from rangemap.render.cartography import source_text

    for row in rm.systems().itertuples():
        text = source_text(row.source, row.source_date)
        assert "/" not in text.split(" · ")[0] and ".txt" not in text and text


def test_import_stays_free_of_matplotlib():
    code = "import rangemap, rangemap.geodesy, sys; print(any(m.startswith('matplotlib') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_example_script_writes_a_figure(tmp_path):
    script = os.path.join(os.path.dirname(__file__), "..", "examples", "seed_figure.py")
    out = tmp_path / "seed.svg"
    proc = subprocess.run([sys.executable, script, str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Pukguksong-2" in out.read_text(encoding="utf-8") and "aeqd" in proc.stdout
