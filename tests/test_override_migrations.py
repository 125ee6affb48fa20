"""The override's two migrations on files made by the schema before them: the replica's
``0013_checkin_override_reason`` (a check-in waiting in the outbox still goes up, with no
reason) and the central list's ``0011_checkin_override_reason`` (on SQLite and
PostgreSQL: a stored check-in is kept, and an override is stored beside it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

import kiosk.central.schema as schema
import kiosk.replica.db as replica_db
from kiosk.central.devices import Device
from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Event, Gate
from kiosk.core.roles import Role
from kiosk.replica.changes import pending_outbox
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.replica.migrations import MIGRATIONS
from tests import central_fixtures

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def test_replica_migration_on_a_file_made_by_the_previous_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk.db"
    mine = "0013_checkin_override_reason"
    before = [m for m in MIGRATIONS if m[0] != mine]
    assert len(before) == len(MIGRATIONS) - 1
    with monkeypatch.context() as patch:
        patch.setattr(replica_db, "MIGRATIONS", before)
        # (The old code's insert names no override_reason: write the row as it did.)
        with Replica(path) as old:
            old.upsert_event(Event("ev", "Event"))
            old.upsert_gate(Gate("main", "ev", "Main", ticket_types=("VIP",)))
            old.upsert_attendees([Attendee("a1", "ev", "Ann", code="C-1", ticket_type="VIP"),
                                  Attendee("a2", "ev", "Bob", code="C-2",
                                           ticket_type="Regular")])
            cols = [r[1] for r in old.conn.execute("PRAGMA table_info(checkins)")]
            assert "override_reason" not in cols
            with old.atomic() as conn:
                conn.execute(
                    "INSERT INTO checkins (id, attendee_id, gate_id, direction, scanned_at, "
                    "day, verdict, device_id, device_name, code, origin) VALUES "
                    "('c-old', 'a1', 'main', 'entry', '2026-12-01T09:00:00.000Z', "
                    "'2026-12-01', 'accepted', 'd', 'Desk', 'C-1', 'local')")
                old.enqueue(conn, "checkin", "c-old")
    with Replica(path) as replica:
        assert replica.applied_migrations()[-1] == mine
        old_one = replica.get_checkin("c-old")
        assert old_one is not None and old_one.override_reason is None
        waiting = pending_outbox(replica, "checkin", limit=10)
        assert [i.ref_id for i in waiting] == ["c-old"]
        assert waiting[0].payload is not None
        assert wire.decode_checkin_upload(waiting[0].payload).override_reason is None
        # And the new code records an override on the migrated file.
        result = CheckInService(replica, gate_id="main").override("a2", "Organiser said so")
        assert replica.get_checkin(result.checkin_id or "").override_reason == \
            "Organiser said so"  # type: ignore[union-attr]


def _old_list(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A central list by the schema before 0010, with an event, two people and a
    check-in stored as the old code stored it."""
    mine = "0011_checkin_override_reason"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] != mine])
        # (Events and attendees are written as before; check-ins as the old code did.)
        with CentralStore.open(url) as store:
            store.events.create("Event", event_id="ev",
                                gates=[Gate("main", "", "Main", ticket_types=("VIP",))])
            store.attendees.upsert([Attendee("a1", "ev", "Ann", code="C-1",
                                             ticket_type="Regular")])
            store.db.run(lambda tx: tx.execute(
                "INSERT INTO checkins (id, attendee_id, gate_id, direction, scanned_at, day, "
                "verdict, device_id, device_name, received_at, duplicate) VALUES "
                "(?, 'a1', 'main', 'entry', '2026-12-01T09:00:00.000Z', '2026-12-01', "
                "'accepted', 'd1', 'Kiosk', '2026-12-01T09:00:01.000Z', 0)",
                ("6f1d0c1e-0000-4000-8000-000000000001",)))
            cols = store.db.run(lambda tx: tx.execute("SELECT * FROM checkins"),
                                write=False)[0]
            assert "override_reason" not in cols


def _check_migrated(url: str) -> None:
    with CentralStore.open(url) as store:
        rows = store.ingest.all()
        assert [(r["id"], r["override_reason"]) for r in rows] == [
            ("6f1d0c1e-0000-4000-8000-000000000001", None)]
        desk = Device("d2", "Desk", None, Role.DESK, frozenset({"ev"}))
        now = datetime.now(UTC)
        item = wire.CheckInUpload(
            id=str(uuid.uuid4()), attendee_id="a1", gate_id="main", direction="entry",
            scanned_at=now.isoformat(), day="2026-12-01", verdict="override",
            override_reason="Ticket type changed after registration")
        assert store.ingest.checkins(desk, [item]).stored == 1
        row = next(r for r in store.ingest.all() if r["id"] == item.id)
        assert row["override_reason"] == "Ticket type changed after registration"
        assert (row["central_reason"], row["flag"]) == ("wrong_gate", "override")


def test_central_migration_on_a_sqlite_list_made_by_the_previous_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = str(tmp_path / "central.db")
    _old_list(url, monkeypatch)
    _check_migrated(url)


@pytest.mark.postgres
def test_central_migration_on_a_postgres_list_made_by_the_previous_schema(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _old_list(pg_url, monkeypatch)
    _check_migrated(pg_url)
