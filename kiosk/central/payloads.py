"""The central list's rows as the payloads kiosks read (:mod:`kiosk.core.wire`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from kiosk.core import wire
from kiosk.core.models import Attendee, Event, Gate


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


def checkin_payload(row: dict[str, Any]) -> dict[str, Any]:
    return wire.encode_checkin(wire.checkin_record_from(row))


def revocation_payload(code: str, event_id: str, reason: str, *,
                       active: bool = True) -> dict[str, Any]:
    return wire.encode_revocation(wire.Revocation(code, event_id, reason, active))
