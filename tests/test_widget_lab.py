"""Done-when of issue 22: the widget in a real JupyterLab 4 and Notebook 7 (from PyPI, the test extra), driven
in Chromium.

JupyterLab is bound to 127.0.0.1 on a free port with a token and a temporary root, no browser; it is stopped in
the fixture's teardown. A cell makes the widget; the test drags the site in the page, then runs cells that print
what the kernel holds (``w.sites``, and how far ``w.reach()`` is from ``rm.reach_polygon`` at the new position);
then a cell sets ``w.sites`` and the page must redraw there."""
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: The front ends tested: the server command and the notebook's address on it (Notebook 7 is built on
#: JupyterLab's components, so the same cell and output classes hold).
FRONT_ENDS = {"jupyterlab": ("lab", "/lab/tree/w.ipynb"), "notebook7": ("notebook", "/notebooks/w.ipynb")}


@pytest.fixture(scope="module", params=sorted(FRONT_ENDS))
def lab(request, tmp_path_factory):
    command, path = FRONT_ENDS[request.param]
    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('import json, rangemap as rm\nw = rm.explore(["hwasong-11"], ["Pyongyang"])\nw')]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "w.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", command, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                             "--ServerApp.port_retries=0", "--allow-root"],
                            stdout=subprocess.DEVNULL, stderr=(root / "lab.log").open("w"), cwd=root)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"jupyter {command} exited ({proc.returncode}): {(root / 'lab.log').read_text()[-500:]}")
                time.sleep(0.1)
        else:
            pytest.fail(f"jupyter {command} did not answer within 30 s")
        yield base + path, token
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _run(page, code: str) -> str:
    """Append a cell with ``code`` at the end, run it, return its printed text."""
    before = page.locator(".jp-OutputArea-output").count()
    page.locator(".jp-Notebook").last.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+End")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.jp-OutputArea-output').length > {before}",
                           timeout=20000)
    return page.locator(".jp-OutputArea-output").last.inner_text()


def test_widget_in_jupyter(browser, lab):
    address, token = lab
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{address}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=30000)
    page.wait_for_timeout(1500)
    if page.locator("dialog.jp-Dialog").count():  # a kernel choice or notice: take its default
        page.locator("dialog.jp-Dialog .jp-mod-accept").first.click()
    page.locator(".jp-Cell .cm-content").first.click()
    page.keyboard.press("Shift+Enter")
    iframe = page.wait_for_selector("iframe.rangemap-widget-frame", timeout=30000)
    inner = iframe.content_frame()
    inner.wait_for_function("() => window.rangemap && rangemap.app && rangemap.app.drawnAtStart", timeout=20000)
    page.wait_for_timeout(500)
    marker = inner.locator("path.rangemap-site").first
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x + 8 * k, y + 5 * k)
        page.wait_for_timeout(20)
    page.mouse.up()
    page_sites = inner.evaluate("() => window.rangemap.sites()")
    assert (page_sites[0]["lat"], page_sites[0]["lon"]) != (39.0339, 125.754)
    out = _run(page, "s = w.sites[0]\nprint(json.dumps([s['lat'], s['lon']]))")
    lat, lon = json.loads(out.strip().splitlines()[-1])
    assert (lat, lon) == pytest.approx((page_sites[0]["lat"], page_sites[0]["lon"]), abs=1e-6)
    assert lat < 39.0339 and lon > 125.754
    out = _run(page, "g = w.reach().geometry.iloc[0]\n"
                     "p = rm.reach_polygon(s['lat'], s['lon'], rm.system('hwasong-11')['range_km'] * 1000)\n"
                     "print(g.symmetric_difference(p).area / p.area)")
    assert float(out.strip().splitlines()[-1]) < 1e-3

    if inner.evaluate("() => document.querySelector('.rangemap-app').classList.contains('collapsed')"):
        inner.locator(".rangemap-app .head button").click()  # a cell's panel starts folded: unfold it
    inner.locator("button.measure").click()  # pin a point in the page: Python measures it
    spot = inner.evaluate("""() => {  // a point of bare map, clear of the panel and the controls
        const box = document.querySelector('.leaflet-container').getBoundingClientRect();
        for (const [fx, fy] of [[0.3, 0.5], [0.5, 0.5], [0.3, 0.7], [0.6, 0.7], [0.2, 0.3]]) {
          const x = box.left + fx * box.width, y = box.top + fy * box.height, e = document.elementFromPoint(x, y);
          if (e && !e.closest('.leaflet-control')) return {x: x - box.left, y: y - box.top};
        }
        return null; }""")
    assert spot is not None
    inner.locator(".leaflet-container").click(position=spot)
    pinned = inner.wait_for_function("() => window.rangemap.pinned()", timeout=5000).json_value()
    seen = inner.evaluate("p => window.rangemap.measure(p.lat, p.lon, p.site)", pinned)
    out = _run(page, "print(json.dumps(w.measure))")
    measure = json.loads(out.strip().splitlines()[-1])
    assert (measure["lat"], measure["lon"]) == pytest.approx((pinned["lat"], pinned["lon"]), abs=1e-9)
    # from the site as Python holds it: the link keeps coordinates to 1e-6° (within 0.11 m of the page's)
    assert measure["distance_m"] == pytest.approx(seen["distance_m"], abs=0.2)
    assert [r["verdict"] for r in measure["systems"]] == [r["verdict"] for r in seen["systems"]]
    _run(page, "w.measure = {'lat': 35.18, 'lon': 129.08}\nprint('pinned')")  # Busan, from Python
    inner.wait_for_function("() => { const p = window.rangemap.pinned(); return p && p.lat === 35.18; }",
                            timeout=10000)
    assert "Pinned" in inner.evaluate("() => document.querySelector('.rangemap-app').textContent")
    _run(page, "w.sites = [{'id': 'k', 'name': 'Kursk', 'lat': 51.73, 'lon': 36.19, 'systems': ['hwasong-11']}]\n"
               "print('set')")
    inner.wait_for_function("() => window.rangemap.sites().some(s => s.name === 'Kursk' && s.lat === 51.73)",
                            timeout=10000)
    _run(page, "w.height = '640px'\nprint('taller')")  # the frame follows; the page inside refits to it
    page.wait_for_function("() => document.querySelector('iframe.rangemap-widget-frame').offsetHeight === 640",
                           timeout=10000)
    inner.wait_for_function("() => window.rangemap.app.map.getSize().y === 640", timeout=10000)
    page.close()
