"""Desk mode through its real widgets: search as you type, manual check-in and out,
undo, walk-ins, counts per gate, badge printing with a record of every print."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt

from kiosk.gui.badges import badge_prints


def _fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def test_search_finds_by_prefix_as_you_type(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    target = next(a for a in ctx.replica.attendees() if len(a.name.split()) >= 2
                  and len(a.name.split()[1]) >= 4)
    first, second = target.name.split()[:2]
    typed = f"{_fold(first)[:3]} {_fold(second)[:3]}"  # prefixes, no accents, lower case
    qtbot.keyClicks(window.search, typed, delay=60)
    qtbot.waitUntil(lambda: window.results.count() > 0, timeout=2000)
    ids = [window.results.item(i).data(Qt.ItemDataRole.UserRole)
           for i in range(window.results.count())]
    assert target.id in ids
    # Organisation and e-mail prefixes work too.
    window.search.setText(target.email.split("@")[0][:5])
    qtbot.waitUntil(lambda: window.results.count() > 0, timeout=2000)
    assert window.selected is not None


def test_manual_check_in_out_and_undo_are_recorded(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    attendee = next(a for a in ctx.replica.attendees() if a.ticket_type == "Conference")
    window.show_attendee(attendee)
    qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
    assert ctx.controller.history[-1].result.verdict == "accepted"
    assert window.verdict.isVisible() and window.verdict.family == "green"
    assert ctx.replica.checked_in_count(ctx.controller.today()) == 2  # + the demo's one
    assert window.undo_button.isEnabled()
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    rows = [r for r in ctx.replica.checkins() if r["attendee_id"] == attendee.id]
    assert [r["direction"] for r in rows] == ["entry", "undo"]  # recorded, not deleted
    assert rows[1]["undoes"] == rows[0]["id"]
    assert ctx.replica.checked_in_count(ctx.controller.today()) == 1
    assert not window.undo_button.isEnabled()
    # In again, then out: two more rows, the person is recorded as gone out.
    qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.check_out_button, Qt.MouseButton.LeftButton)
    rows = [r for r in ctx.replica.checkins() if r["attendee_id"] == attendee.id]
    assert [r["direction"] for r in rows] == ["entry", "undo", "entry", "exit"]
    assert "out" in window.today.text()
    # Today's counts per gate show the check-in at the main hall.
    names = {window.counts.item(i, 0).text(): window.counts.item(i, 1).text()
             for i in range(window.counts.rowCount())}
    assert names["Main Hall"] == "2"


def test_undo_is_refused_after_the_window(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    attendee = next(a for a in ctx.replica.attendees() if a.ticket_type == "Conference")
    window.show_attendee(attendee)
    qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
    ctx.settings.set("undo_window_seconds", 1)
    qtbot.wait(1300)
    window.undo_last()
    assert "Cannot undo" in window.banner.text()
    assert ctx.replica.checked_in_count(ctx.controller.today()) == 2


def test_walkin_registration_through_the_dialog(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    qtbot.mouseClick(window.walkin_button, Qt.MouseButton.LeftButton)
    dialog = window.walkin_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no name yet
    assert dialog.isVisible() and dialog.error.text()
    qtbot.keyClicks(dialog.name, "Ni Luh Putu Ayu", delay=50)
    qtbot.keyClicks(dialog.organisation, "Open Source Bali", delay=50)
    dialog.ticket_type.setCurrentText("Conference")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Registered: the dialog now shows what to hand over, until "Done".
    assert dialog.isVisible() and dialog.registered is not None
    assert dialog.code.text().replace("\n", "") == dialog.registered.code
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    found = ctx.replica.search("ni luh")
    assert found and found[0].source == "walkin" and found[0].organisation == "Open Source Bali"
    pending = ctx.replica.conn.execute(
        "SELECT kind FROM outbox WHERE ref_id = ?", (found[0].id,)).fetchall()
    assert [p[0] for p in pending] == ["attendee"]
    assert ctx.controller.history[-1].result.attendee.id == found[0].id
    assert ctx.controller.history[-1].result.verdict == "accepted"


def test_badge_print_to_pdf_is_recorded_and_a_reprint_is_deliberate(
        qtbot, demo, open_desk, tmp_path):
    ctx, window = open_desk(demo.db)
    attendee = ctx.replica.attendees()[5]
    window.show_attendee(attendee)
    window.badge_pdf_path = tmp_path / "badge.pdf"
    record = window.print_selected_badge()
    assert record is not None and not record.reprint
    pdf = (tmp_path / "badge.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert "Printed 1" in window.badge_state.text()
    asked = []
    window.confirm_reprint = lambda previous: asked.append(previous) or False
    assert window.print_selected_badge() is None  # declined: nothing printed
    assert len(asked) == 1 and asked[0].attendee_id == attendee.id
    assert len(badge_prints(ctx.replica, attendee.id)) == 1
    window.confirm_reprint = lambda previous: True
    window.badge_pdf_path = tmp_path / "badge2.pdf"
    again = window.print_selected_badge()
    assert again is not None and again.reprint
    prints = badge_prints(ctx.replica, attendee.id)
    assert [p.reprint for p in prints] == [False, True]
    assert (tmp_path / "badge2.pdf").exists()


def test_desk_settings_need_the_staff_pin(qtbot, demo, open_desk):
    ctx, window = open_desk(demo.db)
    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    pin = window.pin_dialog
    assert pin is not None and pin.isVisible() and window.settings_dialog is None
    qtbot.keyClicks(pin.pin_edit, "1111")
    qtbot.mouseClick(pin.ok_button, Qt.MouseButton.LeftButton)
    assert window.settings_dialog is None
    qtbot.keyClicks(pin.pin_edit, "1234")
    qtbot.mouseClick(pin.ok_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.gate.setCurrentIndex(dialog.gate.findData("workshops"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ctx.controller.service.gate().id == "workshops"  # applied at once


def test_a_walkin_gets_a_signed_ticket_code_and_its_qr(qtbot, demo, open_desk):
    """Issue 11.5: a stand-alone desk (the demo replica holds the event's key) signs a
    code for every walk-in; the kiosk accepts it."""
    ctx, window = open_desk(demo.db)
    qtbot.mouseClick(window.walkin_button, Qt.MouseButton.LeftButton)
    dialog = window.walkin_dialog
    dialog.name.setText("Komang Ayu Lestari")
    dialog.email.setText("komang@example.id")
    dialog.check_in_now.setChecked(False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.qr.pixmap().isNull()  # signed here at once
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # Done
    assert not dialog.isVisible()
    walkin = window.selected
    assert walkin is not None and walkin.source == "walkin"
    assert walkin.code and walkin.code.startswith("CK1-")
    assert not window.qr.pixmap().isNull()  # shown when the screen has room for it
    result = ctx.controller.scan(walkin.code, source="usb")
    assert result.verdict == "accepted" and result.attendee.id == walkin.id


def test_a_walkin_already_on_the_list_is_recognised(qtbot, demo, open_desk):
    """Issue 11.5: the same e-mail (or name) warns, and "this is the same person" checks
    the existing attendee in instead of registering a second one."""
    ctx, window = open_desk(demo.db)
    existing = next(a for a in ctx.replica.attendees() if a.ticket_type == "Conference"
                    and not ctx.controller.attendee_checkins_today(a.id))
    before = ctx.replica.attendee_count()
    qtbot.mouseClick(window.walkin_button, Qt.MouseButton.LeftButton)
    dialog = window.walkin_dialog
    dialog.name.setText("Someone Else")
    dialog.email.setText(existing.email.upper())
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.duplicates.count() == 1
    assert existing.name in dialog.duplicates.item(0).text().replace("\u200b", "")
    qtbot.mouseClick(dialog.same_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert ctx.replica.attendee_count() == before
    assert window.selected.id == existing.id
    assert ctx.controller.history[-1].result.attendee.id == existing.id
    # By name, folded: a second click registers a new person anyway.
    qtbot.mouseClick(window.walkin_button, Qt.MouseButton.LeftButton)
    dialog = window.walkin_dialog
    dialog.name.setText(existing.name.upper())
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.duplicates.count() >= 1 and dialog.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.registered is not None and ctx.replica.attendee_count() == before + 1


def test_folded_search_through_the_desk(qtbot, demo, open_desk):
    from dataclasses import replace
    ctx, window = open_desk(demo.db)
    a = ctx.replica.attendees()[12]
    ctx.replica.upsert_attendees([replace(a, name="Łukasz van der Berg")])
    qtbot.keyClicks(window.search, "lukasz vanderb", delay=60)
    qtbot.waitUntil(lambda: window.results.count() > 0, timeout=2000)
    assert window.results.item(0).data(Qt.ItemDataRole.UserRole) == a.id
    assert window.result_count.text().startswith("Found: ")


def test_badge_fits_the_longest_names_and_carries_a_scannable_qr(qtbot, demo, open_desk):
    """Issue 11.14: the longest demo name and a long event name shrink to fit (the
    event name lost "2026" before); the badge's QR reads back as the ticket code."""
    import numpy as np
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from kiosk.gui.badges import paint_badge
    from kiosk.scanner.decode import decode_frame

    ctx, _window = open_desk(demo.db)
    longest = max((a for a in ctx.replica.attendees() if a.code),
                  key=lambda a: len(a.name) + len(a.organisation))
    event_name = "Nusantara Tech Conference & Community Summit 2026"
    image = QImage(1181, 827, QImage.Format.Format_RGB32)  # 100x70 mm at 300 dpi
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    layout = paint_badge(painter, QRectF(0, 0, 1181, 827), longest, event_name)
    painter.end()
    for part, (box, bounds) in layout.boxes.items():
        assert box.contains(bounds) or bounds.isEmpty(), (part, box, bounds)
        assert layout.badge.contains(box), part
    ptr = image.constBits()
    frame = np.frombuffer(ptr, np.uint8).reshape(827, 1181, 4)[:, :, :3].copy()
    assert longest.code in [c.text for c in decode_frame(frame)]
