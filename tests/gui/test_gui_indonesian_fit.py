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
