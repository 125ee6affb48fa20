"""The status bar shown in both modes: online/offline, check-ins waiting to upload, time
of the last sync, attendees in the replica and how many are checked in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.core.models import Event
from kiosk.core.times import local_time


@dataclass
class StatusFigures:
    connection: str = "not_connected"  # online / offline / not_connected / auth
    pending_uploads: int = 0
    #: Check-ins the central list refused (unknown attendee, ...): kept, never resent.
    refused_uploads: int = 0
    last_sync: datetime | None = None
    attendees: int = 0
    checked_in: int = 0
    gate_name: str = ""
    detail: str = ""
    #: Whose zone times are shown in (the event's, not the machine's).
    event: Event | None = None


class StatusBar(QWidget):
    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.figures = StatusFigures()
        self.connection = QLabel(self)
        self.pending = QLabel(self)
        self.last_sync = QLabel(self)
        self.counts = QLabel(self)
        self.gate = QLabel(self)
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        row.setSpacing(24)
        for label in (self.gate, self.connection, self.pending, self.last_sync, self.counts):
            # Small kiosk screens (800x480) must not be widened by the status texts:
            # they are cut short instead.
            # (an explicit minimum width overrides the text's minimum size hint)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(40)
        for label in (self.gate, self.connection, self.pending, self.last_sync):
            row.addWidget(label)
        row.addStretch(1)
        row.addWidget(self.counts)
        self.counts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        size = 18 if large else 13
        self.setStyleSheet(
            f"#statusBar {{ background: #20262c; }} QLabel {{ color: #e8eaed; "
            f"font-size: {size}px; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.show_figures(self.figures)

    def show_figures(self, f: StatusFigures) -> None:
        self.figures = f
        words = {
            "online": self.tr("● Online"),
            "offline": self.tr("○ Offline"),
            "auth": self.tr("⚠ Not paired: pair again"),
            "not_connected": self.tr("○ Not connected to a central list"),
        }
        self.connection.setText(words.get(f.connection, words["offline"]))
        self.connection.setToolTip(f.detail)
        pending = self.tr("Waiting to upload: {n}").format(n=f.pending_uploads)
        if f.refused_uploads:
            pending += "   " + self.tr("⚠ Refused by the central list: {n} (see the desk)").format(
                n=f.refused_uploads)
        self.pending.setText(pending)
        when = local_time(f.last_sync, f.event, seconds=True) if f.last_sync else self.tr("never")
        self.last_sync.setText(self.tr("Last sync: {when}").format(when=when))
        self.counts.setText(self.tr("Checked in: {checked} of {total}").format(
            checked=f.checked_in, total=f.attendees))
        self.gate.setText(f.gate_name)
        self.gate.setVisible(bool(f.gate_name))
