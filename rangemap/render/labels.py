"""Text on static figures: launch points and cities labelled without overlaps, legend, title, credits.

Labels are placed greedily in priority order (launch points, then cities by population): each tries
right, left, above and below its point and is kept at the first place that overlaps no earlier label
or marker and stays inside the map.
"""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from rangemap import styles
from rangemap.render.cartography import CREDITS, describe, halo

__all__ = ["draw_legend", "draw_points_and_labels", "draw_titles"]

_PLACES = [((5, 0), "left", "center"), ((-5, 0), "right", "center"), ((0, 5), "center", "bottom"),
           ((0, -5), "center", "top"), ((4, 4), "left", "bottom"), ((4, -4), "left", "top"),
           ((-4, 4), "right", "bottom"), ((-4, -4), "right", "top"), ((0, 12), "center", "bottom"),
           ((0, -12), "center", "top")]


def _visible(plane, domain, frame):
    def project(df):
        x, y = plane.forward(df["lon"].to_numpy(float), df["lat"].to_numpy(float))
        ok = np.isfinite(x)
        ok[ok] = shapely.contains_xy(domain, x[ok], y[ok])
        return df.assign(x=x, y=y)[ok]
    return project


#: Up to this many launch points, each keeps its label even where it must overlap; with more, a launch point
#: is labelled only where its label fits (2,000 overlapping labels hide the map).
FORCED_SITE_LABELS = 12


def draw_points_and_labels(ax, renderer, plane, domain, frame, sites, cities, most: int = 30):
    """Mark launch points and cities; label them greedily without overlaps (at most ``most`` cities).

    Returns the names labelled.
    """
    project = _visible(plane, domain, frame)
    sites, cities = project(sites), project(cities).sort_values("population", ascending=False)
    if len(cities):
        size = (np.array([styles.city_radius_px(p) for p in cities["population"]]) * 0.75) ** 2
        face = np.where(cities["in_reach"], styles.CITY_MARKER["fill"], "#6b6b6b")
        ax.scatter(cities["x"], cities["y"], s=size, c=face, edgecolors="white", linewidths=0.6, zorder=6)
    if len(sites):
        ax.scatter(sites["x"], sites["y"], s=6.5 ** 2, c="white", edgecolors="#222222", linewidths=1.6, zorder=8)
    to_px = ax.transData.transform
    points = to_px(np.vstack([sites[["x", "y"]].to_numpy(float), cities[["x", "y"]].to_numpy(float)]).reshape(-1, 2))
    markers = np.hstack([points - 3.0, points + 3.0])  # x0, y0, x1, y1 in pixels
    area = ax.get_window_extent(renderer)
    placed = np.empty((0, 4))
    kept = []
    pt = renderer.points_to_pixels(1.0)
    queue = [(r, True) for r in sites.itertuples()] + [(r, False) for r in cities.head(3 * most).itertuples()]
    for k, (row, is_site) in enumerate(queue):
        if not is_site and len(kept) - len(sites) >= most:
            break
        text = ax.annotate(str(row.name), (row.x, row.y), xytext=(0, 0), textcoords="offset points", ha="left",
                           va="bottom", fontsize=8.5 if is_site else 7.5, fontweight="bold" if is_site else "normal",
                           color="#111111" if is_site else "#333333", zorder=10, path_effects=halo(),
                           parse_math=False)  # measured as drawn: names are text, never mathtext
        ext = text.get_window_extent(renderer)
        w, h = ext.width + 3, ext.height + 3
        px, py = points[k]
        best = None
        for (dx, dy), ha, va in _PLACES:
            x0 = px + dx * pt - {"left": 0, "right": w, "center": w / 2}[ha]
            y0 = py + dy * pt - {"bottom": 0, "top": h, "center": h / 2}[va]
            box = np.array([x0, y0, x0 + w, y0 + h])
            inside = area.x0 <= box[0] and box[2] <= area.x1 and area.y0 <= box[1] and box[3] <= area.y1
            others = np.delete(markers, k, axis=0)
            clash = _overlaps(box, placed) or _overlaps(box, others)
            if inside and not clash:
                best = (dx, dy, ha, va, box)
                break
            if is_site and best is None and inside and len(sites) <= FORCED_SITE_LABELS:
                best = (dx, dy, ha, va, box)  # a launch point keeps a label even where it must overlap
        if best is None:
            text.remove()
            continue
        dx, dy, ha, va, box = best
        text.xyann = (dx, dy)
        text.set_ha(ha)
        text.set_va(va)
        placed = np.vstack([placed, box])
        kept.append(row.name)
    return kept


def _overlaps(box, boxes) -> bool:
    return bool(boxes.size and np.any((boxes[:, 0] < box[2]) & (box[0] < boxes[:, 2]) & (boxes[:, 1] < box[3])
                                      & (box[1] < boxes[:, 3])))


def draw_legend(fig, ax, rows, colours, cities: bool, top: float, extra=()):
    """The legend under the map: per system its range in km and mi and its source (publisher, date); then
    ``extra`` (handle, text) rows (e.g. warning-time rings)."""
    handles, labels = [], []
    for row in rows:
        colour = colours[row["system"]]
        handles.append(Patch(facecolor=colour, edgecolor=colour, alpha=0.45, lw=1.5))
        minimum = f", minimum {row['min_range'] / 1000:,.0f} km" if row["min_range"] > 0 else ""
        labels.append(f"{row['name']}: {row['range']}{minimum}\nSource: {row['source']}")
    handles.append(Line2D([], [], marker="o", ms=6.5, mfc="white", mec="#222222", mew=1.6, ls="none"))
    labels.append("Launch point (reference point, not a claimed site)")
    handles.append(Line2D([], [], marker="o", ms=5, mfc=styles.CITY_MARKER["fill"] if cities else "#6b6b6b",
                          mec="white", ls="none"))
    labels.append("City of 100,000+ within reach (GeoNames)" if cities else "Large city, for orientation (GeoNames)")
    for handle, text in extra:
        handles.append(handle)
        labels.append(text)
    x0 = ax.get_position().x0
    return fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(x0, top), bbox_transform=fig.transFigure,
                      fontsize=8, frameon=False, ncol=1, handlelength=1.6, labelspacing=0.55, borderaxespad=0.0)


def draw_titles(fig, title: str, plane, scale_note: str, bottom_in: float):
    """Title above the map; scale note and credits (with the projection) along the bottom."""
    h = fig.get_figheight()
    fig.text(0.02, 1 - 0.18 / h, title, ha="left", va="top", fontsize=13, fontweight="bold", wrap=True,
             parse_math=False)
    lines = [(scale_note, "#222222"), (f"Projection: {describe(plane)}", "#444444"), (CREDITS, "#444444")]
    for k, (text, colour) in enumerate(lines):
        fig.text(0.02, (bottom_in + 0.17 * (len(lines) - 1 - k)) / h, text, ha="left", va="bottom", fontsize=7.2,
                 color=colour)
