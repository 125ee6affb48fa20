"""Self-service kiosk mode: full screen, no window decorations, nobody at the keyboard.

The camera preview with an aiming frame invites a scan; a verdict takes the whole screen
and resets by itself. Leaving full screen, settings and quitting need the staff PIN (also
closing the window). Problems are logged and shown as a calm banner, never a dialog.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCloseEvent, QFont, QImage, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QStackedWidget, QToolButton, QVBoxLayout, QWidget

from kiosk.core.config import GATE_MODE
from kiosk.gui.context import AppContext
from kiosk.gui.controller import ShownVerdict
from kiosk.gui.dialogs import PinDialog, StaffMenu
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.gui.ui.banner import Banner
from kiosk.gui.ui.preview import PreviewWidget
from kiosk.gui.ui.status_bar import StatusBar
from kiosk.gui.ui.text import DataLabel
from kiosk.gui.ui.verdict_panel import VerdictPanel

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    def __init__(self, context: AppContext, *, fullscreen: bool = True) -> None:
        super().__init__()
        self.context = context
        self.fullscreen = fullscreen
        self._may_close = False
        self.pin_dialog: PinDialog | None = None
        self.staff_menu: StaffMenu | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.setWindowTitle(self.tr("Check-in kiosk"))
        self.setObjectName("kioskWindow")
        self.setStyleSheet("#kioskWindow { background: #101418; }")
        event = context.controller.current_event()
        self.header = DataLabel(self)
        self.header.setText(event.name if event else "")
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.header.setStyleSheet("color: #e8eaed; padding: 8px;")
        self.banner = Banner(self)
        self.preview = PreviewWidget(self)
        self._show_hint()
        self.verdict = VerdictPanel(
            self, seconds=float(context.settings.get("verdict_seconds")),
            problem_seconds=float(context.settings.get("problem_verdict_seconds")),
            details=str(context.settings.get("kiosk_details")))
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.preview)
        self.stack.addWidget(self.verdict)
        self.status = StatusBar(self, large=True)
        self.staff_button = QToolButton(self)
        self.staff_button.setText("⚙")
        self.staff_button.setToolTip(self.tr("Staff"))
        self.staff_button.setAutoRaise(True)
        self.staff_button.setStyleSheet("color: #8a949e; font-size: 18px;")
        self.staff_button.clicked.connect(self.ask_pin)
        self.status.row.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self._connect()
        QShortcut(QKeySequence("Ctrl+Alt+S"), self, self.ask_pin)
        if fullscreen:
            self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint)

    # -- wiring ----------------------------------------------------------------------

    def _connect(self) -> None:
        c = self.context
        c.controller.verdict_ready.connect(self.show_verdict)
        c.controller.problem.connect(self.banner.show_message)
        c.controller.queued.connect(self.banner.scans_waiting)
        c.status_changed.connect(self.status.show_figures)
        # While the replica is rebuilt no ticket is taken: the screen must not invite one.
        c.health.state_changed.connect(self._health_state)
        self.verdict.expired.connect(self.show_idle)
        if c.camera is not None:
            c.camera.frame_ready.connect(self._frame)
            c.camera.state_changed.connect(self._camera_state)
            c.camera.code_seen.connect(self.show_code_seen)
            self.preview.painted.connect(c.camera.preview_consumed)
        else:
            self.preview.set_message(self.tr("No camera: scan with the barcode scanner."))

    def _health_state(self, state: str) -> None:
        # Only into and out of a rebuild (not each routine check, which may end after
        # the window's replica closed).
        if (state == "rebuilding") != self._rebuilding_hint:
            self._show_hint()

    def _show_hint(self) -> None:
        """The idle screen's invitation: an exit kiosk asks people who are leaving;
        while the replica is rebuilt (no scan is taken) it sends them to the desk."""
        self._rebuilding_hint = self.context.health.state == "rebuilding"
        if self._rebuilding_hint:
            self.preview.set_hint(self.tr("This kiosk is not taking tickets right now: "
                                          "please use the registration desk."))
        elif self.context.settings.get(GATE_MODE) == "exit":
            self.preview.set_hint(self.tr("Leaving? Hold the QR code of your ticket up to "
                                          "the camera"))
        else:
            self.preview.set_hint(self.tr("Hold the QR code of your ticket up to the camera"))

    def show_window(self) -> None:
        if self.fullscreen:
            self.showFullScreen()
            # Without a window manager (bare kiosk X sessions, Xvfb) full screen is only a
            # request nobody grants: take the whole screen ourselves.
            screen = self.screen()
            if screen is not None and self.geometry() != screen.geometry():
                self.setGeometry(screen.geometry())
        else:
            self.resize(1280, 800)
            self.show()

    def show_in(self, area: QRect) -> None:
        """Take exactly ``area`` (a screen of that size), frameless: screenshots and
        layout checks at each screen size."""
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint)
        self.setMaximumSize(area.size())
        self.setGeometry(area)
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        font = QFont(self.header.font())
        # By the shorter side: in portrait the event's name must not outgrow the verdict.
        font.setPixelSize(max(int(min(self.height(), self.width()) * 0.035), 14))
        font.setBold(True)
        self.header.setFont(font)

    def _frame(self, image: QImage) -> None:
        if self.stack.currentWidget() is self.preview:
            self.preview.set_frame(image)
        elif self.context.camera is not None:
            # Not painted (a verdict covers it), but the worker may send the next one.
            self.context.camera.preview_consumed()

    def show_code_seen(self, seen: bool) -> None:
        """The camera sees a code it cannot read yet: ask for a still hand. Only a cue:
        scanning goes on, and the verdict replaces it as soon as the code is read."""
        self.preview.set_seen(self.tr("Code seen — hold still") if seen else "")

    def _camera_state(self, state: str, message: str) -> None:
        if state != "running":
            self.preview.set_seen("")
        if state == "unavailable":
            log.warning("camera unavailable: %s", message)
            text = self.tr("The camera is not available. Retrying… "
                           "Scanning with the barcode scanner still works.")
            self.banner.show_message(text)
            self.preview.set_message(self.tr("No camera picture"))
        elif state == "running":
            self.banner.clear_message()
            self.preview.set_message("")

    # -- verdicts --------------------------------------------------------------------

    def show_verdict(self, shown: ShownVerdict) -> None:
        self.verdict.show_verdict(shown.text)
        self.stack.setCurrentWidget(self.verdict)
        # Paint now: the verdict is on screen before we measure and play the sound.
        self.verdict.repaint()
        self.context.note_shown(shown)

    def show_idle(self) -> None:
        self.verdict.clear()
        self.stack.setCurrentWidget(self.preview)

    # -- staff -----------------------------------------------------------------------

    def ask_pin(self) -> None:
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            return
        self.pin_dialog = PinDialog(self.context.settings, self)
        self.pin_dialog.unlocked.connect(self.open_staff_menu)
        self.pin_dialog.open()

    def open_staff_menu(self) -> None:
        self.staff_menu = StaffMenu(self, fullscreen=self.isFullScreen())
        self.staff_menu.accepted.connect(self._staff_choice)
        self.staff_menu.open()

    def _staff_choice(self) -> None:
        assert self.staff_menu is not None
        choice = self.staff_menu.choice
        if choice == StaffMenu.QUIT:
            self.force_close()
        elif choice == StaffMenu.TOGGLE_FULLSCREEN:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
        elif choice == StaffMenu.SETTINGS:
            self.settings_dialog = SettingsDialog(
                self.context.settings, self.context.replica, self,
                camera=self.context.camera, scans=self.context.controller,
                running_mode=self.context.mode)
            self.settings_dialog.accepted.connect(self._settings_saved)
            self.settings_dialog.open()

    def _settings_saved(self) -> None:
        self.context.apply_settings()
        settings = self.context.settings
        self.verdict.set_seconds(float(settings.get("verdict_seconds")),
                                 float(settings.get("problem_verdict_seconds")))
        self.verdict.details = str(settings.get("kiosk_details"))
        self._show_hint()

    def force_close(self) -> None:
        """Close without the PIN (staff chose Quit, or the process got SIGTERM)."""
        self._may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._may_close:
            # Nobody leaves the kiosk without the staff PIN, not even by closing it.
            event.ignore()
            self.ask_pin()
            return
        event.accept()
