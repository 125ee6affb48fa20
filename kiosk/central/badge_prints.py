"""Badge prints uploaded by devices: kept per event, idempotent on the device's UUID,
published on the change feed (kind ``badge_print``) so every desk of the event knows a
badge was printed and asks before printing it again.

A device may record a print only for an attendee of an event it is paired for
(core's :func:`kiosk.core.roles.badge_print_problem`); anything else is answered
``rejected`` with a plain reason that names nothing of another event, and kept as a
refused upload for organisers (:mod:`kiosk.central.refusals`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from kiosk.central.db import Tx, iso, utcnow
from kiosk.central.devices import Device
from kiosk.central.feed import ChangeFeed
from kiosk.central.refusals import keep_refused
from kiosk.core import wire
from kiosk.core.roles import badge_print_problem, not_paired_for

_COLUMNS = wire.BADGE_PRINT_FIELDS
_TYPES = tuple("int4" if c == "reprint" else "text" for c in _COLUMNS)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def store_prints(tx: Tx, feed: ChangeFeed, device: Device,
                 items: Sequence[wire.BadgePrintUpload]) -> list[wire.UploadResult]:
    """Store ``items`` from ``device`` (in the caller's transaction); one answer each."""
    received = utcnow()
    existing = {r["id"]: r for r in tx.select_in(
        "SELECT id, event_id FROM badge_prints WHERE id IN ({})", [i.id for i in items])}
    events = {r["id"]: r["event_id"] for r in tx.select_in(
        "SELECT id, event_id FROM attendees WHERE id IN ({})",
        sorted({i.attendee_id for i in items}))}
    results: list[wire.UploadResult] = []
    new: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    for item in items:
        reason = _problem(item, device, existing, events)
        if reason:
            results.append(wire.UploadResult(item.id, "rejected", reason=reason))
            refused.append({"id": item.id, "reason": reason, "attendee_id": item.attendee_id})
        elif item.id in existing:
            results.append(wire.UploadResult(item.id, "already_stored"))
        else:
            record = wire.BadgePrintRecord(
                **wire.encode_badge_print_upload(item), event_id=events[item.attendee_id],
                device_id=device.id, device_name=device.name, received_at=iso(received))
            row = wire.encode_badge_print(record)
            new.append(row)
            existing[item.id] = row  # the same print twice in one batch is stored once
            results.append(wire.UploadResult(item.id, "stored", received_at=iso(received)))
    tx.insert_many("badge_prints", _COLUMNS, _TYPES,
                   [[int(r[c]) if c == "reprint" else r[c] for c in _COLUMNS] for r in new])
    feed.log_many(tx, [("badge_print", r["id"], r) for r in new])
    keep_refused(tx, device, "badge_print", refused, received)
    return results


def _problem(item: wire.BadgePrintUpload, device: Device, existing: dict[str, Any],
             events: dict[str, str]) -> str | None:
    if not _UUID.fullmatch(item.id):
        return f"its id {item.id!r} is not a UUID"
    if item.id in existing:
        # Already stored: answered only to a device of that print's event.
        stored = existing[item.id]["event_id"]
        return None if device.scope.covers(stored) else not_paired_for("this badge print")
    return badge_print_problem(device.scope, events.get(item.attendee_id))


def prints_of(tx: Tx, attendee_id: str) -> list[dict[str, Any]]:
    """Every badge print of ``attendee_id``, oldest first."""
    return tx.execute("SELECT * FROM badge_prints WHERE attendee_id = ? "
                      "ORDER BY printed_at, seq", (attendee_id,))
