"""Which printer prints the badges: asked once, in our own words, instead of Qt's print
dialog (Qt ships no Indonesian for it, and staff need one choice, not its dozens). The
choice is kept (the ``badge_printer`` setting), so later badges print with one click."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.gui.dialogs import button_row
from kiosk.gui.ui.text import short_name


class BadgePrinterDialog(QDialog):
    """Choose the badge printer for ``name``'s badge; :meth:`chosen` after OK.
    ``printers``: the printers to offer (default: the ones this computer has)."""

    def __init__(self, name: str, parent: QWidget | None = None, *,
                 printers: list[str] | None = None, preferred: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print the badge of {name}").format(
            name=short_name(name, 40)))
        if printers is None:
            printers = list(QPrinterInfo.availablePrinterNames())
            preferred = preferred or QPrinterInfo.defaultPrinterName()
        # Whose badge, in the dialog too (a kiosk's X session may show no title bar).
        self.who = QLabel(short_name(name, 60), self)
        self.who.setStyleSheet("font-weight: bold;")
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        self.printers = QListWidget(self)
        self.printers.addItems(printers)
        self._offered = bool(printers)
        self.printers.setMinimumHeight(44 * min(max(len(printers), 1), 4))
        self.print_button = QPushButton(self.tr("Print"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        for button in (self.print_button, self.cancel_button):
            button.setMinimumHeight(44)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.printers.itemDoubleClicked.connect(lambda _item: self.accept())
        if printers:
            self.question.setText(self.tr("Which printer prints the badges? The next "
                                          "badges go to the same one."))
            found = self.printers.findItems(preferred, Qt.MatchFlag.MatchExactly) \
                if preferred else []
            self.printers.setCurrentItem(found[0] if found else self.printers.item(0))
        else:
            self.question.setText(self.tr("This computer has no printer set up. Set one up "
                                          "(or ask the organiser), then print again."))
            self.printers.hide()
            self.print_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.question)
        layout.addWidget(self.printers, 1)
        layout.addLayout(button_row(self.cancel_button, self.print_button))
        self.setStyleSheet("QLabel, QListWidget, QPushButton { font-size: 16px; }")

    def chosen(self) -> str:
        """The printer chosen ("" when none)."""
        item = self.printers.currentItem()
        return item.text() if item is not None and self._offered else ""
