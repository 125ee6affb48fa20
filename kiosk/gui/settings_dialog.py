"""Staff settings: the pairing (what this device is paired with, and pairing it: a code
typed, or the organiser's pairing QR shown to the camera), the device (camera, gate,
mode, language, sound) and the staff PIN.

Every field edits a setting of the one device configuration (kiosk/core/config.py): the
choices of the combo boxes and the PIN fields' validators come from its declarations, and
the values are validated there and stored all at once under the keys pairing, sync and
`kiosk checkin` use; a bad value is shown next to the form and nothing is stored. The
pairing shown is read from where pairing and sync keep it (the configuration and the
replica's meta), never copied. Pairing problems are said in the screen's language by
their kind (kiosk/errors.py), never with a terminal command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import (
    CAMERA,
    DEVICE_NAME,
    DEVICE_ROLE,
    DEVICE_TOKEN,
    GATE,
    LANGUAGE,
    MODE,
    PIN,
    SERVER_URL,
    SOUND,
    DeviceConfig,
    Setting,
    validate,
)
from kiosk.core.times import local_day, local_time
from kiosk.core.wire import PairingProblem, looks_like_pairing_qr
from kiosk.errors import (
    AuthError,
    BadPairingInput,
    CaptivePortal,
    CertificateChanged,
    ConfigError,
    KioskError,
    PairingConflict,
    ProtocolError,
    ReplicaError,
    ServerUnavailable,
)
from kiosk.gui.dialogs import button_row, error_label, fit_on_show, fit_to, pin_field
from kiosk.gui.pretix_choice import CallWorker, PretixChoicePanel, offers_choice
from kiosk.gui.ui.keyboard import OnScreenKeyboard
from kiosk.gui.ui.preview import PreviewWidget
from kiosk.gui.ui.text import DataLabel
from kiosk.gui.verdict_settings import VerdictSettings
from kiosk.replica.changes import MetaKey
from kiosk.replica.db import Replica
from kiosk.sync.pairing import PairingRequest, read_pairing

if TYPE_CHECKING:
    from kiosk.gui.camera import CameraWorker
    from kiosk.gui.controller import ScanController
    from kiosk.pretix.engine import PretixChoice

log = logging.getLogger(__name__)


class PairingWorker(CallWorker):
    """Pairs off the GUI thread (a slow or unreachable server must not freeze the kiosk).
    ``done`` carries pretix's answer (the event and list it settled, the choices to
    offer; None when paired with our own list), or the exception that stopped it (a
    :class:`KioskError`; an unexpected one arrives as :class:`InternalError`)."""

    def __init__(self, db_path: Path, request: PairingRequest, device_name: str, *,
                 force: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(self._pair, parent)
        self.db_path, self.request = db_path, request
        self.device_name, self.force = device_name, force

    def _pair(self) -> dict[str, Any] | None:
        from kiosk.pretix.engine import PretixEngine
        from kiosk.sync.engine import SyncEngine

        request = self.request
        # Its own engine, hence its own replica connection, on this thread.
        if request.pretix:
            with PretixEngine(self.db_path) as pretix:
                return pretix.pair(request.handshake, device_name=self.device_name,
                                   force=self.force)
        with SyncEngine(self.db_path) as engine:
            engine.pair(request.url, request.code, device_name=self.device_name,
                        force=self.force)
        return None


def _scrolling(content: QWidget, parent: QWidget) -> QScrollArea:
    """A tab's content that scrolls instead of growing past a small screen (800x480)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


class SettingsDialog(QDialog):
    """``camera``: the running camera worker (pairing by showing the QR to it);
    ``scans``: the window's scan controller (a pairing QR read by the USB scanner);
    ``running_mode``: what this window is (kiosk or desk), shown as the mode."""

    def __init__(self, settings: DeviceConfig, replica: Replica,
                 parent: QWidget | None = None, *, camera: CameraWorker | None = None,
                 scans: ScanController | None = None,
                 running_mode: str | None = None) -> None:
        super().__init__(parent)
        self.settings, self.replica = settings, replica
        self.camera = camera
        # A pairing QR read by the USB scanner while this dialog is open pairs (the
        # scanner's typing is taken out of the fields; it would wait as a scan).
        self.scans = scans
        if scans is not None:
            claim = scans.claim = self._claim_scan
            # Also when the dialog goes without done() (its window closed under it).
            self.destroyed.connect(lambda *_: setattr(scans, "claim", None)
                                   if scans.claim == claim else None)
        self.running_mode = running_mode or settings.get(MODE)
        self.pairing: PairingWorker | None = None
        self.pretix_worker: CallWorker | None = None
        self._request: PairingRequest | None = None
        self._listening = False
        self.setWindowTitle(self.tr("Kiosk settings"))
        self.tabs = QTabWidget(self)
        self.pairing_scroll = _scrolling(self._pairing_page(), self)
        self.tabs.addTab(self.pairing_scroll, self.tr("Pairing"))
        self.tabs.addTab(_scrolling(self._device_page(), self), self.tr("This device"))
        self.tabs.addTab(_scrolling(self._pin_page(), self), self.tr("Staff PIN"))
        self.error = error_label(self)
        self.force_button = QPushButton(self.tr("Pair anyway"), self)
        self.force_button.hide()
        self.force_button.clicked.connect(self._pair_anyway)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        for button in (self.force_button, self.save_button, self.cancel_button):
            button.setMinimumHeight(44)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        # A touch kiosk has no keyboard: one on screen for the text fields (shown when
        # one is tapped). The desk has a real one.
        self.keyboard: OnScreenKeyboard | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        if self.running_mode == "kiosk":
            self.keyboard = OnScreenKeyboard(self)
            self.keyboard.toggled.connect(self._keyboard_toggled)
            layout.addWidget(self.keyboard)
        layout.addWidget(self.error)
        buttons = button_row(self.cancel_button, self.save_button)
        buttons.insertWidget(1, self.force_button)
        layout.addLayout(buttons)
        # Staff read and touch it at arm's length.
        self.setStyleSheet("QLabel, QLineEdit, QPushButton, QComboBox, QCheckBox, QTabBar "
                           "{ font-size: 16px; }")
        self.show_pairing()

    def _keyboard_toggled(self, shown: bool) -> None:
        """The keyboard took room from the page: keep the field typed into in sight."""
        area = self.tabs.currentWidget()
        target = self.keyboard.target if self.keyboard is not None else None
        if shown and isinstance(area, QScrollArea) and target is not None:
            QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(target))

    # -- the pages -------------------------------------------------------------------

    def _pairing_page(self) -> QWidget:
        page = QWidget(self)
        self.paired_with = DataLabel(page)
        self.paired_event = DataLabel(page)
        self.paired_gate = DataLabel(page)
        self.paired_role = DataLabel(page)
        self.paired_device = DataLabel(page)
        self.last_sync = DataLabel(page)
        for label in (self.paired_with, self.paired_event, self.paired_role):
            label.setWordWrap(True)
        shown = QFormLayout()
        shown.addRow(self.tr("Central list"), self.paired_with)
        shown.addRow(self.tr("Event"), self.paired_event)
        shown.addRow(self.tr("Gate"), self.paired_gate)
        shown.addRow(self.tr("Paired as"), self.paired_role)
        shown.addRow(self.tr("Device name"), self.paired_device)
        shown.addRow(self.tr("Last sync"), self.last_sync)
        # The address sync uses: on a paired kiosk, the one it was paired with.
        self.server = QLineEdit(self.settings.get(SERVER_URL), page)
        self.server.setPlaceholderText("https://checkin.example.org")
        self.pairing_code = QLineEdit(page)
        self.pairing_code.setPlaceholderText(self.tr("Code shown by the central list"))
        pair = QFormLayout()
        pair.addRow(self.tr("Central list address"), self.server)
        pair.addRow(self.tr("Pairing code"), self.pairing_code)
        self.camera_button = QPushButton(self.tr("Show the pairing code to the camera"), page)
        self.camera_button.setMinimumHeight(44)
        self.camera_button.clicked.connect(self.start_camera_pairing)
        self.camera_button.setVisible(self.camera is not None)
        self.camera_panel = QWidget(page)
        self.camera_hint = QLabel(self.tr(
            "Hold the pairing QR code up to the camera: the one on the Devices page of the "
            "organisers' console, or pretix's device QR code."), self.camera_panel)
        self.camera_hint.setWordWrap(True)
        self.camera_preview = PreviewWidget(self.camera_panel)
        self.camera_preview.setMinimumSize(240, 135)
        self.camera_stop = QPushButton(self.tr("Stop"), self.camera_panel)
        self.camera_stop.setMinimumHeight(44)
        self.camera_stop.clicked.connect(self.stop_camera_pairing)
        panel = QVBoxLayout(self.camera_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.camera_hint)
        panel.addWidget(self.camera_preview, 1)
        panel.addWidget(self.camera_stop)
        self.camera_panel.hide()
        # The pretix step: staff choose the event and check-in list (kiosk/gui/pretix_choice).
        self.pretix_panel = PretixChoicePanel(page)
        self.pretix_panel.chosen.connect(self._choose_pretix)
        self.pretix_panel.hide()
        self.pretix_button = QPushButton(self.tr("Choose the pretix event and check-in list"),
                                         page)
        self.pretix_button.setMinimumHeight(44)
        self.pretix_button.clicked.connect(self._load_pretix_choices)
        # What is shown and typed; the camera step takes its place (the picture needs
        # the room on a small screen).
        self.pairing_info = QWidget(page)
        info = QVBoxLayout(self.pairing_info)
        info.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Pair with another central list, or again"), page)
        heading.setStyleSheet("font-weight: bold;")
        info.addLayout(shown)
        info.addWidget(self.pretix_button)
        info.addWidget(heading)
        info.addLayout(pair)
        info.addWidget(self.camera_button)
        info.addStretch(1)
        column = QVBoxLayout(page)
        column.addWidget(self.pairing_info, 1)
        column.addWidget(self.camera_panel, 1)
        column.addWidget(self.pretix_panel, 1)
        return page

    def _device_page(self) -> QWidget:
        page = QWidget(self)
        settings = self.settings
        self.camera_spec = QLineEdit(settings.get(CAMERA), page)
        self.gate = QComboBox(page)
        for gate in self.replica.gates():
            self.gate.addItem(gate.name, gate.id)
        index = self.gate.findData(settings.get(GATE))
        self.gate.setCurrentIndex(max(index, 0))
        self.mode = self._choices(MODE, {"kiosk": self.tr("Self-service kiosk"),
                                         "desk": self.tr("Registration desk")},
                                  current=self.running_mode)
        self.language = self._choices(LANGUAGE, {"system": self.tr("Follow the system"),
                                                 "en": "English", "id": "Bahasa Indonesia"})
        self.sound = QCheckBox(self.tr("Play a sound with each verdict"), page)
        self.sound.setChecked(settings.get(SOUND))
        form = QFormLayout(page)
        form.addRow(self.tr("Camera"), self.camera_spec)
        form.addRow(self.tr("Gate"), self.gate)
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.sound)
        # What this kiosk records, and how long verdicts stay (kiosk/gui/verdict_settings).
        self.verdicts = VerdictSettings(settings, page)
        for label, field in self.verdicts.rows():
            form.addRow(label, field)
        note = QLabel(self.tr("Camera, mode and language apply after a restart."), page)
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _pin_page(self) -> QWidget:
        page = QWidget(self)
        self.pin = pin_field(page)
        self.pin.setPlaceholderText(self.tr("Leave empty to keep the current PIN"))
        self.pin_again = pin_field(page)
        form = QFormLayout(page)
        form.addRow(self.tr("New staff PIN"), self.pin)
        form.addRow(self.tr("New PIN again"), self.pin_again)
        return page

    def _choices(self, setting: Setting[str], labels: dict[str, str], *,
                 current: str | None = None) -> QComboBox:
        """A combo box offering exactly the setting's choices, the current one selected."""
        box = QComboBox(self)
        for value in setting.choices:
            box.addItem(labels[value], value)
        box.setCurrentIndex(max(box.findData(current or self.settings.get(setting)), 0))
        return box

    # -- what this device is paired with ---------------------------------------------

    def show_pairing(self) -> None:
        """Fill the pairing rows from the configuration and the replica's meta."""
        from kiosk.pretix.engine import is_pretix  # httpx & co.: not at the app's start

        settings, replica = self.settings, self.replica
        paired = bool(settings.get(DEVICE_TOKEN))
        url = settings.get(SERVER_URL).partition("#")[0]
        pretix = is_pretix(replica)
        if not paired:
            self.paired_with.setText(self.tr("Not paired (this device works on its own)"))
        elif pretix:
            self.paired_with.setText(self.tr("pretix at {url}").format(url=url))
        else:
            self.paired_with.setText(url)
        events = [e.name or e.id for e in replica.events()]
        self.paired_event.setText(", ".join(events) if events else self.tr(
            "Not downloaded yet"))
        gate = settings.get(GATE)
        gates = {g.id: g.name for g in replica.gates()}
        if not gate and len(gates) == 1:
            gate = next(iter(gates))
        self.paired_gate.setText(gates.get(gate, gate) or self.tr("Not chosen yet"))
        self.paired_role.setText(self._role_words(paired, pretix))
        self.pretix_button.setVisible(paired and pretix)
        self.paired_device.setText(settings.get(DEVICE_NAME) or "—")
        self.last_sync.setText(self._last_sync_words())

    def _role_words(self, paired: bool, pretix: bool) -> str:
        if not paired:
            return "—"
        if pretix:
            return self.tr("pretix device")
        role = self.settings.get(DEVICE_ROLE)
        words = {"kiosk": self.tr("Self-service kiosk"),
                 "desk": self.tr("Registration desk")}.get(role, self.tr("Unknown"))
        if role == "kiosk" and self.running_mode == "desk":
            words += " — " + self.tr("the central list will refuse walk-ins from this "
                                     "desk: ask the organiser for a desk pairing code")
        return words

    def _last_sync_words(self) -> str:
        raw = self.replica.get_meta(MetaKey.LAST_SYNC_OK_AT)
        try:
            when = datetime.fromisoformat(raw) if raw else None
        except ValueError:
            when = None
        if when is None:
            return self.tr("never")
        event = self.replica.default_event()
        clock = local_time(when, event)
        if local_day(when, event) == local_day(datetime.now(when.tzinfo), event):
            return self.tr("today at {time}").format(time=clock)
        return f"{local_day(when, event).isoformat()} {clock}"

    # -- saving and pairing ----------------------------------------------------------

    def save(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.error.setText(self.tr("The two PINs differ."))
            self.tabs.setCurrentIndex(2)
            return
        # The rules' own checks, in the screen's language (their words are English).
        if self.pin.text() and PIN.problem(self.pin.text()):
            self.error.setText(self.tr("The PIN must be {low} to {high} digits.").format(
                low=PIN.min_digits, high=PIN.max_digits))
            self.tabs.setCurrentIndex(2)
            return
        if CAMERA.problem(self.camera_spec.text().strip()):
            self.error.setText(self.tr("Camera: type the camera's number (0, 1, …), a video "
                                       "file or a camera's address."))
            self.tabs.setCurrentIndex(1)
            return
        code = self.pairing_code.text().strip()
        server_url = self.server.text().strip()
        request: PairingRequest | None = None
        if code:
            try:
                request = read_pairing(code, server_url)
            except BadPairingInput as exc:
                self._refused(exc)
                return
        values: dict[str, object] = {
            CAMERA.name: self.camera_spec.text().strip(),
            MODE.name: self.mode.currentData(),
            LANGUAGE.name: self.language.currentData(),
            SOUND.name: self.sound.isChecked(),
            **self.verdicts.values(),
        }
        if self.gate.count():  # no gates yet (before the first download): keep the gate
            values[GATE.name] = self.gate.currentData() or ""
        if not code and (server_url or not self.settings.get(DEVICE_TOKEN)):
            # With a code, pairing stores the address once the central list accepted it
            # (storing it first would make a new list look like the one we are paired with);
            # an emptied field does not silently unpair a paired kiosk.
            values[SERVER_URL.name] = server_url
        try:
            validate(SERVER_URL, server_url)
        except ConfigError:
            self._refused(BadPairingInput(server_url, problem=PairingProblem.BAD_ADDRESS))
            return
        try:
            self.settings.update(values)
            if self.pin.text():
                self.settings.set_pin(self.pin.text())
        except ConfigError as exc:
            self.error.setText(str(exc))
            return
        if request is None:
            self.accept()
            return
        self._start_pairing(request)

    def _start_pairing(self, request: PairingRequest, *, force: bool = False) -> None:
        self.stop_camera_pairing()
        self._request = request
        for button in (self.save_button, self.cancel_button, self.camera_button):
            button.setEnabled(False)
        self.force_button.hide()
        self.error.setText(self.tr("Pairing with pretix…") if request.pretix else
                           self.tr("Pairing with the central list…"))
        # No name of our own: the organiser named the device with its code (as
        # `kiosk pair` without --name).
        self.pairing = PairingWorker(self.replica.path, request, "", force=force,
                                     parent=self)
        self.pairing.done.connect(self._pairing_done)
        self.pairing.start()

    def _pair_anyway(self) -> None:
        if self._request is not None:
            self._start_pairing(self._request, force=True)

    def _pairing_done(self, outcome: KioskError | dict[str, Any] | None) -> None:
        if self.pairing is not None:
            self.pairing.wait()
            self.pairing = None
        for button in (self.save_button, self.cancel_button, self.camera_button):
            button.setEnabled(True)
        if not isinstance(outcome, KioskError):
            answer = outcome
            self.error.setText("")
            choices = list(answer.get("choices") or []) if answer else []
            if answer is not None and (answer.get("event") is None or offers_choice(choices)):
                # Paired with pretix: its device may check in at more than one event
                # or list (or pretix did not settle one): staff choose.
                event, list_id = answer.get("event"), answer.get("list")
                self.offer_pretix_choice(choices, (str(event), int(list_id))
                                         if event and list_id is not None else None)
                return
            self.accept()
            return
        log.warning("pairing failed: %s", outcome)
        self._refused(outcome)

    def _refused(self, exc: KioskError) -> None:
        """Say why pairing did not happen, in the screen's language."""
        self.tabs.setCurrentIndex(0)
        self.error.setText(self.problem_words(exc))
        self.force_button.setVisible(isinstance(exc, PairingConflict))

    def problem_words(self, exc: KioskError) -> str:
        """Plain words for staff, by the kind of problem (no terminal commands)."""
        if isinstance(exc, BadPairingInput):
            return self._input_words(exc.problem)
        pretix = self._request is not None and self._request.pretix
        url = (self._request.url if self._request else "").partition("#")[0]
        if isinstance(exc, PairingConflict):
            return self._conflict_words(exc)
        if isinstance(exc, AuthError):
            if pretix:
                return self.tr("pretix did not accept this device QR code: it was already "
                               "used, or the device was removed. Create a new device in "
                               "pretix and show its QR code again.")
            return self.tr("The central list did not accept this pairing code: it is "
                           "wrong, already used or expired. Ask the organiser for a new "
                           "one (Devices page of the console).")
        if isinstance(exc, CaptivePortal):
            return self.tr("The venue's Wi-Fi asks for a login first. Log in with a web "
                           "browser on this network, then pair again.")
        if isinstance(exc, ServerUnavailable):
            return self.tr("Cannot reach {url}. Check the address and the network (Wi-Fi "
                           "or cable), then try again.").format(url=url)
        if isinstance(exc, CertificateChanged):
            return self.tr("The server at {url} is not the central list this pairing code "
                           "is for (its certificate is different). Nothing was sent. Check "
                           "the address, or ask the organiser for a new pairing QR "
                           "code.").format(url=url)
        if isinstance(exc, ProtocolError):
            return self.tr("Something answered at {url}, but it is not a central list of "
                           "this check-in system. Check the address.").format(url=url)
        if isinstance(exc, ConfigError) and pretix:
            return self.tr("pretix did not say which event and check-in list this device "
                           "is for. Choose them for the device in pretix, then show its "
                           "QR code again.")
        if isinstance(exc, ReplicaError):
            return self.tr("This device could not store the pairing on its own disk, so "
                           "it is not paired. Please tell the organiser.")
        return self.tr("Pairing failed because of an unexpected problem (the details are "
                       "in the log). Please tell the organiser.")

    def _input_words(self, problem: str) -> str:
        words = {
            PairingProblem.EMPTY: self.tr(
                "Type the pairing code, or show the pairing QR code to the camera."),
            PairingProblem.NOT_A_CODE: self.tr(
                "This is not a pairing code. A pairing code looks like ABCD-EF23; the "
                "organiser makes one on the Devices page of the console."),
            PairingProblem.NOT_A_PAIRING_QR: self.tr(
                "This QR code is not a pairing code. Show the QR code from the Devices page "
                "of the console, or pretix's device QR code."),
            PairingProblem.NO_ADDRESS: self.tr(
                "Type the central list's address too (for example http://10.0.0.5:8421), "
                "or show the pairing QR code to the camera: it holds the address."),
            PairingProblem.BAD_ADDRESS: self.tr(
                "This is not the address of a central list. It looks like "
                "http://10.0.0.5:8421 or https://checkin.example.org#3f2a-9c01-77be-4410."),
            PairingProblem.NO_FINGERPRINT: self.tr(
                "An https address also needs the central list's certificate fingerprint "
                "(after #). Show the pairing QR code to the camera: it holds both."),
            PairingProblem.PRETIX_VERSION: self.tr(
                "This pretix QR code is newer than this kiosk understands. Please tell the "
                "organiser: the kiosk software needs an update."),
        }
        return words.get(problem, words[PairingProblem.NOT_A_CODE])

    def _conflict_words(self, exc: PairingConflict) -> str:
        if exc.paired_with:
            return self.tr(
                "This device is paired with another central list ({url}), and its "
                "check-ins belong there. Press “Pair anyway” only if that list is no "
                "longer used: its check-ins will then go to the new list too.").format(
                url=exc.paired_with.partition("#")[0])
        return self.tr(
            "This device holds a list of its own ({people} people, {checkins} check-ins). "
            "Pairing would add them to the central list. Press “Pair anyway” only if "
            "they belong there; otherwise ask the organiser to set this device up afresh.").format(
            people=exc.attendees, checkins=exc.checkins)

    # -- the pretix step: the event and check-in list ------------------------------

    def offer_pretix_choice(self, choices: list[PretixChoice],
                            current: tuple[str, int] | None) -> None:
        """Show the choice of event and check-in list in the pairing tab (``current``
        preselected: the kiosk's, or pretix's suggestion)."""
        self.stop_camera_pairing()
        self.tabs.setCurrentIndex(0)
        self.pretix_panel.offer(choices, current)
        self.pairing_info.hide()
        self.pretix_panel.show()
        self.save_button.setEnabled(False)  # the panel's own button uses the choice
        self.error.setText("" if choices else self.tr(
            "This pretix device may not check in at any event. Give it an event in "
            "pretix, then choose again."))

    @property
    def pretix_choice_open(self) -> bool:
        return self.pretix_panel.isVisible()

    def _load_pretix_choices(self) -> None:
        from kiosk.pretix.engine import PretixEngine

        path = self.replica.path

        def call() -> tuple[list[PretixChoice], tuple[str, int] | None]:
            with PretixEngine(path) as engine:
                return engine.choices(), engine.chosen()

        self._run_pretix(call, self.tr("Asking pretix for the events of this device…"),
                         lambda answer: self.offer_pretix_choice(*answer))

    def _choose_pretix(self, event: str, list_id: int) -> None:
        from kiosk.pretix.engine import PretixEngine

        path = self.replica.path

        def call() -> dict[str, object]:
            with PretixEngine(path) as engine:
                return engine.choose(event, list_id)

        self._run_pretix(call, self.tr("Saving the choice…"), lambda _answer: self.accept())

    def _run_pretix(self, call: Callable[[], object], busy: str,
                    then: Callable[[Any], None]) -> None:
        if self.pretix_worker is not None:
            return
        for button in (self.save_button, self.cancel_button, self.pretix_button,
                       self.pretix_panel.use_button):
            button.setEnabled(False)
        self.error.setText(busy)
        worker = self.pretix_worker = CallWorker(call, self)

        def done(outcome: object) -> None:
            worker.wait()
            self.pretix_worker = None
            for button in (self.cancel_button, self.pretix_button,
                           self.pretix_panel.use_button):
                button.setEnabled(True)
            self.save_button.setEnabled(not self.pretix_choice_open)
            if isinstance(outcome, KioskError):
                log.warning("pretix: %s", outcome)
                self.error.setText(self._pretix_words(outcome))
                return
            self.error.setText("")
            then(outcome)

        worker.done.connect(done)
        worker.start()

    def _pretix_words(self, exc: KioskError) -> str:
        if isinstance(exc, ConfigError):
            return self.tr("pretix no longer offers this event or check-in list to this "
                           "device. Choose again.")
        if isinstance(exc, AuthError):
            return self.tr("pretix refused this device: it was removed or revoked. Create "
                           "a new device in pretix and show its QR code.")
        if isinstance(exc, ServerUnavailable):
            return self.tr("Cannot reach pretix. Check the network (Wi-Fi or cable), then "
                           "try again.")
        return self.problem_words(exc)

    # -- pairing by showing the QR code to the camera ------------------------------

    def start_camera_pairing(self) -> None:
        """While this step is open, what the camera decodes goes to pairing (scans are
        paused behind the dialog anyway: nothing is checked in)."""
        if self.camera is None or self._listening:
            return
        self._listening = True
        self.camera.codes_found.connect(self._camera_codes)
        self.camera.frame_ready.connect(self._camera_frame)
        self.camera.state_changed.connect(self._camera_state)
        self.camera_preview.painted.connect(self.camera.preview_consumed)
        self._camera_state(self.camera.state, "")
        self.pairing_info.hide()
        self.camera_panel.show()
        self.error.setText("")
        self.tabs.setCurrentIndex(0)
        # Staff must see what the camera sees: the picture in view, not scrolled away.
        QTimer.singleShot(0, self.pairing_scroll, self._preview_in_view)

    def stop_camera_pairing(self) -> None:
        if self.camera is None or not self._listening:
            return
        self._listening = False
        self.camera.codes_found.disconnect(self._camera_codes)
        self.camera.frame_ready.disconnect(self._camera_frame)
        self.camera.state_changed.disconnect(self._camera_state)
        self.camera_preview.painted.disconnect(self.camera.preview_consumed)
        self.camera_panel.hide()
        self.pairing_info.show()

    @property
    def camera_pairing_open(self) -> bool:
        return self._listening

    def _preview_in_view(self) -> None:
        self.pairing_scroll.ensureWidgetVisible(self.camera_preview, 0, 0)

    def _camera_state(self, state: str, _message: str) -> None:
        self.camera_preview.set_message(
            "" if state in ("running", "starting") else
            self.tr("The camera is not available. Type the pairing code instead."))

    def _camera_frame(self, image: QImage) -> None:
        self.camera_preview.set_frame(image)

    def _claim_scan(self, text: str, source: str) -> bool:
        """A USB scanner's pairing QR (our list's or pretix's) pairs; anything else is
        left to the scan controller (it waits until the dialog closes)."""
        clean = text.strip()
        if source != "usb" or not looks_like_pairing_qr(clean):
            return False
        if self.pairing is None:
            self.pairing_code.setText(clean)
            self.save()
        return True

    def _camera_codes(self, texts: list[str], _t_in: float, _points: list) -> None:
        if not self._listening or self.pairing is not None:
            return
        for text in texts:
            clean = text.strip()
            if not looks_like_pairing_qr(clean):
                # A ticket, a URL, a Wi-Fi code: only a pairing QR pairs (a ticket's
                # code may look like a typed pairing code).
                self.error.setText(self._input_words(PairingProblem.NOT_A_PAIRING_QR))
                continue
            try:
                read_pairing(clean, self.server.text())
            except BadPairingInput as exc:
                self._refused(exc)
                continue
            # The same path as a typed code: the other fields are saved, then it pairs.
            self.pairing_code.setText(text)
            self.save()
            return

    # -- closing ---------------------------------------------------------------------

    def fit_to(self, room: QSize) -> None:
        """A good part of the screen (touch targets, a camera picture staff can see)."""
        fit_to(self, room, share=0.7, largest=QSize(900, 860))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        fit_on_show(self, self.fit_to)

    def done(self, result: int) -> None:
        self.stop_camera_pairing()
        if self.scans is not None and self.scans.claim == self._claim_scan:
            self.scans.claim = None
        super().done(result)

    def reject(self) -> None:
        if self.pairing is not None or self.pretix_worker is not None:
            return  # wait for the pairing answer (bounded by the engine's timeouts)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.pairing is not None or self.pretix_worker is not None:
            event.ignore()
            return
        super().closeEvent(event)
