"""Many rings on one page: size and draw time in Chromium for 8 systems × 200 sites.

    python -m benchmarks.many_rings      # writes docs/many-rings.md

Compares the page ``reach_map`` draws by default above ``OUTLINED_RINGS_MAX`` rings (each system's reach
and the sites) with every ring outlined (``outlines=True``), both self-contained. Draw time is from
navigation start to the second animation frame after the load event (scripts done, SVG painted), the
median of several loads with the network blocked.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import rangemap as rm
from benchmarks.common import DOCS, machine
from devtools.browser import launch, offline_route
from rangemap.errors import ManyRingsWarning

SYSTEMS = list(rm.systems()["id"])
N_SITES = 200
LOADS = 5
DRAWN_MS_JS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
    () => done(performance.now()))))"""


def sites(n: int = N_SITES, seed: int = 1) -> pd.DataFrame:
    """``n`` launch points spread over the Russian-Ukrainian border regions (fixed seed)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"name": [f"Site {i}" for i in range(n)], "lat": rng.uniform(45.0, 56.0, n).round(4),
                         "lon": rng.uniform(32.0, 48.0, n).round(4)})


def draw_ms(browser, path: Path) -> float:
    times = []
    for _ in range(LOADS):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", offline_route)
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
        times.append(page.evaluate(DRAWN_MS_JS))
        page.close()
    return statistics.median(times)


def main() -> None:
    from playwright.sync_api import sync_playwright

    table = sites()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        for label, outlines in (("default (reach and sites)", None), ("every ring outlined", True)):
            started = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                m = rm.reach_map(SYSTEMS, table, outlines=outlines)
            path = Path(tmp) / "page.html"
            path.write_text(m.get_root().render(), encoding="utf-8")
            build_s = time.perf_counter() - started
            warned = any(issubclass(w.category, ManyRingsWarning) for w in caught)
            rows.append((label, path.stat().st_size / 1e6, draw_ms(browser, path) / 1000.0, build_s, warned))
        browser.close()
    lines = [f"# {len(SYSTEMS)} systems × {N_SITES} sites on one page ({len(SYSTEMS) * N_SITES} reach rings)", "",
             "| page | size (MB) | drawn in Chromium (s) | built in Python (s) | ManyRingsWarning |",
             "|---|---:|---:|---:|---|"]
    lines += [f"| {label} | {size:.1f} | {draw:.2f} | {build:.1f} | {'yes' if warned else 'no'} |"
              for label, size, draw, build, warned in rows]
    lines += ["", f"Drawn: median of {LOADS} loads, navigation start to the second animation frame after the "
              "load event, headless Chromium, network blocked. Measured on "
              f"{machine()} by `benchmarks/many_rings.py`.", ""]
    (DOCS / "many-rings.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
