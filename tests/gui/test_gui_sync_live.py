"""The GUI's sync scheduler in real time (issue 14): upload on scan, the live feed, the
timer only as the fallback. A real `kiosk serve`, real replicas, the real scheduler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.gui.sync_status import SyncScheduler
from kiosk.gui.taskman import TaskManager
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import start_serve

TIMER = 60.0


def _list(central: Path) -> list[str]:
    with CentralStore.open(central) as store:
        store.events.create("Live", event_id="live", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"L{i}", event_id="live", name=f"Person {i}",
                                         code=f"LV-{i}") for i in range(10)])
        return [store.devices.new_pairing_code(device_name=f"K{k}").code for k in range(2)]


def _scan(db: Path, code: str) -> str:
    with Replica(db) as replica:
        return str(CheckInService(replica, gate_id="main").scan(code).verdict)


def _has_checkin_of(db: Path, attendee: str) -> bool:
    with Replica(db) as replica:
        return bool(replica.conn.execute(
            "SELECT count(*) FROM checkins WHERE attendee_id = ?", (attendee,)).fetchone()[0])


def test_the_gui_scheduler_syncs_on_scan_and_on_the_live_feed(
        tmp_path: Path, qtbot: Any) -> None:
    """The timer is a minute: a scan goes up at once (the outbox watcher) and another
    kiosk's check-in comes down at once (the live feed), through the GUI's scheduler."""
    central = tmp_path / "central.db"
    codes = _list(central)
    server = start_serve(central)
    db, other_db = tmp_path / "gui.db", tmp_path / "other.db"
    engine, other = SyncEngine(db), SyncEngine(other_db)
    engine.pair(server.url, codes[0])
    other.pair(server.url, codes[1])
    assert other.sync().ok
    engine.close()
    taskman = TaskManager()
    scheduler = SyncScheduler(taskman, db, interval=TIMER)
    figures: list[dict[str, Any]] = []
    scheduler.synced.connect(figures.append)
    try:
        scheduler.start()
        qtbot.waitUntil(lambda: bool(figures) and scheduler.live is not None
                        and scheduler.live.connected, timeout=20000)
        assert _scan(db, "LV-3") == "accepted"  # as the window's controller records it
        qtbot.waitUntil(lambda: any(f.get("uploaded") for f in figures), timeout=10000)
        with CentralStore.open(central) as store:
            assert store.ingest.count() == 1
        assert _scan(other_db, "LV-4") == "accepted"
        assert other.sync().ok
        qtbot.waitUntil(lambda: _has_checkin_of(db, "L4"), timeout=10000)
    finally:
        scheduler.stop()
        taskman.stop()
        other.close()
        server.stop()
