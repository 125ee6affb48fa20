"""Pairing a new kiosk by showing the organiser's pairing QR to its camera (issues 11.12
and 16.1): a real `kiosk serve` over HTTPS on loopback, the QR its console's Devices page
shows (made there by an organiser's session), played as a video file into the kiosk's
camera; in the settings' pairing step the camera's decoded text goes to pairing, not to
check-in. The same for pretix's device QR is in test_gui_pretix.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import pytest
from central_fixtures import start_serve
from console_fixtures import make_central_db
from PySide6.QtCore import Qt

from kiosk.core.config import DeviceConfig
from kiosk.gui.dialogs import StaffMenu
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.replica.db import Replica


def shown(label) -> str:
    return label.text().replace("\u200b", "")


def console_pairing_qr(url: str, token: str, *, gate: str, role: str = "kiosk") -> str:
    """What the console's Devices page shows as the pairing QR's text, for a code made
    there by an organiser (log in, "Make a pairing code")."""
    with httpx.Client(base_url=url, verify=False, timeout=20) as web:
        login = web.get("/console/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', login)
        assert csrf
        r = web.post("/console/login", data={"csrf": csrf.group(1), "token": token},
                     headers={"Origin": url})
        assert r.status_code in (200, 303), r.text
        page = web.get("/console/devices?event=pycon").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf
        r = web.post("/console/pair", data={
            "csrf": csrf.group(1), "event": "pycon", "name": "Camera kiosk", "role": role,
            "gate": gate, "minutes": "15"}, headers={"Origin": url})
        assert r.status_code == 200, r.text
        text = re.search(r'<code id="pair-text">([^<]+)</code>', r.text)
        assert text, r.text
        return html.unescape(text.group(1))


@pytest.fixture
def https_central(tmp_path: Path):
    db = tmp_path / "central.db"
    token = make_central_db(db)
    server = start_serve(db, tls=True)
    try:
        yield server, token
    finally:
        server.stop()


def test_a_new_kiosk_pairs_by_showing_the_consoles_qr_to_its_camera(
        qtbot, tmp_path, make_context, https_central):
    from kiosk.demo.video import VideoItem, generate_video

    server, token = https_central
    assert server.url.startswith("https://")
    qr = console_pairing_qr(server.url, token, gate="hall")
    # Over https the console's QR carries the certificate the kiosk will pin (without
    # it the kiosk could not pair from the QR at all).
    assert qr.startswith(f"CKPAIR:{server.url}#sha256=")
    # The venue's Wi-Fi QR first (8 s: staff see the picture and "not a pairing code"),
    # then the organiser's pairing QR (2 s), looped.
    video = tmp_path / "pairing-qr.avi"
    wifi = "WIFI:S:Venue;T:WPA;P:welcome2026;;"
    items = [VideoItem(wifi, "phone", "")] * 4 + [VideoItem(qr, "phone", "")]
    timeline = generate_video(video, items, width=960, height=540, fps=15,
                              seconds_per_item=2.0)

    db = tmp_path / "new-kiosk.db"  # a kiosk straight out of the box: nothing in it
    ctx = make_context(db, camera=str(video), camera_size=(960, 540))
    ctx.sync._timer.setInterval(500)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    window.show_window()
    window.ask_pin()  # staff first; the camera starts behind the dialog
    ctx.start()
    assert "not set up yet" in window.banner.text()  # it starts, and says what to do
    pin = window.pin_dialog
    for key in ("1", "2", "3", "4", "ok"):
        qtbot.mouseClick(pin.keypad.keys[key], Qt.MouseButton.LeftButton)
    menu = window.staff_menu
    assert isinstance(menu, StaffMenu)
    qtbot.mouseClick(menu.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert shown(dialog.paired_with).startswith("Not paired")
    assert dialog.camera_button.isVisible()
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    assert dialog.camera_pairing_open and dialog.camera_panel.isVisible()
    qtbot.waitUntil(lambda: dialog.camera_preview.frames_painted > 0, timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    paired_at_frame = ctx.camera.stats.frames_read

    # Paired with the list, the gate and role the console's code was made for; the
    # certificate pinned; the QR never went to check-in.
    with Replica(db) as replica:
        config = DeviceConfig(replica)
        assert config.get("server_url") == server.url
        assert config.get("device_token") and config.get("device_name") == "Camera kiosk"
        assert config.get("gate_id") == "hall" and config.get("device_role") == "kiosk"
        assert replica.get_meta("server_cert_sha256")
        assert replica.conn.execute("SELECT count(*) FROM scan_log WHERE text LIKE "
                                    "'CKPAIR%'").fetchone()[0] == 0
        assert replica.conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
    assert [v for v in ctx.controller.history if v.result.text != wifi] == []
    # The first download follows at once: the kiosk is set up.
    qtbot.waitUntil(lambda: window.status.figures.connection == "online", timeout=30_000)
    qtbot.waitUntil(lambda: window.status.figures.attendees == 3, timeout=30_000)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    # The pairing QR comes round again in front of the paired kiosk (one whole loop of
    # the video): no verdict for it ("Ticket not found" before), nothing recorded. The
    # Wi-Fi QR is "not a ticket", as at any kiosk.
    qtbot.waitUntil(lambda: ctx.camera.stats.frames_read > paired_at_frame
                    + timeline.frames + 15, timeout=60_000)
    assert [v.result.text for v in ctx.controller.history if v.result.text != wifi] == []
    assert ctx.replica.conn.execute("SELECT count(*) FROM scan_log WHERE text LIKE "
                                    "'CKPAIR%'").fetchone()[0] == 0

    # The settings now show the pairing.
    window.open_staff_menu()
    qtbot.mouseClick(window.staff_menu.settings_button, Qt.MouseButton.LeftButton)
    again = window.settings_dialog
    assert again is not dialog
    qtbot.waitUntil(again.isVisible, timeout=3000)
    assert shown(again.paired_with) == server.url
    assert shown(again.paired_event) == "PyCon"
    assert shown(again.paired_gate) == "Main Hall"
    assert shown(again.paired_role) == "Self-service kiosk"
    assert shown(again.last_sync).startswith("today at ")
    again.reject()


def test_a_ticket_shown_in_the_pairing_step_is_neither_paired_nor_checked_in(
        qtbot, tmp_path, demo, make_context, open_settings):
    """A ticket held up while the pairing step is open: "not a pairing code", and it is
    not checked in (it waits behind the dialog as any camera scan)."""
    ctx = make_context(demo.db, camera=str(demo.video), camera_size=(960, 540))
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    window.show_window()
    window.open_staff_menu()
    ctx.start()
    dialog = open_settings(window)
    before = ctx.replica.conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a pairing code" in dialog.error.text(), timeout=30_000)
    assert dialog.isVisible() and dialog.camera_pairing_open
    assert ctx.controller.history == [] and ctx.controller.paused_camera_scans > 0
    assert ctx.replica.conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == before
    qtbot.mouseClick(dialog.camera_stop, Qt.MouseButton.LeftButton)
    assert not dialog.camera_pairing_open and not dialog.camera_panel.isVisible()
    dialog.reject()



def test_the_pairing_step_says_when_the_camera_is_missing(qtbot, tmp_path, make_context,
                                                         open_settings):
    ctx = make_context(tmp_path / "new.db", camera=str(tmp_path / "unplugged.avi"),
                       retry_seconds=0.3)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    window.show_window()
    window.open_staff_menu()
    ctx.start()
    dialog = open_settings(window)
    qtbot.waitUntil(lambda: ctx.camera.state == "unavailable", timeout=10_000)
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    assert dialog.camera_preview.message.startswith("The camera is not available")
    dialog.reject()
