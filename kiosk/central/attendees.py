"""Organiser operations on attendees: CSV import, edits, cancellations, deletions."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from kiosk.central import revocations
from kiosk.central.db import CentralDB, Tx, is_unique_violation, iso, utcnow
from kiosk.central.events import Events
from kiosk.central.feed import ChangeFeed, encode_payloads
from kiosk.central.payloads import attendee_payload, event_from_row
from kiosk.core.attendee_csv import (
    ImportPlan,
    ImportSummary,
    ParsedFile,
    parse_csv_file,
    plan_import,
)
from kiosk.core.models import Attendee, AttendeeStatus, Event
from kiosk.errors import CentralError, EditConflict, NotFound

T = TypeVar("T")
#: A write an organiser asked for, as the conflict check reads it: (attendee id, event,
#: ticket code or None).
Wanted = tuple[str, str, str | None]

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
#: Rows per transaction when a large CSV is written (see Attendees.import_parsed). On
#: SQLite every kiosk upload waits for the chunk being written: during a 100,000-row
#: import 500 rows gave uploads a p99 of 1.2 s where 2,000 gave 4.6 s (kiosks only
#: uploading; 3.6 s vs 8.0 s while they also download the new rows), for an import
#: ~40% longer (docs/performance.md).
IMPORT_CHUNK = 500
#: Pause between those transactions when no other writer is announced (PostgreSQL, or
#: nobody waiting on SQLite).
IMPORT_PAUSE_SECONDS = 0.02
#: The longest a chunk waits for announced writers (kiosks' uploads) to go first.
IMPORT_YIELD_SECONDS = 2.0
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
                      skip_invalid: bool = False, skip_hint: str = "--skip-invalid",
                      event_id: str | None = None,
                      progress: Callable[[int, int], None] | None = None) -> ImportSummary:
        """Import parsed rows with core's import planner (the replica's rules: which
        event, the default gate, what a re-import keeps). Checked whole before anything
        is written: a refused file leaves no new event or gate behind for kiosks to learn.
        ``event_id`` imports into that existing event (the console's page). Up to
        :data:`IMPORT_CHUNK` rows in one transaction, a larger file in chunks (see
        :meth:`_write_in_chunks`). ``skip_hint`` names the skip-invalid switch in the
        error (CLI or web). ``progress(written, total)`` is called once the file is
        checked (0 written) and after each committed chunk (the console's progress
        bar)."""

        def check(tx: Tx) -> ImportPlan:
            return plan_import(parsed, _CentralLookup(tx, self.events), event_name=event_name,
                               skip_invalid=skip_invalid, skip_hint=skip_hint,
                               event_id=event_id)

        report = progress or (lambda written, total: None)
        if len(parsed.records) > IMPORT_CHUNK:
            return self._write_in_chunks(self.db.run(check, write=False), report)

        planned: list[ImportPlan] = []

        def work(tx: Tx) -> tuple[ImportPlan, ImportSummary]:
            plan = check(tx)
            planned[:] = [plan]
            return plan, plan.summary(*self._write_plan(tx, plan, plan.attendees, first=True))

        plan, summary = self.guarded(work, lambda: _wanted(
            planned[0].attendees if planned else ()))
        report(len(plan.attendees), len(plan.attendees))
        return summary

    def _write_in_chunks(self, plan: ImportPlan,
                         report: Callable[[int, int], None]) -> ImportSummary:
        """Write a checked plan :data:`IMPORT_CHUNK` rows per transaction, so kiosks'
        uploads (on SQLite: the one writer) wait for one chunk, not for the whole file.
        Interrupted half-way (the server stopped), the import is simply repeated: rows
        are addressed by id, so nothing is doubled."""
        totals = [0, 0, 0]
        total = len(plan.attendees)
        report(0, total)
        for start in range(0, max(total, 1), IMPORT_CHUNK):
            part = plan.attendees[start:start + IMPORT_CHUNK]
            # (Worked out before the write lock is taken; written as it is unless
            # another writer changed these rows meanwhile.)
            prepared = self.prepare(part, import_keys=plan.import_keys)
            try:
                counts = self.guarded(functools.partial(
                    self._write_plan, plan=plan, part=part, first=start == 0,
                    prepared=prepared), functools.partial(_wanted, part))
            except EditConflict as exc:
                if not start:
                    raise
                raise EditConflict(f"{exc} The file's first {start} rows are saved: "
                                   "import it again once this is settled (nothing is "
                                   "doubled).") from None
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
            report(start + len(part), total)
            # SQLite's busy handler is not fair: a writer that re-takes the lock at once
            # starves the kiosks' uploads waiting for it. Let them in first, every one
            # announced (kiosk/central/writers.py), up to a bound so the import ends.
            self.db.let_writers_in(pause=IMPORT_PAUSE_SECONDS, limit=IMPORT_YIELD_SECONDS)
        return plan.summary(*totals)

    def _write_plan(self, tx: Tx, plan: ImportPlan, part: Sequence[Attendee], *,
                    first: bool, prepared: _Upsert | None = None) -> tuple[int, int, int]:
        if first and plan.new_event:
            self.events.store_in(tx, plan.event)
        if first and plan.new_gate is not None:
            self.events.put_gate_in(tx, plan.new_gate)
        return self.upsert_in(tx, part, import_keys=plan.import_keys, prepared=prepared)

    # -- writing ----------------------------------------------------------------------

    def upsert(self, attendees: Sequence[Attendee]) -> tuple[int, int, int]:
        """Insert or update attendees by id; returns (added, updated, unchanged)."""
        return self.guarded(lambda tx: self.upsert_in(tx, attendees),
                            lambda: _wanted(attendees))

    def guarded(self, work: Callable[[Tx], T], wanted: Callable[[], Sequence[Wanted]]) -> T:
        """``db.run(work)`` for a write of attendees: when it breaks a unique key —
        another organiser's change committed between our check and our write (two
        people given one code at the same moment; on PostgreSQL the second writer waits
        for the first, then fails) — the change is refused whole with
        :class:`EditConflict` saying who holds the code now, never the database's raw
        error. ``wanted``: what the work meant to write (read only after a failure)."""
        try:
            return self.db.run(work)
        except Exception as exc:  # noqa: BLE001 - only a unique-key violation is ours
            if not is_unique_violation(exc):
                raise
            raise self._conflict(wanted()) from exc

    def _conflict(self, wanted: Sequence[Wanted]) -> EditConflict:
        """The words for a refused write of ``wanted``: which code another change gave
        to whom (read now, after it committed), or whose record it wrote first."""
        codes = {(e, c): a for a, e, c in wanted if c}
        found = self.db.run(lambda tx: tx.select_in(
            "SELECT id, event_id, code, name FROM attendees WHERE deleted = 0 AND code IN "
            "({})", sorted({c for _, c in codes})), write=False)
        for row in sorted(found, key=lambda r: (r["event_id"], r["code"])):
            meant = codes.get((row["event_id"], row["code"]))
            if meant is not None and meant != row["id"]:
                return EditConflict(
                    f"The code {row['code']!r} was just given to {row['name'] or row['id']} "
                    f"({row['id']}) by another change at the same moment, so this change "
                    f"was not saved (it gave that code to {meant}): reload and try again.")
        names = ", ".join(sorted({a for a, _, _ in wanted})[:3]) or "these attendees"
        return EditConflict(f"Another change to {names} was saved at the same moment, so "
                            "this change was not saved: reload and try again.")

    def upsert_in(self, tx: Tx, attendees: Sequence[Attendee], *,
                  import_keys: dict[str, str] | None = None,
                  created_by: str | None = None,
                  prepared: _Upsert | None = None) -> tuple[int, int, int]:
        """:meth:`upsert` inside ``tx``. ``prepared``: the same upsert worked out
        beforehand (:meth:`prepare`, outside the write lock), used when the rows it read
        are still the rows stored."""
        # Bulk: one read of the current rows, then one multi-row insert (unnest on
        # PostgreSQL), so importing 100,000 attendees is seconds on both engines.
        existing = _existing(tx, attendees)
        work = prepared if prepared is not None and prepared.read == existing else \
            _Upsert.of(attendees, existing, import_keys, created_by)
        tx.insert_many("attendees", ATTENDEE_COLUMNS, _ATTENDEE_TYPES, work.inserts)
        tx.executemany(_UPDATE, work.updates)
        self.feed.log_many(tx, work.logged, encoded=work.encoded)
        for event_id, item in work.taken:  # e.g. a re-import with a new code or ticket type
            revocations.publish(tx, self.feed, event_id, [item])
        return len(work.inserts), len(work.updates), work.unchanged

    def prepare(self, attendees: Sequence[Attendee], *,
                import_keys: dict[str, str] | None = None) -> _Upsert:
        """What :meth:`upsert_in` would write for ``attendees`` now, worked out from a
        read of their rows, outside any write transaction: a bulk import's chunk then
        holds SQLite's one write lock only to write (building the rows and their JSON
        took ~80% of a chunk's time inside it, while kiosks' uploads waited)."""
        existing = self.db.run(lambda tx: _existing(tx, attendees), write=False)
        return _Upsert.of(attendees, existing, import_keys, None)

    def edit(self, ref: str, **fields: Any) -> Attendee:
        """Change an attendee's name, email, organisation, ticket_type, code, status or
        details; kiosks learn it at their next sync."""
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise CentralError(f"Cannot edit {', '.join(sorted(unknown))}.")

        meant: list[Wanted] = []

        def work(tx: Tx) -> Attendee:
            row = dict(self.row(tx, ref))
            before = dict(row)
            for key, value in fields.items():
                if value is not None:
                    row[key] = _edited_value(tx, row["id"], key, value)
            row["updated_at"] = iso(utcnow())
            meant[:] = [(row["id"], row["event_id"], row["code"])]
            tx.execute(_UPDATE, tuple(row[c] for c in ATTENDEE_COLUMNS[1:]) + (row["id"],))
            self.feed.log(tx, "attendee", row["id"], attendee_payload(row))
            revocations.publish(tx, self.feed, row["event_id"],
                                revocations.codes_taken_away(before, row))
            return Attendee.from_row(row)

        return self.guarded(work, lambda: meant)

    def cancel(self, ref: str) -> Attendee:
        """Mark an attendee cancelled: kiosks refuse their ticket after the next sync."""
        return self.edit(ref, status="cancelled")

    def delete(self, ref: str) -> None:
        """Remove an attendee from the list (a tombstone flows to the kiosks)."""

        def work(tx: Tx) -> None:
            row = dict(self.row(tx, ref))
            before = dict(row)
            row["deleted"] = 1
            tx.execute("UPDATE attendees SET deleted = 1, code = NULL, updated_at = ? "
                       "WHERE id = ?", (iso(utcnow()), row["id"]))
            self.feed.log(tx, "attendee", row["id"], attendee_payload(row))
            # The signed code would still verify at a kiosk: revoke it.
            revocations.publish(tx, self.feed, row["event_id"],
                                revocations.codes_taken_away(before, row))

        self.db.run(work)

    # -- reading ----------------------------------------------------------------------

    def row(self, tx: Tx, ref: str) -> dict[str, Any]:
        """The stored row of the attendee with id or code ``ref`` (not deleted)."""
        row = tx.one("SELECT * FROM attendees WHERE id = ?", (ref,))
        if row is None:
            # A code is unique within its event: the same code in two events is two
            # people, and the organiser must say which (by id).
            holders = tx.execute("SELECT * FROM attendees WHERE code = ? AND deleted = 0 "
                                 "ORDER BY event_id LIMIT 2", (ref,))
            if len(holders) > 1:
                raise CentralError(f"The code {ref!r} is held in several events ("
                                   f"{holders[0]['event_id']}, {holders[1]['event_id']}, "
                                   "...): give the attendee's id instead.")
            row = holders[0] if holders else None
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


def _wanted(attendees: Sequence[Attendee]) -> list[Wanted]:
    return [(a.id, a.event_id, a.code) for a in attendees]


def _existing(tx: Tx, attendees: Sequence[Attendee]) -> dict[str, dict[str, Any]]:
    """The stored rows of ``attendees``, by id."""
    return {r["id"]: r for r in tx.select_in(
        "SELECT * FROM attendees WHERE id IN ({})", [a.id for a in attendees])}


@dataclass(frozen=True)
class _Upsert:
    """What an upsert writes, worked out from the rows it ``read``."""

    read: dict[str, dict[str, Any]]
    inserts: list[tuple[Any, ...]]
    updates: list[tuple[Any, ...]]
    logged: list[tuple[str, str, dict[str, Any]]]
    #: each logged payload as JSON (ChangeFeed.log_many's ``encoded``)
    encoded: list[str]
    taken: list[tuple[str, revocations.Revoking]]  # (event, what to revoke)
    unchanged: int

    @classmethod
    def of(cls, attendees: Sequence[Attendee], read: dict[str, dict[str, Any]],
           import_keys: dict[str, str] | None, created_by: str | None) -> _Upsert:
        existing = dict(read)
        now = iso(utcnow())
        work = cls(read, [], [], [], [], [], 0)
        unchanged = 0
        for a in attendees:
            row = attendee_row(a, import_key=(import_keys or {}).get(a.id),
                               created_by=created_by, now=now)
            old = existing.get(a.id)
            if old is not None and all(old[c] == row[c] for c in COMPARED):
                unchanged += 1
                continue
            work.taken.extend((row["event_id"], item) for item in
                              revocations.codes_taken_away(old, row))
            if old is None:
                work.inserts.append(tuple(row[c] for c in ATTENDEE_COLUMNS))
            else:
                row["import_key"] = row["import_key"] or old["import_key"]
                row["created_by"] = old["created_by"]
                work.updates.append(tuple(row[c] for c in ATTENDEE_COLUMNS[1:]) + (a.id,))
            work.logged.append(("attendee", a.id, attendee_payload(row)))
            existing[a.id] = row
        return replace(work, encoded=encode_payloads(work.logged), unchanged=unchanged)


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
        owner = tx.one("SELECT id FROM attendees WHERE code = ? AND id != ? AND event_id = "
                       "(SELECT event_id FROM attendees WHERE id = ?)",
                       (value, attendee_id, attendee_id))
        if owner:
            raise CentralError(f"Code {value!r} already belongs to {owner['id']}.")
    return value


class _CentralLookup:
    """What the import planner reads, from the central list (inside the import's
    transaction)."""

    def __init__(self, tx: Tx, events: Events) -> None:
        self.tx = tx
        self.events = events

    def event(self, event_id: str) -> Event | None:
        row = self.tx.one("SELECT * FROM events WHERE id = ?", (event_id,))
        return event_from_row(row) if row else None

    def default_event(self) -> Event | None:
        row = self.tx.one("SELECT * FROM events ORDER BY created_at, id LIMIT 1")
        return event_from_row(row) if row else None

    def has_gates(self, event_id: str) -> bool:
        return self.tx.one("SELECT id FROM gates WHERE event_id = ? AND deleted = 0",
                           (event_id,)) is not None

    def gate_taken(self, gate_id: str) -> bool:
        return self.tx.one("SELECT id FROM gates WHERE id = ?", (gate_id,)) is not None

    def code_owner(self, code: str, event_id: str) -> tuple[str, str] | None:
        row = self.tx.one("SELECT id, name FROM attendees WHERE code = ? AND event_id = ?",
                          (code, event_id))
        return (row["id"], row["name"]) if row else None

    def attendees(self, ids: Sequence[str]) -> dict[str, Attendee]:
        return {r["id"]: Attendee.from_row(r) for r in self.tx.select_in(
            "SELECT * FROM attendees WHERE deleted = 0 AND id IN ({})", list(ids))}

    def attendee_events(self, ids: Sequence[str]) -> dict[str, str]:
        return {r["id"]: r["event_id"] for r in self.tx.select_in(
            "SELECT id, event_id FROM attendees WHERE id IN ({})", list(ids))}
