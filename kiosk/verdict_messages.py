"""A scan result in plain English, for the command line (``kiosk checkin``) and logs.

The one place outside the screen where a reason becomes words; the screen's own
(translated) words are in ``kiosk/gui/verdict_text.py``. Times are the event's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kiosk.core.times import local_time
from kiosk.core.verdicts import Reason, ScanResult


def _days(days: Iterable[date]) -> str:
    return ", ".join(d.strftime("%a %d %b") for d in days)


def valid_days_text(result: ScanResult) -> str:
    """When a ticket refused as not valid today is valid: "on" its days among the
    event's, else its window ("from ... to ...")."""
    if result.days:
        return "on " + _days(result.days)
    start, end = result.valid_from, result.valid_until
    if start and end:
        return f"from {_days([start])} to {_days([end])}"
    if start:
        return f"from {_days([start])}"
    return f"until {_days([end])}" if end else "on no day of this event"


#: The reasons whose message needs no data from the result.
_FIXED = {
    Reason.EXIT_RECORDED: "Exit recorded.",
    Reason.REENTRY: "Welcome back!",
    Reason.JUST_CHECKED_IN: "You are checked in. Please go in.",
    Reason.NOT_INSIDE: "Not checked in here, so no exit to record. Please see the desk.",
    Reason.FOR_ANOTHER_EVENT: "This ticket is for another event. Please see the desk.",
    Reason.REVOKED: "This ticket code was revoked. Please see the desk.",
    Reason.CANCELLED: "This registration was cancelled. Please see the desk.",
    Reason.UNPAID: "The order for this ticket has not been paid. Please see the desk.",
    Reason.UNKNOWN: "This code is not on the attendee list.",
    Reason.NOT_A_TICKET: "This is not a ticket code.",
}


def verdict_message(result: ScanResult) -> str:
    """One English sentence (or two) saying what ``result`` means and what to do."""
    r = result.reason
    if r in _FIXED:
        return _FIXED[r]
    gate = result.gate.name if result.gate else "this entrance"
    where = ", ".join(g.name for g in result.suggested_gates) or "the registration desk"
    if r is Reason.FIRST_ENTRY:
        if result.issued_after_sync:
            return "Welcome! Valid ticket issued after the last sync."
        return "Welcome!"
    if r is Reason.ALREADY_IN:
        prev = result.previous
        if prev is None:
            return "Already checked in today. Please see the desk."
        by = prev.device_name or prev.device_id or gate
        return (f"Already checked in at {gate}, {local_time(prev.scanned_at, result.event)}, "
                f"by {by}. Please see the desk.")
    if r is Reason.WRONG_GATE:
        ticket = result.attendee.ticket_type if result.attendee else ""
        return f"A {ticket or 'this'} ticket is not valid at {gate}. Please go to {where}."
    if r is Reason.GATE_CLOSED_TODAY:
        return (f"{gate} is not open today (open on: {_days(result.days)}). "
                f"Please go to {where}.")
    if r is Reason.EVENT_NOT_ON_TODAY:
        return f"The event is not on today. Event days: {_days(result.days)}."
    if r is Reason.TICKET_NOT_VALID_TODAY:
        return f"This ticket is not valid today. It is valid {valid_days_text(result)}."
    if r is Reason.OVERRIDDEN:
        return ("Checked in anyway at the desk" + (f": {result.override_reason}."
                                                    if result.override_reason else "."))
    # FORGED
    return "Forged or damaged ticket" + (f": {result.detail}" if result.detail else ".")


def result_json(result: ScanResult) -> dict[str, object]:
    """``result.to_json()`` with its English ``message`` (the CLI's output)."""
    return dict(result.to_json(), message=verdict_message(result))


__all__ = ["result_json", "valid_days_text", "verdict_message"]
