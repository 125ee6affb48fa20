"""The status bar shown in both modes: online/offline, check-ins waiting to upload, time
of the last sync, attendees in the replica and how many are checked in.

Offline is a large, calm badge staff can read from across the hall (with the backlog in
it), not an alarm for the attendees. A stand-alone kiosk (no central list) shows no
upload counter and no last sync: there is nowhere to upload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.core.models import Event
from kiosk.core.times import local_time
from kiosk.gui.ui.text import DataLabel, widest_word


@dataclass
class StatusFigures:
    connection: str = "not_connected"  # online / offline / not_connected / auth / portal
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
    #: Paired over plain HTTP: the token and the list travel unencrypted.
    insecure: bool = False
    #: ``(rows, total)`` while the first download of a large list is under way.
    downloading: tuple[int, int] | None = None


class StatusBar(QWidget):
    def __init__(self, parent: QWidget | None = None, *, large: bool = False,
                 at_desk: bool = False) -> None:
        super().__init__(parent)
        #: Read by a desk's staff (who are the desk): no "see the desk".
        self.at_desk = at_desk
        self.setObjectName("statusBar")
        self.figures = StatusFigures()
        # Wrapping labels: on a small screen (800x480) a figure takes two lines rather
        # than being chopped mid-word or widening the window.
        self.connection = QLabel(self)
        self.pending = DataLabel(self)
        self.last_sync = DataLabel(self)
        self.counts = DataLabel(self)
        self.gate = DataLabel(self)
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        row.setSpacing(24)
        self.connection.setTextFormat(Qt.TextFormat.PlainText)
        # On a narrow screen the badge ("Offline: Wi-Fi needs a login") takes two lines
        # rather than widening the window past the screen.
        self.connection.setWordWrap(True)
        self.connection.setSizePolicy(QSizePolicy.Policy.Preferred,
                                      QSizePolicy.Policy.Preferred)
        for label in (self.gate, self.connection, self.pending, self.last_sync):
            row.addWidget(label, 1 if label is not self.connection else 0)
        row.addWidget(self.counts, 1)
        self.counts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        size = 18 if large else 13
        self.large = large
        self.setStyleSheet(
            f"#statusBar {{ background: #20262c; }} QLabel {{ color: #e8eaed; "
            f"font-size: {size}px; }}"
            f"QLabel#offlineBadge {{ background: #6b5400; color: #fff6d5; font-weight: bold;"
            f" font-size: {size + (10 if large else 3)}px; padding: 2px 14px;"
            f" border-radius: 6px; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.show_figures(self.figures)

    def show_figures(self, f: StatusFigures) -> None:
        self.figures = f
        words = {
            "online": self.tr("● Online"),
            "offline": self.tr("○ Offline"),
            "auth": self.tr("⚠ Not paired: pair again"),
            "portal": self.tr("⚠ Offline: Wi-Fi needs a login"),
            "not_connected": self.tr("Stand-alone"),
        }
        offline = f.connection not in ("online", "not_connected")
        insecure = f.insecure and f.connection != "not_connected"
        text = words.get(f.connection, words["offline"])
        if offline and f.pending_uploads:
            text += "  ·  " + self.tr("{n} waiting").format(n=f.pending_uploads)
        if insecure:
            text += "  ·  " + self.tr("⚠ Not encrypted (plain HTTP)")
        self.connection.setText(text)
        tip = f.detail
        if insecure:
            tip = (tip + "\n" if tip else "") + self.tr(
                "This kiosk talks to the central list over plain HTTP: anyone on this "
                "network can read its token and the attendee list. Ask the organiser to "
                "run the central list with HTTPS and pair the kiosk again.")
        self.connection.setToolTip(tip)
        # the badge staff read from across the hall: offline, or not encrypted
        self.connection.setObjectName("offlineBadge" if offline or insecure else "")
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)
        standalone = f.connection == "not_connected"
        # Offline, the badge holds the waiting count already: said once.
        self.pending.setVisible(not standalone and bool(
            (f.pending_uploads and not offline) or f.refused_uploads))
        self.last_sync.setVisible(not standalone)
        pending = self.tr("Waiting to upload: {n}").format(n=f.pending_uploads)
        if f.refused_uploads:
            refused = self.tr("⚠ Refused by the central list: {n} (the organisers see "
                              "them)") if self.at_desk else \
                self.tr("⚠ Refused by the central list: {n} (see the desk)")
            pending += "   " + refused.format(n=f.refused_uploads)
        self.pending.setText(pending)
        when = local_time(f.last_sync, f.event, seconds=True) if f.last_sync else self.tr("never")
        self.last_sync.setText(self.tr("Last sync: {when}").format(when=when))
        if f.downloading is not None:
            done, total = f.downloading
            self.last_sync.setText(self.tr("Downloading the list: {done} of {total}").format(
                done=f"{done:,}", total=f"{total:,}"))
        self.counts.setText(self.tr("Checked in: {checked} of {total}").format(
            checked=f.checked_in, total=f.attendees))
        self.gate.setText(f.gate_name)
        self.gate.setVisible(bool(f.gate_name))
        for label in (self.gate, self.pending, self.last_sync, self.counts):
            # Narrow (800x480, the offline badge wide): a figure wraps word by word,
            # never cut inside a word.
            word = widest_word(label)
            label.setMinimumWidth(max(20, word[1] + 4) if word else 20)
