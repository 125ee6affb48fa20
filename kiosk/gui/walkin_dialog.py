"""Registering a walk-in at the desk: someone who is not on the list (works offline; the
attendee and its check-in are uploaded with the outbox).

After "Register" the dialog stays open on what staff hand over: the person's ticket code
and its QR. A stand-alone desk signs the code at once; a paired desk gets it from the
central list (it issues walk-ins' codes), and the dialog shows it as soon as the sync
brings it (:meth:`WalkinDialog.show_registered`, called again by the desk window)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
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
from kiosk.gui.ui.text import DataLabel, breakable
from kiosk.tickets.render import qr_png_bytes

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


#: Characters per line of a ticket code in the dialog (a signed code is ~150).
CODE_LINE = 52


def code_lines(code: str) -> str:
    """``code`` in lines of :data:`CODE_LINE` characters, for reading it out."""
    return "\n".join(code[i:i + CODE_LINE] for i in range(0, len(code), CODE_LINE))


class WalkinDialog(QDialog):
    """The walk-in form: name (required), e-mail, organisation, ticket type, notes.

    Before registering, people already on the list with the same e-mail or name are
    shown: staff pick "This is the same person" (``same_person`` is set and the dialog
    accepted: check them in instead) or register a new person anyway.

    A new person is ``submitted`` (the dialog stays open): the desk registers them and
    calls :meth:`show_registered`, which turns the dialog into what to hand over — the
    ticket code and its QR, or word that the central list is issuing it — until "Done"
    (accepted, with ``registered`` set)."""

    #: Staff asked to register a new person (``values()``): the desk registers them.
    submitted = Signal()

    def __init__(self, ticket_types: list[str], parent: QWidget | None = None, *,
                 find_duplicates: Callable[[str, str], list[Attendee]] | None = None
                 ) -> None:
        super().__init__(parent)
        self._find_duplicates = find_duplicates
        self._duplicates_for: tuple[str, str] | None = None
        #: Set when staff said the walk-in is someone already on the list.
        self.same_person: Attendee | None = None
        #: The walk-in once registered (:meth:`show_registered`).
        self.registered: Attendee | None = None
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
        self.ok_button.clicked.connect(self._ok_clicked)
        self.cancel_button.clicked.connect(self.reject)
        # The form, hidden once the person is registered ...
        self.form_box = QWidget(self)
        form_layout = QVBoxLayout(self.form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(form)
        form_layout.addWidget(self.check_in_now)
        for w in (self.duplicates_label, self.duplicates, self.same_button):
            form_layout.addWidget(w)
        # ... and what staff hand over then: the ticket code and its QR.
        self.registered_box = QWidget(self)
        done_layout = QVBoxLayout(self.registered_box)
        done_layout.setContentsMargins(0, 0, 0, 0)
        self.registered_title = DataLabel(self.registered_box)
        bold = self.registered_title.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.registered_title.setFont(bold)
        self.qr = QLabel(self.registered_box)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The code in lines of a fixed length (a plain label: no wrapping to guess at).
        self.code = QLabel(self.registered_box)
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        self.code.setStyleSheet("font-family: monospace;")
        self.code_note = DataLabel(self.registered_box)
        # The QR beside the note, the code under both: short enough for 800x480.
        beside = QHBoxLayout()
        beside.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        beside.addWidget(self.code_note, 1, Qt.AlignmentFlag.AlignVCenter)
        done_layout.addWidget(self.registered_title)
        done_layout.addLayout(beside)
        done_layout.addWidget(self.code)
        self.registered_box.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_box)
        layout.addWidget(self.registered_box)
        layout.addWidget(self.error)
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

    def _ok_clicked(self) -> None:
        if self.registered is not None:  # "Done"
            self.accept()
            return
        if said(self.error, self.problem()):
            return
        asked = (self.name.text().strip(), self.email.text().strip())
        if self._find_duplicates is not None and self._duplicates_for != asked:
            self._duplicates_for = asked
            found = self._find_duplicates(*asked)
            if found:
                self._show_duplicates(found)
                return  # a second click on Register registers a new person anyway
        self.submitted.emit()

    def show_registered(self, attendee: Attendee, *, checked_in: bool = False) -> None:
        """The walk-in is registered: show what to hand over — their ticket code and its
        QR, or (a paired desk before its sync) that the central list is issuing it.
        Called again when the code arrives; the form is gone (nothing to submit twice)."""
        self.registered = attendee
        self.setWindowTitle(self.tr("Walk-in registered"))
        self.form_box.hide()
        self.cancel_button.hide()
        self.registered_box.show()
        self.error.setText("")
        name = attendee.name or attendee.id
        self.registered_title.setText(
            self.tr("{name} is registered and checked in.").format(name=name) if checked_in
            else self.tr("{name} is registered.").format(name=name))
        if attendee.code:
            pixmap = QPixmap()
            pixmap.loadFromData(qr_png_bytes(attendee.code, box_size=4, border=2))
            self.qr.setPixmap(pixmap)
            self.qr.setProperty("code", attendee.code)
            self.qr.show()
            self.code.setText(code_lines(attendee.code))
            self.code_note.setText(self.tr("This is their ticket: let them photograph the "
                                           "QR code, or print their badge."))
        else:
            self.qr.clear()
            self.qr.setProperty("code", None)
            self.qr.hide()
            self.code.setText("")
            self.code_note.setText(self.tr("The central list is issuing their ticket code: "
                                           "it appears here as soon as this desk has "
                                           "synced (offline: when it is back online)."))
        self.ok_button.setText(self.tr("Done"))
        self.ok_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(560)
        layout = self.layout()
        assert layout is not None
        layout.activate()
        self.resize(max(self.width(), 560), layout.totalHeightForWidth(max(self.width(), 560))
                    if layout.hasHeightForWidth() else layout.totalSizeHint().height())

    def show_error(self, problem: str) -> None:
        """Registering failed: say why; the form stays as staff filled it."""
        said(self.error, problem)

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
