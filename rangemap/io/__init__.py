"""Files in and out: sites files people bring, exports other tools read, and safe atomic output.

Modules: :mod:`~rangemap.io.atomic` (write beside, rename into place), :mod:`~.sites` (CSV/GeoJSON
launch points), :mod:`~.export` (GeoJSON RFC 7946, KML, GeoPackage through pyogrio),
:mod:`~.tables` (Parquet/CSV written batch by batch), :mod:`~.listing` (tables as csv, json or text for
the command line). May import geodesy, catalog (schema), :mod:`rangemap.styles` (KML colours) and
geopandas/pyogrio/pyarrow; never the Leaflet page.
"""

from rangemap.io.atomic import atomic_output, check_output_path, write_atomic
from rangemap.io.export import FORMATS, export_format, export_reach, reach_feature
from rangemap.io.sites import read_sites_file

__all__ = ["FORMATS", "atomic_output", "check_output_path", "export_format", "export_reach", "reach_feature",
           "read_sites_file", "write_atomic"]
