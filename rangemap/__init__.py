"""rangemap: geodesically exact missile-reach maps (WGS84) on Leaflet.

A light facade: ``import rangemap`` loads only the error family; each public name is imported from its
package the first time it is used, so ``import rangemap.geodesy`` (numpy, pyproj, shapely) never pulls in
folium, geopandas or matplotlib.

>>> import rangemap as rm
>>> ring = rm.reach_polygon(50.5955, 36.5873, rm.parse_distance("430 mi"))
>>> ring.geom_type
'Polygon'
"""

from __future__ import annotations

import importlib

from rangemap.errors import RangemapError as RangemapError  # re-exported

__version__ = "0.1.0"

_PUBLIC = {
    "rangemap.units": ["format_distance", "parse_distance"],
    "rangemap.geodesy": ["distance_m", "reach_polygon", "reach_polygons"],
    "rangemap.catalog": ["areas", "boundaries", "cities", "custom_system", "scenario", "scenarios", "site", "sites",
                         "sources", "system", "systems"],
    "rangemap.catalog.performance": ["accuracy", "accuracy_figures", "flight_model", "flight_models"],
    "rangemap.analysis": ["check", "envelope", "launch_area", "pairs_in_reach", "reach", "reach_from_area", "summary",
                          "targets_in_reach"],
    "rangemap.analysis.time_rings": ["time_rings"],
    "rangemap.analysis.aim": ["aim"],
    "rangemap.flight": ["accuracy_radius", "flight_time", "hit_probability", "range_for_time", "trajectory"],
    "rangemap.io": ["export_reach", "read_sites_file"],
    "rangemap.render": ["ReachMap", "reach_map", "scenario_map", "seed_map"],
    "rangemap.render.figure": ["reach_figure"],
    "rangemap.render.widget": ["explore", "from_link"],
}
_HOME = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = sorted(["RangemapError", *_HOME])


_SUBPACKAGES = {"analysis", "catalog", "cli", "errors", "flight", "geodesy", "io", "render", "units"}


def __getattr__(name: str):
    if name in _SUBPACKAGES:
        return importlib.import_module(f"rangemap.{name}")
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'rangemap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
