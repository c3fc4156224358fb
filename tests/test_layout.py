"""The page's layout in Chromium (issue 20, item 4): on phones (390×844, 360×640) the reach shows as loaded,
the title takes at most two lines, every control is at least 24 px, the layer control opens on top and
launch markers are big enough to touch; on a desktop (1280×860) every panel section is in view without
scrolling the panel; in a notebook cell (900×500) every section can be scrolled to and is not covered."""

from pathlib import Path

import pytest

import rangemap as rm
from devtools.browser import offline_route

PHONES = [(390, 844), (360, 640)]
TARGET_PX = 24  # WCAG 2.2 target size (minimum)
LONG_TITLE = ("Every North Korean missile and rocket system reported in Russia since 2023, and how far each of "
              "them reaches from four Russian border regions")

# Boxes of every visible control a finger or pointer can use (panel, legend, layer control, zoom, links).
CONTROLS_JS = """() => [...document.querySelectorAll(
    'button, input, select, summary, a[href], .leaflet-control-layers-toggle, .leaflet-control-zoom a')]
  .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect();
    return {what: e.tagName + '.' + e.className + (e.type ? '[' + e.type + ']' : '') + ' ' +
                  (e.textContent || e.placeholder || '').trim().slice(0, 30), w: r.width, h: r.height}; })"""

# The share of the reach's screen box (all envelope paths) that a control covers, sampled on a grid.
COVERED_JS = """() => {
  const boxes = [...document.querySelectorAll('.leaflet-rangemapRings-pane path')]  // the app's envelopes (filled)
      .filter(p => p.getAttribute('fill') !== 'none').map(p => p.getBoundingClientRect()).filter(r => r.width > 0);
  const r = boxes.reduce((a, b) => ({left: Math.min(a.left, b.left), top: Math.min(a.top, b.top),
      right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom)}));
  const vw = innerWidth, vh = innerHeight;
  const box = {left: Math.max(0, r.left), top: Math.max(0, r.top),
               right: Math.min(vw, r.right), bottom: Math.min(vh, r.bottom)};
  let n = 0, covered = 0;
  for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) {
    const x = box.left + (i + .5) * (box.right - box.left) / 20, y = box.top + (j + .5) * (box.bottom - box.top) / 20;
    n += 1; const e = document.elementFromPoint(x, y);
    if (e && e.closest('.leaflet-control')) covered += 1;
  }
  const map = rangemap.app.map, fit = L.latLngBounds(map.rangemapState.view.fit);
  return {covered: covered / n, fitted: map.getBounds().pad(0.01).contains(fit),
          share: (box.right - box.left) * (box.bottom - box.top) / (vw * vh)};
}"""

# Whether the element's centre shows the element itself (nothing lies on top of it) and it is in the viewport.
SHOWN_JS = """(e) => { const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
          onTop: !!hit && (hit === e || e.contains(hit))}; }"""


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    paths = {"seed": out / "seed.html", "h15": out / "h15.html", "long": out / "long.html"}
    rm.seed_map().save(str(paths["seed"]))
    rm.reach_map(["hwasong-15"], ["pyongyang"], cities=True,
                 title="Hwasong-15 from Pyongyang: reach of a North Korean ICBM").save(str(paths["h15"]))
    rm.reach_map(["hwasong-11"], ["belgorod", "kursk"], title=LONG_TITLE).save(str(paths["long"]))
    return paths


def open_page(browser, path: Path, size, *, touch=False):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", offline_route)
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => window.rangemap && rangemap.app && rangemap.app.drawnAtStart", timeout=15000)
    page.wait_for_timeout(400)
    page.errors = errors
    return page


def small_controls(page) -> list[dict]:
    return [c for c in page.evaluate(CONTROLS_JS) if c["w"] < TARGET_PX - 0.01 or c["h"] < TARGET_PX - 0.01]


def title_lines(page) -> float:
    return page.evaluate("""() => { const t = document.querySelector('.rangemap-title'), s = getComputedStyle(t);
        return (t.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)) / parseFloat(s.lineHeight); }""")


@pytest.mark.parametrize("size", PHONES)
@pytest.mark.parametrize("name", ["seed", "h15"])
def test_phone_as_loaded(browser, maps, name, size):
    page = open_page(browser, maps[name], size, touch=True)
    assert page.evaluate("() => document.querySelector('.rangemap-app').classList.contains('collapsed')")
    assert page.evaluate("() => document.querySelector('.rangemap-legend').classList.contains('collapsed')")
    reach = page.evaluate(COVERED_JS)
    assert reach["covered"] <= 0.02, reach  # the title, folded panel and legend leave the reach clear
    assert reach["fitted"], reach  # what the map frames is on screen ...
    assert reach["share"] >= 0.2, reach  # ... and not a speck in it
    assert title_lines(page) <= 2.05
    assert page.evaluate("() => { const t = document.querySelector('.rangemap-title'); "
                         "return t.scrollHeight <= t.clientHeight + 1; }")  # this title fits whole in two lines
    sites = page.evaluate("() => [...document.querySelectorAll('path.rangemap-site')].map(p => { "
                          "const r = p.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sites and all(min(s) >= TARGET_PX - 0.5 for s in sites), sites  # a finger can take a launch point
    assert small_controls(page) == []
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("size", PHONES)
def test_phone_long_title_takes_two_lines(browser, maps, size):
    page = open_page(browser, maps["long"], size, touch=True)
    assert title_lines(page) <= 2.05
    assert page.evaluate("() => document.querySelector('.rangemap-title').textContent") == LONG_TITLE
    page.context.close()


@pytest.mark.parametrize("size", PHONES)
def test_phone_controls_open_are_big_enough_and_layer_control_is_on_top(browser, maps, size):
    page = open_page(browser, maps["seed"], size, touch=True)
    page.tap(".rangemap-app .head button")  # the panel open (a finger: no mouse on a phone)
    page.tap(".rangemap-legend-toggle")  # the legend open
    page.tap(".rangemap-legend summary")  # its notes and sources open
    page.wait_for_timeout(100)
    assert not page.evaluate("() => document.querySelector('.rangemap-app').classList.contains('collapsed')")
    assert small_controls(page) == []
    page.tap(".leaflet-control-layers-toggle")  # the layer control opens over the title and the panel
    page.wait_for_timeout(100)
    layers = page.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" in layers.get_attribute("class")
    assert layers.evaluate(SHOWN_JS)["onTop"]
    for label in page.locator(".leaflet-control-layers-list label").all():
        assert label.evaluate(SHOWN_JS)["onTop"] or not label.evaluate(SHOWN_JS)["inView"]
    assert small_controls(page) == []
    box = layers.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size[0]
    page.context.close()


@pytest.mark.parametrize("name", ["seed", "h15"])
def test_desktop_panel_shows_every_section(browser, maps, name):
    page = open_page(browser, maps[name], (1280, 860))
    panel = page.locator(".rangemap-app")
    assert "collapsed" not in panel.get_attribute("class")
    assert panel.evaluate("p => p.scrollHeight <= p.clientHeight + 1")  # no fold inside the panel
    if name == "seed":  # a regional reach stays in the clear (a global one runs under every control)
        assert page.evaluate(COVERED_JS)["covered"] <= 0.1
    assert page.evaluate("""() => [...document.querySelectorAll('path.rangemap-site')].every(p => {
        const r = p.getBoundingClientRect(), e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return e && !e.closest('.leaflet-control'); })""")  # no launch point under the panel or legend
    sections = page.locator(".rangemap-app h3").all()
    assert len(sections) >= 6  # launch point, add, custom range, measure, ..., in reach now, link
    for e in sections + [page.locator(".rangemap-app .link"), page.locator(".rangemap-app .measure")]:
        assert e.evaluate(SHOWN_JS) == {"inView": True, "onTop": True}, e.text_content()
    legend = page.locator(".rangemap-legend").bounding_box()
    box = panel.bounding_box()
    assert legend["x"] + legend["width"] <= box["x"] or legend["y"] >= box["y"] + box["height"]  # apart
    assert small_controls(page) == [c for c in small_controls(page) if "[checkbox]" in c["what"]]  # 24 px but ticks
    page.context.close()


def test_notebook_cell_reaches_every_section(browser, maps):
    page = open_page(browser, maps["seed"], (900, 500))
    assert page.evaluate("() => document.querySelector('.rangemap-app').classList.contains('collapsed')")
    page.click(".rangemap-app .head button")
    page.wait_for_timeout(100)
    box = page.locator(".rangemap-app").bounding_box()
    assert box["y"] + box["height"] <= 500  # the panel ends inside the cell: its last section can be scrolled to
    for e in page.locator(".rangemap-app h3").all() + [page.locator(".rangemap-app .link")]:
        e.evaluate("e => e.scrollIntoView({block: 'nearest'})")
        assert e.evaluate(SHOWN_JS) == {"inView": True, "onTop": True}, e.text_content()
    page.context.close()
