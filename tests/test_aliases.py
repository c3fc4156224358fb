"""Systems as people write them: every alias resolves to its own system, through the API and the CLI, and no
name is shared by two systems."""

import pytest

import rangemap as rm
from rangemap import catalog
from rangemap.catalog.lookup import _index
from rangemap.catalog.schema import lookup_key
from rangemap.cli import main

# Names as reports write them (issue 19), with the system each must find.
WRITTEN = [
    ("shahed", "shahed-136"), ("Shahed-136", "shahed-136"), ("geran-2", "shahed-136"), ("Geran 2", "shahed-136"),
    ("kn-23", "hwasong-11"), ("KN 24", "hwasong-11b"), ("iskander", "iskander-m"), ("9M723", "iskander-m"),
    ("storm shadow", "storm-shadow"), ("Storm-Shadow", "storm-shadow"), ("STORM SHADOW", "storm-shadow"),
    ("scalp", "storm-shadow"), ("SCALP-EG", "storm-shadow"), ("3M-14", "kalibr"), ("3M22", "zircon"),
    ("Tsirkon", "zircon"), ("Kh-47M2", "kinzhal"), ("X-101", "kh-101"), ("SSC-8", "9m729"),
    ("Neptun", "neptune"), ("ATACMS", "atacms-m57"), ("MGM-140A", "atacms-m39"), ("glide bomb", "fab-umpk"),
    # systems added for issue 23, by the names reports use
    ("Tochka-U", "tochka-u"), ("Tochka", "tochka-u"), ("SS-21", "tochka-u"), ("Lancet", "lancet"),
    ("Lancet-3", "lancet"), ("Kh-32", "kh-32"), ("X-32", "kh-32"), ("Hwasong-12", "hwasong-12"),
    ("KN-17", "hwasong-12"), ("Hwasong-14", "hwasong-14"), ("KN-20", "hwasong-14"), ("Pukguksong-3", "pukguksong-3"),
    ("KN-26", "pukguksong-3"), ("Hwasong-16B", "hwasong-16b"), ("Musudan", "musudan"), ("Hwasong-10", "musudan"),
    ("Rodong", "rodong"), ("Nodong", "rodong"), ("Smerch", "smerch"), ("BM-30", "smerch"), ("Vilkha", "vilkha"),
    ("Olkha", "vilkha"), ("Sapsan", "sapsan"), ("Hrim-2", "sapsan"), ("Harpoon", "harpoon-coastal"), ("Oniks", "oniks"),
    ("Onyx", "oniks"), ("P-800", "oniks"), ("Bastion", "oniks"), ("Burevestnik", "burevestnik"), ("9M730", "burevestnik"),
]


def aliases():
    """(alias, id) for every alias in the shipped table."""
    s = catalog.systems()
    return [(a, row.id) for row in s.itertuples() for a in str(row.aliases).split(";") if a.strip()]


def test_every_system_has_aliases():
    s = catalog.systems()
    counts = {row.id: len([a for a in str(row.aliases).split(";") if a.strip()]) for row in s.itertuples()}
    assert all(n >= 1 for n in counts.values()), counts
    assert sum(counts.values()) >= 2 * len(counts)


@pytest.mark.parametrize("name, system_id", WRITTEN)
def test_written_names_resolve_in_the_api(name, system_id):
    assert catalog.system(name)["id"] == system_id
    assert list(rm.reach(name, [(50.0, 36.0)], geometry=False)["system"]) == [system_id]


@pytest.mark.parametrize("name, system_id", [w for w in WRITTEN if w[0] in
                                             ("shahed", "geran-2", "kn-23", "iskander", "storm shadow", "scalp")])
def test_written_names_resolve_in_the_cli(capsys, name, system_id):
    code = main(["check", "--target", "Kyiv", "--site", "kursk", "--system", name, "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert catalog.system(system_id)["name"] in out


def test_every_alias_finds_its_own_system():
    pairs = aliases()
    assert len(pairs) >= 90
    for alias, system_id in pairs:
        assert catalog.system(alias)["id"] == system_id, alias


def test_no_name_is_shared_by_two_systems():
    """Over the whole table: ids, display names and aliases, compared by lookup key (case, spaces, hyphens)."""
    s = catalog.systems()
    owner: dict[str, str] = {}
    clashes = []
    for row in s.itertuples():
        names = [row.id, row.name] + [a for a in str(row.aliases).split(";") if a.strip()]
        for name in names:
            key = lookup_key(name)
            assert key, f"{row.id}: {name!r} has an empty lookup key"
            if owner.setdefault(key, row.id) != row.id:
                clashes.append((name, owner[key], row.id))
    assert clashes == []


def test_a_name_shared_by_two_systems_is_refused():
    """A table where KN-23 names both Hwasong-11 and Hwasong-11B is an error naming the row, not a silent pick."""
    table = catalog.systems()
    table.loc[table["id"] == "hwasong-11b", "aliases"] = "KN-24;kn 23"
    row = int(table.index[table["id"] == "hwasong-11b"][0]) + 2
    with pytest.raises(catalog.DataFileError, match=rf"row {row}: name 'kn 23' also names 'hwasong-11'"):
        _index(table, "systems.csv", ["id", "name"], aliases=True)


def test_unknown_alias_is_one_line_exit_2_with_a_guess(capsys):
    code = main(["check", "--target", "Kyiv", "--site", "kursk", "--system", "shahid-136"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "'shahid-136'" in err and "did you mean shahed-136" in err
    with pytest.raises(catalog.UnknownNameError, match="did you mean storm-shadow"):
        catalog.system("storm shadw")
