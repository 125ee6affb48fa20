"""kiosk/replica/changes.py: only a real code swap inside a page takes the one-at-a-time
path; any other replica failure (a full disk) reaches the caller untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.errors import DiskFull
from kiosk.replica import changes
from kiosk.replica.changes import apply_changes
from kiosk.replica.db import Replica


def _attendee(aid: str, code: str, name: str) -> dict[str, Any]:
    return {"kind": "attendee", "id": aid, "data": {
        "id": aid, "event_id": "e", "code": code, "name": name, "status": "valid"}}


def _spy_one_at_a_time(replica: Replica, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the fallback's per-attendee upserts (the bulk path never calls it)."""
    calls: list[int] = []
    upsert = replica.upsert_attendees

    def counted(attendees: Any, **kwargs: Any) -> Any:
        calls.append(len(attendees))
        return upsert(attendees, **kwargs)

    monkeypatch.setattr(replica, "upsert_attendees", counted)
    return calls


def test_a_code_swap_inside_a_page_is_applied_one_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Replica(tmp_path / "k.db") as replica:
        apply_changes(replica, [_attendee("A", "C0", "Ann"), _attendee("B", "C2", "Bob")], "0.1")
        calls = _spy_one_at_a_time(replica, monkeypatch)
        # C1 is given to A, then (same page) moved on to B: both rows carry it at once.
        apply_changes(replica, [_attendee("A", "C1", "Ann"), _attendee("B", "C1", "Bob")], "0.2")
        assert calls == [1, 1]
        assert replica.attendee_by_code("C1").id == "B"  # type: ignore[union-attr]
        assert replica.get_meta(changes.MetaKey.CURSOR) == "0.2"


def test_a_full_disk_is_not_taken_for_a_code_swap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Replica(tmp_path / "k.db") as replica:
        apply_changes(replica, [_attendee("A", "C1", "Ann")], "0.1")
        # A real SQLITE_FULL: the file may not grow past its current size.
        pages = replica.conn.execute("PRAGMA page_count").fetchone()[0]
        replica.conn.execute(f"PRAGMA max_page_count = {pages}")
        calls = _spy_one_at_a_time(replica, monkeypatch)
        page = [_attendee(f"N{i}", f"CODE-{i}", "x" * 500) for i in range(200)]
        with pytest.raises(DiskFull):
            apply_changes(replica, page, "0.2")
        assert calls == []  # no retry, one row at a time, of a page that cannot fit
        assert replica.get_meta(changes.MetaKey.CURSOR) == "0.1"  # nothing applied
