"""Importing a CSV attendee list into a replica: all or nothing, idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.attendee_csv import ParsedFile, importable_records, parse_csv_file, slugify
from kiosk.core.models import Event, Gate
from kiosk.core.tickets import generate_keypair
from kiosk.replica.db import Replica

DEFAULT_GATE = Gate(id="main", event_id="", name="Main entrance")


@dataclass
class ImportSummary:
    event_id: str
    rows: int
    added: int
    updated: int
    unchanged: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"

    def text(self) -> str:
        delim = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(self.delimiter, self.delimiter)
        lines = [
            f"Imported {self.rows} row{'' if self.rows == 1 else 's'} into event {self.event_id!r} "
            f"({self.encoding}, {delim}-separated): {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged."
        ]
        if self.skipped:
            n = len(self.skipped)
            lines.append(f"Skipped {n} invalid row{'' if n == 1 else 's'}:")
            lines += [f"  line {n}: {reason}" for n, reason in self.skipped]
        return "\n".join(lines)


def ensure_event(replica: Replica, event_name: str | None) -> Event:
    """The event to import into: named (created if new, with its own signing key), else the
    replica's default, else a new one called "Event". A new event gets a default gate."""
    if event_name:
        event_id = slugify(event_name)
        event = replica.get_event(event_id)
    else:
        event = replica.default_event()
        event_id = "event"
        event_name = "Event"
    if event is None:
        private, public = generate_keypair()
        from kiosk.core.times import local_timezone_name

        event = Event(id=event_id, name=event_name, timezone=local_timezone_name(),
                      public_key=public, private_key=private)
        replica.upsert_event(event)
    if not replica.gates(event.id):
        replica.upsert_gate(Gate(id=DEFAULT_GATE.id if not replica.get_gate("main")
                                 else f"{event.id}-main",
                                 event_id=event.id, name=DEFAULT_GATE.name))
    return event


def import_parsed(
    replica: Replica, parsed: ParsedFile, *, event_name: str | None = None,
    skip_invalid: bool = False,
) -> ImportSummary:
    with replica.atomic():
        event = ensure_event(replica, event_name)

        def owner_of(code: str) -> tuple[str, str] | None:
            owner = replica.attendee_by_code(code)
            return (owner.id, owner.name or owner.id) if owner else None

        good, problems = importable_records(parsed, event.id, owner_of,
                                            skip_invalid=skip_invalid)
        attendees = [
            parsed.merge(rec.to_attendee(event.id), replica.get_attendee(rec.attendee_id(event.id)))
            for rec in good
        ]
        keys = {a.id: rec.key for a, rec in zip(attendees, good, strict=True)}
        counts = replica.upsert_attendees(attendees, import_keys=keys)
    return ImportSummary(
        event_id=event.id, rows=len(good), added=counts.added, updated=counts.updated,
        unchanged=counts.unchanged, skipped=problems, delimiter=parsed.delimiter,
        encoding=parsed.encoding,
    )


def import_csv(
    replica: Replica, path: str | Path, *, event_name: str | None = None,
    skip_invalid: bool = False,
) -> ImportSummary:
    """Parse and import ``path``. Raises :class:`ImportFailed` (nothing stored) on bad rows
    unless ``skip_invalid``."""
    return import_parsed(replica, parse_csv_file(path), event_name=event_name,
                         skip_invalid=skip_invalid)
