"""Regions from rings: the side of a ring that holds a pole, folding unwrapped polygons back to ±180°.

Geometry in longitude/latitude degrees, shapely only (no geodesics are computed here).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from rangemap.geodesy.distances import Floats

#: A polygonal result: a shapely Polygon or MultiPolygon (shapely ships no type hints: documentation only).
Polygonal = Any

__all__ = ["WORLD", "fold_antimeridian", "polygonal", "ring_region"]

#: The whole globe as a lon/lat rectangle.
WORLD = box(-180.0, -90.0, 180.0, 90.0)


def ring_region(ring: tuple[Floats, Floats, Floats], poles: tuple[bool, bool]) -> Polygonal:
    """The region a ring encloses: the side holding ``poles`` = (north, south) flags, folded to ±180°.

    The ring's first vertex lies on the ray towards the north pole (az 0°), its vertex at az 180° on the
    ray towards the south pole; the meridian from that vertex to an enclosed pole lies inside the region,
    so the polygon is cut open there and closed along the pole's latitude.
    """
    lon, lat, par = ring
    north, south = poles
    x = _unwrap(lon)
    winding = round((x[-1] + ((lon[0] - lon[-1] + 180.0) % 360.0 - 180.0) - x[0]) / 360.0)
    if north != south:
        pole_lat = 90.0 if north else -90.0
        cut = _cut_at_antimeridian(x, lat, pole_lat) if abs(winding) == 1 else None
        if cut is not None:
            return cut
        start = 0 if north else int(np.searchsorted(par, 180.0))
        lon, lat = np.roll(lon, -start), np.roll(lat, -start)
        x = _unwrap(lon)
        # Snap the cut to a 2**-32° grid (µm) so that it and its copy 360° on land on the same bits
        # after folding, and the two halves of the cut dissolve when the folded pieces are unioned.
        x[0] = round(x[0] * 2.0**32) / 2.0**32
        end = x[0] + 360.0 * (winding if winding else (1 if north else -1))
        xs = np.concatenate([x, [end, end, x[0]]])
        ys = np.concatenate([lat, [lat[0], pole_lat, pole_lat]])
        return fold_antimeridian(Polygon(np.column_stack([xs, ys])))
    if not north:
        split = _split_at_antimeridian(x, lat)
        if split is not None:
            return split
    poly = shapely.polygons(np.column_stack([x, lat]))
    if north and south:
        inside = x.min() > -180.0 and x.max() < 180.0 and np.abs(lat).max() < 90.0 and poly.is_valid
        if inside:  # the world with the ring as its hole
            return shapely.polygons(WORLD.exterior, [poly.exterior])
        return polygonal(shapely.difference(WORLD, fold_antimeridian(poly, merge=False)))
    return fold_antimeridian(poly, merge=False)


def _unwrap(lon: Floats) -> Floats:
    """Longitudes made continuous (steps beyond 180° taken the other way round), like ``np.unwrap``
    with a 360° period, for the few jumps a ring has at ±180°."""
    step = np.diff(lon)
    x: Floats = lon.copy()
    for k in np.flatnonzero(np.abs(step) > 180.0):
        x[k + 1:] -= math.copysign(360.0, step[k])
    return x


def _cut_at_antimeridian(x: Floats, lat: Floats, pole_lat: float) -> Polygonal | None:
    """The region between a ring round one pole and that pole, drawn from -180° to 180° directly.

    ``x``: the ring's unwrapped longitudes, once round. When they run strictly one way (each meridian
    crosses the ring once, as on the sphere), the ring is cut where it crosses ±180° and closed along
    the pole's latitude: no folding or union needed. None otherwise (the caller folds instead).
    """
    if x[-1] < x[0]:
        x, lat = x[::-1], lat[::-1]
    xe = np.append(x, x[0] + 360.0)  # the closing edge, unwrapped
    if not (np.all(np.diff(xe) > 0) and np.all(np.abs(lat) < 90.0)):
        return None
    c = 180.0 + 360.0 * math.ceil((x[0] - 180.0) / 360.0)  # the first ±180° at or after the start
    j = int(np.searchsorted(xe, c))  # the ring crosses c on edge j-1 -> j, or at vertex j
    y1, y2 = lat[j - 1], lat[j % lat.size]
    y = y2 if xe[j] == c else y1 + (c - xe[j - 1]) * (y2 - y1) / (xe[j] - xe[j - 1])
    xs, ys = np.concatenate([xe[j:-1], x[:j] + 360.0]), np.concatenate([lat[j:], lat[:j]])
    keep = (xs - c > 1e-9) & (c + 360.0 - xs > 1e-9)  # vertices on the cut (to rounding) are its ends
    shift = -360.0 * (math.floor(c / 360.0) + 1)  # c to -180
    xs = np.concatenate([[-180.0], xs[keep] + shift, [180.0, 180.0, -180.0]])
    ys = np.concatenate([[y], ys[keep], [y, pole_lat, pole_lat]])
    return shapely.polygons(np.column_stack([xs, ys]))


def _split_at_antimeridian(x: Floats, lat: Floats) -> Polygonal | None:
    """A ring that encloses no pole and crosses ±180° once each way, cut there into its two pieces.

    ``x``: the ring's unwrapped longitudes. The two edges that cross the meridian are cut where they
    meet it (linearly in lon/lat, as a rectangle clip would) and each side is closed along it; the piece
    beyond ±180° is shifted by 360°. Pieces come west of the cut first, as :func:`fold_antimeridian`
    gives them. None when the ring does not cross, crosses more than twice or touches the meridian at a
    vertex (the caller folds instead).
    """
    lo, hi = float(x.min()), float(x.max())
    if (lo < -180.0) == (hi > 180.0) or hi - lo >= 360.0:  # no crossing, or both ±180°
        return None
    c = 180.0 if hi > 180.0 else -180.0
    east = x > c
    crossings = np.flatnonzero(east[:-1] != east[1:])  # edge i -> i+1 crosses the meridian
    n = x.size
    if crossings.size != 2 - (east[-1] != east[0]) or (x == c).any():
        return None
    a, b = (int(crossings[0]), int(crossings[1])) if crossings.size == 2 else (int(crossings[0]), n - 1)
    ends = np.array([a, b])
    after = (ends + 1) % n
    y = lat[ends] + (c - x[ends]) * (lat[after] - lat[ends]) / (x[after] - x[ends])
    # Each piece runs from one cut point along its side of the ring to the other cut point, and closes.
    one, other = np.arange(a + 1, b + 1), np.arange(b + 1, a + n + 1) % n
    west, east_side = (other, one) if east[a + 1] else (one, other)
    cut_y = (y[::-1], y) if east[a + 1] else (y, y[::-1])  # where each piece leaves and meets the cut
    xy = np.empty((n + 6, 2))
    start = 0
    for side, (y_in, y_out), shift in ((west, cut_y[0], 0.0 if c > 0 else 360.0),
                                        (east_side, cut_y[1], -360.0 if c > 0 else 0.0)):
        end = start + side.size + 3
        xy[start:end, 0] = c + shift
        xy[start + 1:end - 2, 0] += x[side] - c
        xy[start:end, 1] = y_in
        xy[start + 1:end - 2, 1] = lat[side]
        xy[end - 2, 1] = y_out
        start = end
    offsets = (np.array([0, west.size + 3, n + 6]), np.arange(3), np.array([0, 2]))
    return shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, xy, offsets)[0]


def fold_antimeridian(poly: Polygon, *, merge: bool = True) -> Polygonal:
    """Bring a polygon drawn with unwrapped longitudes back into [-180, 180], split at the antimeridian.

    ``merge=False`` skips the union of the folded pieces, for polygons narrower than 360° whose pieces
    cannot touch (a ring that encloses no pole).
    """
    minx, _, maxx, _ = poly.bounds
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    if minx >= -180.0 and maxx <= 180.0:
        return polygonal(poly)
    pieces = []
    for k in range(math.floor((minx + 180.0) / 360.0), math.ceil((maxx - 180.0) / 360.0) + 1):
        piece = shapely.clip_by_rect(poly, -180.0 + 360 * k, -90.0, 180.0 + 360 * k, 90.0)
        if not piece.is_valid:  # the fast rectangle clip gives no validity guarantee: redo it in full
            piece = shapely.intersection(poly, box(-180.0 + 360 * k, -90.0, 180.0 + 360 * k, 90.0))
        if not piece.is_empty:
            pieces.append(shapely.transform(piece, lambda xy, k=k: xy - [360.0 * k, 0.0]) if k else piece)
    if merge:
        return polygonal(shapely.union_all(pieces))
    if all(p.geom_type == "Polygon" for p in pieces):
        return pieces[0] if len(pieces) == 1 else shapely.multipolygons(pieces)
    return polygonal(shapely.GeometryCollection(pieces))


def polygonal(geom: object) -> Polygonal:
    """Keep only the polygon parts of a geometry: a Polygon (one part) or a MultiPolygon."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [p for p in shapely.get_parts(geom) if isinstance(p, (Polygon, MultiPolygon))]
    polys = [q for p in parts for q in (p.geoms if isinstance(p, MultiPolygon) else [p])]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)
