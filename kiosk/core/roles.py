"""Who may do what: a device's role and the events it is paired for.

A pairing code says what it pairs (``kiosk central pair-code --role desk --event ...``):

- a **kiosk** records entries and exits at its events' gates, and may undo only the
  check-ins it made itself;
- a **desk** may also register walk-ins, undo any check-in of its events, and record an
  override (a check-in the rules would refuse, admitted by staff with a reason).

Every device is paired for one event or a named set of events; it reads and writes
nothing else. The central list asks these functions about every upload (one rule, one
place); the answers are plain reasons, shown to the device beside the refused item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# (The override's verdict is stored with every check-in, so core's decide() reads it too.)
from kiosk.core.verdicts import OVERRIDE_VERDICT as OVERRIDE_VERDICT
from kiosk.core.verdicts import Reason


class Role(StrEnum):
    KIOSK = "kiosk"
    DESK = "desk"

#: The refusals desk staff may overrule ("Check in anyway", with a reason): the person is
#: on this event's list and holds a genuine ticket, only the place, the day or an earlier
#: entry is against them — things staff can see and vouch for. Never a revoked code, a
#: cancelled registration, another event's ticket, an unknown or forged code: those are
#: decided by the organisers, not at the door.
OVERRIDABLE = frozenset({
    Reason.WRONG_GATE,
    Reason.GATE_CLOSED_TODAY,
    Reason.EVENT_NOT_ON_TODAY,
    Reason.TICKET_NOT_VALID_TODAY,
    Reason.ALREADY_IN,
})
#: The longest override reason (a sentence, not a letter: it is shown in a table cell).
OVERRIDE_REASON_MAX = 200


def may_override(role: Role, reason: Reason) -> bool:
    """Whether a device of ``role`` may offer "Check in anyway" for a refusal of
    ``reason``: only a desk, only for :data:`OVERRIDABLE` reasons."""
    return role is Role.DESK and reason in OVERRIDABLE


def override_readmits(reason: Reason) -> bool:
    """Whether overruling ``reason`` lets in *again* someone already checked in here
    today (they went out without scanning out, e.g. at an entry-only kiosk): the override
    is a second entry of the day, so the desk says "Let … in again", not "Check in"."""
    return reason is Reason.ALREADY_IN


class DeskAdvice(StrEnum):
    """What staff at a desk can do about a refusal: the desk's instruction. (A kiosk
    sends the attendee to the desk; the desk is that desk, so it is never told "see the
    desk".)"""

    #: Already checked in: let them in again, only if they went out without scanning out.
    LET_IN_AGAIN = "let_in_again"
    #: Another refusal this desk may overrule: send them where they belong, or check
    #: them in anyway when that is approved.
    CHECK_IN_ANYWAY = "check_in_anyway"
    #: The code names nobody on this event's list (unknown, forged, another event's
    #: ticket): look the person up by name.
    FIND_BY_NAME = "find_by_name"
    #: Only the organisers can lift it (revoked, cancelled, unpaid; or an overridable
    #: refusal at a device paired as a kiosk).
    ORGANISERS = "organisers"
    #: An exit asked for someone not inside: there is nothing to record.
    NO_EXIT = "no_exit"


#: The refusals whose code is no ticket of this event's list: the person may still be on
#: it (a reissued ticket, another e-mail), found by name.
_NOT_THIS_LISTS_CODE = frozenset({Reason.UNKNOWN, Reason.FORGED, Reason.FOR_ANOTHER_EVENT})


def desk_advice(role: Role, reason: Reason) -> DeskAdvice:
    """What the desk (a device of ``role`` showing the refusal ``reason`` to its staff)
    can do: the action the desk offers (:func:`may_override`,
    :func:`override_readmits`), else who or what can help. Asked for refusals only."""
    if may_override(role, reason):
        return DeskAdvice.LET_IN_AGAIN if override_readmits(reason) \
            else DeskAdvice.CHECK_IN_ANYWAY
    if reason is Reason.NOT_INSIDE:
        return DeskAdvice.NO_EXIT
    if reason in _NOT_THIS_LISTS_CODE:
        return DeskAdvice.FIND_BY_NAME
    return DeskAdvice.ORGANISERS


def override_reason_problem(text: str | None) -> str | None:
    """Why ``text`` cannot be an override's reason (plain words), or None: required,
    at most :data:`OVERRIDE_REASON_MAX` characters, one line of printable text."""
    clean = (text or "").strip()
    if not clean:
        return "an override needs a reason"
    if len(clean) > OVERRIDE_REASON_MAX:
        return f"an override's reason is at most {OVERRIDE_REASON_MAX} characters"
    if not clean.isprintable():
        return "an override's reason must be one line of plain text"
    return None


@dataclass(frozen=True)
class DeviceScope:
    """What one paired device may touch: its role and its events."""

    role: Role
    event_ids: frozenset[str]

    def covers(self, event_id: str | None) -> bool:
        return event_id is not None and event_id in self.event_ids


def parse_role(text: str) -> Role:
    """``"kiosk"`` / ``"desk"`` -> :class:`Role`; ValueError with plain words otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValueError(f"Unknown device role {text!r}: use kiosk or desk.") from None


def not_paired_for(what: str) -> str:
    """The one reason for anything outside the device's events (it names no more than
    the device sent: nothing about another event leaks)."""
    return f"{what} is not part of the event(s) this device is paired for"


def checkin_problem(scope: DeviceScope, *, direction: str, verdict: str,
                    event_id: str | None, gate_id: str,
                    override_reason: str | None = None) -> str | None:
    """Why this device may not record a check-in at ``gate_id`` (of ``event_id``), or
    None. An override needs a desk and its reason (:func:`override_reason_problem`);
    only an override carries one. Undos are asked about separately
    (:func:`undo_problem`)."""
    if not scope.covers(event_id):
        return not_paired_for(f"gate {gate_id!r}")
    if verdict == OVERRIDE_VERDICT:
        if scope.role is not Role.DESK:
            return "only a desk may record an override check-in"
        if direction != "entry":
            return "an override is an entry"
        return override_reason_problem(override_reason)
    if override_reason is not None:
        return "only an override check-in carries an override reason"
    if direction not in ("entry", "exit", "undo"):
        return f"unknown direction {direction!r}"
    return None


@dataclass(frozen=True)
class UndoTarget:
    """The check-in an undo names, as the central list knows it."""

    id: str
    event_id: str | None
    #: The device that made it.
    device_id: str | None
    attendee_id: str
    direction: str
    scanned_at: datetime | None


#: Clock noise allowed between a check-in and its undo (the same kiosk's clock).
UNDO_SLACK = timedelta(seconds=5)


def undo_problem(scope: DeviceScope, device_id: str, target: UndoTarget | None, *,
                 undoes: str | None, attendee_id: str, undone_at: datetime | None,
                 window: timedelta) -> str | None:
    """Why the device ``device_id`` (of ``scope``) may not undo ``target`` (the check-in
    its undo names, None when the list has none), or None — the one undo rule: a
    check-in of the device's events, its own unless it is a desk, of the same attendee,
    not an undo, made at most ``window`` before the undo (``undone_at``)."""
    if not undoes:
        return "an undo must name the check-in it undoes"
    if target is None:
        return f"the check-in it undoes ({undoes!r}) is not on the central list"
    if not scope.covers(target.event_id):
        return not_paired_for("the check-in it undoes")
    if scope.role is not Role.DESK and target.device_id != device_id:
        return "a kiosk may undo only its own check-ins (a desk may undo any)"
    if target.direction == "undo":
        return "an undo cannot be undone"
    if target.attendee_id != attendee_id:
        return "an undo must name a check-in of the same attendee"
    made = target.scanned_at
    if made is None or undone_at is None or not (
            -UNDO_SLACK <= undone_at - made <= window):
        return f"too late to undo: the undo window is {int(window.total_seconds())} s after " \
               "the check-in"
    return None


def walkin_problem(scope: DeviceScope, event_id: str) -> str | None:
    """Why this device may not register a walk-in for ``event_id``, or None."""
    if scope.role is not Role.DESK:
        return "only a desk may register walk-ins (this device is paired as a kiosk)"
    if not scope.covers(event_id):
        return not_paired_for(f"event {event_id!r}")
    return None



def badge_print_problem(scope: DeviceScope, event_id: str | None) -> str | None:
    """Why this device may not record a badge print for an attendee of ``event_id``
    (None: the list has no such attendee), or None: any device paired for the event."""
    if not scope.covers(event_id):
        return not_paired_for("this attendee")
    return None
