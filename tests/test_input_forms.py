"""Input as people write it (issue 24): sites files as Excel saves them in Ukraine and Russia, coordinates as
journalists copy them, and one rule for numbers in Python and in the page."""

from __future__ import annotations

import json

import pytest

import rangemap as rm
from devtools.browser import Page
from rangemap.cli import main
from rangemap.errors import CoordinateError, DataFileError, DistanceError
from rangemap.io.sites import read_sites_file
from rangemap.render.interactive import state_from_hash
from rangemap.units import parse_coordinate, parse_distance, parse_lat_lon

SITES = "name;lat;lon\nКиїв;50,45;30,52\nХарків;49,99;36,23\n"


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("encoding, bom", [("cp1251", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b""), ("utf-16-le", b"")])
def test_sites_files_in_the_encodings_excel_writes(tmp_path, encoding, bom):
    path = tmp_path / "sites.csv"
    path.write_bytes(bom + SITES.encode(encoding))
    table = read_sites_file(path)
    assert table["name"].tolist() == ["Київ", "Харків"]
    assert table["lat"].tolist() == [50.45, 49.99] and table["lon"].tolist() == [30.52, 36.23]


def test_excel_sep_line_names_the_delimiter_and_lines_stay_file_lines(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("sep=;\nname;lat;lon\nKyiv;50.45;30.52\nLviv;49.84;24.03\n")
    assert read_sites_file(path)["name"].tolist() == ["Kyiv", "Lviv"]
    path.write_text("sep=;\nname;lat;lon\nKyiv;50.45;30.52\nLviv;95;24.03\n")  # line 4 is wrong
    with pytest.raises(DataFileError, match=r"row 4, column 'lat'"):
        read_sites_file(path)


def test_encoding_can_be_given_and_a_wrong_one_is_one_line(capsys, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_bytes("name,lat,lon\nKöln,50.94,6.96\n".encode("latin-1"))  # neither UTF-8 nor Cyrillic
    with pytest.raises(DataFileError, match="not UTF-8.*--encoding"):
        read_sites_file(path)
    assert read_sites_file(path, encoding="latin-1")["name"].tolist() == ["Köln"]
    out = tmp_path / "map.html"
    assert main(["render", "--system", "kn-23", "--sites-file", str(path), "--encoding", "latin-1",
                 "-o", str(out)]) == 0
    assert out.exists()
    capsys.readouterr()
    assert main(["render", "--system", "kn-23", "--sites-file", str(path), "--encoding", "klingon",
                 "-o", str(tmp_path / "x.html")]) == 2
    assert "unknown encoding 'klingon'" in one_line(capsys.readouterr().err)
    assert main(["render", "--system", "kn-23", "--sites-file", str(path), "--encoding", "utf-8",
                 "-o", str(tmp_path / "x.html")]) == 2
    assert "is not utf-8" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "x.html").exists()


# Conversions worked by hand: 36' = 0.6°, 35' = 0.58333…°, 30" = 0.0083333…°.
COPIED_POINTS = {
    "50°36′N 36°35′E": (50.6, 36 + 35 / 60),
    "50°36'N, 36°35'E": (50.6, 36 + 35 / 60),
    "50.6N, 36.6E": (50.6, 36.6),
    "50.6 N 36.6 E": (50.6, 36.6),
    "36.6E 50.6N": (50.6, 36.6),
    "N50 36 E36 35": (50.6, 36 + 35 / 60),
    "50°36′30″N 36°35′0″E": (50 + 36 / 60 + 30 / 3600, 36 + 35 / 60),
    "50º36’N 36º35’E": (50.6, 36 + 35 / 60),  # ordinal indicator and curly quote, as word processors type them
    "33°52′S 151°12′E": (-(33 + 52 / 60), 151.2),
    "64.73N, 177.5E": (64.73, 177.5),
    "-33.86, 151.21": (-33.86, 151.21),
    "50.5955,36.5873": (50.5955, 36.5873),
}


@pytest.mark.parametrize("text", COPIED_POINTS)
def test_coordinates_as_journalists_copy_them(text):
    assert parse_lat_lon(text) == pytest.approx(COPIED_POINTS[text], abs=1e-12)


@pytest.mark.parametrize("text, words", [
    ("50°61′N 36°35′E", "below 60"), ("50N 36N", "both coordinates are a latitude"),
    ("-50S, 30E", "both a sign and a hemisphere"), ("91N 30E", "outside -90..90"), ("50.6 36.6", "expected LAT,LON"),
    ("٥٠,٣٠", "digits 0-9"), ("5_0,30", "cannot read coordinate '5_0'"), ("0x10,30", "cannot read coordinate"),
    ("50.5°36′N 30E", "decimal degrees cannot be followed by minutes"), ("N50N, 30E", "hemisphere twice"),
    ("", "expected LAT,LON"), ("1" * 5000 + ",3", "too long"),
])
def test_bad_coordinates_are_one_line_naming_the_text(capsys, text, words):
    with pytest.raises(CoordinateError, match=words):
        parse_lat_lon(text)
    assert main(["check", "--target", "Kyiv", "--system", "kn-23", "--at", text]) == 2
    err = one_line(capsys.readouterr().err)
    assert "--at" in err and len(err) < 400


def test_copied_coordinates_work_on_the_command_line_and_in_sites_files(capsys, tmp_path):
    assert main(["check", "--target", "50°27′N 30°31′E", "--system", "kn-23", "--at", "50°36′N 36°35′E",
                 "--format", "json"]) == 0
    copied = json.loads(capsys.readouterr().out)
    assert main(["check", "--target", "50.45,30.516666666666666", "--system", "kn-23", "--at",
                 "50.6,36.583333333333336", "--format", "json"]) == 0
    decimal = json.loads(capsys.readouterr().out)
    assert [r["distance_km"] for r in copied] == [r["distance_km"] for r in decimal]
    path = tmp_path / "sites.csv"
    path.write_text('name,lat,lon\nBelgorod,50°36′N,36°35′E\nAnadyr,64.73N,177.5E\n')
    table = read_sites_file(path)
    assert table["lat"].tolist() == pytest.approx([50.6, 64.73]) and table["lon"].tolist() == pytest.approx(
        [36 + 35 / 60, 177.5])
    path.write_text('name,lat,lon\nBelgorod,36°35′E,50°36′N\n')  # swapped columns are refused, not mirrored
    with pytest.raises(DataFileError, match=r"row 2, column 'lat': .* is a longitude"):
        read_sites_file(path)


def test_a_hemisphere_letter_places_the_coordinate_in_python_api():
    assert rm.units.check_lat_lon("50.6N", "36.6E") == (50.6, 36.6)
    assert parse_coordinate("36°35′E") == (pytest.approx(36 + 35 / 60), "longitude")
    with pytest.raises(CoordinateError, match="is a longitude, given as the latitude"):
        rm.units.check_lat_lon("36.6E", "50.6N")


@pytest.mark.parametrize("text", ["٥٠ km", "５０ km", "2,5 km", "60,5 km", "1,5 km"])
def test_distances_in_other_digit_scripts_or_with_decimal_commas_are_refused(text):
    with pytest.raises(DistanceError):
        parse_distance(text)


LINK_NUMBERS = ["0x10", "5_0", "١٠", " 10", "10 ", "1e1", "-5.", ".5", "Infinity", "-3", "1,5", ""]


def test_link_numbers_are_read_by_one_rule_in_python_and_the_page(browser, tmp_path):
    path = tmp_path / "seed.html"
    rm.seed_map().save(str(path))
    page = Page(browser, path)
    links = [f"site=s{i}|{text}|30|hwasong-11|n{i}" for i, text in enumerate(LINK_NUMBERS)]
    js = page.page.evaluate("links => links.map(l => rangemap.parseHash(l).sites.map(s => s.lat))", links)
    py = [[s["lat"] for s in state_from_hash(link)["sites"]] for link in links]
    assert js == py
    assert [bool(x) for x in py] == [False, False, False, False, False, True, True, True, False, True, False, False]
    texts = ["2,5 km", "60,5 km", "1,5 km", "1,200 mi", "1,931.2 km", "5_0 km", "٥٠ km", "0x10 km", "12,34,567 km"]
    got = page.page.evaluate("""texts => texts.map(t => { try { return rangemap.parseDistance(t); }
        catch (e) { return 'error'; } })""", texts)
    for text, value in zip(texts, got):
        try:
            expected: object = parse_distance(text)
        except DistanceError:
            expected = "error"
        assert value == expected, text
    assert got[:3] == ["error"] * 3


def _hash_page(browser, path, fragment):
    from tests.test_interactive import HashPage

    return HashPage(browser, path, fragment)


def test_hostile_links_cost_what_the_limits_allow_in_python_and_the_page(browser, tmp_path):
    from urllib.parse import quote

    path = tmp_path / "seed.html"
    rm.seed_map().save(str(path))
    systems = ",".join(rm.systems()["id"])  # every catalog system at every site
    emoji_name = "x" * 119 + "😀tail"  # the 120-character cut falls inside the emoji's surrogate pair
    parts = [f"site=s{i}|{50 + i / 100}|{36 + i / 100}|{systems}|n{i}" for i in range(60)]
    parts += [f"junk{i}=1" for i in range(10_000)]
    parts.insert(0, "site=emoji|49|30|hwasong-11|" + quote(emoji_name))
    parts.insert(0, "custom=custom-tiny|1e-12|0|tiny")
    fragment = "&".join(parts)
    py = state_from_hash(fragment)
    page = _hash_page(browser, path, fragment)
    p = page.page
    js = p.evaluate("f => rangemap.parseHash(f)", fragment)
    assert sum(len(s["systems"]) for s in py["sites"]) == sum(len(s["systems"]) for s in js["sites"]) == 300
    assert [s["name"] for s in js["sites"]] == [s["name"] for s in py["sites"]]
    assert js["sites"][0]["name"] == "x" * 119 + "😀"
    assert py["custom"] == js["custom"] == []
    assert len(py["notices"]) == len(js["notices"]) <= 22 and "parts of the link" in js["notices"][-1]
    rings = p.evaluate("() => rangemap.drawn().features.length")
    assert 0 < rings <= 300
    assert "😀" in p.evaluate("() => decodeURIComponent(rangemap.state())") and page.errors == []
    assert p.evaluate("() => rangemap.measure(NaN, NaN)") is None
    p.fill(".rangemap-app .custom-range", "1e-12 m")
    p.click(".rangemap-app .custom-name + button")
    assert "at least 1 mm" in p.inner_text(".rangemap-app .notices")
