"""Scan verdicts, their reasons, and the pure rule that picks one (no I/O, no words here).

A rule returns a :class:`Reason` (the cause) with the data a screen needs to explain it
(the days that matter, the gates to go to, the earlier entry); the :class:`Verdict` (the
screen's family, stored with every scan) follows from the reason. Sentences are made at
the edge: ``kiosk/gui/verdict_text.py`` (translated, for the screen) and
``kiosk/verdict_messages.py`` (English, for the command line and logs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from kiosk.core.models import (
    Attendee,
    AttendeeStatus,
    CheckIn,
    Direction,
    Event,
    Gate,
)
from kiosk.core.passages import Passage, is_inside, passage_outcome
from kiosk.core.times import ClockState


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    REENTRY = "reentry"
    ALREADY_CHECKED_IN = "already_checked_in"
    #: Shown again at the kiosk that just admitted them (the grace rule): nothing recorded.
    JUST_CHECKED_IN = "just_checked_in"
    #: An exit of someone who is not inside: nothing recorded.
    NOT_CHECKED_IN = "not_checked_in"
    WRONG_GATE = "wrong_gate"
    WRONG_DAY = "wrong_day"
    CANCELLED = "cancelled"
    #: The ticket's order is not paid (a pending pretix order).
    UNPAID = "unpaid"
    UNKNOWN = "unknown"
    FORGED = "forged"
    NOT_A_TICKET = "not_a_ticket"

    @property
    def admits(self) -> bool:
        return self in (Verdict.ACCEPTED, Verdict.REENTRY)

    @property
    def family(self) -> str:
        """Screen colour family: green (in, or just let in here), amber (already in, not
        in), red (refused), neutral."""
        if self.admits or self is Verdict.JUST_CHECKED_IN:
            return "green"
        if self in (Verdict.ALREADY_CHECKED_IN, Verdict.NOT_CHECKED_IN):
            return "amber"
        if self is Verdict.NOT_A_TICKET:
            return "neutral"
        return "red"


class Reason(StrEnum):
    """Why a scan came to its verdict: one cause each, with its verdict."""

    FIRST_ENTRY = "first_entry"  # accepted
    EXIT_RECORDED = "exit_recorded"  # accepted (an exit)
    REENTRY = "reentry"  # back in after an exit where the gate allows it
    ALREADY_IN = "already_in"  # entered at this gate today already (``previous``)
    #: The grace rule: shown again at the kiosk that admitted them moments ago
    #: (``previous``: that entry); not recorded, not a problem.
    JUST_CHECKED_IN = "just_checked_in"
    NOT_INSIDE = "not_inside"  # an exit of someone not inside (never in, or out already)
    WRONG_GATE = "wrong_gate"  # ticket type not admitted here (``suggested_gates``)
    FOR_ANOTHER_EVENT = "for_another_event"  # attendee of another event than the gate's
    GATE_CLOSED_TODAY = "gate_closed_today"  # gate not open today (``days``: its days)
    EVENT_NOT_ON_TODAY = "event_not_on_today"  # not an event day (``days``: event days)
    TICKET_NOT_VALID_TODAY = "ticket_not_valid_today"  # outside the ticket's own days
    CANCELLED = "cancelled"  # registration cancelled
    #: the order is not paid: at a gate that admits only paid tickets, or held for a
    #: person (awaiting approval, marked for attention; AttendeeStatus.UNPAID_HELD)
    UNPAID = "unpaid"
    REVOKED = "revoked"  # the code was revoked
    UNKNOWN = "unknown"  # not on the attendee list
    FORGED = "forged"  # signed-code shape that does not verify
    NOT_A_TICKET = "not_a_ticket"  # a URL, Wi-Fi QR, garbage...
    #: admitted by desk staff against a refusal they may overrule, with their reason
    #: (``ScanResult.overruled``: the refusal; kiosk/core/roles.py: which ones)
    OVERRIDDEN = "overridden"

    @property
    def verdict(self) -> Verdict:
        return _VERDICT_OF[self]


_VERDICT_OF = {
    Reason.FIRST_ENTRY: Verdict.ACCEPTED,
    Reason.EXIT_RECORDED: Verdict.ACCEPTED,
    Reason.REENTRY: Verdict.REENTRY,
    Reason.ALREADY_IN: Verdict.ALREADY_CHECKED_IN,
    Reason.JUST_CHECKED_IN: Verdict.JUST_CHECKED_IN,
    Reason.NOT_INSIDE: Verdict.NOT_CHECKED_IN,
    Reason.WRONG_GATE: Verdict.WRONG_GATE,
    Reason.FOR_ANOTHER_EVENT: Verdict.WRONG_GATE,
    Reason.GATE_CLOSED_TODAY: Verdict.WRONG_DAY,
    Reason.EVENT_NOT_ON_TODAY: Verdict.WRONG_DAY,
    Reason.TICKET_NOT_VALID_TODAY: Verdict.WRONG_DAY,
    Reason.CANCELLED: Verdict.CANCELLED,
    Reason.REVOKED: Verdict.CANCELLED,
    Reason.UNPAID: Verdict.UNPAID,
    Reason.UNKNOWN: Verdict.UNKNOWN,
    Reason.FORGED: Verdict.FORGED,
    Reason.NOT_A_TICKET: Verdict.NOT_A_TICKET,
    Reason.OVERRIDDEN: Verdict.ACCEPTED,
}


#: The verdict a desk records for a check-in it admits against the rules (an override,
#: kiosk/core/roles.py says who may record one and for which refusals).
OVERRIDE_VERDICT = "override"


class GateMode(StrEnum):
    """What a kiosk records (its ``gate_mode`` setting, kiosk/core/config.py)."""

    ENTRY = "entry"
    EXIT = "exit"
    #: An exit for someone inside at a gate that allows re-entry, else an entry.
    ENTRY_EXIT = "entry_exit"


@dataclass(frozen=True)
class Grace:
    """The grace rule's inputs: this kiosk, now, and how long after its own entry the
    same ticket shown again is "you are checked in, please go in" rather than "already
    checked in, see the desk" (``seconds`` 0: no grace)."""

    device_id: str
    now: datetime
    seconds: float

    def covers(self, history: list[CheckIn]) -> bool:
        """Whether the latest passage is this kiosk's own entry, made within the grace
        time, and no other device admitted the ticket here today (a ticket let in at two
        entrances is a matter for the desk, wherever it is shown again)."""
        if not history or not self.device_id:
            return False
        passage = history[-1]
        age = self.now - passage.scanned_at
        return (passage.direction == Direction.ENTRY and passage.device_id == self.device_id
                and timedelta(0) <= age <= timedelta(seconds=self.seconds)
                and all(p.device_id == self.device_id for p in history
                        if p.direction == Direction.ENTRY))


@dataclass(frozen=True)
class Decision:
    """A rule's answer: the reason, and what a screen needs to explain it."""

    reason: Reason
    #: ALREADY_IN: the day's first entry here; REENTRY: the latest entry;
    #: JUST_CHECKED_IN: this kiosk's entry it is the grace of.
    previous: CheckIn | None = None
    #: Other gates that would admit this ticket today (WRONG_GATE, GATE_CLOSED_TODAY).
    suggested_gates: tuple[Gate, ...] = ()
    #: The days that matter to the reason: the gate's open days (GATE_CLOSED_TODAY), the
    #: event's days (EVENT_NOT_ON_TODAY), the ticket's own valid days among the event's
    #: (TICKET_NOT_VALID_TODAY; empty when the event lists no days, see valid_from/until).
    days: tuple[date, ...] = ()
    #: The ticket's own validity window (signed codes; None = open on that side).
    valid_from: date | None = None
    valid_until: date | None = None
    #: The passage this scan is (what an admitting decision records): the one asked
    #: for, or the one an entry-and-exit kiosk's scan came to; None before the passage
    #: step (a refusal for who the person is or where they are).
    direction: Direction | None = None

    @property
    def verdict(self) -> Verdict:
        return self.reason.verdict


def decide(
    *,
    attendee: Attendee,
    event: Event | None,
    gate: Gate,
    gates: list[Gate],
    day: date,
    direction: Direction | GateMode,
    history: list[CheckIn],
    revoked: bool = False,
    valid_from: date | None = None,
    valid_until: date | None = None,
    grace: Grace | None = None,
) -> Decision:
    """The decision for a known attendee at ``gate`` on the event-local ``day``.

    ``gates`` are the event's gates (for suggestions), ``history`` the attendee's standing
    (not undone) passages at this gate on this day, oldest first, from every kiosk this
    replica has heard of; ``valid_from``/``valid_until`` the ticket's own window (signed
    codes carry one). Checks run from the person's standing to the place: who they are
    (another event, revoked, cancelled, not paid — unless the gate admits unpaid
    tickets and the ticket is not held for a person), whether today is a day for them
    (event, ticket), then the gate (type, open today), then what their earlier passages
    here mean. The day and the gate are not asked again once desk staff overrode them
    for this person here today (:func:`vouched_here`).

    ``direction`` is the passage asked for, or a kiosk's :class:`GateMode` (an entry
    kiosk asks for entries, an exit kiosk for exits; an entry-and-exit kiosk lets the
    person's state choose, :func:`passage_for`). ``grace`` (a kiosk's, see
    :class:`Grace`): an entry asked for again at the kiosk that admitted it moments ago
    is ``JUST_CHECKED_IN``, neither a second entry nor an exit. The central list, judging
    uploads, gives the direction the kiosk recorded and no grace.
    """
    if attendee.event_id != gate.event_id:
        return Decision(Reason.FOR_ANOTHER_EVENT)
    if revoked:
        return Decision(Reason.REVOKED)
    if attendee.status == AttendeeStatus.CANCELLED:
        return Decision(Reason.CANCELLED)
    if attendee.status == AttendeeStatus.UNPAID_HELD or (
            attendee.status == AttendeeStatus.UNPAID and not gate.admits_unpaid):
        return Decision(Reason.UNPAID)
    if not vouched_here(history):
        refusal = _day_or_place(attendee, event, gate, gates, day, valid_from, valid_until)
        if refusal is not None:
            return refusal
    if direction is not Direction.EXIT and direction is not GateMode.EXIT and \
            grace is not None and grace.covers(history):
        return Decision(Reason.JUST_CHECKED_IN, previous=history[-1])
    passage = passage_for(direction, history, gate)
    ruling = passage_outcome([c.direction for c in history], passage,
                             allow_reentry=gate.allow_reentry)
    earlier = history[ruling.earlier] if ruling.earlier is not None else None
    return Decision(_REASON_OF[ruling.outcome], previous=earlier, direction=passage)


def _day_or_place(attendee: Attendee, event: Event | None, gate: Gate, gates: list[Gate],
                  day: date, valid_from: date | None, valid_until: date | None,
                  ) -> Decision | None:
    """decide()'s day and place checks: whether today is a day for this person (event,
    ticket), then whether this gate admits them today; None when both hold."""
    event_days = event.days if event is not None else ()
    if event_days and day not in event_days:
        return Decision(Reason.EVENT_NOT_ON_TODAY, days=event_days)
    if not _within(day, valid_from, valid_until):
        return Decision(Reason.TICKET_NOT_VALID_TODAY,
                        days=tuple(d for d in event_days if _within(d, valid_from, valid_until)),
                        valid_from=valid_from, valid_until=valid_until)
    elsewhere = tuple(g for g in gates if g.id != gate.id
                      and g.admits_type(attendee.ticket_type) and g.open_on(day))
    if not gate.admits_type(attendee.ticket_type):
        return Decision(Reason.WRONG_GATE, suggested_gates=elsewhere)
    if not gate.open_on(day):
        return Decision(Reason.GATE_CLOSED_TODAY, days=gate.days, suggested_gates=elsewhere)
    return None


def vouched_here(history: list[CheckIn]) -> bool:
    """Whether desk staff overruled a refusal for this person at this gate today: a
    standing override entry (:data:`OVERRIDE_VERDICT`) among the day's passages here.
    Then the refusals an override may overrule for the place and the day (wrong gate,
    gate closed, not an event day, ticket not valid today) are settled for the rest of
    the day, and a second scan says "already in" (or lets them out and back in) rather
    than refusing, and offering to overrule, the same thing again. Who the person is
    (revoked, cancelled, another event) is still asked every time."""
    return any(p.verdict == OVERRIDE_VERDICT and p.direction == Direction.ENTRY
               for p in history)


def passage_for(asked: Direction | GateMode, history: list[CheckIn], gate: Gate) -> Direction:
    """The passage a scan is: what was asked for, or what a kiosk's mode makes of the
    person's ``history`` at ``gate`` today. An entry-and-exit kiosk lets out someone
    inside only where the gate allows re-entry (they can come back); at a gate without
    re-entry a second scan is not taken for leaving (they could not return): it is an
    entry, which the passages rule then refuses as already in."""
    if isinstance(asked, Direction):
        return asked
    if asked is GateMode.ENTRY_EXIT:
        inside = is_inside([c.direction for c in history])
        return Direction.EXIT if inside and gate.allow_reentry else Direction.ENTRY
    return Direction.EXIT if asked is GateMode.EXIT else Direction.ENTRY


_REASON_OF = {
    Passage.FIRST_ENTRY: Reason.FIRST_ENTRY,
    Passage.EXIT: Reason.EXIT_RECORDED,
    Passage.REENTRY: Reason.REENTRY,
    Passage.ALREADY_IN: Reason.ALREADY_IN,
    Passage.NOT_INSIDE: Reason.NOT_INSIDE,
}


def day_to_decide(day: date, event: Event | None, gate: Gate, *,
                  valid_from: date | None = None, valid_until: date | None = None) -> date:
    """The day a kiosk whose clock it knows is wrong (``ClockState.WRONG``,
    kiosk/core/times.py) decides and records a scan by, instead of its own ``day``.

    Refusing everyone as "wrong day" would close the door on a clock nobody can read:
    the kiosk takes the event day nearest its own on which this ticket is valid at this
    gate (the gate open, inside the ticket's own window), the earlier of two as near; a
    ticket valid on no event day here keeps the nearest event day, so its refusal says
    why. Staff are told meanwhile (the banner), and the check-in keeps the kiosk's own
    time beside it."""
    days = sorted(event.days) if event is not None else []
    if not days:
        return day
    nearest = sorted(days, key=lambda d: (abs((d - day).days), d))
    for candidate in nearest:
        if gate.open_on(candidate) and _within(candidate, valid_from, valid_until):
            return candidate
    return nearest[0]


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


@dataclass(frozen=True)
class ScanResult:
    """What a scan came to: returned by the check-in service, shown by the GUI."""

    reason: Reason
    text: str
    scanned_at: datetime
    attendee: Attendee | None = None
    gate: Gate | None = None
    #: The gate's event (for event-local times and days on screen).
    event: Event | None = None
    direction: Direction = Direction.ENTRY
    #: The stored check-in (for admitting verdicts), committed before this was returned.
    checkin_id: str | None = None
    pending_upload: bool = False
    previous: CheckIn | None = None
    suggested_gates: tuple[Gate, ...] = ()
    days: tuple[date, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    #: True when a well-signed code was accepted without the attendee in the replica.
    issued_after_sync: bool = False
    #: For logs: what exactly failed to verify (FORGED), in English.
    detail: str = ""
    #: What the kiosk knew about its clock (kiosk/core/times.py ``ClockState``):
    #: "wrong" — decided by the nearest event day it is valid on (``day_to_decide``);
    #: "suspect" — never checked against the central list and outside the event's days.
    clock: ClockState = ClockState.PLAUSIBLE
    #: OVERRIDDEN: the refusal staff overruled, and the reason they gave.
    overruled: Reason | None = None
    override_reason: str | None = None

    @property
    def verdict(self) -> Verdict:
        return self.reason.verdict

    @property
    def revoked(self) -> bool:
        return self.reason is Reason.REVOKED

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON values (``reason`` is the code; words are the
        caller's, see ``kiosk.verdict_messages``)."""
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
            "reason": str(self.reason),
            "attendee": self.attendee.to_json() if self.attendee else None,
            "gate": self.gate.id if self.gate else None,
            "direction": str(self.direction),
            "checkin_id": self.checkin_id,
            "pending_upload": self.pending_upload,
            "previous": prev,
            "suggested_gates": [g.id for g in self.suggested_gates],
            "days": [d.isoformat() for d in self.days],
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "issued_after_sync": self.issued_after_sync,
            "scanned_at": self.scanned_at.isoformat(),
            "clock": str(self.clock),
            "overruled": str(self.overruled) if self.overruled else None,
            "override_reason": self.override_reason,
        }
