"""The replica's side of sync: reading the outbox and applying the central change feed.

Kept apart from :mod:`kiosk.replica.db` because only the sync engine uses it. Every
function that writes takes the caller's open transaction or opens one, so a feed page
and the cursor that follows it are committed together (a crash never applies a page
twice or skips one).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.core import config
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.errors import ReplicaError
from kiosk.replica.db import Replica, iso, utcnow


class MetaKey:
    """The replica ``meta`` keys sync uses (documented in docs/sync.md); the device's
    configuration among them is declared in :mod:`kiosk.core.config`."""

    SERVER_URL = config.SERVER_URL.meta_key
    DEVICE_TOKEN = config.DEVICE_TOKEN.meta_key
    DEVICE_ID = "device_id"
    DEVICE_NAME = config.DEVICE_NAME.meta_key
    GATE_ID = config.GATE.meta_key
    CURSOR = "sync_cursor"
    CURSOR_CHECK = "sync_cursor_check"
    UPLOAD_MARK = "sync_upload_mark"
    UPLOAD_MARK_CHECK = "sync_upload_mark_check"
    LAST_RESTORE_HEALED_AT = "last_restore_healed_at"
    INITIAL_DOWNLOAD_DONE = "sync_initial_done"
    LAST_SYNC_OK_AT = "last_sync_ok_at"
    LAST_SYNC_ATTEMPT_AT = "last_sync_attempt_at"
    LAST_SYNC_ERROR = "last_sync_error"
    LAST_SYNC_ERROR_KIND = "last_sync_error_kind"
    CLOCK_SKEW_SECONDS = "clock_skew_seconds"
    PAIRED_AT = "paired_at"


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    kind: str
    ref_id: str
    payload: dict[str, Any] | None  # None: the referenced row is gone (nothing to send)


def pending_outbox(replica: Replica, kind: str, *, limit: int) -> list[OutboxItem]:
    """The oldest pending outbox entries of ``kind`` with what to upload for each."""
    rows = replica.conn.execute(
        "SELECT seq, kind, ref_id FROM outbox WHERE uploaded_at IS NULL AND rejected_at IS NULL"
        " AND kind = ? ORDER BY seq LIMIT ?", (kind, limit)).fetchall()
    items = []
    for r in rows:
        payload: dict[str, Any] | None = None
        if kind == "checkin":
            c = replica.conn.execute("SELECT * FROM checkins WHERE id = ?",
                                     (r["ref_id"],)).fetchone()
            if c is not None:
                payload = {k: c[k] for k in ("id", "attendee_id", "gate_id", "direction",
                                             "scanned_at", "day", "verdict", "code", "undoes")}
        elif kind == "attendee":
            a = replica.get_attendee(r["ref_id"])
            if a is not None:
                payload = a.to_json()
        items.append(OutboxItem(r["seq"], r["kind"], r["ref_id"], payload))
    return items


def mark_uploaded(replica: Replica, seqs: Sequence[int],
                  checkin_results: Sequence[dict[str, Any]] = ()) -> None:
    """Mark outbox entries acknowledged, and keep what the server said about each check-in
    (its receive time, and whether it was a duplicate entry)."""
    now = iso(utcnow())
    with replica.atomic() as conn:
        conn.executemany("UPDATE outbox SET uploaded_at = ?, last_error = NULL WHERE seq = ?",
                         [(now, s) for s in seqs])
        conn.executemany(
            "UPDATE checkins SET received_at = ?, duplicate = ? WHERE id = ?",
            [(r.get("received_at"), int(bool(r.get("duplicate"))), r["id"])
             for r in checkin_results])


def mark_rejected(replica: Replica, rejected: Sequence[tuple[int, str]]) -> None:
    """Keep entries the central list refused (``(seq, reason)``): not sent again, the
    reason in ``last_error``, visible in `kiosk checkins` and the sync status."""
    now = iso(utcnow())
    with replica.atomic() as conn:
        conn.executemany(
            "UPDATE outbox SET rejected_at = ?, attempts = attempts + 1, last_error = ? "
            "WHERE seq = ?",
            [(now, f"refused by the central list: {reason}"[:500], seq)
             for seq, reason in rejected])


def restart_after_restore(replica: Replica) -> int:
    """The central list no longer has changes this kiosk saw: it was restored from a
    backup. Queue every local check-in and walk-in for upload again (the central list
    stores each UUID once, so nothing is doubled and whatever the backup lost comes
    back) and read the feed from the start (applying it is idempotent). Returns how
    many entries were queued again."""
    with replica.atomic() as conn:
        requeued = requeue_uploaded(replica)
        conn.execute("DELETE FROM meta WHERE key IN (?, ?, ?, ?)",
                     (MetaKey.CURSOR, MetaKey.CURSOR_CHECK, MetaKey.UPLOAD_MARK,
                      MetaKey.UPLOAD_MARK_CHECK))
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (MetaKey.LAST_RESTORE_HEALED_AT, iso(utcnow())))
    return int(requeued)


def requeue_uploaded(replica: Replica) -> int:
    """Queue every uploaded (not refused) outbox entry again; returns how many. Safe:
    the central list stores each check-in UUID and walk-in id once."""
    with replica.atomic() as conn:
        return int(conn.execute(
            "UPDATE outbox SET uploaded_at = NULL WHERE uploaded_at IS NOT NULL "
            "AND rejected_at IS NULL").rowcount)


def mark_failed(replica: Replica, seqs: Sequence[int], message: str) -> None:
    with replica.atomic() as conn:
        conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
            [(message[:500], s) for s in seqs])


def apply_changes(replica: Replica, changes: Sequence[dict[str, Any]], cursor: str,
                  cursor_check: str | None = None) -> int:
    """Apply one page of the change feed and store the new cursor (and its fingerprint,
    ``cursor_check``), in one transaction.

    Returns how many changes were applied. Unknown kinds are skipped (a newer server may
    send more than this kiosk knows)."""
    applied = 0
    # Consecutive attendee changes are written in one bulk upsert (the first download
    # is mostly attendees); anything else flushes them first, so order is kept.
    attendees: dict[str, dict[str, Any]] = {}
    with replica.atomic() as conn:
        for change in changes:
            kind, data = change.get("kind"), change.get("data") or {}
            if kind == "attendee":
                attendees.pop(data["id"], None)  # a later version supersedes
                attendees[data["id"]] = data
                applied += 1
                continue
            _flush_attendees(replica, attendees)
            if kind == "event":
                _apply_event(replica, data)
            elif kind == "gate":
                replica.upsert_gate(_gate(data), deleted=bool(data.get("deleted")))
            elif kind == "revocation":
                if data.get("active", True):
                    conn.execute(
                        "INSERT OR REPLACE INTO revocations (code, event_id, reason, revoked_at)"
                        " VALUES (?, ?, ?, ?)",
                        (data["code"], data["event_id"], data.get("reason") or "", iso(utcnow())))
                else:
                    conn.execute("DELETE FROM revocations WHERE code = ?", (data["code"],))
            elif kind == "checkin":
                _apply_checkin(replica, data)
            else:
                continue
            applied += 1
        _flush_attendees(replica, attendees)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(MetaKey.CURSOR, cursor), (MetaKey.CURSOR_CHECK, cursor_check or "")])
    return applied


def _flush_attendees(replica: Replica, pending: dict[str, dict[str, Any]]) -> None:
    if not pending:
        return
    batch = list(pending.values())
    pending.clear()
    upserts = [d for d in batch if not d.get("deleted")]
    for data in batch:
        if data.get("deleted"):
            replica.delete_attendee(data["id"])
    codes = [(d["code"], d["id"]) for d in upserts if d.get("code")]
    try:
        with replica.atomic() as conn:
            # Codes move between attendees on the central list inside one transaction;
            # free each incoming code from any other holder first (that holder's own
            # change, in this page or a later one, gives it its new code).
            conn.executemany("UPDATE attendees SET code = NULL WHERE code = ? AND id != ?",
                             codes)
            # One statement per row, no read first: the first download of a large list
            # is mostly inserts. Unchanged rows are not rewritten (nor re-indexed).
            conn.executemany(_UPSERT, [_attendee_row(d) for d in upserts])
    except ReplicaError:
        # A code swap inside one page: fall back to one at a time, freeing each code
        # right before it is taken.
        for data in upserts:
            with replica.atomic() as conn:
                if data.get("code"):
                    conn.execute("UPDATE attendees SET code = NULL WHERE code = ? AND id != ?",
                                 (data["code"], data["id"]))
                replica.upsert_attendees([_attendee(data)])


_ATTENDEE_FIELDS = ("event_id", "code", "name", "email", "organisation", "ticket_type",
                    "status", "details", "source")
_UPSERT = (
    "INSERT INTO attendees (id, " + ", ".join(_ATTENDEE_FIELDS) + ", updated_at) VALUES ("
    + ", ".join("?" * (len(_ATTENDEE_FIELDS) + 2)) + ") ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{f} = excluded.{f}" for f in _ATTENDEE_FIELDS)
    + ", updated_at = excluded.updated_at WHERE "
    + " OR ".join(f"attendees.{f} IS NOT excluded.{f}" for f in _ATTENDEE_FIELDS[:-1])
)


def _attendee_row(data: dict[str, Any]) -> tuple[Any, ...]:
    a = _attendee(data)
    return (a.id, a.event_id, a.code, a.name, a.email, a.organisation, a.ticket_type,
            str(AttendeeStatus(a.status)),
            json.dumps(a.details, sort_keys=True, ensure_ascii=False), a.source,
            iso(utcnow()))


def _attendee(data: dict[str, Any]) -> Attendee:
    return Attendee(
        id=data["id"], event_id=data["event_id"], name=data.get("name") or "",
        code=data.get("code"), email=data.get("email") or "",
        organisation=data.get("organisation") or "", ticket_type=data.get("ticket_type") or "",
        status=AttendeeStatus(data.get("status") or "valid"),
        details={str(k): str(v) for k, v in (data.get("details") or {}).items()},
        source=data.get("source") or "import")


def _apply_event(replica: Replica, data: dict[str, Any]) -> None:
    # A stand-alone replica's own key for an event of the same id is not the central
    # list's: drop it rather than keep signing with a key no kiosk trusts.
    replica.conn.execute("UPDATE events SET private_key = NULL WHERE id = ? AND public_key != ?",
                         (data["id"], data.get("public_key") or ""))
    existing = replica.get_event(data["id"])
    replica.upsert_event(Event(
        id=data["id"], name=data["name"], timezone=data.get("timezone") or "UTC",
        days=tuple(date.fromisoformat(d) for d in data.get("days") or ()),
        public_key=data.get("public_key") or "",
        # The central list never sends a private key; keep one a stand-alone replica had.
        private_key=existing.private_key if existing else None))


def _gate(data: dict[str, Any]) -> Gate:
    return Gate(id=data["id"], event_id=data["event_id"], name=data["name"],
                ticket_types=tuple(data.get("ticket_types") or ()),
                days=tuple(date.fromisoformat(d) for d in data.get("days") or ()),
                allow_reentry=bool(data.get("allow_reentry")))


def _apply_checkin(replica: Replica, data: dict[str, Any]) -> None:
    # Our own check-ins come back through the feed too: only note the server's view.
    updated = replica.conn.execute(
        "UPDATE checkins SET received_at = ?, duplicate = ? WHERE id = ?",
        (data.get("received_at"), int(bool(data.get("duplicate"))), data["id"])).rowcount
    if updated:
        return
    # Another device's check-in: stored as 'remote', never queued for upload.
    replica.conn.execute(
        "INSERT OR IGNORE INTO checkins (id, attendee_id, gate_id, direction, scanned_at, day,"
        " verdict, device_id, device_name, code, undoes, origin, received_at, duplicate) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'remote', ?, ?)",
        (data["id"], data["attendee_id"], data["gate_id"], data["direction"],
         data["scanned_at"], data["day"], data.get("verdict") or "", data.get("device_id") or "",
         data.get("device_name") or "", data.get("code"), data.get("undoes"),
         data.get("received_at"), int(bool(data.get("duplicate")))))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
