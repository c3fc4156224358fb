"""Screenshots of the interactive seed map, one per step: as loaded, a site mid-drag, dropped, measuring;
and of warning-time rings and aim at a target (issue 21).

    python -m scripts.interactive_screenshots [docs]     # writes docs/interactive-*.png, docs/page-*.png

Headless Chromium with the network blocked; the pointer is Playwright's mouse, as in the tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import rangemap as rm
from devtools.browser import Page, launch

WIDTH, HEIGHT = 1400, 900


def pixel(page, lat, lon):
    return page.evaluate("""([lat, lon]) => { const m = rangemap.app.map, p = m.latLngToContainerPoint([lat, lon]);
        const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""", [lat, lon])


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        html = Path(tmp) / "seed.html"
        rm.seed_map().save(str(html))
        browser = launch(p)
        page = Page(browser, html, viewport=(WIDTH, HEIGHT)).page
        page.evaluate("() => { rangemap.app.map.setView([51.6, 33.5], 6, {animate: false}); "
                      "rangemap.app.select('bryansk'); }")  # closer than the fitted view, so the drag shows
        page.screenshot(path=str(out / "interactive-1-loaded.png"))
        site = page.evaluate("() => rangemap.sites().find(s => s.id === 'bryansk')")
        x0, y0 = pixel(page, site["lat"], site["lon"])
        x1, y1 = pixel(page, 51.5, 31.3)  # towards Chernihiv, across the border
        page.mouse.move(x0, y0)
        page.mouse.down()
        steps = 25
        for i in range(1, steps + 1):
            page.mouse.move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
            if i == 15:
                page.wait_for_timeout(100)
                page.screenshot(path=str(out / "interactive-2-dragging.png"))
        page.mouse.up()
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "interactive-3-dropped.png"))
        page.click(".rangemap-app .measure")
        xl, yl = pixel(page, 51.6, 21.2)  # west of Ukraine, past the Hwasong-11's reach from there
        page.mouse.move(xl - 40, yl)
        page.mouse.move(xl, yl)
        page.wait_for_timeout(200)
        page.evaluate("""() => rangemap.app.map.eachLayer(l => { const t = l.getTooltip && l.getTooltip();
            if (t && !t.options.permanent) l.closeTooltip(); })""")  # a city's hover label, not the point here
        page.screenshot(path=str(out / "interactive-4-measure.png"))
        browser.close()
    print(f"wrote {out}/interactive-[1-4]-*.png")
    time_screenshots(out)


def time_screenshots(out: Path, size: tuple[int, int] = (1280, 860)) -> None:
    """Warning-time rings from Belgorod and Kursk (opened with times=), and aim at Kharkiv."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        html = Path(tmp) / "times.html"
        rm.reach_map(["hwasong-11", "iskander-m", "shahed-136"], ["belgorod", "kursk"], cities=True,
                     times=[1, 2, 5, 10]).save(str(html))
        browser = launch(p)
        page = Page(browser, html, viewport=size).page
        page.evaluate("() => { rangemap.app.map.setView([50.6, 35.6], 7, {animate: false}); "
                      "document.querySelector('.rangemap-app .times-toggle').scrollIntoView(); }")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "page-warning-time.png"))
        page.fill(".rangemap-app .aim-target", "Kharkiv")
        page.fill(".rangemap-app .aim-shots", "3")
        page.fill(".rangemap-app .aim-radius", "150 m")
        page.press(".rangemap-app .aim-radius", "Enter")
        page.evaluate("() => { const a = rangemap.app.lastAim; rangemap.app.map.setView([a.target.lat, a.target.lon], "
                      "16, {animate: false}); document.querySelector('.rangemap-app .aim-out').scrollIntoView(); }")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "page-aim.png"))
        browser.close()
    print(f"wrote {out}/page-warning-time.png, {out}/page-aim.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs")
