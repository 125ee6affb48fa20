"""Console exports: attendance CSV (formula-safe), an XLSX workbook and a one-page PDF
attendance report per day (with the arrivals chart)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kiosk.central.api.organiser import CHECKIN_COLUMNS, spreadsheet_safe
from kiosk.central.console.chart import GATE_COLOURS, LiveFigures
from kiosk.central.console.queries import ATTENDANCE_COLUMNS


def attendance_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ATTENDANCE_COLUMNS)
    for r in rows:
        writer.writerow([spreadsheet_safe(r.get(c)) for c in ATTENDANCE_COLUMNS])
    return out.getvalue()


def _arrivals_drawing(figures: LiveFigures, width: float, font: str, empty: str) -> Any:
    """The report's arrivals chart: per 15 minutes, stacked per gate."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    starts = sorted(figures.buckets)
    drawing = Drawing(width, 70 * mm)
    if starts:
        chart = VerticalBarChart()
        chart.x, chart.y = 25, 30
        chart.width, chart.height = width - 40, 70 * mm - 45
        chart.categoryAxis.style = "stacked"
        chart.data = [[figures.buckets.get(s, {}).get(g, 0) for s in starts]
                      for g, _ in figures.gates] or [[0]]
        chart.categoryAxis.categoryNames = [s.strftime("%H:%M") if i % 4 == 0 else ""
                                            for i, s in enumerate(starts)]
        chart.categoryAxis.labels.fontName = font
        chart.valueAxis.labels.fontName = font
        chart.valueAxis.valueMin = 0
        for i in range(len(figures.gates)):
            chart.bars[i].fillColor = colors.HexColor(GATE_COLOURS[i % len(GATE_COLOURS)])
            chart.bars[i].strokeColor = None
        drawing.add(chart)
    else:
        drawing.add(String(20, 100, empty, fontName=font, fontSize=12))
    return drawing


def _sheet(wb: Any, title: str, columns: Sequence[str], rows: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(columns))
    for r in rows:
        values = [r.get(c) for c in columns]
        ws.append([v if isinstance(v, int | float) and not isinstance(v, bool)
                   else "" if v is None else str(v) for v in values])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                # Text stays text: openpyxl would store "=..." as a formula otherwise.
                cell.data_type = "s"
    ws.freeze_panes = "A2"
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(10, min(40, len(c) + 14))


def workbook(attendance_rows: list[dict[str, Any]], checkin_rows: list[dict[str, Any]]) -> bytes:
    """An XLSX workbook: "Attendance" and "Check-ins" sheets; every text cell is stored as
    text (a name like ``=HYPERLINK(...)`` is never a formula)."""
    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    _sheet(wb, "Attendance", ATTENDANCE_COLUMNS, attendance_rows)
    _sheet(wb, "Check-ins", CHECKIN_COLUMNS, checkin_rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def day_report_pdf(*, event_name: str, figures: LiveFigures, attendees: int,
                   labels: dict[str, str]) -> bytes:
    """One A4 page: the event and day, totals, the arrivals chart (per 15 minutes, per
    gate), arrived/inside per gate and per ticket type."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from kiosk.tickets.render import _fonts

    font, bold = _fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setTitle(f"{event_name} {figures.day}")
    w, h = A4
    x0, y = 18 * mm, h - 22 * mm
    c.setFont(bold, 18)
    c.drawString(x0, y, f"{event_name} — {figures.day}")
    y -= 10 * mm
    c.setFont(font, 12)
    c.drawString(x0, y, f"{labels['arrived']}: {figures.arrived_total} / {attendees}    "
                        f"{labels['inside']}: {figures.inside_total}    "
                        f"{labels['entries']}: {figures.entries}")
    y -= 8 * mm
    drawing = _arrivals_drawing(figures, w - 36 * mm, font, labels["none"])
    y -= 70 * mm
    drawing.drawOn(c, x0, y)
    y -= 6 * mm
    c.setFont(bold, 12)
    c.drawString(x0, y, labels["gate"])
    c.drawRightString(x0 + 120 * mm, y, labels["arrived"])
    c.drawRightString(x0 + 160 * mm, y, labels["inside"])
    c.setFont(font, 11)
    for i, (gid, name) in enumerate(figures.gates):
        y -= 6 * mm
        c.setFillColor(colors.HexColor(GATE_COLOURS[i % len(GATE_COLOURS)]))
        c.rect(x0, y - 1, 8, 8, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.drawString(x0 + 12, y, name[:60])
        c.drawRightString(x0 + 120 * mm, y, str(figures.arrived.get(gid, 0)))
        c.drawRightString(x0 + 160 * mm, y, str(figures.inside.get(gid, 0)))
    y -= 10 * mm
    c.setFont(bold, 12)
    c.drawString(x0, y, labels["ticket_type"])
    c.setFont(font, 11)
    for kind, n in sorted(figures.by_ticket_type.items()):
        y -= 6 * mm
        if y < 20 * mm:
            break
        c.drawString(x0, y, (kind or "—")[:60])
        c.drawRightString(x0 + 120 * mm, y, str(n))
    c.setFont(font, 8)
    c.setFillGray(0.4)
    c.drawString(x0, 10 * mm, f"{labels['generated']} {datetime.now():%Y-%m-%d %H:%M}")
    c.showPage()
    c.save()
    return out.getvalue()
