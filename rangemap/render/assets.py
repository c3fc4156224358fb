"""Plugin assets for self-contained maps: folium plugins' CDN scripts and styles replaced by vendored copies.

``rangemap/web/vendor/<name>/`` holds each npm package's files with its licence and version
(``scripts/vendor_plugins.py`` rebuilds them); Leaflet.markercluster comes from
``xstatic-leaflet-markercluster``.
An asset with no local copy stays a network link and :func:`inline_plugins` warns about it at render time.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

from branca.element import Element

from rangemap.render.elements import WEB, RawHTML, without_source_map

__all__ = ["LOCAL", "inline_plugins", "local_asset"]

VENDOR = WEB / "vendor"
#: The file name at the end of a folium plugin's asset URL -> ("vendor", path under rangemap/web/vendor) or
#: ("xstatic", package module, file name).
LOCAL = {
    "leaflet.draw.js": ("vendor", "leaflet-draw/leaflet.draw.js"),
    "leaflet.draw.css": ("vendor", "leaflet-draw/leaflet.draw.css"),
    "leaflet-measure.min.js": ("vendor", "leaflet-measure/leaflet-measure.min.js"),
    "leaflet-measure.min.css": ("vendor", "leaflet-measure/leaflet-measure.css"),
    "leaflet-measure.css": ("vendor", "leaflet-measure/leaflet-measure.css"),
    "Control.FullScreen.min.js": ("vendor", "leaflet.fullscreen/Control.FullScreen.js"),
    "Control.FullScreen.js": ("vendor", "leaflet.fullscreen/Control.FullScreen.js"),
    "Control.FullScreen.css": ("vendor", "leaflet.fullscreen/Control.FullScreen.css"),
    "Control.MiniMap.js": ("vendor", "leaflet-minimap/Control.MiniMap.min.js"),
    "Control.MiniMap.min.js": ("vendor", "leaflet-minimap/Control.MiniMap.min.js"),
    "Control.MiniMap.css": ("vendor", "leaflet-minimap/Control.MiniMap.min.css"),
    "Control.MiniMap.min.css": ("vendor", "leaflet-minimap/Control.MiniMap.min.css"),
    "leaflet.markercluster.js": ("xstatic", "leaflet_markercluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("xstatic", "leaflet_markercluster", "MarkerCluster.css"),
    "MarkerCluster.Default.css": ("xstatic", "leaflet_markercluster", "MarkerCluster.Default.css"),
}


def local_asset(url: str) -> Path | None:
    """The local copy of a plugin asset URL, or None."""
    where = LOCAL.get(url.rsplit("/", 1)[-1].split("?")[0])
    if where is None:
        return None
    if where[0] == "xstatic":
        try:
            module = importlib.import_module(f"xstatic.pkg.{where[1]}")
        except ImportError:
            return None
        path = Path(module.BASE_DIR) / where[2]
    else:
        path = VENDOR / where[1]
    return path if path.exists() else None


def _walk(element: Element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def inline_plugins(m, figure) -> None:
    """Inline the JS and CSS of every plugin under ``m``; warn, naming them, about assets with no local copy."""
    missing = []
    for element in _walk(m):
        if element is m:
            continue
        for attr, tag in (("default_css", "style"), ("default_js", "script")):
            links = getattr(element, attr, None)
            if not links:
                continue
            kept = []
            for name, url in links:
                path = local_asset(url)
                if path is None:
                    kept.append((name, url))
                    missing.append(url)
                    continue
                text = path.read_text(encoding="utf-8")
                if tag == "script":
                    text = without_source_map(text).replace("</script", "<\\/script")
                figure.header.add_child(RawHTML(f"<{tag}>{text}</{tag}>"), name=f"rangemap_asset_{name}")
            setattr(element, attr, kept)
    if missing:
        warnings.warn("rangemap: no local copy of " + ", ".join(sorted(set(missing))) + "; the saved map needs "
                      "the network for these plugin assets (self_contained=True inlines only known plugins)",
                      stacklevel=3)
