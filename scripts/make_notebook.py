"""Write examples/explore.ipynb (cells only, no outputs): python scripts/make_notebook.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell("# Exploring rangemap\n\nReach on the WGS84 ellipsoid: every place whose shortest path from a "
                      "launch point is within a system's range. This notebook walks through the catalog, one "
                      "reach, a map and the cities inside it."),
    new_code_cell("import rangemap as rm\n\nrm.systems()[['id', 'name', 'class', 'range_km', 'range_low_km', "
                  "'range_high_km', 'source_date']]"),
    new_markdown_cell("Ranges come as people write them. The seed article says the Hwasong-11 reaches "
                      "*about 430 miles*:"),
    new_code_cell("range_m = rm.parse_distance('430 mi')\nbelgorod = rm.site('belgorod')\n"
                  "ring = rm.reach_polygon(belgorod['lat'], belgorod['lon'], range_m)\n"
                  "print(round(range_m), 'm;', ring.geom_type, 'with', len(ring.exterior.coords), 'vertices')"),
    new_markdown_cell("Is Kyiv within reach? Distance decides (geodesic, metres):"),
    new_code_cell("kyiv_m = rm.distance_m(belgorod['lat'], belgorod['lon'], 50.4547, 30.5238)\n"
                  "print(f'{kyiv_m / 1000:.1f} km from Belgorod:', 'in reach' if kyiv_m <= range_m else 'out of reach')"),
    new_markdown_cell("A reach table: one row per (system, site), geometry split at ±180°."),
    new_code_cell("table = rm.reach(['hwasong-11', 'pukguksong-2'], ['belgorod', 'anadyr'])\n"
                  "table[['system', 'site', 'range_m', 'source']].assign(type=table.geom_type)"),
    new_markdown_cell("Cities within reach of the Hwasong-11 from Belgorod, in Ukraine:"),
    new_code_cell("targets = rm.targets_in_reach(rm.reach('hwasong-11', 'belgorod'), countries='UA')\n"
                  "print(rm.summary(targets))\ntargets.head(10)"),
    new_markdown_cell("And the map, live: `rm.explore` is a notebook widget (the `rangemap[notebook]` extra) "
                      "showing the same page as `rangemap render`, whose state is Python's. Drag a launch point "
                      "and its rings follow; click *Click map* (or type a city or `lat,lon`) to add one; pick "
                      "systems or type a custom range such as `500 km`. Each drop, addition or removal updates "
                      "`w.sites`, `w.systems`, `w.view` and `w.selected` here."),
    new_code_cell("w = rm.explore(['hwasong-11', 'pukguksong-2'], ['belgorod', 'kursk'])\nw"),
    new_code_cell("w.sites"),
    new_markdown_cell("Python reads what the page shows as the library's own tables: the reach of each site "
                      "with its own systems, the verdicts for a place, the cities in reach."),
    new_code_cell("w.reach()[['system', 'site', 'range_m']]"),
    new_code_cell("w.check('Kyiv')[['system', 'site', 'distance_km', 'verdict']]"),
    new_code_cell("print(rm.summary(w.targets(countries='UA')))"),
    new_markdown_cell("Setting the state from Python redraws the page: here a point near Luhansk is added. "
                      "Names are shown as text and values are checked as a link's are."),
    new_code_cell("w.sites = w.sites + [{'id': 'p1', 'name': 'Near Luhansk', 'lat': 48.57, 'lon': 39.31,\n"
                  "                      'systems': ['hwasong-11']}]\n"
                  "[(s['name'], s['lat'], s['lon'], s['systems']) for s in w.sites]"),
    new_markdown_cell("A static page (an HTML file from `rangemap render`, or `w.to_map()` saved) has no kernel: "
                      "its state comes back through the link. Copy the text under *Link to this view* and "
                      "paste it here; bad values in a link are dropped and named in `notices`."),
    new_code_cell("link = ('#v=1&view=50,36,5&site=belgorod|50.5955|36.5873|hwasong-11,pukguksong-2|Belgorod'\n"
                  "        '&site=p1|48.57|39.31|hwasong-11|Near%20Luhansk')  # paste yours here\n"
                  "state = rm.from_link(link)\n"
                  "state['sites'], state['notices']"),
    new_markdown_cell("…and Python recomputes from there, each site with its own systems:"),
    new_code_cell("table = rm.reach(['hwasong-11'], [(s['lat'], s['lon']) for s in state['sites']\n"
                  "                                    if 'hwasong-11' in s['systems']])\n"
                  "print(rm.summary(rm.targets_in_reach(table)))"),
]
notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})
path = Path(__file__).resolve().parent.parent / "examples" / "explore.ipynb"
nbformat.write(notebook, path)
print(f"wrote {path}")
