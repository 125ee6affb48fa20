"""The demo with a real central list: an embedded central server (in a thread of this
process) holds the conference; the demo kiosk is paired with it and syncs, exactly as a
kiosk at an event would. A second, pretend kiosk ("Kiosk 2 (Hall B)") uploads one
check-in first, so the "already checked in" verdict comes from the central list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.core.times import local_day, local_timezone_name
from kiosk.core.wire import CheckInUpload
from kiosk.demo.event import (
    EVENT_ID,
    EVENT_NAME,
    KIOSK_GATE,
    DemoSetup,
    demo_gates,
    earlier_today,
    script_attendees,
    script_tickets,
    write_demo_csv,
)
from kiosk.errors import KioskError
from kiosk.replica.db import Replica, iso


@dataclass
class CentralDemo:
    setup: DemoSetup
    server: object  # kiosk.central.server.ServerHandle
    url: str

    def stop(self) -> None:
        self.server.stop()  # type: ignore[attr-defined]


def build_central_demo(directory: str | Path, *, attendees: int = 3000, seed: int = 2026,
                       today: date | None = None) -> CentralDemo:
    """Central list + paired, synced kiosk replica in ``directory``; the server keeps
    running (call ``stop()``)."""
    from kiosk.central.server import run_in_thread
    from kiosk.central.store import CentralStore
    from kiosk.sync.engine import SyncEngine

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("central.db", "demo.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(str(directory / name) + suffix).unlink(missing_ok=True)
    csv_path = write_demo_csv(directory / "demo-attendees.csv", attendees, seed=seed)
    tz = local_timezone_name()
    day1 = today or datetime.now(ZoneInfo(tz)).date()
    day2 = day1 + timedelta(days=1)
    store = CentralStore.open(directory / "central.db")
    store.events.create(EVENT_NAME, event_id=EVENT_ID, days=(day1, day2), timezone=tz,
                       gates=demo_gates(EVENT_ID, day1, day2))
    store.attendees.import_csv(csv_path, event_name=EVENT_NAME)
    store.codes.issue(event_id=EVENT_ID)
    # A desk: the demo machine switches between kiosk and desk mode (walk-ins too).
    kiosk_code = store.devices.new_pairing_code(device_name="Demo kiosk (Main Hall)",
                                                gate_id=KIOSK_GATE, role="desk").code
    other = store.devices.pair(store.devices.new_pairing_code(device_name="Kiosk 2 (Hall B)",
                                              gate_id=KIOSK_GATE).code)
    handle = run_in_thread(store)
    try:
        replica_path = directory / "demo.db"
        with SyncEngine(replica_path) as engine:
            engine.pair(handle.url, kiosk_code, device_name="Demo kiosk (Main Hall)")
            first = engine.sync(force=True)
            if not first.ok:
                raise KioskError(f"The demo kiosk could not sync: {first.error}")
            with Replica(replica_path) as replica:
                event = replica.get_event(EVENT_ID)
                assert event is not None
                people = script_attendees(replica)
                tickets = script_tickets(event, people)
            # The other kiosk admitted one of them earlier today; the central list tells us.
            already = people["already"]
            at = earlier_today(event)
            store.ingest.checkins(store.devices.authenticate(other.token), [CheckInUpload(
                id=str(uuid.uuid4()), attendee_id=already.id, gate_id=KIOSK_GATE,
                direction="entry", scanned_at=iso(at), day=local_day(at, event).isoformat(),
                verdict="accepted", code=already.code)])
            second = engine.sync(force=True)
            if not second.ok:
                raise KioskError(f"The demo kiosk could not sync: {second.error}")
    except BaseException:
        handle.stop()
        raise
    setup = DemoSetup(replica_path, csv_path, EVENT_ID, KIOSK_GATE, tickets, attendees)
    return CentralDemo(setup, handle, handle.url)
