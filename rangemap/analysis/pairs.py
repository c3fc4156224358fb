"""Which points lie within which reach: the array core behind :func:`~rangemap.analysis.targets_in_reach`.

:func:`pairs_in_reach` takes point coordinates as arrays and a reach table's ``lat, lon, range_m,
min_range_m`` (no polygons) and returns every (point, reach row) pair with
``min_range_m <= geodesic distance <= range_m`` and that distance in metres.

Prefilter: the straight line through the Earth between two points on the ellipsoid is never longer than
the geodesic between them, so a point whose chord (Earth-centred x, y, z) to a launch point exceeds the
range cannot be in reach. The test is the same across ±180°, at the poles and beyond a hemisphere (a
range past the Earth's diameter keeps every point), and it drops nothing that is in reach; only the
candidates it keeps get exact WGS84 distances (``pyproj.Geod.inv``, Karney's algorithm). For ranges of a
few hundred km the chord is shorter than the geodesic by well under 0.1 %, so few candidates are wasted.
Candidates are found through a grid of cubes as large as the range (a point within the range lies in one
of the 27 cubes around the launch point), so both a million points against ten reaches and a few
thousand points against a million launch points take time in proportion to the candidates, and memory
in proportion to one batch of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rangemap.errors import CoordinateError, DistanceError
from rangemap.geodesy import GEOD

__all__ = ["earth_centred", "iter_nearest_pairs", "iter_pairs", "pairs_in_reach"]

_A, _E2 = GEOD.a, GEOD.es  # WGS84 semi-major axis (m) and first eccentricity squared
#: Slack added to every chord test (metres, plus a relative part) to absorb floating-point rounding.
_SLACK_M, _SLACK_REL = 1.0, 1e-9
_MIN_CELL_M = 10_000.0  # keeps cube keys small for tiny ranges
_SCAN_ROWS = 64  # up to this many launch points of one range: scan all points for each
#: Candidate pairs examined at once; bounds the working memory (about 100 bytes each).
BATCH_PAIRS = 2_000_000
_OFFSETS = np.array([(i, j, k) for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)], dtype=np.int64)


def earth_centred(lat, lon) -> np.ndarray:
    """Earth-centred, Earth-fixed x, y, z (metres, shape (n, 3)) of points on the WGS84 ellipsoid."""
    phi, lam = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lon, dtype=float))
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    n = _A / np.sqrt(1.0 - _E2 * sin_phi * sin_phi)
    return np.column_stack([n * cos_phi * np.cos(lam), n * cos_phi * np.sin(lam), n * (1.0 - _E2) * sin_phi])


def _limit(range_m):
    return np.asarray(range_m, dtype=float) * (1.0 + _SLACK_REL) + _SLACK_M


class _Cubes:
    """Points sorted by the cube (edge ``cell`` metres) they fall in, for finding neighbours by cube."""

    def __init__(self, xyz: np.ndarray, cell: float):
        self.cell = cell
        self.span = int(np.ceil(2.0 * _A / cell)) + 4
        keys = self.key(np.floor(xyz / cell).astype(np.int64))
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def key(self, ijk: np.ndarray) -> np.ndarray:
        ijk = ijk + self.span // 2
        return (ijk[:, 0] * self.span + ijk[:, 1]) * self.span + ijk[:, 2]

    def ranges(self, xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each query point and each of the 27 cubes around it: start and end in ``order``."""
        ijk = np.floor(xyz / self.cell).astype(np.int64)
        keys = self.key((ijk[:, None, :] + _OFFSETS[None, :, :]).reshape(-1, 3))
        lo = np.searchsorted(self.keys, keys, "left").reshape(-1, 27)
        hi = np.searchsorted(self.keys, keys, "right").reshape(-1, 27)
        return lo, hi


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query, position) for every position in each query's ranges."""
    counts = (hi - lo).ravel()
    total = int(counts.sum())
    query = np.repeat(np.repeat(np.arange(lo.shape[0]), lo.shape[1]), counts)
    starts = np.repeat(lo.ravel() - (np.cumsum(counts) - counts), counts)
    return query, starts + np.arange(total)


def _groups(range_m: np.ndarray) -> list[np.ndarray]:
    """Reach rows grouped by range within a factor of 1.25, so each group shares one cube size."""
    bucket = np.floor(np.log(np.maximum(range_m, 1.0)) / np.log(1.25)).astype(np.int64)
    return [np.flatnonzero(bucket == b) for b in np.unique(bucket)]


def _check_points(lats: np.ndarray, lons: np.ndarray, what: str) -> None:
    bad = ~(np.isfinite(lats) & np.isfinite(lons) & (np.abs(lats) <= 90.0))
    if bad.any():
        i = int(np.argmax(bad))
        raise CoordinateError(f"{what} {i}: latitude {float(lats[i])!r}, longitude {float(lons[i])!r} is not a position "
                              "(latitude within ±90°, finite longitude)")


def _reach_arrays(reach_table):
    table = pd.DataFrame(reach_table)
    lat, lon = table["lat"].to_numpy(float), table["lon"].to_numpy(float)
    r_max = table["range_m"].to_numpy(float)
    r_min = table["min_range_m"].fillna(0.0).to_numpy(float) if "min_range_m" in table else np.zeros(len(table))
    if not (np.isfinite(r_max).all() and (r_max > 0).all() and (r_min >= 0).all()):
        raise DistanceError("reach table: range_m must be positive and min_range_m at least 0")
    _check_points(lat, lon, "reach row")
    return lat, lon, r_max, r_min


def iter_pairs(lats, lons, reach_table, *, nearest_by=None, batch_pairs: int = BATCH_PAIRS):
    """:func:`pairs_in_reach` in batches of at most about ``batch_pairs`` candidates: yields
    ``(point, row, distance_m)`` arrays, bounded in memory whatever the sizes of the two tables.

    ``nearest_by``: a group code per reach row (e.g. the system) when only the nearest row of each group
    that reaches a point is wanted; candidates whose chord exceeds the geodesic distance of a row already
    known to reach the point are then skipped (the yielded pairs still include every nearest one)."""
    lats = np.asarray(lats, dtype=float).ravel()
    lons = np.asarray(lons, dtype=float).ravel()
    if lats.shape != lons.shape:
        raise CoordinateError(f"{lats.size} latitudes but {lons.size} longitudes")
    _check_points(lats, lons, "point")
    r_lat, r_lon, r_max, r_min = _reach_arrays(reach_table)
    if lats.size == 0 or r_lat.size == 0:
        return
    p_xyz, r_xyz = np.asfortranarray(earth_centred(lats, lons)), earth_centred(r_lat, r_lon)
    groups = None if nearest_by is None else np.unique(np.asarray(nearest_by), return_inverse=True)[1].ravel()
    for point, row in _candidates(p_xyz, r_xyz, r_max, batch_pairs):
        d2 = np.square(p_xyz[point] - r_xyz[row]).sum(axis=1)
        near = d2 <= np.square(_limit(r_max[row]))
        point, row, d2 = point[near], row[near], d2[near]
        if point.size == 0:
            continue
        if groups is not None and r_lat.size > _SCAN_ROWS:  # worth it when many sites compete
            point, row = _prune_to_nearest(point, row, np.sqrt(d2), groups, r_lat, r_lon, r_max, r_min, lats, lons)
        _, _, dist = GEOD.inv(r_lon[row], r_lat[row], lons[point], lats[point])
        dist = np.asarray(dist, dtype=float)
        keep = (dist <= r_max[row]) & (dist >= r_min[row])
        yield point[keep].astype(np.int64), row[keep].astype(np.int64), dist[keep]


def _prune_to_nearest(point, row, chord, groups, r_lat, r_lon, r_max, r_min, lats, lons):
    """Drop candidates that cannot be the nearest of their group: the geodesic is never shorter than the
    chord, so once a row of a (point, group) is known to reach it at distance s, rows whose chord
    exceeds s are farther."""
    key = point * (int(groups.max()) + 1) + groups[row]
    # The lead of each group: the chord-nearest row whose chord is at least the minimum range (so its
    # geodesic is too); rows with a shorter chord are kept, as their geodesic may still be long enough.
    rank = np.where(chord >= r_min[row], chord, np.inf)
    order = np.lexsort((rank, key))
    key_sorted = key[order]
    first = np.flatnonzero(np.r_[True, key_sorted[1:] != key_sorted[:-1]])
    lead = order[first]
    _, _, s_lead = GEOD.inv(r_lon[row[lead]], r_lat[row[lead]], lons[point[lead]], lats[point[lead]])
    s_lead = np.asarray(s_lead, dtype=float)
    valid = np.isfinite(rank[lead]) & (s_lead <= r_max[row[lead]]) & (s_lead >= r_min[row[lead]])
    bound = np.where(valid, _limit(s_lead), np.inf)
    sizes = np.diff(np.r_[first, key_sorted.size])
    keep = np.zeros(point.size, dtype=bool)
    keep[order] = (chord[order] <= np.repeat(bound, sizes)) | ~np.isfinite(rank[order])
    return point[keep], row[keep]


def _candidates(p_xyz: np.ndarray, r_xyz: np.ndarray, r_max: np.ndarray, batch_pairs: int):
    """(point, row) pairs that may be in reach, in batches: a superset of the pairs within the chord limit."""
    for rows in _groups(r_max):
        limit = _limit(r_max[rows])
        if rows.size <= _SCAN_ROWS:  # few launch points: scan a slab in z of all points for each
            for row, lim in zip(rows, limit):
                near = np.flatnonzero(np.abs(p_xyz[:, 2] - r_xyz[row, 2]) <= lim)
                d2 = (p_xyz[near, 0] - r_xyz[row, 0]) ** 2 + (p_xyz[near, 1] - r_xyz[row, 1]) ** 2
                near = near[d2 <= lim * lim]
                yield near, np.full(near.size, row)
            continue
        cell = max(float(limit.max()), _MIN_CELL_M)
        swap = rows.size > p_xyz.shape[0]  # index the larger table, query with the smaller
        cubes = _Cubes(r_xyz[rows] if swap else p_xyz, cell)
        queries = p_xyz if swap else r_xyz[rows]
        lo, hi = cubes.ranges(queries)
        total = np.cumsum((hi - lo).sum(axis=1))
        start = 0
        while start < queries.shape[0]:
            done = total[start - 1] if start else 0
            stop = max(int(np.searchsorted(total, done + batch_pairs, "right")), start + 1)
            q, pos = _expand(lo[start:stop], hi[start:stop])
            q += start
            other = cubes.order[pos]
            yield (q, rows[other]) if swap else (other, rows[q])
            start = stop


def iter_nearest_pairs(lats, lons, reach_table, nearest_by, *, batch_pairs: int = BATCH_PAIRS):
    """Like :func:`iter_pairs` with ``nearest_by``, but for each group of many launch points with one range
    (and one minimum), only the nearest row that reaches each point is yielded, found through a k-d tree
    (scipy's ``cKDTree`` on Earth-centred x, y, z) instead of every pair within range: a million launch
    points cost a tree query per point, not a pair per (point, launch point) within range.

    Exact as the chord prefilter is: the tree gives the chord-nearest launch point, whose geodesic s bounds
    the true nearest's chord (a geodesic is never shorter than its chord), so every launch point within
    chord min(s, range) of the point is a candidate and gets its exact WGS84 distance. Other groups, and
    all groups when scipy is not installed, go through :func:`iter_pairs`."""
    lats = np.asarray(lats, dtype=float).ravel()
    lons = np.asarray(lons, dtype=float).ravel()
    r_lat, r_lon, r_max, r_min = _reach_arrays(reach_table)
    codes = np.unique(np.asarray(nearest_by), return_inverse=True)[1].ravel()
    try:
        from scipy.spatial import cKDTree
    except ImportError:  # the optional extra rangemap[index] is not installed: the grid does it all
        cKDTree = None
    treed = np.zeros(r_lat.size, dtype=bool)
    if cKDTree is not None and lats.size and r_lat.size:
        for code in np.unique(codes):
            rows = np.flatnonzero(codes == code)
            if rows.size > _SCAN_ROWS and (r_min[rows] == r_min[rows[0]]).all() and \
                    (r_max[rows] == r_max[rows[0]]).all():
                treed[rows] = True
    rest = np.flatnonzero(~treed)
    if rest.size:
        table = pd.DataFrame({"lat": r_lat[rest], "lon": r_lon[rest], "range_m": r_max[rest], "min_range_m": r_min[rest]})
        for point, row, dist in iter_pairs(lats, lons, table, nearest_by=codes[rest], batch_pairs=batch_pairs):
            yield point, rest[row], dist
    if not treed.any():
        return
    _check_points(lats, lons, "point")
    p_xyz = earth_centred(lats, lons)
    for code in np.unique(codes[treed]):
        rows = np.flatnonzero(treed & (codes == code))
        tree = cKDTree(earth_centred(r_lat[rows], r_lon[rows]))
        args = (tree, p_xyz, lats, lons, rows, r_lat, r_lon, float(r_max[rows[0]]))
        yield _nearest(*args) if r_min[rows[0]] == 0 else _nearest_beyond(*args, float(r_min[rows[0]]))


#: The smallest radius of curvature of WGS84 (b²/a, metres, the meridian's at the equator). By Schur's
#: comparison theorem a curve of length s whose curvature never exceeds 1/R has a chord of at least
#: 2R·sin(s/2R): no geodesic of length s on the ellipsoid has a shorter chord.
_R_MIN = GEOD.b ** 2 / GEOD.a


def _shortest_chord(s: float) -> float:
    """A lower bound on the chord of any geodesic of length ``s`` metres (0 beyond half the bound circle)."""
    return 2 * _R_MIN * np.sin(s / (2 * _R_MIN)) * (1 - _SLACK_REL) - _SLACK_M if s < np.pi * _R_MIN else 0.0


def _nearest_beyond(tree, p_xyz, lats, lons, rows, r_lat, r_lon, range_m: float, min_m: float):
    """As :func:`_nearest` for a group with a minimum range: the nearest of ``rows`` at ``min_m`` or more.

    The k chord-nearest are read, k doubling until one has a chord of at least the minimum (so its
    geodesic, s, is too) or every launch point within range has been read; candidates are those with a
    chord between the shortest a geodesic of ``min_m`` can have and s, each given its exact distance."""
    limit, c_lo, c_hi = float(_limit(range_m)), _shortest_chord(min_m), float(_limit(min_m))
    todo, k, found = np.arange(p_xyz.shape[0]), 8, []
    while todo.size:
        k = min(k, rows.size)
        chord, idx = tree.query(p_xyz[todo], k=k, distance_upper_bound=limit)
        chord, idx = chord.reshape(todo.size, k), idx.reshape(todo.size, k)
        beyond = chord >= c_hi  # finite entries only: inf >= c_hi too, so mask it
        beyond &= np.isfinite(chord)
        complete = ~np.isfinite(chord[:, -1]) | (k >= rows.size)  # every site within the limit was read
        done = beyond.any(axis=1) | complete
        pts, ch, ix = todo[done], chord[done], idx[done]
        if pts.size:
            has = beyond[done].any(axis=1)
            lead = np.argmax(beyond[done], axis=1)
            bound = np.full(pts.size, limit)
            if has.any():
                g_rows = rows[ix[has, lead[has]]]
                _, _, g = GEOD.inv(r_lon[g_rows], r_lat[g_rows], lons[pts[has]], lats[pts[has]])
                bound[has] = np.minimum(_limit(np.asarray(g, dtype=float)), limit)
            take = np.isfinite(ch) & (ch >= c_lo) & (ch <= bound[:, None])
            cand_point = np.repeat(pts, take.sum(axis=1))
            cand_row = rows[ix[take]]
            _, _, dist = GEOD.inv(r_lon[cand_row], r_lat[cand_row], lons[cand_point], lats[cand_point])
            dist = np.asarray(dist, dtype=float)
            keep = (dist >= min_m) & (dist <= range_m)
            found.append((cand_point[keep], cand_row[keep], dist[keep]))
        todo, k = todo[~done], k * 4
    point, row, dist = (np.concatenate(part) for part in zip(*found)) if found else \
        (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    return _first_per_point(point, row, dist)


def _first_per_point(point, row, dist):
    """The nearest (then earliest) row of each point."""
    order = np.lexsort((row, dist, point))
    point, row, dist = point[order], row[order], dist[order]
    lead = np.ones(point.size, dtype=bool)
    lead[1:] = point[1:] != point[:-1]
    return point[lead].astype(np.int64), row[lead].astype(np.int64), dist[lead]


def _nearest(tree, p_xyz, lats, lons, rows, r_lat, r_lon, range_m: float):
    """(point, row, distance) of the nearest of ``rows`` (one range, no minimum) within range of each point."""
    limit = float(_limit(range_m))
    chord, first = tree.query(p_xyz, k=1, distance_upper_bound=limit)
    point = np.flatnonzero(np.isfinite(chord))  # no launch point within the chord limit: out of reach
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if point.size == 0:
        return empty
    guess = rows[first[point]]
    _, _, s0 = GEOD.inv(r_lon[guess], r_lat[guess], lons[point], lats[point])
    radius = _limit(np.minimum(np.asarray(s0, dtype=float), range_m))
    balls = tree.query_ball_point(p_xyz[point], r=radius, return_sorted=False)
    sizes = np.fromiter((len(b) for b in balls), dtype=np.int64, count=len(balls))
    cand_point = np.repeat(point, sizes)
    cand_row = rows[np.concatenate([np.asarray(b, dtype=np.int64) for b in balls])] if sizes.sum() else \
        np.zeros(0, np.int64)
    _, _, dist = GEOD.inv(r_lon[cand_row], r_lat[cand_row], lons[cand_point], lats[cand_point])
    dist = np.asarray(dist, dtype=float)
    keep = dist <= range_m
    return _first_per_point(cand_point[keep], cand_row[keep], dist[keep])


def pairs_in_reach(lats, lons, reach_table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (point, reach row) with ``min_range_m <= distance <= range_m``: ``(point, row, distance_m)``.

    ``lats, lons``: point coordinates in degrees (1-D arrays). ``reach_table``: anything with columns
    ``lat, lon, range_m`` and optionally ``min_range_m`` (metres); rows are counted from 0 in table order.
    Pairs come ordered by point, then reach row; distances are WGS84 geodesics in metres.

    >>> reach = pd.DataFrame({"lat": [50.5955], "lon": [36.5873], "range_m": [692_000.0]})
    >>> point, row, dist = pairs_in_reach([50.4501, 59.9386], [30.5234, 30.3141], reach)  # Kyiv, St Petersburg
    >>> point.tolist(), row.tolist(), (dist / 1000).round(1).tolist()
    ([0], [0], [430.2])
    """
    parts = list(iter_pairs(lats, lons, reach_table))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, float)
    point, row, dist = (np.concatenate(p) for p in zip(*parts))
    order = np.lexsort((row, point))
    return point[order], row[order], dist[order]
