"""One-call maps: compute with :mod:`rangemap.analysis` first, then draw on a :class:`ReachMap`.

Data flows down once: the tables are built here and handed to the map, which only draws.
"""

from __future__ import annotations

import warnings

import pandas as pd

from rangemap import analysis, catalog
from rangemap.errors import ManyRingsWarning, RangemapError, RangemapWarning
from rangemap.render.leaflet import ReachMap, warning_minutes

__all__ = ["OUTLINED_RINGS_MAX", "SEED_SCENARIO", "reach_map", "scenario_map", "seed_map"]

#: Above this many rings, ``reach_map`` draws each system's reach and the sites, not every ring's outline
#: (8 systems x 200 sites outlined made a 38 MB page that took 14 s to draw).
OUTLINED_RINGS_MAX = 300

#: The seed scenario: systems and launch points from the reporting (see data/systems.csv, data/sites.csv).
SEED_SCENARIO = [
    (["hwasong-11", "pukguksong-2"], ["belgorod", "kursk", "bryansk", "voronezh"]),
    (["koksan-m1989", "mrl-240mm"], ["shebekino"]),
]


def drawn_cities(targets: pd.DataFrame) -> pd.DataFrame:
    """The cities a map draws: ranks 1 and 2 (capitals and places of 15,000+); smaller places are counted
    in people within reach but not drawn, to keep the page small."""
    return targets[targets["rank"] <= 2] if "rank" in targets else targets


def reach_map(systems=None, sites=None, *, state=None, cities: bool = False, band: bool = False, envelope: bool = False,
              units: str = "km", title: str | None = None, self_contained: bool = True,
              outlines: bool | None = None, m: ReachMap | None = None, times=None,
              min_population: int | None = None, **map_kwargs) -> ReachMap:
    """One call: the reach of ``systems`` from ``sites`` on a :class:`ReachMap` (or on ``m``).

    ``outlines``: outline each (system, site) ring with its tooltip. By default only up to
    :data:`OUTLINED_RINGS_MAX` rings; above that, a :class:`~rangemap.errors.ManyRingsWarning` says so and
    the map shows each system's reach and the sites, which keeps the page small and quick to draw.
    ``times`` (minutes after launch, e.g. ``[1, 2, 5, 10]``): the page opens with its warning-time rings
    drawn at those times (see :class:`ReachMap`). ``min_population``: with ``cities``, only cities of at
    least that many people are drawn and counted.
    ``state``: instead of ``systems`` and ``sites``, what a page showed — a link copied from it, a state from
    :func:`rangemap.from_link`, or a widget (:func:`rangemap.explore`): each site with its own systems, custom
    ranges as given, and the page's view and warning times unless given here.
    """
    if state is not None:
        from rangemap.render.interactive import page_state, state_reach

        if systems is not None or sites is not None:
            raise RangemapError("reach_map: give either state or systems and sites, not both")
        state = page_state(state)
        times = state.get("times") if times is None else times
        if state.get("view") and not {"location", "zoom_start"} & set(map_kwargs) and m is None:
            map_kwargs.update(location=[state["view"]["lat"], state["view"]["lon"]],
                              zoom_start=int(state["view"]["zoom"]))
        for notice in state.get("notices", []):
            warnings.warn(RangemapWarning(f"state: {notice}"), stacklevel=2)
    elif systems is None or sites is None:
        raise RangemapError("reach_map needs systems and sites (or a state from a page)")
    minutes = warning_minutes(times)  # bad times fail before any reach is computed
    table = state_reach(state, band=band) if state is not None else analysis.reach(systems, sites, band=band)
    m = m or ReachMap(self_contained=self_contained, title=title, units=units, **map_kwargs)
    if minutes is not None:
        m.times = minutes
    if outlines is None:
        outlines = len(table) <= OUTLINED_RINGS_MAX
        if not outlines:
            warnings.warn(ManyRingsWarning(
                f"{len(table)} reach rings are more than {OUTLINED_RINGS_MAX} to outline one by one: the map shows "
                "each system's reach from all its sites and the sites, without per-site outlines"), stacklevel=2)
    m.add_reach(table, outlines=outlines)
    if envelope:
        m.add_envelope(analysis.envelope(table))
    if cities:
        found = analysis.targets_in_reach(table)
        if min_population is not None:
            found = found[found["population"] >= min_population]
        m.add_cities(drawn_cities(found))
    elif min_population is not None:
        raise RangemapError("min_population filters the cities drawn: give cities=True too")
    return m


def seed_map(**kwargs) -> ReachMap:
    """The seed scenario (``data/scenarios/seed.toml``): Hwasong-11 and Pukguksong-2 from Belgorod, Kursk,
    Bryansk and Voronezh; the Koksan gun and 240 mm rocket launcher from a border town; cities in reach."""
    return scenario_map("seed", **kwargs)


def scenario_map(name: str, *, cities: bool = True, **kwargs) -> ReachMap:
    """A scenario from ``data/scenarios`` (see :func:`rangemap.scenarios`) on one map: each layer's systems
    from its launch points and launch areas, titled by the scenario; cities in reach of its launch points.

    A scenario with launch areas is drawn static (``interactive=False`` unless given): the page's app
    moves launch points, and an area is not one.
    """
    sc = catalog.scenario(name)
    kwargs.setdefault("title", sc["title"])
    if any(layer["areas"] for layer in sc["layers"]):
        kwargs.setdefault("interactive", False)
    m = ReachMap(**kwargs)
    from_sites = []
    for layer in sc["layers"]:
        if layer["sites"]:
            table = analysis.reach(layer["systems"], layer["sites"])
            from_sites.append(table)
            m.add_reach(table)
        if layer["areas"]:
            m.add_reach(analysis.area_reach(layer["systems"], layer["areas"]))
    if cities and from_sites:
        areas = any(layer["areas"] for layer in sc["layers"])
        m.add_cities(drawn_cities(analysis.targets_in_reach(pd.concat(from_sites, ignore_index=True))),
                     name="Cities in reach of the launch points" if areas else "Cities in reach")
    return m
