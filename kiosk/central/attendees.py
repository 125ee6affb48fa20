"""Organiser operations on attendees: CSV import, edits, cancellations, deletions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.central.db import CentralDB, Tx, iso, utcnow
from kiosk.central.events import Events
from kiosk.central.feed import ChangeFeed
from kiosk.central.payloads import attendee_payload
from kiosk.core.attendee_csv import ParsedFile, importable_records, parse_csv_file, slugify
from kiosk.core.models import Attendee, AttendeeStatus, Gate
from kiosk.errors import CentralError, NotFound
from kiosk.replica.importer import ImportSummary

ATTENDEE_COLUMNS = (
    "id", "event_id", "code", "name", "email", "organisation", "ticket_type", "status",
    "details", "source", "import_key", "created_by", "deleted", "updated_at",
)
_ATTENDEE_TYPES = ("text",) * 12 + ("int4", "text")
#: The columns whose change makes a new version of the attendee (and a change for kiosks).
COMPARED = ("event_id", "code", "name", "email", "organisation", "ticket_type", "status",
             "details", "deleted")
_UPDATE = ("UPDATE attendees SET " + ", ".join(f"{c} = ?" for c in ATTENDEE_COLUMNS[1:])
           + " WHERE id = ?")
_EDITABLE = {"name", "email", "organisation", "ticket_type", "code", "status", "details"}


class Attendees:
    """The attendee list of every event."""

    def __init__(self, db: CentralDB, feed: ChangeFeed, events: Events) -> None:
        self.db = db
        self.feed = feed
        self.events = events

    # -- import -----------------------------------------------------------------------

    def import_csv(self, path: str | Path, *, event_name: str | None = None,
                   skip_invalid: bool = False) -> ImportSummary:
        """Import an attendee CSV with the replica's rules (all or nothing unless
        ``skip_invalid``). On an empty list it creates a default event and gate."""
        return self.import_parsed(parse_csv_file(path), event_name=event_name,
                                  skip_invalid=skip_invalid)

    def import_parsed(self, parsed: ParsedFile, *, event_name: str | None = None,
                      skip_invalid: bool = False,
                      skip_hint: str = "--skip-invalid") -> ImportSummary:
        """Import parsed rows. A re-import changes only what the file says: fields whose
        column the file lacks keep their value, an empty code cell keeps an issued code,
        and status changes only with a status column
        (:meth:`~kiosk.core.attendee_csv.ParsedFile.kept_on_reimport`).
        ``skip_hint`` names the skip-invalid switch in the error (CLI or web)."""
        if event_name:
            event = self.events.get(slugify(event_name))
            if event is None:
                event = self.events.create(
                    event_name, gates=[Gate("main", "", "Main entrance")]
                    if not self.events.gates() else [])
        else:
            events = self.events.all()
            event = events[0] if events else self.events.create(
                "Event", event_id="event", gates=[Gate("main", "", "Main entrance")])

        def work(tx: Tx) -> tuple[list[tuple[int, str]], tuple[int, int, int]]:
            owners = {r["code"]: r["id"] for r in
                      tx.execute("SELECT id, code FROM attendees WHERE code IS NOT NULL")}

            def owner_of(code: str) -> tuple[str, str] | None:
                owner = owners.get(code)
                return (owner, f"attendee {owner}") if owner is not None else None

            good, problems = importable_records(parsed, event.id, owner_of,
                                                skip_invalid=skip_invalid,
                                                skip_hint=skip_hint)
            attendees = [rec.to_attendee(event.id) for rec in good]
            keys = {a.id: rec.key for a, rec in zip(attendees, good, strict=True)}
            counts = self.upsert_in(tx, attendees, import_keys=keys, reimport=parsed)
            return problems, counts

        skipped, (added, updated, unchanged) = self.db.run(work)
        return ImportSummary(event_id=event.id, rows=added + updated + unchanged,
                             added=added, updated=updated, unchanged=unchanged, skipped=skipped,
                             delimiter=parsed.delimiter, encoding=parsed.encoding)

    # -- writing ----------------------------------------------------------------------

    def upsert(self, attendees: Sequence[Attendee]) -> tuple[int, int, int]:
        """Insert or update attendees by id; returns (added, updated, unchanged)."""
        return self.db.run(lambda tx: self.upsert_in(tx, attendees))

    def upsert_in(self, tx: Tx, attendees: Sequence[Attendee], *,
                  import_keys: dict[str, str] | None = None,
                  created_by: str | None = None,
                  reimport: ParsedFile | None = None) -> tuple[int, int, int]:
        """:meth:`upsert` inside ``tx``. ``reimport``: the file being imported, whose
        missing columns keep their stored values."""
        # Bulk: one read of the current rows, then one multi-row insert (unnest on
        # PostgreSQL), so importing 100,000 attendees is seconds on both engines.
        existing = {r["id"]: r for r in tx.select_in(
            "SELECT * FROM attendees WHERE id IN ({})", [a.id for a in attendees])}
        now = iso(utcnow())
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        logged: list[tuple[str, str, dict[str, Any]]] = []
        unchanged = 0
        for a in attendees:
            row = attendee_row(a, import_key=(import_keys or {}).get(a.id),
                               created_by=created_by, now=now)
            old = existing.get(a.id)
            if old is not None and reimport is not None and not old["deleted"]:
                # Re-importing must not undo the organiser's work (cancellations, codes).
                for name in reimport.kept_on_reimport(has_code=bool(row["code"])):
                    row[name] = old[name]
            if old is not None and all(old[c] == row[c] for c in COMPARED):
                unchanged += 1
                continue
            if old is None:
                inserts.append(tuple(row[c] for c in ATTENDEE_COLUMNS))
            else:
                row["import_key"] = row["import_key"] or old["import_key"]
                row["created_by"] = old["created_by"]
                updates.append(tuple(row[c] for c in ATTENDEE_COLUMNS[1:]) + (a.id,))
            logged.append(("attendee", a.id, attendee_payload(row)))
            existing[a.id] = row
        tx.insert_many("attendees", ATTENDEE_COLUMNS, _ATTENDEE_TYPES, inserts)
        tx.executemany(_UPDATE, updates)
        self.feed.log_many(tx, logged)
        return len(inserts), len(updates), unchanged

    def edit(self, ref: str, **fields: Any) -> Attendee:
        """Change an attendee's name, email, organisation, ticket_type, code, status or
        details; kiosks learn it at their next sync."""
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise CentralError(f"Cannot edit {', '.join(sorted(unknown))}.")

        def work(tx: Tx) -> Attendee:
            row = dict(self.row(tx, ref))
            for key, value in fields.items():
                if value is not None:
                    row[key] = _edited_value(tx, row["id"], key, value)
            row["updated_at"] = iso(utcnow())
            tx.execute(_UPDATE, tuple(row[c] for c in ATTENDEE_COLUMNS[1:]) + (row["id"],))
            self.feed.log(tx, "attendee", row["id"], attendee_payload(row))
            return Attendee.from_row(row)

        return self.db.run(work)

    def cancel(self, ref: str) -> Attendee:
        """Mark an attendee cancelled: kiosks refuse their ticket after the next sync."""
        return self.edit(ref, status="cancelled")

    def delete(self, ref: str) -> None:
        """Remove an attendee from the list (a tombstone flows to the kiosks)."""

        def work(tx: Tx) -> None:
            row = dict(self.row(tx, ref))
            row["deleted"] = 1
            tx.execute("UPDATE attendees SET deleted = 1, code = NULL, updated_at = ? "
                       "WHERE id = ?", (iso(utcnow()), row["id"]))
            self.feed.log(tx, "attendee", row["id"], attendee_payload(row))

        self.db.run(work)

    # -- reading ----------------------------------------------------------------------

    def row(self, tx: Tx, ref: str) -> dict[str, Any]:
        """The stored row of the attendee with id or code ``ref`` (not deleted)."""
        row = tx.one("SELECT * FROM attendees WHERE id = ? OR code = ? ORDER BY id LIMIT 1",
                     (ref, ref))
        if row is None or row["deleted"]:
            raise NotFound(f"No attendee with id or code {ref!r} on the central list.")
        return row

    def get(self, ref: str) -> Attendee:
        return Attendee.from_row(self.db.run(lambda tx: self.row(tx, ref), write=False))

    def all(self, *, limit: int | None = None) -> list[Attendee]:
        sql = "SELECT * FROM attendees WHERE deleted = 0 ORDER BY name, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Attendee.from_row(r) for r in self.db.run(lambda tx: tx.execute(sql),
                                                           write=False)]


def attendee_row(a: Attendee, *, import_key: str | None = None,
                 created_by: str | None = None, now: str = "") -> dict[str, Any]:
    """The ``attendees`` row for ``a`` (what an upsert stores, and what the console's
    import preview compares with the stored row)."""
    return {
        "id": a.id, "event_id": a.event_id, "code": a.code, "name": a.name,
        "email": a.email, "organisation": a.organisation, "ticket_type": a.ticket_type,
        "status": str(AttendeeStatus(a.status)),
        "details": json.dumps(a.details, sort_keys=True, ensure_ascii=False),
        "source": a.source, "import_key": import_key,
        "created_by": created_by, "deleted": 0, "updated_at": now or iso(utcnow()),
    }


def _edited_value(tx: Tx, attendee_id: str, key: str, value: Any) -> Any:
    """``value`` for column ``key`` as stored, checked (a known status, a free code)."""
    if key == "status":
        try:
            return str(AttendeeStatus(value))
        except ValueError:
            raise CentralError(f"Unknown status {value!r} (valid, cancelled).") from None
    if key == "details":
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if key == "code" and value:
        owner = tx.one("SELECT id FROM attendees WHERE code = ? AND id != ?",
                       (value, attendee_id))
        if owner:
            raise CentralError(f"Code {value!r} already belongs to {owner['id']}.")
    return value
