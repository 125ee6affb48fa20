"""Pairing from the staff settings dialog against a real central list on loopback: the
code is exchanged for a device token, and the next sync fills the replica."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kiosk.core.models import Gate
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.replica.db import Replica
from kiosk.settings import KioskSettings
from kiosk.sync.engine import SyncEngine


def test_pairing_through_the_settings_dialog(qtbot, tmp_path, sample_csv):
    from kiosk.central.server import run_in_thread
    from kiosk.central.store import CentralStore

    store = CentralStore.open(tmp_path / "central.db")
    store.create_event("Pairing Fest", event_id="pf", days=(date.today(),),
                       gates=[Gate("door", "", "Front door")])
    store.import_csv(sample_csv, event_name="Pairing Fest")
    with run_in_thread(store) as server:
        code = store.new_pairing_code(device_name="Desk 1", gate_id="door").code
        replica = Replica(tmp_path / "kiosk.db")
        settings = KioskSettings(replica)
        dialog = SettingsDialog(settings, replica)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.server.setText(server.url)
        dialog.pairing_code.setText("XXXX-XXXX")  # a wrong code first
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "Pairing failed" in dialog.error.text()
        dialog.pairing_code.setText(code)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.error.text()
        with SyncEngine(replica.path) as engine:
            assert engine.status().paired
            assert engine.sync(force=True).ok
        assert replica.attendee_count() > 0
        assert [g.id for g in replica.gates()] == ["door"]
        assert settings.get("server_url") == server.url
        replica.close()
    store.close()
