"""Rendering: the Leaflet page (through folium) and the styles every output shares.

Modules: :mod:`~rangemap.render.styles` (colours per system id, weights, dashes, label rules — light,
also used by KML export), :mod:`~.elements` (safe text, inlined assets, controls), :mod:`~.leaflet`
(:class:`ReachMap`), :mod:`~.interactive` (the in-page app and reading its links back), :mod:`~.quick`
(one-call maps that compute first, then draw). Rendering draws the tables it is handed; it may import
analysis, catalog, geodesy, units and folium/branca. This package imports folium only when a map is
asked for.
"""

from __future__ import annotations

import importlib

__all__ = ["ReachMap", "reach_map", "seed_map", "state_from_hash"]

_LAZY = {"ReachMap": "rangemap.render.leaflet", "reach_map": "rangemap.render.quick",
         "seed_map": "rangemap.render.quick", "state_from_hash": "rangemap.render.interactive"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rangemap.render' has no attribute {name!r}")
