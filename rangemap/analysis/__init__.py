"""Analysis: reach tables (one exact geometry per system and launch point), envelopes, targets in reach,
launch areas. Modules: :mod:`~rangemap.analysis.reach` (tables, envelopes, areas) and :mod:`~.targets`
(what lies within reach, by exact distance). May import geodesy, catalog, units, pandas and geopandas;
never render, io or the CLI.
"""

from rangemap.analysis.reach import REACH_COLUMNS, envelope, is_nominal, reach, reach_from_area
from rangemap.analysis.targets import TARGET_COLUMNS, launch_area, summary, target_point, targets_in_reach

__all__ = ["REACH_COLUMNS", "TARGET_COLUMNS", "envelope", "is_nominal", "launch_area", "reach", "reach_from_area",
           "summary", "target_point", "targets_in_reach"]
