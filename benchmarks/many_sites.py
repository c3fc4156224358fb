"""Many launch sites against the catalog's places (issue 24): the k-d tree against the grid it replaces.

    python -m benchmarks.many_sites        # writes docs/many-sites.md

Sites are uniform over the theatre (lat 45–56°, lon 33–48°), where every place near them has thousands of
sites within range: the case where listing every (place, site) pair within range was the cost. The CLI
rows run ``rangemap targets --sites-file`` in a fresh process (wall clock and peak memory); the ratio rows
time ``targets_in_reach`` with and without scipy in the same run.
"""

from __future__ import annotations

import builtins
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import rangemap as rm
from benchmarks.common import DOCS, machine
from benchmarks.scale import run_child

SYSTEMS = ["hwasong-11", "koksan-m1989"]


def theatre_sites(n: int, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"name": [f"s{i}" for i in range(n)], "lat": rng.uniform(45, 56, n),
                         "lon": rng.uniform(33, 48, n)})


def timed_targets(reach, scipy: bool) -> float:
    real = builtins.__import__

    def without_scipy(name, *args, **kwargs):
        if name.startswith("scipy"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    builtins.__import__ = real if scipy else without_scipy
    try:
        started = time.perf_counter()
        rm.targets_in_reach(reach)
        return time.perf_counter() - started
    finally:
        builtins.__import__ = real


def main() -> None:
    load = os.getloadavg()
    rows = ["| What | Sites × systems | Time | Peak memory | Target |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="rangemap-sites-") as tmp:
        for n, systems, target in ((1_000_000, SYSTEMS, "≤ 30 s, < 2 GB"),
                                   (10_000, list(rm.systems()["id"][:30]), "≤ 10 s")):
            path = Path(tmp) / f"sites{n}.csv"
            theatre_sites(n).to_csv(path, index=False, float_format="%.5f")
            res = run_child({"argv": ["targets", "--system", *systems, "--sites-file", str(path), "-o",
                                      str(Path(tmp) / "out.csv")]})
            rows.append(f"| `rangemap targets --sites-file` | {n:,} × {len(systems)} | {res['seconds']:.1f} s | "
                        f"{res['peak_mb']:,.0f} MB | {target} |")
            print(rows[-1], file=sys.stderr)
    for n in (10_000, 30_000):
        reach = rm.reach(SYSTEMS, theatre_sites(n), geometry=False)
        grid, tree = timed_targets(reach, scipy=False), timed_targets(reach, scipy=True)
        rows.append(f"| `targets_in_reach`, grid (no scipy) vs k-d tree | {n:,} × 2 | {grid:.1f} s vs {tree:.2f} s "
                    f"| — | {grid / tree:.0f}× faster |")
        print(rows[-1], file=sys.stderr)
    text = "\n".join([f"Measured on {machine()}; load average {load[0]:.1f} before the run, "
                      f"{os.getloadavg()[0]:.1f} after.", "", *rows, "",
                      "Both paths give the same table (tests/test_nearest.py checks them against each other and "
                      "against brute force with geographiclib). Without scipy (`pip install rangemap[index]`) "
                      "the grid path runs, as before."]) + "\n"
    (DOCS / "many-sites.md").write_text("# Many launch sites against the catalog's places\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
