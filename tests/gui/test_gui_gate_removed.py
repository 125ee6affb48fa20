"""A kiosk whose gate the central list withdrew (moved to another event, or deleted)
says so in plain words and records nothing: a real central list on loopback, a real
replica paired for the gate, the running kiosk's own sync, the real controller; and a
kiosk started after the move says so at start instead of refusing to open."""

from __future__ import annotations

from pathlib import Path

from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.sync.engine import SyncEngine

WORDS = "This kiosk's gate (Hall) was moved to another event or removed by the organisers"


def test_a_kiosk_at_a_moved_gate_says_so_and_records_nothing(
        make_context, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "k.db"
    with CentralStore.open(tmp_path / "central.db") as store:
        store.events.create("Event A", event_id="ev-a", timezone="UTC",
                            gates=[Gate("a-main", "", "A main"), Gate("hall", "", "Hall")])
        store.events.create("Event B", event_id="ev-b", timezone="UTC",
                            gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert([Attendee(id=i, event_id="ev-a", name=i.title(),
                                         code=i.upper()) for i in ("ann", "amy")])
        code = store.devices.new_pairing_code(device_name="Hall kiosk", gate_id="hall").code
        with run_in_thread(store) as handle:
            with SyncEngine(db) as engine:
                engine.pair(handle.url, code)
                assert engine.sync().ok
            ctx = make_context(db, mode="kiosk")
            banner: list[str] = []
            shown: list[object] = []
            ctx.controller.problem.connect(banner.append)
            ctx.controller.verdict_ready.connect(shown.append)
            ctx.start()
            assert ctx.controller.scan("ANN", source="usb") is not None
            assert len(shown) == 1 and not banner
            # The organiser moves the hall to event B; the running kiosk's next sync
            # withdraws it and staff read why, once.
            store.events.put_gate(Gate("hall", "ev-b", "Hall"))
            ctx.sync.sync_now()
            qtbot.waitUntil(lambda: any(WORDS in b for b in banner), timeout=30000)
            said = [b for b in banner if WORDS in b]
            assert len(said) == 1, banner  # once per withdrawal, not after every sync
            assert "registration desk" in said[0] and "settings" in said[0]
            assert ctx.controller.scan("AMY", source="usb") is None
            assert WORDS in banner[-1]  # the scan says it again
            assert len(shown) == 1  # no verdict, nothing recorded
            assert [c["attendee_id"] for c in ctx.replica.checkins()] == ["ann"]
            ctx.shutdown()
            ctx.close_replica()
    # Started again later (the gate still withdrawn): it opens and says so at start.
    again = make_context(db, mode="kiosk")
    told: list[str] = []
    again.controller.problem.connect(told.append)
    again.start()
    assert any(WORDS in t for t in told), told
