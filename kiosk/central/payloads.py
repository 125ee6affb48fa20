"""What the change feed publishes for each row: the payloads kiosks read."""

from __future__ import annotations

import json
from typing import Any


def event_payload(row: dict[str, Any]) -> dict[str, Any]:
    # The private key never leaves the central list: kiosks verify with the public key.
    return {
        "id": row["id"], "name": row["name"], "timezone": row["timezone"],
        "days": json.loads(row["days"]), "public_key": row["public_key"],
    }


def gate_payload(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "event_id": row["event_id"], "name": row["name"],
        "ticket_types": json.loads(row["ticket_types"]), "days": json.loads(row["days"]),
        "allow_reentry": bool(row["allow_reentry"]), "deleted": bool(row["deleted"]),
    }


def attendee_payload(row: dict[str, Any]) -> dict[str, Any]:
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


def revocation_payload(code: str, event_id: str, reason: str) -> dict[str, Any]:
    return {"code": code, "event_id": event_id, "reason": reason, "active": True}
