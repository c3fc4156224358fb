"""`rangemap demo` as a whole process against `python -c "import folium, geopandas"` (the floor any folium +
geopandas tool pays), interleaved runs, medians: ``python -m benchmarks.demo_ratio [runs]``."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _seconds(argv) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int = 7) -> dict:
    """Median wall times of both (seconds), their ratio and the median of per-pair ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "seed.html")
        base_argv = [sys.executable, "-c", "import folium, geopandas"]
        demo_argv = [sys.executable, "-m", "rangemap", "demo", "-o", out]
        _seconds(base_argv), _seconds(demo_argv)  # warm the file cache
        pairs = [(_seconds(base_argv), _seconds(demo_argv)) for _ in range(runs)]
    base = statistics.median(b for b, _ in pairs)
    demo = statistics.median(d for _, d in pairs)
    return {"runs": runs, "base_s": base, "demo_s": demo, "ratio": demo / base,
            "pair_ratio": statistics.median(d / b for b, d in pairs)}


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    print(f"import folium, geopandas: {result['base_s']:.2f} s; rangemap demo: {result['demo_s']:.2f} s; "
          f"ratio {result['ratio']:.2f}x (median of pair ratios {result['pair_ratio']:.2f}x, {result['runs']} runs)")
