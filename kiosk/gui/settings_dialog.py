"""Staff settings: camera, gate, mode, language, sound, server and pairing, PIN.

Values are validated by kiosk.settings (declared once there) and stored all at once; a
bad value is shown next to the form and nothing is stored.
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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import ConfigError, InternalError, KioskError, PairingConflict
from kiosk.replica.db import Replica
from kiosk.settings import KioskSettings


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
        from kiosk.sync.engine import SyncEngine

        try:
            # Its own engine, hence its own replica connection, on this thread.
            with SyncEngine(self.db_path) as engine:
                engine.pair(self.server_url, self.code, device_name=self.device_name)
        except KioskError as exc:
            self.finished_pairing.emit(exc)
        except Exception as exc:  # noqa: BLE001 - reported in the dialog, never a crash
            self.finished_pairing.emit(InternalError(repr(exc)))
        else:
            self.finished_pairing.emit(None)


class SettingsDialog(QDialog):
    def __init__(self, settings: KioskSettings, replica: Replica,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pairing: PairingWorker | None = None
        self.setWindowTitle(self.tr("Kiosk settings"))
        values = settings.as_dict()
        self.camera = QLineEdit(str(values["camera"]), self)
        self.gate = QComboBox(self)
        for gate in replica.gates():
            self.gate.addItem(gate.name, gate.id)
        index = self.gate.findData(values["gate_id"])
        self.gate.setCurrentIndex(max(index, 0))
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("Self-service kiosk"), "kiosk")
        self.mode.addItem(self.tr("Registration desk"), "desk")
        self.mode.setCurrentIndex(max(self.mode.findData(values["mode"]), 0))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Follow the system"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.setCurrentIndex(max(self.language.findData(values["language"]), 0))
        self.sound = QCheckBox(self.tr("Play a sound with each verdict"), self)
        self.sound.setChecked(bool(values["sound"]))
        self.server = QLineEdit(str(values["server_url"]), self)
        self.server.setPlaceholderText("https://checkin.example.org")
        self.pairing_code = QLineEdit(self)
        self.pairing_code.setPlaceholderText(self.tr("Code shown by the central list"))
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Leave empty to keep the current PIN"))
        self.pin_again = QLineEdit(self)
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Gate"), self.gate)
        form.addRow(self.tr("Mode"), self.mode)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.sound)
        form.addRow(self.tr("Central list"), self.server)
        form.addRow(self.tr("Pairing code"), self.pairing_code)
        form.addRow(self.tr("New staff PIN"), self.pin)
        form.addRow(self.tr("New PIN again"), self.pin_again)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        note = QLabel(self.tr("Camera, mode and language apply after a restart."), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def save(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.error.setText(self.tr("The two PINs differ."))
            return
        values = {
            "camera": self.camera.text().strip(),
            "gate_id": self.gate.currentData() or "",
            "mode": self.mode.currentData(),
            "language": self.language.currentData(),
            "sound": self.sound.isChecked(),
            "server_url": self.server.text().strip(),
        }
        try:
            self.settings.update(values)
            if self.pin.text():
                self.settings.set_pin(self.pin.text())
        except ConfigError as exc:
            self.error.setText(str(exc))
            return
        code = self.pairing_code.text().strip()
        if not code:
            self.accept()
            return
        if not values["server_url"]:
            self.error.setText(self.tr("Enter the central list's address to pair."))
            return
        self._start_pairing(str(values["server_url"]), code)

    def _start_pairing(self, server_url: str, code: str) -> None:
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.error.setText(self.tr("Pairing with the central list…"))
        self.pairing = PairingWorker(self.settings.replica.path, server_url, code,
                                     self.settings.replica.device_name, self)
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
