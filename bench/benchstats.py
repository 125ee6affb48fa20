"""What every benchmark here reports the same way: percentiles, the machine's CPU, and
the table of codes read per decoder.

The scripts run as ``python bench/NAME.py``, so this folder is on ``sys.path`` and they
import this module as ``benchstats``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


def print_read_table(title: str, label: str, rows: Sequence[str], names: Sequence[str],
                     counts: Callable[[str, str], tuple[int, int, int]], *,
                     min_width: int) -> int:
    """Print ``title`` and a table of the codes each decoder (a column of ``names``) read
    per row of ``rows``, in %, with the wrong reads in brackets, and an "all" row over
    every row. ``counts(name, row)`` is (read, codes, wrong). Returns the column width,
    for rows the caller adds below."""
    col = max(min_width, *(len(n) + 2 for n in names))
    print(title)
    print(f"{label:<14}" + "".join(f"{n:>{col}}" for n in names))
    totals = {n: [0, 0] for n in names}
    for row in rows:
        line = f"{row:<14}"
        for name in names:
            read, codes, wrong = counts(name, row)
            totals[name][0] += read
            totals[name][1] += codes
            cell = f"{100 * read / max(1, codes):.0f}" + (f" ({wrong})" if wrong else "")
            line += f"{cell:>{col}}"
        print(line)
    print(f"{'all':<14}" + "".join(f"{100 * read / max(1, codes):>{col}.1f}"
                                   for read, codes in totals.values()))
    return col
