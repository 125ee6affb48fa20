"""Plain value types shared by every package (no Qt, no SQL)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

#: The languages the kiosk, the desk and the console speak (codes).
LANGUAGES = ("en", "id")


def parse_languages(text: str) -> tuple[str, ...]:
    """An event's languages from ``"id, en"`` (comma- or space-separated codes, the
    first the kiosks' default; repeats dropped). ValueError naming an unknown one."""
    out: list[str] = []
    for word in text.replace(",", " ").split():
        code = word.strip().lower()
        if code not in LANGUAGES:
            raise ValueError(f"{word!r} is not a language the kiosks speak "
                             f"(use {', '.join(LANGUAGES)}).")
        if code not in out:
            out.append(code)
    return tuple(out)


class AttendeeStatus(StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"
    #: A correction: cancels the check-in named in ``undoes`` (recorded, never deleted).
    UNDO = "undo"


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    timezone: str = "UTC"
    days: tuple[date, ...] = ()
    public_key: str = ""
    #: Only present on the issuer (central list, or a stand-alone replica that imported a CSV).
    private_key: str | None = None
    #: The languages the event runs in (:data:`LANGUAGES`), the first the kiosks' default
    #: when their language setting is "system"; empty: not set (the machine's locale).
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gate:
    """A check-in list: a place (and its kiosks) with rules about who gets in when."""

    id: str
    event_id: str
    name: str
    #: Ticket types admitted; empty means all.
    ticket_types: tuple[str, ...] = ()
    #: Days on which the gate admits; empty means every day.
    days: tuple[date, ...] = ()
    allow_reentry: bool = False

    def admits_type(self, ticket_type: str) -> bool:
        return not self.ticket_types or ticket_type.casefold() in {
            t.casefold() for t in self.ticket_types
        }

    def open_on(self, day: date) -> bool:
        return not self.days or day in self.days


@dataclass(frozen=True)
class Attendee:
    id: str
    event_id: str
    name: str
    code: str | None = None
    email: str = ""
    organisation: str = ""
    ticket_type: str = ""
    status: AttendeeStatus = AttendeeStatus.VALID
    #: Extra columns from the import, shown at check-in (T-shirt size, notes, ...).
    details: dict[str, str] = field(default_factory=dict)
    source: str = "import"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "name": self.name,
            "code": self.code,
            "email": self.email,
            "organisation": self.organisation,
            "ticket_type": self.ticket_type,
            "status": str(self.status),
            "details": dict(self.details),
        }

    @staticmethod
    def from_row(row: dict[str, Any]) -> Attendee:
        return Attendee.from_values(tuple(row.get(f) for f in ATTENDEE_FIELDS))

    @staticmethod
    def from_values(values: Sequence[Any]) -> Attendee:
        """From stored values in :data:`ATTENDEE_FIELDS` order (a plain row: the scan's
        lookup builds no dict); missing text is empty, the status valid, details ``{}``."""
        id_, event_id, name, code, email, organisation, ticket_type, status, details, \
            source = values
        if isinstance(details, str):
            details = json.loads(details) if details and details != "{}" else {}
        return Attendee(id_, event_id, name or "", code, email or "", organisation or "",
                        ticket_type or "", _STATUSES.get(status or "valid")
                        or AttendeeStatus(status), details or {}, source or "import")


#: The stored fields :meth:`Attendee.from_values` takes, in its order.
ATTENDEE_FIELDS = ("id", "event_id", "name", "code", "email", "organisation", "ticket_type",
                   "status", "details", "source")
_STATUSES = {s.value: s for s in AttendeeStatus}


@dataclass(frozen=True)
class CheckIn:
    id: str
    attendee_id: str
    gate_id: str
    direction: Direction
    scanned_at: datetime
    day: date
    verdict: str
    device_id: str = ""
    device_name: str = ""
    code: str | None = None
    undoes: str | None = None
    #: "local" (made here) or "remote" (learnt from the central list).
    origin: str = "local"
    #: An override (verdict "override", kiosk/core/roles.py): the reason staff gave.
    override_reason: str | None = None
