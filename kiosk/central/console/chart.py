"""The live arrivals chart (server-rendered SVG, escaped, no script).

:class:`LiveFigures` holds what the live page shows (computed by
:func:`kiosk.central.console.queries.live` in SQL); :func:`arrivals_svg` draws the buckets
as stacked bars that scale to the page width (a ``viewBox``), readable on a 375 px phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from typing import Any

#: One colour per gate (colour-blind safe: Okabe-Ito), repeated past eight gates.
GATE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                "#F0E442", "#000000")


@dataclass
class LiveFigures:
    day: str
    bucket_minutes: int
    #: [(gate id, gate name)] in display order
    gates: list[tuple[str, str]]
    #: bucket start (local, naive) -> gate id -> arrivals
    buckets: dict[datetime, dict[str, int]] = field(default_factory=dict)
    inside: dict[str, int] = field(default_factory=dict)
    arrived: dict[str, int] = field(default_factory=dict)
    arrived_total: int = 0
    inside_total: int = 0
    by_ticket_type: dict[str, int] = field(default_factory=dict)
    latest: list[dict[str, Any]] = field(default_factory=list)
    entries: int = 0
    #: the highest check-in sequence number seen (the page asks "anything new?")
    last_seq: int = 0


def bucket_start(ts: datetime, minutes: int) -> datetime:
    return ts.replace(minute=ts.minute - ts.minute % minutes, second=0, microsecond=0)


def _nice_max(value: int) -> int:
    for step in (2, 4, 6, 10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return value


def arrivals_svg(figures: LiveFigures, *, now: datetime | None = None,
                 title: str = "Arrivals", empty_text: str = "No arrivals yet") -> str:
    """Stacked bars: one per bucket, one colour per gate, with hour ticks and a legend.

    ``now`` (local, naive) extends the axis to the current bucket so the chart moves with
    time even when nobody arrives."""
    width, height, left, bottom, top = 720, 260, 40, 28, 12
    minutes = figures.bucket_minutes
    starts = sorted(figures.buckets)
    if now is not None:
        starts.append(bucket_start(now, minutes))
    if not starts:
        first = last = bucket_start(datetime(2000, 1, 1, 9), minutes)
    else:
        first, last = min(starts), max(starts)
        first = max(first, last - timedelta(hours=12))  # at most 12 h on one chart
        first = min(first, last - timedelta(hours=2))   # at least 2 h, so bars stay thin
        first = bucket_start(first, 60)
    count = int((last - first).total_seconds() // (minutes * 60)) + 1
    totals = [sum(figures.buckets.get(first + timedelta(minutes=minutes * i), {}).values())
              for i in range(count)]
    peak = _nice_max(max(totals, default=0) or 1)
    plot_w, plot_h = width - left - 8, height - bottom - top
    bar_w = plot_w / count
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'class="chart" role="img" aria-label="{escape(title)}">',
           f"<title>{escape(title)}</title>"]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                   'class="grid"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" class="ylabel">'
                   f"{int(peak * frac)}</text>")
    colours = {g: GATE_COLOURS[i % len(GATE_COLOURS)] for i, (g, _) in enumerate(figures.gates)}
    for i in range(count):
        start = first + timedelta(minutes=minutes * i)
        x = left + i * bar_w
        y = top + plot_h
        for gate, _ in figures.gates:
            n = figures.buckets.get(start, {}).get(gate, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            out.append(f'<rect x="{x + 0.5:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                       f'height="{h:.1f}" fill="{colours[gate]}" data-gate="{escape(gate)}">'
                       f"<title>{start:%H:%M} {escape(dict(figures.gates)[gate])}: {n}"
                       "</title></rect>")
        if start.minute == 0 and (count <= 60 or start.hour % 2 == 0):
            out.append(f'<text x="{x:.1f}" y="{height - 10}" class="xlabel">'
                       f"{start:%H:%M}</text>")
    if not any(totals):
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" '
                   f'class="empty">{escape(empty_text)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend(figures: LiveFigures) -> list[dict[str, str]]:
    return [{"id": g, "name": name, "colour": GATE_COLOURS[i % len(GATE_COLOURS)]}
            for i, (g, name) in enumerate(figures.gates)]
