"""Flight models and CEP figures of the catalog: every system has a flight row, the shipped tables validate,
bad files are refused naming row and column, and flight_model / accuracy answer as documented."""

from pathlib import Path

import rangemap.catalog as catalog

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


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
        assert (given[column] > 0).all()
        assert given[kind].isin(catalog.RANGE_KINDS).all()
    for cell in models["sources"]:
        assert set(filter(None, cell.split(";"))) <= known
    figures = catalog.accuracy_figures()
    assert len(figures) >= 1
    assert figures["kind"].isin(catalog.RANGE_KINDS).all()
    assert figures["sources"].str.len().gt(0).all() and figures["source"].str.len().gt(10).all()
    band = figures["cep_low_m"].notna()
    assert (figures.loc[band, "cep_low_m"] <= figures.loc[band, "cep_high_m"]).all()
    assert figures["date"].str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").all()
