"""Page elements of a reach map: raw (never templated) HTML, inlined assets, the page state script, page CSS.

folium/branca render every element's output through Jinja a second time, so text inside a template's
output is template source. rangemap therefore never hands user text to a folium element: the page's
text travels in one JSON state object (:func:`page_json`, which also neutralises ``{{``, ``{%`` and
``{#``) written by :class:`RawHTML`, whose output no template sees, and read by ``web/page.js``, which
shows it with ``textContent``. Imports branca, shapely, numpy.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import numpy as np
import shapely
from branca.element import Element

__all__ = ["PAGE_CSS", "WEB", "InlineAssets", "PageKeys", "PageState", "RawHTML", "geojson", "html_text", "page_json",
           "short_text", "without_source_map"]

WEB = Path(__file__).resolve().parent.parent / "web"

PAGE_CSS = """<style>
div.leaflet-container { background: #cfe3f0; }
.rangemap-title { background: rgba(255,255,255,.92); padding: 5px 9px; font: 600 14px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 46vw; }
.rangemap-legend { background: rgba(255,255,255,.94); padding: 5px 8px; font: 12px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 340px; max-height: 70vh; overflow: auto; }
.rangemap-legend.collapsed .rangemap-legend-body { display: none; }
.rangemap-legend-toggle { float: right; font: 11px sans-serif; border: 1px solid #bbb; background: #f7f7f7;
  border-radius: 3px; cursor: pointer; margin: 0 0 2px 6px; padding: 1px 5px; }
.rangemap-legend table { border-collapse: collapse; }
.rangemap-legend td { padding: 1px 3px; vertical-align: middle; }
.rangemap-legend .swatch { display: inline-block; width: 12px; height: 12px; border: 2px solid; }
.rangemap-legend .swatch.line { height: 0; width: 18px; border-width: 2px 0 0 0; background: none; }
.rangemap-legend .range { color: #333; }
.rangemap-legend details { margin-top: 3px; }
.rangemap-legend summary { cursor: pointer; color: #333; font-size: 11px; }
.rangemap-legend .note, .rangemap-legend .source { color: #444; font-size: 11px; margin-top: 2px; }
.rangemap-legend .attribution { color: #555; font-size: 10px; margin-top: 4px; border-top: 1px solid #ddd; }
.leaflet-tooltip.rangemap-site-label, .leaflet-tooltip.rangemap-target-label { font: 600 11px sans-serif;
  padding: 2px 5px; }
.leaflet-tooltip.rangemap-city-label, .leaflet-tooltip.rangemap-launch-label { font: 10px sans-serif; padding: 1px 4px;
  opacity: .85; }
@media (max-width: 500px) { .leaflet-tooltip.rangemap-city-label { font-size: 9px; padding: 0 3px; }
  .leaflet-tooltip.rangemap-site-label { font-size: 10px; padding: 1px 4px; } }
.rangemap-note { color: #555; }
.leaflet-control-layers-toggle { background: none !important; display: flex !important; align-items: center;
  justify-content: center; font: 22px/1 sans-serif; color: #333; text-decoration: none; }
.leaflet-control-layers-toggle::after { content: "\u2630"; }
.leaflet-control-layers-expanded .leaflet-control-layers-toggle { display: none !important; }
</style>"""


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;",
                       "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;", "#": "&#35;"})


def html_text(text) -> str:
    """Escape text for HTML, for JavaScript template literals, and against Jinja (``{``, ``}``, ``#``).

    >>> html_text("{{ 7*7 }} <b>")
    '&#123;&#123; 7*7 &#125;&#125; &lt;b&gt;'
    """
    return str(text).translate(_HTML)


_UNSAFE = re.compile(r"[<>&\u2028\u2029]|\{(?=[{%#])")


def page_json(value) -> str:
    """JSON that is safe inside a <script> element and inert as Jinja source.

    ``<``, ``>``, ``&``, the JS line separators and a ``{`` that opens a Jinja delimiter are written as
    ``\\uXXXX`` escapes (structural JSON never contains ``{{``, ``{%`` or ``{#``).

    >>> page_json({"t": "{{ 7*7 }}</script>"})
    '{"t":"\\\\u007b{ 7*7 }}\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()[0]):04x}", text)


def geojson(geom, digits: int = 5) -> dict:
    """GeoJSON geometry with coordinates rounded for display (1e-5° ≈ 1 m)."""
    geom = shapely.transform(geom, lambda xy: np.round(xy, digits))
    return json.loads(shapely.to_geojson(geom))


class RawHTML(Element):
    """HTML written as it is: no template ever sees it (branca would render an ``Element``'s text as Jinja)."""

    def __init__(self, content: str):
        super().__init__()
        self.content = content

    def render(self, **kwargs) -> str:
        return self.content


_SOURCE_MAP = re.compile(r"^[ \t]*//[#@] sourceMappingURL=\S*[ \t]*$", re.M)


def without_source_map(js: str) -> str:
    """A vendored script without its ``//# sourceMappingURL=`` line: inlined, the map it names is not there
    (the browser's developer tools would ask the page's folder for it, and get a 404)."""
    return _SOURCE_MAP.sub("", js)


def _inline_script(js: str) -> str:
    """A ``<script>`` of ``js``, which cannot close it early; a source-map comment (a file the page lacks) left out."""
    return "<script>" + _SOURCE_MAP.sub("", js).replace("</script", "<\\/script") + "</script>"


def compact_js(js: str, name: str = "script") -> str:
    """rangemap's own script as the page carries it: whole-line comments, blank lines and indentation left
    out, every line of code kept as it is written (about a fifth of the page's scripts, gzipped). Read line by
    line, which is exact for these scripts (plain ES5: no string spans a line); a line of code that opens a
    block comment it does not close, or ends in a backslash, would be misread, so it raises ValueError."""
    out, in_comment = [f"/* rangemap/web/{name}, its comments left out */"], False
    for number, line in enumerate(js.splitlines(), 1):
        text = line.strip()
        if in_comment:
            if "*/" not in text:
                continue
            in_comment, text = False, text.split("*/", 1)[1].strip()
        elif text.startswith("//"):
            continue
        elif text.startswith("/*"):
            if "*/" not in text[2:]:
                in_comment = True
                continue
            text = text[2:].split("*/", 1)[1].strip()
        if not text:
            continue
        if text.count("/*") > text.count("*/") or text.endswith("\\"):
            raise ValueError(f"{name}:{number}: a line of code that opens a comment or continues a string; "
                             "compact_js reads scripts line by line")
        out.append(text)
    return "\n".join(out) + "\n"


@functools.cache
def page_script(name: str) -> str:
    """The text of ``rangemap/web/<name>`` to inline: rangemap's own scripts compacted (:func:`compact_js`),
    vendored ones and styles as they are (each caller keeps it from closing its element)."""
    text = (WEB / name).read_text(encoding="utf-8")
    if name.endswith(".js") and not name.startswith("vendor/"):
        text = compact_js(text, name)
    return text


def inlined(name: str) -> str:
    """:func:`page_script` with every ``</`` escaped: no inlined script or style can close its own element."""
    return page_script(name).replace("</", "<\\/")


class InlineAssets(RawHTML):
    """Leaflet's CSS and JS from xstatic-leaflet and rangemap's page script, inlined into the page header."""

    def __init__(self):
        import xstatic.pkg.leaflet as leaflet

        base = Path(leaflet.BASE_DIR)
        css = re.sub(r"url\(images/[^)]*\)", "none", (base / "leaflet.css").read_text(encoding="utf-8"))
        super().__init__(f"<style>{css}</style>\n"
                         + _inline_script(without_source_map((base / "leaflet.js").read_text(encoding="utf-8"))))


class PageState(RawHTML):
    """rangemap's page script (after ``web/tasks.js``, which cuts its work into short tasks), its label
    placement (``web/labels.js``), the where-shown script and CSS (``embed.js``, ``embed.css``: phone, frame,
    dark, reduced motion) and the map's state as JSON text that is never evaluated (``<script
    type="application/json">``; every ``<`` in it escaped), read and decoded by ``web/unpack.js`` in short tasks:
    ``rangemapPage.whenReady(mapName, stateElementId)``."""

    def __init__(self, map_name: str, state_json: str):
        css = inlined("embed.css")
        scripts = "".join(_inline_script(page_script(name)) + "\n"
                          for name in ("unpack.js", "tasks.js", "page.js", "labels.js", "embed.js"))
        element = "rangemap-state-" + re.sub(r"[^A-Za-z0-9_]", "", map_name)
        super().__init__(f"<style>{css}</style>\n" + scripts + f'<script type="application/json" id="{element}">'
                         + state_json + "</script>\n<script>rangemapPage.whenReady(" + page_json(map_name) + ", "
                         + page_json(element) + ");</script>")


def short_text(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PageKeys(RawHTML):
    """The page by keyboard (``web/focus.js``, ``web/focus.css``): shapes out of the Tab order, the layer
    control and legend by keys, focus kept and visible. Any place in the header before the page draws."""

    def __init__(self):
        script = page_script("focus.js")
        css = inlined("focus.css")
        super().__init__(_inline_script(script) + f"<style>{css}</style>")
