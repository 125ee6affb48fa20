"""Issue 10's walk-in leftover: a desk paired with a real `kiosk serve` registers a walk-in
through the real dialog; the central list issues the code (the desk holds no signing
key), and the open dialog — and the person's panel behind it — show that code and its QR
as soon as the desk's own scheduler has synced, with nothing clicked in between. The QR
read back from the dialog's pixels is the code, and a kiosk of the event admits it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import TwoEvents


def _qr_text(image: QImage) -> str:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width()]
    text, _points, _raw = cv2.QRCodeDetector().detectAndDecode(
        cv2.copyMakeBorder(pixels, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255))
    return str(text)


def test_the_walkin_dialog_shows_the_code_the_central_list_issued(
        two_events: TwoEvents, tmp_path: Path, qtbot: Any, open_desk: Any) -> None:
    ev = two_events
    db = tmp_path / "desk.db"
    with SyncEngine(db) as engine:
        engine.pair(ev.url, ev.pairing_code(role="desk", event="ev-a"))
        assert engine.sync().ok
    ctx, window = open_desk(db, gate_id="a-main")
    qtbot.waitUntil(lambda: ctx.sync.last.get("connection") == "online", timeout=20000)
    qtbot.mouseClick(window.walkin_button, Qt.MouseButton.LeftButton)
    dialog = window.walkin_dialog
    qtbot.keyClicks(dialog.name, "Wayan Sudarma", delay=20)
    dialog.email.setText("wayan@example.id")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Registered offline-first: no code yet, and the dialog says where it comes from.
    assert dialog.isVisible() and dialog.registered is not None
    assert dialog.registered.code is None or dialog.registered.code == ""
    assert "central list" in dialog.code_note.text().replace("\u200b", "")
    # The desk's own scheduler uploads the walk-in and brings its code back; the dialog
    # and the panel refresh by themselves.
    qtbot.waitUntil(lambda: bool(dialog.qr.property("code")), timeout=30000)
    walkin = ctx.replica.get_attendee(dialog.registered.id)
    assert walkin is not None and walkin.code and walkin.code.startswith("CK1-")
    assert dialog.qr.property("code") == walkin.code
    assert dialog.code.text().replace("\n", "") == walkin.code
    assert "registered and checked in" in dialog.registered_title.text().replace("\u200b", "")
    assert _qr_text(dialog.qr.pixmap().toImage()) == walkin.code
    with ev.store() as store:
        held = store.db.run(lambda tx: tx.one("SELECT code, event_id FROM attendees "
                                              "WHERE id = ?", (walkin.id,)))
    assert held == {"code": walkin.code, "event_id": "ev-a"}  # the list's own code
    assert window.selected is not None and window.selected.code == walkin.code
    assert window.code.text().replace("\u200b", "").startswith(walkin.code[:20])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # Done
    assert not dialog.isVisible()
    # A kiosk of event A knows the code and the desk's check-in: "already checked in".
    kiosk = tmp_path / "kiosk.db"
    with SyncEngine(kiosk) as engine:
        engine.pair(ev.url, ev.pairing_code(role="kiosk", event="ev-a"))
        assert engine.sync().ok
    from kiosk.replica.checkin import CheckInService
    from kiosk.replica.db import Replica

    with Replica(kiosk) as replica:
        result = CheckInService(replica, gate_id="a-main").scan(walkin.code)
    assert result.attendee is not None and result.attendee.id == walkin.id
    assert result.reason.value == "already_in", result.reason
