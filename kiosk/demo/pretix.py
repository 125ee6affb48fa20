"""``kiosk demo --pretix '<device QR text>'``: the demo with a real pretix event instead of
the demo conference. A fresh replica is paired with the pretix device (kiosk/pretix),
downloads the event, and the ticket video is made from its own downloaded tickets: two
valid ones, one of them shown again later (already checked in), a cancelled one and a
code pretix never issued. Everything scanned is uploaded to pretix by the GUI's sync."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.models import AttendeeStatus
from kiosk.demo.event import DemoSetup, DemoTicket
from kiosk.errors import ConfigError
from kiosk.pretix.engine import PretixEngine
from kiosk.replica.db import Replica


def build_pretix_demo(directory: str | Path, handshake: str) -> DemoSetup:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "pretix-demo.db"
    for suffix in ("", "-wal", "-shm", ".journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with PretixEngine(db) as engine:
        answer = engine.pair(handshake, device_name="Demo kiosk (pretix)")
        result = engine.sync(force=True)
    if not result.ok:
        raise ConfigError(f"Paired with pretix, but the download failed: {result.error}")
    with Replica(db) as replica:
        gate = replica.get_gate(answer["gate_id"])
        people = replica.attendees(event_id=answer["event"])
        valid = [a for a in people if a.status == AttendeeStatus.VALID and a.code
                 and gate is not None and gate.admits_type(a.ticket_type)
                 and not replica.is_revoked(a.code)][:2]
        cancelled = [a for a in people if a.status == AttendeeStatus.CANCELLED and a.code][:1]
    if len(valid) < 2:
        raise ConfigError("The demo needs at least two paid tickets in that pretix event.")
    first, second = valid
    assert first.code and second.code
    tickets = [DemoTicket(first.code, "accepted", "phone", first.name, first.id),
               DemoTicket(second.code, "accepted", "paper", second.name, second.id)]
    tickets += [DemoTicket(str(a.code), "cancelled", "paper", a.name, a.id) for a in cancelled]
    tickets += [DemoTicket("not-issued-by-pretix-0000", "unknown", "phone", "Not a ticket"),
                DemoTicket(first.code, "already_checked_in", "phone", first.name, first.id)]
    return DemoSetup(db, directory / "none.csv", answer["event"], answer["gate_id"], tickets,
                     len(people))
