"""What the verdict screen says, in the screen's language.

Built from the ScanResult's reason and its data (gate, previous check-in, suggested
gates, the days that matter, attendee): core makes no sentences, and every word here
goes through Qt's translation system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from kiosk.core.models import Event
from kiosk.core.roles import DeskAdvice, Role, desk_advice, override_readmits
from kiosk.core.times import local_time
from kiosk.core.verdicts import Reason, ScanResult, Verdict

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate




@dataclass(frozen=True)
class VerdictText:
    """A verdict screen's words. ``instruction`` is what to do, in a few words ("Go in",
    "Go to Workshop Rooms", "Please see the desk"): the largest text on screen (in
    capitals there), for someone in a hurry; ``name`` second; ``title`` says what
    happened, ``detail`` why (when, where, which days)."""

    family: str  # green / amber / red / neutral
    icon: str  # check / repeat / warning / stop / info
    title: str
    name: str = ""
    ticket_type: str = ""
    instruction: str = ""
    detail: str = ""
    #: What to hand over (T-shirt size, notes): label/value pairs from the attendee list.
    hand_over: list[tuple[str, str]] = field(default_factory=list)


def _days(days: tuple[date, ...], locale: QLocale) -> str:
    return ", ".join(locale.toString(QDate(d.year, d.month, d.day), "ddd d MMM") for d in days)


def _valid_days(result: ScanResult, locale: QLocale) -> str:
    """When a ticket refused as not valid today is valid (its own days, not the event's)."""
    if result.days:
        return translate("Verdict", "This ticket is not valid today. Valid on: {days}.").format(
            days=_days(result.days, locale))
    start, end = result.valid_from, result.valid_until
    if start and end:
        return translate("Verdict", "This ticket is not valid today. Valid from {start} to "
                                    "{end}.").format(start=_days((start,), locale),
                                                     end=_days((end,), locale))
    if start:
        return translate("Verdict", "This ticket is not valid today. Valid from {start}."
                         ).format(start=_days((start,), locale))
    if end:
        return translate("Verdict", "This ticket is not valid today. Valid until {end}."
                         ).format(end=_days((end,), locale))
    return translate("Verdict", "This ticket is not valid on any day of this event.")


def _see_desk() -> str:
    return translate("Verdict", "Please see the desk")


def _staff_instruction(result: ScanResult, staff: Role) -> str:
    """A refusal's instruction for staff at a desk of role ``staff``: what they can do
    (core's ``desk_advice``), never "see the desk" — they are the desk."""
    advice = desk_advice(staff, result.reason)
    if advice is DeskAdvice.LET_IN_AGAIN:
        return translate("Verdict", "Let in again if they went out")
    if advice is DeskAdvice.CHECK_IN_ANYWAY:
        where = ", ".join(g.name for g in result.suggested_gates)
        if where:
            return translate("Verdict", "Send them to {where}").format(where=where)
        return translate("Verdict", "Check in anyway only if approved")
    if advice is DeskAdvice.FIND_BY_NAME:
        return translate("Verdict", "Search for them by name")
    if advice is DeskAdvice.NO_EXIT:
        return translate("Verdict", "No exit to record")
    return translate("Verdict", "Ask the organisers")


def _refused(result: ScanResult, staff: Role | None, attendee_words: str) -> str:
    """The instruction of a refusal: ``attendee_words`` at a kiosk (``staff`` None), the
    desk's own words at a desk."""
    return attendee_words if staff is None else _staff_instruction(result, staff)


def _go_in() -> str:
    return translate("Verdict", "Go in")


def _admitted(result: ScanResult, name: str, ticket: str,
              hand_over: list[tuple[str, str]], event: Event | None) -> VerdictText:
    """The green screens: in, back in, out, or just let in here (the grace rule)."""
    r = result.reason
    if r is Reason.EXIT_RECORDED:
        return VerdictText("green", "check", translate("Verdict", "Exit recorded"), name,
                           ticket, translate("Verdict", "Goodbye"),
                           translate("Verdict", "See you soon."))
    if r is Reason.REENTRY:
        return VerdictText("green", "repeat", translate("Verdict", "Welcome back!"), name,
                           ticket, _go_in(), translate("Verdict", "Re-entry recorded."))
    if r is Reason.OVERRIDDEN:
        # Only a desk makes one: staff read it, the attendee is in front of them.
        title = translate("Verdict", "Allowed in again") if result.overruled is not None \
            and override_readmits(result.overruled) \
            else translate("Verdict", "Checked in anyway")
        return VerdictText("green", "check", title, name,
                           ticket, _go_in(),
                           translate("Verdict", "Override recorded: {reason}").format(
                               reason=result.override_reason or ""), hand_over)
    if r is Reason.JUST_CHECKED_IN:
        prev = result.previous
        detail = translate("Verdict", "Checked in here at {time}.").format(
            time=local_time(prev.scanned_at, event)) if prev is not None else ""
        return VerdictText("green", "check", translate("Verdict", "You are checked in"),
                           name, ticket, _go_in(), detail)
    detail = ""
    if result.issued_after_sync:
        name = name or translate("Verdict", "Valid ticket")
        detail = translate("Verdict", "Valid ticket issued after the last sync.")
    return VerdictText("green", "check", translate("Verdict", "Welcome!"), name, ticket,
                       _go_in(), detail, hand_over)


def _elsewhere(result: ScanResult, name: str, ticket: str,
               staff: Role | None) -> VerdictText:
    """Wrong entrance, or this entrance closed today: where to go instead."""
    gate = result.gate.name if result.gate else ""
    where = ", ".join(g.name for g in result.suggested_gates)
    go = _refused(result, staff, translate("Verdict", "Go to {where}").format(where=where)
                  if where else _see_desk())
    if result.reason is Reason.WRONG_GATE:
        return VerdictText("red", "stop", translate("Verdict", "Wrong entrance"), name,
                           ticket, go, translate("Verdict", "This ticket is not valid at "
                                                            "{gate}.").format(gate=gate))
    if where:
        detail = translate("Verdict", "{gate} is not open today.").format(gate=gate)
    else:
        detail = translate("Verdict", "{gate} is not open today. It is open on: {days}."
                           ).format(gate=gate, days=_days(result.days, QLocale()))
    return VerdictText("red", "stop", translate("Verdict", "Entrance closed today"), name,
                       ticket, go, detail)


def describe(result: ScanResult, *, event: Event | None = None,
             gate_names: dict[str, str] | None = None,
             staff: Role | None = None) -> VerdictText:
    """The screen's words for ``result``, from its reason and data. ``event`` (default:
    the result's) gives the zone of times shown; ``gate_names`` maps gate ids to names
    (for the gate of a previous check-in). ``staff``: the screen is a desk's, read by
    its staff (the device's role), so a refusal says what they can do, not "see the
    desk"; None: an attendee reads it (a kiosk)."""
    r = result.reason
    event = event or result.event
    a = result.attendee
    name = a.name if a and a.name else ""
    ticket = a.ticket_type if a else ""
    gate = result.gate.name if result.gate else ""
    hand_over = [(k, str(val)) for k, val in (a.details.items() if a else []) if str(val)]
    if r.verdict.family == "green":
        return _admitted(result, name, ticket, hand_over, event)
    if r in (Reason.WRONG_GATE, Reason.GATE_CLOSED_TODAY):
        return _elsewhere(result, name, ticket, staff)
    if r is Reason.ALREADY_IN:
        prev = result.previous
        if prev is not None:
            detail = translate("Verdict", "Checked in at {gate}, {time}, by {device}.").format(
                gate=(gate_names or {}).get(prev.gate_id, gate),
                device=prev.device_name or prev.device_id,
                time=local_time(prev.scanned_at, event))
        else:
            detail = translate("Verdict", "This ticket was already used today.")
        return VerdictText("amber", "warning", translate("Verdict", "Already checked in"),
                           name, ticket, _refused(result, staff, _see_desk()), detail)
    if r is Reason.NOT_INSIDE:
        detail = translate("Verdict", "No entry is recorded for this ticket here today, "
                                      "so there is no exit to record.")
        return VerdictText("amber", "warning", translate("Verdict", "Not checked in"), name,
                           ticket, _refused(result, staff, _see_desk()), detail)
    refusals = {
        Reason.FOR_ANOTHER_EVENT: (translate("Verdict", "Wrong entrance"),
                                   translate("Verdict", "This ticket is for another event.")),
        Reason.EVENT_NOT_ON_TODAY: (translate("Verdict", "Not valid today"),
                                    translate("Verdict", "The event is not on today. Event "
                                                         "days: {days}.")),
        Reason.TICKET_NOT_VALID_TODAY: (translate("Verdict", "Not valid today"), ""),
        Reason.REVOKED: (translate("Verdict", "Ticket revoked"), ""),
        Reason.CANCELLED: (translate("Verdict", "Registration cancelled"), ""),
        Reason.UNPAID: (translate("Verdict", "Not paid"),
                        translate("Verdict", "The order for this ticket has not been paid.")),
        Reason.UNKNOWN: (translate("Verdict", "Ticket not found"),
                         translate("Verdict", "This code is not on the attendee list.")),
        Reason.FORGED: (translate("Verdict", "Invalid ticket"),
                        translate("Verdict", "This ticket could not be verified.")),
    }
    if r in refusals:
        title, detail = refusals[r]
        if r is Reason.EVENT_NOT_ON_TODAY:
            detail = detail.format(days=_days(result.days, QLocale()))
        elif r is Reason.TICKET_NOT_VALID_TODAY:
            detail = _valid_days(result, QLocale())
        if r in (Reason.UNKNOWN, Reason.FORGED):
            name = ticket = ""  # nobody is known by this code
        return VerdictText("red", "stop", title, name, ticket,
                           _refused(result, staff, _see_desk()), detail)
    if staff is not None:
        return VerdictText("neutral", "info", translate("Verdict", "That is not a ticket"),
                           "", "", translate("Verdict", "Scan the ticket's QR code"),
                           translate("Verdict", "It is in the ticket e-mail or on the "
                                                "printout."))
    return VerdictText("neutral", "info", translate("Verdict", "That is not a ticket"), "", "",
                       translate("Verdict", "Show your ticket's QR code"),
                       translate("Verdict", "From your ticket e-mail or printout."))


def verdict_label(verdict: Verdict) -> str:
    """A short name of a verdict for lists and logs on screen."""
    labels = {
        Verdict.ACCEPTED: translate("Verdict", "Accepted"),
        Verdict.REENTRY: translate("Verdict", "Re-entry"),
        Verdict.ALREADY_CHECKED_IN: translate("Verdict", "Already checked in"),
        Verdict.JUST_CHECKED_IN: translate("Verdict", "Shown again"),
        Verdict.NOT_CHECKED_IN: translate("Verdict", "Not checked in"),
        Verdict.WRONG_GATE: translate("Verdict", "Wrong entrance"),
        Verdict.WRONG_DAY: translate("Verdict", "Not valid today"),
        Verdict.CANCELLED: translate("Verdict", "Cancelled"),
        Verdict.UNPAID: translate("Verdict", "Not paid"),
        Verdict.UNKNOWN: translate("Verdict", "Ticket not found"),
        Verdict.FORGED: translate("Verdict", "Invalid ticket"),
        Verdict.NOT_A_TICKET: translate("Verdict", "That is not a ticket"),
    }
    return labels[verdict]
