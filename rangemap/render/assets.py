"""Plugin assets for self-contained maps: folium plugins' CDN scripts and styles replaced by vendored copies.

``rangemap/web/vendor/<name>/`` holds each npm package's files with its licence and version
(``scripts/vendor_plugins.py`` rebuilds them); Leaflet.markercluster comes from ``xstatic-leaflet-markercluster``.
An asset with no local copy stays a network link and :func:`inline_plugins` warns about it at render time.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from branca.element import Element

from rangemap.render.elements import WEB, RawHTML

__all__ = ["LOCAL", "inline_plugins", "local_asset"]

VENDOR = WEB / "vendor"
#: The file name at the end of a folium asset URL -> its local copy (relative to rangemap/web/vendor).
LOCAL = {}


def local_asset(url: str) -> Path | None:
    """The local copy of a plugin asset URL, or None."""
    rel = LOCAL.get(url.rsplit("/", 1)[-1])
    if rel is None:
        return None
    path = VENDOR / rel
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
                    text = text.replace("</script", "<\\/script")
                figure.header.add_child(RawHTML(f"<{tag}>{text}</{tag}>"), name=f"rangemap_asset_{name}")
            setattr(element, attr, kept)
    if missing:
        warnings.warn("rangemap: no local copy of " + ", ".join(sorted(set(missing))) + "; the saved map needs "
                      "the network for these plugin assets (self_contained=True inlines only known plugins)",
                      stacklevel=3)
