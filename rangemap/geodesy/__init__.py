"""Exact reach geometry on the WGS84 ellipsoid — the reference the page's JavaScript is tested against.

The reach of a launch point is every point whose shortest path on WGS84 (Karney's algorithms, through
``pyproj.Geod``) is within range. Boundaries are exact geodesic points joined by edges that are straight in
longitude/latitude, with the vertex count planned so every edge stays within ``tolerance_m`` of the true
boundary. Modules: :mod:`~rangemap.geodesy.distances` (distances, destinations), :mod:`~.rings` (ring
planning, polar refinement, antipodal caps), :mod:`~.regions` (pole closure, folding at ±180°),
:mod:`~.display` (unwrapped copies for drawing). Pure geometry: imports numpy, pyproj, shapely and
:mod:`rangemap.errors` / :mod:`rangemap.units` only; no files, maps or catalog.

Coordinates are degrees, distances metres. Public functions take ``lat, lon``; pyproj is called lon-first.
"""

from rangemap.errors import RangemapError
from rangemap.geodesy.display import display_geometry, with_antimeridian_copies
from rangemap.geodesy.distances import GEOD, LONGEST_GEODESIC_M, destination, distance_m
from rangemap.geodesy.regions import WORLD, fold_antimeridian, polygonal
from rangemap.geodesy.rings import reach_polygon, reach_polygons

#: Former name of the error for bad geometry input; every such error is a :class:`RangemapError`.
GeometryInputError = RangemapError

__all__ = [
    "GEOD", "GeometryInputError", "LONGEST_GEODESIC_M", "WORLD", "destination", "display_geometry", "distance_m",
    "fold_antimeridian", "polygonal", "reach_polygon", "reach_polygons", "with_antimeridian_copies",
]
