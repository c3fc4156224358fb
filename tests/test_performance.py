"""Flight models and CEP figures of the catalog: every system has a flight row, the shipped tables validate and
quote their sources, bad files are refused naming file, row and column, flight_model / accuracy answer as
documented, and `rangemap systems` shows both."""

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import rangemap as rm
import rangemap.catalog as catalog
from rangemap import flight
from rangemap.cli import main
from rangemap.errors import DataFileError, UnknownNameError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(tmp_path, name, header, records):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    return path


def numbers(text):
    """Numbers written in a quote (1,000 / 6,040.9 / 1000 km/h / 50-100m)."""
    return [float(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text)]


# --- the shipped tables -------------------------------------------------------------------------------------

def test_shipped_files_have_the_documented_columns():
    with (DATA / "flight.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == catalog.FLIGHT_FILE_COLUMNS
    with (DATA / "accuracy.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == catalog.ACCURACY_FILE_COLUMNS


def test_every_catalog_system_has_one_flight_row():
    models = catalog.flight_models()
    assert sorted(models.index) == sorted(catalog.systems()["id"])
    assert models.index.is_unique
    assert set(models["model"]) <= set(catalog.FLIGHT_MODELS)


def test_shipped_figures_validate_and_cite_known_sources():
    known = set(catalog.sources()["id"])
    models = catalog.flight_models()
    for column, kind in (("apogee_km", "apogee_kind"), ("speed_kmh", "speed_kind")):
        given = models[models[column].notna()]
        assert len(given) >= 3
        assert (given[column] > 0).all()
        assert given[kind].isin(catalog.RANGE_KINDS).all()
    for cell in models["sources"]:
        assert set(filter(None, cell.split(";"))) <= known
    assert models.loc[models["sources"] != "", "source"].str.contains("“").all()  # publisher, “title”, date
    assert not models.loc[models["model"] == "cruise", "apogee_km"].notna().any()
    figures = catalog.accuracy_figures()
    assert len(figures) >= 2
    assert figures["kind"].isin(catalog.RANGE_KINDS).all()
    assert figures["source"].str.len().gt(10).all()
    band = figures["cep_low_m"].notna()
    assert (figures.loc[band, "cep_low_m"] <= figures.loc[band, "cep_high_m"]).all()
    assert figures["date"].str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()


def test_every_figure_is_in_its_sources_own_words():
    """Apogees (km), speeds (km/h) and CEP figures (m, or km in the quote) appear in a cited source's quote."""
    quotes = {r["id"]: r["quote"] for r in rows("sources.csv")}
    checked = 0
    for row in rows("flight.csv"):
        for value, cited in (("apogee_km", "apogee_sources"), ("speed_kmh", "speed_sources")):
            if row[value]:
                found = [n for i in row[cited].split(";") for n in numbers(quotes[i])]
                assert float(row[value]) in found, (row["system_id"], value, row[value])
                checked += 1
    for row in rows("accuracy.csv"):
        found = [n for i in row["sources"].split(";") for n in numbers(quotes[i])]
        for value in ("cep_m", "cep_low_m", "cep_high_m"):
            if row[value]:
                metres = float(row[value])
                assert metres in found or metres / 1000 in found, (row["system_id"], value, metres)
                checked += 1
    assert checked >= 8


def test_lofted_tests_are_noted_not_drawn():
    """A lofted test's apogee describes the test, not the operational flight: the ICBMs draw minimum energy."""
    models = catalog.flight_models()
    for icbm in ("hwasong-15", "hwasong-17", "hwasong-18"):
        assert pd.isna(models.at[icbm, "apogee_km"]) and "lofted" in models.at[icbm, "note"]
        assert models.at[icbm, "note_sources"]  # the lofted apogee in the note has a source
        assert rm.flight_model(icbm)["apogee_m"] is None


# --- flight_model and accuracy -------------------------------------------------------------------------------

def test_flight_model_by_alias_row_or_dict():
    by_alias = rm.flight_model("KN 24")
    assert by_alias["model"] == "ballistic" and by_alias["apogee_m"] == 50_000.0 and by_alias["speed_kmh"] is None
    assert by_alias["kind"] == "observed" and "Yonhap" in by_alias["source"] and "2020-03-22" in by_alias["source"]
    assert rm.flight_model(catalog.system("hwasong-11b")) == by_alias
    assert rm.flight_model({"id": "hwasong-11b"}) == by_alias
    assert set(by_alias) == {"model", "apogee_m", "speed_kmh", "kind", "source", "sources", "note"}
    plain = rm.flight_model("Iskander-M")
    assert plain["model"] == "ballistic" and plain["apogee_m"] is None and plain["kind"] is None


def test_flight_model_of_a_cruise_system_gives_its_speed_or_none():
    shahed = rm.flight_model("Geran-2")
    assert shahed["model"] == "cruise" and shahed["speed_kmh"] == 185.0 and shahed["kind"] == "estimate"
    assert "CBC" in shahed["source"]
    assert rm.flight_model("kalibr") is None  # no sourced speed: no time can be given
    assert catalog.flight_models().at["kalibr", "model"] == "cruise"


def test_flight_model_is_none_for_custom_systems_and_refuses_unknown_names():
    assert rm.flight_model(catalog.custom_system(500)) is None
    assert rm.flight_model(catalog.custom_system(500, name="my rocket")) is None
    with pytest.raises(UnknownNameError, match="did you mean"):
        rm.flight_model("Iskandr")


def test_flight_models_feed_flight_time():
    """The depressed KN-24 (50 km apogee at 410 km) arrives sooner than the minimum-energy trajectory would,
    and a cruise time is the straight-line distance over the sourced speed."""
    kn24 = rm.flight_model("KN-24")
    depressed = flight.flight_time(410e3, apogee_m=kn24["apogee_m"])
    minimum_energy = flight.flight_time(410e3)
    assert depressed < minimum_energy
    assert flight.trajectory(410e3, apogee_m=kn24["apogee_m"]).apogee_m == pytest.approx(50e3, rel=1e-9)
    peklo = rm.flight_model("Peklo")
    assert flight.flight_time(700e3, model="cruise", speed_kmh=peklo["speed_kmh"]) == pytest.approx(3600.0)


def test_accuracy_gives_dated_figures_newest_first():
    figures = rm.accuracy("KN-23")
    assert [f["date"] for f in figures] == ["2025-02-06", "2024-02"]
    recent, early = figures
    assert (recent["cep_low_m"], recent["cep_high_m"], recent["cep_m"]) == (50.0, 100.0, None)
    assert (early["cep_low_m"], early["cep_high_m"]) == (1000.0, 3000.0)
    assert {f["kind"] for f in figures} == {"estimate"}
    assert all("Reuters" in f["source"] for f in figures)
    assert set(recent) == {"cep_m", "cep_low_m", "cep_high_m", "kind", "date", "source", "sources", "note"}
    assert rm.accuracy(catalog.system("hwasong-11")) == figures


def test_accuracy_is_empty_without_a_sourced_figure():
    assert rm.accuracy("kalibr") == []
    assert rm.accuracy(catalog.custom_system(300)) == []
    with pytest.raises(UnknownNameError):
        rm.accuracy("no such missile")


def test_tables_handed_out_are_copies():
    models = catalog.flight_models()
    models.loc["hwasong-11b", "apogee_km"] = 1.0
    assert catalog.flight_models().at["hwasong-11b", "apogee_km"] == 50.0
    assert rm.flight_model("hwasong-11b")["apogee_m"] == 50_000.0


# --- bad files ------------------------------------------------------------------------------------------------

FLIGHT_OK = {"system_id": "hwasong-11b", "model": "ballistic", "apogee_km": "50", "apogee_kind": "observed",
             "apogee_sources": "yonhap-2020-03-22", "speed_kmh": "", "speed_kind": "", "speed_sources": "",
             "note_sources": "", "note": ""}
CRUISE_OK = {**FLIGHT_OK, "system_id": "shahed-136", "model": "cruise", "apogee_km": "", "apogee_kind": "",
             "apogee_sources": "", "speed_kmh": "185", "speed_kind": "estimate", "speed_sources": "cbc-2022-10-shahed"}


def test_a_good_flight_file_loads(tmp_path):
    frame = catalog.load_flight_models(write(tmp_path, "flight.csv", catalog.FLIGHT_FILE_COLUMNS,
                                             [FLIGHT_OK, CRUISE_OK]))
    assert list(frame["system_id"]) == ["hwasong-11b", "shahed-136"]
    assert frame["source"].str.contains("Yonhap").iloc[0] and frame["source"].str.contains("CBC").iloc[1]


@pytest.mark.parametrize("change, message", [
    ({"system_id": "scud-z"}, r"row 3, column 'system_id': 'scud-z' is not a catalog system"),
    ({"model": "glide"}, r"row 3, column 'model': 'glide' is not one of ballistic, cruise"),
    ({"model": ""}, r"row 3, column 'model': is empty"),
    ({"speed_kmh": "-185"}, r"row 3, column 'speed_kmh': -185 must be positive"),
    ({"speed_kmh": "0"}, r"row 3, column 'speed_kmh': 0 must be positive"),
    ({"speed_kmh": "fast"}, r"row 3, column 'speed_kmh': 'fast' is not a finite number"),
    ({"speed_kind": "guess"}, r"row 3, column 'speed_kind': 'guess' is not one of claim, estimate, observed"),
    ({"speed_kind": ""}, r"row 3, column 'speed_kind': a figure without a kind \(one of claim, estimate, observed\)"),
    ({"speed_sources": ""}, r"row 3, column 'speed_sources': a figure without a source"),
    ({"speed_sources": "nosuch-2020"}, r"row 3, column 'speed_sources': unknown source 'nosuch-2020'"),
    ({"note_sources": "nosuch-2020"}, r"row 3, column 'note_sources': unknown source 'nosuch-2020'"),
    ({"apogee_km": "50", "apogee_kind": "observed", "apogee_sources": "yonhap-2020-03-22"},
     r"row 3, column 'apogee_km': a cruise model has no apogee"),
    ({"model": "ballistic"}, r"row 3, column 'speed_kmh': a ballistic model has no cruise speed"),
    ({"speed_kmh": "", "speed_kind": "estimate"}, r"row 3, column 'speed_kind': kind or source without a figure"),
    ({"system_id": "hwasong-11b"}, r"row 3, column 'system_id': 'hwasong-11b' appears twice"),
])
def test_bad_flight_rows_are_refused_naming_row_and_column(tmp_path, change, message):
    path = write(tmp_path, "flight.csv", catalog.FLIGHT_FILE_COLUMNS, [FLIGHT_OK, {**CRUISE_OK, **change}])
    with pytest.raises(DataFileError, match=r"^flight\.csv, " + message):
        catalog.load_flight_models(path)


def test_a_flight_file_without_a_column_or_rows_is_refused(tmp_path):
    header = [c for c in catalog.FLIGHT_FILE_COLUMNS if c != "speed_kind"]
    path = write(tmp_path, "flight.csv", header, [{k: v for k, v in CRUISE_OK.items() if k != "speed_kind"}])
    with pytest.raises(DataFileError, match=r"^flight\.csv: missing column 'speed_kind'"):
        catalog.load_flight_models(path)
    with pytest.raises(DataFileError, match=r"^flight\.csv: no rows"):
        catalog.load_flight_models(write(tmp_path, "flight.csv", catalog.FLIGHT_FILE_COLUMNS, []))


ACCURACY_OK = {"system_id": "hwasong-11", "cep_m": "", "cep_low_m": "50", "cep_high_m": "100", "kind": "estimate",
               "date": "2025-02-06", "sources": "independent-2025-02-06", "note": ""}


def test_a_good_accuracy_file_loads(tmp_path):
    both = {**ACCURACY_OK, "cep_m": "75"}
    only = {**ACCURACY_OK, "cep_m": "40", "cep_low_m": "", "cep_high_m": "", "date": "2025-03"}
    frame = catalog.load_accuracy(write(tmp_path, "accuracy.csv", catalog.ACCURACY_FILE_COLUMNS,
                                        [ACCURACY_OK, both, only]))
    assert list(frame["cep_m"].fillna(0)) == [0, 75, 40]
    assert frame["source"].str.contains("Independent").all()


@pytest.mark.parametrize("change, message", [
    ({"system_id": "scud-z"}, r"row 3, column 'system_id': 'scud-z' is not a catalog system"),
    ({"cep_m": "0", "cep_low_m": "", "cep_high_m": ""}, r"row 3, column 'cep_m': 0 must be positive"),
    ({"cep_low_m": "-50"}, r"row 3, column 'cep_low_m': -50 must be positive"),
    ({"cep_high_m": ""}, r"row 3, column 'cep_high_m': a band needs both ends"),
    ({"cep_low_m": ""}, r"row 3, column 'cep_low_m': a band needs both ends"),
    ({"cep_low_m": "200"}, r"row 3, column 'cep_low_m': 200 exceeds cep_high_m 100"),
    ({"cep_m": "150"}, r"row 3, column 'cep_m': 150 is outside the band 50-100"),
    ({"cep_m": "", "cep_low_m": "", "cep_high_m": ""}, r"row 3, column 'kind': kind or source without a figure"),
    ({"kind": "claimed"}, r"row 3, column 'kind': 'claimed' is not one of claim, estimate, observed"),
    ({"date": "Feb 2024"}, r"row 3, column 'date': 'Feb 2024' is not YYYY-MM or YYYY-MM-DD"),
    ({"date": "2024"}, r"row 3, column 'date': '2024' is not YYYY-MM or YYYY-MM-DD"),
    ({"date": ""}, r"row 3, column 'date': is empty"),
    ({"sources": ""}, r"row 3, column 'sources': is empty"),
    ({"sources": "nosuch-2020"}, r"row 3, column 'sources': unknown source 'nosuch-2020'"),
    ({"cep_m": "about 50"}, r"row 3, column 'cep_m': 'about 50' is not a finite number"),
])
def test_bad_accuracy_rows_are_refused_naming_row_and_column(tmp_path, change, message):
    path = write(tmp_path, "accuracy.csv", catalog.ACCURACY_FILE_COLUMNS, [ACCURACY_OK, {**ACCURACY_OK, **change}])
    with pytest.raises(DataFileError, match=r"^accuracy\.csv, " + message):
        catalog.load_accuracy(path)


def test_loaders_check_against_the_systems_and_sources_given(tmp_path):
    """A helper adding systems validates its rows against its own systems and sources tables."""
    systems = pd.concat([catalog.systems(), catalog.systems().head(1).assign(id="new-missile")])
    path = write(tmp_path, "flight.csv", catalog.FLIGHT_FILE_COLUMNS, [{**FLIGHT_OK, "system_id": "new-missile"}])
    assert list(catalog.load_flight_models(path, systems=systems)["system_id"]) == ["new-missile"]
    with pytest.raises(DataFileError, match="'new-missile' is not a catalog system"):
        catalog.load_flight_models(path)
    sources = catalog.sources().query("id != 'yonhap-2020-03-22'")
    with pytest.raises(DataFileError, match="unknown source 'yonhap-2020-03-22'"):
        catalog.load_flight_models(path, sources=sources, systems=systems)


# --- the command line ---------------------------------------------------------------------------------------

def test_systems_table_shows_flight_model_and_latest_cep(capsys):
    assert main(["systems"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header[-2:] == ["flight", "cep"]
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["hwasong-11b"].rstrip().endswith("ballistic, apogee 50 km (observed)")
    assert lines["hwasong-11"].rstrip().endswith("ballistic, apogee 50 km (observed) 50-100 m (estimate, 2025-02-06)")
    assert "cruise 185 km/h (estimate)" in lines["shahed-136"]
    assert "cruise, speed unknown" in lines["kalibr"]
    # the sources of flight models and CEP figures are listed with the others
    assert "[independent-2025-02-06] The Independent" in out and "[cbc-2022-10-shahed] CBC News" in out


def test_systems_json_and_csv_carry_flight_and_cep(capsys):
    assert main(["systems", "--format", "json"]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["peklo"]["flight"] == "cruise 700 km/h (claim)"
    assert records["hwasong-11"]["cep"] == "50-100 m (estimate, 2025-02-06)"
    assert records["kalibr"]["cep"] == "" and records["hwasong-11"]["performance_sources"] == \
        "aju-2019-08-02;independent-2025-02-06"
    assert main(["systems", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == len(catalog.systems())
    assert {r["id"]: r["flight"] for r in table}["kn-25"] == "ballistic, apogee 97 km (observed)"
