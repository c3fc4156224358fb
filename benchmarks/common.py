"""Shared pieces of the benchmarks: the cases, the other methods people use, and README updating."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

import numpy as np
import pyproj
import shapely
from shapely.geometry import Point, Polygon

import rangemap as rm

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EARTH_R_LEAFLET = 6371000.0  # L.CRS.Earth.R: the sphere Leaflet measures circles on
MERCATOR_R = 6378137.0  # L.Projection.SphericalMercator.R
MAX_LAT = 85.0511287798  # L.Projection.SphericalMercator.MAX_LATITUDE

BELGOROD = (50.5955, 36.5873)
PYONGYANG = (39.0392, 125.7625)
ANADYR = (64.7337, 177.5089)
HWASONG_M = rm.parse_distance("430 mi")
MRBM_M = rm.parse_distance("1200 mi")

CASES = [
    ("Hwasong-11, 430 mi from Belgorod", BELGOROD, HWASONG_M),
    ("1,200 mi from Belgorod", BELGOROD, MRBM_M),
    ("Hwasong-11, 430 mi from Pyongyang", PYONGYANG, HWASONG_M),
    ("1,200 mi from Pyongyang", PYONGYANG, MRBM_M),
    ("1,200 mi from Anadyr (crosses ±180°)", ANADYR, MRBM_M),
    ("13,000 km from Pyongyang", PYONGYANG, 13_000_000.0),
    ("15,000 km from Pyongyang", PYONGYANG, 15_000_000.0),
]


def machine() -> str:
    """The machine the numbers were measured on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, pyproj {pyproj.__version__}"


# --- what users would otherwise use ------------------------------------------------------------------

def _merc(lat, lon):
    lat = np.clip(lat, -MAX_LAT, MAX_LAT)
    return MERCATOR_R * np.radians(lon), MERCATOR_R * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _unmerc(x, y):
    return np.degrees(2 * np.arctan(np.exp(y / MERCATOR_R)) - np.pi / 2), np.degrees(x / MERCATOR_R)


def leaflet_circle_outline(lat, lon, range_m, n=720):
    """The outline Leaflet 1.9 draws for ``L.circle`` / ``folium.Circle`` (``L.Circle._project``):
    an axis-aligned ellipse in Web Mercator whose radii come from a spherical radius. Returns lat, lon."""
    d = np.pi / 180
    lat_r = (range_m / EARTH_R_LEAFLET) / d
    top_x, top_y = _merc(lat + lat_r, lon)
    bottom_x, bottom_y = _merc(lat - lat_r, lon)
    px, py = (top_x + bottom_x) / 2, (top_y + bottom_y) / 2  # y up here (Leaflet's pixels point down)
    lat2, _ = _unmerc(px, py)
    with np.errstate(invalid="ignore"):
        lng_r = np.arccos((np.cos(lat_r * d) - np.sin(lat * d) * np.sin(lat2 * d))
                          / (np.cos(lat * d) * np.cos(lat2 * d))) / d
    if np.isnan(lng_r) or lng_r == 0:
        lng_r = lat_r / np.cos(d * lat)
    rx = px - _merc(lat2, lon - lng_r)[0]
    ry = top_y - py
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return _unmerc(px + rx * np.cos(t), py + ry * np.sin(t))


def haversine_outline(lat, lon, range_m, n=360, radius=6371008.8):
    """A ring on a sphere (as browser range tools draw): destination points by spherical trigonometry."""
    phi, lam, delta = np.radians(lat), np.radians(lon), range_m / radius
    theta = np.radians(np.linspace(0, 360, n, endpoint=False))
    phi2 = np.arcsin(np.sin(phi) * np.cos(delta) + np.cos(phi) * np.sin(delta) * np.cos(theta))
    lam2 = lam + np.arctan2(np.sin(theta) * np.sin(delta) * np.cos(phi), np.cos(delta) - np.sin(phi) * np.sin(phi2))
    return np.degrees(phi2), (np.degrees(lam2) + 180) % 360 - 180


def mercator_buffer(lat, lon, range_m):
    """``GeoSeries.buffer`` in EPSG:3857, back to lon/lat."""
    import geopandas as gpd

    return gpd.GeoSeries([Point(lon, lat)], crs=4326).to_crs(3857).buffer(range_m).to_crs(4326).iloc[0]


def aeqd_buffer(lat, lon, range_m):
    """The azimuthal-equidistant recipe: buffer in a local AEQD CRS, back to EPSG:4326."""
    import geopandas as gpd

    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return gpd.GeoSeries([Point(lon, lat)], crs=4326).to_crs(aeqd).buffer(range_m).to_crs(4326).iloc[0]


def polygon_from_outline(lat, lon):
    """A lon/lat polygon from an outline, as a GeoPandas user would build it (no antimeridian care)."""
    return shapely.make_valid(Polygon(np.column_stack([lon, lat])))


def outline_points(geom, midpoints=True):
    """Vertices (and edge midpoints) of a geometry's rings, leaving out ±180° cut and pole edges."""
    pts = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            for (x1, y1), (x2, y2) in zip(xy[:-1], xy[1:]):
                if (abs(x1) == 180 and x1 == x2) or (abs(y1) == 90 and y1 == y2) or \
                        (abs(x1) == 180 and abs(y1) == 90) or (abs(x2) == 180 and abs(y2) == 90):
                    continue
                pts.append((y1, x1))
                if midpoints:
                    pts.append(((y1 + y2) / 2, (x1 + x2) / 2))
    return np.array(pts)


def replace_between_markers(path: Path, name: str, text: str) -> None:
    """Put ``text`` between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``path``."""
    content = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(content):
        raise SystemExit(f"{path} has no <!-- {name}:start --> ... <!-- {name}:end --> markers")
    path.write_text(pattern.sub(lambda m: m.group(1) + text.rstrip() + "\n" + m.group(2), content), encoding="utf-8")
