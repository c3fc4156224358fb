"""The catalog: reported systems, named launch points, their sources, launch areas, scenarios, borders and
cities, and finding them by name.

Modules: :mod:`~rangemap.catalog.schema` (columns and checks), :mod:`~.files` (reading shipped files or any
path), :mod:`~.sources` (provenance: sources by id, citations), :mod:`~.tables` (loading from any path;
the shipped tables, read once), :mod:`~.areas` (launch areas), :mod:`~.performance` (flight models and
CEP figures), :mod:`~.points` (point tables from frames or files, whole or in batches), :mod:`~.lookup`
(by id, alias or name, with "did you mean"; cities as places; custom ranges), :mod:`~.scenarios` (shipped
scenarios). The function names ``sources``, ``areas`` and ``scenarios`` here are the tables, not the modules of
that name. May import pandas, geopandas, :mod:`rangemap.units` and :mod:`rangemap.errors`; never analysis, render or io.
"""

from rangemap.catalog.areas import AREA_COLUMNS, area, areas, load_areas
from rangemap.catalog.lookup import (
    country_codes,
    custom_system,
    operator_systems,
    operators,
    place,
    resolve_sites,
    resolve_systems,
    site,
    system,
)
from rangemap.catalog.performance import (
    ACCURACY_FILE_COLUMNS,
    FLIGHT_FILE_COLUMNS,
    FLIGHT_MODELS,
    accuracy,
    accuracy_figures,
    flight_model,
    flight_models,
    load_accuracy,
    load_flight_models,
)
from rangemap.catalog.scenarios import SCENARIO_COLUMNS, scenario, scenarios
from rangemap.catalog.schema import (
    CITY_COLUMNS,
    RANGE_KINDS,
    RANGE_QUALIFIERS,
    SITE_COLUMNS,
    SITE_FILE_COLUMNS,
    SITE_KINDS,
    SOURCE_COLUMNS,
    SOURCE_REQUIRED,
    SPEAKER_ROLES,
    SYSTEM_COLUMNS,
    SYSTEM_FILE_COLUMNS,
    check_table,
)
from rangemap.catalog.sources import load_sources, source, sources
from rangemap.catalog.tables import (
    boundaries,
    cities,
    load_boundaries,
    load_cities,
    load_sites,
    load_systems,
    sites,
    systems,
)
from rangemap.errors import DataFileError, UnknownNameError

#: Former name of :class:`~rangemap.errors.DataFileError`.
CatalogError = DataFileError

__all__ = [
    "ACCURACY_FILE_COLUMNS", "FLIGHT_FILE_COLUMNS", "FLIGHT_MODELS", "accuracy", "accuracy_figures", "flight_model",
    "flight_models", "load_accuracy", "load_flight_models",
    "AREA_COLUMNS", "CITY_COLUMNS", "CatalogError", "RANGE_KINDS", "RANGE_QUALIFIERS", "SCENARIO_COLUMNS", "SITE_COLUMNS",
    "SITE_FILE_COLUMNS", "SITE_KINDS", "SOURCE_COLUMNS", "SOURCE_REQUIRED", "SPEAKER_ROLES", "SYSTEM_COLUMNS",
    "SYSTEM_FILE_COLUMNS",
    "UnknownNameError",
    "area", "areas", "boundaries", "check_table", "cities", "country_codes", "custom_system", "load_areas",
    "load_boundaries", "load_cities", "load_sites", "load_sources", "load_systems", "operator_systems", "operators",
    "place", "resolve_sites",
    "resolve_systems", "scenario", "scenarios", "site", "sites", "source", "sources", "system", "systems",
]
