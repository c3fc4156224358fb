"""How wrong are the usual ways of drawing reach? Every method against GeographicLib, on the seed cases.

    python -m benchmarks.accuracy        # writes docs/accuracy.md and the table in README.md

For each case and method: the worst over-reach and under-reach along the drawn outline (true geodesic
distance of outline points minus the range), and the share of the true reach area that the method's
lon/lat polygon misclassifies (uniform sample points judged by GeographicLib distance).
"""

from __future__ import annotations

import time

import numpy as np
import shapely

import rangemap as rm
from benchmarks.common import (
    CASES,
    DOCS,
    ROOT,
    aeqd_buffer,
    haversine_outline,
    leaflet_circle_outline,
    machine,
    mercator_buffer,
    outline_points,
    polygon_from_outline,
    replace_between_markers,
)
from devtools import oracle

SAMPLES = 3000


def true_distance(lat, lon, lats, lons):
    return np.array([oracle.distance(lat, lon, a, b) for a, b in zip(lats, lons)])


def sample_points(lat, lon, range_m, rng):
    """Points uniform on the sphere within 1.5x the range of the launch point (the whole globe if larger)."""
    theta_max = min(1.5 * range_m / 6371008.8, np.pi)
    cos_t = rng.uniform(np.cos(theta_max), 1.0, SAMPLES)
    az = rng.uniform(0, 360, SAMPLES)
    lat2, lon2 = rm.geodesy.destination(lat, lon, az, np.arccos(cos_t) * 6371008.8)
    return np.asarray(lat2), np.asarray(lon2)


def methods(lat, lon, range_m):
    """(name, outline points (lat, lon), lon/lat polygon) for each way of drawing the reach."""
    exact = rm.reach_polygon(lat, lon, range_m)
    yield "rangemap (WGS84 geodesic)", outline_points(exact), exact
    clat, clon = leaflet_circle_outline(lat, lon, range_m)
    yield "folium.Circle (Leaflet 1.9)", np.column_stack([clat, clon]), polygon_from_outline(clat, clon)
    hlat, hlon = haversine_outline(lat, lon, range_m)
    yield "spherical (haversine) ring", np.column_stack([hlat, hlon]), polygon_from_outline(hlat, hlon)
    merc = mercator_buffer(lat, lon, range_m)
    yield "buffer in EPSG:3857", outline_points(merc), merc
    aeqd = aeqd_buffer(lat, lon, range_m)
    yield "AEQD buffer recipe", outline_points(aeqd), aeqd


def headline(rows) -> str:
    """One sentence for the top of the README, from the measured rows."""
    ours = [r for r in rows if r[1].startswith("rangemap")]
    worst_ours = max(max(r[2], r[3]) for r in ours) * 1000.0
    circle = max((r for r in rows if r[1].startswith("folium.Circle")), key=lambda r: max(r[2], r[3]))
    merc = next(r for r in rows if r[1] == "buffer in EPSG:3857" and r[0].startswith("1,200 mi from Belgorod"))
    return (f"Measured against GeographicLib on the seed cases (`benchmarks/accuracy.py`): rangemap's outlines "
            f"are within **{worst_ours:.0f} m** of the true reach everywhere, misclassifying "
            f"{max(r[4] for r in ours):.2f}% of sample points; `folium.Circle` is off by up to "
            f"**{max(circle[2], circle[3]):,.0f} km** ({circle[0]}), and a buffer in EPSG:3857 falls "
            f"**{merc[3]:,.0f} km** short of a 1,200-mile reach from Belgorod.")


def main() -> None:
    rng = np.random.default_rng(20261126)
    started = time.perf_counter()
    rows = []
    for case, (lat, lon), range_m in CASES:
        slat, slon = sample_points(lat, lon, range_m, rng)
        truth = true_distance(lat, lon, slat, slon) <= range_m
        for name, outline, polygon in methods(lat, lon, range_m):
            err_km = (true_distance(lat, lon, outline[:, 0], outline[:, 1]) - range_m) / 1000.0
            inside = shapely.intersects_xy(polygon, slon, slat)
            wrong = np.count_nonzero(inside != truth) / max(np.count_nonzero(truth), 1)
            rows.append((case, name, max(err_km.max(), 0.0), max(-err_km.min(), 0.0), 100.0 * wrong))
    lines = ["| case | method | worst over-reach (km) | worst under-reach (km) | reach area misclassified |",
             "|---|---|---:|---:|---:|"]
    for case, name, over, under, wrong in rows:
        bold = "**" if name.startswith("rangemap") else ""
        lines.append(f"| {case} | {bold}{name}{bold} | {over:,.3f} | {under:,.3f} | {wrong:.2f}% |")
    note = (f"\n{SAMPLES:,} sample points per case, uniform within 1.5× the range (the whole globe beyond); "
            f"truth and outline errors by GeographicLib {__import__('geographiclib').__version__}. "
            f"Measured on {machine()} in {time.perf_counter() - started:.0f} s by `benchmarks/accuracy.py`.\n")
    table = "\n".join(lines) + "\n" + note
    DOCS.mkdir(exist_ok=True)
    (DOCS / "accuracy.md").write_text("# Accuracy: rangemap against what users would otherwise draw\n\n" + table)
    replace_between_markers(ROOT / "README.md", "accuracy", table)
    replace_between_markers(ROOT / "README.md", "headline", headline(rows))
    print(table)


if __name__ == "__main__":
    main()
