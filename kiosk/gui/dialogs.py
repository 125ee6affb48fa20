"""Small dialogs: the staff PIN and the staff menu (walk-ins: walkin_dialog.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import PIN, PIN_LOCKOUT, DeviceConfig
from kiosk.gui.ui.keypad import Keypad


def error_label(parent: QWidget) -> QLabel:
    """Where a staff dialog says what is wrong: red, wrapped, plain text (it may quote
    what someone typed or scanned)."""
    label = QLabel("", parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    return label


def said(error: QLabel, problem: str | None) -> bool:
    """Show a staff dialog's ``problem`` in its ``error`` label (or clear it): True when
    there is one (the dialog stays open)."""
    error.setText(problem or "")
    return problem is not None


def button_row(cancel: QPushButton, default: QPushButton) -> QHBoxLayout:
    """A staff dialog's last row: Cancel, then the default button (Enter presses it), at
    the right."""
    default.setDefault(True)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(default)
    return row


def fit_to(dialog: QDialog, room: QSize, *, share: float, largest: QSize) -> None:
    """Size a staff dialog for a screen of ``room``: ``share`` of it each way (big touch
    targets on a large screen), at least what it needs, at most ``largest`` and never
    more than the screen (800x480 kiosks)."""
    dialog.setMaximumSize(room)
    need = dialog.minimumSizeHint()
    want = QSize(max(need.width(), min(largest.width(), int(room.width() * share))),
                 max(need.height(), min(largest.height(), int(room.height() * share))))
    dialog.resize(want.boundedTo(room))


def fit_on_show(dialog: QDialog, fit: Callable[[QSize], None]) -> None:
    """On showing: ``fit`` the dialog to its screen's free area."""
    screen = dialog.screen()
    if screen is not None:
        fit(screen.availableGeometry().size())


def pin_field(parent: QWidget) -> QLineEdit:
    """A password field that takes what :data:`~kiosk.core.config.PIN` allows, no more."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN.max_digits)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(PIN.typing_pattern),
                                                  edit))
    return edit


class PinDialog(QDialog):
    """Asks for the staff PIN, typed or on the on-screen keypad. The settings decide
    (:meth:`~kiosk.core.config.DeviceConfig.try_pin`): the lockout after five wrong PINs
    is stored there, so closing and reopening the dialog, or restarting, does not lift it."""

    unlocked = Signal()

    def __init__(self, settings: DeviceConfig, parent: QWidget | None = None, *,
                 keypad: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Staff only"))
        self.setModal(True)
        self.settings = settings
        self.prompt = QLabel(self.tr("Enter the staff PIN"), self)
        # The PIN rule's own limits (kiosk/core/config.py), as the settings dialog's fields:
        # an integer validator capped typing at 9 digits while PINs may have 12.
        self.pin_edit = pin_field(self)
        self.pin_edit.setMinimumHeight(44)
        self.error = error_label(self)
        self.ok_button = QPushButton(self.tr("Unlock"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        for button in (self.ok_button, self.cancel_button):
            button.setMinimumHeight(48)
        self.ok_button.clicked.connect(self.try_unlock)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.prompt, self.pin_edit, self.error):
            layout.addWidget(w)
        self.keypad: Keypad | None = None
        if keypad:
            self.keypad = Keypad(self.pin_edit, self)
            self.keypad.confirmed.connect(self.try_unlock)
            layout.addWidget(self.keypad, 1)
        layout.addLayout(button_row(self.cancel_button, self.ok_button))
        self.setStyleSheet("QLabel, QLineEdit, QPushButton { font-size: 20px; }")
        # While locked, the words count down and the keys come back by themselves.
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._show_lock)
        self._show_lock()

    def try_unlock(self) -> None:
        answer = self.settings.try_pin(self.pin_edit.text())
        self.pin_edit.clear()
        if answer.unlocked:
            self.unlocked.emit()
            self.accept()
            return
        if answer.locked_for:
            self._show_lock()
        elif answer.tries_left <= 2:
            minutes = int(PIN_LOCKOUT.total_seconds() // 60)
            self.error.setText(
                self.tr("Wrong PIN. One more wrong PIN locks it for {m} minutes.").format(
                    m=minutes) if answer.tries_left == 1 else
                self.tr("Wrong PIN. {n} more wrong PINs lock it for {m} minutes.").format(
                    n=answer.tries_left, m=minutes))
        else:
            self.error.setText(self.tr("Wrong PIN."))

    def _show_lock(self) -> None:
        """Say how long the PIN stays locked, and lock the keys meanwhile."""
        left = self.settings.pin_locked_for()
        locked = bool(left)
        for widget in (self.pin_edit, self.ok_button, self.keypad):
            if widget is not None:
                widget.setEnabled(not locked)
        if not locked:
            if self._lock_timer.isActive():  # the lock just ended
                self._lock_timer.stop()
                self.error.setText("")
                self.pin_edit.setFocus()
            return
        self.error.setText(self._lock_words(math.ceil(left.total_seconds() / 60)))
        self._lock_timer.start()

    def fit_to(self, room: QSize) -> None:
        fit_to(self, room, share=0.45 if self.keypad else 0.3, largest=QSize(520, 760))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        fit_on_show(self, self.fit_to)

    def _lock_words(self, minutes: int) -> str:
        if minutes <= 1:
            return self.tr("Too many wrong PINs. Try again in 1 minute.")
        return self.tr("Too many wrong PINs. Try again in {n} minutes.").format(n=minutes)


class StaffMenu(QDialog):
    """What staff can do after the PIN: settings, full screen on/off, quit."""

    SETTINGS, TOGGLE_FULLSCREEN, QUIT = 1, 2, 3

    def __init__(self, parent: QWidget | None = None, *, fullscreen: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Staff menu"))
        self.choice = 0
        layout = QVBoxLayout(self)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.fullscreen_button = QPushButton(
            self.tr("Leave full screen") if fullscreen else self.tr("Full screen"), self)
        self.quit_button = QPushButton(self.tr("Quit the kiosk"), self)
        self.back_button = QPushButton(self.tr("Back to scanning"), self)
        for button, choice in ((self.settings_button, self.SETTINGS),
                               (self.fullscreen_button, self.TOGGLE_FULLSCREEN),
                               (self.quit_button, self.QUIT), (self.back_button, 0)):
            button.setMinimumHeight(48)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)
        self.setStyleSheet("QPushButton { font-size: 20px; }")
        # Nobody answered: go back to scanning by itself.
        QTimer.singleShot(60_000, self.reject)

    def _choose(self, choice: int) -> None:
        self.choice = choice
        self.accept() if choice else self.reject()
