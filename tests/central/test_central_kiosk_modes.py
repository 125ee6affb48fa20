"""Issue 11 item 7 on a real `kiosk serve` (loopback): the central list's re-decision
(kiosk/central/rulings.py, core's decide()) agrees with kiosks that use the grace rule
and the exit / entry-and-exit gate modes.

- a re-show within the grace is not uploaded (nothing recorded): no second check-in, so
  no "second entry" flag and no duplicate; after the grace the kiosk refuses as
  already in, also not uploaded;
- an entry-and-exit kiosk's passages (entry, exit, re-entry) and an exit kiosk's exit
  are judged by the central list to the very reasons the kiosks gave, none flagged;
- an exit of someone not inside is refused at the kiosk and never reaches the list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from central_fixtures import start_serve

from kiosk.central.store import CentralStore
from kiosk.core.config import GATE_MODE, DeviceConfig
from kiosk.core.models import Attendee, Gate
from kiosk.core.verdicts import Reason
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine

DAY = date(2026, 12, 1)
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _clock(seconds: float) -> Callable[[], datetime]:
    return lambda: START + timedelta(seconds=seconds)


def _central_rows(db: Path) -> list[dict[str, Any]]:
    with CentralStore.open(db) as store:
        return store.db.run(lambda tx: tx.execute(
            "SELECT id, attendee_id, gate_id, direction, device_name, duplicate, flag, "
            "central_reason FROM checkins ORDER BY scanned_at, seq"), write=False)


def test_grace_and_gate_modes_agree_with_the_central_list(tmp_path: Path) -> None:
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Conf", event_id="conf", days=[DAY], timezone="UTC",
                            gates=[Gate("main", "", "Main Hall"),
                                   Gate("hall", "", "Hall B", allow_reentry=True)])
        store.attendees.upsert([Attendee(f"P{i}", "conf", f"Person {i}", f"CODE-P{i}")
                                for i in (1, 2, 3)])
        codes = {name: store.devices.new_pairing_code(device_name=name, gate_id=gate).code
                 for name, gate in (("Door A", "main"), ("Hall B both", "hall"),
                                    ("Exit C", "main"))}
    server = start_serve(central)
    try:
        engines, paths = {}, {}
        for name, code in codes.items():
            paths[name] = tmp_path / f"{name.replace(' ', '-')}.db"
            engine = SyncEngine(paths[name])
            engine.pair(server.url, code)
            assert engine.sync().ok
            engines[name] = engine
        kiosk_reasons: dict[str, Reason] = {}

        def scan(name: str, code: str, at: float) -> Reason:
            with Replica(paths[name]) as replica:
                result = CheckInService(replica, clock=_clock(at)).scan(code)
            if result.checkin_id:
                kiosk_reasons[result.checkin_id] = result.reason
            return result.reason

        # Door A (entry): in, shown again 20 s later, and again after the grace.
        assert [scan("Door A", "CODE-P1", t) for t in (0, 20, 90)] == [
            Reason.FIRST_ENTRY, Reason.JUST_CHECKED_IN, Reason.ALREADY_IN]
        # Hall B in entry-and-exit mode: in, shown again at once, out, back in.
        with Replica(paths["Hall B both"]) as replica:
            DeviceConfig(replica).set(GATE_MODE, "entry_exit")
        assert [scan("Hall B both", "CODE-P2", t) for t in (0, 20, 120, 240)] == [
            Reason.FIRST_ENTRY, Reason.JUST_CHECKED_IN, Reason.EXIT_RECORDED, Reason.REENTRY]
        for name in ("Door A", "Hall B both"):
            assert engines[name].sync().ok
        # Exit C at the main gate learns A's entry by sync, lets P1 out, refuses P3.
        with Replica(paths["Exit C"]) as replica:
            DeviceConfig(replica).set(GATE_MODE, "exit")
        assert engines["Exit C"].sync().ok
        assert scan("Exit C", "CODE-P1", 300) is Reason.EXIT_RECORDED
        assert scan("Exit C", "CODE-P3", 310) is Reason.NOT_INSIDE
        assert engines["Exit C"].sync().ok
        for engine in engines.values():
            engine.close()
    finally:
        server.stop()

    rows = _central_rows(central)
    # Exactly what the kiosks recorded: one entry of P1 (the re-shows left no trace),
    # P2's entry, exit and re-entry, P1's exit at C; nothing of P3.
    assert [(r["attendee_id"], r["gate_id"], r["direction"], r["device_name"])
            for r in rows] == [
        ("P1", "main", "entry", "Door A"), ("P2", "hall", "entry", "Hall B both"),
        ("P2", "hall", "exit", "Hall B both"), ("P2", "hall", "entry", "Hall B both"),
        ("P1", "main", "exit", "Exit C")]
    assert set(kiosk_reasons) == {r["id"] for r in rows}
    for r in rows:
        # The central list's own ruling is the kiosk's, and nothing is flagged.
        assert r["central_reason"] == str(kiosk_reasons[r["id"]]), r
        assert r["flag"] is None and not r["duplicate"], r
