"""Name badges: drawn with QPainter on any QPrinter (a system printer, or a PDF file), and
recorded in the replica's ``badge_prints`` table so that a second print of the same badge
is a deliberate reprint, not an accident."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from kiosk.core.models import Attendee, Event
from kiosk.core.times import local_time
from kiosk.errors import BadgeAlreadyPrinted, KioskError
from kiosk.replica.db import Replica, iso, parse_iso, utcnow

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate

BADGE_SIZE_MM = QSizeF(100, 70)



@dataclass(frozen=True)
class BadgePrint:
    attendee_id: str
    printed_at: datetime
    printer: str
    reprint: bool
    device_id: str = ""


def badge_prints(replica: Replica, attendee_id: str) -> list[BadgePrint]:
    rows = replica.conn.execute(
        "SELECT attendee_id, printed_at, printer, reprint, device_id FROM badge_prints "
        "WHERE attendee_id = ? ORDER BY id", (attendee_id,))
    return [BadgePrint(r[0], parse_iso(r[1]), r[2], bool(r[3]), r[4]) for r in rows]


def record_badge_print(replica: Replica, attendee: Attendee, *, printer: str,
                       reprint: bool) -> BadgePrint:
    now = utcnow()
    with replica.atomic() as conn:
        conn.execute(
            "INSERT INTO badge_prints (attendee_id, printed_at, device_id, printer, "
            "name_printed, reprint) VALUES (?, ?, ?, ?, ?, ?)",
            (attendee.id, iso(now), replica.device_id, printer, attendee.name, int(reprint)))
    return BadgePrint(attendee.id, now, printer, reprint, replica.device_id)


def pdf_printer(path: str | Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def paint_badge(painter: QPainter, rect: QRectF, attendee: Attendee, event_name: str) -> None:
    """Event name on a coloured band, the name as large as fits, organisation and ticket."""
    band = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * 0.2)
    painter.fillRect(band, QColor("#1f5f8b"))
    painter.setPen(QColor("#ffffff"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(int(band.height() * 0.42), 6))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(band.adjusted(rect.width() * 0.04, 0, -rect.width() * 0.04, 0),
                     int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                     event_name)
    painter.setPen(QColor("#111111"))
    name_box = QRectF(rect.left() + rect.width() * 0.05, rect.top() + rect.height() * 0.26,
                      rect.width() * 0.9, rect.height() * 0.4)
    size = int(name_box.height() * 0.45)
    font.setPixelSize(max(size, 6))
    # Shrink long names until they fit in two lines.
    flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    while size > 8:
        font.setPixelSize(size)
        painter.setFont(font)
        bounds = painter.boundingRect(name_box, flags, attendee.name)
        if bounds.height() <= name_box.height() and bounds.width() <= name_box.width():
            break
        size = int(size * 0.9)
    painter.drawText(name_box, flags, attendee.name)
    font.setBold(False)
    font.setPixelSize(max(int(rect.height() * 0.075), 6))
    painter.setFont(font)
    painter.drawText(QRectF(rect.left(), rect.top() + rect.height() * 0.68, rect.width(),
                            rect.height() * 0.12), int(Qt.AlignmentFlag.AlignCenter),
                     attendee.organisation)
    font.setBold(True)
    painter.setFont(font)
    painter.fillRect(QRectF(rect.left(), rect.bottom() - rect.height() * 0.15, rect.width(),
                            rect.height() * 0.15), QColor("#e8eef3"))
    painter.drawText(QRectF(rect.left(), rect.bottom() - rect.height() * 0.15, rect.width(),
                            rect.height() * 0.15), int(Qt.AlignmentFlag.AlignCenter),
                     attendee.ticket_type.upper())


def print_badge(replica: Replica, attendee: Attendee, printer: QPrinter, *, event_name: str,
                reprint: bool = False, event: Event | None = None) -> BadgePrint:
    """Print one badge and record it. Refuses (BadgeAlreadyPrinted) to print a second one
    unless ``reprint`` is True. ``event`` gives the zone of times in messages."""
    previous = badge_prints(replica, attendee.id)
    if previous and not reprint:
        raise BadgeAlreadyPrinted(previous[-1], local_time(previous[-1].printed_at, event))
    printer.setPageLayout(QPageLayout(QPageSize(BADGE_SIZE_MM, QPageSize.Unit.Millimeter),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(printer):
        raise KioskError(translate("Badges", "The printer could not be started."))
    try:
        rect = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        rect.moveTo(0, 0)
        paint_badge(painter, rect, attendee, event_name)
    finally:
        painter.end()
    where = printer.outputFileName() if printer.outputFormat() == \
        QPrinter.OutputFormat.PdfFormat else printer.printerName()
    return record_badge_print(replica, attendee, printer=where or "printer",
                              reprint=bool(previous))
