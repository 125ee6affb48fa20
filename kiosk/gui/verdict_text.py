"""What the verdict screen says, in the screen's language.

Built from the verdict and the structured fields of the ScanResult (gate, previous
check-in, suggested gates, attendee), never from core's English ``reason``, so every word
goes through Qt's translation system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.core.models import Direction, Event, event_zone
from kiosk.core.verdicts import ScanResult, Verdict

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


def _local_time(ts: datetime, event: Event | None) -> str:
    return ts.astimezone(event_zone(event)).strftime("%H:%M")


def _days(days: tuple, locale: QLocale) -> str:
    return ", ".join(locale.toString(d, "ddd d MMM") for d in days)


def describe(result: ScanResult, *, event: Event | None = None,
             gate_names: dict[str, str] | None = None) -> VerdictText:
    """The screen's words for ``result``. ``gate_names`` maps gate ids to names (for the
    gate of a previous check-in)."""
    v = result.verdict
    a = result.attendee
    name = a.name if a and a.name else ""
    ticket = a.ticket_type if a else ""
    gate = result.gate.name if result.gate else ""
    hand_over = [(k, str(val)) for k, val in (a.details.items() if a else []) if str(val)]
    if v is Verdict.ACCEPTED and result.direction == Direction.EXIT:
        return VerdictText("green", "check", translate("Verdict", "Goodbye!"), name, ticket,
                           translate("Verdict", "Exit recorded. See you soon."))
    if v is Verdict.ACCEPTED:
        instruction = translate("Verdict", "Please go in.")
        if result.issued_after_sync:
            name = name or translate("Verdict", "Valid ticket")
            instruction = translate(
                "Verdict", "Valid ticket issued after the last sync. Please go in.")
        title = translate("Verdict", "Welcome!")
        return VerdictText("green", "check", title, name, ticket, instruction, hand_over)
    if v is Verdict.REENTRY:
        title = translate("Verdict", "Welcome back!")
        instruction = translate("Verdict", "Re-entry recorded. Please go in.")
        return VerdictText("green", "repeat", title, name, ticket, instruction)
    if v is Verdict.ALREADY_CHECKED_IN:
        prev = result.previous
        if prev is not None:
            instruction = translate(
                "Verdict", "Already checked in at {gate}, {time}, by {device}. "
                "Please see the desk.").format(
                gate=(gate_names or {}).get(prev.gate_id, gate),
                device=prev.device_name or prev.device_id,
                time=_local_time(prev.scanned_at, event))
        else:
            instruction = translate(
                "Verdict", "This ticket was already used today. Please see the desk.")
        title = translate("Verdict", "Already checked in")
        return VerdictText("amber", "warning", title, name, ticket, instruction)
    if v is Verdict.WRONG_GATE:
        if a is not None and result.gate is not None and a.event_id != result.gate.event_id:
            instruction = translate(
                "Verdict", "This ticket is for another event. Please see the desk.")
        elif result.suggested_gates:
            instruction = translate(
                "Verdict", "This ticket is not valid at {gate}. Please go to {where}.").format(
                gate=gate, where=", ".join(g.name for g in result.suggested_gates))
        else:
            instruction = translate(
                "Verdict", "This ticket is not valid at {gate}. "
                "Please see the registration desk.").format(gate=gate)
        title = translate("Verdict", "Wrong entrance")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if v is Verdict.WRONG_DAY:
        days = (result.gate.days if result.gate and result.gate.days else
                (event.days if event else ()))
        if days:
            instruction = translate(
                "Verdict", "This ticket is not valid today. Valid on: {days}.").format(
                days=_days(days, QLocale()))
        else:
            instruction = translate(
                "Verdict", "This ticket is not valid today. Please see the desk.")
        title = translate("Verdict", "Not valid today")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if v is Verdict.CANCELLED:
        if result.revoked:
            title = translate("Verdict", "Ticket revoked")
        else:
            title = translate("Verdict", "Registration cancelled")
        instruction = translate("Verdict", "Please see the registration desk.")
        return VerdictText("red", "stop", title, name, ticket, instruction)
    if v is Verdict.UNKNOWN:
        title = translate("Verdict", "Ticket not found")
        instruction = translate(
            "Verdict", "This code is not on the attendee list. Please see the desk.")
        return VerdictText("red", "stop", title, "", "", instruction)
    if v is Verdict.FORGED:
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
