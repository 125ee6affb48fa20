"""Small dialogs: the staff PIN and the staff menu (walk-ins: walkin_dialog.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import PIN

MAX_PIN_TRIES = 5
LOCKOUT_SECONDS = 30


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


def pin_field(parent: QWidget) -> QLineEdit:
    """A password field that takes what :data:`~kiosk.core.config.PIN` allows, no more."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN.max_digits)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(PIN.typing_pattern),
                                                  edit))
    return edit


class PinDialog(QDialog):
    """Asks for the staff PIN. ``check`` decides; five wrong tries lock it for 30 s."""

    unlocked = Signal()

    def __init__(self, check: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Staff only"))
        self.setModal(True)
        self._check = check
        self._failures = 0
        self._locked_until = 0.0
        self.prompt = QLabel(self.tr("Enter the staff PIN"), self)
        # The PIN rule's own limits (kiosk/core/config.py), as the settings dialog's fields:
        # an integer validator capped typing at 9 digits while PINs may have 12.
        self.pin_edit = pin_field(self)
        self.error = error_label(self)
        self.ok_button = QPushButton(self.tr("Unlock"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.ok_button.clicked.connect(self.try_unlock)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.prompt, self.pin_edit, self.error):
            layout.addWidget(w)
        layout.addLayout(button_row(self.cancel_button, self.ok_button))
        self.setStyleSheet("QLabel, QLineEdit, QPushButton { font-size: 20px; }")

    def try_unlock(self) -> None:
        now = time.monotonic()
        if now < self._locked_until:
            self.error.setText(self.tr("Too many wrong PINs. Wait {s} s.").format(
                s=int(self._locked_until - now) + 1))
            return
        if self._check(self.pin_edit.text()):
            self.unlocked.emit()
            self.accept()
            return
        self._failures += 1
        self.pin_edit.clear()
        if self._failures >= MAX_PIN_TRIES:
            self._failures = 0
            self._locked_until = now + LOCKOUT_SECONDS
            self.error.setText(self.tr("Too many wrong PINs. Wait {s} s.").format(
                s=LOCKOUT_SECONDS))
        else:
            self.error.setText(self.tr("Wrong PIN."))


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
