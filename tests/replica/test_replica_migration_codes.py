"""Replica migration ``0009_codes_unique_per_event`` on a replica made by the schema
before it: codes and revocations are kept, a code becomes unique within its event (two
events may hold the same imported code), and a revocation names its event."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk.replica.db as replica_db
from kiosk.core.models import Attendee, Event, Gate
from kiosk.errors import ConstraintViolated
from kiosk.replica.db import Replica
from kiosk.replica.migrations import MIGRATIONS


def test_codes_per_event_on_a_replica_made_by_the_previous_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk.db"
    names = [name for name, _ in MIGRATIONS]
    mine = "0009_codes_unique_per_event"
    # The previous schema is main's: every migration but this one (0010_event_languages
    # included, so this one runs after it there, before it on a new file).
    before = [m for m in MIGRATIONS if m[0] != mine]
    with monkeypatch.context() as patch:
        patch.setattr(replica_db, "MIGRATIONS", before)
        with Replica(path) as old:
            assert old.applied_migrations() == [name for name, _ in before]
            for event in ("alpha", "beta"):
                old.upsert_event(Event(event, event.title()))
                old.upsert_gate(Gate(f"{event}-door", event, "Door"))
            old.upsert_attendees([Attendee("a1", "alpha", "Ann", code="1001"),
                                  Attendee("b1", "beta", "Bob", code="2002")])
            old.add_revocation("1001", "alpha", "lost")
            # Before: one code in the whole file.
            with pytest.raises(ConstraintViolated):
                old.upsert_attendees([Attendee("b2", "beta", "Bea", code="1001")])
    with Replica(path) as replica:
        assert replica.applied_migrations() == [name for name, _ in before] + [mine]
        assert sorted(replica.applied_migrations()) == names  # ascending, one each
        assert replica.is_revoked("1001", "alpha") and not replica.is_revoked("1001", "beta")
        ann = replica.attendee_by_code("1001")
        assert ann is not None and ann.id == "a1"
        replica.upsert_attendees([Attendee("b2", "beta", "Bea", code="1001")])
        by_event = {e: replica.attendee_by_code("1001", event_id=e) for e in ("alpha", "beta")}
        assert {e: a.id for e, a in by_event.items() if a} == {"alpha": "a1", "beta": "b2"}
        with pytest.raises(ConstraintViolated):  # within one event: still one person's
            replica.upsert_attendees([Attendee("b3", "beta", "Cat", code="2002")])
