"""Every verdict has its screen: colour family, icon, words (in English and Indonesian)
and a sound, from real ScanResults of the check-in service."""

from __future__ import annotations

import wave
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtGui import QColor

from kiosk.core.models import AttendeeStatus, Direction
from kiosk.core.verdicts import ScanResult, Verdict
from kiosk.gui.controller import ShownVerdict
from kiosk.gui.i18n import Translations
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.resources import sound_path
from kiosk.gui.ui.verdict_panel import FAMILY_COLOURS
from kiosk.verdict_messages import verdict_message


def _all_verdicts(ctx, demo) -> dict[Verdict, ScanResult]:
    """One real result per verdict, from the demo replica."""
    svc = ctx.controller.service
    rep = ctx.replica
    by_type = {}
    for a in rep.attendees():
        by_type.setdefault(a.ticket_type, []).append(a)
    conf, conf2, conf3 = by_type["Conference"][:3]
    workshop = by_type["Workshop"][0]
    out: dict[Verdict, ScanResult] = {}
    out[Verdict.ACCEPTED] = svc.scan(conf.code, gate_id="main-hall")
    out[Verdict.JUST_CHECKED_IN] = svc.scan(conf.code, gate_id="main-hall")
    now = svc.clock
    svc.clock = lambda: now() + timedelta(seconds=61)  # past the grace
    out[Verdict.ALREADY_CHECKED_IN] = svc.scan(conf.code, gate_id="main-hall")
    svc.clock = now
    out[Verdict.NOT_CHECKED_IN] = svc.scan(conf2.code, gate_id="main-hall",
                                           direction=Direction.EXIT)
    svc.scan(workshop.code, gate_id="workshops")
    svc.scan(workshop.code, gate_id="workshops", direction=Direction.EXIT)
    out[Verdict.REENTRY] = svc.scan(workshop.code, gate_id="workshops")
    out[Verdict.WRONG_GATE] = svc.scan(workshop.code, gate_id="main-hall")
    out[Verdict.WRONG_DAY] = svc.scan(conf2.code, gate_id="community")
    rep.add_revocation(conf3.code, conf3.event_id, "lost ticket")
    out[Verdict.CANCELLED] = svc.scan(conf3.code, gate_id="main-hall")
    unpaid = by_type["Conference"][3]  # a pending pretix order's ticket, say
    rep.upsert_attendees([replace(unpaid, status=AttendeeStatus.UNPAID)])
    out[Verdict.UNPAID] = svc.scan(unpaid.code, gate_id="main-hall")
    out[Verdict.UNKNOWN] = svc.scan("TIX-00012345", gate_id="main-hall")
    forged = next(t for t in demo.tickets if t.expected == "forged")
    out[Verdict.FORGED] = svc.scan(forged.text, gate_id="main-hall")
    out[Verdict.NOT_A_TICKET] = svc.scan("https://example.org/wifi", gate_id="main-hall")
    for verdict, result in out.items():
        assert result.verdict is verdict
    return out


def test_every_verdict_has_its_screen_and_sound(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    window.resize(1280, 720)
    results = _all_verdicts(ctx, demo)
    assert set(results) == set(Verdict)
    seen = {}
    for verdict, result in results.items():
        shown = ShownVerdict(result, ctx.controller.describe(result), "test", None)
        window.show_verdict(shown)
        assert window.stack.currentWidget() is window.verdict
        panel = window.verdict
        assert panel.family == verdict.family
        # The colour really is on screen (sampled from the rendered panel).
        image = panel.grab().toImage()
        expected = QColor(FAMILY_COLOURS[verdict.family][0])
        assert image.pixelColor(5, 5) == expected
        assert panel.title.text() and panel.instruction.text()
        seen[verdict] = (panel.icon.kind, panel.title.text(),
                         panel.instruction.text() + " " + panel.detail.text())
        assert ctx.sounds.played[-1] == verdict.family
    # Words differ per verdict (colour is never the only signal).
    assert len({title for _, title, _ in seen.values()}) == len(Verdict)
    assert seen[Verdict.ACCEPTED][0] == "check"
    assert seen[Verdict.ALREADY_CHECKED_IN][0] == "warning"
    assert seen[Verdict.FORGED][0] == "stop"
    assert seen[Verdict.NOT_A_TICKET][0] == "info"
    # Structured details reach the screen: where to go instead, when and where before.
    assert "GO TO WORKSHOP ROOMS" in seen[Verdict.WRONG_GATE][2]
    assert "Main Hall" in seen[Verdict.ALREADY_CHECKED_IN][2]
    assert seen[Verdict.ALREADY_CHECKED_IN][2].startswith("PLEASE SEE THE DESK ")
    assert seen[Verdict.ACCEPTED][2].startswith("GO IN")
    # It resets by itself.
    window.verdict.set_seconds(0.2)
    window.show_verdict(ShownVerdict(results[Verdict.ACCEPTED],
                                     ctx.controller.describe(results[Verdict.ACCEPTED]),
                                     "test", None))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.preview, timeout=2000)


def test_cancelled_registration_screen(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    a = next(x for x in ctx.replica.attendees() if x.ticket_type == "Student")
    ctx.replica.upsert_attendees([replace(a, status=AttendeeStatus.CANCELLED)])
    result = ctx.controller.scan(a.code, source="usb")
    assert result.verdict is Verdict.CANCELLED
    assert ctx.controller.history[-1].text.title == "Registration cancelled"


@pytest.fixture
def indonesian():
    translations = Translations()
    assert translations.install("id") == "id"
    yield translations
    translations.install("en")


def test_verdict_words_in_indonesian(qtbot, demo, make_context, indonesian):
    ctx = make_context(demo.db)
    results = _all_verdicts(ctx, demo)
    texts = {v: ctx.controller.describe(r) for v, r in results.items()}
    assert texts[Verdict.ACCEPTED].title == "Selamat datang!"
    assert texts[Verdict.ALREADY_CHECKED_IN].title == "Sudah check-in"
    # Core's English reason never reaches the Indonesian screen.
    for verdict, text in texts.items():
        assert text.instruction != verdict_message(results[verdict])
        assert "Please" not in text.instruction + text.detail, (verdict, text.instruction)
    assert "Workshop Rooms" in texts[Verdict.WRONG_GATE].instruction
    assert texts[Verdict.JUST_CHECKED_IN].title == "Anda sudah check-in"


def test_sounds_are_distinct_wav_files():
    frames = {}
    for family in ("green", "amber", "red", "neutral"):
        with wave.open(str(sound_path(family))) as w:
            assert w.getframerate() == 44100 and w.getnchannels() == 1
            frames[family] = w.readframes(w.getnframes())
            assert 0.1 < w.getnframes() / 44100 < 1.5
    assert len(set(frames.values())) == 4


def test_a_new_scan_replaces_the_verdict_at_once(qtbot, demo, make_context):
    ctx = make_context(demo.db)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    ctx.controller.scan(demo.tickets[0].text, source="usb")
    assert window.verdict.family == "green"
    ctx.controller.scan(demo.tickets[2].text, source="usb")  # no waiting for the reset
    assert window.verdict.family == "red"
    assert window.verdict.title.text() == "Wrong entrance"


def test_language_follows_the_setting_or_the_system(monkeypatch):
    from PySide6.QtCore import QLocale

    from kiosk.gui.i18n import resolve_language

    assert resolve_language("id") == "id" and resolve_language("en") == "en"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("id_ID")))
    assert resolve_language("system") == "id"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert resolve_language("system") == "en"
    # "system" follows the event's first language when the console set one.
    assert resolve_language("system", ("id", "en")) == "id"
    assert resolve_language("en", ("id", "en")) == "en"  # a chosen language wins


def test_the_translation_stays_installed_without_a_reference(qapp):
    import gc

    from PySide6.QtCore import QCoreApplication

    Translations().install("id")  # nobody keeps the object
    gc.collect()
    try:
        assert QCoreApplication.translate("Verdict", "Welcome!") == "Selamat datang!"
    finally:
        Translations().install("en")  # another object switches back
    assert QCoreApplication.translate("Verdict", "Welcome!") == "Welcome!"
