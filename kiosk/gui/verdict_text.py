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
from kiosk.core.times import local_time
from kiosk.core.verdicts import Reason, ScanResult, Verdict

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate




@dataclass(frozen=True)
class VerdictText:
    family: str  # green / amber / red / neutral
    icon: str  # check / repeat / warning / stop / info
    title: str
    name: str = ""
    ticket_type: str = ""
    instruction: str = ""
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
    return translate("Verdict", "This ticket is not valid today. Please see the desk.")


def describe(result: ScanResult, *, event: Event | None = None,
             gate_names: dict[str, str] | None = None) -> VerdictText:
    """The screen's words for ``result``, from its reason and data. ``event`` (default:
    the result's) gives the zone of times shown; ``gate_names`` maps gate ids to names
    (for the gate of a previous check-in)."""
    r = result.reason
    event = event or result.event
    a = result.attendee
    name = a.name if a and a.name else ""
    ticket = a.ticket_type if a else ""
    gate = result.gate.name if result.gate else ""
    hand_over = [(k, str(val)) for k, val in (a.details.items() if a else []) if str(val)]
    where = ", ".join(g.name for g in result.suggested_gates)
    if r is Reason.EXIT_RECORDED:
        return VerdictText("green", "check", translate("Verdict", "Goodbye!"), name, ticket,
                           translate("Verdict", "Exit recorded. See you soon."))
    if r is Reason.FIRST_ENTRY:
        instruction = translate("Verdict", "Please go in.")
        if result.issued_after_sync:
            name = name or translate("Verdict", "Valid ticket")
            instruction = translate(
                "Verdict", "Valid ticket issued after the last sync. Please go in.")
        title = translate("Verdict", "Welcome!")
        return VerdictText("green", "check", title, name, ticket, instruction, hand_over)
    if r is Reason.REENTRY:
        title = translate("Verdict", "Welcome back!")
        instruction = translate("Verdict", "Re-entry recorded. Please go in.")
        return VerdictText("green", "repeat", title, name, ticket, instruction)
    if r is Reason.ALREADY_IN:
        prev = result.previous
        if prev is not None:
            instruction = translate(
                "Verdict", "Already checked in at {gate}, {time}, by {device}. "
                "Please see the desk.").format(
                gate=(gate_names or {}).get(prev.gate_id, gate),
                device=prev.device_name or prev.device_id,
                time=local_time(prev.scanned_at, event))
        else:
            instruction = translate(
                "Verdict", "This ticket was already used today. Please see the desk.")
        title = translate("Verdict", "Already checked in")
        return VerdictText("amber", "warning", title, name, ticket, instruction)
    if r is Reason.FOR_ANOTHER_EVENT:
        instruction = translate(
            "Verdict", "This ticket is for another event. Please see the desk.")
        return VerdictText("red", "stop", translate("Verdict", "Wrong entrance"), name, ticket,
                           instruction)
    if r is Reason.WRONG_GATE:
        if where:
            instruction = translate(
                "Verdict", "This ticket is not valid at {gate}. Please go to {where}.").format(
                gate=gate, where=where)
        else:
            instruction = translate(
                "Verdict", "This ticket is not valid at {gate}. "
                "Please see the registration desk.").format(gate=gate)
        title = translate("Verdict", "Wrong entrance")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if r is Reason.GATE_CLOSED_TODAY:
        if where:
            instruction = translate(
                "Verdict", "{gate} is not open today. Please go to {where}.").format(
                gate=gate, where=where)
        else:
            instruction = translate(
                "Verdict", "{gate} is not open today. It is open on: {days}.").format(
                gate=gate, days=_days(result.days, QLocale()))
        title = translate("Verdict", "Entrance closed today")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if r is Reason.EVENT_NOT_ON_TODAY:
        instruction = translate(
            "Verdict", "The event is not on today. Event days: {days}.").format(
            days=_days(result.days, QLocale()))
        title = translate("Verdict", "Not valid today")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if r is Reason.TICKET_NOT_VALID_TODAY:
        title = translate("Verdict", "Not valid today")
        return VerdictText("red", "stop", title, name, ticket, _valid_days(result, QLocale()))
    if r is Reason.OVERRIDDEN:
        # Only a desk makes one: staff read it, the attendee is in front of them.
        title = translate("Verdict", "Checked in anyway")
        instruction = translate("Verdict", "Override recorded: {reason}").format(
            reason=result.override_reason or "")
        return VerdictText("green", "check", title, name, ticket, instruction, hand_over)
    if r is Reason.REVOKED or r is Reason.CANCELLED:
        if r is Reason.REVOKED:
            title = translate("Verdict", "Ticket revoked")
        else:
            title = translate("Verdict", "Registration cancelled")
        instruction = translate("Verdict", "Please see the registration desk.")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if r is Reason.UNKNOWN:
        title = translate("Verdict", "Ticket not found")
        instruction = translate(
            "Verdict", "This code is not on the attendee list. Please see the desk.")
        return VerdictText("red", "stop", title, "", "", instruction)
    if r is Reason.FORGED:
        title = translate("Verdict", "Invalid ticket")
        instruction = translate(
            "Verdict", "This ticket could not be verified. Please see the desk.")
        return VerdictText("red", "stop", title, "", "", instruction)
    title = translate("Verdict", "That is not a ticket")
    instruction = translate(
        "Verdict", "Please show the QR code from your ticket e-mail or printout.")
    return VerdictText("neutral", "info", title, "", "", instruction)


def verdict_label(verdict: Verdict) -> str:
    """A short name of a verdict for lists and logs on screen."""
    labels = {
        Verdict.ACCEPTED: translate("Verdict", "Accepted"),
        Verdict.REENTRY: translate("Verdict", "Re-entry"),
        Verdict.ALREADY_CHECKED_IN: translate("Verdict", "Already checked in"),
        Verdict.WRONG_GATE: translate("Verdict", "Wrong entrance"),
        Verdict.WRONG_DAY: translate("Verdict", "Not valid today"),
        Verdict.CANCELLED: translate("Verdict", "Cancelled"),
        Verdict.UNKNOWN: translate("Verdict", "Ticket not found"),
        Verdict.FORGED: translate("Verdict", "Invalid ticket"),
        Verdict.NOT_A_TICKET: translate("Verdict", "That is not a ticket"),
    }
    return labels[verdict]
