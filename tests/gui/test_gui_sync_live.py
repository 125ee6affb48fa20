"""The GUI's sync scheduler in real time (issue 14): upload on scan, the live feed, the
timer only as the fallback. A real `kiosk serve`, real replicas, the real scheduler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.central.store import CentralStore
from kiosk.gui.sync_status import SyncScheduler
from kiosk.gui.taskman import TaskManager
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import has_checkin_of, live_list, scan_at, start_serve

TIMER = 60.0


def test_the_gui_scheduler_syncs_on_scan_and_on_the_live_feed(
        tmp_path: Path, qtbot: Any) -> None:
    """The timer is a minute: a scan goes up at once (the outbox watcher) and another
    kiosk's check-in comes down at once (the live feed), through the GUI's scheduler."""
    central = tmp_path / "central.db"
    codes = live_list(central, 2)
    server = start_serve(central)
    db, other_db = tmp_path / "gui.db", tmp_path / "other.db"
    engine, other = SyncEngine(db), SyncEngine(other_db)
    try:
        engine.pair(server.url, codes[0])
        other.pair(server.url, codes[1])
        assert other.sync().ok
    except BaseException:
        server.stop()
        raise
    engine.close()
    taskman = TaskManager()
    scheduler = SyncScheduler(taskman, db, interval=TIMER)
    assert scheduler.live is not None
    scheduler.live.wait = 1.0  # held requests answer every second (25 s in use)
    figures: list[dict[str, Any]] = []
    scheduler.synced.connect(figures.append)
    try:
        scheduler.start()
        qtbot.waitUntil(lambda: bool(figures) and scheduler.live is not None
                        and scheduler.live.connected, timeout=20000)
        assert scan_at(db, "LV-3") == "accepted"  # as the window's controller records it
        qtbot.waitUntil(lambda: any(f.get("uploaded") for f in figures), timeout=10000)
        with CentralStore.open(central) as store:
            assert store.ingest.count() == 1
        assert scan_at(other_db, "LV-4") == "accepted"
        assert other.sync().ok
        qtbot.waitUntil(lambda: has_checkin_of(db, "L4"), timeout=10000)
        # Idle and up to date: no sync runs, yet "last sync" does not grow old (each
        # answer of the live request confirms the kiosk has every change).
        qtbot.waitUntil(lambda: not scheduler._in_flight, timeout=10000)
        syncs, synced_at = len(figures), figures[-1]["last_success_at"]
        qtbot.wait(2500)
        assert len(figures) == syncs  # no timer, no sync
        assert scheduler.last_success_at is not None and synced_at is not None
        assert (scheduler.last_success_at - synced_at).total_seconds() > 1.0
    finally:
        try:
            scheduler.stop()
            taskman.stop()
            other.close()
        finally:
            server.stop()
