"""Issue 11 item 13: the Indonesian wording the issue found reading as translated, seen
through the real kiosk and desk windows in Indonesian ("Ini bukan tiket", "lewat Kiosk
2", "Anda tercatat keluar", "Pendaftaran di tempat", "Perlu diserahkan", a gate that
opens another day "tidak buka hari ini"), and none of the old phrasing left anywhere in
the translation."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.core.models import Direction, Gate
from kiosk.core.verdicts import Reason
from kiosk.gui.i18n import Translations
from kiosk.gui.kiosk_window import KioskWindow
from tests.scanner_keys import scanner_types

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "kiosk_id.ts"

#: What the issue found (and what a native speaker says instead).
OLD_WORDING = {
    "Itu bukan tiket": "Ini bukan tiket",
    "pemasangan": "penautan (pairing)",
    "Belum terpasang": "Belum tertaut",
    "Daftar pusat": "server pusat",
    "peserta langsung": "pendaftaran di tempat (walk-ins)",
    "oleh Kiosk": "lewat Kiosk …",
    "Keluar tercatat": "Anda tercatat keluar",
}


@pytest.fixture
def indonesian() -> Iterator[None]:
    translations = Translations()
    assert translations.install("id") == "id"
    try:
        yield
    finally:
        translations.install("en")


def test_none_of_the_old_wording_is_left_in_the_translation() -> None:
    found = []
    for message in ET.parse(TS).getroot().iter("message"):
        text = message.findtext("translation") or ""
        found += [(old, text) for old in OLD_WORDING if old.casefold() in text.casefold()]
        if text.strip() == "Serahkan":  # a label, not an order
            found.append(("Serahkan", text))
    assert not found, found


def _ticket(demo, expected):  # type: ignore[no-untyped-def]
    return next(t for t in demo.tickets if t.expected == expected)


def test_the_kiosk_says_it_as_a_native_speaker(qtbot, demo, make_context,  # type: ignore[no-untyped-def]
                                               indonesian) -> None:
    ctx = make_context(demo.db)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    panel = window.verdict

    scanner_types(window, _ticket(demo, "not_a_ticket").text)
    assert ctx.controller.history[-1].result.reason is Reason.NOT_A_TICKET
    assert panel.title.text() == "Ini bukan tiket"

    scanner_types(window, _ticket(demo, "already_checked_in").text)
    assert ctx.controller.history[-1].result.reason is Reason.ALREADY_IN
    assert " lewat " in panel.detail.text() and " oleh " not in panel.detail.text(), \
        panel.detail.text()

    first = _ticket(demo, "accepted")
    ctx.controller.scan(first.text, source="usb")
    ctx.controller.scan(first.text, source="usb", direction=Direction.EXIT)
    assert ctx.controller.history[-1].result.reason is Reason.EXIT_RECORDED
    assert panel.title.text() == "Anda tercatat keluar"


def test_a_gate_that_opens_another_day_is_said_so(qtbot, demo, make_context,  # type: ignore[no-untyped-def]
                                                  indonesian) -> None:
    """Not "Tiket ini tidak berlaku hari ini": it is the gate that is closed today."""
    from kiosk.replica.db import Replica

    with Replica(demo.db) as replica:
        main = replica.get_gate(demo.gate)
        assert main is not None
        event = replica.get_event(main.event_id)
        assert event is not None and event.days
        later = max(event.days) + timedelta(days=1)
        replica.upsert_gate(replace(main, id="hall-c", name="Hall C", days=(later,),
                                    ticket_types=()))
        assert isinstance(replica.get_gate("hall-c"), Gate)
    ctx = make_context(demo.db, gate_id="hall-c")
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    scanner_types(window, _ticket(demo, "accepted").text)
    assert ctx.controller.history[-1].result.reason is Reason.GATE_CLOSED_TODAY
    detail = window.verdict.detail.text()
    assert detail.startswith("Hall C tidak buka hari ini."), detail
    assert "Tiket ini tidak berlaku" not in detail


def test_the_desk_says_it_as_a_native_speaker(qtbot, demo, open_desk,  # type: ignore[no-untyped-def]
                                              indonesian) -> None:
    ctx, window = open_desk(demo.db)
    assert window.walkin_button.text().startswith("Pendaftaran di tempat")
    labels = {label.text() for label in window.findChildren(QLabel)}
    assert "Perlu diserahkan" in labels and "Serahkan" not in labels
