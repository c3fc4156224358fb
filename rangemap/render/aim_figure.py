"""A figure of accuracy at a target (:func:`rangemap.aim`): CEP, R90 and R99 rings and the simulated impacts
on an azimuthal equidistant plane centred on the target, so every distance from it is true to scale, with the
chance of a hit, the CEP's source and date and the method written under the map. Imports matplotlib only here.
"""

from __future__ import annotations

import textwrap

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D

from rangemap import geodesy
from rangemap.analysis.aim import Aim
from rangemap.render import cartography as carto
from rangemap.render import projected
from rangemap.render.figure import LABEL_BOX, ReachFigure, plain_text
from rangemap.text import printable

__all__ = ["aim_figure"]

RING = "#7a0000"
IMPACT = "#ff5a3c"
ASKED = "#1f5fa8"
_WIDTHS = {"CEP": 2.0}


def _xy(plane, geom) -> np.ndarray:
    """The exterior of a ring polygon (lon/lat) in the plane's metres."""
    lonlat = np.asarray(shapely.get_exterior_ring(geom).coords)
    x, y = plane.forward(lonlat[:, 0], lonlat[:, 1])
    return np.column_stack([x, y])


def aim_figure(result: Aim, *, width_in: float = 7.5, dpi: float = 150.0) -> ReachFigure:
    """The rings and impacts of ``result`` round its target, metres east and north of it on the axes."""
    plane = projected.Plane(projected.aeqd(result.lat, result.lon))
    lines = result.lines()
    notes = [lines[1], lines[2], lines[3]]
    small = textwrap.wrap(lines[4], 118) + textwrap.wrap(lines[5], 118) + [
        f"Projection: {carto.describe(plane)}: distances from the target are true to scale."]
    map_in = width_in - 1.3
    text_in = 0.2 * len(notes) + 0.15 * len(small) + 0.35
    fig_h = 0.75 + map_in + 0.55 + text_in
    fig = ReachFigure(figsize=(width_in, fig_h), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((1.0 / width_in, (text_in + 0.55) / fig_h, map_in / width_in, map_in / fig_h))
    ax.crs = plane.crs
    reach = max(r.radius_m for r in result.rings) * 1.12
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor("#f7f5f0")
    ax.grid(True, color="#dddddd", lw=0.6, zorder=0)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("metres east of the target", fontsize=8)
    ax.set_ylabel("metres north of the target", fontsize=8)
    band = len(result.ceps_m) > 1
    for ring in result.rings:
        xy = _xy(plane, ring.geometry)
        low_end = band and ring.cep_m == result.ceps_m[0]
        ax.plot(xy[:, 0], xy[:, 1], color=RING, lw=_WIDTHS.get(ring.label, 1.2), ls=(0, (4, 3)) if low_end else "-",
                zorder=3, gid=f"aim-ring:{ring.label}:{ring.cep_m:g}")
        if ring.cep_m == result.ceps_m[-1]:
            ax.text(0, ring.radius_m, f"{ring.label} {ring.radius_m:,.0f} m", color=RING, fontsize=7.5,
                    ha="center", va="bottom", zorder=6, bbox=LABEL_BOX)
    chosen = not any(abs(r.radius_m - result.radius_m) < 1e-6 for r in result.rings if r.label == "CEP")
    if chosen:  # the radius asked about, when it is not a CEP ring already
        xy = _xy(plane, geodesy.reach_polygon(result.lat, result.lon, result.radius_m,
                                              tolerance_m=max(result.radius_m / 2000.0, 0.01)))
        ax.plot(xy[:, 0], xy[:, 1], color=ASKED, lw=1.4, ls=(0, (1.5, 1.5)), zorder=3, gid="aim-radius")
        ax.text(0, -result.radius_m, f"within {result.radius_m:,.0f} m", color=ASKED, fontsize=7.5, ha="center",
                va="top", zorder=6, bbox=LABEL_BOX)
    ix, iy = plane.forward([i.lon for i in result.impacts], [i.lat for i in result.impacts])
    ax.scatter(ix, iy, s=9, color=IMPACT, edgecolors=RING, linewidths=0.4, zorder=4, gid="aim-impacts")
    ax.scatter([0], [0], s=40, color="white", edgecolors="black", linewidths=1.6, zorder=5)
    ax.text(reach * 0.03, -reach * 0.03, str(printable(result.target)), fontsize=9, fontweight="bold", ha="left",
            va="top", zorder=6, bbox=LABEL_BOX)
    handles = [Line2D([], [], color=RING, lw=2.0), Line2D([], [], marker="o", ms=4, mfc=IMPACT, mec=RING, ls="none")]
    texts = ["CEP, R90, R99: half, 90 %, 99 % of shots land within" + ("\n(dashed: the band's low end)" if band else ""),
             f"{len(result.impacts)} simulated impacts (seed {result.seed})"]
    if chosen:
        handles.append(Line2D([], [], color=ASKED, lw=1.4, ls=(0, (1.5, 1.5))))
        texts.append(f"the radius asked about ({result.radius_m:,.0f} m)")
    ax.legend(handles, texts, loc="lower left", fontsize=7, framealpha=0.9)
    fig.text(0.02, 1 - 0.18 / fig_h, textwrap.fill(str(printable(lines[0])), 80), ha="left", va="top", fontsize=11.5,
             fontweight="bold")
    y = text_in - 0.1
    for line in notes:
        fig.text(0.02, y / fig_h, str(printable(line)), ha="left", va="top", fontsize=8.5, color="#222222")
        y -= 0.2
    y -= 0.08
    for line in small:
        fig.text(0.02, y / fig_h, str(printable(line)), ha="left", va="top", fontsize=6.8, color="#444444")
        y -= 0.15
    return plain_text(fig)
