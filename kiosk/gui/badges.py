"""Name badges: drawn with QPainter on any QPrinter (a system printer, or a PDF file), and
recorded in the replica (:mod:`kiosk.replica.badges`: queued for the central list, and
other desks' prints come back from it) so that a second print of the same badge, at any
desk, is a deliberate reprint, not an accident."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from kiosk.core.models import Attendee, Event
from kiosk.core.times import local_time
from kiosk.errors import BadgeAlreadyPrinted, PrinterUnavailable
from kiosk.gui.ui.text import breakable
from kiosk.replica.badges import BadgePrint as BadgePrint
from kiosk.replica.badges import badge_prints as badge_prints
from kiosk.replica.badges import record_badge_print as record_badge_print
from kiosk.replica.db import Replica
from kiosk.tickets.render import qr_png_bytes

BADGE_SIZE_MM = QSizeF(100, 70)



def pdf_printer(path: str | Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def fit_font(painter: QPainter, font: QFont, box: QRectF, text: str, flags: int,
             start_px: int, min_px: int = 6) -> QRectF:
    """Shrink ``font`` from ``start_px`` until ``text`` fits ``box``; sets it on the
    painter and returns the text's bounding rectangle."""
    size = max(start_px, min_px)
    while True:
        font.setPixelSize(size)
        painter.setFont(font)
        bounds = painter.boundingRect(box, flags, text)
        if (bounds.height() <= box.height() and bounds.width() <= box.width()) \
                or size <= min_px:
            return bounds
        size = max(int(size * 0.92), min_px)


@dataclass
class BadgeLayout:
    """Where each text went (for tests: everything inside the badge, nothing cut)."""

    badge: QRectF
    boxes: dict[str, tuple[QRectF, QRectF]]  # part -> (box, text bounds)


def paint_badge(painter: QPainter, rect: QRectF, attendee: Attendee, event_name: str
                ) -> BadgeLayout:
    """Event name on a coloured band, the name as large as fits (two lines at most),
    organisation and ticket type, and the ticket's QR when the attendee has a code.
    Every text shrinks to fit its box: long names and event names are never cut."""
    boxes: dict[str, tuple[QRectF, QRectF]] = {}
    pad = rect.width() * 0.04
    band = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * 0.2)
    painter.fillRect(band, QColor("#1f5f8b"))
    painter.setPen(QColor("#ffffff"))
    font = QFont("DejaVu Sans")
    font.setBold(True)
    one_line = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
    box = band.adjusted(pad, 0, -pad, 0)
    boxes["event"] = (box, fit_font(painter, font, box, event_name, one_line,
                                    int(band.height() * 0.42)))
    painter.drawText(box, one_line, event_name)
    qr_side = rect.height() * 0.36 if attendee.code else 0.0
    painter.setPen(QColor("#111111"))
    name_box = QRectF(rect.left() + pad, rect.top() + rect.height() * 0.24,
                      rect.width() - 2 * pad, rect.height() * 0.36)
    wrap = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
    name = breakable(attendee.name)
    boxes["name"] = (name_box, fit_font(painter, font, name_box, name, wrap,
                                        int(name_box.height() * 0.45)))
    painter.drawText(name_box, wrap, name)
    font.setBold(False)
    org_box = QRectF(rect.left() + pad, rect.top() + rect.height() * 0.62,
                     rect.width() - 3 * pad - qr_side, rect.height() * 0.2)
    org = breakable(attendee.organisation)
    boxes["organisation"] = (org_box, fit_font(painter, font, org_box, org, wrap,
                                               int(rect.height() * 0.075)))
    painter.drawText(org_box, wrap, org)
    strip = QRectF(rect.left(), rect.bottom() - rect.height() * 0.15,
                   rect.width() - qr_side - 2 * pad, rect.height() * 0.15)
    painter.fillRect(QRectF(rect.left(), strip.top(), rect.width(), strip.height()),
                     QColor("#e8eef3"))
    font.setBold(True)
    ticket = attendee.ticket_type.upper()
    centre = int(Qt.AlignmentFlag.AlignCenter)
    boxes["ticket"] = (strip, fit_font(painter, font, strip, ticket, centre,
                                       int(rect.height() * 0.075)))
    painter.drawText(strip, centre, ticket)
    if attendee.code:
        # The ticket's QR, so a badge scans at any gate like the ticket itself.
        image = QImage.fromData(qr_png_bytes(attendee.code, box_size=6, border=2))
        qr_box = QRectF(rect.right() - pad - qr_side, rect.bottom() - pad * 0.5 - qr_side,
                        qr_side, qr_side)
        painter.drawImage(qr_box, image)
        boxes["qr"] = (qr_box, qr_box)
    return BadgeLayout(rect, boxes)


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
        raise PrinterUnavailable("The badge printer could not be started.")
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
