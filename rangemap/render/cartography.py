"""Map furniture for static figures: frame and layout, base map (sea, borders, graticule), scale bar,
titles, credits and source text. Draws on matplotlib Axes with geometry from :mod:`.projected`.

Over the house's ~300 lines on purpose: every piece of furniture shares the frame and layout constants
defined here, and split apart they would pass them back and forth; split a piece out when it grows.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pyproj
import shapely
from matplotlib.collections import LineCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from rangemap import catalog, styles
from rangemap.errors import CoordinateError
from rangemap.geodesy import GEOD, LONGEST_GEODESIC_M
from rangemap.render import projected

__all__ = ["CREDITS", "check_extent", "describe", "draw_base", "draw_lines", "draw_polygon", "draw_scale", "fit_frame",
           "frame_for", "halo", "scale_factors", "source_text"]

CREDITS = ("Borders: Natural Earth (public domain), Crimea shown within Ukraine · Cities: GeoNames (CC BY 4.0) · "
           "Reach: exact WGS84 geodesics, rangemap")
SEA = "#dde8ef"
GRATICULE = {"color": "#8ea3b0", "lw": 0.35, "alpha": 0.8}
_MARGIN = 0.06  # share of the reach's extent added around it
_WHOLE_GLOBE = 0.6  # frames wider than this share of the globe's image show all of it


def check_extent(extent) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` degrees, checked; west > east crosses ±180°."""
    try:
        west, south, east, north = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise CoordinateError(f"extent {extent!r} must be (west, south, east, north) in degrees") from None
    if not (-90 <= south < north <= 90) or not all(math.isfinite(v) and abs(v) <= 540 for v in (west, east)):
        raise CoordinateError(f"extent {extent!r} must be (west, south, east, north) with -90 <= south < north <= 90")
    return west, south, east, north


def frame_for(plane, table, extent):
    """The rectangle (minx, miny, maxx, maxy) to show, in the plane: the extent, else the reach with a margin."""
    if extent is not None:
        west, south, east, north = check_extent(extent)
        east = west + ((east - west) % 360.0 or 360.0)
        lons, lats = np.linspace(west, east, 181), np.linspace(south, north, 91)
        lon = np.concatenate([lons, np.full(91, east), lons[::-1], np.full(91, west)])
        lat = np.concatenate([np.full(181, south), lats, np.full(181, north), lats[::-1]])
        x, y = plane.forward(lon, lat)
        margin = 0.0
    else:
        rows = table[["lat", "lon", "range_m"]].drop_duplicates().to_numpy(float)
        az = np.linspace(0.0, 360.0, 97)
        lat = np.repeat(rows[:, 0], az.size)
        lon = np.repeat(rows[:, 1], az.size)
        rng = np.minimum(np.repeat(rows[:, 2], az.size), LONGEST_GEODESIC_M)
        lon2, lat2, _ = GEOD.fwd(lon, lat, np.tile(az, len(rows)), rng)
        x, y = plane.forward(np.concatenate([lon2, rows[:, 1]]), np.concatenate([lat2, rows[:, 0]]))
        margin = _MARGIN
    ok = np.isfinite(x)
    globe = plane.globe
    broken = not ok.all()
    if not ok.any():
        if globe is None:
            raise CoordinateError("nothing to draw is valid in this projection")
        x, y = np.asarray(globe.exterior.coords).T
    else:
        x, y = x[ok], y[ok]
    w, h = np.ptp(x), np.ptp(y)
    frame = [x.min() - margin * w, y.min() - margin * h, x.max() + margin * w, y.max() + margin * h]
    if globe is not None:
        gx0, gy0, gx1, gy1 = globe.bounds
        pad = 0.02 * max(gx1 - gx0, gy1 - gy0)
        if extent is None and (broken or frame[2] - frame[0] > _WHOLE_GLOBE * (gx1 - gx0)):
            frame = [gx0, gy0, gx1, gy1]
        frame = [max(frame[0], gx0 - pad), max(frame[1], gy0 - pad), min(frame[2], gx1 + pad),
                 min(frame[3], gy1 + pad)]
    return frame


def fit_frame(frame, aspect: float):
    """Widen the frame (never shrink it) to a height/width ``aspect``."""
    x0, y0, x1, y1 = frame
    w, h = x1 - x0, y1 - y0
    if h / w < aspect:
        grow = (w * aspect - h) / 2
        return [x0, y0 - grow, x1, y1 + grow]
    grow = (h / aspect - w) / 2
    return [x0 - grow, y0, x1 + grow, y1]


# --- drawing helpers ------------------------------------------------------------------------------

def _path(geom) -> MplPath | None:
    """A compound matplotlib Path of (Multi)Polygons (exteriors counter-clockwise, holes clockwise)."""
    verts, codes = [], []
    for poly in _polygons(geom):
        poly = shapely.geometry.polygon.orient(poly, 1.0)
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)
            if len(xy) < 4:
                continue
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes)) if verts else None


def _polygons(geom):
    """The Polygons in any geometry (collections and multi-parts opened up)."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for part in shapely.get_parts(geom) for p in _polygons(part)]
    return []


def draw_polygon(ax, geom, **style):
    path = _path(geom) if geom is not None else None
    if path is not None:
        ax.add_patch(PathPatch(path, **style))


def draw_lines(ax, lines, **style):
    """Draw a (Multi)LineString or a list of N×2 arrays as one LineCollection."""
    if lines is None:
        return
    if not isinstance(lines, list):
        lines = [np.asarray(p.coords) for p in shapely.get_parts(lines) if not p.is_empty and p.geom_type == "LineString"]
    if lines:
        ax.add_collection(LineCollection(lines, **style))


def _clip(runs, domain, frame):
    if not runs:
        return None
    lines = shapely.multilinestrings([shapely.linestrings(r) for r in runs])
    return shapely.clip_by_rect(lines, *frame) if domain.equals(shapely.box(*frame)) else shapely.intersection(lines, domain)


# --- base map -------------------------------------------------------------------------------------

def _lonlat_box(plane, domain):
    """lon/lat bounds (west, south, east, north; east may pass 180) of what the frame shows, or None
    when it holds a pole or most longitudes."""
    minx, miny, maxx, maxy = domain.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, 25), np.linspace(miny, maxy, 25))
    inside = shapely.contains_xy(domain, gx.ravel(), gy.ravel())
    lon, lat = plane.inverse(gx.ravel()[inside], gy.ravel()[inside])
    for pole in (90.0, -90.0):
        px, py = plane.forward([0.0], [pole])
        # a 1 % margin around the frame in the projection's plane (not a reach: reach is geodesic, elsewhere)
        if np.isfinite(px[0]) and domain.buffer(0.01 * (maxx - minx)).contains(shapely.Point(px[0], py[0])):
            return None
    ok = np.isfinite(lon)
    if ok.sum() < 3:
        return None
    rel = (lon[ok] - plane.lon_0 + 180.0) % 360.0 - 180.0
    if np.ptp(rel) > 300:
        return None
    return (plane.lon_0 + rel.min() - 5, max(lat[ok].min() - 5, -90.0), plane.lon_0 + rel.max() + 5,
            min(lat[ok].max() + 5, 90.0))


def _via_pole(coords):
    """A ring whose edge spans more than 180° of longitude (a simplified polar cap, e.g. Antarctica at
    1:110m) closed along the pole instead, as the unsimplified data is."""
    d = np.abs(np.diff(coords[:, 0]))
    if d.max() <= 180.0:
        return coords
    i = int(np.argmax(d))
    (x1, y1), (x2, y2) = coords[i], coords[i + 1]
    pole = 90.0 if y1 + y2 > 0 else -90.0
    return np.vstack([coords[: i + 1], [[x1, pole], [x2, pole]], coords[i + 1:]])


def _polar_closed(geom):
    polys = []
    for poly in shapely.get_parts(geom):
        polys.append(shapely.Polygon(_via_pole(np.asarray(poly.exterior.coords)),
                                     [np.asarray(r.coords) for r in poly.interiors]))
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]


def draw_base(ax, plane, domain, tol, frame):
    """Sea, countries (Ukraine and Russia styled as on the HTML map), country borders and graticule."""
    draw_polygon(ax, domain, facecolor=SEA, edgecolor="none", zorder=0)
    borders = catalog.boundaries()
    box = _lonlat_box(plane, domain)
    if box is not None:
        w, south, e, north = box
        near = shapely.union_all([shapely.box(w + k, south, e + k, north) for k in (-360.0, 0.0, 360.0)])
        borders = borders[borders.intersects(near)]
    geoms = [_polar_closed(g) for g in borders.geometry]
    regions, traced = projected.polygon_regions(plane, geoms, tol, domain)
    groups = {}
    for name, geom, region, runs in zip(borders["name"], geoms, regions, traced):
        style = styles.BORDER_STYLE.get(name, styles.OTHER_BORDERS)
        key = name if name in styles.BORDER_STYLE else "other"
        fill, strokes = groups.setdefault(key, (style, ([], [])))[1]
        fill.append(region)
        rings = [_via_pole(np.asarray(r.coords)) for poly in shapely.get_parts(geom)
                 for r in (poly.exterior, *poly.interiors)]
        fake = [projected.real_edges(r) for r in rings]
        for ring_runs, pieces, ring in zip(runs, fake, rings):
            if len(pieces) == 1 and len(pieces[0]) == len(ring):
                strokes.extend(ring_runs)
            else:
                strokes.extend(run for line in projected.lonlat_lines(plane, pieces, tol, closed=False) for run in line)
    for key in ["other", *[k for k in groups if k != "other"]]:
        if key not in groups:
            continue
        style, (fill, strokes) = groups[key]
        z = 1 if key == "other" else 1.5
        draw_polygon(ax, shapely.union_all([f for f in fill if not f.is_empty]) if key != "other" else
                     shapely.GeometryCollection([f for f in fill if not f.is_empty]),
                     facecolor=style["fillColor"], alpha=min(1.0, style["fillOpacity"] + 0.2), edgecolor="none", zorder=z)
        draw_lines(ax, _clip(strokes, domain, frame), color=style["color"], lw=style["weight"] * 0.6, zorder=z + 1.5)
    _graticule(ax, plane, domain, tol, frame, box)


def _graticule(ax, plane, domain, tol, frame, box):
    span = 360.0 if box is None else max(box[2] - box[0], (box[3] - box[1]) * 1.5)
    step = next(s for s in (1, 2, 5, 10, 15, 30) if span / s <= 14)
    west, south, east, north = box if box is not None else (-180.0, -90.0, 180.0, 90.0)
    lats = np.linspace(max(south, -90.0), min(north, 90.0), 181)
    lons = np.linspace(west, east, 361)
    meridians = np.arange(math.ceil(west / step) * step, east, step)
    lines = [np.column_stack([np.full(lats.size, lon), lats]) for lon in meridians]
    lines += [np.column_stack([lons, np.full(lons.size, lat)])
              for lat in np.arange(math.ceil(south / step) * step, north, step) if abs(lat) < 90]
    runs = [run for line in projected.lonlat_lines(plane, lines, tol, closed=False) for run in line]
    draw_lines(ax, _clip(runs, domain, frame), zorder=2, **GRATICULE)
    return step


# --- scale, titles, sources -----------------------------------------------------------------------

def _nice(value: float) -> float:
    exp = 10 ** math.floor(math.log10(value))
    return max(m * exp for m in (1, 2, 5) if m * exp <= value)


def scale_factors(plane, domain, n: int = 21):
    """Smallest and largest point scale (meridional or parallel) over the frame, or None if unknown."""
    minx, miny, maxx, maxy = domain.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, n), np.linspace(miny, maxy, n))
    # sample scale factors 1 % inside the frame's edge in the plane (the projection's rim is singular)
    inside = shapely.contains_xy(domain.buffer(-0.01 * (maxx - minx)), gx.ravel(), gy.ravel())
    lon, lat = plane.inverse(gx.ravel()[inside], gy.ravel()[inside])
    try:
        f = pyproj.Proj(plane.crs).get_factors(lon, np.clip(lat, -89.9, 89.9), errcheck=False)
    except (pyproj.exceptions.ProjError, RuntimeError, ValueError):
        return None
    s = np.concatenate([np.asarray(f.meridional_scale), np.asarray(f.parallel_scale)])
    s = s[np.isfinite(s) & (s > 0)]
    return (float(s.min()), float(s.max())) if s.size else None


def draw_scale(fig, ax, plane, domain, frame, centre):
    """A scale bar true at ``centre`` (lat, lon), marked +, and a note saying how far it holds."""
    lat, lon = centre
    cx, cy = plane.forward([lon], [lat])
    probe_m = 10_000.0
    lon2, lat2, _ = GEOD.fwd(lon, lat, 90.0, probe_m)
    ex, ey = plane.forward([lon2], [lat2])
    per_m = math.hypot(ex[0] - cx[0], ey[0] - cy[0]) / probe_m
    if not math.isfinite(per_m) or per_m <= 0:
        return "No scale bar: the projection has no finite scale at the centre."
    dist_m = _nice(0.22 * (frame[2] - frame[0]) / per_m)
    lon3, lat3, _ = GEOD.fwd(lon, lat, 90.0, dist_m)
    fx, fy = plane.forward([lon3], [lat3])
    length = math.hypot(fx[0] - cx[0], fy[0] - cy[0])  # the geodesic's own projected length
    x0 = frame[2] - 0.04 * (frame[2] - frame[0]) - length
    y0 = frame[1] + 0.05 * (frame[3] - frame[1])
    tick = 0.008 * (frame[3] - frame[1])
    for k, colour in enumerate(["#222222", "#ffffff"] * 2):
        ax.add_patch(_rect(x0 + k * length / 4, y0, length / 4, tick, colour))
    mi = dist_m / 1609.344
    ax.text(x0 + length / 2, y0 + 2.2 * tick, f"{dist_m / 1000:,.0f} km ({mi:,.0f} mi) at +", ha="center",
            va="bottom", fontsize=7.5, zorder=9, path_effects=halo())
    if shapely.contains_xy(domain, cx[0], cy[0]):
        ax.plot([cx[0]], [cy[0]], marker="+", ms=9, mew=1.2, color="#222222", zorder=9)
    factors = scale_factors(plane, domain)
    where = f"+ ({abs(lat):.2f}°{'N' if lat >= 0 else 'S'}, {abs(lon):.2f}°{'E' if lon >= 0 else 'W'})"
    if plane.method == "aeqd" and math.isclose(plane.lat_0, lat, abs_tol=1e-6):
        note = f"Distances from {where} are true to scale in every direction"
    else:
        note = f"Scale bar true at {where}"
    if factors is None:
        return note + "; elsewhere scale varies."
    lo, hi = factors
    if hi / lo <= 1.02:
        return note + f"; across the map the scale stays within {lo:.3f}–{hi:.3f}× of it."
    return note + f"; elsewhere the scale varies from {lo:.2f}× to {hi:.2f}× (do not measure across the map)."


def _rect(x, y, w, h, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="#222222", lw=0.6, zorder=9)


def halo(width: float = 2.5):
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def describe(plane) -> str:
    """The projection in words, for the credits line."""
    if plane.method == "aeqd":
        lat, lon = plane.lat_0, plane.lon_0
        return (f"azimuthal equidistant centred on {abs(lat):.2f}°{'N' if lat >= 0 else 'S'}, "
                f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'} (WGS84)")
    name = plane.crs.name
    if name in ("", "unknown") and plane.crs.coordinate_operation is not None:
        name = plane.crs.coordinate_operation.method_name
    code = plane.crs.to_epsg()
    return f"{name} (EPSG:{code})" if code is not None else f"{name} ({plane.crs.to_string()[:60]})"


_PATHISH = re.compile(r"\s*\([^()]*[/\\][^()]*\)|\S*(?:shared|sources)/\S*")


def source_text(source, date=None, limit: int = 90) -> str:
    """A source as publisher and date, never a file path: ``"CSIS Missile Threat · 2019-07-25"``.

    >>> source_text("Seed article (shared/sources/000_x.txt): 'about 430 miles'. Band: CSIS Missile Threat, 'T'", "2019")
    'Seed article; band: CSIS Missile Threat · 2019'
    """
    text = _PATHISH.sub("", "" if source is None or source != source else str(source)).strip()
    head = re.split(r":|\s\(|;|\.\s", text, maxsplit=1)[0].strip(" ,.;")
    if head.count("'") % 2:  # an unbalanced quote left by the cut
        head = head.strip("'")
    band = re.search(r"Band:\s*([^,(:;']+)", text)
    if band and band.group(1).strip() not in head:
        head = f"{head}; band: {band.group(1).strip(' ,.')}"
    if len(head) > limit:
        head = head[: limit - 1].rstrip() + "…"
    date = "" if date is None or date != date else str(date).strip()
    return " · ".join(part for part in (head, date) if part) or "source not given"
