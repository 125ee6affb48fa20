"""The staff settings' pairing (issue 11 item 12) through real widgets offscreen against
a real central list on loopback: what the device is paired with (central list, event,
gate, role, last sync) read from where pairing and sync keep it; pairing problems in
plain words in the screen's language, never a terminal command."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.config import DeviceConfig
from kiosk.core.models import Gate
from kiosk.gui.i18n import Translations
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.replica.db import Replica


@pytest.fixture
def central(tmp_path: Path, sample_csv: Path) -> Iterator[tuple[object, object]]:
    from kiosk.central.server import run_in_thread
    from kiosk.central.store import CentralStore

    store = CentralStore.open(tmp_path / "central.db")
    store.events.create("Pairing Fest", event_id="pf", days=(datetime.now(UTC).date(),),
                       gates=[Gate("main", "", "Main hall"), Gate("hall-b", "", "Hall B")])
    store.attendees.import_csv(sample_csv, event_name="pf")
    with run_in_thread(store) as server:
        yield store, server
    store.close()


@pytest.fixture
def indonesian(qapp) -> Iterator[None]:
    Translations().install("id")
    yield
    Translations().install("en")


def shown(label) -> str:
    """A data label's words (it may break long words with zero-width spaces)."""
    return label.text().replace("\u200b", "")


def _open_settings(qtbot, window):
    """Through the staff PIN on the keypad, as staff would (the default PIN)."""
    window.ask_pin_for_settings()
    pin = window.pin_dialog
    for key in ("1", "2", "3", "4", "ok"):
        qtbot.mouseClick(pin.keypad.keys[key], Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def test_a_paired_online_desk_shows_its_pairing(central, tmp_path, run_kiosk, open_desk,
                                                qtbot):
    """Before: the "Central list" field was all there was, and the desk's settings said
    mode "Self-service kiosk"."""
    store, server = central
    db = tmp_path / "desk.db"
    code = store.devices.new_pairing_code(device_name="Desk 2", gate_id="hall-b",
                                          role="desk", event_ids=["pf"]).code
    run_kiosk("pair", server.url, code, "--db", str(db), check=True)  # + first download
    _ctx, window = open_desk(db)
    dialog = _open_settings(qtbot, window)
    assert dialog.tabs.currentIndex() == 0  # the pairing first
    assert shown(dialog.paired_with) == server.url
    assert shown(dialog.paired_event) == "Pairing Fest"
    assert shown(dialog.paired_gate) == "Hall B"
    assert shown(dialog.paired_role) == "Registration desk"
    assert shown(dialog.paired_device) == "Desk 2"
    assert shown(dialog.last_sync).startswith("today at ")
    assert dialog.mode.currentData() == "desk" and dialog.mode.currentText() == \
        "Registration desk"
    with Replica(db) as replica:  # one place: the pairing's role, where pairing put it
        assert DeviceConfig(replica).get("device_role") == "desk"


def test_a_kiosk_pairing_at_a_desk_is_pointed_out(central, tmp_path, run_kiosk, open_desk,
                                                  qtbot):
    store, server = central
    db = tmp_path / "desk.db"
    code = store.devices.new_pairing_code(device_name="Door", role="kiosk").code
    run_kiosk("pair", server.url, code, "--db", str(db), check=True)
    _ctx, window = open_desk(db)
    dialog = _open_settings(qtbot, window)
    assert shown(dialog.paired_role).startswith("Self-service kiosk — ")
    assert "refuse walk-ins" in shown(dialog.paired_role)


def test_an_unpaired_kiosk_says_so(qtbot, tmp_path):
    replica = Replica(tmp_path / "new.db")
    dialog = SettingsDialog(DeviceConfig(replica), replica)
    qtbot.addWidget(dialog)
    dialog.show()
    assert shown(dialog.paired_with).startswith("Not paired")
    assert shown(dialog.paired_event) == "Not downloaded yet"
    assert shown(dialog.last_sync) == "never"
    replica.close()


def _no_terminal(words: str) -> None:
    for command in ("kiosk ", "--force", "`", "pair-code"):
        assert command not in words, words


def test_pairing_problems_in_plain_indonesian(central, demo, make_context, qtbot,
                                              indonesian):
    """Before: "… pair this one anyway from a terminal with `kiosk pair ... --force`", in
    English inside the Indonesian screen."""
    store, server = central
    ctx = make_context(demo.db)  # a stand-alone demo: its own event, people, keys
    dialog = SettingsDialog(ctx.settings, ctx.replica, running_mode="kiosk")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Pengaturan kios"
    dialog.server.setText(server.url)
    dialog.pairing_code.setText("ABC1-0000")  # 0 and 1 are never in a code: refused here
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("Ini bukan kode penautan.")
    dialog.pairing_code.setText("ABCD-EF23")  # well formed, but the list does not know it
    dialog.server.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("Ketik juga alamat server pusat")

    dialog.server.setText(server.url)
    code = store.devices.new_pairing_code(device_name="Kios 1", gate_id="main").code
    dialog.pairing_code.setText(code)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Tetap tautkan" in dialog.error.text(), timeout=15_000)
    words = dialog.error.text()
    assert words.startswith("Perangkat ini menyimpan daftarnya sendiri (300 orang")
    _no_terminal(words)
    assert dialog.force_button.isVisible() and dialog.force_button.text() == "Tetap tautkan"
    assert not ctx.settings.get("device_token")  # nothing paired, the code still unused

    qtbot.mouseClick(dialog.force_button, Qt.MouseButton.LeftButton)  # staff decide
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    assert ctx.settings.get("device_token") and ctx.settings.get("gate_id") == "main"

    again = SettingsDialog(ctx.settings, ctx.replica)  # the same code once more: used
    qtbot.addWidget(again)
    again.show()
    assert shown(again.paired_with) == server.url
    again.pairing_code.setText(code)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Server pusat menolak kode penautan ini" in again.error.text(),
                    timeout=15_000)
    _no_terminal(again.error.text())
    assert not again.force_button.isVisible()


def test_an_unreachable_list_in_plain_words(qtbot, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    replica = Replica(tmp_path / "k.db")
    dialog = SettingsDialog(DeviceConfig(replica), replica)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pairing_code.setText(f"CKPAIR:{url}#ABCD-EF23")  # the QR's text, pasted
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text().startswith("Cannot reach"), timeout=15_000)
    assert url in dialog.error.text()
    _no_terminal(dialog.error.text())
    replica.close()


def test_a_usb_scanner_reading_the_pairing_qr_pairs(central, tmp_path, make_context, qtbot,
                                                    open_settings):
    """A 2D USB scanner that reads the console's pairing QR types its text: in the
    settings it pairs (before, the burst was taken out of the field and waited to be
    decided as a scan once the dialog closed: "not a ticket")."""
    from kiosk.gui.kiosk_window import KioskWindow
    from kiosk.sync.pairing import pairing_text

    store, server = central
    ctx = make_context(tmp_path / "new.db")
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    window.show_window()
    ctx.start()
    window.open_staff_menu()
    dialog = open_settings(window)
    code = store.devices.new_pairing_code(device_name="Scanner kiosk", gate_id="hall-b").code
    dialog.server.setFocus()
    qtbot.keyClicks(dialog.server, pairing_text(code, server.url))  # a scanner's burst
    qtbot.keyClick(dialog.server, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    assert ctx.settings.get("device_name") == "Scanner kiosk"
    assert ctx.settings.get("gate_id") == "hall-b"
    assert ctx.controller.held == [] and ctx.controller.history == []
    assert ctx.controller.claim is None  # the dialog is gone: scans are scans again
