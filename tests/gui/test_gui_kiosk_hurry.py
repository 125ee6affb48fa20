"""Issue 11 items 6 and 7 through the real kiosk window (offscreen): the instruction is
the largest text and the name second; a ticket shown again at once at the kiosk that
just let it in is "you are checked in, go in" (green, nothing recorded), later or
elsewhere the duplicate rule; exit and entry-and-exit kiosks."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect

from kiosk.core.config import GATE_MODE, GRACE_SECONDS
from kiosk.core.models import Direction
from kiosk.gui.i18n import Translations
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.layout_check import SCREEN_SIZES, layout_problems
from tests.scanner_keys import scanner_types


def _kiosk(qtbot, ctx):  # type: ignore[no-untyped-def]
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    return window


def _later(ctx, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Move the kiosk's clock on (the check-in service asks it for now)."""
    service = ctx.controller.service
    now = service.clock
    service.clock = lambda: now() + timedelta(seconds=seconds)


def _this_morning(ctx) -> None:  # type: ignore[no-untyped-def]
    """Put the kiosk's clock at 10:00 of today in the event's zone, so the hours a test
    moves on stay within one event day (run near midnight, the third scan of four was a
    new day's first entry: "Welcome!", not "Welcome back!")."""
    service = ctx.controller.service
    event = ctx.controller.current_event()
    today = ctx.controller.today()
    morning = datetime.combine(today, time(10), ZoneInfo(event.timezone)).astimezone(UTC)
    service.clock = lambda: morning


def _screen(window) -> tuple[str, str, str, str]:  # type: ignore[no-untyped-def]
    panel = window.verdict
    return (panel.family, panel.title.text(), panel.instruction.text(), panel.detail.text())


def _accepted_ticket(demo):  # type: ignore[no-untyped-def]
    return next(t for t in demo.tickets if t.expected == "accepted")


def _standing(ctx, attendee_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [c["direction"] for c in ctx.replica.checkins()
            if c["attendee_id"] == attendee_id and c["origin"] == "local"]


def test_shown_again_at_once_is_go_in_and_recorded_once(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    window = _kiosk(qtbot, ctx)
    ticket = _accepted_ticket(demo)
    first = ctx.controller.scan(ticket.text, source="usb")
    assert first is not None and first.checkin_id
    assert _screen(window)[:3] == ("green", "Welcome!", "GO IN")
    window.show_idle()
    _later(ctx, 20)
    again = ctx.controller.scan(ticket.text, source="usb")
    assert again is not None and again.checkin_id is None
    family, title, instruction, detail = _screen(window)
    # Not amber "Already checked in … Please see the desk".
    assert (family, title, instruction) == ("green", "You are checked in", "GO IN")
    assert detail.startswith("Checked in here at ")
    assert window.verdict.name.text() == first.attendee.name
    assert _standing(ctx, first.attendee.id) == ["entry"]
    assert ctx.replica.pending_upload_count() == 1
    # After the grace time the duplicate rule holds again.
    _later(ctx, 41)
    ctx.controller.scan(ticket.text, source="usb")
    family, title, instruction, _ = _screen(window)
    assert (family, title, instruction) == ("amber", "Already checked in",
                                            "PLEASE SEE THE DESK")
    assert _standing(ctx, first.attendee.id) == ["entry"]


def test_no_grace_for_an_entry_made_at_another_kiosk(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    window = _kiosk(qtbot, ctx)
    other = next(t for t in demo.tickets if t.expected == "already_checked_in")
    ctx.controller.scan(other.text, source="usb")  # let in by another kiosk, learnt by sync
    assert _screen(window)[:3] == ("amber", "Already checked in", "PLEASE SEE THE DESK")


def test_the_grace_time_is_a_setting(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    ctx.settings.set(GRACE_SECONDS, 0)
    window = _kiosk(qtbot, ctx)
    ticket = _accepted_ticket(demo)
    ctx.controller.scan(ticket.text, source="usb")
    ctx.controller.scan(ticket.text, source="usb")
    assert _screen(window)[0] == "amber"


def test_exit_kiosk_says_goodbye_and_refuses_who_is_not_inside(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    ctx.settings.set(GATE_MODE, "exit")
    window = _kiosk(qtbot, ctx)
    assert window.preview.hint.startswith("Leaving? ")  # the idle screen asks who leaves
    ticket = _accepted_ticket(demo)
    nobody = ctx.controller.scan(ticket.text, source="usb")
    assert nobody is not None and nobody.checkin_id is None
    family, title, instruction, detail = _screen(window)
    assert (family, title, instruction) == ("amber", "Not checked in", "PLEASE SEE THE DESK")
    assert "no exit to record" in detail
    assert _standing(ctx, nobody.attendee.id) == []
    # In through an entry kiosk (here: the service asked for an entry), then out here.
    ctx.controller.service.check_in_attendee(nobody.attendee.id, direction=Direction.ENTRY)
    _later(ctx, 300)
    out = ctx.controller.scan(ticket.text, source="usb")
    assert out is not None and out.direction is Direction.EXIT
    assert _screen(window)[:3] == ("green", "Exit recorded", "GOODBYE")
    assert _standing(ctx, out.attendee.id) == ["entry", "exit"]


def test_entry_and_exit_kiosk_toggles_where_reentry_is_allowed(qtbot, demo, make_context):
    ctx = make_context(demo.db, gate_id="workshops")
    assert ctx.controller.service.gate().allow_reentry
    ctx.settings.set(GATE_MODE, "entry_exit")
    window = _kiosk(qtbot, ctx)
    _this_morning(ctx)  # four scans over 90 minutes: all on one day
    workshop = next(t for t in demo.tickets if t.expected == "wrong_gate")  # here: its gate
    seen = []
    for i in range(4):
        if i:
            _later(ctx, 30 * 60)  # well past the grace
        ctx.controller.scan(workshop.text, source="usb")
        seen.append(_screen(window)[1:3])
    assert seen == [("Welcome!", "GO IN"), ("Exit recorded", "GOODBYE"),
                    ("Welcome back!", "GO IN"), ("Exit recorded", "GOODBYE")]
    assert _standing(ctx, ctx.controller.history[-1].result.attendee.id) == [
        "entry", "exit", "entry", "exit"]


@pytest.fixture
def indonesian():  # type: ignore[no-untyped-def]
    translations = Translations()
    assert translations.install("id") == "id"
    yield translations
    translations.install("en")


def test_the_same_screens_in_indonesian(qtbot, demo, make_context, indonesian):
    ctx = make_context(demo.db)
    window = _kiosk(qtbot, ctx)
    ticket = _accepted_ticket(demo)
    ctx.controller.scan(ticket.text, source="usb")
    assert _screen(window)[1:3] == ("Selamat datang!", "SILAKAN MASUK")
    ctx.controller.scan(ticket.text, source="usb")
    assert _screen(window)[1:3] == ("Anda sudah check-in", "SILAKAN MASUK")
    _later(ctx, 61)
    ctx.controller.scan(ticket.text, source="usb")
    assert _screen(window)[1:3] == ("Sudah check-in", "SILAKAN KE MEJA REGISTRASI")
    ctx.settings.set(GATE_MODE, "exit")
    _later(ctx, 120)
    ctx.controller.scan(ticket.text, source="usb")
    assert _screen(window)[1:3] == ("Anda tercatat keluar", "SAMPAI JUMPA")
    wrong = next(t for t in demo.tickets if t.expected == "wrong_gate")
    ctx.settings.set(GATE_MODE, "entry")
    ctx.controller.scan(wrong.text, source="usb")
    assert _screen(window)[2] == "SILAKAN MENUJU WORKSHOP ROOMS"


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_instruction_is_the_largest_text_at_every_size(qtbot, demo, make_context,
                                                           language):
    """Issue 11 item 6: at each of the five screen sizes, what to do is the largest text
    on the verdict screen, the name second, and nothing is cut."""
    translations = Translations()
    translations.install(language)
    try:
        ctx = make_context(demo.db)
        ctx.start()
        ticket = _accepted_ticket(demo)
        wrong = next(t for t in demo.tickets if t.expected == "wrong_gate")
        for width, height in SCREEN_SIZES:
            window = KioskWindow(ctx, fullscreen=False)
            qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
            window.verdict.set_seconds(600, 600)
            area = QRect(0, 0, width, height)
            window.show_in(area)
            for text in (ticket.text, ticket.text, wrong.text):
                ctx.controller.scan(text, source="usb")
                qtbot.wait(30)
                panel = window.verdict
                sizes = {label.objectName() or id(label): label.font().pixelSize()
                         for label in panel._labels() if label.isVisibleTo(panel)}
                big = panel.instruction.font().pixelSize()
                name = panel.name.font().pixelSize()
                assert big == max(sizes.values()) and big > name, (width, height, sizes)
                assert name == sorted(sizes.values())[-2], (width, height, sizes)
                assert layout_problems(window, area) == [], (width, height, text)
            window.force_close()
            result = ctx.controller.history[-3].result
            ctx.controller.undo(result.checkin_id, window_seconds=3600)
    finally:
        translations.install("en")


def test_staff_set_the_mode_grace_and_durations_in_the_settings_dialog(qtbot, demo,
                                                                       make_context):
    from PySide6.QtCore import Qt

    from kiosk.core.config import PROBLEM_VERDICT_SECONDS, VERDICT_SECONDS
    from kiosk.gui.settings_dialog import SettingsDialog

    ctx = make_context(demo.db)
    window = _kiosk(qtbot, ctx)
    dialog = SettingsDialog(ctx.settings, ctx.replica, window)
    qtbot.addWidget(dialog)
    dialog.show()
    fields = dialog.verdicts
    assert (fields.gate_mode.currentData(), fields.grace.value()) == ("entry", 60)
    assert (fields.green.value(), fields.problem.value()) == (3.0, 8.0)
    fields.gate_mode.setCurrentIndex(fields.gate_mode.findData("exit"))
    fields.grace.setValue(10)
    fields.green.setValue(2.5)
    fields.problem.setValue(12)
    assert fields.grace.maximum() == GRACE_SECONDS.maximum  # limits from the declaration
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    assert ctx.settings.get(GATE_MODE) == "exit" and ctx.settings.get(GRACE_SECONDS) == 10
    assert ctx.settings.get(VERDICT_SECONDS) == 2.5
    assert ctx.settings.get(PROBLEM_VERDICT_SECONDS) == 12
    window._settings_saved()  # what the dialog's accepted signal runs in the window
    ctx.controller.scan(_accepted_ticket(demo).text, source="usb")  # an exit kiosk now
    assert _screen(window)[1] == "Not checked in"
    assert window.verdict._timer.interval() == 12_000
    assert window.preview.hint.startswith("Leaving? ")


def test_a_touch_dismisses_a_verdict_and_problems_stay_longer(qtbot, demo, make_context):
    """Issue 11 item 6: "every verdict stays exactly 4 s, red and amber included". Green
    for its own (short) time, a problem for longer; a touch on the screen dismisses a
    verdict at once, so the next person need not wait."""
    from PySide6.QtCore import Qt

    ctx = make_context(demo.db)
    ctx.settings.set("verdict_seconds", 2.0)
    ctx.settings.set("problem_verdict_seconds", 9.0)
    window = _kiosk(qtbot, ctx)
    scanner_types(window, _accepted_ticket(demo).text)
    assert window.verdict.family == "green"
    assert window.verdict._timer.interval() == 2000
    scanner_types(window, next(t for t in demo.tickets if t.expected == "wrong_gate").text)
    assert window.verdict.family == "red"
    assert window.verdict._timer.interval() == 9000
    assert window.stack.currentWidget() is window.verdict
    qtbot.mouseClick(window.verdict, Qt.MouseButton.LeftButton)  # a touch
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.preview, timeout=2000)
