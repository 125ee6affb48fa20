"""The pretix step of pairing in the settings: staff choose the kiosk's event and check-in
list when the pretix device may check in at more than one (or pretix's own event
selection does not settle it). The choices come from pretix
(:meth:`kiosk.pretix.engine.PretixEngine.choices`), the suggestion preselected; the
choice is stored by :meth:`~kiosk.pretix.engine.PretixEngine.choose`, off the GUI thread
(:class:`CallWorker`), and the list becomes the kiosk's gate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import InternalError, KioskError

if TYPE_CHECKING:
    from kiosk.pretix.engine import PretixChoice

log = logging.getLogger(__name__)


def offers_choice(choices: list[PretixChoice]) -> bool:
    """More than one event and list to choose from (else pairing took the only one)."""
    return sum(len(c.lists) for c in choices) > 1


class CallWorker(QThread):
    """Runs one call off the GUI thread (a slow pretix or central list must not freeze the
    kiosk); ``done`` carries its answer, or the :class:`KioskError` that stopped it (an
    unexpected one as :class:`InternalError`)."""

    done = Signal(object)

    def __init__(self, call: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call = call

    def run(self) -> None:
        try:
            answer = self.call()
        except KioskError as exc:
            self.done.emit(exc)
        except Exception as exc:  # noqa: BLE001 - reported in the dialog, never a crash
            log.exception("a call off the GUI thread failed unexpectedly")
            self.done.emit(InternalError(repr(exc)))
        else:
            self.done.emit(answer)


class PretixChoicePanel(QWidget):
    """Two lists to pick from — the event, then its check-in list — and the button that
    uses them (``chosen(event slug, list id)``)."""

    chosen = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[PretixChoice] = []
        self.heading = QLabel(self.tr("Choose this kiosk's event and check-in list"), self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        self.hint = QLabel(self.tr(
            "This pretix device may check in at more than one event or check-in list. The "
            "kiosk downloads the event chosen here, and the check-in list becomes its "
            "gate."), self)
        self.hint.setWordWrap(True)
        self.event_box = QComboBox(self)
        self.list_box = QComboBox(self)
        for box in (self.event_box, self.list_box):
            box.setMinimumHeight(44)
        self.event_box.currentIndexChanged.connect(self._event_changed)
        self.use_button = QPushButton(self.tr("Use this event and check-in list"), self)
        self.use_button.setMinimumHeight(44)
        self.use_button.clicked.connect(self._use)
        form = QFormLayout()
        form.addRow(self.tr("Event"), self.event_box)
        form.addRow(self.tr("Check-in list"), self.list_box)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        # The lists and the button first: on a small screen they are what must be in view
        # (the explanation may scroll).
        column.addWidget(self.heading)
        column.addLayout(form)
        column.addWidget(self.use_button)
        column.addWidget(self.hint)
        column.addStretch(1)

    def offer(self, choices: list[PretixChoice], current: tuple[str, int] | None) -> None:
        """Fill the lists, ``current`` (the kiosk's, or pretix's suggestion) selected."""
        self._choices = list(choices)
        self.event_box.blockSignals(True)
        self.event_box.clear()
        for choice in self._choices:
            self.event_box.addItem(choice.name, choice.event)
        self.event_box.blockSignals(False)
        index = self.event_box.findData(current[0]) if current else -1
        self.event_box.setCurrentIndex(max(index, 0))
        self._event_changed()
        if current is not None:
            at = self.list_box.findData(current[1])
            if at >= 0:
                self.list_box.setCurrentIndex(at)
        self.use_button.setEnabled(self.selection() is not None)

    def selection(self) -> tuple[str, int] | None:
        event, list_id = self.event_box.currentData(), self.list_box.currentData()
        return (str(event), int(list_id)) if event and list_id is not None else None

    def _event_changed(self, *_: object) -> None:
        slug = self.event_box.currentData()
        choice = next((c for c in self._choices if c.event == slug), None)
        self.list_box.clear()
        for list_id, name in choice.lists if choice else ():
            self.list_box.addItem(name, list_id)
        if choice is not None and not choice.lists:
            self.list_box.addItem(self.tr("(this event has no check-in list)"), None)
        self.use_button.setEnabled(self.selection() is not None)

    def _use(self) -> None:
        picked = self.selection()
        if picked is not None:
            self.chosen.emit(*picked)
