"""rangemap: geodesically exact missile-reach maps (WGS84) on Leaflet.

>>> import rangemap as rm
>>> ring = rm.reach_polygon(50.5955, 36.5873, rm.parse_distance("430 mi"))
"""

from rangemap.analysis import check, envelope, launch_area, reach, reach_from_area, summary, targets_in_reach
from rangemap.catalog import (areas, boundaries, cities, custom_system, read_sites_file, scenario, scenarios, site,
                              sites, sources, system, systems)
from rangemap.geodesy import distance_m, reach_polygon, reach_polygons
from rangemap.maps import ReachMap, reach_map, seed_map
from rangemap.export import export_reach
from rangemap.units import format_distance, parse_distance

__all__ = [
    "ReachMap", "areas", "boundaries", "check", "cities", "custom_system", "distance_m", "envelope", "export_reach", "format_distance", "launch_area",
    "parse_distance", "reach", "reach_from_area",
    "reach_map", "reach_polygon", "reach_polygons", "read_sites_file", "scenario", "scenarios", "seed_map", "site",
    "sites", "sources", "summary",
    "system", "systems", "targets_in_reach",
]
__version__ = "0.1.0"
