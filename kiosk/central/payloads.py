"""The central list's rows as the payloads kiosks read (:mod:`kiosk.core.wire`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from kiosk.core import wire
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate


def event_from_row(row: dict[str, Any]) -> Event:
    return Event(id=row["id"], name=row["name"], timezone=row["timezone"],
                 days=tuple(date.fromisoformat(d) for d in json.loads(row["days"])),
                 public_key=row["public_key"], private_key=row["private_key"],
                 languages=tuple(json.loads(row.get("languages") or "[]")))


def gate_from_row(row: dict[str, Any]) -> Gate:
    return Gate(id=row["id"], event_id=row["event_id"], name=row["name"],
                ticket_types=tuple(json.loads(row["ticket_types"])),
                days=tuple(date.fromisoformat(d) for d in json.loads(row["days"])),
                allow_reentry=bool(row["allow_reentry"]))


def event_payload(row: dict[str, Any]) -> dict[str, Any]:
    return wire.encode_event(event_from_row(row))


def gate_payload(row: dict[str, Any]) -> dict[str, Any]:
    return wire.encode_gate(wire.GateState(gate_from_row(row), bool(row["deleted"])))


def attendee_payload(row: dict[str, Any]) -> dict[str, Any]:
    if row["deleted"]:
        return wire.encode_attendee(wire.AttendeeRemoved(row["id"], row["event_id"]))
    return wire.encode_attendee(Attendee.from_row(row))


#: A central row's status as the payload writes it (``AttendeeStatus`` for another).
_STATUS = {str(s): str(s) for s in AttendeeStatus}


def attendee_payload_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """:func:`attendee_payload` of rows not deleted, as lists in the order of
    :data:`kiosk.core.wire.ATTENDEE_PAYLOAD_KEYS`: the same values
    (tests/central/test_central_snapshot_rows.py), without an :class:`Attendee` and a
    JSON parse per row (a snapshot serves a million of them)."""
    details = json.loads("[" + ",".join(r["details"] or "{}" for r in rows) + "]")
    return [[r["id"], r["event_id"], r["code"], r["name"] or "", r["email"] or "",
             r["organisation"] or "", r["ticket_type"] or "",
             _STATUS.get(r["status"]) or str(AttendeeStatus(r["status"] or "valid")),
             d, r["source"] or "import", False] for r, d in zip(rows, details, strict=True)]


def checkin_payload(row: dict[str, Any]) -> dict[str, Any]:
    return wire.encode_checkin(wire.checkin_record_from(row))


def revocation_payload(code: str, event_id: str, reason: str, *,
                       active: bool = True) -> dict[str, Any]:
    return wire.encode_revocation(wire.Revocation(code, event_id, reason, active))
