"""rangemap: geodesically exact missile-reach maps (WGS84) on Leaflet."""

from rangemap.geodesy import distance_m, reach_polygon, reach_polygons
from rangemap.units import format_distance, parse_distance

__all__ = ["distance_m", "format_distance", "parse_distance", "reach_polygon", "reach_polygons"]
__version__ = "0.1.0"
