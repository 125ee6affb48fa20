"""The GUI and the desk paired with a REAL pretix (tests/pretix_fixtures.py) work as with
our own list. Desk: a downloaded attendee found by name, checked in and undone (annulled
in pretix). Kiosk: pairing from the settings dialog with the device QR's text, the status
bar online with the downloaded tickets, a scan accepted and uploaded to pretix, a
cancelled ticket refused, and offline (still deciding) when pretix goes away."""

from __future__ import annotations

import pytest
from pretix_fixtures import start_pretix
from PySide6.QtCore import Qt

from kiosk.core.config import DeviceConfig
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.pretix.engine import PretixEngine, open_engine
from kiosk.replica.db import Replica

EVENT = "icross2026"


@pytest.fixture(scope="module")
def pretix():
    with start_pretix() as server:
        yield server


def test_the_desk_paired_with_pretix(qtbot, tmp_path, open_desk, pretix):
    db = tmp_path / "desk.db"
    with open_engine(db) as ours:  # a new replica starts with our own list's engine
        assert type(ours).__name__ == "SyncEngine"
    with PretixEngine(db) as engine:
        engine.pair(pretix.handshake())
        assert engine.sync(force=True).ok
    ctx, window = open_desk(db)
    qtbot.keyClicks(window.search, "gede nas", delay=40)  # seminar6: Gede Nasution
    qtbot.waitUntil(lambda: window.results.count() == 1, timeout=5000)
    window.results.setCurrentRow(0)
    assert window.selected is not None and window.selected.name == "Gede Nasution"
    qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
    assert ctx.controller.history[-1].result.verdict == "accepted"
    assert window.verdict.family == "green"
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    with PretixEngine(db) as engine:
        result = engine.sync(force=True)
    assert result.ok and result.uploaded == 2, result.error
    code = pretix.ticket(EVENT, "seminar6")
    answer = pretix.api("POST", "/checkinrpc/redeem/", json={
        "secret": code, "lists": [1], "simulate": True})
    assert answer.json()["status"] == "ok"  # checked in and annulled in pretix too


def test_the_demo_with_pretix(tmp_path, run_kiosk, pretix):
    """`kiosk demo --pretix QR`: the real GUI, camera pipeline (a video of the event's own
    tickets) and sync, paired with pretix."""
    proc = run_kiosk("demo", "--pretix", pretix.handshake(), "--dir", str(tmp_path),
                     "--quit-after", "40", timeout=400)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    with Replica(tmp_path / "pretix-demo.db") as replica:
        assert replica.get_meta("central_kind") == "pretix"
        rows = replica.checkins()
        entered = {r["code"] for r in rows if r["direction"] == "entry"}
        refused = [r["verdict"] for r in replica.conn.execute("SELECT verdict FROM scan_log")]
    assert len(entered) == 2, rows  # the two valid tickets, each once
    assert "cancelled" in refused and "unknown" in refused, refused
    uploaded = [code for code in entered if pretix.api(
        "GET", f"/events/{EVENT}/checkinlists/1/positions/",
        params={"secret": code}).json()["results"][0]["checkins"]]
    assert uploaded, "the demo's sync uploaded nothing to pretix"


def test_a_new_kiosk_pairs_by_showing_pretixs_device_qr_to_its_camera(
        qtbot, tmp_path, make_context, pretix, open_settings):
    """Issue 16.1: pretix's device QR held up to the camera in the settings' pairing
    step (a video file as the camera) pairs the kiosk with pretix, as `kiosk pair` does
    with the QR's text; the QR is not a scan."""
    from kiosk.demo.video import VideoItem, generate_video

    video = tmp_path / "pretix-qr.avi"
    generate_video(video, [VideoItem(pretix.handshake(), "phone", "")], width=960,
                   height=540, fps=15, seconds_per_item=2.0)
    db = tmp_path / "kiosk.db"
    ctx = make_context(db, camera=str(video), camera_size=(960, 540))
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    window.show_window()
    window.open_staff_menu()
    ctx.start()
    dialog = open_settings(window)
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    # This device may check in at two events: staff take pretix's suggestion.
    qtbot.waitUntil(lambda: dialog.pretix_choice_open, timeout=60_000)
    assert dialog.pretix_panel.selection() == (EVENT, 1)
    qtbot.mouseClick(dialog.pretix_panel.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert ctx.replica.get_meta("central_kind") == "pretix"
    assert ctx.controller.history == []
    assert ctx.replica.conn.execute("SELECT count(*) FROM scan_log").fetchone()[0] == 0
    qtbot.waitUntil(lambda: window.status.figures.attendees == 31, timeout=60_000)
    window.open_staff_menu()
    again = open_settings(window)
    assert again.paired_with.text().replace("\u200b", "") == f"pretix at {pretix.url}"
    assert again.paired_role.text() == "pretix device"
    again.reject()


def _pick(qtbot, panel, event: str, list_name: str) -> None:
    """Staff pick an event, then one of its lists, in the real combo boxes."""
    panel.event_box.setCurrentIndex(panel.event_box.findData(event))
    at = panel.list_box.findText(list_name)
    assert at >= 0, [panel.list_box.itemText(i) for i in range(panel.list_box.count())]
    panel.list_box.setCurrentIndex(at)
    qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)


def test_staff_choose_the_pretix_event_and_list(qtbot, tmp_path, pretix):
    """Issue 16.1: the device may check in at two events (one with two lists): after
    pairing, the settings' pairing tab offers them, pretix's own suggestion selected;
    staff pick another; the kiosk downloads that event and takes the list as its gate.
    Later the same tab offers the choice again from pretix."""
    from kiosk.core.config import GATE

    db = tmp_path / "kiosk.db"
    replica = Replica(db)
    dialog = SettingsDialog(DeviceConfig(replica), replica)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.pretix_button.isVisible()  # not paired with pretix yet
    dialog.pairing_code.setText(pretix.handshake())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pretix_choice_open, timeout=30_000)
    panel = dialog.pretix_panel
    assert dialog.isVisible() and not dialog.save_button.isEnabled()
    events = {panel.event_box.itemData(i): panel.event_box.itemText(i)
              for i in range(panel.event_box.count())}
    assert events == {EVENT: "ICROSS 2026", "signed2026": "Signed Summit 2026"}
    assert panel.selection() == (EVENT, 1)  # pretix's event selection for the device
    assert [panel.list_box.itemText(i) for i in range(panel.list_box.count())] == [
        "Main entrance", "Workshop room"]
    # Not yet chosen by staff, the kiosk keeps pretix's suggestion meanwhile.
    assert replica.get_meta("pretix.event") == EVENT
    _pick(qtbot, panel, "signed2026", "Hall")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    hall = pretix.list_id("signed2026", "hall")
    assert replica.get_meta("pretix.event") == "signed2026"
    assert replica.get_meta("pretix.list") == str(hall)
    assert DeviceConfig(replica).get(GATE) == f"list-{hall}"
    with PretixEngine(db) as engine:
        assert engine.sync(force=True).ok
    assert {g.id for g in replica.gates()} == {f"list-{hall}"}
    assert replica.attendee_count("signed2026") == 8

    # Again, later: the pairing tab asks pretix for the choices, the kiosk's selected.
    again = SettingsDialog(DeviceConfig(replica), replica)
    qtbot.addWidget(again)
    again.show()
    assert again.pretix_button.isVisible()
    qtbot.mouseClick(again.pretix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.pretix_choice_open, timeout=30_000)
    assert again.pretix_panel.selection() == ("signed2026", hall)
    _pick(qtbot, again.pretix_panel, EVENT, "Workshop room")
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=30_000)
    assert DeviceConfig(replica).get(GATE) == "list-2"
    with PretixEngine(db) as engine:
        assert engine.sync(force=True).ok
    assert replica.attendee_count(EVENT) == 31  # the other event downloaded from the start
    replica.close()


def test_the_kiosk_paired_with_pretix(qtbot, tmp_path, make_context, pretix):
    db = tmp_path / "kiosk.db"
    replica = Replica(db)
    dialog = SettingsDialog(DeviceConfig(replica), replica)
    qtbot.addWidget(dialog)
    dialog.show()
    # The device QR's text pasted (or typed by a scanner) as the pairing code; it
    # carries pretix's address, so the address field may stay empty.
    dialog.pairing_code.setText(pretix.handshake())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pretix_choice_open, timeout=30_000)
    qtbot.mouseClick(dialog.pretix_panel.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    assert replica.get_meta("central_kind") == "pretix"
    replica.close()
    with open_engine(db) as engine:  # the first download, as after our own pairing
        assert engine.sync(force=True).ok

    ctx = make_context(db)
    ctx.sync._timer.setInterval(300)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    qtbot.waitUntil(lambda: window.status.figures.connection == "online", timeout=30_000)
    qtbot.waitUntil(lambda: window.status.figures.attendees == 31, timeout=30_000)
    assert "Online" in window.status.connection.text()
    code = pretix.ticket(EVENT, "seminar2")
    result = ctx.controller.scan(code, source="usb")
    assert result is not None and result.verdict == "accepted"
    assert window.status.figures.pending_uploads == 1
    qtbot.waitUntil(lambda: window.status.figures.pending_uploads == 0, timeout=30_000)
    answer = pretix.api("GET", f"/events/{EVENT}/checkinlists/1/positions/",
                        params={"secret": code})
    assert len(answer.json()["results"][0]["checkins"]) == 1
    refused = ctx.controller.scan(pretix.ticket(EVENT, "canceled"), source="usb")
    assert refused is not None and refused.verdict == "cancelled"
    pretix.stop()
    # pretix is gone (the last test of this module): offline, the kiosk keeps deciding
    qtbot.waitUntil(lambda: window.status.figures.connection == "offline", timeout=30_000)
    again = ctx.controller.scan(pretix.ticket(EVENT, "seminar4"), source="usb")
    assert again is not None and again.verdict == "accepted"
    assert "Offline" in window.status.connection.text()
