"""What does exact reach cost in the page? reach.js timed against baselines in the same Chromium page.

    python -m benchmarks.web_speed        # writes docs/web-speed.md

Baselines, run in the same page and interleaved with reach.js, sample by sample:
- the floor: as many ``Geodesic.Direct`` calls of geographiclib-geodesic (the library reach.js is
  built on) as reach.js returns vertices, storing lat/lon as reach.js does;
- Leaflet.Geodesic's ``L.GeodesicCircle`` with ``steps`` set to the same vertex count (benchmark-only
  fetched from npm into benchmarks/vendor/ on first run: GPL-3.0, never committed or shipped), geometry only and added to a map.
Each figure is the median over samples of one call's time (a sample repeats calls for about 50 ms,
since the browser's clock is coarse).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "rangemap" / "web"
BENCH_VENDOR = ROOT / "benchmarks" / "vendor"
OUT = ROOT / "docs" / "web-speed.md"

BELGOROD = (50.5955, 36.5873)
CASES = [  # name, lat, lon, range_m, tolerance_m
    ("1,931 km from Belgorod", *BELGOROD, 1_931_200.0, 50.0),
    ("3,000 km from 70°N (encloses the pole)", 70.0, 10.0, 3_000_000.0, 50.0),
    ("1,931 km from Anadyr (crosses ±180°)", 64.7337, 177.5089, 1_931_200.0, 50.0),
    ("15,000 km from Pyongyang (beyond a hemisphere)", 39.0392, 125.7625, 15_000_000.0, 50.0),
]

BENCH_JS = r"""
async ([lat, lon, range, tol, samples]) => {
  const G = geodesic.Geodesic, geod = G.WGS84, mask = G.LATITUDE | G.LONGITUDE;
  const shape = rangemap.reach(lat, lon, range, {toleranceM: tol});
  const polys = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  let n = 0;  // vertices without the closing repeats
  for (const p of polys) for (const r of p) n += r.length - 1;
  const map = window.benchMap;
  let sink = 0;
  const fns = {
    reach: () => { sink += rangemap.reach(lat, lon, range, {toleranceM: tol}).coordinates.length; },
    direct: () => {  // the floor: n Direct calls, results kept like reach.js keeps them
      const xs = new Float64Array(n), ys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = geod.Direct(lat, lon, i * 360 / n, range, mask); xs[i] = r.lon2; ys[i] = r.lat2;
      }
      sink += xs[0];
    },
    directStandard: () => {  // the same with Direct's default output (azimuth and distance too)
      const xs = new Float64Array(n), ys = new Float64Array(n);
      for (let i = 0; i < n; i++) { const r = geod.Direct(lat, lon, i * 360 / n, range); xs[i] = r.lon2; ys[i] = r.lat2; }
      sink += xs[0];
    },
    geodesicCircle: () => { sink += new L.GeodesicCircle([lat, lon], {radius: range, steps: n}).getLatLngs().length; },
    reachDrawn: () => { const l = L.geoJSON(rangemap.reachDisplay(lat, lon, range, {toleranceM: tol})).addTo(map); map.removeLayer(l); },
    geodesicCircleDrawn: () => { const l = new L.GeodesicCircle([lat, lon], {radius: range, steps: n}).addTo(map); map.removeLayer(l); },
  };
  const per = {};
  for (const k in fns) {  // warm up, and find how many calls fill 50 ms
    let calls = 0; const t0 = performance.now();
    while (performance.now() - t0 < 150) { fns[k](); calls++; }
    per[k] = Math.max(1, Math.round(calls / 3));
  }
  const times = Object.fromEntries(Object.keys(fns).map(k => [k, []]));
  for (let s = 0; s < samples; s++) {
    for (const k in fns) {  // interleaved: every sample times each function once
      const t0 = performance.now();
      for (let i = 0; i < per[k]; i++) fns[k]();
      times[k].push((performance.now() - t0) / per[k]);
    }
    await new Promise(r => setTimeout(r, 0));
  }
  const median = a => { const b = [...a].sort((x, y) => x - y); const m = b.length >> 1; return b.length % 2 ? b[m] : (b[m - 1] + b[m]) / 2; };
  const ratios = {};
  for (const k of ['reach', 'geodesicCircle', 'reachDrawn']) {
    ratios[k] = median(times[k].map((t, i) => t / times[k === 'reachDrawn' ? 'geodesicCircleDrawn' : k === 'reach' ? 'direct' : 'reach'][i]));
  }
  return {n, type: shape.type, sink, median: Object.fromEntries(Object.keys(times).map(k => [k, median(times[k])])),
          pairRatio: ratios, perSample: per};
}
"""


def page_html() -> str:
    import xstatic.pkg.leaflet as leaflet

    if not (BENCH_VENDOR / "leaflet.geodesic.umd.min.js").exists():  # GPL-3.0: fetched here, never committed
        subprocess.run(["sh", str(ROOT / "scripts" / "vendor_web_assets.sh")], check=True)

    base = Path(leaflet.BASE_DIR)
    scripts = [base / "leaflet.js", BENCH_VENDOR / "leaflet.geodesic.umd.min.js",
               WEB / "vendor" / "geographiclib-geodesic.min.js", WEB / "reach.js"]
    body = "".join(f"<script>{p.read_text(encoding='utf-8')}</script>\n" for p in scripts)
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            f"<div id='map' style='width:1000px;height:700px'></div>{body}"
            "<script>window.benchMap = L.map('map', {preferCanvas: false}).setView([50, 36], 3);</script>"
            "</body></html>")


def run(samples: int = 31) -> tuple[list[dict], str]:
    from playwright.sync_api import sync_playwright

    from devtools.browser import launch

    results = []
    with sync_playwright() as p:
        browser = launch(p)
        version = browser.version
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", lambda route: route.abort())
        page.set_content(page_html())
        for name, lat, lon, rng, tol in CASES:
            out = page.evaluate(BENCH_JS, [lat, lon, rng, tol, samples])
            out["name"], out["tol"] = name, tol
            results.append(out)
            print(json.dumps(out))
        browser.close()
    return results, version


def us(ms: float) -> str:
    return f"{ms * 1000:,.0f} µs"


def report(results: list[dict], chromium: str, samples: int) -> str:
    gl = (WEB / "vendor" / "geographiclib-geodesic.VERSION").read_text().strip()
    lines = [
        "# Speed in the page: reach.js against its floor and Leaflet.Geodesic",
        "",
        "| ring | vertices | `reach()` | floor: as many `Direct` calls | reach ÷ floor | `L.GeodesicCircle`, same vertices | GeodesicCircle ÷ reach |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        m = r["median"]
        lines.append(f"| {r['name']}, {r['tol']:.0f} m tolerance | {r['n']:,} | {us(m['reach'])} | {us(m['direct'])} "
                     f"| **{r['pairRatio']['reach']:.2f}×** | {us(m['geodesicCircle'])} "
                     f"| {r['pairRatio']['geodesicCircle']:.2f}× |")
    lines += [
        "",
        "Added to a Leaflet map (`L.geoJSON(reachDisplay(…))` against `L.GeodesicCircle`, layer added and removed):",
        "",
        "| ring | reach.js drawn | `L.GeodesicCircle` drawn | reach ÷ GeodesicCircle |",
        "|---|---:|---:|---:|",
    ]
    for r in results:
        m = r["median"]
        lines.append(f"| {r['name']} | {us(m['reachDrawn'])} | {us(m['geodesicCircleDrawn'])} "
                     f"| {r['pairRatio']['reachDrawn']:.2f}× |")
    lines += [
        "",
        "- The floor is `Geodesic.Direct` with the outputs reach.js asks for (latitude and longitude); with "
        "Direct's default outputs the same calls take "
        + ", ".join(f"{us(r['median']['directStandard'])}" for r in results) + " (same order as the table).",
        "- Ratios are medians of per-sample ratios (each sample times every function once, interleaved); "
        f"times are medians of {samples} samples.",
        "- The floor is a lower bound for any exact ring with that many vertices. Rings reaching beyond 75° "
        "latitude (the polar and Anadyr rows) also check their polar edges, as the Python reference does: a "
        "spherical estimate screens each edge and only those it doubts get an exact `Inverse` check.",
        "- `L.GeodesicCircle` is Leaflet.Geodesic's circle (its own geodesic code, not GeographicLib), an "
        "`L.Polyline` drawn filled. For the ring around the pole it returns two open pieces of outline that go no "
        "higher than 83.1°N and no edge along the pole, so its fill leaves the pole out; on that row and the one "
        "beyond a hemisphere it is timed, not a correct alternative.",
        "",
        f"Measured in headless Chromium {chromium} on {machine()}, geographiclib-geodesic {gl}, leaflet.geodesic "
        f"{leaflet_geodesic_version()}, by `python -m benchmarks.web_speed`.",
        "",
    ]
    return "\n".join(lines)


def leaflet_geodesic_version() -> str:
    head = (BENCH_VENDOR / "leaflet.geodesic.umd.min.js").read_text(encoding="utf-8")[:200]
    return head.split("leaflet.geodesic ", 1)[1].split(" ", 1)[0] if "leaflet.geodesic " in head else "?"


def machine() -> str:
    import os

    from benchmarks.common import machine as described

    return f"{described()} (load average {os.getloadavg()[0]:.1f} at the end of the run)"


def main() -> None:
    samples = 31
    results, chromium = run(samples)
    text = report(results, chromium, samples)
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
