"""Staff settings: camera, gate, mode, language, sound, server and pairing, PIN.

Every field edits a setting of the one device configuration (kiosk/core/config.py): the
choices of the combo boxes and the PIN fields' validators come from its declarations, and
the values are validated there and stored all at once under the keys pairing, sync and
`kiosk checkin` use; a bad value is shown next to the form and nothing is stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.config import (
    CAMERA,
    DEVICE_TOKEN,
    GATE,
    LANGUAGE,
    MODE,
    SERVER_URL,
    SOUND,
    DeviceConfig,
    Setting,
)
from kiosk.errors import ConfigError, InternalError, KioskError, PairingConflict
from kiosk.gui.dialogs import button_row, error_label, pin_field
from kiosk.gui.verdict_settings import VerdictSettings
from kiosk.replica.db import Replica


class PairingWorker(QThread):
    """Exchanges a pairing code off the GUI thread (a slow or unreachable server must not
    freeze the kiosk). Emits ``finished_pairing(None)`` or the exception that stopped it
    (a :class:`KioskError`; an unexpected one arrives as :class:`InternalError`)."""

    finished_pairing = Signal(object)

    def __init__(self, db_path: Path, server_url: str, code: str, device_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.server_url = db_path, server_url
        self.code, self.device_name = code, device_name

    def run(self) -> None:
        from kiosk.pretix.engine import PretixEngine, parse_handshake
        from kiosk.sync.engine import SyncEngine

        try:
            # Its own engine, hence its own replica connection, on this thread. A pretix
            # device QR's text carries its own address.
            pretix = parse_handshake(self.code) is not None
            with (PretixEngine if pretix else SyncEngine)(self.db_path) as engine:
                engine.pair(self.code if pretix else self.server_url,
                            "" if pretix else self.code, device_name=self.device_name)
        except KioskError as exc:
            self.finished_pairing.emit(exc)
        except Exception as exc:  # noqa: BLE001 - reported in the dialog, never a crash
            self.finished_pairing.emit(InternalError(repr(exc)))
        else:
            self.finished_pairing.emit(None)


class SettingsDialog(QDialog):
    def __init__(self, settings: DeviceConfig, replica: Replica,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.replica = settings, replica
        self.pairing: PairingWorker | None = None
        self.setWindowTitle(self.tr("Kiosk settings"))
        self.camera = QLineEdit(settings.get(CAMERA), self)
        self.gate = QComboBox(self)
        for gate in replica.gates():
            self.gate.addItem(gate.name, gate.id)
        index = self.gate.findData(settings.get(GATE))
        self.gate.setCurrentIndex(max(index, 0))
        self.mode = self._choices(MODE, {"kiosk": self.tr("Self-service kiosk"),
                                         "desk": self.tr("Registration desk")})
        self.language = self._choices(LANGUAGE, {"system": self.tr("Follow the system"),
                                                 "en": "English", "id": "Bahasa Indonesia"})
        self.sound = QCheckBox(self.tr("Play a sound with each verdict"), self)
        self.sound.setChecked(settings.get(SOUND))
        # The address sync uses: on a paired kiosk, the one it was paired with.
        self.server = QLineEdit(settings.get(SERVER_URL), self)
        self.server.setPlaceholderText("https://checkin.example.org")
        self.pairing_code = QLineEdit(self)
        self.pairing_code.setPlaceholderText(self.tr("Code shown by the central list"))
        self.pin = pin_field(self)
        self.pin.setPlaceholderText(self.tr("Leave empty to keep the current PIN"))
        self.pin_again = pin_field(self)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Gate"), self.gate)
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.sound)
        # What this kiosk records, and how long verdicts stay (kiosk/gui/verdict_settings).
        self.verdicts = VerdictSettings(settings, self)
        for label, field in self.verdicts.rows():
            form.addRow(label, field)
        form.addRow(self.tr("Central list"), self.server)
        form.addRow(self.tr("Pairing code"), self.pairing_code)
        form.addRow(self.tr("New staff PIN"), self.pin)
        form.addRow(self.tr("New PIN again"), self.pin_again)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        note = QLabel(self.tr("Camera, mode and language apply after a restart."), self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addLayout(button_row(self.cancel_button, self.save_button))

    def _choices(self, setting: Setting[str], labels: dict[str, str]) -> QComboBox:
        """A combo box offering exactly the setting's choices, the current one selected."""
        box = QComboBox(self)
        for value in setting.choices:
            box.addItem(labels[value], value)
        box.setCurrentIndex(max(box.findData(self.settings.get(setting)), 0))
        return box

    def save(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.error.setText(self.tr("The two PINs differ."))
            return
        code = self.pairing_code.text().strip()
        server_url = self.server.text().strip()
        values: dict[str, object] = {
            CAMERA.name: self.camera.text().strip(),
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
            self.settings.update(values)
            if self.pin.text():
                self.settings.set_pin(self.pin.text())
        except ConfigError as exc:
            self.error.setText(str(exc))
            return
        if not code:
            self.accept()
            return
        if not server_url and not code.startswith("{"):  # a pretix QR carries its URL
            self.error.setText(self.tr("Enter the central list's address to pair."))
            return
        self._start_pairing(server_url, code)

    def _start_pairing(self, server_url: str, code: str) -> None:
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.error.setText(self.tr("Pairing with the central list…"))
        self.pairing = PairingWorker(self.replica.path, server_url, code,
                                     self.replica.device_name, self)
        self.pairing.finished_pairing.connect(self._pairing_done)
        self.pairing.start()

    def _pairing_done(self, outcome: KioskError | None) -> None:
        if self.pairing is not None:
            self.pairing.wait()
            self.pairing = None
        self.save_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        if outcome is None:
            self.error.setText("")
            self.accept()
            return
        if isinstance(outcome, ConfigError | PairingConflict):
            # Refused here, before or instead of asking the server: the words say it all.
            self.error.setText(str(outcome))
        else:
            self.error.setText(self.tr("Pairing failed: {reason}").format(reason=outcome))

    def reject(self) -> None:
        if self.pairing is not None:
            return  # wait for the pairing answer (bounded by the engine's timeouts)
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.pairing is not None:
            event.ignore()
            return
        super().closeEvent(event)
