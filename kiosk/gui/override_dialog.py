"""The desk's "Check in anyway": staff overrule a refusal they may overrule (which ones:
kiosk/core/roles.py ``OVERRIDABLE``) and say why.

The dialog is about one person, named in its title and first line, and bound to them:
the desk acts on ``attendee_id`` when it is accepted, whoever is shown meanwhile. The
reason is a short choice plus a note (required with "Other"), checked by core's rule
(``override_reason_problem``: required, at most ``OVERRIDE_REASON_MAX`` characters). A
USB scanner's burst typed into the note is taken back out by ``scanner_input`` and the
scan waits for the dialog to close (the controller's queue), so a ticket is never the
reason.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.models import Attendee
from kiosk.core.roles import OVERRIDE_REASON_MAX, override_reason_problem
from kiosk.gui.dialogs import button_row, error_label, said
from kiosk.gui.ui.text import DataLabel, short_name

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate

#: The note's own limit: the longest choice, " — " and the note fit core's limit.
NOTE_MAX = OVERRIDE_REASON_MAX - 60


def reason_choices() -> list[tuple[str, bool]]:
    """The short list staff pick from, in the screen's language, each with whether a
    note is required (only "Other")."""
    return [
        (translate("OverrideDialog", "Approved by the organisers"), False),
        (translate("OverrideDialog", "Ticket type changed after registration"), False),
        (translate("OverrideDialog", "Speaker, sponsor or crew"), False),
        (translate("OverrideDialog", "Went out without scanning out"), False),
        (translate("OverrideDialog", "Other (write the reason)"), True),
    ]


class OverrideDialog(QDialog):
    """Asks why ``attendee`` is checked in against ``refusal`` (the verdict's words)."""

    def __init__(self, attendee: Attendee, refusal: str,
                 parent: QWidget | None = None, *, again: bool = False) -> None:
        super().__init__(parent)
        #: Whom the override is for: the desk acts on this id, not on the shown person.
        self.attendee_id = attendee.id
        name = attendee.name or attendee.id
        # ``again``: already checked in today (core's override_readmits): a second entry.
        title = self.tr("Let {name} in again") if again \
            else self.tr("Check in {name} anyway")
        self.setWindowTitle(title.format(name=short_name(name, 40)))
        self.setModal(True)
        self.who = DataLabel(self)
        font = self.who.font()
        font.setBold(True)
        font.setPixelSize(20)
        self.who.setFont(font)
        self.who.setText(name)
        self.what = DataLabel(self)
        self.what.setText(" · ".join(p for p in (attendee.ticket_type, attendee.email) if p))
        self.refusal = DataLabel(self)
        self.refusal.setText(self.tr("Refused: {why}").format(why=refusal))
        self.choice = QComboBox(self)
        self.choice.addItem(self.tr("Choose a reason…"), None)
        for text, needs_note in reason_choices():
            self.choice.addItem(text, needs_note)
        # Long choices must not widen the dialog past a small screen.
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(24)
        self.choice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.note = QLineEdit(self)
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("Who approved it, what was checked"))
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.choice)
        form.addRow(self.tr("Note"), self.note)
        self.ok_button = QPushButton(
            self.tr("Let in again") if again else self.tr("Check in anyway"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.ok_button.clicked.connect(self._accept_if_valid)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.who, self.what, self.refusal):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(button_row(self.cancel_button, self.ok_button))
        self.setMinimumWidth(420)
        self.choice.setFocus(Qt.FocusReason.OtherFocusReason)

    def reason(self) -> str:
        """What is recorded: the choice, and the note after it ("Other": the note)."""
        needs_note = self.choice.currentData()
        note = " ".join(self.note.text().split())
        if needs_note is None:
            return ""
        if needs_note:
            return note
        return f"{self.choice.currentText()} — {note}" if note else self.choice.currentText()

    def problem(self) -> str | None:
        if self.choice.currentData() is None:
            return self.tr("Choose a reason for the override.")
        if self.choice.currentData() and not self.note.text().strip():
            return self.tr("Write the reason in the note.")
        if override_reason_problem(self.reason()):
            return self.tr("The reason is too long: at most {n} characters.").format(
                n=OVERRIDE_REASON_MAX)
        return None

    def _accept_if_valid(self) -> None:
        if not said(self.error, self.problem()):
            self.accept()
