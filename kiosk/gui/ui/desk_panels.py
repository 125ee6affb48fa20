"""The desk's right-hand panels: the scan history (last 50, each admitted row undoable
within the undo window, by name) and today's figures (inside now, per gate, per ticket
type, arrivals per quarter hour)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.models import Direction
from kiosk.core.verdicts import Reason, Verdict
from kiosk.gui.controller import ShownVerdict
from kiosk.gui.ui.text import DataLabel, FittingButton, short_name
from kiosk.gui.verdict_text import verdict_label

#: Rows the history shows.
HISTORY_ROWS = 50


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ScanHistoryPanel(QWidget):
    """Newest first: time, person, verdict, source, and an undo button that names the
    person on rows that recorded a passage (entry or exit) still inside the window."""

    undo_requested = Signal(object)  # ShownVerdict

    def __init__(self, parent: QWidget | None = None, *,
                 time_text: Callable[[datetime], str] = lambda t: t.strftime("%H:%M:%S"),
                 undo_window: Callable[[], int] = lambda: 120,
                 is_undone: Callable[[str], bool] = lambda _id: False) -> None:
        super().__init__(parent)
        self.time_text = time_text
        self.undo_window = undo_window
        self.is_undone = is_undone
        self.rows: list[tuple[ShownVerdict, datetime]] = []
        self.table = _table(self, [self.tr("Time"), self.tr("Person"), self.tr("Verdict"),
                                   self.tr("Source"), ""])
        #: The undo column's width for its verb and a first name in either language
        #: ("Batalkan Aditya…" is longer than "Undo Aditya…").
        self.undo_width = self.fontMetrics().horizontalAdvance(
            self.tr("Undo {name}").format(name="Mmmm")) + 24
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Where there is room, the time, the verdict and the source take what they
        need, the undo button its verb and a first name, the person the rest; on a
        small screen every column shares the width (cut with "…", never a scroll)."""
        header = self.table.horizontalHeader()
        needed = sum(max(self.table.sizeHintForColumn(c),
                         self.table.horizontalHeader().sectionSizeHint(c))
                     for c in (0, 2, 3))
        roomy = self.table.viewport().width() >= needed + self.undo_width + 60
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents
                                        if roomy else QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed if roomy
                                    else QHeaderView.ResizeMode.Stretch)
        if roomy:
            header.resizeSection(4, self.undo_width)

    def add(self, shown: ShownVerdict, at: datetime) -> None:
        self.rows.insert(0, (shown, at))
        del self.rows[HISTORY_ROWS:]
        self.refresh()
        self._fit_columns()  # the contents' widths changed

    def refresh(self, now: datetime | None = None) -> None:
        now = now or datetime.now().astimezone()
        sources = {"camera": self.tr("camera"), "usb": self.tr("scanner"),
                   "desk": self.tr("desk")}
        self.table.setRowCount(len(self.rows))
        for i, (shown, at) in enumerate(self.rows):
            r = shown.result
            who = (r.attendee.name or r.attendee.id) if r.attendee else "—"
            label = verdict_label(Verdict(r.verdict))
            if r.checkin_id and r.direction == Direction.EXIT:
                label = self.tr("Checked out")
            elif r.reason is Reason.OVERRIDDEN:
                label = self.tr("Override")
            self.table.setItem(i, 0, _cell(self.time_text(at)))
            self.table.setItem(i, 1, _cell(who))
            self.table.setItem(i, 2, _cell(label))
            self.table.setItem(i, 3, _cell(sources.get(shown.source, shown.source)))
            undoable = bool(r.checkin_id) and (now - at).total_seconds() <= \
                self.undo_window() and not self.is_undone(r.checkin_id or "")
            current = self.table.cellWidget(i, 4)
            if current is not None and current.property("checkin") == r.checkin_id \
                    and undoable:
                continue  # the row's button is still right
            if current is not None:
                current.hide()
                self.table.removeCellWidget(i, 4)
            if undoable:
                # No parent: the table takes it (a parented one would also show at 0,0).
                undo = FittingButton(self.tr("Undo {name}").format(name=short_name(who, 16)))
                undo.setProperty("checkin", r.checkin_id)
                undo.clicked.connect(lambda _=False, s=shown: self.undo_requested.emit(s))
                self.table.setCellWidget(i, 4, undo)

    def undo_button(self, row: int) -> FittingButton | None:
        widget = self.table.cellWidget(row, 4)
        return widget if isinstance(widget, FittingButton) else None


class DayFiguresPanel(QWidget):
    """Inside now, people in per gate and per ticket type, arrivals per 15 minutes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inside = DataLabel(self)
        font = self.inside.font()
        font.setBold(True)
        font.setPixelSize(18)
        self.inside.setFont(font)
        self.gates = _table(self, [self.tr("Gate"), self.tr("Checked in today")])
        self.ticket_types = _table(self, [self.tr("Ticket type"), self.tr("Checked in today")])
        self.arrivals = _table(self, [self.tr("From"), self.tr("Arrivals")])
        for table in (self.gates, self.ticket_types, self.arrivals):
            table.setMinimumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.inside)
        for title, table in ((self.tr("Per gate"), self.gates),
                             (self.tr("Per ticket type"), self.ticket_types),
                             (self.tr("Arrivals per 15 minutes"), self.arrivals)):
            layout.addWidget(QLabel(title, self))
            layout.addWidget(table, 1)

    def show_figures(self, *, inside: int, gates: list[tuple[str, int]],
                     ticket_types: dict[str, int], arrivals: list[tuple[str, int]]) -> None:
        self.inside.setText(self.tr("Inside now: {n}").format(n=inside))
        for table, rows in ((self.gates, gates),
                            (self.ticket_types, sorted(ticket_types.items())),
                            (self.arrivals, arrivals)):
            table.setRowCount(len(rows))
            for i, (name, count) in enumerate(rows):
                table.setItem(i, 0, _cell(name or self.tr("(none)")))
                table.setItem(i, 1, _cell(str(count), right=True))
