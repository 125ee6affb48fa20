"""The on-screen keyboard for the settings' text fields at a touch kiosk (issue 11, the
staff menu; staff11 found it missing), through the real kiosk window and settings dialog
offscreen with real taps and key events: tapping a text field shows it, its keys type
into that field (capitals with Shift, erase, the signs an address needs) through the
field's own rules, never taking the focus, a real keyboard still works beside it, and
it hides by its own key or when the focus leaves the text fields. The desk, which has a
keyboard, gets none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.settings_dialog import SettingsDialog
from kiosk.gui.ui.keyboard import KEY_PX


def _tap(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _type(qtbot, keyboard, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the keys for ``text`` (Shift for capitals, as a person would)."""
    for char in text:
        name = {" ": "space"}.get(char, char.lower())
        if char.isalpha() and char.isupper() != keyboard.shifted:
            _tap(qtbot, keyboard.keys["shift"])
        _tap(qtbot, keyboard.keys[name])


def _settings_at_the_kiosk(qtbot, ctx):  # type: ignore[no-untyped-def]
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    dialog = SettingsDialog(ctx.settings, ctx.replica, window, running_mode=ctx.mode)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return window, dialog


def test_tapping_a_text_field_brings_a_keyboard_that_types_into_it(
        qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    ctx = make_context(demo.db)
    _window, dialog = _settings_at_the_kiosk(qtbot, ctx)
    keyboard = dialog.keyboard
    assert keyboard is not None and not keyboard.isVisible()

    _tap(qtbot, dialog.pairing_code)
    qtbot.waitUntil(keyboard.isVisible, timeout=2000)
    assert keyboard.target is dialog.pairing_code
    for button in keyboard.keys.values():  # a finger's target, inside the dialog
        assert button.width() >= KEY_PX and button.height() >= KEY_PX
        assert dialog.rect().contains(button.mapTo(dialog, button.rect().bottomRight()))
    _type(qtbot, keyboard, "ABCD-EF234")
    _tap(qtbot, keyboard.keys["erase"])
    assert dialog.pairing_code.text() == "ABCD-EF23"
    assert QApplication.focusWidget() is dialog.pairing_code  # the keys take no focus
    # A real keyboard still types beside it.
    qtbot.keyClick(dialog.pairing_code, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.pairing_code, "3")
    assert dialog.pairing_code.text() == "ABCD-EF23"

    # Another field: the keys follow the focus; an address's signs are there.
    dialog.server.clear()
    _tap(qtbot, dialog.server)
    assert keyboard.target is dialog.server and keyboard.isVisible()
    _type(qtbot, keyboard, "http://10.0.0.5:8421/#ab_cd@x")
    assert dialog.server.text() == "http://10.0.0.5:8421/#ab_cd@x"
    assert dialog.pairing_code.text() == "ABCD-EF23"

    # Its own key hides it; a tap on a field brings it back; the focus on a choice
    # (no text to type) hides it too.
    _tap(qtbot, keyboard.keys["hide"])
    assert not keyboard.isVisible()
    qtbot.keyClick(dialog.server, Qt.Key.Key_End)
    dialog.tabs.setCurrentIndex(1)  # This device
    _tap(qtbot, dialog.camera_spec)
    qtbot.waitUntil(keyboard.isVisible, timeout=2000)
    dialog.gate.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: not keyboard.isVisible(), timeout=2000)


def test_the_keyboard_keeps_to_the_fields_rules(qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    """The PIN fields take digits only, at most the PIN rule's length: the keys go
    through the same validator a keyboard does."""
    ctx = make_context(demo.db)
    _window, dialog = _settings_at_the_kiosk(qtbot, ctx)
    keyboard = dialog.keyboard
    dialog.tabs.setCurrentIndex(2)  # Staff PIN
    _tap(qtbot, dialog.pin)
    qtbot.waitUntil(keyboard.isVisible, timeout=2000)
    _type(qtbot, keyboard, "12ab34")
    assert dialog.pin.text() == "1234"
    _type(qtbot, keyboard, "5678901234")
    assert len(dialog.pin.text()) == dialog.pin.maxLength()
    # And the field typed into stays in sight above the keyboard.
    area = dialog.tabs.currentWidget()
    top_left = dialog.pin.mapTo(area.viewport(), dialog.pin.rect().topLeft())
    assert 0 <= top_left.y() <= area.viewport().height() - dialog.pin.height() // 2


def test_the_desk_has_a_keyboard_and_gets_none_on_screen(
        qtbot, demo, open_desk):  # type: ignore[no-untyped-def]
    ctx, window = open_desk(demo.db)
    dialog = SettingsDialog(ctx.settings, ctx.replica, window, running_mode=ctx.mode)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.keyboard is None
    assert not [w for w in dialog.findChildren(QPushButton) if w.objectName() == "key_a"]


def test_a_short_pin_or_no_camera_is_refused_in_indonesian(
        qtbot, demo, make_context):  # type: ignore[no-untyped-def]
    """What the settings' rules refuse is said in the screen's language (the rules'
    own words are English): a 3-digit PIN typed on the keys, an emptied camera."""
    from kiosk.gui.i18n import Translations

    translations = Translations()
    translations.install("id")
    try:
        ctx = make_context(demo.db)
        _window, dialog = _settings_at_the_kiosk(qtbot, ctx)
        keyboard = dialog.keyboard
        dialog.tabs.setCurrentIndex(2)
        for field in (dialog.pin, dialog.pin_again):
            _tap(qtbot, field)
            _type(qtbot, keyboard, "123")
        _tap(qtbot, dialog.save_button)
        assert dialog.isVisible() and dialog.error.text() == "PIN harus 4 sampai 12 angka."
        for field in (dialog.pin, dialog.pin_again):
            field.clear()
        dialog.tabs.setCurrentIndex(1)
        dialog.camera_spec.clear()
        _tap(qtbot, dialog.save_button)
        assert dialog.isVisible() and dialog.error.text().startswith("Kamera: ketik nomor")
        assert dialog.tabs.currentIndex() == 1
        assert ctx.settings.check_pin("1234")  # nothing was saved
    finally:
        translations.install("en")
