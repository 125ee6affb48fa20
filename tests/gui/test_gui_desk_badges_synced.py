"""Issue 11 item 14, "a second desk reprints without asking", through real widgets: two
desks of PyCon paired with a real `kiosk serve`; the first prints Siti's badge (the
badge code path, to a PDF) and syncs; the second desk, its window open and its own sync
running, learns of the print from the central list: its panel says the badge was printed
and its print button asks before printing again, naming the desk that printed it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.gui.badges import badge_prints, pdf_printer, print_badge
from kiosk.gui.i18n import Translations
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests import console_fixtures
from tests.console_fixtures import Central

central = console_fixtures.central


def _pair(central: Central, path: Path, name: str) -> None:
    with central.store() as store:
        code = store.devices.new_pairing_code(device_name=name, role="desk",
                                              event_ids=["pycon"], gate_id="hall").code
    with SyncEngine(path) as engine:
        engine.pair(central.url, code)
        assert engine.sync(force=True).ok


def test_a_print_at_one_desk_makes_the_other_desk_ask(  # type: ignore[no-untyped-def]
        qtbot, open_desk, central: Central, tmp_path: Path) -> None:
    first, second = tmp_path / "desk1.db", tmp_path / "desk2.db"
    _pair(central, first, "Desk 1")
    _pair(central, second, "Desk 2")
    ctx, window = open_desk(second)
    siti = ctx.replica.get_attendee("p2")
    assert siti is not None
    window.show_attendee(siti)
    assert window.badge_state.text() == "Not printed yet"

    with Replica(first) as replica:
        mine = replica.get_attendee("p2")
        assert mine is not None
        made = print_badge(replica, mine, pdf_printer(tmp_path / "badge.pdf"),
                           event_name="PyCon")
        assert replica.pending_upload_count() == 1  # queued with the print
    assert (tmp_path / "badge.pdf").read_bytes().startswith(b"%PDF")
    made_at = ctx.controller.local_time(made.printed_at)
    with SyncEngine(first) as engine:
        assert engine.sync(force=True).ok

    # The second desk's own sync (live feed, or its timer) brings the print.
    qtbot.waitUntil(lambda: bool(badge_prints(ctx.replica, "p2")), timeout=20_000)
    window.show_attendee(siti)
    assert window.badge_state.text().startswith("Printed 1")
    assert window.print_button.text().startswith("Reprint badge for")
    assert window.badge_state.text().endswith("by Desk 1"), window.badge_state.text()
    window.badge_pdf_path = tmp_path / "again.pdf"
    # The real question box: it names whose badge, when, and the desk that printed it.
    question = _answer_reprint(qtbot, window, "Do not print")
    assert window.print_selected_badge() is None  # declined: nothing printed
    assert question == [f"A badge for Siti Nurhaliza was already printed at {made_at} by "
                        "Desk 1. Print another one?"]
    assert not (tmp_path / "again.pdf").exists()
    assert len(badge_prints(ctx.replica, "p2")) == 1

    translations = Translations()
    translations.install("id")
    try:
        window.show_attendee(siti)
        assert window.badge_state.text() == f"Dicetak 1×, terakhir pukul {made_at} di Desk 1"
        question = _answer_reprint(qtbot, window, "Cetak lagi")
        again = window.print_selected_badge()
        assert question == [f"Tanda pengenal Siti Nurhaliza sudah dicetak pukul {made_at} "
                            "di Desk 1. Cetak lagi?"]
        assert again is not None and again.reprint and again.device_name == "Desk 2"
        # Printed here now: the question says so, in either language.
        question = _answer_reprint(qtbot, window, "Jangan dicetak")
        assert window.print_selected_badge() is None
        assert question[0].endswith("di meja ini. Cetak lagi?"), question
    finally:
        translations.install("en")
    question = _answer_reprint(qtbot, window, "Do not print")
    assert window.print_selected_badge() is None
    assert question[0].endswith(" by this desk. Print another one?"), question


def _answer_reprint(qtbot, window, button: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Once the desk's reprint question is up: read its words, click ``button``."""
    from PySide6.QtCore import QTimer

    seen: list[str] = []

    def answer() -> None:
        box = window.reprint_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        (chosen,) = [b for b in box.buttons() if b.text() == button]
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    window.reprint_box = None
    QTimer.singleShot(0, answer)
    return seen
