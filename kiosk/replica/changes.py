"""The replica's side of sync: reading the outbox and applying the central change feed.

Kept apart from :mod:`kiosk.replica.db` because only the sync engine uses it. Every
function that writes takes the caller's open transaction or opens one, so a feed page
and the cursor that follows it are committed together (a crash never applies a page
twice or skips one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core import config, wire
from kiosk.core.models import Attendee, Event
from kiosk.core.snapshot_file import (
    ATTENDEE_FIELDS,
    REMOTE_CHECKIN_COLUMNS,
    attendee_row,
    remote_checkin_row,
)
from kiosk.errors import ConstraintViolated
from kiosk.replica import badges
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
    #: The gate whose check-ins alone the feed brings this replica (``feed_gate_only``);
    #: absent: every check-in of its events.
    FEED_GATE = "sync_feed_gate"
    #: A fetch of a gate's check-ins under way (switched gates): ``"<gate or *> <after>"``.
    FEED_GATE_FILL = "sync_feed_gate_fill"
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
                payload = wire.encode_checkin_upload(wire.checkin_upload_from(c))
        elif kind == "attendee":
            a = replica.get_attendee(r["ref_id"])
            if a is not None:
                payload = wire.encode_attendee(a)
        elif kind == badges.OUTBOX_KIND:
            payload = badges.print_upload(replica, r["ref_id"])
        items.append(OutboxItem(r["seq"], r["kind"], r["ref_id"], payload))
    return items


def mark_uploaded(replica: Replica, seqs: Sequence[int],
                  checkin_results: Sequence[wire.UploadResult] = ()) -> None:
    """Mark outbox entries acknowledged, and keep what the server said about each check-in
    (its receive time, and whether it was a duplicate entry)."""
    now = iso(utcnow())
    with replica.atomic() as conn:
        conn.executemany("UPDATE outbox SET uploaded_at = ?, last_error = NULL WHERE seq = ?",
                         [(now, s) for s in seqs])
        conn.executemany(
            "UPDATE checkins SET received_at = ?, duplicate = ? WHERE id = ?",
            [(r.received_at, int(r.duplicate), r.id) for r in checkin_results])


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
    """Apply one page of the change feed (decoded with :mod:`kiosk.core.wire`) and store
    the new cursor (and its fingerprint, ``cursor_check``), in one transaction.

    Returns how many changes were applied. Unknown kinds are skipped (a newer server may
    send more than this kiosk knows)."""
    applied = 0
    # Consecutive attendee changes are written in one bulk upsert (the first download
    # is mostly attendees); anything else flushes them first, so order is kept.
    attendees: dict[str, Attendee | wire.AttendeeRemoved] = {}
    with replica.atomic() as conn:
        for change in changes:
            value = wire.decode_change(change).value()
            if value is None:
                continue
            applied += 1
            if isinstance(value, Attendee | wire.AttendeeRemoved):
                attendees.pop(value.id, None)  # a later version supersedes
                attendees[value.id] = value
                continue
            _flush_attendees(replica, attendees)
            _apply_one(replica, value)
        _flush_attendees(replica, attendees)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(MetaKey.CURSOR, cursor), (MetaKey.CURSOR_CHECK, cursor_check or "")])
    return applied


def apply_passages(replica: Replica, changes: Sequence[dict[str, Any]], fill: str) -> None:
    """Apply a page of check-ins fetched for a gate this replica starts deciding at
    (``GET /passages``, kiosk/sync/engine.py) and note how far the fetch got
    (:attr:`MetaKey.FEED_GATE_FILL`), in one transaction; the cursor does not move."""
    with replica.atomic() as conn:
        for change in changes:
            value = wire.decode_change(change).value()
            if isinstance(value, wire.CheckInRecord):
                _apply_checkin(replica, value)
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (MetaKey.FEED_GATE_FILL, fill))


def _apply_one(replica: Replica, value: wire.ChangeValue) -> None:
    """Apply one change that is not an attendee."""
    if isinstance(value, Event):
        _apply_event(replica, value)
    elif isinstance(value, wire.GateState):
        replica.upsert_gate(value.gate, deleted=value.deleted)
    elif isinstance(value, wire.Revocation):
        if value.active:
            replica.conn.execute(
                "INSERT OR REPLACE INTO revocations (code, event_id, reason, revoked_at)"
                " VALUES (?, ?, ?, ?)", (value.code, value.event_id, value.reason, iso(utcnow())))
        else:
            replica.conn.execute("DELETE FROM revocations WHERE code = ? AND event_id = ?",
                                 (value.code, value.event_id))
    elif isinstance(value, wire.CheckInRecord):
        _apply_checkin(replica, value)
    elif isinstance(value, wire.BadgePrintRecord):
        badges.apply_print(replica, value)


def _flush_attendees(replica: Replica,
                     pending: dict[str, Attendee | wire.AttendeeRemoved]) -> None:
    """Write a run of attendee changes (the latest per id) in a few statements, not
    one a row: the rows are staged in a plain temporary table and written through the
    search triggers by one statement each (FTS5 writes its pending index out after
    every statement; a log replay applies a million of them)."""
    if not pending:
        return
    batch = list(pending.values())
    pending.clear()
    upserts = [a for a in batch if isinstance(a, Attendee)]
    removed = [(r.id,) for r in batch if isinstance(r, wire.AttendeeRemoved)]
    conn = replica.conn
    conn.execute(_STAGE_TABLE)
    if removed:
        with replica.atomic():
            conn.executemany("INSERT INTO temp.feed_attendees (id) VALUES (?)", removed)
            conn.execute("DELETE FROM attendees WHERE id IN "
                         "(SELECT id FROM temp.feed_attendees)")
            conn.execute("DELETE FROM temp.feed_attendees")
    if not upserts:
        return
    try:
        with replica.atomic():
            conn.executemany(_STAGE, [_attendee_row(a) for a in upserts])
            # Codes move between attendees on the central list inside one transaction;
            # free each incoming code from any other holder in its event first (that
            # holder's own change, in this page or a later one, gives it its new code).
            conn.execute(_FREE_CODES)
            # Inserts, and updates of the rows that changed (unchanged rows are not
            # rewritten, nor re-indexed), in the page's order.
            conn.execute(_UPSERT_STAGED)
    except ConstraintViolated:
        # A code swap inside one page (the unique code index): fall back to one at a
        # time, freeing each code right before it is taken. Anything else (a full disk,
        # a damaged file) is not a swap and goes to the caller.
        for a in upserts:
            with replica.atomic():
                if a.code:
                    conn.execute("UPDATE attendees SET code = NULL WHERE code = ? AND id != ? "
                                 "AND event_id = ?", (a.code, a.id, a.event_id))
                replica.upsert_attendees([a])
    finally:
        conn.execute("DELETE FROM temp.feed_attendees")


_ATTENDEE_FIELDS = ATTENDEE_FIELDS
_COLUMNS = ", ".join(("id", *_ATTENDEE_FIELDS, "updated_at"))
#: A page's attendee rows on their way in (one connection's own, in memory).
_STAGE_TABLE = f"CREATE TEMP TABLE IF NOT EXISTS feed_attendees ({_COLUMNS})"
_STAGE = (f"INSERT INTO temp.feed_attendees ({_COLUMNS}) VALUES "
          f"({', '.join('?' * (len(_ATTENDEE_FIELDS) + 2))})")
_FREE_CODES = (
    "UPDATE attendees SET code = NULL WHERE rowid IN (SELECT a.rowid FROM "
    "temp.feed_attendees AS t JOIN attendees AS a ON a.event_id = t.event_id AND "
    "a.code = t.code WHERE t.code IS NOT NULL AND a.id != t.id)")
_UPSERT_STAGED = (
    f"INSERT INTO attendees ({_COLUMNS}) SELECT {_COLUMNS} FROM temp.feed_attendees "
    "WHERE true ORDER BY rowid ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{f} = excluded.{f}" for f in _ATTENDEE_FIELDS)
    + ", updated_at = excluded.updated_at WHERE "
    + " OR ".join(f"attendees.{f} IS NOT excluded.{f}" for f in _ATTENDEE_FIELDS[:-1])
)


def _attendee_row(a: Attendee) -> tuple[Any, ...]:
    return attendee_row(a.id, a.event_id, a.name, a.code, a.email, a.organisation,
                        a.ticket_type, a.status, a.details, a.source, iso(utcnow()))


def _apply_event(replica: Replica, event: Event) -> None:
    # A stand-alone replica's own key for an event of the same id is not the central
    # list's: drop it rather than keep signing with a key no kiosk trusts.
    replica.conn.execute("UPDATE events SET private_key = NULL WHERE id = ? AND public_key != ?",
                         (event.id, event.public_key))
    existing = replica.get_event(event.id)
    # The central list never sends a private key; keep one a stand-alone replica had.
    replica.upsert_event(Event(
        id=event.id, name=event.name, timezone=event.timezone, days=event.days,
        public_key=event.public_key, private_key=existing.private_key if existing else None,
        languages=event.languages))


def _apply_checkin(replica: Replica, c: wire.CheckInRecord) -> None:
    # Our own check-ins come back through the feed too: only note the server's view.
    updated = replica.conn.execute(
        "UPDATE checkins SET received_at = ?, duplicate = ? WHERE id = ?",
        (c.received_at, int(c.duplicate), c.id)).rowcount
    if updated:
        return
    # Another device's check-in: stored as 'remote', never queued for upload.
    replica.conn.execute(
        f"INSERT OR IGNORE INTO checkins ({', '.join(REMOTE_CHECKIN_COLUMNS)}, origin) "
        f"VALUES ({', '.join('?' * len(REMOTE_CHECKIN_COLUMNS))}, 'remote')",
        remote_checkin_row(c))


