"""The catalog: reported systems, named launch points, borders and cities, and finding them by name.

Modules: :mod:`~rangemap.catalog.schema` (columns and checks), :mod:`~.tables` (loading from any path;
the shipped tables, read once), :mod:`~.points` (point tables from frames or files, whole or in batches),
:mod:`~.lookup` (by id, alias or name, with "did you mean"). May import
pandas, geopandas, :mod:`rangemap.units` and :mod:`rangemap.errors`; never analysis, render or io.
"""

from rangemap.catalog.lookup import resolve_sites, resolve_systems, site, system
from rangemap.catalog.schema import CITY_COLUMNS, SITE_COLUMNS, SYSTEM_COLUMNS, check_table
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
    "CITY_COLUMNS", "CatalogError", "SITE_COLUMNS", "SYSTEM_COLUMNS", "UnknownNameError", "boundaries", "check_table",
    "cities", "load_boundaries", "load_cities", "load_sites", "load_systems", "resolve_sites", "resolve_systems",
    "site", "sites", "system", "systems",
]
