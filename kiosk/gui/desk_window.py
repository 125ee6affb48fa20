"""Registration desk mode: staff search, check people in and out by hand, undo a mistake,
register walk-ins, print badges, and see today's counts per gate. Scans (camera or USB
scanner) go through the same flow and select the scanned attendee."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.models import Attendee, AttendeeStatus, Direction
from kiosk.errors import KioskError
from kiosk.gui.badges import BadgePrint, badge_prints, pdf_printer, print_badge
from kiosk.gui.context import AppContext
from kiosk.gui.controller import ShownVerdict
from kiosk.gui.dialogs import PinDialog, WalkinDialog
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.gui.ui.banner import Banner
from kiosk.gui.ui.preview import PreviewWidget
from kiosk.gui.ui.status_bar import StatusBar
from kiosk.gui.ui.verdict_panel import VerdictPanel
from kiosk.gui.verdict_text import verdict_label

log = logging.getLogger(__name__)


class DeskWindow(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.selected: Attendee | None = None
        #: The last check-in made here, for undo: (checkin id, attendee name).
        self.last_checkin: tuple[str, str] | None = None
        #: Asked before a second badge for the same person; returns True to reprint.
        self.confirm_reprint: Callable[[BadgePrint], bool] = self._ask_reprint
        #: Where badges go: None asks with the print dialog (any printer, or PDF).
        self.badge_pdf_path: Path | None = None
        self.walkin_dialog: WalkinDialog | None = None
        self.setWindowTitle(self.tr("Registration desk"))
        self.banner = Banner(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, e-mail, organisation or code"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.walkin_button = QPushButton(self.tr("Register a walk-in…"), self)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.pin_dialog: PinDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(80)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.results.currentItemChanged.connect(self._result_chosen)
        self.walkin_button.clicked.connect(self.open_walkin)
        self.settings_button.clicked.connect(self.ask_pin_for_settings)

        self.name = QLabel(self)
        font = QFont(self.name.font())
        font.setPixelSize(26)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        self.email = QLabel(self)
        self.organisation = QLabel(self)
        self.ticket_type = QLabel(self)
        self.code = QLabel(self)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attendee_status = QLabel(self)
        self.hand_over = QLabel(self)
        self.hand_over.setWordWrap(True)
        self.today = QLabel(self)
        self.today.setWordWrap(True)
        self.badge_state = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Organisation"), self.organisation)
        form.addRow(self.tr("Ticket type"), self.ticket_type)
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Status"), self.attendee_status)
        form.addRow(self.tr("Hand over"), self.hand_over)
        form.addRow(self.tr("Today"), self.today)
        form.addRow(self.tr("Badge"), self.badge_state)
        self.check_in_button = QPushButton(self.tr("Check in"), self)
        self.check_out_button = QPushButton(self.tr("Check out"), self)
        self.undo_button = QPushButton(self.tr("Undo last check-in"), self)
        self.print_button = QPushButton(self.tr("Print badge…"), self)
        self.check_in_button.clicked.connect(lambda: self.manual(Direction.ENTRY))
        self.check_out_button.clicked.connect(lambda: self.manual(Direction.EXIT))
        self.undo_button.clicked.connect(self.undo_last)
        self.print_button.clicked.connect(lambda: self.print_selected_badge())
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(lambda: self.undo_button.setEnabled(False))
        actions = QHBoxLayout()
        for b in (self.check_in_button, self.check_out_button, self.undo_button,
                  self.print_button):
            b.setMinimumHeight(40)
            actions.addWidget(b)

        details = QGroupBox(self.tr("Attendee"), self)
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.name)
        details_layout.addLayout(form)
        details_layout.addStretch(1)
        details_layout.addLayout(actions)

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        left.addWidget(self.walkin_button)
        left.addWidget(self.settings_button)

        self.preview = PreviewWidget(self)
        self.preview.setMinimumSize(320, 180)
        self.verdict = VerdictPanel(self, compact=True,
                                    seconds=float(context.settings.get("verdict_seconds")))
        self.verdict.setMinimumHeight(150)
        self.verdict.setMaximumHeight(240)
        self.verdict.hide()
        self.verdict.expired.connect(self.verdict.hide)
        self.counts = QTableWidget(0, 2, self)
        self.counts.setHorizontalHeaderLabels([self.tr("Gate"), self.tr("Checked in today")])
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setStretchLastSection(True)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        right = QVBoxLayout()
        right.addWidget(self.preview, 2)
        right.addWidget(self.verdict, 2)
        right.addWidget(QLabel(self.tr("Today per gate"), self))
        right.addWidget(self.counts, 1)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(details, 4)
        body.addLayout(right, 3)
        self.status = StatusBar(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        inner = QWidget(self)
        inner.setLayout(body)
        layout.addWidget(inner, 1)
        layout.addWidget(self.status)
        self._connect()
        self.show_attendee(None)
        self.refresh_counts()

    def _connect(self) -> None:
        c = self.context
        c.controller.verdict_ready.connect(self.show_verdict)
        c.controller.problem.connect(self.banner.show_message)
        c.controller.data_changed.connect(self.refresh_counts)
        c.status_changed.connect(self.status.show_figures)
        if c.camera is not None:
            c.camera.frame_ready.connect(self._frame)
            c.camera.state_changed.connect(self._camera_state)
            self.preview.painted.connect(c.camera.preview_consumed)
        else:
            self.preview.set_message(self.tr("No camera"))

    def show_window(self) -> None:
        self.resize(1366, 800)
        self.show()
        self.search.setFocus()

    def _frame(self, image: QImage) -> None:
        self.preview.set_frame(image)

    def _camera_state(self, state: str, message: str) -> None:
        if state == "unavailable":
            log.warning("camera unavailable: %s", message)
            self.banner.show_message(self.tr("The camera is not available. Retrying…"))
            self.preview.set_message(self.tr("No camera picture"))
        elif state == "running":
            self.banner.clear_message()
            self.preview.set_message("")

    # -- search and details ------------------------------------------------------------

    def run_search(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        if not text or self.context.closed:
            return
        try:
            found = self.context.replica.search(text, limit=50)
        except KioskError as exc:
            self.banner.show_message(str(exc))
            return
        for a in found:
            parts = [a.name or a.id, a.organisation, a.ticket_type]
            if a.status == AttendeeStatus.CANCELLED:
                parts.append(self.tr("cancelled"))
            item = QListWidgetItem(" — ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _result_chosen(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        attendee = self.context.replica.get_attendee(item.data(Qt.ItemDataRole.UserRole))
        self.show_attendee(attendee)

    def show_attendee(self, attendee: Attendee | None) -> None:
        self.selected = attendee
        has = attendee is not None
        for b in (self.check_in_button, self.check_out_button, self.print_button):
            b.setEnabled(has)
        self.undo_button.setEnabled(self.last_checkin is not None and
                                    self._undo_timer.isActive())
        if attendee is None:
            self.name.setText(self.tr("Search or scan to find an attendee"))
            for label in (self.email, self.organisation, self.ticket_type, self.code,
                          self.attendee_status, self.hand_over, self.today, self.badge_state):
                label.setText("")
            return
        self.name.setText(attendee.name or attendee.id)
        self.email.setText(attendee.email)
        self.organisation.setText(attendee.organisation)
        self.ticket_type.setText(attendee.ticket_type)
        self.code.setText((attendee.code or "")[:24] + ("…" if len(attendee.code or "") > 24
                                                         else ""))
        self.attendee_status.setText(self.tr("Cancelled") if attendee.status ==
                                     AttendeeStatus.CANCELLED else self.tr("Valid"))
        self.hand_over.setText("\n".join(f"{k}: {v}" for k, v in attendee.details.items()
                                         if str(v)))
        names = self.context.controller.gate_names()
        passages = self.context.controller.attendee_checkins_today(attendee.id)
        if passages:
            words = {Direction.ENTRY: self.tr("in"), Direction.EXIT: self.tr("out")}
            self.today.setText(", ".join(
                f"{self.context.controller.local_time(c.scanned_at)} "
                f"{words.get(c.direction, '')} "
                f"{names.get(c.gate_id, c.gate_id)}" for c in passages))
        else:
            self.today.setText(self.tr("Not checked in yet"))
        prints = badge_prints(self.context.replica, attendee.id)
        if prints:
            self.badge_state.setText(self.tr("Printed {n}×, last at {time}").format(
                n=len(prints),
                time=self.context.controller.local_time(prints[-1].printed_at)))
            self.print_button.setText(self.tr("Reprint badge…"))
        else:
            self.badge_state.setText(self.tr("Not printed yet"))
            self.print_button.setText(self.tr("Print badge…"))

    # -- actions ---------------------------------------------------------------------

    def show_verdict(self, shown: ShownVerdict) -> None:
        self.verdict.show_verdict(shown.text)
        self.verdict.show()
        self.verdict.repaint()
        self.context.note_shown(shown)
        result = shown.result
        if result.checkin_id and result.direction == Direction.ENTRY:
            self.last_checkin = (result.checkin_id,
                                 result.attendee.name if result.attendee else "")
            self.undo_button.setEnabled(True)
            self._undo_timer.start(int(self.context.settings.get("undo_window_seconds")) * 1000)
        if result.attendee is not None:
            attendee = self.context.replica.get_attendee(result.attendee.id) or result.attendee
            self.show_attendee(attendee)
        log.info("%s: %s", verdict_label(result.verdict), result.text[:40])

    def manual(self, direction: Direction) -> None:
        if self.selected is None:
            return
        self.context.controller.check_in_attendee(self.selected.id, direction=direction)

    def undo_last(self) -> None:
        if self.last_checkin is None:
            return
        checkin_id, name = self.last_checkin
        window = int(self.context.settings.get("undo_window_seconds"))
        try:
            self.context.controller.undo(checkin_id, window_seconds=window)
        except KioskError as exc:
            self.banner.show_message(self.tr("Cannot undo: {reason}").format(reason=exc))
            return
        self.last_checkin = None
        self.undo_button.setEnabled(False)
        self.banner.show_message(self.tr("Check-in of {name} undone.").format(name=name))
        QTimer.singleShot(5000, self.banner.clear_message)
        if self.selected is not None:
            self.show_attendee(self.context.replica.get_attendee(self.selected.id))

    def open_walkin(self) -> None:
        types = sorted({a.ticket_type for a in self.context.replica.attendees(limit=2000)
                        if a.ticket_type})
        self.walkin_dialog = WalkinDialog(types, self)
        self.walkin_dialog.accepted.connect(self._walkin_accepted)
        self.walkin_dialog.open()

    def _walkin_accepted(self) -> None:
        assert self.walkin_dialog is not None
        values = self.walkin_dialog.values()
        try:
            attendee = self.context.controller.register_walkin(**values)
        except KioskError as exc:
            self.banner.show_message(self.tr("The walk-in could not be registered: "
                                             "{reason}").format(reason=exc))
            return
        self.show_attendee(attendee)
        if self.walkin_dialog.check_in_now.isChecked():
            self.context.controller.check_in_attendee(attendee.id)

    def print_selected_badge(self, printer: QPrinter | None = None) -> BadgePrint | None:
        """Print the selected attendee's badge; a second one only after confirmation."""
        attendee = self.selected
        if attendee is None:
            return None
        previous = badge_prints(self.context.replica, attendee.id)
        if previous and not self.confirm_reprint(previous[-1]):
            return None
        if printer is None:
            if self.badge_pdf_path is not None:
                printer = pdf_printer(self.badge_pdf_path)
            else:
                printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                dialog = QPrintDialog(printer, self)
                if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                    return None
        event = self.context.controller.current_event()
        try:
            record = print_badge(self.context.replica, attendee, printer,
                                 event_name=event.name if event else "", event=event,
                                 reprint=bool(previous))
        except KioskError as exc:
            self.banner.show_message(self.tr("The badge could not be printed: {reason}")
                                     .format(reason=exc))
            return None
        self.show_attendee(attendee)
        return record

    def _ask_reprint(self, previous: BadgePrint) -> bool:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Reprint badge?"))
        box.setText(self.tr("A badge for this person was already printed at {time}. "
                            "Print another one?").format(
            time=self.context.controller.local_time(previous.printed_at)))
        # Our own button words: Qt ships no Indonesian translation of its standard ones.
        reprint = box.addButton(self.tr("Print again"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Do not print"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is reprint

    def ask_pin_for_settings(self) -> None:
        """Settings are staff-only at the desk too: the PIN first."""
        self.pin_dialog = PinDialog(self.context.settings.check_pin, self)
        self.pin_dialog.unlocked.connect(self.open_settings)
        self.pin_dialog.open()

    def open_settings(self) -> None:
        self.settings_dialog = SettingsDialog(self.context.settings, self.context.replica,
                                              self)
        self.settings_dialog.accepted.connect(self.context.apply_settings)
        self.settings_dialog.open()

    def refresh_counts(self) -> None:
        rows = self.context.controller.counts_by_gate_today()
        self.counts.setRowCount(len(rows))
        for i, (name, count) in enumerate(rows):
            self.counts.setItem(i, 0, QTableWidgetItem(name))
            item = QTableWidgetItem(str(count))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.setItem(i, 1, item)

    def force_close(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        # A search or undo timer must not fire against a replica that is closing.
        self._search_timer.stop()
        self._undo_timer.stop()
        event.accept()
