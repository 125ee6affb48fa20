"""A calm banner for problems (camera missing, database busy): no dialog, no alarm."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class Banner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Messages may quote data (a name, a reason): never rendered as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("#banner { background: #fff4ce; color: #3b2f00; padding: 10px;"
                           " font-size: 18px; border-bottom: 1px solid #d8c57a; }")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def scans_waiting(self, count: int) -> None:
        """A scan came in while a dialog is open: say it waits (it is not lost)."""
        if count:
            self.show_message(self.tr("Scan received: it is decided when the open window "
                                      "is closed ({n} waiting).").format(n=count))
        else:
            self.clear_message()

    def clear_message(self) -> None:
        self.setText("")
        self.hide()
