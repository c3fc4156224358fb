"""The widget's front-end module in Chromium with a stand-in for anywidget's model (the JupyterLab run is
tests/test_widget_lab.py's job): a drag in the page reaches the model once, on drop; a link set on the model
redraws the page; the link Python then reads is checked as a pasted link."""
import json

import rangemap as rm
from rangemap.render.widget import _ESM

HOST = """<!doctype html><html><body><div id="cell" style="width:900px;height:500px"></div></body></html>"""

MODEL_JS = """async ([esm, html, link]) => {
  const values = {_html: html, link: link, height: "500px"}, handlers = {};
  window.saves = [];
  window.model = {
    get: (k) => values[k],
    set: (k, v) => { values[k] = v; },
    save_changes: () => { window.saves.push(values.link); },
    on: (ev, fn) => { (handlers[ev] = handlers[ev] || []).push(fn); },
    off: () => {},
    fromPython: (k, v) => { values[k] = v; (handlers["change:" + k] || []).forEach((f) => f()); },
  };
  const url = URL.createObjectURL(new Blob([esm], {type: "text/javascript"}));
  const mod = await import(url);
  mod.default.render({model: window.model, el: document.getElementById("cell")});
}"""


def test_widget_module_syncs_a_drag_and_a_python_change(browser):
    w = rm.explore(["hwasong-11"], ["Pyongyang"])
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.abort())
    page.set_content(HOST)
    page.evaluate(MODEL_JS, [_ESM, w._html, w.link])
    page.wait_for_function("() => window.saves.length >= 1", timeout=20000)
    first = len(page.evaluate("window.saves"))
    frame = page.frame_locator("iframe")
    marker = frame.locator("path.rangemap-site").first
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x + 8 * k, y + 5 * k)
        page.wait_for_timeout(20)
    page.mouse.up()
    page.wait_for_function(f"() => window.saves.length > {first}", timeout=5000)
    saves = page.evaluate("window.saves")
    assert len(saves) == first + 1, "one save per user action (the drop), none per drag frame"
    w.link = saves[-1]  # what the kernel receives
    lat, lon = w.sites[0]["lat"], w.sites[0]["lon"]
    assert (lat, lon) != (39.0339, 125.754) and lat < 39.0339 and lon > 125.754
    got = w.reach().geometry.iloc[0]
    want = rm.reach_polygon(lat, lon, rm.system("hwasong-11")["range_km"] * 1000)
    assert got.symmetric_difference(want).area < 1e-3 * want.area
    # Python sets the sites: the page redraws there
    w.sites = [{"id": "k", "name": "Kursk <b>x</b>", "lat": 51.73, "lon": 36.19, "systems": ["hwasong-11"]}]
    page.evaluate("(l) => window.model.fromPython('link', l)", w.link)
    inner = page.frames[1]
    inner.wait_for_function("() => window.rangemap.sites().some(s => s.name === 'Kursk <b>x</b>')", timeout=5000)
    sites = inner.evaluate("() => window.rangemap.sites()")
    assert [(s["lat"], s["lon"]) for s in sites] == [(51.73, 36.19)]
    assert inner.locator("b", has_text="x").count() == 0  # the name is text, never markup
    assert errors == [], json.dumps(errors)
