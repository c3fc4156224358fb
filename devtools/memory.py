"""Peak memory of this process, measured so that nothing else can inflate it.

``resource.getrusage(...).ru_maxrss`` is not safe for this: Linux carries the larger of the parent's and
the child's high-water mark across ``fork``/``exec``, so a child started by a 600 MB test runner reports
at least 600 MB whatever it does. ``VmHWM`` in ``/proc/self/status`` belongs to the process's own
address space (new at ``exec``) and can be reset with ``/proc/self/clear_refs``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["peak_rss_mb", "reset_peak_rss"]


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started or since :func:`reset_peak_rss` (MB)."""
    return _status_kb("VmHWM") / 1024


def reset_peak_rss() -> float:
    """Start measuring the peak afresh from the present resident memory; returns that memory (MB)."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS") / 1024
