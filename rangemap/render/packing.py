"""The page state's bulky parts in a compact form that ``rangemap/web/unpack.js`` decodes back, exactly.

Borders, reach shapes and the cities tables are coordinates already quantised (1e-2° for borders, 1e-5°
for reach shapes, 1e-4° for cities, 1e-3° for the places only counted): they travel as integers (value ×
10^digits), each coordinate as the step from the one before, written as text by :func:`ints`; borders
shared by two countries travel once (:func:`borders`). The page decodes every value to the very number
the JSON would have held (an integer divided by 10^digits is correctly rounded in Python and JS alike),
so what is drawn does not change; only the bytes do.

A value that would not come back exactly (not on the grid of its digits) leaves its part unpacked.
:func:`pack_state` takes the state of :meth:`rangemap.render.leaflet.ReachMap.page_state` (with borders)
and returns it with those parts packed; no other field changes. Imports numpy only.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BORDER_DIGITS", "DIGITS", "SHAPE_DIGITS", "borders", "geometry", "ints", "pack_state", "read_ints"]

#: Decimals of the borders' coordinates in the page (about 1 km; the borders are simplified at 0.1° already,
#: data/README.md), as rangemap.render.leaflet rounds them.
BORDER_DIGITS = 2
#: Decimals of reach shapes' coordinates (about 1 m), as rangemap.render.elements.geojson rounds them.
SHAPE_DIGITS = 5


#: The digits integers are written with: printable ASCII less what JSON or the page would escape (``"``, ``\\``,
#: ``<``, ``>``, ``&``) and ``{`` (which opens Jinja's delimiters): 87 characters, ``#`` (0) to ``~`` (86).
DIGITS = "".join(chr(c) for c in range(35, 127) if chr(c) not in '\\<>&{')
#: The largest zigzag code that comes back exactly in JS (2^53).
_EXACT = 2**53


def ints(values) -> str:
    """Integers as text, a column of digits at a time: each zigzag-encoded (0, -1, 1, -2 … as 0, 1, 2, 3 …)
    and written with the same number of base-87 :data:`DIGITS` (enough for the largest); the text is that
    number, then every integer's highest digit, then every integer's next digit, and so on. Digits of one
    place have one spread of values, so gzip codes each column near its own entropy (a population's last
    digit is noise, its first is not); written integer by integer, the seed page's cities took a tenth more.

    >>> ints([0, 1, -1, 15, 16, 1000])
    '%#####:#%$DF~'
    """
    v = np.asarray(values, dtype=np.int64).ravel()
    if len(v) == 0:
        return ""
    z = ((v << 1) ^ (v >> 63)).astype(np.uint64)
    if int(z.max()) > _EXACT:
        raise ValueError(f"integer too large to travel exactly to the page: {int(np.abs(v).max())}")
    base, width, top = len(DIGITS), 1, int(z.max())
    while base**width <= top:
        width += 1
    digits = np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)
    columns = [digits[(z // np.uint64(base**k)) % np.uint64(base)] for k in reversed(range(width))]
    return DIGITS[width] + np.concatenate(columns).tobytes().decode("ascii")


def read_ints(text: str) -> list[int]:
    """The integers of :func:`ints` text, back.

    >>> read_ints('%#####:#%$DF~')
    [0, 1, -1, 15, 16, 1000]
    """
    if not text:
        return []
    width = DIGITS.index(text[0])
    codes = np.frombuffer(text[1:].encode("ascii"), dtype=np.uint8).astype(np.int64)
    lookup = np.full(128, -1, dtype=np.int64)
    lookup[np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)] = np.arange(len(DIGITS))
    z = np.zeros(len(codes) // width, dtype=np.int64)
    for column in lookup[codes].reshape(width, -1):
        z = z * len(DIGITS) + column
    return [int(x) for x in (z >> 1) ^ -(z & 1)]


def _grid(values, digits: int) -> np.ndarray | None:
    """``values`` × 10^digits as integers, or None when some value is not exactly on that grid."""
    x = np.asarray(values, dtype=float)
    k = np.round(x * 10.0**digits)
    if not np.all(np.isfinite(x)) or np.any(k / 10.0**digits != x):
        return None
    return k.astype(np.int64)


def _deltas(k: np.ndarray) -> np.ndarray:
    """Steps along axis 0 (the first row from zero)."""
    return np.diff(k, axis=0, prepend=np.zeros_like(k[:1]))


_NESTING = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def geometry(geom: dict, digits: int) -> dict:
    """A GeoJSON geometry as ``{"type", "digits", "counts", "steps"}``: ``counts`` the lengths of its
    nested lists (outermost first, depth first), ``steps`` the coordinates' steps (x, y, x, y …) on a
    grid of ``digits`` decimals. A geometry it cannot pack exactly comes back as it is."""
    depth = _NESTING.get(geom.get("type")) if isinstance(geom, dict) else None
    if depth is None:
        return geom
    counts: list[int] = []
    points: list = []

    def walk(node, level):
        if level == 0:
            points.append(node)
            return
        counts.append(len(node))
        for child in node:
            walk(child, level - 1)

    walk(geom["coordinates"], depth)
    xy = np.asarray(points, dtype=float).reshape(-1, 2) if points else np.zeros((0, 2))
    if xy.shape[0] != len(points):  # a coordinate with a third value
        return geom
    k = _grid(xy, digits)
    if k is None:
        return geom
    return {"type": geom["type"], "digits": digits, "counts": ints(counts), "steps": ints(_deltas(k).ravel())}


def borders(features: list[dict], digits: int = BORDER_DIGITS) -> dict:
    """Country borders (GeoJSON features of Polygons and MultiPolygons that share their borders exactly, as a
    coverage does) as a FeatureCollection with each shared border written once, as TopoJSON does: ``arcs``
    holds every border line from one junction (where three or more countries or a coast meet) to the
    next, as counts and steps on a grid of ``digits`` decimals, and each feature's geometry gives its rings
    as arcs (``counts`` per polygon and ring, ``arcs`` the arc numbers, ~i for arc i walked backwards).
    A ring comes back as the same closed ring, started at its first junction (one without a junction, at its
    least point). Features it cannot pack exactly are packed one by one, as :func:`geometry` does."""
    shapes = []
    for f in features:
        g = f.get("geometry") or {}
        polygons = {"Polygon": [g.get("coordinates")], "MultiPolygon": g.get("coordinates")}.get(g.get("type"))
        try:
            grid = [[[tuple(k) for k in _grid(ring, digits).tolist()] for ring in polygon] for polygon in polygons]
        except (TypeError, ValueError, AttributeError):  # not a polygon, off the grid, a third coordinate
            grid = None
        if grid is None or any(len(r) < 4 or r[0] != r[-1] or len(r[0]) != 2 for polygon in grid for r in polygon):
            return dict(type="FeatureCollection",
                        features=[dict(f, geometry=geometry(f["geometry"], digits)) for f in features])
        shapes.append(grid)
    neighbours: dict[tuple, set] = {}
    for ring in (r for grid in shapes for polygon in grid for r in polygon):
        ring = ring[:-1]
        for i, point in enumerate(ring):
            neighbours.setdefault(point, set()).add(frozenset((ring[i - 1], ring[(i + 1) % len(ring)])))
    junction = {point for point, pairs in neighbours.items() if len(pairs) > 1}
    arcs: list[list[tuple]] = []
    number: dict[tuple, int] = {}

    def arc(points: list[tuple]) -> int:  # its number, ~number when it is a known arc walked backwards
        key = tuple(points)
        if key not in number and key[::-1] in number:
            return ~number[key[::-1]]
        if key not in number:
            number[key] = len(arcs)
            arcs.append(points)
        return number[key]

    out = []
    for f, grid in zip(features, shapes):
        counts, refs = [len(grid)], []
        for polygon in grid:
            counts.append(len(polygon))
            for ring in polygon:
                ring = ring[:-1]
                cuts = [i for i, point in enumerate(ring) if point in junction]
                start = cuts[0] if cuts else min(range(len(ring)), key=ring.__getitem__)
                walk = ring[start:] + ring[:start] + [ring[start]]
                pieces, piece = [], [walk[0]]
                for point in walk[1:]:
                    piece.append(point)
                    if point in junction or len(piece) == len(walk):
                        pieces.append(arc(piece))
                        piece = [point]
                counts.append(len(pieces))
                refs.extend(pieces)
        kind = f["geometry"]["type"]
        counts = counts[1:] if kind == "Polygon" else counts
        out.append(dict(f, geometry={"type": kind, "counts": ints(counts), "arcs": ints(refs)}))
    xy = np.array([point for a in arcs for point in a], dtype=np.int64).reshape(-1, 2)
    return {"type": "FeatureCollection", "digits": digits,
            "arcs": {"counts": ints([len(a) for a in arcs]), "steps": ints(_deltas(xy).ravel())}, "features": out}


def _joined(values: list):
    """A list of strings as one string joined by "|" (two quotes and a comma fewer a value), or as it is when
    some value holds a "|" (or there is none)."""
    return "|".join(values) if values and not any("|" in v for v in values) else values


def _cities_table(c: dict) -> dict:
    """The app's cities as two runs of rows, the drawn (named) places and then the places only counted, each
    with its latitudes and longitudes as steps and its populations less the run's least (``popFrom``), in
    :func:`ints` text, on the coarsest grid of ``unit`` table units (1, 10, 100 …) that holds the run
    exactly (the counted places are on a grid ten times coarser); names, countries and regions joined."""
    lat = np.cumsum(np.asarray(c["latSteps"], dtype=np.int64))
    lon, pop = np.asarray(c["lon"], dtype=np.int64), np.asarray(c["pop"], dtype=np.int64)
    named = len(c["name"])
    runs = []
    for rows in (slice(0, named), slice(named, len(lon))):
        a, b, p = lat[rows], lon[rows], pop[rows]
        unit = 1
        while unit < 10**6 and len(a) and not ((a % (unit * 10)).any() or (b % (unit * 10)).any()):
            unit *= 10
        least = int(p.min()) if len(p) else 0
        runs.append({"n": len(a), "unit": unit, "popFrom": least, "latSteps": ints(_deltas(a // unit)),
                     "lon": ints(_deltas(b // unit)), "pop": ints(p - least)})
    out = {k: v for k, v in c.items() if k not in ("latSteps", "lon", "pop")}
    return out | {"name": _joined(c["name"]), "country": _joined(c["country"]), "region": _joined(c["region"]),
                  "runs": runs, "packed": 2}


def _city_layer(layer: dict, table: dict | None, digits: int = 4) -> dict:
    """A static cities layer (points [lat, lon, radius px, label, tip lines]). A point that is a row of the
    app's table (same coordinates, and a first tip line the page can write from that row) is given as
    that row (``ref``, 1-based); the others keep their coordinates (steps) and first line."""
    points = layer["points"]
    if not points:  # nothing to pack (the layer the app draws travels empty, byApp)
        return layer
    rows: dict[tuple, int] = {}
    if table is not None:
        scale = 10**digits
        lat = np.cumsum(np.asarray(table["latSteps"], dtype=np.int64))[: len(table["name"])]
        lon = np.asarray(table["lon"], dtype=np.int64)[: len(table["name"])]
        for i, (a, b) in enumerate(zip(lat.tolist(), lon.tolist())):
            rows.setdefault((a / scale, b / scale), i)
    ref, own, first = [], [], []
    for p in points:
        i = rows.get((p[0], p[1]))
        if i is not None and p[4] and p[4][0] == _first_line(table, i):
            ref.append(i + 1)
        else:
            ref.append(0)
            own.append(p[:2])
            first.append(p[4][0] if p[4] else "")
    k = _grid(np.asarray(own, dtype=float).reshape(-1, 2), digits)
    radius = _grid([p[2] for p in points], 1)
    if k is None or radius is None:
        return layer
    return {"name": layer["name"], "packed": 1, "digits": digits, "ref": ints(_deltas(np.asarray(ref))),
            "steps": ints(_deltas(k).ravel()), "first": first, "radius": ints(radius),
            "labels": [[i, p[3]] for i, p in enumerate(points) if p[3] is not None],
            "lines": [p[4][1:] for p in points]}


def _first_line(table: dict, i: int) -> str:
    """The first tip line of a drawn city, as add_cities writes it and unpack.js rebuilds it."""
    return f"{table['name'][i]} ({table['country'][i]}), pop. {int(table['pop'][i]):,}"


def pack_state(state: dict) -> dict:
    """``state`` with borders, reach shapes and cities packed (see the module's docstring)."""
    out = dict(state)
    if state.get("borders"):
        out["borders"] = dict(state["borders"], features=[
            dict(f, geometry=geometry(f["geometry"], BORDER_DIGITS)) for f in state["borders"]["features"]])
    out["systems"] = [dict(s, envelope=s["envelope"] and geometry(s["envelope"], SHAPE_DIGITS),
                           rings=[dict(r, geometry=geometry(r["geometry"], SHAPE_DIGITS)) for r in s["rings"]])
                      for s in state["systems"]]
    out["envelopes"] = [dict(e, items=[dict(i, geometry=geometry(i["geometry"], SHAPE_DIGITS)) for i in e["items"]])
                        for e in state["envelopes"]]
    out["launchAreas"] = [dict(a, geometry=geometry(a["geometry"], SHAPE_DIGITS)) for a in state["launchAreas"]]
    table = state["app"]["cities"] if state.get("app") else None
    out["cities"] = [_city_layer(c, table) for c in state["cities"]]
    if table is not None:
        out["app"] = dict(state["app"], cities=_cities_table(table))
    return out
