"""Issue 11 item 14, "a second desk reprints without asking", through real widgets: two
desks of PyCon paired with a real `kiosk serve`; the first prints Siti's badge (the
badge code path, to a PDF) and syncs; the second desk, its window open and its own sync
running, learns of the print from the central list: its panel says the badge was printed
and its print button asks before printing again, naming the desk that printed it."""

from __future__ import annotations

from pathlib import Path

from kiosk.gui.badges import badge_prints, pdf_printer, print_badge
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
    with SyncEngine(first) as engine:
        assert engine.sync(force=True).ok

    # The second desk's own sync (live feed, or its timer) brings the print.
    qtbot.waitUntil(lambda: bool(badge_prints(ctx.replica, "p2")), timeout=20_000)
    window.show_attendee(siti)
    assert window.badge_state.text().startswith("Printed 1")
    assert window.print_button.text().startswith("Reprint badge for")
    asked = []
    window.confirm_reprint = lambda previous: asked.append(previous) or False
    window.badge_pdf_path = tmp_path / "again.pdf"
    assert window.print_selected_badge() is None  # declined: nothing printed
    (previous,) = asked
    assert (previous.uid, previous.device_name) == (made.uid, "Desk 1")
    assert not (tmp_path / "again.pdf").exists()
    assert len(badge_prints(ctx.replica, "p2")) == 1
