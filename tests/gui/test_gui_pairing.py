"""Pairing from the staff settings dialog against a real central list on loopback: the
code is exchanged for a device token, and the next sync fills the replica."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kiosk.core.config import DeviceConfig
from kiosk.core.models import Gate
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine


def test_pairing_through_the_settings_dialog(qtbot, tmp_path, sample_csv):
    from kiosk.central.server import run_in_thread
    from kiosk.central.store import CentralStore

    store = CentralStore.open(tmp_path / "central.db")
    store.events.create("Pairing Fest", event_id="pf", days=(date.today(),),
                       gates=[Gate("door", "", "Front door")])
    # Into event "pf" (an import names its event by id; "Pairing Fest" would be a new
    # event "pairing-fest", which now gets its own default gate like a replica import).
    store.attendees.import_csv(sample_csv, event_name="pf")
    with run_in_thread(store) as server:
        code = store.devices.new_pairing_code(device_name="Desk 1", gate_id="door").code
        replica = Replica(tmp_path / "kiosk.db")
        settings = DeviceConfig(replica)
        dialog = SettingsDialog(settings, replica)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.server.setText(server.url)
        dialog.pairing_code.setText("XXXX-XXXX")  # a wrong code first
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        # Pairing runs off the GUI thread: the dialog stays responsive meanwhile.
        qtbot.waitUntil(lambda: "did not accept this pairing code" in dialog.error.text(),
                        timeout=15_000)
        assert dialog.isVisible() and dialog.save_button.isEnabled()
        dialog.pairing_code.setText(code)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
        with SyncEngine(replica.path) as engine:
            assert engine.status().paired
            assert engine.sync(force=True).ok
        assert replica.attendee_count() > 0
        assert [g.id for g in replica.gates()] == ["door"]
        assert settings.get("server_url") == server.url
        replica.close()
    store.close()


def test_a_silent_server_does_not_freeze_the_dialog(qtbot, tmp_path):
    """A central list that accepts the connection and never answers: the GUI thread keeps
    running (timers tick) while the pairing waits for its timeout off the GUI thread."""
    import socket

    from PySide6.QtCore import QTimer

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshake; nobody ever reads or answers
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    replica = Replica(tmp_path / "kiosk.db")
    dialog = SettingsDialog(DeviceConfig(replica), replica)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server.setText(url)
    dialog.pairing_code.setText("ABCD-EF23")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Pairing with the central list" in dialog.error.text()
    assert not dialog.save_button.isEnabled()
    qtbot.wait(1500)
    assert len(ticks) >= 15, "the GUI thread was blocked while pairing"
    dialog.reject()  # cancelling mid-pairing waits for the answer instead of tearing down
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: "Cannot reach" in dialog.error.text(), timeout=20_000)
    timer.stop()
    silent.close()
    replica.close()
