"""The staff PIN at a touch kiosk (issue 11 item 12): an on-screen keypad (digits, erase,
OK; big targets) beside the keyboard, and a lockout after five wrong PINs that closing
the dialog or restarting the app does not lift (it used to live in the dialog)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.core.config import PIN_LOCKED_AT_KEY
from kiosk.gui.dialogs import StaffMenu
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.ui.keypad import KEY_PX


def _kiosk(qtbot, ctx):
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    return window


def _pin_dialog(qtbot, window):
    window.ask_pin()
    dialog = window.pin_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    return dialog


def _press(qtbot, dialog, *keys: str) -> None:
    for key in keys:
        qtbot.mouseClick(dialog.keypad.keys[key], Qt.MouseButton.LeftButton)


def test_the_keypad_types_erases_and_unlocks(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    ctx.settings.set_pin("2468")
    window = _kiosk(qtbot, ctx)
    dialog = _pin_dialog(qtbot, window)
    keys = dialog.keypad.keys
    assert sorted(keys) == sorted([*"0123456789", "erase", "ok"])
    for button in keys.values():  # a finger's target
        assert button.width() >= KEY_PX and button.height() >= KEY_PX
    _press(qtbot, dialog, "2", "4", "7", "erase", "6")
    assert dialog.pin_edit.text() == "246"
    assert QApplication.focusWidget() in (dialog.pin_edit, None)  # keys take no focus
    # The keyboard still works beside the keypad: real key events into the field.
    qtbot.keyClicks(dialog.pin_edit, "8")
    assert dialog.pin_edit.text() == "2468"
    _press(qtbot, dialog, "ok")
    assert isinstance(window.staff_menu, StaffMenu) and window.staff_menu.isVisible()
    assert not dialog.isVisible()


def test_the_keypad_respects_the_pin_rule(qtbot, demo, make_context):
    window = _kiosk(qtbot, make_context(demo.db))
    dialog = _pin_dialog(qtbot, window)
    _press(qtbot, dialog, *"1234567890123")  # 13 digits: the rule allows 12
    assert dialog.pin_edit.text() == "123456789012"
    _press(qtbot, dialog, *["erase"] * 20)
    assert dialog.pin_edit.text() == ""


def test_five_wrong_pins_stay_locked_across_reopening_and_restart(qtbot, demo,
                                                                  make_context):
    ctx = make_context(demo.db)
    window = _kiosk(qtbot, ctx)
    dialog = _pin_dialog(qtbot, window)
    for attempt in range(5):
        qtbot.keyClicks(dialog.pin_edit, "0000")
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
        if attempt == 3:
            assert "One more wrong PIN locks it" in dialog.error.text()
    assert "Try again in 5 minutes" in dialog.error.text()
    assert not dialog.ok_button.isEnabled() and not dialog.keypad.isEnabled()
    # Closing and reopening the dialog used to start a fresh count.
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    again = _pin_dialog(qtbot, window)
    assert again is not dialog
    assert "Try again in 5 minutes" in again.error.text()
    assert not again.ok_button.isEnabled() and not again.pin_edit.isEnabled()
    again.try_unlock()  # the right (default) PIN, pressed anyway
    assert window.staff_menu is None
    again.reject()
    window.force_close()
    ctx.shutdown()
    ctx.close_replica()

    restarted = make_context(demo.db)  # the app started again on the same replica
    window = _kiosk(qtbot, restarted)
    dialog = _pin_dialog(qtbot, window)
    assert "Try again in" in dialog.error.text() and not dialog.ok_button.isEnabled()
    # Five minutes later (the stored lock moved back): the keys come back by themselves.
    restarted.replica.set_meta(PIN_LOCKED_AT_KEY, (datetime.now(UTC) - timedelta(
        minutes=6)).isoformat())
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)
    assert dialog.error.text() == ""
    _press(qtbot, dialog, "1", "2", "3", "4", "ok")
    assert isinstance(window.staff_menu, StaffMenu)


def test_the_lock_says_the_minutes_left(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    ctx.replica.set_meta(PIN_LOCKED_AT_KEY, (datetime.now(UTC) - timedelta(
        minutes=3, seconds=30)).isoformat())
    window = _kiosk(qtbot, ctx)
    dialog = _pin_dialog(qtbot, window)
    assert "Try again in 2 minutes" in dialog.error.text()
    ctx.replica.set_meta(PIN_LOCKED_AT_KEY, (datetime.now(UTC) - timedelta(
        minutes=4, seconds=30)).isoformat())
    qtbot.waitUntil(lambda: "Try again in 1 minute." in dialog.error.text(), timeout=3000)
