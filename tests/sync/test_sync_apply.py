"""Applying change-feed pages to a replica (kiosk/replica/changes.py), without a server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.replica.changes import MetaKey, apply_changes
from kiosk.replica.db import Replica


def _a(aid: str, code: str | None, name: str = "", **extra: Any) -> dict[str, Any]:
    data = {"id": aid, "event_id": "e", "code": code, "name": name or aid, "email": "",
            "organisation": "", "ticket_type": "", "status": "valid", "details": {},
            "source": "import", "deleted": False, **extra}
    return {"kind": "attendee", "id": aid, "data": data}


def test_pages_apply_in_order_with_their_cursor(tmp_path: Path) -> None:
    with Replica(tmp_path / "k.db") as replica:
        event = {"kind": "event", "id": "e", "data": {
            "id": "e", "name": "E", "timezone": "UTC", "days": ["2026-12-01"],
            "public_key": "cHVibGlj"}}
        gate = {"kind": "gate", "id": "g", "data": {
            "id": "g", "event_id": "e", "name": "Gate", "ticket_types": ["VIP"], "days": [],
            "allow_reentry": True, "deleted": False}}
        page1 = [event, gate, _a("A", "C1", "Ann"), _a("B", "C2", "Bob"),
                 {"kind": "future-kind", "id": "x", "data": {}}]
        assert apply_changes(replica, page1, "0.5") == 4
        assert replica.get_meta(MetaKey.CURSOR) == "0.5"
        assert replica.get_gate("g").allow_reentry  # type: ignore[union-attr]
        assert [a.name for a in replica.search("ann")] == ["Ann"]

        # Codes move between attendees; a later version in a page supersedes an earlier.
        page2 = [_a("A", "C3", "Ann"), _a("B", "C1", "Bob"), _a("B", "C1", "Bobby"),
                 _a("D", None, "Dee", status="cancelled")]
        apply_changes(replica, page2, "0.9")
        assert replica.attendee_by_code("C1").name == "Bobby"  # type: ignore[union-attr]
        assert replica.attendee_by_code("C3").id == "A"  # type: ignore[union-attr]
        assert replica.attendee_by_code("C2") is None
        assert str(replica.get_attendee("D").status) == "cancelled"  # type: ignore[union-attr]
        assert [a.name for a in replica.search("bobby")] == ["Bobby"]

        # A swap inside one page (each code still held by the other before the page).
        swap = [_a("A", "C1", "Ann"), _a("B", "C3", "Bobby")]
        apply_changes(replica, swap, "1.0")
        assert replica.attendee_by_code("C1").id == "A"  # type: ignore[union-attr]
        assert replica.attendee_by_code("C3").id == "B"  # type: ignore[union-attr]

        # Tombstones delete; revocations come and go; re-applying a page changes nothing.
        tomb = {"kind": "attendee", "id": "D", "data": {"id": "D", "event_id": "e",
                                                        "deleted": True}}
        revoke = {"kind": "revocation", "id": "C1", "data": {
            "code": "C1", "event_id": "e", "reason": "lost", "active": True}}
        apply_changes(replica, [tomb, revoke], "1.2")
        apply_changes(replica, [tomb, revoke], "1.2")
        assert replica.get_attendee("D") is None and replica.is_revoked("C1")
        unrevoke = dict(revoke, data=dict(revoke["data"], active=False))
        apply_changes(replica, [unrevoke], "1.3")
        assert not replica.is_revoked("C1")
        assert replica.attendee_count() == 2


def test_remote_checkins_are_stored_once_and_never_queued(tmp_path: Path) -> None:
    row = {"id": "c-1", "attendee_id": "A", "gate_id": "g", "direction": "entry",
           "scanned_at": "2026-12-01T09:00:00.000+00:00", "day": "2026-12-01",
           "verdict": "accepted", "code": "C1", "undoes": None, "device_id": "dev-x",
           "device_name": "Hall B", "received_at": "2026-12-01T09:00:05.000+00:00",
           "duplicate": False, "duplicate_of": None}
    change = {"kind": "checkin", "id": "c-1", "data": row}
    with Replica(tmp_path / "k.db") as replica:
        apply_changes(replica, [change], "0.1")
        apply_changes(replica, [change], "0.1")
        rows = replica.checkins()
        assert len(rows) == 1 and rows[0]["origin"] == "remote"
        assert rows[0]["device_name"] == "Hall B" and rows[0]["uploaded"]
        assert replica.pending_upload_count() == 0
        # Our own check-in coming back only gets the server's stamps.
        apply_changes(replica, [{"kind": "checkin", "id": "c-1",
                                 "data": dict(row, duplicate=True)}], "0.2")
        assert replica.checkins()[0]["duplicate"] is True
