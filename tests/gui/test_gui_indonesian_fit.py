"""Indonesian words are longer than English ones (issue 11 item 13): through the real
desk window offscreen in Indonesian at 1366x768, the scan history's undo button still
says what it does and whom it undoes ("Batalkan Aditya…"), not "Batalka…"."""

from __future__ import annotations

from PySide6.QtCore import QRect

from kiosk.gui.i18n import Translations


def test_the_history_undo_button_fits_in_indonesian(qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    from kiosk.gui.desk_window import DeskWindow

    translations = Translations()
    translations.install("id")
    try:
        ctx = make_context(demo.db, mode="desk")
        window = DeskWindow(ctx)
        qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
        ctx.start()
        window.show_in(QRect(0, 0, 1366, 768))
        accepted = next(t for t in demo.tickets if t.expected == "accepted")
        result = ctx.controller.scan(accepted.text, source="usb")
        assert result is not None and result.checkin_id and result.attendee
        assert len(result.attendee.name.split()[0]) <= 16
        qtbot.wait(100)
        button = window.history.undo_button(0)
        assert button is not None and button.full_text.startswith("Batalkan ")
        qtbot.waitUntil(lambda: button.width() > 20, timeout=2000)
        # The verb and the start of the name show (the full name is in the row beside).
        first = result.attendee.name.split()[0]
        assert button.text().startswith(f"Batalkan {first[:3]}"), (button.text(),
                                                                   button.width())
        assert window.history.table.horizontalScrollBar().maximum() == 0  # no overflow
    finally:
        translations.install("en")


def test_a_refused_undo_is_said_in_indonesian(qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    """The undo rule's refusals (replica: ``UndoRefused.why``) are worded at the desk in
    its language, not the replica's English."""
    from PySide6.QtCore import Qt

    from kiosk.gui.desk_window import DeskWindow

    translations = Translations()
    translations.install("id")
    try:
        ctx = make_context(demo.db, mode="desk")
        window = DeskWindow(ctx)
        qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
        ctx.start()
        window.show_in(QRect(0, 0, 1366, 768))
        accepted = [t for t in demo.tickets if t.expected == "accepted"]
        ctx.controller.scan(accepted[0].text, source="usb")
        first = ctx.controller.history[-1]
        qtbot.mouseClick(window.history.undo_button(0), Qt.MouseButton.LeftButton)
        assert "dibatalkan" in window.banner.text() and "Tidak dapat" not in \
            window.banner.text()
        window.undo_row(first)  # again: the rule refuses, in Indonesian
        assert window.banner.text() == ("Tidak dapat dibatalkan: check-in itu sudah "
                                        "dibatalkan.")
        ctx.settings.set("undo_window_seconds", 1)
        ctx.controller.scan(accepted[1].text, source="usb")
        second = ctx.controller.history[-1]
        qtbot.wait(2100)
        window.undo_row(second)
        words = window.banner.text()
        assert words.startswith("Tidak dapat dibatalkan: sudah ") and "batasnya 1 detik" \
            in words, words
        assert "Too late" not in words
    finally:
        translations.install("en")
