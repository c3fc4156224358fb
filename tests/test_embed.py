"""The page inside another page (issue 20, item 5), in Chromium: a host article with the map in an iframe
(100% × 500 px). The wheel scrolls the article unless Ctrl/⌘ is held or the map was clicked; one finger
does not pan the map, two do; each with a hint; a small frame starts folded and a resize refits the view;
the page posts its preferred height (the README's host snippet sizes the frame with it). Dark mode follows
prefers-color-scheme; prefers-reduced-motion turns animations off."""

import re
from pathlib import Path

import pytest

import rangemap as rm
from devtools.browser import offline_route

MAP_JS = "Object.values(window).find(v => v instanceof L.Map)"
# the app started and every startup task (web/tasks.js: city dots, label placement) done
APP_READY = "() => window.rangemap && rangemap.app && !rangemapTasks.busy()"
README = Path(__file__).resolve().parent.parent / "README.md"
FILLER = "<p style='height:700px;margin:0'>The article before the map.</p>"
AFTER = "<p style='height:2000px;margin:0'>The article after the map.</p>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("embed")
    rm.seed_map().save(str(out / "map.html"))
    host = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Host</title></head>"
            "<body style='margin:0'><script>window.msgs = []; addEventListener('message', e => {"
            " if (e.source === document.getElementById('f').contentWindow) msgs.push(e.data); });</script>"
            f"{FILLER}<iframe id='f' src='map.html' style='width:100%;height:500px;border:0;display:block'></iframe>"
            f"{AFTER}</body></html>")
    (out / "host.html").write_text(host, encoding="utf-8")
    return out


def open_host(browser, site, name="host.html", *, touch=False, size=(1280, 800), **context):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=touch, **context)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", offline_route)
    page.goto((site / name).as_uri())
    frame = page.frame_locator("#f")
    frame.locator(".rangemap-app").wait_for(state="attached", timeout=15000)
    page.wait_for_timeout(400)
    page.evaluate("() => window.scrollTo(0, 500)")  # the frame in view, the article above and below
    page.wait_for_timeout(100)
    page.errors = errors
    return page, next(f for f in page.frames if f.url.split("#")[0].endswith("/map.html"))


def map_centre(page):
    box = page.locator("#f").bounding_box()
    return box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.6


def view(frame):
    return frame.evaluate(f"() => {{ const m = {MAP_JS}, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }}")


def scroll_y(page) -> float:
    """The article's scroll position once a smooth scroll has ended."""
    last = None
    for _ in range(40):
        now = page.evaluate("() => scrollY")
        if now == last:
            return now
        last = now
        page.wait_for_timeout(100)
    return last


def hint(frame):
    return frame.evaluate("() => { const h = document.querySelector('.rangemap-hint'); "
                          "return h && h.classList.contains('shown') ? h.textContent : null; }")


def test_wheel_scrolls_the_article_unless_ctrl_or_clicked(browser, site):
    page, frame = open_host(browser, site)
    x, y = map_centre(page)
    page.mouse.move(x, y)
    before, top = view(frame), scroll_y(page)
    page.mouse.wheel(0, 240)
    page.wait_for_timeout(400)
    assert hint(frame) == "Use ctrl + scroll to zoom the map"
    assert view(frame) == before  # the map did not zoom ...
    assert scroll_y(page) > top  # ... the article scrolled
    top = scroll_y(page)
    x, y = map_centre(page)
    page.mouse.move(x, y)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -240)
    page.keyboard.up("Control")
    page.wait_for_timeout(600)
    assert view(frame)[2] > before[2]  # Ctrl + wheel zooms in
    assert scroll_y(page) == top
    zoomed = view(frame)
    page.mouse.click(x, y)  # a click into the map: the wheel is the map's now
    top = scroll_y(page)  # (focusing the map may scroll the frame wholly into view)
    page.mouse.wheel(0, 240)
    page.wait_for_timeout(600)
    assert view(frame)[2] < zoomed[2] and scroll_y(page) == top
    box = page.locator("#f").bounding_box()
    page.mouse.move(x, box["y"] + box["height"] + 60)  # out of the frame and back: the article's again
    page.mouse.move(x, y)
    zoomed = view(frame)
    page.mouse.wheel(0, 240)
    page.wait_for_timeout(400)
    assert view(frame) == zoomed and scroll_y(page) > top
    assert page.errors == []
    page.context.close()


def test_wheel_zooms_a_page_of_its_own(browser, site):
    ctx = browser.new_context(viewport={"width": 1000, "height": 700})
    page = ctx.new_page()
    page.route("**/*", offline_route)
    page.goto((site / "map.html").as_uri())
    page.wait_for_function(APP_READY, timeout=15000)
    page.wait_for_timeout(300)
    before = view(page.main_frame)
    page.mouse.move(450, 450)
    page.mouse.wheel(0, -240)
    page.wait_for_timeout(600)
    assert view(page.main_frame)[2] > before[2]
    assert page.evaluate("() => document.querySelector('.rangemap-embedded')") is None
    ctx.close()


def touch(client, points_start, points_end, steps=8):
    """A gesture of one or more fingers, each from its start to its end point (page px)."""
    def pts(t):
        return [{"x": a[0] + (b[0] - a[0]) * t, "y": a[1] + (b[1] - a[1]) * t, "id": i}
                for i, (a, b) in enumerate(zip(points_start, points_end))]
    client.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": pts(0)})
    for i in range(1, steps + 1):
        client.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": pts(i / steps)})
    client.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_one_finger_does_not_pan_two_do(browser, site):
    page, frame = open_host(browser, site, touch=True)
    client = page.context.new_cdp_session(page)
    x, y = map_centre(page)
    before = view(frame)
    touch(client, [(x, y)], [(x + 160, y + 40)])
    page.wait_for_timeout(300)
    assert view(frame) == before  # one finger: the map stays
    assert hint(frame) == "Use two fingers to move the map"
    touch(client, [(x - 40, y), (x + 40, y)], [(x + 120, y + 40), (x + 200, y + 40)])
    page.wait_for_timeout(600)
    after = view(frame)
    assert after[2] == pytest.approx(before[2]) and after[1] < before[1] - 1  # two fingers: panned west
    assert page.errors == []
    page.context.close()


def frame_state(frame):
    return frame.evaluate("""() => ({panel: document.querySelector('.rangemap-app').classList.contains('collapsed'),
        legend: document.querySelector('.rangemap-legend').classList.contains('collapsed'),
        zoom: Object.values(window).find(v => v instanceof L.Map).getZoom()})""")


def test_small_frame_starts_folded_and_refits_on_resize(browser, site):
    page, frame = open_host(browser, site)
    first = frame_state(frame)
    assert first["panel"] and first["legend"]  # 500 px high: folded, the reach clear
    page.evaluate("() => { const f = document.getElementById('f'); f.style.width = '1200px'; f.style.height = '900px'; }")
    page.wait_for_timeout(700)
    big = frame_state(frame)
    assert not big["panel"] and not big["legend"] and big["zoom"] > first["zoom"]  # unfolded, refitted closer
    page.evaluate("() => { document.getElementById('f').style.width = '380px'; }")
    page.wait_for_timeout(700)
    narrow = frame_state(frame)
    assert narrow["panel"] and narrow["legend"] and narrow["zoom"] < big["zoom"]
    fit = frame.evaluate(f"() => {{ const m = {MAP_JS}; "
                         "return m.getBounds().pad(0.01).contains(L.latLngBounds(m.rangemapState.view.fit)); }")
    assert fit  # what the map frames is in view at the new size
    frame.evaluate(f"() => {MAP_JS}.setView([55, 20], 6)")  # someone moved the view: a resize keeps it
    page.evaluate("() => { document.getElementById('f').style.width = '900px'; }")
    page.wait_for_timeout(700)
    assert frame_state(frame)["zoom"] == 6
    frame.click(".rangemap-legend-toggle")  # folded by hand: the size no longer decides
    page.evaluate("() => { const f = document.getElementById('f'); f.style.width = '1200px'; }")
    page.wait_for_timeout(700)
    assert frame_state(frame)["legend"]  # it stays folded though the frame is big
    page.context.close()


def readme_host() -> str:
    """The README's host snippet (section "Embedding"), the frame pointing at map.html."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Embedding"):]
    snippet = re.search(r"```html\n(.*?)```", section, re.S).group(1)
    return re.sub(r'src="[^"]*"', 'src="map.html"', snippet, count=1)


def test_height_message_sizes_the_frame(browser, site):
    page, frame = open_host(browser, site)
    messages = page.evaluate("() => msgs")
    preferred = frame.evaluate(f"() => rangemapPage.preferredHeight({MAP_JS}, {MAP_JS}.rangemapState)")
    assert messages and messages[-1] == {"type": "rangemap:height", "height": preferred}
    assert 300 <= preferred <= 900
    page.evaluate("() => { document.getElementById('f').style.width = '380px'; }")
    page.wait_for_timeout(700)
    narrow = page.evaluate("() => msgs")[-1]["height"]
    assert 300 <= narrow < preferred  # a narrower frame prefers less height
    page.context.close()
    # the README's snippet, as a newsroom would paste it, sizes its frame from the message
    (site / "readme-host.html").write_text("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                                           f"<title>Host</title></head><body>{FILLER}{readme_host()}{AFTER}"
                                           "</body></html>", encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1000, "height": 800})
    page = ctx.new_page()
    page.route("**/*", offline_route)
    page.goto((site / "readme-host.html").as_uri())
    page.frame_locator("iframe").locator(".rangemap-app").wait_for(state="attached", timeout=15000)
    page.wait_for_timeout(600)
    frame = next(f for f in page.frames if f.url.split("#")[0].endswith("/map.html"))
    wanted = frame.evaluate(f"() => rangemapPage.preferredHeight({MAP_JS}, {MAP_JS}.rangemapState)")
    assert page.locator("iframe").bounding_box()["height"] == pytest.approx(wanted, abs=1)
    ctx.close()


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS_JS = """() => { const c = (s, p) => { const e = document.querySelector(s); return e && getComputedStyle(e)[p]; };
  document.querySelector('.rangemap-app').classList.remove('collapsed');
  document.querySelector('.rangemap-legend').classList.remove('collapsed');
  return {sea: c('.leaflet-container', 'backgroundColor'), borders: c('.leaflet-rangemapBorders-pane', 'filter'),
    panel: c('.rangemap-app', 'backgroundColor'), panelText: c('.rangemap-app', 'color'),
    muted: c('.rangemap-app .muted', 'color'), title: c('.rangemap-title', 'backgroundColor'),
    titleText: c('.rangemap-title', 'color'), legend: c('.rangemap-legend', 'backgroundColor'),
    legendText: c('.rangemap-legend', 'color'), note: c('.rangemap-legend .attribution', 'color'),
    zoom: c('.leaflet-control-zoom a', 'backgroundColor'), zoomText: c('.leaflet-control-zoom a', 'color'),
    layers: c('.leaflet-control-layers', 'backgroundColor'), input: c('.rangemap-app input.place', 'backgroundColor'),
    city: c('path.rangemap-city', 'fill'), describe: c('.rangemap-describe', 'backgroundColor'),
    describeText: c('.rangemap-describe-toggle', 'color')}; }"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_colour_scheme_is_followed(browser, site, scheme):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, color_scheme=scheme)
    page = ctx.new_page()
    page.route("**/*", offline_route)
    page.goto((site / "map.html").as_uri())
    page.wait_for_function(APP_READY, timeout=15000)
    c = page.evaluate(COLOURS_JS)
    dark = scheme == "dark"
    for box in ("sea", "panel", "title", "legend", "zoom", "layers", "input", "describe"):
        assert (luminance(c[box]) < 0.05) == dark, (box, c[box])
    for text, box in (("panelText", "panel"), ("muted", "panel"), ("titleText", "title"), ("legendText", "legend"),
                      ("note", "legend"), ("zoomText", "zoom"), ("describeText", "describe")):
        assert contrast(c[text], c[box]) >= 4.5, (text, c[text], c[box])
    assert ("invert" in c["borders"]) == dark  # the land drawn dark, its colours' hues kept
    assert (luminance(c["city"]) > 0.4) == dark  # city dots light on dark land
    ctx.close()


def test_reduced_motion_turns_animation_off(browser, site):
    def opened(motion):
        ctx = browser.new_context(viewport={"width": 1000, "height": 700}, reduced_motion=motion)
        page = ctx.new_page()
        page.route("**/*", offline_route)
        page.goto((site / "map.html").as_uri())
        page.wait_for_function(APP_READY, timeout=15000)
        page.wait_for_timeout(200)
        out = page.evaluate(f"""() => {{ const m = {MAP_JS}, z = m.getZoom(), c = m.getCenter();
            const o = {{zoomAnimation: m.options.zoomAnimation, fadeAnimation: m.options.fadeAnimation,
                        inertia: m.options.inertia,
                        fadeClass: m.getContainer().classList.contains('leaflet-fade-anim')}};
            m.zoomIn(); o.zoomedAtOnce = m.getZoom() === z + 1;
            // the whole 200 px at once (an animated pan may have taken its first pixel by the next line)
            const to = m.containerPointToLatLng(m.getSize().divideBy(2).add([200, 0])).lng;
            m.panBy([200, 0]); o.pannedAtOnce = Math.abs(m.getCenter().lng - to) < 1e-6;
            const b = document.querySelector('.rangemap-app button');
            o.transition = getComputedStyle(b).transitionDuration;
            const probe = document.createElement('div'); probe.className = 'rangemap-hint';
            document.body.appendChild(probe); o.hintTransition = getComputedStyle(probe).transitionDuration;
            return o; }}""")
        ctx.close()
        return out

    reduced, normal = opened("reduce"), opened("no-preference")
    assert reduced == {"zoomAnimation": False, "fadeAnimation": False, "inertia": False, "fadeClass": False,
                       "zoomedAtOnce": True, "pannedAtOnce": True, "transition": "0s", "hintTransition": "0s"}
    assert normal["zoomAnimation"] and not normal["zoomedAtOnce"] and not normal["pannedAtOnce"]
    assert normal["hintTransition"] != "0s"  # the rule has teeth: without the preference, things move
