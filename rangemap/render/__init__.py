"""Rendering: the Leaflet page (through folium) and static figures, in the styles of :mod:`rangemap.styles`.

Modules: :mod:`~.elements` (safe text, inlined assets, controls), :mod:`~.leaflet`
(:class:`ReachMap`), :mod:`~.interactive` (the in-page app and reading its links back), :mod:`~.quick`
(one-call maps that compute first, then draw), :mod:`~.figure` (static PNG/SVG/PDF figures through
matplotlib, with :mod:`~.projected`, :mod:`~.cartography` and :mod:`~.labels`). Rendering draws the
tables it is handed; it may import analysis, io (safe output), catalog, geodesy, styles, units and
folium/branca/matplotlib. This package
imports folium and matplotlib only when a map or a figure is asked for.
"""

from __future__ import annotations

import importlib

__all__ = ["ReachMap", "reach_figure", "reach_map", "save_figure", "scenario_map", "seed_map", "state_from_hash"]

_LAZY = {"ReachMap": "rangemap.render.leaflet", "reach_map": "rangemap.render.quick",
         "seed_map": "rangemap.render.quick", "scenario_map": "rangemap.render.quick",
         "reach_figure": "rangemap.render.figure", "save_figure": "rangemap.render.figure",
         "state_from_hash": "rangemap.render.interactive"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rangemap.render' has no attribute {name!r}")
