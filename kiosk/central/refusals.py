"""Uploads the central list refused, kept for organisers (the console's Flags page).

A kiosk keeps a refused item on its side too (marked refused, not sent again); here it
is kept with who sent it, what it named and why, once per device and item (a retried
upload is not a second flag). Which event's organisers see it: those of the events the
device is paired for (:func:`kiosk.central.console.queries.flags`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kiosk.central.db import Tx, iso
from kiosk.central.devices import Device

#: What a refused item was: a check-in, a walk-in or a badge print.
KINDS = ("checkin", "attendee", "badge_print")


def keep_refused(tx: Tx, device: Device, kind: str, refused: Sequence[dict[str, Any]],
                 received: datetime) -> None:
    """Keep the items of ``kind`` refused in this upload: each a dict with ``id`` and
    ``reason``, and the ``attendee_id`` / ``gate_id`` it named when it named one."""
    if not refused:
        return
    tx.executemany(
        "INSERT INTO refused_uploads (kind, item_id, device_id, device_name, attendee_id, "
        "gate_id, reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, item_id, device_id) DO NOTHING",
        [(kind, str(r["id"])[:128], device.id, device.name,
          _short(r.get("attendee_id")), _short(r.get("gate_id")), str(r["reason"])[:500],
          iso(received)) for r in refused])


def _short(value: Any) -> str | None:
    return None if value is None else str(value)[:128]
