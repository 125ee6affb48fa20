"""Registration desk mode: staff search, check people in and out by hand, undo a mistake,
register walk-ins, print badges, and see today's counts per gate. Scans (camera or USB
scanner) go through the same flow and select the scanned attendee."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import DEVICE_ROLE
from kiosk.core.models import Attendee, AttendeeStatus, CheckIn, Direction
from kiosk.core.roles import Role, may_override, override_readmits
from kiosk.core.times import event_zone
from kiosk.errors import KioskError, UndoRefused
from kiosk.gui.badges import BadgePrint, badge_prints, pdf_printer, print_badge
from kiosk.gui.context import AppContext
from kiosk.gui.controller import ShownVerdict
from kiosk.gui.details import shown_details
from kiosk.gui.dialogs import PinDialog
from kiosk.gui.error_words import error_words
from kiosk.gui.override_dialog import OverrideDialog
from kiosk.gui.printer_dialog import BadgePrinterDialog
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.gui.ui.banner import Banner
from kiosk.gui.ui.desk_panels import DayFiguresPanel, ScanHistoryPanel
from kiosk.gui.ui.preview import PreviewWidget
from kiosk.gui.ui.status_bar import StatusBar
from kiosk.gui.ui.text import DataLabel, FittingButton, breakable, short_name
from kiosk.gui.ui.verdict_panel import VerdictPanel
from kiosk.gui.verdict_text import verdict_label
from kiosk.gui.walkin_dialog import WalkinDialog
from kiosk.replica.db import utcnow
from kiosk.tickets.render import qr_png_bytes

log = logging.getLogger(__name__)

#: Search results shown at most; more means "type more".
SEARCH_LIMIT = 50


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
        self.override_dialog: OverrideDialog | None = None
        #: The badge printer question, while it is (or was last) open.
        self.printer_dialog: BadgePrinterDialog | None = None
        #: The reprint question, while it is (or was last) open.
        self.reprint_box: QMessageBox | None = None
        #: The refusal shown for the shown person that staff may overrule (the person
        #: and the refusal's words), else None: "Check in anyway" acts on this person.
        self.override_target: tuple[Attendee, str] | None = None
        #: The refusal is "already checked in": the override lets them in again.
        self.override_again = False
        self._printing_name = ""
        # Staff read this window's verdicts: words for what they can do, not "see the
        # desk" (core's desk_advice, by this device's role).
        context.controller.staff = self.staff_role
        self.setWindowTitle(self.tr("Registration desk"))
        self.banner = Banner(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, e-mail, organisation or code"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.result_count = DataLabel(self)
        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        self.walkin_button = QPushButton(self.tr("Register a walk-in…"), self)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.pin_dialog: PinDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(80)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._search_typed)
        self.results.currentItemChanged.connect(self._result_chosen)
        self.walkin_button.clicked.connect(self.open_walkin)
        self.settings_button.clicked.connect(self.ask_pin_for_settings)

        self.name = DataLabel(self)
        font = QFont(self.name.font())
        font.setPixelSize(26)
        font.setBold(True)
        self.name.setFont(font)
        self.email = DataLabel(self)
        self.organisation = DataLabel(self)
        self.ticket_type = DataLabel(self)
        self.code = DataLabel(self)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attendee_status = DataLabel(self)
        self.hand_over = DataLabel(self)
        self.today = DataLabel(self)
        self.badge_state = DataLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Organisation"), self.organisation)
        form.addRow(self.tr("Ticket type"), self.ticket_type)
        form.addRow(self.tr("Code"), self.code)
        form.addRow(self.tr("Status"), self.attendee_status)
        form.addRow(self.tr("Hand over"), self.hand_over)
        form.addRow(self.tr("Today"), self.today)
        form.addRow(self.tr("Badge"), self.badge_state)
        self.check_in_button = FittingButton(self.tr("Check in"), self)
        self.check_out_button = FittingButton(self.tr("Check out"), self)
        self.undo_button = FittingButton(self.tr("Undo last check-in"), self)
        self.print_button = FittingButton(self.tr("Print badge…"), self)
        self.override_button = FittingButton(self.tr("Check in anyway…"), self)
        self.override_button.clicked.connect(self.open_override)
        self.check_in_button.clicked.connect(lambda: self.manual(Direction.ENTRY))
        self.check_out_button.clicked.connect(lambda: self.manual(Direction.EXIT))
        self.undo_button.clicked.connect(self.undo_last)
        self.print_button.clicked.connect(lambda: self.print_selected_badge())
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._show_undo)
        actions = QGridLayout()
        for i, b in enumerate((self.check_in_button, self.check_out_button,
                               self.print_button)):
            b.setMinimumHeight(40)
            actions.addWidget(b, i // 2, i % 2)
        self.undo_button.setMinimumHeight(40)
        actions.addWidget(self.undo_button, 1, 1)
        # Only while a refusal staff may overrule is shown for the shown person.
        self.override_button.setMinimumHeight(40)
        self.override_button.hide()
        actions.addWidget(self.override_button, 2, 0, 1, 2)

        details = self.details = QGroupBox(self.tr("Attendee"), self)
        details_layout = QVBoxLayout(details)
        # The person's details scroll on a short screen (800x480 with a banner up)
        # rather than being cut; the actions below them stay in view.
        about = QWidget(self)
        about_layout = QVBoxLayout(about)
        about_layout.setContentsMargins(0, 0, 0, 0)
        about_layout.addWidget(self.name)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        # The ticket's QR: a walk-in can scan it from this screen or have it printed.
        self.qr = QLabel(self)
        self.qr.setFixedSize(120, 120)
        self.qr.setScaledContents(True)
        top.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        about_layout.addLayout(top)
        about_layout.addStretch(1)
        about_scroll = QScrollArea(self)
        about_scroll.setWidgetResizable(True)
        about_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        about_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        about_scroll.setWidget(about)
        # (setWidget paints the content's background: the group box's shows through.)
        about.setAutoFillBackground(False)
        about_scroll.viewport().setAutoFillBackground(False)
        details_layout.addWidget(about_scroll, 1)
        details_layout.addLayout(actions)

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.result_count)
        left.addWidget(self.results, 1)
        left.addWidget(self.walkin_button)
        left.addWidget(self.settings_button)

        self.preview = PreviewWidget(self)
        self.preview.setMinimumSize(240, 135)
        self.verdict = VerdictPanel(
            self, compact=True, seconds=float(context.settings.get("verdict_seconds")),
            problem_seconds=float(context.settings.get("problem_verdict_seconds")),
            details=str(context.settings.get("desk_details")))
        self.verdict.setMinimumHeight(120)
        self.verdict.setMaximumHeight(240)
        self.verdict.hide()
        self.verdict.expired.connect(self.verdict.hide)
        right = QVBoxLayout()
        right.addWidget(self.preview, 2)
        right.addWidget(self.verdict, 2)
        self.history = ScanHistoryPanel(
            self, time_text=lambda t: self.context.controller.local_time(t, seconds=True),
            undo_window=lambda: int(self.context.settings.get("undo_window_seconds")),
            is_undone=self.context.replica.is_undone)
        self.history.undo_requested.connect(self.undo_row)
        self.figures = DayFiguresPanel(self)
        # The per-gate table is the figures panel's (kept as .counts for callers).
        self.counts = self.figures.gates
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.history, self.tr("Scan history"))
        # Scrolls on a small screen (800x480) rather than pushing the window past it.
        figures_scroll = QScrollArea(self)
        figures_scroll.setWidgetResizable(True)
        figures_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        figures_scroll.setWidget(self.figures)
        self.tabs.addTab(figures_scroll, self.tr("Today"))
        right.addWidget(self.tabs, 2)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(details, 4)
        body.addLayout(right, 3)
        self.status = StatusBar(self, at_desk=True)
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
        c.controller.queued.connect(self.banner.scans_waiting)
        c.controller.data_changed.connect(self.refresh_counts)
        c.sync.synced.connect(self._issued_code_arrived)
        c.status_changed.connect(self.status.show_figures)
        if c.camera is not None:
            c.camera.frame_ready.connect(self._frame)
            c.camera.state_changed.connect(self._camera_state)
            c.camera.code_seen.connect(lambda seen: self.preview.set_seen(
                self.tr("Code seen — hold still") if seen else ""))
            self.preview.painted.connect(c.camera.preview_consumed)
        else:
            self.preview.set_message(self.tr("No camera"))

    def show_window(self) -> None:
        """Open maximised to the screen's free area (any size from 800x480 to 4K)."""
        screen = self.screen()
        if screen is not None:
            self.show_in(screen.availableGeometry())
        self.showMaximized()
        self.search.setFocus()

    def show_in(self, area: QRect) -> None:
        """Take ``area`` and never grow past it (a long name cannot widen the window)."""
        self.setMaximumSize(area.size())
        self.setGeometry(area)
        self.show()
        self.search.setFocus()

    def _frame(self, image: QImage) -> None:
        self.preview.set_frame(image)

    def _camera_state(self, state: str, message: str) -> None:
        if state != "running":
            self.preview.set_seen("")
        if state == "unavailable":
            log.warning("camera unavailable: %s", message)
            self.banner.show_message(self.tr("The camera is not available. Retrying…"))
            self.preview.set_message(self.tr("No camera picture"))
        elif state == "running":
            self.banner.clear_message()
            self.preview.set_message("")

    # -- search and details ------------------------------------------------------------

    def _search_typed(self, _text: str) -> None:
        # A new search is about someone else: the last verdict and person go away now,
        # not when the results arrive.
        self.verdict.hide()
        self.results.clear()
        self.show_attendee(None)
        self._search_timer.start()

    def run_search(self) -> None:
        text = self.search.text().strip()
        self.results.clear()
        self.result_count.setText("")
        if not text or self.context.closed:
            self.show_attendee(None)
            return
        try:
            found = self.context.replica.search(text, limit=SEARCH_LIMIT + 1)
            presence = self.context.controller.presence_today([a.id for a in found])
        except KioskError as exc:
            self.banner.show_message(error_words(exc))
            self.context.controller.scan_failed.emit(exc)  # a damaged file is rebuilt
            return
        if not found:
            self.result_count.setText(self.tr("Nobody found for “{text}”.").format(text=text))
            self.show_attendee(None)
            return
        if len(found) > SEARCH_LIMIT:
            self.result_count.setText(self.tr("More than {n} found: type more to narrow "
                                              "the search.").format(n=SEARCH_LIMIT))
            found = found[:SEARCH_LIMIT]
        else:
            self.result_count.setText(self.tr("Found: {n}").format(n=len(found)))
        for a in found:
            item = QListWidgetItem(self._result_text(a, presence.get(a.id)))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.results.addItem(item)
        self.results.setCurrentRow(0)

    def _result_text(self, a: Attendee, last: CheckIn | None) -> str:
        """Two lines that tell people apart: name and e-mail; organisation, ticket
        type and whether they are in."""
        first = " — ".join(p for p in (a.name or a.id, a.email) if p)
        if a.status == AttendeeStatus.CANCELLED:
            state = self.tr("cancelled")
        elif a.status in (AttendeeStatus.UNPAID, AttendeeStatus.UNPAID_HELD):
            state = self.tr("not paid")
        elif last is None:
            state = self.tr("not checked in")
        elif last.direction == Direction.ENTRY:
            state = self.tr("✓ in since {time}").format(
                time=self.context.controller.local_time(last.scanned_at))
        else:
            state = self.tr("went out at {time}").format(
                time=self.context.controller.local_time(last.scanned_at))
        second = " · ".join(p for p in (a.organisation, a.ticket_type, state) if p)
        return breakable(first) + "\n" + second

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Keyboard flow: Down from the search box into the results, Enter checks in
        the highlighted person, Esc clears the search."""
        if event.type() != QEvent.Type.KeyPress or watched not in (self.search,
                                                                   self.results):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.search.clear()
            self.search.setFocus()
            return True
        if watched is self.search and key == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            row = self.results.currentRow()
            self.results.setCurrentRow(min(row + 1, self.results.count() - 1)
                                       if row >= 1 else max(row, 0))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._search_timer.isActive():
                self._search_timer.stop()
                self.run_search()
            if self.selected is not None and self.results.currentItem() is not None:
                self.manual(Direction.ENTRY)
            return True
        return super().eventFilter(watched, event)

    def _result_chosen(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        attendee = self.context.replica.get_attendee(item.data(Qt.ItemDataRole.UserRole))
        self.show_attendee(attendee)

    def show_attendee(self, attendee: Attendee | None) -> None:
        """Show one person; every action button then names and acts on them."""
        self.selected = attendee
        if self.override_target is not None and (
                attendee is None or attendee.id != self.override_target[0].id):
            self._offer_override(None)
        has = attendee is not None
        for b in (self.check_in_button, self.check_out_button, self.print_button):
            b.setEnabled(has)
        self._show_undo()
        if attendee is None:
            self.name.setText(self.tr("Search or scan to find an attendee"))
            self._show_qr(None)
            for label in (self.email, self.organisation, self.ticket_type, self.code,
                          self.attendee_status, self.hand_over, self.today, self.badge_state):
                label.setText("")
            self.check_in_button.setText(self.tr("Check in"))
            self.check_out_button.setText(self.tr("Check out"))
            self.print_button.setText(self.tr("Print badge"))
            return
        who = short_name(attendee.name or attendee.id)
        self.check_in_button.setText(self.tr("Check in {name}").format(name=who))
        self.check_out_button.setText(self.tr("Check out {name}").format(name=who))
        self.name.setText(attendee.name or attendee.id)
        self.email.setText(attendee.email)
        self.organisation.setText(attendee.organisation)
        self.ticket_type.setText(attendee.ticket_type)
        self._show_qr(attendee.code)
        if attendee.code:
            self.code.setText(attendee.code[:24] + ("…" if len(attendee.code) > 24 else ""))
        else:
            # Paired desks hold no signing key: the central list issues the code and it
            # arrives with the next sync.
            self.code.setText(self.tr("Issued by the central list at the next sync"))
        self.attendee_status.setText({
            AttendeeStatus.CANCELLED: self.tr("Cancelled"),
            AttendeeStatus.UNPAID: self.tr("Not paid"),
            AttendeeStatus.UNPAID_HELD: self.tr("Not paid"),
        }.get(attendee.status, self.tr("Valid")))
        self.hand_over.setText("\n".join(
            f"{k}: {v}" for k, v in shown_details(
                attendee.details.items(), str(self.context.settings.get("desk_details")))))
        names = self.context.controller.gate_names()
        passages = self.context.controller.attendee_checkins_today(attendee.id)
        # Check out only who is in.
        self.check_out_button.setEnabled(bool(passages) and
                                         passages[-1].direction == Direction.ENTRY)
        if passages:
            # Whole phrases, not words put together: the word order is the language's.
            words = {Direction.ENTRY: self.tr("{time} in {gate}"),
                     Direction.EXIT: self.tr("{time} out at {gate}")}
            self.today.setText(", ".join(
                words.get(c.direction, "{time} {gate}").format(
                    time=self.context.controller.local_time(c.scanned_at),
                    gate=names.get(c.gate_id, c.gate_id)) for c in passages))
        else:
            self.today.setText(self.tr("Not checked in yet"))
        prints = badge_prints(self.context.replica, attendee.id)
        if prints:
            self.badge_state.setText(self.tr("Printed {n}×, last at {time} by {desk}").format(
                n=len(prints), desk=self._printed_by(prints[-1]),
                time=self.context.controller.local_time(prints[-1].printed_at)))
            self.print_button.setText(self.tr("Reprint badge for {name}").format(name=who))
        else:
            self.badge_state.setText(self.tr("Not printed yet"))
            self.print_button.setText(self.tr("Print badge for {name}").format(name=who))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._show_qr(self.selected.code if self.selected else None)

    def _show_qr(self, code: str | None) -> None:
        if not code:
            self.qr.clear()
            self.qr.setProperty("code", None)
            self.qr.hide()
            return
        if self.qr.property("code") != code:
            pixmap = QPixmap()
            pixmap.loadFromData(qr_png_bytes(code, box_size=4, border=2))
            self.qr.setPixmap(pixmap)
            self.qr.setProperty("code", code)
        self.qr.setToolTip(self.tr("Ticket code"))
        # On a small screen the details need the room more than the QR does.
        self.qr.setVisible(self.details.width() >= 440)

    # -- actions ---------------------------------------------------------------------

    def show_verdict(self, shown: ShownVerdict) -> None:
        if shown.source == "usb":
            # A scanner's burst into the search box (taken back out of it) started a
            # search of its own; run 80 ms later it cleared the scanned person from the
            # panel. The scan is what staff asked for: that search does not run.
            self._search_timer.stop()
        self.verdict.show_verdict(shown.text)
        self.verdict.show()
        self.verdict.repaint()
        self.context.note_shown(shown)
        self.history.add(shown, utcnow())
        result = shown.result
        if result.checkin_id and result.direction == Direction.ENTRY and \
                shown.source != "camera":
            # Undo is for what staff did here (a click, their scanner), not a camera
            # scan they may not have seen; the history panel undoes any row by name.
            self.last_checkin = (result.checkin_id,
                                 result.attendee.name if result.attendee else "")
            self._undo_timer.start(int(self.context.settings.get("undo_window_seconds")) * 1000)
        if result.attendee is not None:
            attendee = self.context.replica.get_attendee(result.attendee.id) or result.attendee
            item = self.results.currentItem()
            if item is not None and item.data(Qt.ItemDataRole.UserRole) != attendee.id:
                # A scan of someone else: the highlighted result is not the shown person.
                self.results.setCurrentRow(-1)
            self.show_attendee(attendee)
            overrulable = not result.verdict.admits and may_override(self.staff_role(),
                                                                     result.reason)
            refusal = shown.text.detail or shown.text.title  # why (the title is what)
            self._offer_override((attendee, refusal) if overrulable else None,
                                 again=overrulable and override_readmits(result.reason))
        else:
            # Forged, unknown, not a ticket: nobody to act on, so nobody shown.
            self.results.clearSelection()
            self.show_attendee(None)
        log.info("%s: %s", verdict_label(result.verdict), result.text[:40])

    def staff_role(self) -> Role:
        """This desk's role: a device paired as a kiosk is one in desk mode too (the
        central list refuses its overrides), else a desk."""
        return Role.KIOSK if self.context.settings.get(DEVICE_ROLE) == Role.KIOSK \
            else Role.DESK

    def _offer_override(self, target: tuple[Attendee, str] | None, *,
                        again: bool = False) -> None:
        """Show "Check in {name} anyway…" for ``target`` (person, refusal), or hide it;
        ``again``: they are checked in already (core's ``override_readmits``), so the
        button says what it does: "Let {name} in again…"."""
        self.override_target = target
        self.override_again = again
        if target is None:
            self.override_button.hide()
            return
        name = short_name(target[0].name or target[0].id)
        self.override_button.setText(
            self.tr("Let {name} in again…").format(name=name) if again
            else self.tr("Check in {name} anyway…").format(name=name))
        self.override_button.show()

    def open_override(self) -> None:
        """Ask why, for the person the refusal was about (bound to them)."""
        if self.override_target is None:
            return
        attendee, refusal = self.override_target
        self.override_dialog = OverrideDialog(attendee, refusal, self,
                                              again=self.override_again)
        self.override_dialog.accepted.connect(self._override_accepted)
        self.override_dialog.open()

    def _override_accepted(self) -> None:
        dialog = self.override_dialog
        assert dialog is not None
        # The dialog's person, whoever is shown now.
        self.context.controller.override(dialog.attendee_id, dialog.reason())

    def _show_undo(self) -> None:
        active = self.last_checkin is not None and self._undo_timer.isActive()
        self.undo_button.setEnabled(active)
        self.undo_button.setText(
            self.tr("Undo check-in of {name}").format(name=short_name(self.last_checkin[1]))
            if active and self.last_checkin else self.tr("Undo last check-in"))

    def manual(self, direction: Direction) -> None:
        """Check the shown person in or out (out only when they are in)."""
        attendee = self.selected
        if attendee is None:
            return
        if direction == Direction.EXIT and not self.check_out_button.isEnabled():
            self.banner.show_message(self.tr("{name} is not checked in: nothing to check "
                                             "out.").format(name=attendee.name))
            return
        self.context.controller.check_in_attendee(attendee.id, direction=direction)

    def undo_last(self) -> None:
        if self.last_checkin is None:
            return
        checkin_id, name = self.last_checkin
        window = int(self.context.settings.get("undo_window_seconds"))
        try:
            self.context.controller.undo(checkin_id, window_seconds=window)
        except KioskError as exc:
            self.banner.show_message(self._cannot_undo(exc))
            return
        self.last_checkin = None
        self._show_undo()
        self.banner.show_message(self.tr("Check-in of {name} undone.").format(name=name))
        QTimer.singleShot(5000, self.banner.clear_message)
        if self.selected is not None:
            self.show_attendee(self.context.replica.get_attendee(self.selected.id))

    def _cannot_undo(self, exc: KioskError) -> str:
        """Why an undo was refused, in the screen's language (the rule's ``why``)."""
        if isinstance(exc, UndoRefused):
            reason = {
                "missing": self.tr("that check-in does not exist."),
                "undo_of_undo": self.tr("an undo cannot be undone; check the person in "
                                        "again."),
                "already_undone": self.tr("that check-in was already undone."),
                "too_late": self.tr("it is {age} s old, and the undo window is {limit} s.")
                .format(age=exc.age, limit=exc.limit),
            }.get(exc.why, error_words(exc))
        else:
            reason = error_words(exc)
        return self.tr("Cannot undo: {reason}").format(reason=reason)

    def open_walkin(self) -> None:
        types = sorted({a.ticket_type for a in self.context.replica.attendees(limit=2000)
                        if a.ticket_type})
        self.walkin_dialog = WalkinDialog(
            types, self, find_duplicates=lambda name, email:
            self.context.controller.possible_duplicates(name=name, email=email))
        self.walkin_dialog.accepted.connect(self._walkin_accepted)
        self.walkin_dialog.submitted.connect(self._walkin_submitted)
        self.walkin_dialog.open()

    def _walkin_accepted(self) -> None:
        assert self.walkin_dialog is not None
        same = self.walkin_dialog.same_person
        if same is not None:
            # Already on the list: their own ticket, not a second person.
            self.show_attendee(self.context.replica.get_attendee(same.id) or same)
            if self.walkin_dialog.check_in_now.isChecked():
                self.context.controller.check_in_attendee(same.id)

    def _walkin_submitted(self) -> None:
        """Register the new person; the dialog then shows their code to hand over."""
        dialog = self.walkin_dialog
        assert dialog is not None
        try:
            attendee = self.context.controller.register_walkin(**dialog.values())
        except KioskError as exc:
            dialog.show_error(self.tr("The walk-in could not be registered: "
                                      "{reason}").format(reason=error_words(exc)))
            return
        self.show_attendee(attendee)
        checked_in = False
        if dialog.check_in_now.isChecked():
            result = self.context.controller.check_in_attendee(attendee.id)
            checked_in = result is not None and result.verdict.admits
        dialog.show_registered(attendee, checked_in=checked_in)

    def _issued_code_arrived(self, _figures: object = None) -> None:
        """After a sync: a walk-in's code the central list issued has arrived — shown in
        the open walk-in dialog and on the person's panel."""
        dialog = self.walkin_dialog
        waiting = [a for a in (dialog.registered if dialog else None, self.selected)
                   if a is not None and not a.code]
        for attendee in {a.id: a for a in waiting}.values():
            fresh = self.context.replica.get_attendee(attendee.id)
            if fresh is None or not fresh.code:
                continue
            if dialog is not None and dialog.registered is not None \
                    and dialog.registered.id == fresh.id:
                dialog.show_registered(fresh, checked_in=bool(
                    self.context.controller.attendee_checkins_today(fresh.id)))
            if self.selected is not None and self.selected.id == fresh.id:
                self.show_attendee(fresh)

    def print_selected_badge(self, printer: QPrinter | None = None) -> BadgePrint | None:
        """Print the selected attendee's badge; a second one only after confirmation."""
        attendee = self.selected
        if attendee is None:
            return None
        previous = badge_prints(self.context.replica, attendee.id)
        self._printing_name = attendee.name
        if previous and not self.confirm_reprint(previous[-1]):
            return None
        if printer is None:
            printer = self._badge_printer(attendee)
            if printer is None:
                return None
        event = self.context.controller.current_event()
        try:
            record = print_badge(self.context.replica, attendee, printer,
                                 event_name=event.name if event else "", event=event,
                                 reprint=bool(previous))
        except KioskError as exc:
            self.banner.show_message(self.tr("The badge could not be printed: {reason}")
                                     .format(reason=error_words(exc)))
            return None
        if self.selected is not None and self.selected.id == attendee.id:
            self.show_attendee(attendee)
        return record

    def _badge_printer(self, attendee: Attendee) -> QPrinter | None:
        """One click, no dialog: the chosen printer (setting badge_printer). The first
        time our own question (BadgePrinterDialog, not Qt's print dialog) asks which one,
        and the choice is kept."""
        if self.badge_pdf_path is not None:
            return pdf_printer(self.badge_pdf_path)
        name = str(self.context.settings.get("badge_printer"))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if name:
            printer.setPrinterName(name)
            if printer.isValid():
                return printer
            self.banner.show_message(self.tr("The badge printer “{name}” is not available: "
                                             "choose another one.").format(name=name))
        # Our own question, not Qt's print dialog (English only, and dozens of choices).
        dialog = self.printer_dialog = BadgePrinterDialog(attendee.name, self,
                                                          preferred=name)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
            return None
        printer.setPrinterName(dialog.chosen())
        if not printer.isValid():
            self.banner.show_message(self.tr("The badge printer “{name}” is not available: "
                                             "choose another one.").format(
                                                 name=dialog.chosen()))
            return None
        try:
            self.context.settings.set("badge_printer", printer.printerName())
        except KioskError as exc:
            log.warning("badge printer not kept: %s", exc)
        return printer

    def _printed_by(self, previous: BadgePrint) -> str:
        """Which desk printed ``previous``: "this desk", or the printing device's name."""
        if previous.device_id and previous.device_id == self.context.replica.device_id:
            return self.tr("this desk")
        return previous.device_name or previous.device_id or self.tr("another desk")

    def reprint_question(self, previous: BadgePrint) -> str:
        """The reprint question: whose badge, when and at which desk it was printed."""
        return self.tr("A badge for {name} was already printed at {time} by {desk}. "
                       "Print another one?").format(
                           name=short_name(self._printing_name, 60),
                           time=self.context.controller.local_time(previous.printed_at),
                           desk=self._printed_by(previous))

    def reprint_box_for(self, previous: BadgePrint) -> tuple[QMessageBox, QPushButton]:
        """The reprint question (not shown yet) and its "Print again" button."""
        box = self.reprint_box = QMessageBox(self)
        box.setWindowTitle(self.tr("Reprint badge?"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.reprint_question(previous))
        # Our own button words: Qt ships no Indonesian translation of its standard ones.
        reprint = box.addButton(self.tr("Print again"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Do not print"), QMessageBox.ButtonRole.RejectRole)
        return box, reprint

    def _ask_reprint(self, previous: BadgePrint) -> bool:
        box, reprint = self.reprint_box_for(previous)
        box.exec()
        return box.clickedButton() is reprint

    def ask_pin_for_settings(self) -> None:
        """Settings are staff-only at the desk too: the PIN first."""
        self.pin_dialog = PinDialog(self.context.settings, self)
        self.pin_dialog.unlocked.connect(self.open_settings)
        self.pin_dialog.open()

    def open_settings(self) -> None:
        self.settings_dialog = SettingsDialog(
            self.context.settings, self.context.replica, self,
            camera=self.context.camera, scans=self.context.controller,
            running_mode=self.context.mode)
        self.settings_dialog.accepted.connect(self.context.apply_settings)
        self.settings_dialog.open()

    def refresh_counts(self) -> None:
        if self.context.closed:
            return
        c = self.context.controller
        day = c.today()
        figures = c.replica_figures()
        zone = event_zone(c.current_event())
        self.figures.show_figures(
            inside=figures.inside_now(day), gates=c.counts_by_gate_today(),
            ticket_types=figures.entries_by_ticket_type(day),
            arrivals=[(start.strftime("%H:%M"), n)
                      for start, n in figures.arrivals_per_quarter(day, zone)])
        self.history.refresh()

    def undo_row(self, shown: ShownVerdict) -> None:
        """Undo one passage from the history, saying whose."""
        result = shown.result
        if not result.checkin_id:
            return
        name = result.attendee.name if result.attendee else ""
        window = int(self.context.settings.get("undo_window_seconds"))
        try:
            self.context.controller.undo(result.checkin_id, window_seconds=window)
        except KioskError as exc:
            self.banner.show_message(self._cannot_undo(exc))
            return
        if result.direction == Direction.EXIT:
            self.banner.show_message(self.tr("Check-out of {name} undone.").format(name=name))
        else:
            self.banner.show_message(self.tr("Check-in of {name} undone.").format(name=name))
        QTimer.singleShot(5000, self.banner.clear_message)
        if self.last_checkin and self.last_checkin[0] == result.checkin_id:
            self.last_checkin = None
        if self.selected is not None:
            self.show_attendee(self.context.replica.get_attendee(self.selected.id))
        self.history.refresh()

    def force_close(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        # A search or undo timer must not fire against a replica that is closing.
        self._search_timer.stop()
        self._undo_timer.stop()
        event.accept()
