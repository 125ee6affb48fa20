"""Registering a walk-in at the desk: someone who is not on the list (works offline; the
attendee and its check-in are uploaded with the outbox)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.models import Attendee
from kiosk.gui.dialogs import button_row, error_label, said
from kiosk.gui.ui.text import breakable

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate

#: Longest field a person types; longer is a scan or a paste gone wrong.
MAX_FIELD_LENGTH = 120
#: Longest word of a real name (the longest recorded surnames have ~35 letters).
MAX_WORD_LENGTH = 40


def field_problem(label: str, text: str) -> str | None:
    """Plain words when ``text`` cannot be a person's name / organisation, else None."""
    if any(len(word) > MAX_WORD_LENGTH for word in text.split()):
        return translate("WalkinDialog", "{field}: a word of more than {n} letters is not "
                         "a name. Was a ticket scanned into the form?").format(
                             field=label, n=MAX_WORD_LENGTH)
    return None


class WalkinDialog(QDialog):
    """The walk-in form: name (required), e-mail, organisation, ticket type, notes.

    Before registering, people already on the list with the same e-mail or name are
    shown: staff pick "This is the same person" (``same_person`` is set and the dialog
    accepted: check them in instead) or register a new person anyway."""

    def __init__(self, ticket_types: list[str], parent: QWidget | None = None, *,
                 find_duplicates: Callable[[str, str], list[Attendee]] | None = None
                 ) -> None:
        super().__init__(parent)
        self._find_duplicates = find_duplicates
        self._duplicates_for: tuple[str, str] | None = None
        #: Set when staff said the walk-in is someone already on the list.
        self.same_person: Attendee | None = None
        self.setWindowTitle(self.tr("Register a walk-in"))
        self.name = QLineEdit(self)
        self.email = QLineEdit(self)
        self.organisation = QLineEdit(self)
        for edit in (self.name, self.email, self.organisation):
            edit.setMaxLength(MAX_FIELD_LENGTH)
        self.ticket_type = QComboBox(self)
        self.ticket_type.setEditable(True)
        self.ticket_type.addItems(ticket_types)
        self.notes = QLineEdit(self)
        self.notes.setMaxLength(500)
        self.check_in_now = QCheckBox(self.tr("Check in now"), self)
        self.check_in_now.setChecked(True)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Organisation"), self.organisation)
        form.addRow(self.tr("Ticket type"), self.ticket_type)
        form.addRow(self.tr("Notes"), self.notes)
        # Enter submits (the default button: staff at a keyboard); a scanner's Enter never
        # gets here (scanner_input takes the whole burst, Enter included).
        self.ok_button = QPushButton(self.tr("Register"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.duplicates_label = QLabel(self.tr("Already on the list — is this the same "
                                               "person?"), self)
        self.duplicates_label.setWordWrap(True)
        self.duplicates = QListWidget(self)
        self.duplicates.setWordWrap(True)
        self.duplicates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.duplicates.setMaximumHeight(130)
        self.same_button = QPushButton(self.tr("This is the same person: use their ticket"),
                                       self)
        self.same_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.same_button.clicked.connect(self._same_person_chosen)
        for w in (self.duplicates_label, self.duplicates, self.same_button):
            w.hide()
        self.ok_button.clicked.connect(self._accept_if_valid)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_in_now)
        layout.addWidget(self.error)
        for w in (self.duplicates_label, self.duplicates, self.same_button):
            layout.addWidget(w)
        layout.addLayout(button_row(self.cancel_button, self.ok_button))
        self.setMinimumWidth(420)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("A walk-in needs a name.")
        for label, edit in ((self.tr("Name"), self.name),
                            (self.tr("Organisation"), self.organisation)):
            problem = field_problem(label, edit.text())
            if problem:
                return problem
        return None

    def _accept_if_valid(self) -> None:
        if said(self.error, self.problem()):
            return
        asked = (self.name.text().strip(), self.email.text().strip())
        if self._find_duplicates is not None and self._duplicates_for != asked:
            self._duplicates_for = asked
            found = self._find_duplicates(*asked)
            if found:
                self._show_duplicates(found)
                return  # a second click on Register registers a new person anyway
        self.accept()

    def _show_duplicates(self, found: list[Attendee]) -> None:
        self.duplicates.clear()
        for a in found:
            item = QListWidgetItem(breakable(" — ".join(
                p for p in (a.name, a.email, a.organisation, a.ticket_type) if p)))
            item.setData(Qt.ItemDataRole.UserRole, a)
            self.duplicates.addItem(item)
        self.duplicates.setCurrentRow(0)
        for w in (self.duplicates_label, self.duplicates, self.same_button):
            w.show()
        self.ok_button.setText(self.tr("Register as a new person"))

    def _same_person_chosen(self) -> None:
        item = self.duplicates.currentItem()
        if item is None:
            return
        self.same_person = item.data(Qt.ItemDataRole.UserRole)
        self.accept()

    def values(self) -> dict[str, object]:
        details = {"notes": self.notes.text().strip()} if self.notes.text().strip() else {}
        return {
            "name": self.name.text().strip(),
            "email": self.email.text().strip(),
            "organisation": self.organisation.text().strip(),
            "ticket_type": self.ticket_type.currentText().strip(),
            "details": details,
        }
