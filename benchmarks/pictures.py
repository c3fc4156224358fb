"""Side-by-side pictures: the same reach drawn by rangemap and by folium.Circle, as Chromium renders them.

    python -m benchmarks.pictures      # writes docs/compare-*.html and docs/compare-*.png
"""

from __future__ import annotations

import folium

import rangemap as rm
from benchmarks.common import ANADYR, DOCS, PYONGYANG, aeqd_buffer
from devtools.browser import screenshot

# (file name, title, system, launch point, map centre, zoom, the other method)
COMPARISONS = [
    ("pyongyang-13000km", "Hwasong-15 from Pyongyang", "hwasong-15", PYONGYANG, (30.0, 125.0), 2,
     "folium.Circle"),
    ("anadyr-1200mi", "Pukguksong-2 from Anadyr, across ±180°", "pukguksong-2", ANADYR, (55.0, 178.0), 2,
     "AEQD buffer recipe"),
]


def comparison_map(title, system, site, centre, zoom, other) -> rm.ReachMap:
    table = rm.reach([system], [site])
    range_m = float(table["range_m"].iloc[0])
    m = rm.ReachMap(location=centre, zoom_start=zoom, interactive=False,  # a still picture: no app panel
                    title=f"{title}, {rm.format_distance(range_m)}: rangemap (filled, exact WGS84) vs {other} "
                          "(dashed black)")
    m.add_reach(table)
    style = {"color": "#000000", "weight": 3, "dashArray": "10 6", "fill": False}
    if other == "folium.Circle":
        folium.Circle(site, radius=range_m, color="#000000", weight=3, dash_array="10 6", fill=False,
                      tooltip="folium.Circle: Leaflet's ellipse in Web Mercator").add_to(m)
    else:  # what GeoPandas users get from the buffer-in-AEQD recipe, drawn with folium.GeoJson
        folium.GeoJson(aeqd_buffer(*site, range_m).__geo_interface__, style_function=lambda f: style, name=other,
                       tooltip="AEQD buffer, back in EPSG:4326").add_to(m)
    return m


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for slug, title, system, site, centre, zoom, other in COMPARISONS:
        html = DOCS / f"compare-{slug}.html"
        comparison_map(title, system, site, centre, zoom, other).save(str(html))
        screenshot(html, DOCS / f"compare-{slug}.png", width=900, height=640)
        html.unlink()  # the PNG is the artefact; the HTML is rebuilt by this script
        print(f"wrote docs/compare-{slug}.png")


if __name__ == "__main__":
    main()
