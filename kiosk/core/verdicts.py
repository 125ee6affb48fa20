"""Scan verdicts and the pure rules that pick one (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kiosk.core.models import (
    Attendee,
    AttendeeStatus,
    CheckIn,
    Direction,
    Event,
    Gate,
    event_zone,
)


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    REENTRY = "reentry"
    ALREADY_CHECKED_IN = "already_checked_in"
    WRONG_GATE = "wrong_gate"
    WRONG_DAY = "wrong_day"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    FORGED = "forged"
    NOT_A_TICKET = "not_a_ticket"

    @property
    def admits(self) -> bool:
        return self in (Verdict.ACCEPTED, Verdict.REENTRY)

    @property
    def family(self) -> str:
        """Screen colour family: green (in), amber (already in), red (refused), neutral."""
        if self.admits:
            return "green"
        if self is Verdict.ALREADY_CHECKED_IN:
            return "amber"
        if self is Verdict.NOT_A_TICKET:
            return "neutral"
        return "red"


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str
    previous: CheckIn | None = None
    suggested_gates: tuple[Gate, ...] = ()
    revoked: bool = False


def decide(
    *,
    attendee: Attendee,
    event: Event | None,
    gate: Gate,
    gates: list[Gate],
    day: date,
    direction: Direction,
    history: list[CheckIn],
    revoked: bool = False,
    code_valid_today: bool = True,
) -> Decision:
    """The verdict for a known attendee at ``gate`` on ``day``.

    ``history`` is the attendee's standing (not undone) passages at this gate on this day,
    oldest first, from every kiosk this replica has heard of.
    """
    if revoked:
        return Decision(Verdict.CANCELLED, "This ticket code was revoked. Please see the desk.",
                        revoked=True)
    if attendee.status == AttendeeStatus.CANCELLED:
        return Decision(Verdict.CANCELLED, "This registration was cancelled. Please see the desk.")
    if not gate.admits_type(attendee.ticket_type):
        elsewhere = tuple(
            g for g in gates
            if g.id != gate.id and g.admits_type(attendee.ticket_type) and g.open_on(day)
        )
        where = ", ".join(g.name for g in elsewhere) or "the registration desk"
        return Decision(
            Verdict.WRONG_GATE,
            f"A {attendee.ticket_type or 'this'} ticket is not valid at {gate.name}. "
            f"Please go to {where}.",
            suggested_gates=elsewhere,
        )
    event_day_ok = event is None or not event.days or day in event.days
    if not (gate.open_on(day) and event_day_ok and code_valid_today):
        if not gate.open_on(day):
            when = ", ".join(d.strftime("%a %d %b") for d in gate.days)
            reason = f"{gate.name} is not open today. It is open on: {when}."
        elif not event_day_ok and event is not None:
            when = ", ".join(d.strftime("%a %d %b") for d in event.days)
            reason = f"The event is not on today. Event days: {when}."
        else:
            reason = "This ticket is not valid today."
        return Decision(Verdict.WRONG_DAY, reason)
    if direction == Direction.EXIT:
        return Decision(Verdict.ACCEPTED, "Exit recorded.")
    entries = [c for c in history if c.direction == Direction.ENTRY]
    if not entries:
        return Decision(Verdict.ACCEPTED, "Welcome!")
    last = history[-1]
    if last.direction == Direction.EXIT and gate.allow_reentry:
        return Decision(Verdict.REENTRY, "Welcome back!", previous=entries[-1])
    first = entries[0]
    at = _local_time(first.scanned_at, event)
    where = first.device_name or gate.name
    return Decision(
        Verdict.ALREADY_CHECKED_IN,
        f"Already checked in at {gate.name}, {at}, by {where}. Please see the desk.",
        previous=first,
    )


def _local_time(ts: datetime, event: Event | None) -> str:
    """HH:MM in the event's time zone (stored times are UTC)."""
    return ts.astimezone(event_zone(event)).strftime("%H:%M")


@dataclass(frozen=True)
class ScanResult:
    """What a scan came to: returned by the check-in service, shown by the GUI."""

    verdict: Verdict
    reason: str
    text: str
    scanned_at: datetime
    attendee: Attendee | None = None
    gate: Gate | None = None
    direction: Direction = Direction.ENTRY
    #: The stored check-in (for admitting verdicts), committed before this was returned.
    checkin_id: str | None = None
    pending_upload: bool = False
    previous: CheckIn | None = None
    suggested_gates: tuple[Gate, ...] = ()
    revoked: bool = False
    #: True when a well-signed code was accepted without the attendee in the replica.
    issued_after_sync: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        prev = None
        if self.previous is not None:
            prev = {
                "checkin_id": self.previous.id,
                "at": self.previous.scanned_at.isoformat(),
                "gate": self.previous.gate_id,
                "device": self.previous.device_name or self.previous.device_id,
            }
        return {
            "verdict": str(self.verdict),
            "reason": self.reason,
            "attendee": self.attendee.to_json() if self.attendee else None,
            "gate": self.gate.id if self.gate else None,
            "direction": str(self.direction),
            "checkin_id": self.checkin_id,
            "pending_upload": self.pending_upload,
            "previous": prev,
            "suggested_gates": [g.id for g in self.suggested_gates],
            "issued_after_sync": self.issued_after_sync,
            "scanned_at": self.scanned_at.isoformat(),
        }
