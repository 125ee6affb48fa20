"""What every benchmark here reports the same way: percentiles and the machine's CPU.

The scripts run as ``python bench/NAME.py``, so this folder is on ``sys.path`` and they
import this module as ``benchstats``.
"""

from __future__ import annotations

from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by nearest rank over the sorted samples; NaN if none."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or "" where that cannot be read."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""
