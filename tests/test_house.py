"""The house rules that keep rangemap light and one-way: what each package may import, and the errors."""

import subprocess
import sys

import pytest

import rangemap as rm
from rangemap import errors

HEAVY = ("folium", "geopandas", "matplotlib", "pandas", "branca", "jinja2")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("statement", ["import rangemap", "import rangemap.geodesy",
                                       "import rangemap as rm; rm.reach_polygon(50, 36, 1e6)"])
def test_the_core_imports_nothing_heavy(statement):
    loaded = _loaded_after(statement)
    assert not [m for m in HEAVY if m in loaded]


def test_maps_still_come_on_demand():
    loaded = _loaded_after("import rangemap as rm; rm.ReachMap")
    assert "folium" in loaded


@pytest.mark.parametrize("package", ["styles", "geodesy", "catalog", "analysis", "io"])
def test_lower_layers_never_import_upper_ones(package):
    loaded = _loaded_after(f"import rangemap.{package}")
    upper = {"styles": ["geodesy", "catalog", "analysis", "render", "io", "cli"],
             "geodesy": ["catalog", "analysis", "render", "io", "cli"], "catalog": ["analysis", "render", "io", "cli"],
             "analysis": ["render", "io", "cli"], "io": ["render", "analysis", "cli"]}[package]
    assert not [u for u in upper if f"rangemap.{u}" in loaded]


def test_every_input_error_is_one_family():
    for name in errors.__all__:
        kind = getattr(errors, name)
        assert issubclass(kind, rm.RangemapError) or issubclass(kind, errors.RangemapWarning), name
    assert issubclass(rm.RangemapError, ValueError)
    with pytest.raises(errors.DistanceError):
        rm.parse_distance("5 parsecs")
    with pytest.raises(errors.CoordinateError):
        rm.reach_polygon(91.0, 0.0, 1000.0)
    with pytest.raises(errors.UnknownNameError):
        rm.system("hwasong-99")


def test_public_names_resolve():
    for name in rm.__all__:
        assert getattr(rm, name) is not None
    with pytest.raises(AttributeError):
        rm.no_such_name  # noqa: B018


def test_every_catalog_system_has_its_colour_and_scenarios_tell_them_apart():
    from rangemap import styles

    assert set(styles.SYSTEM_COLOURS) == set(rm.systems()["id"])
    for name in rm.scenarios()["name"]:
        used = list(dict.fromkeys(s for layer in rm.scenario(name)["layers"] for s in layer["systems"]))
        colours = [styles.colour(s) for s in used]
        assert len(set(colours)) == len(colours), name
