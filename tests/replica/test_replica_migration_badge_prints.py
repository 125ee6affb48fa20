"""Replica migration ``0015_badge_print_uploads`` on a replica made by the schema before
it: the prints a desk made before get their UUID and are queued for the central list
(once), the status bar counts them as waiting; a print heard from the feed is kept once."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

import kiosk.replica.db as replica_db
from kiosk.core import wire
from kiosk.core.models import Attendee, Event, Gate
from kiosk.replica.badges import apply_print, badge_prints, print_upload, record_badge_print
from kiosk.replica.changes import pending_outbox
from kiosk.replica.db import Replica
from kiosk.replica.migrations import MIGRATIONS

MINE = "0015_badge_print_uploads"


def test_prints_made_before_are_queued_by_the_migration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "desk.db"
    before = [m for m in MIGRATIONS if m[0] != MINE]
    with monkeypatch.context() as patch:
        patch.setattr(replica_db, "MIGRATIONS", before)
        with Replica(path) as old:
            old.upsert_event(Event("ev", "Ev"))
            old.upsert_gate(Gate("door", "ev", "Door"))
            old.upsert_attendees([Attendee("a1", "ev", "Ani"), Attendee("b1", "ev", "Bob")])
            with old.atomic() as conn:  # as the desk of the previous version wrote them
                conn.executemany(
                    "INSERT INTO badge_prints (attendee_id, printed_at, device_id, printer, "
                    "name_printed, reprint) VALUES (?, ?, 'desk-1', 'pdf', ?, ?)",
                    [("a1", "2026-12-01T09:00:00.000+00:00", "Ani", 0),
                     ("a1", "2026-12-01T09:05:00.000+00:00", "Ani", 1),
                     ("b1", "2026-12-01T09:06:00.000+00:00", "Bob", 0)])
            assert old.pending_upload_count() == 0
    with Replica(path) as replica:
        assert replica.applied_migrations()[-1] == MINE
        prints = badge_prints(replica, "a1")
        assert [p.reprint for p in prints] == [False, True]
        uids = [p.uid for p in prints + badge_prints(replica, "b1")]
        assert all(str(uuid.UUID(u)) == u for u in uids) and len(set(uids)) == 3
        assert replica.pending_upload_count() == 3
        items = pending_outbox(replica, "badge_print", limit=10)
        assert [i.ref_id for i in items] == uids  # in the order they were printed
        assert items[0].payload == {"id": uids[0], "attendee_id": "a1",
                                    "printed_at": "2026-12-01T09:00:00.000+00:00",
                                    "printer": "pdf", "reprint": False, "name_printed": "Ani"}
        # A new print is queued in its own transaction; an old one heard back is kept once.
        ani = replica.get_attendee("a1")
        assert ani is not None
        new = record_badge_print(replica, ani, printer="pdf", reprint=True)
        assert replica.pending_upload_count() == 4 and print_upload(replica, new.uid)
        with replica.atomic():
            apply_print(replica, wire.decode_badge_print(dict(
                items[0].payload or {}, event_id="ev", device_id="desk-1", device_name="D1")))
            apply_print(replica, wire.BadgePrintRecord(
                str(uuid.uuid4()), "a1", "2026-12-01T10:00:00.000+00:00", event_id="ev",
                device_id="desk-2", device_name="Desk 2"))
        assert [p.device_name for p in badge_prints(replica, "a1")] == [
            "desk-1", "desk-1", "Desk 2", replica.device_name]
        assert replica.pending_upload_count() == 4
