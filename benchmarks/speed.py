"""How much does exactness cost? rangemap's timings as ratios to baselines measured in the same run.

    python -m benchmarks.speed        # writes docs/speed.md and the table in README.md

The floor for a ring is one vectorized ``pyproj.Geod.fwd`` call computing the same number of vertices:
no ring can be exact for less. Every figure is the median of several interleaved runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

import rangemap as rm
from benchmarks import demo_ratio
from benchmarks.common import (
    ANADYR,
    BELGOROD,
    DOCS,
    HWASONG_M,
    MRBM_M,
    ROOT,
    aeqd_buffer,
    machine,
    replace_between_markers,
)
from rangemap.geodesy import GEOD
from rangemap.render.quick import SEED_SCENARIO

REPEATS = 41


def per_call(fn, number: int) -> float:
    started = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - started) / number


def interleaved(fns: dict, number: int = 20, repeats: int = REPEATS) -> dict:
    """Median seconds per call of each function, timing them in turns so noise hits all alike."""
    samples = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            samples[name].append(per_call(fn, number))
    return {name: statistics.median(values) for name, values in samples.items()}


def ring_vs_floor(lat, lon, range_m, tol):
    n = len(shapely.get_coordinates(rm.reach_polygon(lat, lon, range_m, tolerance_m=tol))) - 1
    lons, lats, dists = np.full(n, lon), np.full(n, lat), np.full(n, range_m)
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    floors, ours = [], []
    for _ in range(REPEATS):  # in pairs, so that the machine's drift hits both alike
        floors.append(per_call(lambda: GEOD.fwd(lons, lats, az, dists), 20))
        ours.append(per_call(lambda: rm.reach_polygon(lat, lon, range_m, tolerance_m=tol), 20))
    ratio = statistics.median(o / f for o, f in zip(ours, floors))
    return n, statistics.median(ours), statistics.median(floors), ratio


def main() -> None:
    out = []
    ring_rows = []
    cases = [("692 km (430 mi) from Belgorod", BELGOROD, HWASONG_M),
             ("1,931 km (1,200 mi) from Belgorod", BELGOROD, MRBM_M)]
    for label, (lat, lon), range_m in cases:
        for tol in (50.0, 100.0):
            ring_rows.append((label, f"{tol:.0f} m", *ring_vs_floor(lat, lon, range_m, tol)))
    hard = [("1,931 km from Anadyr (crosses ±180°)", ANADYR, MRBM_M),
            ("3,000 km from 70°N (encloses the pole)", (70.0, 10.0), 3_000_000.0),
            ("13,000 km from Pyongyang", (39.0392, 125.7625), 13_000_000.0),
            ("15,000 km from Pyongyang (beyond a hemisphere)", (39.0392, 125.7625), 15_000_000.0)]
    for label, (lat, lon), range_m in hard:
        ring_rows.append((label, "50 m", *ring_vs_floor(lat, lon, range_m, 50.0)))
    out += ["| ring | tolerance | vertices | rangemap per ring | floor (one `Geod.fwd`) | ratio (median of pairs) |",
            "|---|---|---:|---:|---:|---:|"]
    out += [f"| {label} | {tol} | {n:,} | {ours * 1e6:,.0f} µs | {floor * 1e6:,.0f} µs | **{ratio:.2f}×** |"
            for label, tol, n, ours, floor, ratio in ring_rows]

    lat, lon = BELGOROD
    t = interleaved({"rangemap": lambda: rm.reach_polygon(lat, lon, HWASONG_M),
                     "aeqd": lambda: aeqd_buffer(lat, lon, HWASONG_M)}, number=5, repeats=9)
    out += ["", f"The AEQD buffer recipe (GeoPandas, 64-segment buffer, wrong across ±180° and at the poles) takes "
            f"{t['aeqd'] * 1e3:.1f} ms for the 692 km ring from Belgorod: rangemap is "
            f"{t['aeqd'] / t['rangemap']:.1f}× faster and exact."]

    rng = np.random.default_rng(1)
    lats, lons = rng.uniform(44.0, 56.0, 10_000), rng.uniform(30.0, 48.0, 10_000)
    batch_times, geoms = [], None
    for _ in range(3):
        started = time.perf_counter()
        geoms = rm.reach_polygons(lats, lons, HWASONG_M)
        batch_times.append(time.perf_counter() - started)
    vertices = int(shapely.get_num_coordinates(geoms).sum()) - len(geoms)
    owner = rng.integers(0, len(lats), vertices)
    az, dist = rng.uniform(0, 360, vertices), np.full(vertices, HWASONG_M)
    floor_times = []
    for _ in range(3):
        started = time.perf_counter()
        GEOD.fwd(lons[owner], lats[owner], az, dist)
        floor_times.append(time.perf_counter() - started)
    batch, floor = statistics.median(batch_times), statistics.median(floor_times)
    out += ["", f"Batch: 10,000 rings of 692 km from random points in the region in {batch:.2f} s "
            f"(**{len(lats) / batch:,.0f} rings/s**, {vertices / len(lats):.0f} vertices each); the floor for "
            f"the same {vertices:,} vertices is {floor:.2f} s: **{batch / floor:.2f}×**."]

    out += ["", "| tolerance | 692 km ring: vertices | 1,931 km ring: vertices |", "|---|---:|---:|"]
    for tol in (10.0, 50.0, 100.0, 500.0, 1000.0):
        counts = [len(shapely.get_coordinates(rm.reach_polygon(lat, lon, r, tolerance_m=tol))) - 1
                  for r in (HWASONG_M, MRBM_M)]
        out.append(f"| {tol:,.0f} m | {counts[0]:,} | {counts[1]:,} |")

    tables = [rm.reach(systems, sites) for systems, sites in SEED_SCENARIO]
    seed = pd.concat(tables, ignore_index=True)
    cities = rm.cities()
    t_targets = statistics.median(per_call(lambda: rm.targets_in_reach(seed, cities=cities), 1) for _ in range(5))
    targets = rm.targets_in_reach(seed, cities=cities)
    belgorod = rm.summary(rm.targets_in_reach(rm.reach([s for systems, _ in SEED_SCENARIO for s in systems],
                                                       ["belgorod"]), cities=cities))

    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "seed-map.html"
        subprocess.run([sys.executable, "-m", "rangemap", "demo", "-o", str(html)], check=True, capture_output=True)
        size = html.stat().st_size
        drawn_ms = chromium_draw_ms(html)
    demo = demo_ratio.measure(7)

    out += ["", f"- `rangemap demo` end to end (new process, imports included): **{demo['demo_s']:.2f} s**, "
            f"**{demo['ratio']:.2f}×** `python -c \"import folium, geopandas\"` ({demo['base_s']:.2f} s; medians of "
            f"{demo['runs']} interleaved runs, goal ≤ 2×); the map is {size / 1e6:.2f} MB (budget 2.5 MB).",
            f"- Targets in reach, all {len(cities):,} places × all {len(seed)} seed reaches: "
            f"**{t_targets * 1e3:.0f} ms** ({len(targets):,} place–system pairs in reach).",
            "- People within reach from Belgorod (places of 1,000+ in the catalog's countries, see Data): "
            + "; ".join(f"{r.system} {r.population / 1e6:,.1f} M in {r.cities:,} places" for r in belgorod.itertuples())
            + ".",
            f"- Headless Chromium, page load to drawn map, network blocked: {drawn_ms}.",
            "", f"Measured on {machine()} by `benchmarks/speed.py` (medians of interleaved runs)."]
    text = "\n".join(out) + "\n"
    DOCS.mkdir(exist_ok=True)
    (DOCS / "speed.md").write_text("# Speed: the cost of exactness\n\n" + text)
    replace_between_markers(ROOT / "README.md", "speed", text)
    print(text)


def chromium_draw_ms(html: Path) -> str:
    """Milliseconds from navigation start to the first reach polygon drawn, median of 3 loads."""
    try:
        from playwright.sync_api import sync_playwright

        from devtools.browser import CHROMIUM, launch, offline_route
    except ImportError as err:
        return f"not measured ({err})"
    if not Path(CHROMIUM).exists():
        return "not measured (no Chromium)"
    times = []
    with sync_playwright() as p:
        browser = launch(p)
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", offline_route)
            page.goto(html.resolve().as_uri())
            page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 10",
                                   polling="raf")
            times.append(page.evaluate("() => performance.now()"))
            page.close()
        browser.close()
    return f"**{statistics.median(times):.0f} ms**"


if __name__ == "__main__":
    main()
