"""Migrations ``0006_device_roles_and_events`` and ``0007_codes_unique_per_event`` on a
central list made by the schema before them (``data/central_0005_before_roles.sql``: a
SQLite dump written by that code, with two events, a revocation, a check-in, a walk-in,
four paired devices and two unused pairing codes), on SQLite and on PostgreSQL.

What the migration promises (docs/security.md): devices paired before roles become desks
of the events they have been used for (their gate's, the gates they uploaded at, the
events of their walk-ins); a device never used keeps the events the list had, never a
later one; every change of the feed names its event."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import kiosk.central.schema as schema
from kiosk.central.db import CentralDB
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from tests import central_fixtures

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url

DUMP = Path(__file__).parent / "data" / "central_0005_before_roles.sql"

#: The event each change of the dump belongs to.
EXPECTED_EVENTS = {
    ("event", "ev-a"): "ev-a", ("gate", "a-main"): "ev-a", ("event", "ev-b"): "ev-b",
    ("gate", "b-main"): "ev-b", ("attendee", "A1"): "ev-a", ("attendee", "B1"): "ev-b",
    ("revocation", "CA1"): "ev-a", ("attendee", "W1"): "ev-a",
    ("checkin", "6f1d0c1e-0000-4000-8000-000000000001"): "ev-b",
}


def _check_migrated(store: CentralStore) -> None:
    devices = {d["name"]: d for d in store.devices.all()}
    assert {n: (d["role"], d["event_ids"]) for n, d in devices.items()} == {
        "at-gate-a": ("desk", ["ev-a"]),           # its gate's event
        "uploader-b": ("desk", ["ev-b"]),          # where it uploaded check-ins
        "walkins-a": ("desk", ["ev-a"]),           # the event of its walk-ins
        "never-used": ("desk", ["ev-a", "ev-b"]),  # the events of the list at migration
    }
    codes = store.db.run(lambda tx: tx.execute(
        "SELECT p.device_name, p.role, e.event_id FROM pairing_codes p JOIN "
        "pairing_code_events e ON e.code = p.code WHERE p.used_at IS NULL "
        "ORDER BY p.device_name, e.event_id"), write=False)
    assert [(c["device_name"], c["role"], c["event_id"]) for c in codes] == [
        ("pending-any", "desk", "ev-a"), ("pending-any", "desk", "ev-b"),
        ("pending-b", "desk", "ev-b")]
    changes = store.db.run(lambda tx: tx.execute(
        "SELECT kind, entity_id, event_id FROM changes ORDER BY seq"), write=False)
    assert {(c["kind"], c["entity_id"]): c["event_id"] for c in changes} == EXPECTED_EVENTS
    # The feed of a device of event B holds only B's changes.
    page = store.feed.page(event_ids={"ev-b"})
    assert [(c["kind"], c["id"]) for c in page.changes] == [
        ("event", "ev-b"), ("gate", "b-main"), ("attendee", "B1"),
        ("checkin", "6f1d0c1e-0000-4000-8000-000000000001")]
    # A new event after the migration is no old device's.
    store.events.create("Event C", event_id="ev-c", gates=[Gate("c-main", "", "C main")])
    assert all("ev-c" not in d["event_ids"] for d in store.devices.all())
    assert [c["id"] for c in store.feed.page(page.cursor, event_ids={"ev-c"}).changes] == [
        "ev-c", "c-main"]
    assert store.feed.page(page.cursor, event_ids={"ev-a", "ev-b"}).changes == []
    # 0004: codes are unique within their event; the revocation kept its event.
    assert store.codes.revoked("ev-a") == {"CA1"} and store.codes.revoked("ev-b") == set()
    store.attendees.upsert([Attendee(id="B9", event_id="ev-b", name="Same code", code="CA1")])
    assert {a.event_id for a in store.attendees.all() if a.code == "CA1"} == {"ev-a", "ev-b"}


def test_migration_on_a_sqlite_list_made_by_the_previous_schema(tmp_path: Path) -> None:
    db = tmp_path / "central.db"
    con = sqlite3.connect(db)
    con.executescript(DUMP.read_text(encoding="utf-8"))
    con.close()
    with CentralStore.open(db) as store:
        names = [r["name"] for r in store.db.run(
            lambda tx: tx.execute("SELECT name FROM _migrations ORDER BY name"), write=False)]
        assert "0006_device_roles_and_events" in names
        assert "0007_codes_unique_per_event" in names
        _check_migrated(store)


@pytest.mark.postgres
def test_migration_on_a_postgres_list_made_by_the_previous_schema(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [name for name, _ in schema.MIGRATIONS]
    before = names.index("0006_device_roles_and_events")
    db = CentralDB(pg_url)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
            schema.migrate(db)
        inserts = [line for line in DUMP.read_text(encoding="utf-8").splitlines()
                   if line.startswith("INSERT INTO") and '"_migrations"' not in line
                   and "sqlite_sequence" not in line]

        def load(tx: object) -> None:
            for line in inserts:
                # The dump names seq values; PostgreSQL's identity columns need leave.
                if line.startswith(('INSERT INTO "checkins"', 'INSERT INTO "changes"')):
                    line = line.replace(" VALUES(", " OVERRIDING SYSTEM VALUE VALUES(", 1)
                tx.execute(line.rstrip(";"))  # type: ignore[attr-defined]
            for table in ("checkins", "changes"):
                tx.execute(  # type: ignore[attr-defined]
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'seq'), 1000)")

        db.run(load)
    finally:
        db.close()
    with CentralStore.open(pg_url) as store:
        _check_migrated(store)
