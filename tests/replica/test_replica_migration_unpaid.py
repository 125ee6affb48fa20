"""The replica's ``0014_gate_admits_unpaid`` on a file made by the schema before it: the
gates it holds admit only paid tickets, an unpaid ticket is refused as not paid there,
and a gate from the feed that admits unpaid tickets (pretix's ``include_pending``) is
stored and read back as such (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk.replica.db as replica_db
from kiosk.core import wire
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.core.verdicts import Reason
from kiosk.replica.changes import apply_changes
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.replica.migrations import MIGRATIONS


def test_gate_admits_unpaid_migration_on_a_file_made_by_the_previous_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk.db"
    mine = "0014_gate_admits_unpaid"
    before = MIGRATIONS[:[m[0] for m in MIGRATIONS].index(mine)]
    with monkeypatch.context() as patch:
        patch.setattr(replica_db, "MIGRATIONS", before)
        with Replica(path) as old:
            assert "admits_unpaid" not in [r[1] for r in
                                           old.conn.execute("PRAGMA table_info(gates)")]
            old.upsert_event(Event("ev", "Event"))
            with old.atomic() as conn:  # the old code's insert: no admits_unpaid column
                conn.execute("INSERT INTO gates (id, event_id, name, ticket_types, days, "
                             "allow_reentry, deleted, updated_at) VALUES ('main', 'ev', "
                             "'Main', '[]', '[]', 1, 0, '2026-12-01T00:00:00.000Z')")
            old.upsert_attendees([
                Attendee("a1", "ev", "Ann", code="C-1"),
                Attendee("a2", "ev", "Bob", code="C-2", status=AttendeeStatus.UNPAID)])
    with Replica(path) as replica:
        assert mine in replica.applied_migrations()
        main = replica.get_gate("main")
        assert main is not None and main.allow_reentry and not main.admits_unpaid
        service = CheckInService(replica, gate_id="main")
        assert service.scan("C-2").reason is Reason.UNPAID
        assert service.scan("C-1").reason is Reason.FIRST_ENTRY
        # a gate that admits unpaid tickets arrives through the feed's wire format
        welcome = Gate("welcome", "ev", "Pay later", admits_unpaid=True)
        payload = wire.encode_gate(wire.GateState(welcome))
        assert payload["admits_unpaid"] is True
        apply_changes(replica, [wire.encode_change("gate", "welcome", payload)], "")
        assert replica.get_gate("welcome") == welcome
        assert CheckInService(replica, gate_id="welcome").scan("C-2").reason is \
            Reason.FIRST_ENTRY
    # an older list's gate payload (no such key) admits only paid tickets
    old_payload = {k: v for k, v in payload.items() if k != "admits_unpaid"}
    assert wire.decode_gate(old_payload).gate.admits_unpaid is False
