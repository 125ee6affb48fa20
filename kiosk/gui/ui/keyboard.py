"""An on-screen keyboard for the staff dialogs' text fields on a touch kiosk (a pairing
code, the central list's address, the camera): letters, digits and the signs addresses
need, big enough for a finger. Like the PIN keypad (``ui/keypad.py``) its keys type into
the text field that has the focus — through the field's own validator and length limit,
as a keyboard would — and never take the focus themselves, so a real keyboard keeps
working beside it.

It follows the focus within its window: shown when a text field there gets it (a tap),
hidden by its own ⌨ key or when the focus goes to something that is not a text field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

#: A finger's target, at least this many pixels each way (WCAG asks for 44); twelve
#: keys a row still fit an 800 px wide screen.
KEY_PX = 44

#: The keys, row by row (lower case; Shift gives capitals). "shift", "space", "erase"
#: and "hide" are the special keys; space is two keys wide.
ROWS: tuple[tuple[str, ...], ...] = (
    ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "erase"),
    ("q", "w", "e", "r", "t", "y", "u", "i", "o", "p", ":", "/"),
    ("a", "s", "d", "f", "g", "h", "j", "k", "l", ".", "_", "#"),
    ("shift", "z", "x", "c", "v", "b", "n", "m", "@", "space", "hide"),
)


class OnScreenKeyboard(QWidget):
    """Types into the text field of its window (a dialog) that has the focus
    (``target``)."""

    #: Shown (True) or hidden (False), by the focus or by its own ⌨ key.
    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: QLineEdit | None = None
        self.shifted = False
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setSpacing(4)
        for row, names in enumerate(ROWS):
            column = 0
            for name in names:
                button = QPushButton(self._label(name), self)
                button.setObjectName(f"key_{name}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the focus stays in the field
                button.setMinimumSize(KEY_PX, KEY_PX)
                button.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Expanding)
                button.setAutoRepeat(name == "erase")
                button.clicked.connect(lambda _=False, n=name: self.press(n))
                span = 2 if name == "space" else 1
                grid.addWidget(button, row, column, 1, span)
                column += span
                self.keys[name] = button
        self.keys["shift"].setCheckable(True)
        self.keys["erase"].setToolTip(self.tr("Erase the last character"))
        self.keys["shift"].setToolTip(self.tr("Capital letters"))
        self.keys["space"].setToolTip(self.tr("Space"))
        self.keys["hide"].setToolTip(self.tr("Hide the keyboard"))
        self.setStyleSheet("QPushButton { font-size: 18px; font-weight: bold; padding: 0; }")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.hide()

    def _label(self, name: str) -> str:
        special = {"shift": "⇧", "space": "␣", "erase": "⌫", "hide": "⌨ ▾"}
        if name in special:
            return special[name]
        return name.upper() if self.shifted else name

    # -- following the focus -------------------------------------------------------

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.window().isAncestorOf(new):
            return  # another window (or none): not ours to follow
        if isinstance(new, QLineEdit) and not new.isReadOnly():
            self.target = new
            self.set_shown(True)
        elif not self.isAncestorOf(new):
            self.target = None
            self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        if shown != self.isVisible():
            self.setVisible(shown)
            self.toggled.emit(shown)

    # -- keys ----------------------------------------------------------------------

    def press(self, name: str) -> None:
        """What the key ``name`` does (a tap on it)."""
        if name == "hide":
            self.set_shown(False)
            return
        if name == "shift":
            self.shifted = not self.shifted
            self.keys["shift"].setChecked(self.shifted)
            for key, button in self.keys.items():
                button.setText(self._label(key))
            return
        target = self.target
        if target is None:
            return
        if name == "erase":
            target.backspace()
        else:
            # insert() goes through the field's validator and maximum length.
            target.insert(" " if name == "space" else self._label(name))
