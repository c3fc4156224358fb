"""Analysis: reach tables (one exact geometry per system and launch point), envelopes, targets in reach,
launch areas, reach checks. Modules: :mod:`~rangemap.analysis.reach` (tables, envelopes, areas),
:mod:`~.pairs` (the array core: which points lie within which reach), :mod:`~.targets` (what lies within
reach, by exact distance, from frames or files in batches), :mod:`~.distributed` (the same on Dask;
optional) and :mod:`~.checks` (does a system reach a place). May import geodesy, catalog, units, pandas
and geopandas (and Dask, lazily); never render, io or the CLI.
"""

from rangemap.analysis.checks import CHECK_COLUMNS, check, check_lines
from rangemap.analysis.pairs import pairs_in_reach
from rangemap.analysis.reach import REACH_COLUMNS, area_reach, envelope, is_nominal, reach, reach_from_area
from rangemap.analysis.targets import (
    TARGET_COLUMNS,
    iter_targets_in_reach,
    launch_area,
    summary,
    target_point,
    targets_in_reach,
)

__all__ = ["CHECK_COLUMNS", "REACH_COLUMNS", "TARGET_COLUMNS", "area_reach", "check", "check_lines", "envelope",
           "is_nominal", "iter_targets_in_reach", "launch_area", "pairs_in_reach", "reach", "reach_from_area", "summary",
           "target_point", "targets_in_reach"]
