"""A publication figure of the seed scenario: PNG, SVG or PDF from the file name.

    python examples/seed_figure.py [seed-figure.png|.svg|.pdf]
"""

import sys

import rangemap as rm
from rangemap.render.figure import save_figure

output = sys.argv[1] if len(sys.argv) > 1 else "seed-figure.png"

# The seed scenario's systems and launch points, cities in reach marked; the projection is azimuthal
# equidistant centred on the launch points unless crs= says otherwise (e.g. crs="EPSG:3035").
fig = rm.reach_figure(scenario="seed", cities=True)
save_figure(fig, output)
print(f"wrote {output}; map coordinates: {fig.axes[0].crs.to_string()}")
