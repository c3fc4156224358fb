"""The gazetteer (issue 19): names as people write them resolve to the right GeoNames place, shared names
say so, qualified forms choose, messages name the argument, and every people count states its coverage."""

import json
import warnings

import pytest

import rangemap as rm
import rangemap.catalog as catalog
from rangemap import analysis
from rangemap.catalog import places
from rangemap.cli import main
from rangemap.errors import AmbiguousPlaceWarning, RangemapError, UnknownNameError

# GeoNames ids looked up in data/cities.csv (cities500 snapshot of 2023)
NAMES = {
    "Mykolaiv": 700569, "Mykolayiv": 700569, "Миколаїв": 700569, "Nikolaev": 700569,
    "Kyiv": 703448, "Kiev": 703448, "Київ": 703448, "Киев": 703448,
    "Kharkiv": 706483, "Kharkov": 706483, "Харків": 706483, "Харьков": 706483,
    "Odesa": 698740, "Odessa": 698740, "Lviv": 702550, "Lvov": 702550, "Львів": 702550,
    "Zaporizhzhia": 687700, "Kryvyi Rih": 703845, "Kryvyy Rih": 703845, "Vinnytsia": 689558,
    "Uzhhorod": 690548, "Kropyvnytskyi": 705812, "Kirovohrad": 705812,
    "New York": 5128581, "new york": 5128581, "Los Angeles": 5368361, "LOS ANGELES": 5368361,
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name, geonameid", NAMES.items())
def test_names_resolve_to_the_right_place(name, geonameid):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AmbiguousPlaceWarning)
        assert places.find(name).geonameid == geonameid


def test_folding_accents_apostrophes_case():
    assert places.fold("Kam’yanets’-Podil’s’kyy") == places.fold("kamyanets podilskyy")
    assert places.fold("Mykolaïv") == places.fold("MYKOLAIV")


def test_a_shared_name_is_the_most_populous_and_says_so():
    found = places.find("Mykolaiv")
    assert found.geonameid == 700569 and found.region == "Mykolaiv Oblast" and found.population == 470_011
    assert found.notice.startswith("Mykolaiv: taken as Mykolayiv, Mykolaiv Oblast, UA (470,011);")
    assert "write 'Mykolaiv, Lviv Oblast' to choose" in found.notice and "\n" not in found.notice
    with pytest.warns(AmbiguousPlaceWarning, match="taken as Mykolayiv"):
        point = catalog.place("Mykolaiv", "target")
    assert point["notice"] == found.notice
    with pytest.warns(AmbiguousPlaceWarning):
        table = analysis.check("Mykolaiv", ["hwasong-11"], sites=["belgorod"])
    assert table.attrs["notice"] == found.notice and bool(table["in_reach"].iloc[0])


def test_qualified_forms_choose():
    village = places.find("Mykolaiv, Lviv Oblast")
    assert (village.geonameid, village.region, village.notice) == (700568, "Lviv Oblast", "")
    assert places.find("Mykolaiv, Lviv").geonameid == 700568  # the region's short name
    assert places.find("Odessa, US").country == "US" and places.find("Odessa, Texas").region == "Texas"
    with pytest.raises(UnknownNameError, match="no place called 'Kyiv' in 'Texas'"):
        places.find("Kyiv, Texas", "target")


def test_two_places_of_one_name_are_told_apart_by_region():
    city, village = places.find("Chernivtsi"), places.find("Chernivtsi, Vinnytsia Oblast")
    assert city.label == "Chernivtsi, Chernivtsi Oblast, UA" and village.label.endswith("Vinnytsia Oblast, UA")


def test_cli_check_prints_the_notice(capsys):
    code, out, err = run(capsys, "check", "--target", "Mykolaiv", "--system", "hwasong-11", "--site", "belgorod")
    assert code == 0 and out.startswith("Mykolayiv is 526.") and "in reach" in out
    assert "taken as Mykolayiv, Mykolaiv Oblast, UA" in err and err.count("\n") == 1


def test_target_did_you_mean_offers_places_only(capsys):
    code, out, err = run(capsys, "check", "--target", "Los Angelse", "--system", "hwasong-15", "--site", "pyongyang")
    assert code == 2 and "unknown target 'Los Angelse' (--target): did you mean Los Angeles" in err
    sites = set(catalog.sites()["id"]) | set(catalog.sites()["name"])
    assert not any(s in err for s in sites - {"Pyongyang", "pyongyang"}) and err.count("\n") == 1


def test_site_names_come_before_towns_and_suggest_sites(capsys):
    assert catalog.place("Engels")["id"] == "engels-2" and catalog.place("Engels-2")["id"] == "engels-2"
    code, out, err = run(capsys, "check", "--target", "Kyiv", "--system", "hwasong-11", "--site", "Enegls")
    assert code == 2 and "unknown site 'Enegls' (--site)" in err and "did you mean engels-2?" in err
    code, out, err = run(capsys, "check", "--target", "Kyiv", "--system", "hwasong-11", "--site", "Kharkov")
    assert code == 0 and "from Kharkiv" in out  # a town the catalog does not list is a place of the gazetteer


@pytest.mark.parametrize("bad, message", [("", "is empty"), ("x" * 10_000, "10,000 characters"),
                                          ("Ky\x1biv", "control characters"), ("Kyiv\x00", "control characters")])
def test_bad_names_are_one_line(capsys, bad, message):
    with pytest.raises(RangemapError, match=message):
        places.find(bad, "target")
    code, out, err = run(capsys, "check", "--target", bad or " ", "--system", "hwasong-11", "--site", "kursk")
    assert code == 2 and out == "" and err.count("\n") == 1 and "--target" in err


def test_hwasong15_reach_counts_north_america_and_says_what_it_counts(capsys):
    table = analysis.reach(["hwasong-15"], ["pyongyang"], geometry=False)
    targets = analysis.targets_in_reach(table, countries="US,CA")
    names = set(targets["name"])
    assert {"New York City", "Los Angeles", "Chicago", "Toronto", "Vancouver", "Montréal"} <= names
    assert len(targets) > 1000 and {"California", "Ontario"} <= set(targets["region"])
    totals = analysis.summary(targets)
    assert totals.attrs["coverage"] == places.coverage() and "15,000+ people worldwide" in places.coverage()
    assert "1,000+ in" in places.coverage() and "UA" in places.coverage()
    code, out, err = run(capsys, "targets", "--system", "hwasong-15", "--site", "pyongyang", "--country", "US,CA")
    assert code == 0 and "California" in out and out.rstrip().splitlines()[-1] == places.coverage()
    code, out, err = run(capsys, "targets", "--system", "hwasong-15", "--site", "pyongyang", "--country", "CA",
                         "--format", "json")
    assert code == 0 and json.loads(out) and err.rstrip().splitlines()[-1] == "rangemap: " + places.coverage()


def test_page_and_figure_state_coverage():
    from rangemap.render.interactive import app_state
    m = rm.ReachMap()
    m.add_reach(analysis.reach(["hwasong-11"], ["belgorod"]))
    from rangemap.render.legend import ATTRIBUTION
    state = app_state(m)
    assert state["cities"]["coverage"].startswith("Counted: GeoNames places of 1,000+ people in ")
    assert len(state["cities"]["region"]) == len(state["cities"]["name"])
    assert len(state["cities"]["pop"]) < 36_000  # the world gazetteer grows the page only a little (was 25,673)
    assert "15,000+ people worldwide" in ATTRIBUTION


def test_the_page_names_the_countries_it_counts_small_places_in_as_the_command_line_does():
    from rangemap.catalog import places

    page = rm.seed_map().page_state()["app"]["cities"]
    countries = places.small_place_countries(rm.catalog.cities())
    assert len(countries) == 20 and {"UA", "RU", "BY", "DE", "KP", "JP"} <= set(countries)
    assert page["coverage"].startswith(f"Counted: GeoNames places of 1,000+ people in {', '.join(countries)}, and ")
    assert f"{', '.join(countries)}" in places.coverage()  # the command line's line names the same countries
    # and it holds just what the line says: every place of those countries, capitals and 100,000+ elsewhere
    cities = rm.catalog.cities()
    assert len(page["pop"]) == (cities["country"].isin(countries) | (cities["rank"] == 1)).sum() > 29_000
