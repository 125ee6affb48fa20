"""Keyboard-wedge USB scanners: a fast burst of keys, with or without Enter, checks in
wherever the focus is; a person typing at human speed does not."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.gui.desk_window import DeskWindow
from kiosk.gui.kiosk_window import KioskWindow


def _stored_entries(ctx, attendee_id):
    return [r for r in ctx.replica.checkins()
            if r["attendee_id"] == attendee_id and r["origin"] == "local"]


def test_scanner_typing_with_enter_checks_in_on_the_kiosk(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    ticket = demo.tickets[0]
    qtbot.keyClicks(window, ticket.text)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert [s.result.verdict for s in ctx.controller.history] == ["accepted"]
    assert ctx.controller.history[0].source == "usb"
    assert window.stack.currentWidget() is window.verdict
    assert window.verdict.family == "green"
    assert len(_stored_entries(ctx, ticket.attendee_id)) == 1


def test_scanner_typing_without_enter_checks_in_after_idle(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    ticket = demo.tickets[-1]  # the VIP ticket
    qtbot.keyClicks(window, ticket.text)
    assert ctx.controller.history == []  # not yet: waiting for the idle timeout
    qtbot.waitUntil(lambda: len(ctx.controller.history) == 1, timeout=2000)
    assert ctx.controller.history[0].result.verdict == "accepted"
    assert len(_stored_entries(ctx, ticket.attendee_id)) == 1


def test_scanner_burst_into_the_desk_search_field_is_a_scan_not_a_search(
        qtbot, demo, make_context):
    ctx = make_context(demo.db, mode="desk")
    window = DeskWindow(ctx)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    window.search.setFocus()
    qtbot.waitUntil(lambda: window.search.hasFocus() or True)
    ticket = demo.tickets[0]
    qtbot.keyClicks(window.search, ticket.text)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert [s.result.verdict for s in ctx.controller.history] == ["accepted"]
    assert window.search.text() == ""  # the burst was taken back out of the field
    assert window.selected is not None and window.selected.id == ticket.attendee_id


def test_human_typing_is_not_taken_for_a_scan(qtbot, demo, make_context):
    ctx = make_context(demo.db, mode="desk")
    window = DeskWindow(ctx)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    window.search.setFocus()
    qtbot.keyClicks(window.search, "Siti Rahayu", delay=70)  # 70 ms between keys
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert ctx.controller.history == []
    assert window.search.text() == "Siti Rahayu"
