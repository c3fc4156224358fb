"""Headless Chromium through Playwright for tests, benchmarks and scripts: one launcher, pages opened
with every network request blocked and recorded, screenshots. Never downloads a browser."""

from __future__ import annotations

import os
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# What a page drew: layers by kind, found by walking the Leaflet map object.
DRAWN_JS = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const out = {reach: 0, envelope: 0, border: 0, sites: 0, cities: 0, siteNames: []};
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.rangemap && l instanceof L.Path) out[p.rangemap] += 1;
    if (l instanceof L.CircleMarker && !(l.feature)) {
      if (l.options.className === 'rangemap-city') out.cities += 1;
      else if (l.getTooltip() && l.getTooltip().options.permanent) {
        out.sites += 1; out.siteNames.push(l.getTooltip().getElement().textContent.trim());
      }
    }
  });
  out.kyivInView = map.getBounds().contains([50.4547, 30.5238]);
  out.zoom = map.getZoom();
  out.svgPaths = document.querySelectorAll('.leaflet-overlay-pane svg path').length;
  out.legendRows = document.querySelectorAll('.rangemap-legend tr').length;
  out.leaflet = L.version;
  return out;
}"""


def launch(playwright):
    """The system Chromium, headless, with the background networking this machine refuses turned off."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def offline_route(route, blocked=None):
    """Let file: URLs through, abort (and record in ``blocked``) everything else."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        if blocked is not None:
            blocked.append(route.request.url)
        route.abort()


def screenshot(html, png, width: int = 1400, height: int = 900, wait_ms: int = 800) -> None:
    """A PNG of an HTML file as an offline reader sees it."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", offline_route)
        page.goto(Path(html).resolve().as_uri())
        page.wait_for_timeout(wait_ms)
        page.screenshot(path=str(png))
        browser.close()


def require_browser():
    """Skip (or fail when RANGEMAP_REQUIRE_BROWSER=1) if Chromium or Playwright is missing."""
    problem = None
    if not os.path.exists(CHROMIUM):
        problem = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed (pip install -e '.[test]')"
    if problem:
        import pytest

        if os.environ.get("RANGEMAP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser required (RANGEMAP_REQUIRE_BROWSER=1): {problem}")
        pytest.skip(problem)


class Page:
    """One page opened from a file with the network blocked; records errors, dialogs and requests."""

    def __init__(self, browser, path, viewport=(1280, 800)):
        self.errors, self.dialogs, self.blocked = [], [], []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", lambda route: offline_route(route, self.blocked))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => typeof L !== 'undefined' && "
                                    "Object.values(window).some(v => v instanceof L.Map)", timeout=15000)
        self.page.wait_for_function("() => !window.rangemapTasks || !rangemapTasks.busy()", timeout=15000)
        self.page.wait_for_timeout(300)

    def drawn(self) -> dict:
        return self.page.evaluate(DRAWN_JS)


def script_page(browser, *scripts):
    """A blank page with the network blocked and the given script files run in it, in order,
    as classic scripts. Returns the Playwright page; uncaught page errors fail the load."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.abort())
    page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
    for path in scripts:
        page.add_script_tag(content=path.read_text(encoding="utf-8"))
    assert not errors, errors
    return page
