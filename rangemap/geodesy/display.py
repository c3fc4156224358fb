"""Display copies of split geometries: longitudes unwrapped past ±180° so one shape draws as one piece.

Leaflet draws polygons in continuous longitudes; rangemap's analysis geometry is split at ±180° (RFC 7946).
These helpers make display copies only; analysis always keeps the split geometry. Shapely only.
"""

from __future__ import annotations

import shapely
from shapely.geometry import box

from rangemap.geodesy.regions import Polygonal

__all__ = ["display_geometry", "joined_across_antimeridian", "with_antimeridian_copies"]


def display_geometry(geom: Polygonal, lon0: float) -> Polygonal:
    """Copy for Leaflet with longitudes in [lon0 - 180, lon0 + 180]: pieces beyond the antimeridian as
    seen from the launch point move by 360° and rejoin, so a ring over Chukotka or a cap around a pole
    draws as one shape around its launch point (analysis keeps the split geometry)."""
    west, east = lon0 - 180.0, lon0 + 180.0
    minx, _, maxx, _ = geom.bounds
    if lon0 >= 0 and minx < west:
        keep, move, shift = box(west, -90.0, 180.0, 90.0), box(-180.0, -90.0, west, 90.0), 360.0
    elif lon0 < 0 and maxx > east:
        keep, move, shift = box(-180.0, -90.0, east, 90.0), box(east, -90.0, 180.0, 90.0), -360.0
    else:
        return geom
    moved = shapely.transform(shapely.intersection(geom, move), lambda xy: xy + [shift, 0.0])
    return shapely.union_all([shapely.intersection(geom, keep), moved])


def with_antimeridian_copies(geom: Polygonal, within_deg: float = 60.0) -> Polygonal:
    """Add copies, 360° over, of the parts within ``within_deg`` of ±180° (Chukotka, Alaska, Fiji…), so
    borders stay drawn where display geometries continue past the antimeridian."""
    parts = list(shapely.get_parts(geom))
    copies = [shapely.transform(p, lambda xy, s=(-360.0 if p.bounds[0] > 0 else 360.0): xy + [s, 0.0])
              for p in parts if p.bounds[0] > 180.0 - within_deg or p.bounds[2] < within_deg - 180.0]
    return shapely.MultiPolygon(parts + copies) if copies else geom


def joined_across_antimeridian(geom: Polygonal, edge_deg: float = 1e-6) -> Polygonal:
    """Copy for display in which parts touching -180° move to +180°…+540° and join the parts they meet there
    (Chukotka to the rest of Russia), so no outline is drawn along the antimeridian."""
    parts = list(shapely.get_parts(geom))
    west = [p for p in parts if p.bounds[0] <= -180.0 + edge_deg]
    east = [p for p in parts if p.bounds[2] >= 180.0 - edge_deg]
    if not west or not east:
        return geom
    moved = [shapely.transform(p, lambda xy: xy + [360.0, 0.0]) for p in west]
    return shapely.union_all([p for p in parts if not any(p is w for w in west)] + moved)
