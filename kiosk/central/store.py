"""The central list: organiser operations, pairing, the change feed and check-in ingest.

Every change that kiosks must learn (events, gates, attendees, revocations, check-ins)
is written to the ``changes`` log *in the same transaction* as the change itself, so
the feed and the tables never disagree. See ``docs/sync.md`` for the cursor design.

This module is the Python API organisers' tools, the server and the demo all use::

    store = CentralStore.open("central.db")          # or a postgresql:// URL
    event = store.create_event("PyCon", days=[date(2026, 12, 1)], gates=[...])
    store.import_csv("attendees.csv")
    code = store.new_pairing_code(device_name="Hall A").code
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.central.db import MAX_BIGINT, CentralDB, Tx
from kiosk.central.schema import migrate
from kiosk.core.attendee_csv import ParsedFile, importable_records, parse_csv_file, slugify
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.core.tickets import TicketPayload, TicketSigner, generate_keypair
from kiosk.core.times import local_day
from kiosk.errors import AuthFailed, CentralError, CursorUnknown, NotFound
from kiosk.replica.importer import ImportSummary

PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to type
PAIRING_TTL_MINUTES = 15
START_CURSOR = "0.0"
#: On PostgreSQL: the oldest transaction id still running. Rows written by transactions
#: below it are final (committed or rolled back); nothing can ever appear below it again.
_PG_HORIZON = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
#: On PostgreSQL: this transaction's id, as the ``changes.xid`` default writes it.
_PG_XID = "pg_current_xact_id()::text::bigint"


#: The one answer to a pairing code that is unknown, already used or expired.
BAD_PAIRING_CODE = ("This pairing code is not valid (mistyped, already used or expired): "
                    "check it, or ask the organiser for a new one.")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    gate_id: str | None


@dataclass(frozen=True)
class PairingCode:
    code: str
    expires_at: datetime
    device_name: str
    gate_id: str | None


@dataclass(frozen=True)
class PairedDevice:
    device_id: str
    device_name: str
    token: str
    gate_id: str | None


@dataclass(frozen=True)
class FeedPage:
    changes: list[dict[str, Any]]
    cursor: str
    more: bool
    remaining: int | None = None
    #: Fingerprint of the change at ``cursor`` (empty at the start): the kiosk sends it
    #: back with the cursor so a restored (or different) list is noticed.
    cursor_check: str = ""


@dataclass
class IngestOutcome:
    results: list[dict[str, Any]] = field(default_factory=list)
    stored: int = 0
    already: int = 0
    rejected: int = 0
    #: ``{"cursor", "check"}`` of the last change this batch wrote (None: it wrote none).
    #: The kiosk sends it back with its next feed request until its cursor passes it, so
    #: a list restored from a backup older than this upload is noticed.
    feed_mark: dict[str, str] | None = None


def parse_cursor(text: str) -> tuple[int, int]:
    """``"xid.seq"`` -> (xid, seq). Raises ValueError on anything else."""
    xid_text, sep, seq_text = text.partition(".")
    if not sep:
        raise ValueError("a cursor looks like '123.456'")
    xid, seq = int(xid_text), int(seq_text)
    if not (0 <= xid <= MAX_BIGINT and 0 <= seq <= MAX_BIGINT):
        raise ValueError("cursor out of range")
    return xid, seq


def change_fingerprint(row: dict[str, Any]) -> str:
    """A short fingerprint of one change row. After a restore from a backup, the same
    sequence number is reused by a different change (another time, entity or kind)."""
    text = f"{row['xid']}|{row['seq']}|{row['kind']}|{row['entity_id']}|{row['created_at']}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _dates_json(days: Iterable[date]) -> str:
    return json.dumps([d.isoformat() for d in days])


def _event_payload(row: dict[str, Any]) -> dict[str, Any]:
    # The private key never leaves the central list: kiosks verify with the public key.
    return {
        "id": row["id"], "name": row["name"], "timezone": row["timezone"],
        "days": json.loads(row["days"]), "public_key": row["public_key"],
    }


def _gate_payload(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "event_id": row["event_id"], "name": row["name"],
        "ticket_types": json.loads(row["ticket_types"]), "days": json.loads(row["days"]),
        "allow_reentry": bool(row["allow_reentry"]), "deleted": bool(row["deleted"]),
    }


def _attendee_payload(row: dict[str, Any]) -> dict[str, Any]:
    if row["deleted"]:
        return {"id": row["id"], "event_id": row["event_id"], "deleted": True}
    return {
        "id": row["id"], "event_id": row["event_id"], "code": row["code"],
        "name": row["name"], "email": row["email"], "organisation": row["organisation"],
        "ticket_type": row["ticket_type"], "status": row["status"],
        "details": json.loads(row["details"] or "{}"), "source": row["source"],
        "deleted": False,
    }


def checkin_payload(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "attendee_id": row["attendee_id"], "gate_id": row["gate_id"],
        "direction": row["direction"], "scanned_at": row["scanned_at"], "day": row["day"],
        "verdict": row["verdict"], "code": row["code"], "undoes": row["undoes"],
        "device_id": row["device_id"], "device_name": row["device_name"],
        "received_at": row["received_at"], "duplicate": bool(row["duplicate"]),
        "duplicate_of": row["duplicate_of"],
    }


_ATTENDEE_COLUMNS = (
    "id", "event_id", "code", "name", "email", "organisation", "ticket_type", "status",
    "details", "source", "import_key", "created_by", "deleted", "updated_at",
)
_ATTENDEE_TYPES = ("text",) * 12 + ("int4", "text")
_COMPARED = ("event_id", "code", "name", "email", "organisation", "ticket_type", "status",
             "details", "deleted")


class CentralStore:
    """The central list on one database. Thread-safe (connections are per thread / pooled)."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db

    @classmethod
    def open(cls, url: str | Path, *, pool_size: int = 8, create: bool = True) -> CentralStore:
        """Open (creating and migrating if needed) the central list at ``url``;
        ``create=False`` refuses a path or database where no central list exists."""
        db = CentralDB(url, pool_size=pool_size, create=create)
        try:
            migrate(db, create=create)
        except Exception:
            db.close()
            raise
        return cls(db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> CentralStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the change log ---------------------------------------------------------------

    def _log(self, tx: Tx, kind: str, entity_id: str, payload: dict[str, Any]) -> None:
        tx.execute(
            "INSERT INTO changes (kind, entity_id, payload, created_at) VALUES (?, ?, ?, ?)",
            (kind, entity_id, json.dumps(payload, ensure_ascii=False), iso(utcnow())),
        )

    def _log_many(self, tx: Tx, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        now = iso(utcnow())
        tx.insert_many("changes", ("kind", "entity_id", "payload", "created_at"),
                       ("text",) * 4,
                       [(k, e, json.dumps(p, ensure_ascii=False), now) for k, e, p in rows])

    def changes(self, cursor: str = START_CURSOR, *, limit: int = 1000,
                with_remaining: bool = False, check: str | None = None,
                mark: str | None = None, mark_check: str | None = None) -> FeedPage:
        """The next page of the change feed after ``cursor`` (see docs/sync.md).

        :class:`CursorUnknown` when ``cursor`` names no change on this list, or (given
        ``check``, the page's ``cursor_check`` the kiosk kept) a different change: the
        list was restored from an older backup since the kiosk last synced. ``mark`` /
        ``mark_check`` (the ``feed_mark`` of the kiosk's last stored upload, which may lie
        beyond its cursor) are checked the same way."""
        xid, seq = parse_cursor(cursor)
        marked = parse_cursor(mark) if mark else None
        horizon = _PG_HORIZON if self.db.postgres else str(MAX_BIGINT)
        where = f"(xid > ? OR (xid = ? AND seq > ?)) AND xid < {horizon}"

        def work(tx: Tx) -> FeedPage:
            cursor_check = ""
            if (xid, seq) != (0, 0):
                at = tx.one("SELECT seq, xid, kind, entity_id, created_at FROM changes "
                            "WHERE seq = ? AND xid = ?", (seq, xid))
                if at is None or (check and change_fingerprint(at) != check):
                    raise CursorUnknown(
                        "This kiosk has seen changes the central list does not have (it was "
                        "restored from a backup, or is another list): read the feed from "
                        "the start and upload everything again.")
                cursor_check = change_fingerprint(at)
            if marked is not None and marked != (0, 0):
                at = tx.one("SELECT seq, xid, kind, entity_id, created_at FROM changes "
                            "WHERE seq = ? AND xid = ?", (marked[1], marked[0]))
                if at is None or (mark_check and change_fingerprint(at) != mark_check):
                    raise CursorUnknown(
                        "The central list does not have check-ins this kiosk uploaded (it "
                        "was restored from a backup): upload everything again.")
            rows = tx.execute(
                f"SELECT seq, xid, kind, entity_id, payload, created_at FROM changes "
                f"WHERE {where} ORDER BY xid, seq LIMIT ?",
                (xid, xid, seq, limit + 1),
            )
            more = len(rows) > limit
            rows = rows[:limit]
            remaining = None
            if with_remaining:
                remaining = int(tx.scalar(f"SELECT count(*) AS n FROM changes WHERE {where}",
                                          (xid, xid, seq)))
            new_cursor = f"{rows[-1]['xid']}.{rows[-1]['seq']}" if rows else cursor
            if rows:
                cursor_check = change_fingerprint(rows[-1])
            out = [{"kind": r["kind"], "id": r["entity_id"], "data": json.loads(r["payload"])}
                   for r in rows]
            return FeedPage(out, new_cursor, more, remaining, cursor_check)

        return self.db.run(work, write=False)

    # -- events and gates -------------------------------------------------------------

    def create_event(
        self,
        name: str,
        *,
        event_id: str | None = None,
        days: Sequence[date] = (),
        timezone: str | None = None,
        gates: Sequence[Gate] = (),
    ) -> Event:
        """Create an event with its own signing key (and its gates). Updates name/days
        if the event exists already (the key is kept)."""
        if not name.strip():
            raise CentralError("An event needs a name.")
        event_id = event_id or slugify(name)
        if timezone is None:
            from kiosk.core.times import local_timezone_name

            timezone = local_timezone_name()
        _check_timezone(timezone)
        private, public = generate_keypair()

        def work(tx: Tx) -> Event:
            tx.execute(
                "INSERT INTO events (id, name, timezone, days, public_key, private_key, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "name = excluded.name, timezone = excluded.timezone, days = excluded.days",
                (event_id, name.strip(), timezone, _dates_json(days), public, private,
                 iso(utcnow())),
            )
            row = tx.one("SELECT * FROM events WHERE id = ?", (event_id,))
            assert row is not None
            self._log(tx, "event", event_id, _event_payload(row))
            for gate in gates:
                self._put_gate(tx, Gate(gate.id, event_id, gate.name, gate.ticket_types,
                                        gate.days, gate.allow_reentry))
            return _event(row)

        return self.db.run(work)

    def events(self) -> list[Event]:
        rows = self.db.run(lambda tx: tx.execute("SELECT * FROM events ORDER BY id"), write=False)
        return [_event(r) for r in rows]

    def get_event(self, event_id: str) -> Event | None:
        row = self.db.run(lambda tx: tx.one("SELECT * FROM events WHERE id = ?", (event_id,)),
                          write=False)
        return _event(row) if row else None

    def _default_event(self, tx: Tx, event_id: str | None) -> dict[str, Any]:
        if event_id:
            row = tx.one("SELECT * FROM events WHERE id = ?", (event_id,))
            if row is None:
                raise NotFound(f"No event {event_id!r} on the central list.")
            return row
        rows = tx.execute("SELECT * FROM events ORDER BY created_at, id LIMIT 2")
        if not rows:
            raise NotFound("The central list has no event yet: create one or import a CSV.")
        return rows[0]

    def put_gate(self, gate: Gate, *, deleted: bool = False) -> Gate:
        """Create or change a gate (``event_id`` empty: the default event)."""

        def work(tx: Tx) -> Gate:
            event = self._default_event(tx, gate.event_id or None)
            g = Gate(gate.id, event["id"], gate.name, gate.ticket_types, gate.days,
                     gate.allow_reentry)
            self._put_gate(tx, g, deleted=deleted)
            return g

        return self.db.run(work)

    def _put_gate(self, tx: Tx, gate: Gate, *, deleted: bool = False) -> None:
        if not gate.id.strip() or not gate.name.strip():
            raise CentralError("A gate needs an id and a name.")
        tx.execute(
            "INSERT INTO gates (id, event_id, name, ticket_types, days, allow_reentry, deleted,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "event_id = excluded.event_id, name = excluded.name, "
            "ticket_types = excluded.ticket_types, days = excluded.days, "
            "allow_reentry = excluded.allow_reentry, deleted = excluded.deleted, "
            "updated_at = excluded.updated_at",
            (gate.id, gate.event_id, gate.name, json.dumps(list(gate.ticket_types)),
             _dates_json(gate.days), int(gate.allow_reentry), int(deleted), iso(utcnow())),
        )
        row = tx.one("SELECT * FROM gates WHERE id = ?", (gate.id,))
        assert row is not None
        self._log(tx, "gate", gate.id, _gate_payload(row))

    def gates(self) -> list[dict[str, Any]]:
        rows = self.db.run(lambda tx: tx.execute(
            "SELECT * FROM gates WHERE deleted = 0 ORDER BY event_id, name"), write=False)
        return [_gate_payload(r) for r in rows]

    # -- attendees --------------------------------------------------------------------

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
            event = self.get_event(slugify(event_name))
            if event is None:
                event = self.create_event(event_name, gates=[Gate("main", "", "Main entrance")]
                                          if not self.gates() else [])
        else:
            events = self.events()
            event = events[0] if events else self.create_event(
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
            counts = self._upsert_attendees(tx, attendees, import_keys=keys, reimport=parsed)
            return problems, counts

        skipped, (added, updated, unchanged) = self.db.run(work)
        return ImportSummary(event_id=event.id, rows=added + updated + unchanged,
                             added=added, updated=updated, unchanged=unchanged, skipped=skipped,
                             delimiter=parsed.delimiter, encoding=parsed.encoding)

    def upsert_attendees(self, attendees: Sequence[Attendee]) -> tuple[int, int, int]:
        """Insert or update attendees by id; returns (added, updated, unchanged)."""
        return self.db.run(lambda tx: self._upsert_attendees(tx, attendees))

    def _upsert_attendees(self, tx: Tx, attendees: Sequence[Attendee], *,
                          import_keys: dict[str, str] | None = None,
                          created_by: str | None = None,
                          reimport: ParsedFile | None = None,
                          ) -> tuple[int, int, int]:
        # Bulk: one read of the current rows, then one multi-row insert (unnest on
        # PostgreSQL), so
        # importing 100,000 attendees is seconds on both engines.
        existing: dict[str, dict[str, Any]] = {}
        ids = [a.id for a in attendees]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in tx.execute(f"SELECT * FROM attendees WHERE id IN ({marks})", chunk):
                existing[r["id"]] = r
        now = iso(utcnow())
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        logged: list[tuple[str, str, dict[str, Any]]] = []
        unchanged = 0
        for a in attendees:
            row = _attendee_row_of(a, import_key=(import_keys or {}).get(a.id),
                                   created_by=created_by, now=now)
            old = existing.get(a.id)
            if old is not None and reimport is not None and not old["deleted"]:
                # Re-importing must not undo the organiser's work (cancellations, codes).
                for field in reimport.kept_on_reimport(has_code=bool(row["code"])):
                    row[field] = old[field]
            if old is not None and all(old[c] == row[c] for c in _COMPARED):
                unchanged += 1
                continue
            if old is None:
                inserts.append(tuple(row[c] for c in _ATTENDEE_COLUMNS))
            else:
                row["import_key"] = row["import_key"] or old["import_key"]
                row["created_by"] = old["created_by"]
                updates.append(tuple(row[c] for c in _ATTENDEE_COLUMNS[1:]) + (a.id,))
            logged.append(("attendee", a.id, _attendee_payload(row)))
            existing[a.id] = row
        tx.insert_many("attendees", _ATTENDEE_COLUMNS, _ATTENDEE_TYPES, inserts)
        tx.executemany(
            "UPDATE attendees SET " + ", ".join(f"{c} = ?" for c in _ATTENDEE_COLUMNS[1:])
            + " WHERE id = ?", updates)
        self._log_many(tx, logged)
        return len(inserts), len(updates), unchanged

    def _attendee_row(self, tx: Tx, ref: str) -> dict[str, Any]:
        row = tx.one("SELECT * FROM attendees WHERE id = ? OR code = ? ORDER BY id LIMIT 1",
                     (ref, ref))
        if row is None or row["deleted"]:
            raise NotFound(f"No attendee with id or code {ref!r} on the central list.")
        return row

    def get_attendee(self, ref: str) -> Attendee:
        row = self.db.run(lambda tx: self._attendee_row(tx, ref), write=False)
        return Attendee.from_row(row)

    def attendees(self, *, limit: int | None = None) -> list[Attendee]:
        sql = "SELECT * FROM attendees WHERE deleted = 0 ORDER BY name, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Attendee.from_row(r) for r in self.db.run(lambda tx: tx.execute(sql),
                                                           write=False)]

    def edit_attendee(self, ref: str, **fields: Any) -> Attendee:
        """Change an attendee's name, email, organisation, ticket_type, code, status or
        details; kiosks learn it at their next sync."""
        allowed = {"name", "email", "organisation", "ticket_type", "code", "status", "details"}
        unknown = set(fields) - allowed
        if unknown:
            raise CentralError(f"Cannot edit {', '.join(sorted(unknown))}.")

        def work(tx: Tx) -> Attendee:
            row = dict(self._attendee_row(tx, ref))
            for key, value in fields.items():
                if value is None:
                    continue
                if key == "status":
                    try:
                        value = str(AttendeeStatus(value))
                    except ValueError:
                        raise CentralError(
                            f"Unknown status {value!r} (valid, cancelled).") from None
                if key == "details":
                    value = json.dumps(value, sort_keys=True, ensure_ascii=False)
                if key == "code" and value:
                    owner = tx.one("SELECT id FROM attendees WHERE code = ? AND id != ?",
                                   (value, row["id"]))
                    if owner:
                        raise CentralError(f"Code {value!r} already belongs to {owner['id']}.")
                row[key] = value
            row["updated_at"] = iso(utcnow())
            tx.execute(
                "UPDATE attendees SET " + ", ".join(f"{c} = ?" for c in _ATTENDEE_COLUMNS[1:])
                + " WHERE id = ?", tuple(row[c] for c in _ATTENDEE_COLUMNS[1:]) + (row["id"],))
            self._log(tx, "attendee", row["id"], _attendee_payload(row))
            return Attendee.from_row(row)

        return self.db.run(work)

    def cancel_attendee(self, ref: str) -> Attendee:
        """Mark an attendee cancelled: kiosks refuse their ticket after the next sync."""
        return self.edit_attendee(ref, status="cancelled")

    def delete_attendee(self, ref: str) -> None:
        """Remove an attendee from the list (a tombstone flows to the kiosks)."""

        def work(tx: Tx) -> None:
            row = dict(self._attendee_row(tx, ref))
            row["deleted"] = 1
            tx.execute("UPDATE attendees SET deleted = 1, code = NULL, updated_at = ? "
                       "WHERE id = ?", (iso(utcnow()), row["id"]))
            self._log(tx, "attendee", row["id"], _attendee_payload(row))

        self.db.run(work)

    def revoked_codes(self) -> set[str]:
        """Every ticket code currently revoked."""
        rows = self.db.run(lambda tx: tx.execute(
            "SELECT code FROM revocations WHERE active = 1"), write=False)
        return {r["code"] for r in rows}

    def revoke_code(self, code: str, *, reason: str = "", event_id: str | None = None,
                    force: bool = False) -> Attendee | None:
        """Publish a revoked ticket code; kiosks refuse it after their next sync.

        Returns the attendee holding it (None for a code nobody holds). A code that no
        attendee holds and that was never revoked is refused unless ``force`` (a typo
        would otherwise be published and the real ticket stay valid)."""
        if not code.strip():
            raise CentralError("Give the ticket code to revoke (it is empty).")

        def work(tx: Tx) -> Attendee | None:
            owner = tx.one("SELECT * FROM attendees WHERE code = ?", (code,))
            if owner is None and not force and not tx.one(
                    "SELECT code FROM revocations WHERE code = ?", (code,)):
                raise NotFound(f"No attendee holds the code {code!r}: check it (codes are "
                               "case-sensitive), or add --force to revoke a code from "
                               "another system.")
            event = owner["event_id"] if owner else self._default_event(tx, event_id)["id"]
            tx.execute(
                "INSERT INTO revocations (code, event_id, reason, active, revoked_at) "
                "VALUES (?, ?, ?, 1, ?) ON CONFLICT (code) DO UPDATE SET reason = "
                "excluded.reason, active = 1, revoked_at = excluded.revoked_at",
                (code, event, reason, iso(utcnow())))
            self._log(tx, "revocation", code,
                      {"code": code, "event_id": event, "reason": reason, "active": True})
            return Attendee.from_row(owner) if owner else None

        return self.db.run(work)

    def issue_codes(self, *, event_id: str | None = None, reissue: bool = False) -> int:
        """Give every attendee without a usable code (none, or a revoked one; all of them
        with ``reissue``) a signed code.

        Reissued codes replace the old ones, which are revoked. A new code is never a
        revoked one: see :func:`_fresh_code`."""

        def work(tx: Tx) -> int:
            event = self._default_event(tx, event_id)
            signer = TicketSigner(event["private_key"])
            revoked = {r["code"] for r in tx.execute("SELECT code FROM revocations")}
            owners = {r["code"]: r["id"] for r in
                      tx.execute("SELECT id, code FROM attendees WHERE code IS NOT NULL")}
            sql = "SELECT * FROM attendees WHERE event_id = ? AND deleted = 0"
            if not reissue:
                sql += (" AND (code IS NULL OR code IN "
                        "(SELECT code FROM revocations WHERE active = 1))")
            rows = tx.execute(sql, (event["id"],))
            changed = []
            for row in rows:
                old = row["code"]
                row = dict(row)
                # Signed codes carry the attendee id, so two new codes never collide; only
                # revoked codes, the old one and imported codes held by others are refused.
                aid: str = row["id"]

                def refused(code: str, aid: str = aid, old: str | None = old) -> bool:
                    return code == old or code in revoked or owners.get(code, aid) != aid

                row["code"] = _fresh_code(signer, TicketPayload(
                    event["id"], aid, row["ticket_type"]), refused=refused)
                if old:
                    tx.execute("INSERT INTO revocations (code, event_id, reason, active, "
                               "revoked_at) VALUES (?, ?, 'reissued', 1, ?) ON CONFLICT (code) "
                               "DO NOTHING", (old, event["id"], iso(utcnow())))
                    self._log(tx, "revocation", old, {"code": old, "event_id": event["id"],
                                                      "reason": "reissued", "active": True})
                changed.append(row)
            tx.executemany("UPDATE attendees SET code = ?, updated_at = ? WHERE id = ?",
                           [(r["code"], iso(utcnow()), r["id"]) for r in changed])
            self._log_many(tx, [("attendee", r["id"], _attendee_payload(r)) for r in changed])
            return len(changed)

        return self.db.run(work)

    # -- devices and pairing ----------------------------------------------------------

    def new_pairing_code(self, *, device_name: str = "", gate_id: str | None = None,
                         ttl_minutes: int = PAIRING_TTL_MINUTES) -> PairingCode:
        """A short single-use code a kiosk exchanges for its device token."""
        raw = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        expires = utcnow() + timedelta(minutes=ttl_minutes)

        def work(tx: Tx) -> None:
            if gate_id and not tx.one("SELECT id FROM gates WHERE id = ? AND deleted = 0",
                                      (gate_id,)):
                raise NotFound(f"No gate {gate_id!r} on the central list.")
            tx.execute("INSERT INTO pairing_codes (code, device_name, gate_id, created_at, "
                       "expires_at) VALUES (?, ?, ?, ?, ?)",
                       (code, device_name, gate_id, iso(utcnow()), iso(expires)))

        self.db.run(work)
        return PairingCode(code, expires, device_name, gate_id)

    def pair(self, code: str, *, device_name: str = "",
             replaces_token: str | None = None) -> PairedDevice:
        """Exchange a pairing code for a new device and its token (shown once).

        ``replaces_token``: the token the kiosk held from an earlier pairing with this
        list; that device is revoked in the same transaction (its token stops working;
        its backlog now belongs to the new device)."""
        normal = code.strip().upper().replace(" ", "")
        if len(normal) == 8:
            normal = f"{normal[:4]}-{normal[4:]}"
        token = secrets.token_urlsafe(32)
        device_id = "dev-" + uuid.uuid4().hex[:12]

        def work(tx: Tx) -> PairedDevice:
            row = tx.one("SELECT * FROM pairing_codes WHERE code = ?", (normal,))
            now = utcnow()
            # One answer for unknown, used and expired codes: a guesser learns nothing.
            if row is None or row["used_at"] \
                    or datetime.fromisoformat(row["expires_at"]) < now:
                raise AuthFailed(BAD_PAIRING_CODE, reason="bad_pairing_code")
            name = device_name.strip() or row["device_name"] or device_id
            # Conditional update: two kiosks racing for one code cannot both win.
            claimed = tx.execute("UPDATE pairing_codes SET used_at = ?, device_id = ? "
                                 "WHERE code = ? AND used_at IS NULL RETURNING code",
                                 (iso(now), device_id, normal))
            if not claimed:
                raise AuthFailed(BAD_PAIRING_CODE, reason="bad_pairing_code")
            tx.execute("INSERT INTO devices (id, name, token_hash, gate_id, paired_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (device_id, name, _hash_token(token), row["gate_id"], iso(now)))
            if replaces_token:
                tx.execute("UPDATE devices SET revoked_at = ?, pending_uploads = 0 "
                           "WHERE token_hash = ? AND revoked_at IS NULL AND id != ?",
                           (iso(now), _hash_token(replaces_token), device_id))
            return PairedDevice(device_id, name, token, row["gate_id"])

        return self.db.run(work)

    def authenticate(self, token: str | None, *, pending: int | None = None) -> Device:
        """The device holding ``token``; :class:`AuthFailed` when missing/unknown/revoked.

        ``pending`` (what the kiosk says still waits on it) is kept even for a revoked
        device, so the organiser sees what it could not upload."""
        if not token:
            raise AuthFailed("No device token: pair this kiosk with the central list first.",
                             reason="missing_token")
        row = self.db.run(lambda tx: tx.one(
            "SELECT id, name, gate_id, revoked_at FROM devices WHERE token_hash = ?",
            (_hash_token(token),)), write=False)
        if row is None:
            raise AuthFailed("Unknown device token: pair this kiosk again.", reason="bad_token")
        if row["revoked_at"]:
            if pending is not None:
                self.db.run(lambda tx: tx.execute(
                    "UPDATE devices SET pending_uploads = ? WHERE id = ?", (pending, row["id"])))
            raise AuthFailed("This kiosk was revoked by the organiser: pair it again to sync.",
                             reason="revoked")
        return Device(row["id"], row["name"], row["gate_id"])

    def touch_device(self, device: Device, *, pending: int | None = None,
                     skew_seconds: float | None = None) -> None:
        """Remember when a device was last seen (and its backlog and clock skew)."""
        self.db.run(lambda tx: tx.execute(
            "UPDATE devices SET last_seen_at = ?, pending_uploads = coalesce(?, pending_uploads),"
            " clock_skew_seconds = coalesce(?, clock_skew_seconds) WHERE id = ?",
            (iso(utcnow()), pending, skew_seconds, device.id)))

    def devices(self) -> list[dict[str, Any]]:
        return self.db.run(lambda tx: tx.execute(
            "SELECT id, name, gate_id, paired_at, revoked_at, last_seen_at, clock_skew_seconds,"
            " pending_uploads FROM devices ORDER BY paired_at, id"), write=False)

    def revoke_device(self, device_id: str) -> None:
        """Revoke a device's token: its next request is refused."""

        def work(tx: Tx) -> None:
            done = tx.execute("UPDATE devices SET revoked_at = ? WHERE id = ? "
                              "RETURNING id", (iso(utcnow()), device_id))
            if not done:
                raise NotFound(f"No device {device_id!r}.")

        self.db.run(work)

    def rename_device(self, device_id: str, name: str) -> None:
        """Give a device a new name (shown on the console and in check-ins it sends)."""
        name = name.strip()
        if not name:
            raise CentralError("A device needs a name.")
        if len(name) > 100:
            raise CentralError("A device name is at most 100 characters.")

        def work(tx: Tx) -> None:
            if not tx.execute("UPDATE devices SET name = ? WHERE id = ? RETURNING id",
                              (name, device_id)):
                raise NotFound(f"No device {device_id!r}.")

        self.db.run(work)

    # -- the organisers' web page --------------------------------------------------------

    def new_admin_token(self) -> str:
        """A new organiser token for the admin web page (replaces the previous one)."""
        token = secrets.token_urlsafe(24)
        self.db.run(lambda tx: tx.execute(
            "INSERT INTO meta (key, value) VALUES ('admin_token_hash', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (_hash_token(token),)))
        return token

    def check_admin_token(self, token: str | None) -> bool:
        if not token:
            return False
        stored = self.db.run(lambda tx: tx.scalar(
            "SELECT value FROM meta WHERE key = 'admin_token_hash'"), write=False)
        return bool(stored) and secrets.compare_digest(str(stored), _hash_token(token))

    def dashboard(self, day: date | None = None, *, recent: int = 30) -> dict[str, Any]:
        """What the organisers' page shows: arrivals per gate on ``day`` (default: today in
        the event's zone, the first event's when there are several), totals, duplicates,
        devices and the latest arrivals."""

        def work(tx: Tx) -> dict[str, Any]:
            first = tx.one("SELECT * FROM events ORDER BY id LIMIT 1")
            day_text = (day or local_day(utcnow(), _event(first) if first else None)).isoformat()
            standing = ("FROM checkins c WHERE c.direction = 'entry' AND c.day = ? AND NOT "
                        "EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)")
            per_gate = tx.execute(
                "SELECT g.id, g.name, (SELECT count(DISTINCT c.attendee_id) " + standing
                + " AND c.gate_id = g.id) AS arrived FROM gates g WHERE g.deleted = 0 "
                "ORDER BY g.name", (day_text,))
            return {
                "day": day_text,
                "events": [dict(_event_payload(r)) for r in
                           tx.execute("SELECT * FROM events ORDER BY id")],
                "attendees": int(tx.scalar(
                    "SELECT count(*) AS n FROM attendees WHERE deleted = 0")),
                "arrived": int(tx.scalar(
                    "SELECT count(DISTINCT c.attendee_id) AS n " + standing, (day_text,))),
                "checkins": int(tx.scalar("SELECT count(*) AS n FROM checkins")),
                "duplicates": int(tx.scalar(
                    "SELECT count(*) AS n FROM checkins WHERE duplicate = 1")),
                "gates": per_gate,
                "devices": tx.execute(
                    "SELECT id, name, gate_id, paired_at, revoked_at, last_seen_at, "
                    "clock_skew_seconds, pending_uploads FROM devices ORDER BY name, id"),
                "recent": tx.execute(
                    "SELECT c.id, c.scanned_at, c.received_at, c.direction, c.gate_id, "
                    "c.device_name, c.duplicate, a.name AS attendee_name, c.attendee_id "
                    "FROM checkins c LEFT JOIN attendees a ON a.id = c.attendee_id "
                    "ORDER BY c.seq DESC LIMIT ?", (recent,)),
            }

        return self.db.run(work, write=False)

    # -- check-ins --------------------------------------------------------------------

    def ingest_checkins(self, device: Device, items: Sequence[dict[str, Any]], *,
                        sent_at: datetime | None = None,
                        pending: int | None = None) -> IngestOutcome:
        """Store uploaded check-ins: idempotent on their UUID, append-only, a second
        standing entry for the same attendee at the same gate and day marked duplicate.

        Each item is a dict with the check-in fields (types already validated by the
        API). An item that is not a UUID, or names an attendee or gate this list does not
        have, or an attendee and gate of different events, is answered ``rejected`` with a
        plain ``reason`` and not stored.
        A batch costs a handful of statements, not a few per item. ``pending`` (the
        device's backlog) and the clock skew from ``sent_at`` are kept on the device."""
        received = utcnow()
        skew = (received - sent_at).total_seconds() if sent_at else None
        keys = sorted({(i["attendee_id"], i["gate_id"], i["day"]) for i in items})

        def work(tx: Tx) -> IngestOutcome:
            if self.db.postgres:
                # Two processes ingesting entries for one attendee (or the same retried
                # batch) must see each other's rows: lock the (attendee, gate, day) keys,
                # in sorted order so two batches cannot deadlock. On SQLite the write
                # lock (BEGIN IMMEDIATE) already serialises writers.
                tx.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM "
                    "unnest(?::text[]) AS k ORDER BY k", (["\x1f".join(k) for k in keys],))
            existing = {r["id"]: r for r in self._select_in(
                tx, "SELECT * FROM checkins WHERE id IN ({})", [i["id"] for i in items])}
            # The latest standing (not undone) passage per key decides "inside already".
            latest: dict[tuple[str, str, str], dict[str, Any]] = {}
            for r in self._select_in(
                    tx, "SELECT id, attendee_id, gate_id, day, direction, scanned_at, seq, "
                        "duplicate_of FROM checkins c WHERE attendee_id IN ({}) "
                        "AND direction != 'undo' AND NOT EXISTS "
                        "(SELECT 1 FROM checkins u WHERE u.undoes = c.id)",
                    sorted({k[0] for k in keys})):
                key = (r["attendee_id"], r["gate_id"], r["day"])
                if key in keys_set and _later(r, latest.get(key)):
                    latest[key] = r
            undone = {i["undoes"] for i in items if i.get("undoes")}
            # Who and where: a check-in must name an attendee and a gate of this list,
            # of the same event (walk-ins uploaded earlier count; deleted ones too, since
            # the scan happened while they were on the list).
            attendee_events = {r["id"]: r["event_id"] for r in self._select_in(
                tx, "SELECT id, event_id FROM attendees WHERE id IN ({})",
                sorted({i["attendee_id"] for i in items}))}
            gate_events = {r["id"]: r["event_id"] for r in self._select_in(
                tx, "SELECT id, event_id FROM gates WHERE id IN ({})",
                sorted({i["gate_id"] for i in items}))}
            outcome = IngestOutcome()
            staged: list[tuple[str, dict[str, Any]]] = []
            new_rows: list[dict[str, Any]] = []
            seq = 0
            for item in items:
                if item["id"] in existing:
                    outcome.already += 1
                    staged.append(("already_stored", existing[item["id"]]))
                    continue
                reason = _checkin_problem(item, attendee_events, gate_events)
                if reason:
                    outcome.rejected += 1
                    staged.append(("rejected", {"id": item["id"], "reason": reason}))
                    continue
                key = (item["attendee_id"], item["gate_id"], item["day"])
                duplicate_of = None
                last = latest.get(key)
                if last is not None and last["id"] in undone:
                    last = None  # undone in this very batch
                if item["direction"] == "entry" and last is not None \
                        and last["direction"] == "entry":
                    duplicate_of = last["duplicate_of"] or last["id"]
                seq += 1
                row = {
                    "id": item["id"], "attendee_id": item["attendee_id"],
                    "gate_id": item["gate_id"], "direction": item["direction"],
                    "scanned_at": item["scanned_at"], "day": item["day"],
                    "verdict": item.get("verdict") or "", "code": item.get("code"),
                    "undoes": item.get("undoes"), "device_id": device.id,
                    "device_name": device.name, "received_at": iso(received),
                    "clock_skew_seconds": skew, "duplicate": int(duplicate_of is not None),
                    "duplicate_of": duplicate_of,
                }
                if item["direction"] != "undo":
                    candidate = dict(row, seq=MAX_BIGINT - len(items) + seq)
                    if _later(candidate, latest.get(key)):
                        latest[key] = candidate
                existing[row["id"]] = row
                new_rows.append(row)
                outcome.stored += 1
                staged.append(("stored", row))
            tx.insert_many("checkins", _CHECKIN_COLUMNS, _CHECKIN_TYPES,
                           [[r[c] for c in _CHECKIN_COLUMNS] for r in new_rows])
            self._log_many(tx, [("checkin", r["id"], checkin_payload(r)) for r in new_rows])
            if new_rows:
                # Ours: on SQLite writers are serialised; on PostgreSQL, by our xid.
                own = _PG_XID if self.db.postgres else "0"
                last = tx.one("SELECT seq, xid, kind, entity_id, created_at FROM changes "
                              f"WHERE xid = {own} ORDER BY seq DESC LIMIT 1")
                if last is not None:
                    outcome.feed_mark = {"cursor": f"{last['xid']}.{last['seq']}",
                                         "check": change_fingerprint(last)}
            firsts = {r["id"]: r for r in self._select_in(
                tx, "SELECT c.id, c.gate_id, c.device_name, c.scanned_at, g.name AS gate_name "
                    "FROM checkins c LEFT JOIN gates g ON g.id = c.gate_id WHERE c.id IN ({})",
                sorted({r["duplicate_of"] for _, r in staged if r.get("duplicate_of")}))}
            outcome.results = [_result(r, status, firsts) for status, r in staged]
            # The device's last-seen, backlog and clock skew, in the same transaction.
            tx.execute(
                "UPDATE devices SET last_seen_at = ?, pending_uploads = coalesce(?, "
                "pending_uploads), clock_skew_seconds = coalesce(?, clock_skew_seconds) "
                "WHERE id = ?", (iso(received), pending, skew, device.id))
            return outcome

        keys_set = set(keys)
        return self.db.run(work)

    def _select_in(self, tx: Tx, sql: str, values: Sequence[Any]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for start in range(0, len(values), 500):
            chunk = list(values[start:start + 500])
            rows += tx.execute(sql.format(",".join("?" * len(chunk))), chunk)
        return rows

    def ingest_walkins(self, device: Device, attendees: Sequence[Attendee]) -> list[str]:
        """Store attendees registered at a kiosk; idempotent (an existing id is kept as
        it is, so a retried upload never overwrites an organiser's later edit). A walk-in
        for an event this list does not have is "rejected" (nothing stored)."""

        def work(tx: Tx) -> list[str]:
            statuses = []
            events = {r["id"] for r in tx.execute("SELECT id FROM events")}
            for a in attendees:
                if tx.one("SELECT id FROM attendees WHERE id = ?", (a.id,)):
                    statuses.append("already_stored")
                    continue
                if a.event_id not in events:
                    statuses.append("rejected")
                    continue
                code = a.code
                if code and tx.one("SELECT id FROM attendees WHERE code = ?", (code,)):
                    code = None  # a clash must not lose the walk-in; the desk can fix it
                fixed = Attendee(a.id, a.event_id, a.name, code, a.email, a.organisation,
                                 a.ticket_type, a.status, a.details, a.source or "walkin")
                self._upsert_attendees(tx, [fixed], created_by=device.id)
                statuses.append("stored")
            return statuses

        return self.db.run(work)

    def checkins(self) -> list[dict[str, Any]]:
        """Every check-in received, in order of receipt, with the attendee's code and name."""
        rows = self.db.run(lambda tx: tx.execute(
            "SELECT c.*, a.name AS attendee_name, g.name AS gate_name FROM checkins c "
            "LEFT JOIN attendees a ON a.id = c.attendee_id "
            "LEFT JOIN gates g ON g.id = c.gate_id ORDER BY c.seq"), write=False)
        for r in rows:
            r["duplicate"] = bool(r["duplicate"])
        return rows

    def checkin_count(self) -> int:
        return int(self.db.run(lambda tx: tx.scalar("SELECT count(*) AS n FROM checkins"),
                               write=False))


def _attendee_row_of(a: Attendee, *, import_key: str | None = None,
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


#: How many alternative encodings :func:`_fresh_code` tries before giving up.
_MAX_CODE_GENERATIONS = 1000


def _fresh_code(signer: TicketSigner, payload: TicketPayload, *,
                refused: Callable[[str], bool]) -> str:
    """A signed code for ``payload`` that ``refused`` accepts (not revoked, not the code
    being replaced, not held by someone else).

    Ed25519 signatures are deterministic, so the same payload always gives the same
    code, and reissuing would hand back the revoked one. The code format has no nonce,
    so the generation is carried in ``valid_from``: generation *n* is valid from
    2000-01-01 + *n* days, a date long before any event, so it never restricts entry
    (the kiosk only refuses days before ``valid_from``) but changes the signed bytes.
    A payload that already has a ``valid_from`` keeps it (generation 0 only)."""
    from kiosk.core.tickets import TicketPayload as Payload

    for generation in range(_MAX_CODE_GENERATIONS):
        if generation and payload.valid_from is not None:
            break
        candidate = payload if generation == 0 else Payload(
            payload.event_id, payload.attendee_id, payload.ticket_type,
            _CODE_EPOCH + timedelta(days=generation), payload.valid_until)
        code = signer.sign(candidate)
        if not refused(code):
            return code
    raise CentralError(f"Cannot issue a new code for {payload.attendee_id}: every variant "
                       "is revoked or taken. Give them an imported code with "
                       "`kiosk central edit ID --code CODE`.")


_CODE_EPOCH = date(2000, 1, 1)


_CHECKIN_COLUMNS = (
    "id", "attendee_id", "gate_id", "direction", "scanned_at", "day", "verdict", "code",
    "undoes", "device_id", "device_name", "received_at", "clock_skew_seconds", "duplicate",
    "duplicate_of",
)
_CHECKIN_TYPES = ("text",) * 12 + ("float8", "int4", "text")


def _later(row: dict[str, Any], than: dict[str, Any] | None) -> bool:
    """Is passage ``row`` later than ``than`` (kiosk time, then order of receipt)?"""
    if than is None:
        return True
    return (row["scanned_at"], row["seq"]) > (than["scanned_at"], than["seq"])


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def _checkin_problem(item: dict[str, Any], attendee_events: dict[str, str],
                     gate_events: dict[str, str]) -> str | None:
    """Why an uploaded check-in cannot be stored (plain words), or None."""
    if not _is_uuid(item["id"]):
        return f"its id {item['id']!r} is not a UUID"
    if item["attendee_id"] not in attendee_events:
        return f"attendee {item['attendee_id']!r} is not on the central list"
    if item["gate_id"] not in gate_events:
        return f"gate {item['gate_id']!r} is not on the central list"
    if attendee_events[item["attendee_id"]] != gate_events[item["gate_id"]]:
        return (f"attendee {item['attendee_id']!r} belongs to event "
                f"{attendee_events[item['attendee_id']]!r} but gate {item['gate_id']!r} "
                f"to event {gate_events[item['gate_id']]!r}")
    return None


def _result(row: dict[str, Any], status: str,
            firsts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if status == "rejected":
        return {"id": row["id"], "status": status, "reason": row["reason"],
                "duplicate": False, "received_at": None, "first_entry": None}
    first = None
    prior = firsts.get(row["duplicate_of"]) if row["duplicate_of"] else None
    if prior:
        first = {"id": prior["id"], "gate_id": prior["gate_id"],
                 "gate_name": prior["gate_name"] or prior["gate_id"],
                 "device_name": prior["device_name"], "scanned_at": prior["scanned_at"]}
    return {"id": row["id"], "status": status, "duplicate": bool(row["duplicate"]),
            "received_at": row["received_at"], "first_entry": first}


def _event(row: dict[str, Any]) -> Event:
    return Event(id=row["id"], name=row["name"], timezone=row["timezone"],
                 days=tuple(date.fromisoformat(d) for d in json.loads(row["days"])),
                 public_key=row["public_key"], private_key=row["private_key"])


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CentralError(f"Unknown time zone {name!r} (use an IANA name like "
                           "Asia/Jakarta).") from None
