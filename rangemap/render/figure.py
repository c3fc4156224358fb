"""Publication figures: the exact reach on a static map (PNG, SVG, PDF) through matplotlib.

:func:`reach_figure` computes the reach table (or takes one), chooses a projection centred on what is
drawn (azimuthal equidistant: distances from the centre are true; with one launch point reach circles
are exact circles) and draws borders, graticule, reach, launch points, cities, legend with sources,
a scale bar with its validity, and credits. Geometry in the plane comes from :mod:`.projected`; the
map furniture from :mod:`.cartography`. Imports matplotlib only here, so ``import rangemap`` stays light.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from rangemap import analysis, catalog, geodesy, styles
from rangemap import units as units_mod
from rangemap.analysis import time_rings
from rangemap.errors import ManyRingsWarning, RangemapError
from rangemap.geodesy import LONGEST_GEODESIC_M
from rangemap.render import cartography as carto
from rangemap.render import labels, projected
from rangemap.text import check_name

__all__ = ["FIGURE_RC", "ReachFigure", "reach_figure", "save_figure"]

#: Text stays text: SVG writes <text> elements, PDF embeds TrueType (Type 42) fonts.
FIGURE_RC = {"svg.fonttype": "none", "pdf.fonttype": 42, "ps.fonttype": 42}
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_WIDTH_IN = 10.0
#: Opacity of a system's reach fill (the outline of each site's ring is drawn on top).
REACH_ALPHA = 0.16
#: Cities in reach smaller than this are not marked on figures (the HTML map and tables list them all).
CITY_MIN_POPULATION = 100_000
#: Time labels sit on a pale box, so they stay text in SVG and PDF (a halo would turn them into paths).
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1.0}
#: A time ring is labelled only when its radius on the map is at least this share of the frame's width.
LABEL_MIN_SHARE = 0.03
_TOL_SHARE = 1e-4  # projected chords within this share of the frame (about 0.1 px at 1000 px)


class ReachFigure(Figure):
    """A matplotlib Figure whose ``savefig`` keeps text as text (see :data:`FIGURE_RC`).

    ``fig.axes[0].crs`` is the pyproj CRS of the map Axes' data coordinates.
    """

    def savefig(self, *args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(FIGURE_RC):
            return super().savefig(*args, **kwargs)


def reach_figure(systems=None, sites=None, *, crs=None, extent=None, cities: bool = False, title: str | None = None,
                 units: str = "km", scenario=None, band: bool = False, width_in: float = _WIDTH_IN,
                 dpi: float = 150.0, min_population: int | None = None, times=None) -> ReachFigure:
    """A static reach map: a matplotlib Figure whose first Axes has data coordinates in ``crs``.

    ``systems, sites`` as for :func:`rangemap.reach`, or ``systems`` a reach table (GeoDataFrame from
    :func:`rangemap.reach`, then ``sites`` is None), or ``scenario`` a list of ``(systems, sites)`` pairs
    or a shipped scenario's name (``"seed"``; see :func:`rangemap.scenarios`; titled by it). ``crs``:
    anything pyproj understands; default azimuthal equidistant centred on the launch points (or on
    ``extent``). ``extent``: ``(west, south, east, north)`` degrees to frame instead of the whole reach.
    ``cities``: mark and label the cities in reach (else a few large cities are labelled for
    orientation); ``min_population``: with ``cities``, only cities of at least that many people.
    ``units``: "km" or "mi" first in labels. ``times`` (minutes after launch, e.g. ``[1, 2, 5, 10]``):
    warning-time rings, dotted and labelled with their time (:func:`rangemap.time_rings`; idealised, as the
    legend says).
    """
    if min_population is not None and not cities:
        raise RangemapError("min_population filters the cities marked: give cities=True too")
    units_mod.format_distance(1.0, units)  # a bad unit fails before any work
    minutes = None if times is None else time_rings.check_minutes(times)
    table = _reach_table(systems, sites, scenario, band)
    timed, notes = time_rings.ring_rows(table, minutes) if minutes else ([], [])
    if title is None and isinstance(scenario, str):
        title = catalog.scenario(scenario)["title"]
    plane = projected.Plane(crs if crs is not None else _default_crs(table, extent))
    frame = carto.frame_for(plane, table, extent)
    aspect = min(max((frame[3] - frame[1]) / (frame[2] - frame[0]), 0.55), 1.0)
    frame = carto.fit_frame(frame, aspect)
    rows = _legend_rows(table, units)
    map_w = width_in - 0.4
    map_h = map_w * aspect
    extra = _time_legend(minutes, notes) if minutes else []
    legend_h, footer, top = (2 * len(rows) + 2 + sum(t.count("\n") + 1 for _, t in extra)) * 0.165 + 0.1, 0.75, 0.6
    fig_h = top + map_h + 0.15 + legend_h + footer
    fig = ReachFigure(figsize=(width_in, fig_h), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.2 / width_in, (footer + legend_h + 0.15) / fig_h, map_w / width_in, map_h / fig_h))
    ax.crs = plane.crs
    tol = _TOL_SHARE * max(frame[2] - frame[0], frame[3] - frame[1])
    domain = projected.frame_domain(plane, frame)
    ax.set_xlim(frame[0], frame[2])
    ax.set_ylim(frame[1], frame[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    carto.draw_base(ax, plane, domain, tol, frame)
    colours = _draw_reach(ax, plane, table, domain, tol)
    if timed:
        _draw_time_rings(ax, plane, timed, domain, frame, tol)
    if domain.boundary.length > 0:
        carto.draw_lines(ax, domain.boundary, color="#555555", lw=0.8, zorder=11)
    renderer = fig.canvas.get_renderer()
    labels.draw_points_and_labels(ax, renderer, plane, domain, frame, _launch_points(table),
                                       _city_marks(table, cities, plane, domain, min_population))
    labels.draw_legend(fig, ax, rows, colours, cities, (footer + legend_h) / fig_h, extra=extra)
    note = carto.draw_scale(fig, ax, plane, domain, frame, _scale_centre(plane, domain, frame))
    labels.draw_titles(fig, check_name(title, "title") if title else _default_title(table), plane, note, 0.12)
    return plain_text(fig)


def save_figure(fig: Figure, path, *, dpi: float | None = None) -> None:
    """Write ``fig`` to ``path`` (.png, .svg or .pdf, from the suffix) atomically, text kept as text."""
    import matplotlib

    from rangemap.io.atomic import atomic_output

    fmt = figure_format(path)
    plain_text(fig)
    with atomic_output(path) as tmp, matplotlib.rc_context(FIGURE_RC):
        Figure.savefig(fig, tmp, format=fmt, dpi=dpi or fig.dpi, metadata=_metadata(fmt))


def plain_text(fig: Figure) -> Figure:
    """Every text in ``fig`` drawn as the characters it holds: no mathtext, so a title "$5 million vs $10
    million" keeps its dollars and a name "$x^2$" is not typeset."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
    return fig


def figure_format(path) -> str:
    """"png", "svg" or "pdf" from the path's suffix; RangemapError for any other."""
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise RangemapError(f"cannot tell the figure format from {str(path)!r}: use .png, .svg or .pdf")
    return FORMATS[suffix]


def _metadata(fmt: str) -> dict:
    creator = "rangemap (Natural Earth borders, GeoNames cities)"
    return {"png": {"Software": creator}, "svg": {"Creator": creator}, "pdf": {"Creator": creator}}[fmt]


# --- the data drawn -------------------------------------------------------------------------------

def _reach_table(systems, sites, scenario, band):
    if scenario is not None:
        if systems is not None or sites is not None:
            raise RangemapError("give either a scenario or systems and sites, not both")
        if isinstance(scenario, str):
            return _scenario_table(scenario, band)
        tables = [analysis.reach(s, p, band=band) for s, p in scenario]
        return pd.concat(tables, ignore_index=True)
    if hasattr(systems, "geometry") and "range_m" in getattr(systems, "columns", ()):
        if sites is not None:
            raise RangemapError("a reach table already holds its sites: leave sites out")
        return systems.reset_index(drop=True)
    if systems is None or sites is None:
        raise RangemapError("reach_figure needs systems and sites, a reach table or a scenario")
    return analysis.reach(systems, sites, band=band)


def _scenario_table(name: str, band: bool) -> pd.DataFrame:
    """A shipped scenario's reach (see :func:`rangemap.scenarios`): each layer's systems from its launch
    points, and from its launch areas (:func:`rangemap.analysis.area_reach`)."""
    tables = []
    for layer in catalog.scenario(name)["layers"]:
        if layer["sites"]:
            tables.append(analysis.reach(layer["systems"], layer["sites"], band=band))
        if layer["areas"]:
            tables.append(analysis.area_reach(layer["systems"], layer["areas"]))
    return pd.concat(tables, ignore_index=True)


def _default_crs(table, extent):
    """Azimuthal equidistant centred on the extent, else on the launch points (their mean direction)."""
    if extent is not None:
        west, south, east, north = carto.check_extent(extent)
        width = (east - west) % 360.0 or 360.0
        return projected.aeqd((south + north) / 2.0, (west + width / 2.0 + 180.0) % 360.0 - 180.0)
    pts = table[["lat", "lon"]].drop_duplicates().to_numpy(float)
    if len(pts) == 1:
        return projected.aeqd(pts[0, 0], pts[0, 1])
    lat, lon = np.radians(pts[:, 0]), np.radians(pts[:, 1])
    v = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]).mean(axis=0)
    return projected.aeqd(float(np.degrees(np.arctan2(v[2], np.hypot(v[0], v[1])))),
                          float(np.degrees(np.arctan2(v[1], v[0]))))


def _scale_centre(plane, domain, frame):
    """Where the scale bar is true: the projection's centre when shown, else the frame's centre."""
    x, y = plane.forward([plane.lon_0], [plane.lat_0])
    if np.isfinite(x[0]) and shapely.contains_xy(domain, x[0], y[0]):
        return plane.lat_0, plane.lon_0
    lon, lat = plane.inverse([(frame[0] + frame[2]) / 2], [(frame[1] + frame[3]) / 2])
    return float(lat[0]), float(lon[0])


def _row_region(plane, row, domain, tol):
    """One reach row in the plane: (region, outline runs)."""
    rng, rmin = float(row["range_m"]), float(row.get("min_range_m", 0.0) or 0.0)
    if rng >= LONGEST_GEODESIC_M:
        return domain, []
    if rng > LONGEST_GEODESIC_M - 100_000.0:  # beyond the cut locus: the polygon's own antipodal cap
        regions, runs = projected.polygon_regions(plane, [row.geometry], tol, domain)
        return regions[0], [r for ring in runs[0] for r in ring]
    runs = projected.ring_runs(plane, row["lat"], row["lon"], rng, tol)
    if rmin > 0:
        runs = runs + projected.ring_runs(plane, row["lat"], row["lon"], rmin, tol)
    inside = projected.reach_inside(row["lat"], row["lon"], rng, rmin)
    return projected.region(plane, runs, inside, domain), runs


#: Most rings a figure outlines one by one; above it (as on the page) each system's reach from all its
#: sites is drawn once, with a :class:`~rangemap.errors.ManyRingsWarning` (2,000 sites took 40 s).
FIGURE_RINGS_MAX = 300


def _draw_reach(ax, plane, table, domain, tol):
    """Fill each system's combined reach lightly, outline each site's ring; returns {system: colour}."""
    if len(table) > FIGURE_RINGS_MAX:
        return _draw_envelopes(ax, plane, table, domain, tol)
    nominal = analysis.is_nominal(table)
    fills, colours = {}, {}
    for i, row in table.iterrows():
        colour = styles.colour(row["system"])
        colours[row["system"]] = colour
        region, runs = _row_region(plane, row, domain, tol)
        if nominal[i]:
            fills.setdefault(row["system"], []).append(region)
        dashed = not nominal[i]
        lines = shapely.intersection(shapely.multilinestrings([shapely.linestrings(r) for r in runs]), domain) \
            if runs else None
        carto.draw_lines(ax, lines, color=colour, lw=1.5 if dashed else 1.9, alpha=0.95,
                         ls=(0, (5, 3)) if dashed else "-", zorder=5, gid=f"reach-outline:{row['system']}")
    for system, regions in fills.items():
        carto.draw_polygon(ax, shapely.union_all(regions), facecolor=colours[system], alpha=REACH_ALPHA, lw=0, zorder=4,
                           gid=f"reach-fill:{system}")
    return colours


def _draw_envelopes(ax, plane, table, domain, tol):
    """Many rings: each system's reach from all its sites, filled and outlined once."""
    warnings.warn(ManyRingsWarning(
        f"{len(table)} reach rings are more than {FIGURE_RINGS_MAX} to outline one by one: the figure shows each "
        "system's reach from all its sites (no per-site outlines or reported bands)"), stacklevel=4)
    hulls = analysis.envelope(table)
    regions, runs = projected.polygon_regions(plane, list(hulls.geometry), tol, domain)
    colours = {}
    for system, region, rings in zip(hulls["system"], regions, runs):
        colour = colours[system] = styles.colour(system)
        carto.draw_polygon(ax, region, facecolor=colour, alpha=REACH_ALPHA, lw=0, zorder=4, gid=f"reach-fill:{system}")
        lines = [shapely.linestrings(r) for ring in rings for r in ring if len(r) >= 2]
        if lines:
            carto.draw_lines(ax, shapely.intersection(shapely.multilinestrings(lines), domain), color=colour, lw=1.9,
                             alpha=0.95, ls="-", zorder=5, gid=f"reach-outline:{system}")
    return colours


def _draw_time_rings(ax, plane, timed: list[dict], domain, frame, tol) -> None:
    """Warning-time rings, dotted in each system's colour, each labelled with its time where the ring is big
    enough on the map to carry it (:data:`LABEL_MIN_SHARE`): on the first bearing, from its system's own
    (so two systems' labels stand apart) outwards in steps, whose label is on the map and clear of the other
    labels and the launch points."""
    order = list(dict.fromkeys(r["system"] for r in timed))
    width = frame[2] - frame[0]
    char_w, text_h = 0.0075 * width, 0.018 * width  # about 7.5 pt type on a 10 in figure, in map units
    sites = {(r["lat"], r["lon"]) for r in timed}
    sx, sy = plane.forward([lon for _, lon in sites], [lat for lat, _ in sites])
    taken = [(x - 0.01 * width, y - 0.01 * width, x + 0.01 * width, y + 0.01 * width)
             for x, y in zip(sx, sy) if np.isfinite(x)]
    for ring in timed:
        colour = styles.colour(ring["system"])
        runs = projected.ring_runs(plane, ring["lat"], ring["lon"], ring["range_m"], tol)
        lines = shapely.intersection(shapely.multilinestrings([shapely.linestrings(r) for r in runs]), domain) \
            if runs else None
        carto.draw_lines(ax, lines, color=colour, lw=1.1, alpha=0.95, ls=(0, (1.5, 2.0)), zorder=6,
                         gid=f"time-ring:{ring['system']}:{ring['minutes']:g}")
        base = 30.0 * (order.index(ring["system"]) % 6) - 30.0
        bearings = base + np.array([0, 15, -15, 30, -30, 45, -45, 60, -60, 90, -90, 135, -135, 180], dtype=float)
        lat, lon = geodesy.destination(np.full(bearings.size, ring["lat"]), np.full(bearings.size, ring["lon"]),
                                       bearings, np.full(bearings.size, ring["range_m"]))
        x, y = plane.forward(np.append(lon, ring["lon"]), np.append(lat, ring["lat"]))
        if not np.isfinite(x[-1]) or np.hypot(x[0] - x[-1], y[0] - y[-1]) < LABEL_MIN_SHARE * width:
            continue  # too small on this map to carry a label
        half_w = char_w * len(ring["label"]) / 2.0 + 0.004 * width
        for px, py in zip(x[:-1], y[:-1]):
            box = (px - half_w, py - text_h / 2, px + half_w, py + text_h / 2)
            clear = not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken)
            on_map = (np.isfinite(px) and frame[0] < box[0] and box[2] < frame[2] and frame[1] < box[1]
                      and box[3] < frame[3] and shapely.contains_xy(domain, px, py))
            if clear and on_map:
                taken.append(box)
                ax.text(px, py, ring["label"], color=colour, fontsize=7.5, fontweight="bold", ha="center",
                        va="center", zorder=12, bbox=LABEL_BOX, gid="time-label")
                break


def _time_legend(minutes, notes) -> list[tuple[object, str]]:
    """The legend's row for warning-time rings: what they are, the idealisation, and the times left out."""
    from matplotlib.lines import Line2D

    shown = ", ".join(units_mod.format_duration(m * 60) for m in minutes)
    text = (f"Warning-time rings: the ground range flown {shown} after launch (dotted)\n"
            + analysis.timing.IDEALISATION)
    handle = Line2D([], [], color="#444444", lw=1.1, ls=(0, (1.5, 2.0)))
    rows = [(handle, text)]
    if notes:
        rows.append((Line2D([], [], ls="none"), _wrap(" ".join(notes), 150)))
    return rows


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _launch_points(table) -> pd.DataFrame:
    return table[["site_name", "lat", "lon"]].drop_duplicates(["lat", "lon"]).rename(columns={"site_name": "name"})


def _city_marks(table, cities: bool, plane, domain, min_population: int | None = None) -> pd.DataFrame:
    """Cities to mark: those in reach (``cities=True``), else the largest in the frame for orientation."""
    if cities:
        found = analysis.targets_in_reach(table)
        found = found.sort_values("population", ascending=False).drop_duplicates(["lat", "lon"])
        found = found[found["population"] >= max(CITY_MIN_POPULATION, min_population or 0)]
        return found[["name", "lat", "lon", "population"]].assign(in_reach=True)
    every = catalog.cities()
    x, y = plane.forward(every["lon"].to_numpy(), every["lat"].to_numpy())
    ok = np.isfinite(x)
    ok[ok] = shapely.contains_xy(domain, x[ok], y[ok])
    top = every[ok].sort_values("population", ascending=False).head(8)
    return top[["name", "lat", "lon", "population"]].assign(in_reach=False)


def _fit_citations(text: str, limit: int = 115) -> str:
    """As many `` | ``-separated citations as fit in ``limit`` characters, then how many more there are.

    >>> _fit_citations("A · 2024 | B · 2019 | C · 2021", 12)
    'A · 2024 (+2 more: rangemap systems)'
    """
    parts, kept = text.split(" | "), []
    for part in parts:
        if kept and len("; ".join([*kept, part])) > limit:
            break
        kept.append(part)
    rest = len(parts) - len(kept)
    return "; ".join(kept) + (f" (+{rest} more: rangemap systems)" if rest else "")


def _legend_rows(table, units: str) -> list[dict]:
    """One legend row per system: name, range in km and mi, source as publisher and date."""
    known = catalog.systems().set_index("id")
    rows = []
    nominal = table[analysis.is_nominal(table)]
    for system, part in nominal.groupby("system", sort=False):
        first = part.iloc[0]
        if system in known.index and known.at[system, "source_short"]:
            source = _fit_citations(known.at[system, "source_short"])  # publisher and date, data/sources.csv
        else:  # a custom range: whatever its table says, file paths taken out
            source = carto.source_text(first.get("source"), first.get("source_date"))
        rows.append({"system": system, "name": first["system_name"],
                     "range": units_mod.stated_distance(float(part["range_m"].max()), first.get("qualifier", ""),
                                                        units),
                     "min_range": float(part["min_range_m"].max()) if "min_range_m" in part else 0.0,
                     "source": source})
    return rows


def _default_title(table) -> str:
    systems = list(dict.fromkeys(table["system_name"]))
    sites = list(dict.fromkeys(table["site_name"]))
    name = ", ".join(systems[:3]) + (f" and {len(systems) - 3} more" if len(systems) > 3 else "")
    where = ", ".join(sites[:4]) + (f" and {len(sites) - 4} more" if len(sites) > 4 else "")
    return f"Reach of {name} from {where}"
