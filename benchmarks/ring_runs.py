"""Rings against the floor in several runs, with the machine's load beside them (issue 24).

    python -m benchmarks.ring_runs        # writes docs/ring-speed.md

Each run times every ring against its floor (one vectorized ``pyproj.Geod.fwd`` over the same vertices)
in interleaved pairs (:func:`benchmarks.speed.ring_vs_floor`); a ratio is the median of the pairs. Goals:
the 692 km ring within 1.5× the floor, the hard rings (±180°, the pole, ICBM ranges) within 2×.
"""

from __future__ import annotations

import os

from benchmarks import speed
from benchmarks.common import ANADYR, BELGOROD, DOCS, HWASONG_M, MRBM_M, machine

RUNS = 3
CASES = [("692 km (430 mi) from Belgorod", BELGOROD, HWASONG_M, 1.5),
         ("1,931 km from Anadyr (crosses ±180°)", ANADYR, MRBM_M, 2.0),
         ("3,000 km from 70°N (encloses the pole)", (70.0, 10.0), 3_000_000.0, 2.0),
         ("13,000 km from Pyongyang", (39.0392, 125.7625), 13_000_000.0, 2.0),
         ("15,000 km from Pyongyang (beyond a hemisphere)", (39.0392, 125.7625), 15_000_000.0, 2.0)]


def main() -> None:
    speed.REPEATS = 21
    ratios: dict[str, list[float]] = {label: [] for label, *_ in CASES}
    loads = []
    for _ in range(RUNS):
        loads.append(os.getloadavg()[0])
        for label, (lat, lon), range_m, _goal in CASES:
            ratios[label].append(speed.ring_vs_floor(lat, lon, range_m, 50.0)[3])
    loads.append(os.getloadavg()[0])
    rows = ["| ring (50 m tolerance) | ratio to the floor, each run | goal |", "|---|---|---|"]
    for label, *_, goal in CASES:
        runs = ratios[label]
        mark = "met" if max(runs) <= goal else "not met"
        rows.append(f"| {label} | {' · '.join(f'{r:.2f}×' for r in runs)} | ≤ {goal:g}× ({mark}) |")
    text = "\n".join([f"Measured on {machine()}, {RUNS} runs; 1-minute load average "
                      f"{' → '.join(f'{x:.1f}' for x in loads)} across them.", "", *rows]) + "\n"
    (DOCS / "ring-speed.md").write_text("# Rings against the floor, run after run\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
