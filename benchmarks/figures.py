"""How long does a publication figure take? The seed figure as PNG, timed after imports.

    python -m benchmarks.figures      # writes docs/figures.md and docs/seed-figure.png

Times are medians of several runs (building the figure, then writing the PNG); the baseline in the same
run is matplotlib writing an empty figure of the same size, the floor for any PNG this size.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

import rangemap as rm
from benchmarks.common import DOCS, machine
from rangemap.render.figure import ReachFigure, save_figure

REPEATS = 5
TARGET_S = 3.0


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


COLD = """
import time, tempfile, pathlib, matplotlib
import rangemap as rm
from rangemap.render.figure import save_figure
started = time.perf_counter()
save_figure(rm.reach_figure(scenario="seed", cities=True), pathlib.Path(tempfile.mkdtemp()) / "seed.png")
print(time.perf_counter() - started)
"""


def cold_first_figure() -> float:
    """Seconds for the first figure of a fresh process, after imports (reads catalog, cities, borders)."""
    import subprocess

    runs = [float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True,
                                 cwd=DOCS.parent).stdout) for _ in range(3)]
    return statistics.median(runs)


def main() -> int:
    cold = cold_first_figure()
    rm.reach_figure(["koksan"], ["shebekino"])  # warm the catalog and borders caches, as a session would
    builds, saves, floors = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "seed.png"
        for _ in range(REPEATS):
            holder = {}
            builds.append(_time(lambda: holder.setdefault("fig", rm.reach_figure(scenario="seed", cities=True))))
            saves.append(_time(lambda: save_figure(holder["fig"], png)))
            size = holder["fig"].get_size_inches()
            floors.append(_time(lambda: save_figure(ReachFigure(figsize=size, dpi=holder["fig"].dpi), png)))
        save_figure(holder["fig"], DOCS / "seed-figure.png")
    build, save, floor = (statistics.median(v) for v in (builds, saves, floors))
    total = build + save
    verdict = "within" if max(total, cold) <= TARGET_S else "OVER"
    text = f"""# Figure speed

Measured by `python -m benchmarks.figures` on {machine()}, matplotlib {matplotlib.__version__};
medians of {REPEATS} runs after imports and one warm-up figure (catalog and borders are read once per
process), and of 3 fresh processes for the first figure.

| step | seconds |
|---|---:|
| first figure of a fresh process, built and written as PNG (reads catalog, cities, borders) | {cold:.2f} |
| build the seed figure (`rm.reach_figure(scenario="seed", cities=True)`) | {build:.2f} |
| write it as PNG (150 dpi) | {save:.2f} |
| **total** of a later figure | **{total:.2f}** |
| target: {TARGET_S:.0f} s for either ({verdict}) | |
| baseline: write an empty figure of the same size | {floor:.2f} |

![The seed figure](seed-figure.png)
"""
    (DOCS / "figures.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if max(total, cold) <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
