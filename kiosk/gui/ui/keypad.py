"""An on-screen keypad for PINs on touch kiosks: digits, erase and OK, big enough for a
finger. Its keys type into a line edit (through the edit's own validator and length
limit, as a keyboard would) and never take the focus, so a keyboard keeps working
beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

#: A finger's target: at least this many pixels each way (WCAG asks for 44).
KEY_PX = 56


class Keypad(QWidget):
    """Digits 1-9, then erase, 0, OK. ``confirmed`` is emitted by OK."""

    confirmed = Signal()

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "ok"]
        for index, name in enumerate(labels):
            button = QPushButton(self._label(name), self)
            button.setObjectName(f"key_{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the field
            button.setMinimumSize(KEY_PX, KEY_PX)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setAutoRepeat(name == "erase")
            button.clicked.connect(lambda _=False, n=name: self.press(n))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[name] = button
        self.keys["erase"].setToolTip(self.tr("Erase the last digit"))
        self.keys["ok"].setToolTip(self.tr("OK"))
        self.setStyleSheet("QPushButton { font-size: 26px; font-weight: bold; }")

    def _label(self, name: str) -> str:
        return {"erase": "⌫", "ok": self.tr("OK")}.get(name, name)

    def press(self, name: str) -> None:
        if name == "ok":
            self.confirmed.emit()
        elif name == "erase":
            self.target.backspace()
        else:
            # insert() goes through the field's validator and maximum length.
            self.target.insert(name)
