"""Badge prints in the replica: this device's own (recorded when printed, queued for the
central list like a check-in) and other devices' of the same event (from the change feed),
so a second print of a badge anywhere is a deliberate reprint, not an accident."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core import wire
from kiosk.core.models import Attendee
from kiosk.replica.db import Replica, iso, parse_iso, utcnow

#: The outbox kind of a badge print (its ``ref_id`` is the print's ``uid``).
OUTBOX_KIND = "badge_print"


@dataclass(frozen=True)
class BadgePrint:
    attendee_id: str
    printed_at: datetime
    printer: str
    reprint: bool
    device_id: str = ""
    device_name: str = ""
    #: the print's UUID (the central list's key for it)
    uid: str = ""


def badge_prints(replica: Replica, attendee_id: str) -> list[BadgePrint]:
    """Every print of this attendee's badge known here (any device), oldest first."""
    rows = replica.conn.execute(
        "SELECT attendee_id, printed_at, printer, reprint, device_id, device_name, uid "
        "FROM badge_prints WHERE attendee_id = ? ORDER BY printed_at, id", (attendee_id,))
    return [BadgePrint(r[0], parse_iso(r[1]), r[2], bool(r[3]), r[4], r[5] or r[4],
                       r[6] or "") for r in rows]


def record_badge_print(replica: Replica, attendee: Attendee, *, printer: str,
                       reprint: bool) -> BadgePrint:
    """Record a badge just printed here and queue it for the central list (one
    transaction)."""
    now = utcnow()
    uid = str(uuid.uuid4())
    with replica.atomic() as conn:
        conn.execute(
            "INSERT INTO badge_prints (attendee_id, printed_at, device_id, device_name, "
            "printer, name_printed, reprint, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (attendee.id, iso(now), replica.device_id, replica.device_name, printer,
             attendee.name, int(reprint), uid))
        replica.enqueue(conn, OUTBOX_KIND, uid)
    return BadgePrint(attendee.id, now, printer, reprint, replica.device_id,
                      replica.device_name, uid)


def print_upload(replica: Replica, uid: str) -> dict[str, Any] | None:
    """What to upload for the print ``uid`` (None: it is gone)."""
    row = replica.conn.execute("SELECT * FROM badge_prints WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        return None
    return wire.encode_badge_print_upload(wire.BadgePrintUpload(
        id=row["uid"], attendee_id=row["attendee_id"], printed_at=row["printed_at"],
        printer=row["printer"], reprint=bool(row["reprint"]),
        name_printed=row["name_printed"]))


def apply_print(replica: Replica, record: wire.BadgePrintRecord) -> None:
    """A print from the change feed (another device's, or our own coming back: kept
    once, by its UUID)."""
    replica.conn.execute(
        "INSERT INTO badge_prints (attendee_id, printed_at, device_id, device_name, printer, "
        "name_printed, reprint, uid, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'remote') "
        "ON CONFLICT(uid) DO NOTHING",
        (record.attendee_id, record.printed_at, record.device_id, record.device_name,
         record.printer, record.name_printed, int(record.reprint), record.id))
