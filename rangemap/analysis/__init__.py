"""Analysis: reach tables (one exact geometry per system and launch point), envelopes, targets in reach,
launch areas. Modules: :mod:`~rangemap.analysis.reach` (tables, envelopes, areas), :mod:`~.pairs` (the
array core: which points lie within which reach), :mod:`~.targets` (what lies within reach, by exact
distance, from frames or files in batches) and :mod:`~.distributed` (the same on Dask; optional). May
import geodesy, catalog, units, pandas and geopandas (and Dask, lazily); never render, io or the CLI.
"""

from rangemap.analysis.pairs import pairs_in_reach
from rangemap.analysis.reach import REACH_COLUMNS, envelope, is_nominal, reach, reach_from_area
from rangemap.analysis.targets import (
    TARGET_COLUMNS,
    iter_targets_in_reach,
    launch_area,
    summary,
    target_point,
    targets_in_reach,
)

__all__ = ["REACH_COLUMNS", "TARGET_COLUMNS", "envelope", "is_nominal", "iter_targets_in_reach", "launch_area",
           "pairs_in_reach", "reach", "reach_from_area", "summary", "target_point", "targets_in_reach"]
