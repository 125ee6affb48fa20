"""Importing a CSV attendee list into a replica: all or nothing, idempotent.

The rules (which event, which default gate, what a re-import keeps) are core's import
planner (:func:`kiosk.core.attendee_csv.plan_import`), the same the central list runs;
this module reads what it asks for and stores the plan, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kiosk.core.attendee_csv import (
    ImportPlan,
    ImportSummary,
    ParsedFile,
    parse_csv_file,
    plan_import,
)
from kiosk.core.models import Attendee, Event
from kiosk.replica.db import Replica

__all__ = ["ImportSummary", "import_csv", "import_parsed"]


class _ReplicaLookup:
    """What the planner reads, from the replica (inside the import's transaction)."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def event(self, event_id: str) -> Event | None:
        return self.replica.get_event(event_id)

    def default_event(self) -> Event | None:
        return self.replica.default_event()

    def has_gates(self, event_id: str) -> bool:
        return bool(self.replica.gates(event_id))

    def gate_taken(self, gate_id: str) -> bool:
        return self.replica.get_gate(gate_id) is not None

    def code_owner(self, code: str, event_id: str) -> tuple[str, str] | None:
        owner = self.replica.attendee_by_code(code, event_id=event_id)
        if owner is not None and owner.event_id != event_id:
            return None
        return (owner.id, owner.name) if owner else None

    def attendees(self, ids: Sequence[str]) -> dict[str, Attendee]:
        found = (self.replica.get_attendee(i) for i in ids)
        return {a.id: a for a in found if a is not None}

    def attendee_events(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):  # under SQLite's parameter limit
            chunk = list(ids[start:start + 500])
            out.update(self.replica.conn.execute(
                f"SELECT id, event_id FROM attendees WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall())
        return out


def import_parsed(
    replica: Replica, parsed: ParsedFile, *, event_name: str | None = None,
    skip_invalid: bool = False,
) -> ImportSummary:
    """Import ``parsed`` (see :func:`import_csv`)."""
    with replica.atomic():
        plan: ImportPlan = plan_import(parsed, _ReplicaLookup(replica), event_name=event_name,
                                       skip_invalid=skip_invalid)
        if plan.new_event:
            replica.upsert_event(plan.event)
        if plan.new_gate is not None:
            replica.upsert_gate(plan.new_gate)
        counts = replica.upsert_attendees(plan.attendees, import_keys=plan.import_keys)
    return plan.summary(counts.added, counts.updated, counts.unchanged)


def import_csv(
    replica: Replica, path: str | Path, *, event_name: str | None = None,
    skip_invalid: bool = False,
) -> ImportSummary:
    """Parse and import ``path``. Raises :class:`ImportFailed` (nothing stored) on bad rows
    unless ``skip_invalid``."""
    return import_parsed(replica, parse_csv_file(path), event_name=event_name,
                         skip_invalid=skip_invalid)
