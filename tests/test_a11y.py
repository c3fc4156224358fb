"""The page for every reader: axe-core (vendored, tests/vendor/axe-core) finds no violation of any impact on
four maps with their panels open and folded; the page says what it shows (a summary, the same with
JavaScript off); a hostile title stays text in the <title>, the headings and the labels."""

import json
import re
from pathlib import Path

import pytest

import rangemap as rm
from devtools.browser import Page
from rangemap.render import describe, quick

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
MAP_JS = "Object.values(window).find(v => v instanceof L.Map)"

MAPS = {
    "seed": lambda: quick.seed_map(),
    "hwasong-15": lambda: rm.reach_map(["hwasong-15"], ["pyongyang"], cities=True),
    "scenario": lambda: quick.scenario_map("russia-long-range"),  # launch areas: a static page
    "min-range": lambda: rm.reach_map(["iskander-m"], ["belgorod"], cities=True),
}

# Every panel shown: the app's panel, the legend with its notes, the layer list, the summary, a Measure reading.
OPEN_JS = """async () => {
  const map = MAP;
  document.querySelectorAll('.rangemap-app.collapsed .head button, .rangemap-legend.collapsed .rangemap-legend-toggle')
    .forEach(b => b.click());
  document.querySelectorAll('.rangemap-legend details').forEach(d => { d.open = true; });
  const d = document.querySelector('.rangemap-describe-toggle');
  if (d.getAttribute('aria-expanded') === 'false') d.click();
  map.rangemapControl.expand();
  const m = document.querySelector('.rangemap-app button.measure');
  if (m && window.rangemap.app) { m.click(); window.rangemap.app.showMeasure(map.getCenter()); }
}""".replace("MAP", MAP_JS)
FOLD_JS = """async () => {
  const map = MAP;
  document.querySelectorAll('.rangemap-app:not(.collapsed) .head button, '
                            + '.rangemap-legend:not(.collapsed) .rangemap-legend-toggle').forEach(b => b.click());
  const d = document.querySelector('.rangemap-describe-toggle');
  if (d.getAttribute('aria-expanded') === 'true') d.click();
  map.rangemapControl.collapse();
}""".replace("MAP", MAP_JS)
AXE_JS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' '))}))"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The four maps, saved once for the module: name -> (path, the Python summary)."""
    folder = tmp_path_factory.mktemp("a11y")
    out = {}
    for name, make in MAPS.items():
        m = make()
        path = folder / f"{name}.html"
        m.save(str(path))
        out[name] = (path, describe.summary(m.page_state()))
    return out


def violations(page) -> list[dict]:
    page.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.page.evaluate(AXE_JS)


@pytest.mark.parametrize("panels", ["open", "folded"])
@pytest.mark.parametrize("name", list(MAPS))
def test_axe_finds_no_violation(browser, pages, name, panels):
    page = Page(browser, pages[name][0], viewport=(1280, 860))
    page.page.evaluate(OPEN_JS if panels == "open" else FOLD_JS)
    page.page.wait_for_timeout(200)
    found = violations(page)
    assert found == [], "axe-core " + AXE.with_name("VERSION").read_text().strip() + ":\n" + "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)
    assert page.errors == []
    page.page.close()


def test_axe_on_a_phone(browser, pages):
    page = Page(browser, pages["seed"][0], viewport=(390, 844))
    assert violations(page) == []
    page.page.close()


def summary_text(page) -> list[str]:
    return page.page.evaluate(f"() => rangemapPage.summaryLines({MAP_JS})")


@pytest.mark.parametrize("name", list(MAPS))
def test_page_summary_is_the_python_summary(browser, pages, name):
    """The page words what it shows as Python does: for the interactive maps counted independently in the
    page (its cities table, geographiclib in JS) and in Python (pairs_in_reach, pyproj)."""
    path, expected = pages[name]
    page = Page(browser, path, viewport=(1280, 860))
    lines = summary_text(page)
    assert lines == describe.summary_lines(expected)
    shown = page.page.evaluate("() => [...document.querySelectorAll('.rangemap-summary li')].map(e => e.textContent)")
    assert shown == lines
    head = page.page.evaluate("() => [document.title, document.documentElement.lang, "
                              "document.querySelector('meta[name=description]').content, "
                              "document.querySelector('h1').textContent]")
    assert head[0] == (expected["title"] or expected["headline"] + " — rangemap") and head[1] == "en"
    assert head[2].startswith(expected["headline"]) and head[3] == (expected["title"] or expected["headline"])
    page.page.close()


def test_summary_says_systems_sources_sites_and_people(pages):
    seed = pages["seed"][1]
    lines = describe.summary_lines(seed)
    assert [s["name"].split(" (")[0] for s in seed["systems"]][:2] == ["Hwasong-11", "Pukguksong-2"]
    assert any(line.startswith("Hwasong-11 (KN-23 family): ") and "Source: " in line and "from Belgorod" in line
               for line in lines)
    assert any(line.startswith("Launch points: Belgorod (50.") for line in lines)
    reach = seed["reach"]
    assert reach["places"] > 1000 and reach["people"] > 1_000_000 and reach["coverage"].startswith("Counted: GeoNames")
    assert f"In reach: {reach['places']:,} places" in "\n".join(lines)
    iskander = pages["min-range"][1]["systems"][0]
    assert iskander["min"] == "50 km (31 mi)"
    assert any(line.startswith("9M723 Iskander-M: 500 km (311 mi), minimum 50 km (31 mi); from Belgorod.")
               for line in describe.summary_lines(pages["min-range"][1]))
    scenario = pages["scenario"][1]
    assert scenario["reach"] is None and scenario["drawn"][0]["count"] > 0  # a static page: the cities it drew
    assert any(s["min"] for s in scenario["systems"])  # Iskander-M's minimum, from the static rings


def test_summary_follows_a_moved_launch_point(browser, pages, tmp_path):
    """After a move the page's counts equal Python's for a map drawn from the new point."""
    page = Page(browser, pages["min-range"][0], viewport=(1280, 860))
    page.page.evaluate("() => { const s = rangemap.sites()[0]; rangemap.moveSite(s.id, 51.7373, 36.1873); }")
    page.page.wait_for_timeout(100)
    moved = describe.summary(rm.reach_map(["iskander-m"], [(51.7373, 36.1873)], cities=True).page_state())
    line = next(x for x in describe.summary_lines(moved) if x.startswith("In reach: "))
    assert line in summary_text(page)
    shown = page.page.evaluate("() => [...document.querySelectorAll('.rangemap-summary li')].map(e => e.textContent)")
    assert line in shown
    page.page.close()


def test_live_regions_and_names(browser, pages):
    page = Page(browser, pages["seed"][0], viewport=(1280, 860))
    got = page.page.evaluate("""() => ({
      people: document.querySelector('.rangemap-app .people').getAttribute('aria-live'),
      readout: document.querySelector('.rangemap-app .readout').getAttribute('aria-live'),
      main: [...document.querySelectorAll('[role=main], main')].map(e => e.getAttribute('aria-label')),
      layers: document.querySelector('.leaflet-control-layers-toggle').getAttribute('aria-label'),
      viewport: document.querySelector('meta[name=viewport]').content,
      bordersHidden: document.querySelector('.leaflet-pane.leaflet-rangemapBorders-pane').getAttribute('aria-hidden'),
      describe: document.querySelector('.rangemap-describe-toggle').textContent})""")
    assert got["people"] == "polite" and got["readout"] == "polite"
    assert got["main"] == ["Map: " + pages["seed"][1]["title"]]
    assert got["layers"].startswith("Layers") and got["bordersHidden"] == "true"
    assert "user-scalable" not in got["viewport"] and "maximum-scale" not in got["viewport"]
    assert got["describe"] == "Describe this map"
    page.page.close()


def test_without_javascript_the_page_reads_its_summary(browser, pages):
    path, expected = pages["seed"]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(path.resolve().as_uri())
    text = page.inner_text("body")
    assert page.title() == expected["title"]
    for line in describe.summary_lines(expected):
        assert line in text
    assert page.locator("main h1").inner_text() == expected["title"]
    context.close()


HOSTILE = "</title><script>window.__pwned=1</script>{{ 7*7 }} <img src=x onerror=alert(1)> \" ' & </noscript>"


def test_a_hostile_title_stays_text(browser, tmp_path):
    m = rm.reach_map(["hwasong-11"], [(50.6, 36.6)], title=HOSTILE)
    path = tmp_path / "hostile.html"
    m.save(str(path))
    html = path.read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;" in html and "49" not in re.findall(r"<title>[^<]*", html)[0]
    page = Page(browser, path)
    got = page.page.evaluate("""() => ({title: document.title,
      description: document.querySelector('meta[name=description]').content,
      h1: [...document.querySelectorAll('h1')].map(e => e.textContent),
      main: document.querySelector('[role=main]').getAttribute('aria-label'),
      pwned: window.__pwned === undefined ? null : window.__pwned,
      imgs: document.querySelectorAll('img[src=x]').length})""")
    assert got["title"] == HOSTILE and got["h1"] == [HOSTILE] and got["main"] == "Map: " + HOSTILE
    assert got["pwned"] is None and got["imgs"] == 0 and page.dialogs == [] and page.errors == []
    page.page.close()
    with_js_off = html.split("<noscript><main", 1)[1].split("</noscript>", 1)[0]
    assert "<script" not in with_js_off and "&lt;/noscript&gt;" in with_js_off


def test_a_hostile_site_name_in_the_summary(browser, tmp_path):
    name = "<b id=bold>x</b>{{ 7*7 }}"
    m = rm.reach_map(["hwasong-11"], [{"name": name, "lat": 50.6, "lon": 36.6}])
    path = tmp_path / "site.html"
    m.save(str(path))
    page = Page(browser, path)
    lines = summary_text(page)
    assert f"Launch points: {name} (50.6000°, 36.6000°)." in lines
    assert page.page.evaluate("() => document.getElementById('bold')") is None
    assert json.dumps(name) not in path.read_text(encoding="utf-8").split("<noscript><main", 1)[1].split("</noscript>")[0]
    page.page.close()


def test_page_asks_for_no_file_it_lacks(pages):
    """No source map (Leaflet's inlined comment) or favicon for the browser to fetch and miss."""
    html = pages["seed"][0].read_text(encoding="utf-8")
    assert "sourceMappingURL" not in html and '<link rel="icon" href="data:,">' in html
