"""What a new user pays before the first map: ``make demo`` on a fresh clone, from nothing.

Clones this repository (its committed HEAD) into a temporary folder, runs ``make demo`` there (a venv with
the runtime dependencies only, then the seed map) and reports the wall time to the first map, the venv's
size on disk (as ``du -sk`` counts it) and the machine's load (``os.getloadavg``) before and after.
``--test`` then runs ``make .venv/.installed`` (the test extra on top) and reports that venv's size too.
pip's cache is whatever this machine has (a warm cache downloads nothing). A benchmark, not a test:

    python -m benchmarks.install [--test]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE_BUDGET_MB = 400  # the demo venv (issue 24)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def _size_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], check=True, capture_output=True, text=True).stdout
    return int(out.split()[0]) / 1024.0


def _timed(argv, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(test: bool = False) -> dict:
    """Seconds to the first map, the demo venv's size (MB) and the load around it; with ``test``, the
    extra seconds and the size once the test extra is added."""
    make = shutil.which("make")
    if make is None:
        raise SystemExit("benchmarks.install needs make")
    with tempfile.TemporaryDirectory(prefix="rangemap-install-") as tmp:
        clone = Path(tmp) / "rangemap"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        result: dict = {"load_before": _load(), "cpus": os.cpu_count()}
        result["demo_s"] = _timed([make, "demo"], clone)
        result["load_after"] = _load()
        result["demo_mb"] = _size_mb(clone / ".venv")
        result["map_mb"] = (clone / "out" / "seed-map.html").stat().st_size / 1e6
        if test:
            result["test_extra_s"] = _timed([make, ".venv/.installed"], clone)
            result["test_mb"] = _size_mb(clone / ".venv")
            result["load_after_test"] = _load()
    return result


def report(result: dict) -> str:
    lines = [f"make demo on a fresh clone: first map after {result['demo_s']:.0f} s; demo venv "
             f"{result['demo_mb']:.0f} MB (budget {SIZE_BUDGET_MB} MB); map {result['map_mb']:.2f} MB",
             f"load average (1/5/15 min) on {result['cpus']} cores: {result['load_before']} before, "
             f"{result['load_after']} after"]
    if "test_mb" in result:
        lines.append(f"make .venv/.installed (the test extra on top): {result['test_extra_s']:.0f} s more, venv "
                     f"{result['test_mb']:.0f} MB; load then {result['load_after_test']}")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.install", description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="also add the test extra and measure again")
    outcome = measure(parser.parse_args().test)
    print(report(outcome))
    sys.exit(0 if outcome["demo_mb"] < SIZE_BUDGET_MB else 1)
