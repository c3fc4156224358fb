"""A dependency-free HTML preview of a reach geometry (an inline SVG in plate carrée).

Stand-in until the Leaflet maps land: it renders offline anywhere and shows the exact shape.
"""

from __future__ import annotations

import html

import shapely


def preview_html(geom, *, title: str, caption: str = "") -> str:
    """A self-contained HTML page drawing ``geom`` (lon/lat degrees) framed on its bounds."""
    minx, miny, maxx, maxy = geom.bounds
    pad = 0.05 * max(maxx - minx, maxy - miny, 1.0)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    paths = []
    for poly in shapely.get_parts(geom):
        rings = [poly.exterior, *poly.interiors]
        d = " ".join("M" + " L".join(f"{x:.4f},{-y:.4f}" for x, y in ring.coords) + " Z" for ring in rings)
        paths.append(f'<path d="{d}" fill="#d55e00" fill-opacity="0.35" stroke="#d55e00" '
                     f'stroke-width="0.2" fill-rule="evenodd" vector-effect="non-scaling-stroke"/>')
    grid = "".join(f'<line x1="{x}" y1="{-maxy}" x2="{x}" y2="{-miny}" stroke="#ccc" stroke-width="0.1"/>'
                   for x in range(int(minx // 10 * 10), int(maxx) + 1, 10))
    view = f"{minx:.4f} {-maxy:.4f} {maxx - minx:.4f} {maxy - miny:.4f}"
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body style='font-family:sans-serif'><h1>{html.escape(title)}</h1><p>{html.escape(caption)}</p>"
            f"<svg viewBox='{view}' width='900' preserveAspectRatio='xMidYMid meet' "
            f"style='border:1px solid #999'>{grid}{''.join(paths)}</svg></body></html>\n")
