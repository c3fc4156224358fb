"""Warning-time rings over Ukraine as a figure: how far a ballistic missile and a drone get in the minutes
after launch (rm.time_rings drawn by rm.reach_figure(times=)); PNG, SVG or PDF from the file name.

    python examples/warning_time_figure.py [warning-time-figure.png|.svg|.pdf]
"""

import sys

import rangemap as rm
from rangemap.render.figure import save_figure

output = sys.argv[1] if len(sys.argv) > 1 else "warning-time-figure.png"
minutes = [1, 2, 5, 10, 30, 60]

# An Iskander-M (minimum-energy free flight) from Belgorod, a Shahed-136 drone (185 km/h in a
# straight line) from Kursk. Idealised times: real flights take longer, so each ring is how far a flight
# could at most have got by then.
fig = rm.reach_figure(scenario=[(["iskander-m"], ["belgorod"]), (["shahed-136"], ["kursk"])],
                      times=minutes, extent=(22.0, 44.0, 41.0, 54.0),
                      title="Warning time over Ukraine: how far an Iskander-M and a Shahed-136 get after launch")
save_figure(fig, output)
for line in rm.time_rings(["iskander-m"], ["belgorod"], minutes).attrs["notes"]:
    print(line)
print(f"wrote {output}")
