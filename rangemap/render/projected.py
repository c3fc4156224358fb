"""Exact geometry in any map projection, for static figures.

Lines are densified *before* projecting — reach boundaries along the geodesic ring (``Geod.fwd`` at ever
finer azimuths), other lines along their own longitude/latitude edges — until every projected chord lies
within ``tol`` (projected units) of the projected curve. Where the projection breaks (non-finite points,
a cut such as the meridian opposite the centre, the rim of an azimuthal map around the antipode) the
refinement closes in on the break and the line is cut there, so nothing streaks across the map.

Regions are rebuilt in the plane: the projected boundary pieces and the outline of the globe's image are
noded and polygonized, and each face is kept when a point of it, projected back, lies inside the region
(reach: by exact geodesic distance; other regions: by their lon/lat polygon). This is exact across ±180°,
around poles and for reaches beyond a hemisphere. Imports numpy, pyproj, shapely and geodesy only.
"""

from __future__ import annotations

import warnings

import numpy as np
import pyproj
import shapely
from shapely.geometry import Polygon, box

from rangemap.errors import RangemapError
from rangemap.geodesy import GEOD, LONGEST_GEODESIC_M, distance_m

__all__ = ["Plane", "aeqd", "lonlat_lines", "region", "ring_runs"]

_ROUNDS = 26  # bisections allowed where a line meets a break in the projection
_AZIMUTHAL_REACH_M = {"aeqd": LONGEST_GEODESIC_M - 150_000.0, "laea": LONGEST_GEODESIC_M - 150_000.0,
                      "ortho": 9_950_000.0, "gnom": 8_500_000.0, "stere": 16_000_000.0, "nsper": 9_000_000.0}
_LOCAL = {"tmerc", "etmerc", "utm", "cass", "omerc", "sterea"}  # valid near their centre only: framed, not outlined


def aeqd(lat: float, lon: float) -> pyproj.CRS:
    """Azimuthal equidistant on WGS84 centred on (lat, lon) (metres): distances from the centre are true."""
    return pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs")


class Plane:
    """A projection for one figure: forward and inverse transforms and the outline of the globe's image."""

    def __init__(self, crs):
        try:
            self.crs = pyproj.CRS.from_user_input(crs)
            self._fwd = pyproj.Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
            self._inv = pyproj.Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        except (pyproj.exceptions.CRSError, pyproj.exceptions.ProjError) as err:
            raise RangemapError(f"crs {str(crs)[:80]!r} is not a coordinate system pyproj understands: "
                                f"{str(err).splitlines()[0]}") from None
        if self.crs.is_geocentric or len(self.crs.axis_info) > 2 or self.crs.is_vertical:
            raise RangemapError(f"crs {str(crs)[:80]!r} is not a map projection (it has "
                                f"{len(self.crs.axis_info)} axes: {', '.join(a.name for a in self.crs.axis_info)}): "
                                f"give a 2-D CRS, e.g. EPSG:3035 or '+proj=aeqd +lat_0=50 +lon_0=36'")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            params = self.crs.to_dict()
        self.method = str(params.get("proj", ""))
        self.lat_0, self.lon_0 = float(params.get("lat_0", 0.0)), float(params.get("lon_0", 0.0))
        self.globe = self._globe()  # the image of the globe (a Polygon), or None where it is not drawn whole

    def forward(self, lon, lat):
        """Projected x, y of lon/lat degrees (NaN where the projection has no finite value)."""
        x, y = self._fwd.transform(np.asarray(lon, float), np.asarray(lat, float), errcheck=False)
        x, y = np.asarray(x, float), np.asarray(y, float)
        bad = ~(np.isfinite(x) & np.isfinite(y)) | (np.abs(x) > 1e12) | (np.abs(y) > 1e12)
        x[bad] = np.nan
        y[bad] = np.nan
        return x, y

    def inverse(self, x, y):
        """lon, lat degrees of projected points (only meaningful inside :attr:`globe`)."""
        lon, lat = self._inv.transform(np.asarray(x, float), np.asarray(y, float), errcheck=False)
        return np.asarray(lon, float), np.asarray(lat, float)

    def _globe(self):
        if self.method in _AZIMUTHAL_REACH_M:
            az = np.linspace(0.0, 360.0, 1441)
            lon, lat, _ = GEOD.fwd(np.full(az.size, self.lon_0), np.full(az.size, self.lat_0), az,
                                   np.full(az.size, _AZIMUTHAL_REACH_M[self.method]))
            x, y = self.forward(lon, lat)
        elif self.method in _LOCAL:
            return None
        else:  # cylindrical, pseudo-cylindrical, conic, lon/lat: the world rectangle cut opposite lon_0
            e, top = 1e-7, 85.0 if self.method in ("merc", "webmerc") else 89.99  # Mercator: as web maps
            west, east = self.lon_0 - 180.0 + e, self.lon_0 + 180.0 - e
            lons = np.linspace(west, east, 1441)
            lats = np.linspace(-top, top, 721)
            lon = np.concatenate([lons, np.full(lats.size, east), lons[::-1], np.full(lats.size, west)])
            lat = np.concatenate([np.full(lons.size, -top), lats, np.full(lons.size, top), lats[::-1]])
            x, y = self.forward(lon, lat)
        ok = np.isfinite(x)
        if ok.sum() < 4:
            return None
        shape = shapely.make_valid(Polygon(np.column_stack([x[ok], y[ok]])))
        parts = [p for p in shapely.get_parts(shape) if isinstance(p, Polygon)]
        return max(parts, key=lambda p: p.area) if parts else None


def _trace(plane: Plane, t, point, tol, gaps):
    """Densify curves given by ``point(t) -> (lon, lat)`` at parameters ``t`` until every projected chord is
    within ``tol`` of the curve. ``gaps`` marks segments joining separate curves (never drawn).

    Returns projected points (N×2, NaN where not finite), their parameters and the cut segments.
    """
    t = np.asarray(t, float)
    x, y = plane.forward(*point(t))
    check = ~gaps
    cut = gaps.copy()
    for last in [False] * _ROUNDS + [True]:
        idx = np.flatnonzero(check)
        if idx.size == 0:
            break
        tm = (t[idx] + t[idx + 1]) / 2.0
        xm, ym = plane.forward(*point(tm))
        fa, fb, fm = np.isfinite(x[idx]), np.isfinite(x[idx + 1]), np.isfinite(xm)
        dev = np.hypot(xm - (x[idx] + x[idx + 1]) / 2.0, ym - (y[idx] + y[idx + 1]) / 2.0)
        with np.errstate(invalid="ignore"):
            bad = np.where(fa & fb, ~(dev <= tol), (fa != fb) | fm)
        if last:
            cut[idx[bad]] = True
            break
        split = idx[bad]
        k = np.arange(split.size)
        t = np.insert(t, split + 1, tm[bad])
        x = np.insert(x, split + 1, xm[bad])
        y = np.insert(y, split + 1, ym[bad])
        cut = np.insert(cut, split + 1, False)
        check = np.zeros(t.size - 1, dtype=bool)
        check[split + k] = True
        check[split + k + 1] = True
    finite = np.isfinite(x)
    cut |= ~(finite[:-1] & finite[1:])
    return np.column_stack([x, y]), t, cut


def _runs(xy, t, cut, starts, closed: bool):
    """Split traced curves at their cuts: a list per curve (``starts``: parameter of each curve's start)."""
    pieces = np.split(np.arange(len(xy)), np.flatnonzero(cut) + 1)
    owner = np.searchsorted(starts, [t[p[0]] for p in pieces], side="right") - 1
    out = [[] for _ in starts]
    for piece, k in zip(pieces, owner):
        out[k].append(piece)
    result = []
    for k, curve in enumerate(out):
        whole = len(curve) == 1
        if closed and len(curve) > 1 and t[curve[0][0]] == starts[k] and len(curve[-1]) > 1 \
                and not cut[curve[-1][-2]]:  # the piece through the start continues the last piece
            curve = [np.concatenate([curve[-1], curve[0][1:]])] + curve[1:-1]
        runs = [xy[p] for p in curve]
        runs = [r[np.isfinite(r[:, 0])] for r in runs]
        runs = [r for r in runs if len(r) >= 2]
        if closed and whole and len(runs) == 1 and len(runs[0]) == len(curve[0]):
            runs[0][-1] = runs[0][0]  # closed exactly
        result.append(runs)
    return result


def ring_runs(plane: Plane, lat: float, lon: float, range_m: float, tol: float, start: int = 128):
    """The geodesic ring ``range_m`` metres from (lat, lon), projected: runs between the projection's breaks."""
    az = np.linspace(0.0, 360.0, start + 1)

    def point(a):
        n = a.size
        lon2, lat2, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), a, np.full(n, float(range_m)))
        return lon2, lat2

    xy, t, cut = _trace(plane, az, point, tol, np.zeros(start, dtype=bool))
    return _runs(xy, t, cut, np.array([0.0]), closed=True)[0]


def lonlat_lines(plane: Plane, lines, tol: float, closed: bool):
    """Lines whose edges are straight in lon/lat (borders, graticule), projected: a list of runs per line."""
    lines = [np.asarray(c, float) for c in lines]
    if not lines:
        return []
    sizes = np.array([len(c) for c in lines])
    coords = np.concatenate(lines)
    lon = coords[:, 0]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    gaps = np.zeros(len(coords) - 1, dtype=bool)
    gaps[starts[1:] - 1] = True
    steps = np.arange(lon.size, dtype=float)
    lat = coords[:, 1]

    def point(s):
        return np.interp(s, steps, lon), np.interp(s, steps, lat)

    xy, t, cut = _trace(plane, steps, point, tol, gaps)
    return _runs(xy, t, cut, starts.astype(float), closed=closed)


def _extend(run, centre, length):
    """A run whose loose ends are carried ``length`` outwards (away from ``centre``) across the globe's rim."""
    if np.allclose(run[0], run[-1]):
        return run
    ends = []
    for p in (run[0], run[-1]):
        d = p - centre
        n = np.hypot(*d)
        ends.append(p + (d / n if n > 0 else np.array([1.0, 0.0])) * length)
    return np.vstack([ends[0], run, ends[1]])


def region(plane: Plane, runs, inside, domain):
    """The region bounded by projected ``runs`` inside ``domain`` (a Polygon in the plane).

    ``inside(lon, lat) -> bool array`` decides each face of the arrangement. Returns a (Multi)Polygon.
    """
    runs = [r for r in runs if len(r) >= 2]
    closed = [np.allclose(r[0], r[-1]) and len(r) >= 4 for r in runs]
    if runs and all(closed) and len(runs) == 1:  # one closed ring: the region is its inside or outside
        poly = shapely.make_valid(Polygon(runs[0]))
        probe = poly.representative_point()
        if poly.is_empty or probe.is_empty:
            return Polygon()
        hit = bool(inside(*plane.inverse([probe.x], [probe.y]))[0])
        return shapely.intersection(poly, domain) if hit else shapely.difference(domain, poly)
    minx, miny, maxx, maxy = domain.bounds
    centre = np.array((plane.globe if plane.globe is not None else domain).centroid.coords[0])
    reach = 0.02 * max(maxx - minx, maxy - miny)
    lines = [shapely.linestrings(_extend(r, centre, reach)) for r in runs]
    lines += [shapely.linestrings(np.asarray(ring.coords)) for ring in [domain.exterior, *domain.interiors]]
    noded = shapely.union_all(lines)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))
    if faces.size == 0:
        return Polygon()
    probes = shapely.point_on_surface(faces)
    keep = shapely.contains_properly(domain, probes)
    px, py = shapely.get_x(probes[keep]), shapely.get_y(probes[keep])
    chosen = np.zeros(faces.size, dtype=bool)
    chosen[np.flatnonzero(keep)] = inside(*plane.inverse(px, py))
    return shapely.union_all(faces[chosen])


def reach_inside(lat: float, lon: float, range_m: float, min_range_m: float = 0.0):
    """``inside(lon, lat)`` for a reach: ``min_range_m <= geodesic distance <= range_m``."""
    def inside(lon2, lat2):
        d = distance_m(np.full(np.size(lat2), lat), np.full(np.size(lat2), lon), lat2, lon2)
        return (d <= range_m) & (d >= min_range_m)
    return inside


def frame_domain(plane: Plane, frame):
    """Where to draw: the frame rectangle (minx, miny, maxx, maxy) within the globe's image."""
    rect = box(*frame)
    return rect if plane.globe is None else shapely.intersection(rect, plane.globe)


def polygon_regions(plane: Plane, geoms, tol: float, domain):
    """lon/lat (Multi)Polygons (split at ±180°, closed along the poles) in the plane, within ``domain``.

    Returns ``(regions, runs)``: a projected region per geometry and, per geometry, the projected runs
    of each of its rings (for strokes). All rings are traced in one batch.
    """
    rings, owner = [], []
    for g, geom in enumerate(geoms):
        for poly in shapely.get_parts(geom):
            for ring in (poly.exterior, *poly.interiors):
                rings.append(np.asarray(ring.coords))
                owner.append(g)
    traced = lonlat_lines(plane, rings, tol, closed=True)
    per_geom = [[] for _ in geoms]
    for g, runs in zip(owner, traced):
        per_geom[g].append(runs)
    shapely.prepare(domain)
    regions = []
    for geom, geom_runs in zip(geoms, per_geom):
        pts = [run for runs in geom_runs for run in runs]
        if not pts or not domain.intersects(shapely.box(*np.concatenate(pts).min(0), *np.concatenate(pts).max(0))):
            regions.append(Polygon())
        else:
            regions.append(_polygon_region(plane, geom, geom_runs, domain))
    return regions, per_geom


def _polygon_region(plane, geom, traced, domain):
    if all(len(runs) == 1 and np.array_equal(runs[0][0], runs[0][-1]) for runs in traced):
        shells, k = [], 0  # no ring meets a break: rebuild the polygons as they are
        for poly in shapely.get_parts(geom):
            n = 1 + len(poly.interiors)
            parts = [runs[0] for runs in traced[k:k + n]]
            shells.append(Polygon(parts[0], parts[1:]))
            k += n
        projected = shapely.MultiPolygon(shells) if len(shells) > 1 else shells[0]
        if not projected.is_valid:
            projected = shapely.make_valid(projected)
        probe = projected.representative_point()
        if not probe.is_empty and shapely.contains_xy(geom, *plane.inverse([probe.x], [probe.y]))[0]:
            return projected if shapely.covers(domain, projected) else shapely.intersection(projected, domain)
    shapely.prepare(geom)
    return region(plane, [run for runs in traced for run in runs],
                  lambda lon, lat: shapely.contains_xy(geom, lon, lat), domain)


def real_edges(coords):
    """Pieces of a lon/lat ring without its artificial edges (along ±180°, to or along a pole), for strokes."""
    coords = np.asarray(coords, float)
    x, y = coords[:, 0], coords[:, 1]
    fake = ((np.abs(x[:-1]) == 180.0) & (x[:-1] == x[1:])) | (np.abs(y[:-1]) == 90.0) | (np.abs(y[1:]) == 90.0)
    if not fake.any():
        return [coords]
    pieces = np.split(coords, np.flatnonzero(fake) + 1)  # each piece runs between fake edges
    if not fake[0] and not fake[-1]:  # a closed ring: the last piece continues into the first
        pieces = [np.concatenate([pieces[-1], pieces[0][1:]])] + pieces[1:-1]
    return [p for p in pieces if len(p) >= 2]
