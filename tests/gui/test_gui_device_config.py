"""One device configuration (kiosk/core/config.py): the same scenario through the GUI,
`kiosk checkin` and sync gives the same answer, because each value has one key in the
replica's meta, written by pairing and the settings dialog alike. Real central list on
loopback, real `kiosk pair`/`kiosk checkin` processes, real widgets offscreen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.config import (
    GATE,
    PIN,
    SCAN_HOLD_SECONDS,
    SERVER_URL,
    UNDO_WINDOW_SECONDS,
    DeviceConfig,
)
from kiosk.core.models import Gate
from kiosk.replica.db import Replica
from kiosk.scanner.dedup import ScanDeduplicator
from kiosk.sync.engine import SyncEngine


@pytest.fixture
def central(tmp_path: Path, sample_csv: Path) -> Iterator[tuple[object, object]]:
    from kiosk.central.server import run_in_thread
    from kiosk.central.store import CentralStore

    store = CentralStore.open(tmp_path / "central.db")
    store.events.create("Config Fest", event_id="cf", days=(datetime.now(UTC).date(),),
                       gates=[Gate("main", "", "Main hall"), Gate("hall-b", "", "Hall B")])
    store.attendees.import_csv(sample_csv, event_name="Config Fest")
    with run_in_thread(store) as server:
        yield store, server
    store.close()


def test_repairing_for_another_gate_moves_the_gui_and_the_cli_together(
        central, tmp_path, run_kiosk, make_context):
    """Re-pairing with a code made for hall-b: before, the GUI kept deciding at `main`
    (its own setting.gate_id, read first) while `kiosk checkin` decided at hall-b."""
    store, server = central
    db = tmp_path / "kiosk.db"
    code = store.devices.new_pairing_code(device_name="Door 1", gate_id="main").code
    run_kiosk("pair", server.url, code, "--db", str(db), check=True)
    ctx = make_context(db)
    ctx.settings.set(GATE, "main")  # staff pick the gate in the settings dialog
    ctx.shutdown()
    ctx.close_replica()

    code = store.devices.new_pairing_code(device_name="Door 1", gate_id="hall-b").code
    run_kiosk("pair", server.url, code, "--db", str(db), check=True)

    ctx = make_context(db)
    gui_gate = ctx.controller.service.gate().id
    ctx.shutdown()
    ctx.close_replica()
    out = run_kiosk("checkin", "--db", str(db), "NOT-A-TICKET-AT-ALL", check=True).stdout
    cli_gate = json.loads(out)["gate"]
    assert gui_gate == cli_gate == "hall-b"


def test_the_dialog_shows_and_saves_the_address_sync_uses(central, tmp_path, qtbot,
                                                          run_kiosk, make_context):
    """Before: the "Central list" field was empty on a paired kiosk, and what it saved went
    to a key nothing read."""
    from kiosk.gui.settings_dialog import SettingsDialog

    store, server = central
    db = tmp_path / "kiosk.db"
    code = store.devices.new_pairing_code(device_name="Door 1", gate_id="main").code
    run_kiosk("pair", server.url, code, "--db", str(db), check=True)
    ctx = make_context(db)
    dialog = SettingsDialog(ctx.settings, ctx.replica)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server.text() == server.url
    assert dialog.gate.currentData() == "main"
    moved = server.url.replace("127.0.0.1", "localhost")  # the central list moved
    dialog.server.setText(moved)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    with SyncEngine(db) as engine:
        assert engine.status().server_url == moved
        result = engine.sync(force=True)
        assert result.ok, result.error  # same token, new address
    with Replica(db) as replica:
        assert replica.get_meta(SERVER_URL.meta_key) == moved


def _old_replica(path: Path, meta: dict[str, str]) -> None:
    """A replica as an earlier version left it: without migration 0008, old keys set."""
    with Replica(path) as replica:
        with replica.atomic() as conn:
            conn.execute("DELETE FROM _migrations WHERE name = '0008_one_device_config'")
            conn.execute("DELETE FROM meta WHERE key IN ('gate_id', 'server_url')")
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())


@pytest.mark.parametrize(("meta", "gate", "url"), [
    # the dialog's gate only (before any pairing): kept
    ({"setting.gate_id": "ws"}, "ws", ""),
    # dialog then re-pairing: pairing's key is the newer one
    ({"setting.gate_id": "main", "gate_id": "hall-b"}, "hall-b", ""),
    # an address typed in the dialog, paired elsewhere since: pairing's address wins
    ({"setting.server_url": "http://old:8421", "server_url": "http://new:8421"}, "",
     "http://new:8421"),
    # an address typed in the dialog alone: kept where sync reads it
    ({"setting.server_url": "http://typed:8421", "setting.gate_id": ""}, "",
     "http://typed:8421"),
])
def test_the_migration_keeps_existing_values(tmp_path, meta, gate, url):
    path = tmp_path / "old.db"
    _old_replica(path, meta)
    with Replica(path) as replica:
        assert "0008_one_device_config" in replica.applied_migrations()
        config = DeviceConfig(replica)
        assert config.get(GATE) == gate and config.get(SERVER_URL) == url
        assert replica.get_meta("setting.gate_id") is None
        assert replica.get_meta("setting.server_url") is None


def test_a_typed_address_alone_does_not_count_as_paired(central, tmp_path, run_kiosk):
    """An address saved in the dialog, then pairing with another list: not refused as
    "paired with another central list" (only a token makes a pairing)."""
    store, server = central
    db = tmp_path / "kiosk.db"
    with Replica(db) as replica:
        DeviceConfig(replica).set(SERVER_URL, "http://somewhere-else:8421")
    code = store.devices.new_pairing_code(device_name="Door 1", gate_id="main").code
    proc = run_kiosk("pair", server.url, code, "--db", str(db))
    assert proc.returncode == 0, proc.stderr


def test_one_scan_hold_time(make_context, demo):
    """2.5 s in the GUI's camera worker, 3.0 s in the scanner and the docs: now one value,
    and the GUI takes it from the configuration."""
    ctx = make_context(demo.db, camera=str(demo.video))
    assert ctx.camera is not None
    assert ctx.camera.hold_seconds == ScanDeduplicator().repeat_after_s \
        == SCAN_HOLD_SECONDS.default
    ctx.settings.set(SCAN_HOLD_SECONDS, 1.5)
    again = make_context(demo.db, camera=str(demo.video))
    assert again.camera is not None and again.camera.hold_seconds == 1.5


def test_one_undo_window(demo):
    """The check-in service's undo window is the configured one, not a constant of its own."""
    from kiosk.errors import KioskError
    from kiosk.replica.checkin import CheckInService

    now = [datetime.now(UTC)]
    with Replica(demo.db) as replica:
        DeviceConfig(replica).set(UNDO_WINDOW_SECONDS, 30)
        service = CheckInService(replica, gate_id=demo.gate, clock=lambda: now[0])
        first, second = [t.text for t in demo.tickets if t.expected == "accepted"][:2]
        a, b = service.scan(first), service.scan(second)
        assert a.checkin_id and b.checkin_id
        now[0] += timedelta(seconds=40)  # inside the old 120 s constant, outside the 30 s
        with pytest.raises(KioskError, match="Too late"):
            service.undo(a.checkin_id)
        DeviceConfig(replica).set(UNDO_WINDOW_SECONDS, 60)
        service.undo(b.checkin_id)


@pytest.mark.parametrize("digits", [10, 12])
def test_a_long_pin_can_be_typed_and_unlocks(qtbot, tmp_path, digits):
    """Settings allow PINs of 4-12 digits; the PIN dialog's validator capped typing at 9,
    so a 10-digit PIN locked staff out."""
    from kiosk.gui.dialogs import PinDialog

    pin = "9876543210" + "12"[: digits - 10]
    with Replica(tmp_path / "k.db") as replica:
        config = DeviceConfig(replica)
        config.set_pin(pin)
        dialog = PinDialog(config)
        qtbot.addWidget(dialog)
        dialog.show()
        unlocked = []
        dialog.unlocked.connect(lambda: unlocked.append(True))
        qtbot.keyClicks(dialog.pin_edit, pin)
        assert dialog.pin_edit.text() == pin
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
        assert unlocked == [True], dialog.error.text()


def test_pin_fields_take_no_more_than_the_rule_allows(qtbot, demo, make_context):
    from kiosk.gui.dialogs import PinDialog
    from kiosk.gui.settings_dialog import SettingsDialog

    ctx = make_context(demo.db)
    settings_dialog = SettingsDialog(ctx.settings, ctx.replica)
    pin_dialog = PinDialog(ctx.settings)
    for widget in (settings_dialog, pin_dialog):
        qtbot.addWidget(widget)
        widget.show()
    too_long = "1234567890123"  # 13 digits
    for field in (pin_dialog.pin_edit, settings_dialog.pin, settings_dialog.pin_again):
        qtbot.keyClicks(field, too_long + "x")
        assert field.text() == too_long[: PIN.max_digits]
    qtbot.mouseClick(settings_dialog.save_button, Qt.MouseButton.LeftButton)
    assert not settings_dialog.isVisible()
    assert ctx.settings.check_pin(too_long[: PIN.max_digits])
