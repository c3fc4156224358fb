"""Frames per second while a launch point is dragged on the seed map in headless Chromium.

    python -m benchmarks.drag        # prints one line per tolerance; paste the figures into the README

The drag starts with Playwright's real mouse on the marker; then the page is fed pointer moves faster
than it can draw (a mousemove every 4 ms for 3 s, as a quick hand on a high-rate mouse), and it redraws
once per animation frame. Frames per second come from the page's own animation-frame timestamps over the
drag (``rangemap.dragStats()``), so they include layout and painting, not only the reach computation.
Software rendering (--disable-gpu), on a shared 2-core machine. Playwright's own mouse steps are also
timed, but they arrive only every few tens of milliseconds here, so they bound that figure, not the page.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import rangemap as rm
from devtools.browser import Page, launch

STEPS = 120
REPEATS = 3
FEED_MS = 3000

FEED_JS = """async ([x, y, ms]) => {
  const el = rangemap.app.map.getContainer(), t0 = performance.now();
  for (let i = 0; performance.now() - t0 < ms; i++) {
    const k = i % 400 < 200 ? i % 200 : 200 - i % 200;
    el.dispatchEvent(new PointerEvent("pointermove", {clientX: x - 1.5 * k, clientY: y + 0.6 * k, bubbles: true,
                                                   pointerId: 1, isPrimary: true}));
    await new Promise(r => setTimeout(r, 4));
  }
}"""


def drag_once(page, site_id: str, feed: bool) -> dict:
    """Drag a site out and back and return the page's statistics for that drag."""
    x, y = page.evaluate("""id => { const app = rangemap.app, s = app.site(id);
        const p = app.map.latLngToContainerPoint([s.lat, s.lon + s.shift]);
        const r = app.map.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", site_id)
    page.mouse.move(x, y)
    page.mouse.down()
    if feed:
        page.evaluate(FEED_JS, [x, y, FEED_MS])
    else:
        for i in range(1, STEPS + 1):
            k = i if i <= STEPS // 2 else STEPS - i
            page.mouse.move(x - 3 * k, y + 1.2 * k)
    page.mouse.up()
    page.wait_for_timeout(200)
    return page.evaluate("() => rangemap.dragStats()")[-1]


def main(argv=None) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "seed.html"
        rm.seed_map().save(str(html))
        with sync_playwright() as p:
            browser = launch(p)
            for feed, tolerance in ((True, 500.0), (True, 50.0), (False, 500.0)):
                page = Page(browser, html)
                page.page.evaluate("t => { rangemap.app.dragTol = t; }", tolerance)
                runs = [drag_once(page.page, "kursk", feed) for _ in range(REPEATS)]
                fps = statistics.median(r["fps"] for r in runs)
                ms = statistics.median(r["median_compute_ms"] for r in runs)
                how = "page fed a move every 4 ms" if feed else "Playwright mouse steps"
                print(f"drag Kursk on the seed map ({how}), tolerance {tolerance:g} m while dragging: {fps:.0f} "
                      f"frames/s, reach + envelope + cities {ms:.1f} ms a frame (median of {REPEATS} drags, "
                      f"{runs[0]['frames']} frames in the first)")
                page.page.close()
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
