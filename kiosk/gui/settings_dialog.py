"""Staff settings: camera, gate, mode, language, sound, server and pairing, PIN.

Values are validated by kiosk.settings (declared once there) and stored all at once; a
bad value is shown next to the form and nothing is stored.
"""

from __future__ import annotations

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

from kiosk.errors import ConfigError, KioskError
from kiosk.replica.db import Replica
from kiosk.settings import KioskSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: KioskSettings, replica: Replica,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
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
            if self.pairing_code.text().strip():
                self._pair(values["server_url"], self.pairing_code.text().strip())
        except ConfigError as exc:
            self.error.setText(str(exc))
            return
        except KioskError as exc:
            self.error.setText(self.tr("Pairing failed: {reason}").format(reason=exc))
            return
        self.accept()

    def _pair(self, server_url: str, code: str) -> None:
        from kiosk.sync.engine import SyncEngine

        if not server_url:
            raise ConfigError(self.tr("Enter the central list's address to pair."))
        with SyncEngine(self.settings.replica.path) as engine:
            engine.pair(server_url, code, device_name=self.settings.replica.device_name)
