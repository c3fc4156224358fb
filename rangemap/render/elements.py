"""Page elements of a reach map: safe text, inlined Leaflet, controls, compact point layers, page CSS.

Each element is a small branca ``MacroElement`` with its own template; text reaches it pre-escaped by
:func:`html_text` or as JSON through :func:`json_for_script`. Imports folium/branca, shapely, numpy.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import folium
import numpy as np
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

__all__ = ["Control", "InlineAssets", "PAGE_CSS", "PointLayer", "geojson", "html_text", "json_for_script",
           "short_text"]

PAGE_CSS = """<style>
div.leaflet-container { background: #cfe3f0; }
.rangemap-title { background: rgba(255,255,255,.92); padding: 6px 10px; font: 600 15px/1.3 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 60vw; }
.rangemap-legend { background: rgba(255,255,255,.94); padding: 8px 10px; font: 12px/1.35 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 430px; }
.rangemap-legend table { border-collapse: collapse; }
.rangemap-legend td { padding: 2px 4px; vertical-align: top; }
.rangemap-legend .swatch { display: inline-block; width: 14px; height: 14px; border: 2px solid; }
.rangemap-legend .source { color: #555; font-size: 11px; }
.rangemap-legend .attribution { color: #555; font-size: 10px; margin-top: 4px; border-top: 1px solid #ddd; }
.rangemap-site-label { font: 600 11px sans-serif; }
</style>"""


def html_text(text) -> str:
    """Escape text for HTML and for JavaScript template literals (folium puts tooltips in backticks)."""
    return (html.escape(str(text), quote=True)
            .replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;"))


def json_for_script(value) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def geojson(geom, digits: int = 5) -> dict:
    """GeoJSON geometry with coordinates rounded for display (1e-5° ≈ 1 m)."""
    geom = shapely.transform(geom, lambda xy: np.round(xy, digits))
    return json.loads(shapely.to_geojson(geom))


class InlineAssets(Element):
    """Leaflet's CSS and JS from xstatic-leaflet, inlined into the page header."""

    def __init__(self):
        import xstatic.pkg.leaflet as leaflet

        base = Path(leaflet.BASE_DIR)
        css = re.sub(r"url\(images/[^)]*\)", "none", (base / "leaflet.css").read_text(encoding="utf-8"))
        js = (base / "leaflet.js").read_text(encoding="utf-8")
        super().__init__(f"<style>{css}</style>\n<script>{js}</script>")


class Control(MacroElement):
    """A Leaflet control holding pre-escaped HTML (title or legend)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html_content: str, position: str, css_class: str):
        super().__init__()
        self.html_json = json_for_script(html_content)
        self.position = position
        self.css_class = css_class


class PointLayer(folium.map.Layer):
    """Many small circle markers from one compact JSON array (cities), each with a pre-escaped tooltip."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        {{ this.points_json }}.forEach(function (p) {
            L.circleMarker([p[0], p[1]], {radius: p[2], color: {{ this.color|tojson }}, weight: 0.8,
                opacity: 0.9, fillColor: {{ this.fill|tojson }}, fillOpacity: 0.55,
                className: {{ this.css_class|tojson }}})
             .bindTooltip(p[3]).addTo({{ this.get_name() }});
        });
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)

    def __init__(self, points, name: str, *, color="#ffffff", fill="#2b2b2b", css_class="rangemap-city"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self.points_json = json_for_script(points)
        self.color, self.fill, self.css_class = color, fill, css_class


def short_text(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
