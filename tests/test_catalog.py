"""The catalog: seed figures as the article states them, sources, borders, sites, lookups, packaging."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import shapely

import rangemap.catalog as catalog
from devtools import oracle
from rangemap.cli import main
from rangemap.units import parse_distance

ROOT = Path(__file__).resolve().parent.parent
#: The steering repo's shared/ sits beside the clone (CI lays it there); RANGEMAP_SHARED overrides.
SEED = (Path(os.environ.get("RANGEMAP_SHARED", ROOT.parent / "shared")) / "sources").glob("*.txt")


def test_seed_figures_are_the_articles():
    # "Hwasong-11 short-range ballistic missile, which has a range of about 430 miles"
    assert catalog.system("hwasong-11")["range_km"] * 1000 == pytest.approx(parse_distance("430 mi"), abs=1.0)
    # "could have a strike range of over 1,200 miles"
    assert catalog.system("pukguksong-2")["range_km"] * 1000 == pytest.approx(parse_distance("1200 mi"), abs=1.0)
    for system_id in ("hwasong-11", "pukguksong-2"):
        row = catalog.system(system_id)
        assert "seed-2024-12-23" in row["range_sources"].split(";")
        # cited by title and date, never by a file path
        assert "South Korea Warns North Korea" in row["source"] and "2024-12-23" in row["source"]
        assert "shared/" not in row["source"] and ".txt" not in row["source"]


def test_seed_article_numbers_match_when_the_article_is_present():
    texts = [p.read_text() for p in SEED]
    if not texts:
        if os.environ.get("CI"):  # CI lays shared/ beside the clone: its absence there is a failure
            pytest.fail("shared/sources/ is not beside this checkout in CI")
        pytest.skip("shared/sources/ is not beside this checkout (it is in CI, where this test must run)")
    text = " ".join(texts)
    assert "range of about 430 miles" in text and "over 1,200 miles" in text


def test_every_system_the_seed_names_is_there():
    ids = set(catalog.systems()["id"])
    assert {"hwasong-11", "pukguksong-2", "shahed-136"} <= ids
    assert any("koksan" in i for i in ids) and any("240" in i for i in ids)
    assert set(catalog.systems().query("`class` == 'ICBM'")["id"]) >= {"hwasong-15", "hwasong-17", "hwasong-18"}


def test_every_row_has_a_source_and_date():
    for frame in (catalog.systems(), catalog.sites()):
        assert frame["source"].str.strip().str.len().gt(10).all()
        assert frame["source_date"].str.match(r"^\d{4}").all()


def test_bands_hold_the_drawn_range():
    s = catalog.systems()
    band = s.dropna(subset=["range_low_km", "range_high_km"])
    assert len(band) >= 2
    assert (band["range_low_km"] <= band["range_km"]).all() and (band["range_km"] <= band["range_high_km"]).all()


@pytest.mark.parametrize("name, system_id", [
    ("KN-23", "hwasong-11"), ("kn23", "hwasong-11"), ("Hwasong-11 (KN-23 family)", "hwasong-11"),
    ("KN-15", "pukguksong-2"), ("PUKGUKSONG-2", "pukguksong-2"), ("Geran-2", "shahed-136"),
    ("koksan", "koksan-m1989"), ("M1991", "mrl-240mm"),
])
def test_lookup_by_alias_and_name(name, system_id):
    assert catalog.system(name)["id"] == system_id


def test_unknown_names_suggest_close_matches():
    # the Hwasong-12 is in the catalog since issue 23, so the unknown name is one that names no missile
    assert catalog.system("hwasong 12")["id"] == "hwasong-12"
    with pytest.raises(catalog.UnknownNameError, match=r"'hwasong 13'.*did you mean.*hwasong-1") as err:
        catalog.system("hwasong 13")
    assert isinstance(err.value, ValueError)
    with pytest.raises(catalog.UnknownNameError, match="did you mean kursk"):
        catalog.site("Kurks")


def test_required_sites_and_labels():
    sites = catalog.sites()
    assert sites.crs.to_epsg() == 4326
    assert {"belgorod", "kursk", "bryansk", "voronezh", "rostov-on-don", "dzhankoi", "tyumen", "pyongyang",
            "anadyr"} <= set(sites["id"])
    reference = sites["kind"] == "reference point"
    assert sites.loc[reference, "note"].str.contains("not a claimed", case=False).all()
    # launch bases and ports say what is reported there, and cite a report for it
    assert (sites.loc[~reference, "report_sources"].str.len() > 0).all()
    assert not sites.loc[~reference, "note"].str.contains("not a claimed", case=False).any()


def test_sites_are_where_the_cities_are():
    """Sites positioned by GeoNames sit exactly on the cited id's coordinates (data/cities.csv)."""
    cities = catalog.cities().set_index("geonameid")
    checked = 0
    for _, s in catalog.sites().iterrows():
        found = re.search(r"GeoNames (\d+)", s["position"])
        if not found:
            continue
        city = cities.loc[int(found.group(1))]
        assert city["name"].split()[0][:5].lower() == s["name"].split()[0][:5].lower(), (s["id"], city["name"])
        assert oracle.distance(s["lat"], s["lon"], city["lat"], city["lon"]) < 1.0, s["id"]
        checked += 1
    assert checked >= 10


def test_crimea_and_sevastopol_are_ukraine_belgorod_is_russia():
    b = catalog.boundaries()
    assert b.crs.to_epsg() == 4326 and b.is_valid.all()

    def country_at(lat, lon):
        return b.loc[b.contains(shapely.Point(lon, lat)), "name"].tolist()

    assert country_at(44.957, 34.111) == ["Ukraine"]  # Simferopol
    assert country_at(44.608, 33.521) == ["Ukraine"]  # Sevastopol
    assert country_at(45.713, 34.393) == ["Ukraine"]  # Dzhankoi
    assert country_at(50.604, 36.581) == ["Russia"]  # Belgorod
    assert country_at(50.455, 30.524) == ["Ukraine"]  # Kyiv
    russia = b.loc[b["name"] == "Russia", "geometry"].iloc[0]
    assert russia.geom_type == "MultiPolygon" and russia.bounds[0] == -180.0 and russia.bounds[2] <= 180.0
    assert country_at(66.0, -172.0) == ["Russia"]  # Chukotka, east of the antimeridian


def test_boundaries_fit_the_html_budget():
    assert (ROOT / "data" / "countries.geojson").stat().st_size <= 1_000_000


def test_cities_cover_the_countries_in_play():
    cities = catalog.cities()
    places = cities[cities["feature"] != "PPLC"]
    assert places["population"].min() >= 1_000
    for code in "UA RU BY MD PL RO SK HU EE LV LT FI DE KR KP JP".split():
        assert (places["country"] == code).sum() > 50, code
    for name, code in [("Kyiv", "UA"), ("Kharkiv", "UA"), ("Moscow", "RU"), ("Warsaw", "PL")]:
        city = cities[(cities["name"] == name) & (cities["country"] == code)]
        assert len(city) == 1 and city["population"].iloc[0] > 1_000_000, name
    assert set(cities["rank"]) == {1, 2, 3}
    assert (cities["rank"] == 1).equals((cities["feature"] == "PPLC") | (cities["population"] >= 100_000))


def test_no_section_of_a_city_is_counted_as_a_city():
    cities = catalog.cities()
    # GeoNames feature codes for sections of a city and for places that are gone
    assert not cities["feature"].isin(["PPLX", "PPLH", "PPLCH", "PPLQ", "PPLW"]).any()
    assert cities["feature"].str.fullmatch(r"PPL[A-Z0-9]*|STLMT").all()
    # districts named in issue 11 and districts GeoNames codes as towns (PPL): Warsaw, Moscow, Kyoto
    ua = cities[cities["country"] == "UA"]
    for name in ("Obolon", "Darnytsya", "Dniprovskyi", "Saltivka", "Rayon KTZ", "Pivnichna Saltivka"):
        assert not ua["name"].str.startswith(name).any(), name
    for name, code in [("Mokotów", "PL"), ("Śródmieście", "PL"), ("Wola", "PL"), ("Cherëmushki", "RU"),
                       ("Kamigyō-ku", "JP")]:
        near = cities[(cities["name"] == name) & (cities["country"] == code) & (cities["population"] > 50_000)]
        assert near.empty, name
    # Around these cities every place of 10,000+ within 12 km in the same first-level unit is a town of its
    # own (looked up by hand), never a district: the rule in scripts/build_cities.py must not let one in.
    towns_of_their_own = {"Kyiv": set(), "Kharkiv": set(), "Moscow": set(), "Saint Petersburg": set(),
                          "Minsk": set(), "Warsaw": {"Ząbki", "Marki"}, "Seoul": set(), "Tokyo": set(),
                          "Saitama": {"Ageoshimo", "Kasukabe", "Shimotoda", "Shiki", "Hasuda"}}
    for name, allowed in towns_of_their_own.items():
        city = cities[(cities["name"] == name) & (cities["population"] > 1_000_000)].iloc[0]
        box = cities[(cities["lat"] - city["lat"]).abs().lt(0.15) & (cities["lon"] - city["lon"]).abs().lt(0.3)
                     & (cities["admin1"] == city["admin1"]) & (cities["country"] == city["country"])
                     & cities["population"].between(10_000, city["population"] - 1)]
        close = {t.name for t in box.itertuples() if oracle.distance(city["lat"], city["lon"], t.lat, t.lon) < 12_000}
        assert close == allowed, (name, close)


def test_capitals_worldwide_for_long_range_systems():
    cities = catalog.cities()
    capitals = cities[cities["feature"] == "PPLC"]
    assert len(capitals) >= 190
    for name, code, lat, lon in [("Washington", "US", 38.90, -77.04), ("London", "GB", 51.51, -0.13),
                                 ("Paris", "FR", 48.85, 2.35), ("Beijing", "CN", 39.91, 116.40),
                                 ("Tokyo", "JP", 35.69, 139.69), ("Canberra", "AU", -35.28, 149.13),
                                 ("Ottawa", "CA", 45.41, -75.70), ("Brasília", "BR", -15.78, -47.93),
                                 ("Seoul", "KR", 37.57, 126.98), ("Pyongyang", "KP", 39.03, 125.75),
                                 ("Kyiv", "UA", 50.45, 30.52), ("Moscow", "RU", 55.75, 37.62)]:
        row = capitals[capitals["country"] == code]
        assert len(row) >= 1, code
        assert name in set(row["name"]), (name, set(row["name"]))
        hit = row[row["name"] == name].iloc[0]
        assert oracle.distance(lat, lon, hit["lat"], hit["lon"]) < 10_000, name
    assert cities["country"].nunique() >= 190


def test_data_is_loaded_once_and_handed_out_as_copies():
    first = catalog.systems()
    first.loc[0, "range_km"] = -1
    assert catalog.systems().loc[0, "range_km"] > 0
    assert catalog.tables._shipped_systems() is catalog.tables._shipped_systems()
    assert not first.attrs  # no lookup index rides along on the copies


@pytest.mark.parametrize("mutate, message", [
    (lambda f: f.drop(columns=["range_sources"]), "missing column 'range_sources'"),
    (lambda f: f.assign(range_km=["abc"] + list(f["range_km"][1:])), r"row 2, column 'range_km': 'abc' is not"),
    (lambda f: f.assign(range_sources=[""] + list(f["range_sources"][1:])), r"row 2, column 'range_sources': is empty"),
    (lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True), r"column 'id': 'hwasong-11' appears twice"),
    (lambda f: f.assign(range_low_km=["900"] + list(f["range_low_km"][1:])), "row 2, column 'range_low_km'"),
])
def test_validation_names_file_row_and_column(tmp_path, mutate, message):
    raw = pd.read_csv(ROOT / "data" / "systems.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "systems.csv"
    mutate(raw).to_csv(path, index=False)
    with pytest.raises(catalog.CatalogError, match=message):
        catalog.load_systems(path)


def test_site_coordinates_are_validated(tmp_path):
    raw = pd.read_csv(ROOT / "data" / "sites.csv", dtype=str, keep_default_na=False)
    raw.loc[3, "lat"] = "91"
    path = tmp_path / "sites.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(catalog.CatalogError, match=r"sites.csv, row 5, column 'lat': 91.0 is outside"):
        catalog.load_sites(path)


@pytest.mark.parametrize("command", ["systems", "sites"])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_tables(capsys, command, fmt):
    assert main([command, "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        header = out.splitlines()[0].split(",")
        assert header == ([*catalog.SYSTEM_COLUMNS, "flight", "cep", "performance_sources"] if command == "systems"
                          else catalog.SITE_COLUMNS)
    elif fmt == "json":
        import json
        rows = json.loads(out)
        assert len(rows) == len(catalog.systems() if command == "systems" else catalog.sites())
    assert ("hwasong-11" if command == "systems" else "belgorod") in out


def test_non_editable_wheel_finds_every_data_file(tmp_path):
    """Build the wheel, unpack it, and load every data file from it (not from the source tree)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("rangemap-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("systems.csv", "sites.csv", "sources.csv", "flight.csv", "accuracy.csv", "areas.geojson",
                 "cities.csv", "countries.geojson", "README.md", "scenarios/seed.toml", "scenarios/russia-long-range.toml"):
        assert f"rangemap/data/{data}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (f"import rangemap, rangemap.catalog as c; assert rangemap.__file__.startswith({str(site)!r}); "
            "print(len(c.systems()), len(c.sites()), len(c.cities()), len(c.boundaries()), len(c.scenarios()), "
            "len(c.flight_models()), len(c.accuracy_figures()))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                         capture_output=True, text=True, check=True).stdout.split()
    assert [int(n) > 0 for n in out] == [True] * 7


def test_no_border_is_smeared_across_the_map():
    """Polygons that cross ±180° are split there, not joined by edges spanning the map (Antarctica aside)."""
    import numpy as np

    b = catalog.boundaries()
    for name, geom in zip(b["name"], b.geometry):
        if name == "Antarctica":
            continue
        for ring in shapely.get_rings(shapely.get_parts(geom)):
            xy = np.asarray(ring.coords)
            assert np.abs(np.diff(xy[:, 0])).max() < 60, name
