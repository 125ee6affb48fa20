"""What the verdict screen says, in the screen's language.

Built from the verdict and the structured fields of the ScanResult (gate, previous
check-in, suggested gates, attendee), never from core's English ``reason``, so every word
goes through Qt's translation system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QLocale

from kiosk.core.models import Direction, Event
from kiosk.core.verdicts import ScanResult, Verdict

_CTX = "VerdictText"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


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
    try:
        tz = ZoneInfo(event.timezone) if event else None
    except (ZoneInfoNotFoundError, ValueError):
        tz = None
    return ts.astimezone(tz).strftime("%H:%M")


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
    locale = QLocale()
    if v is Verdict.ACCEPTED and result.direction == Direction.EXIT:
        return VerdictText("green", "check", tr("Goodbye!"), name, ticket,
                           tr("Exit recorded. See you soon."))
    if v is Verdict.ACCEPTED:
        instruction = tr("Please go in.")
        if result.issued_after_sync:
            name = name or tr("Valid ticket")
            instruction = tr("Valid ticket issued after the last sync. Please go in.")
        return VerdictText("green", "check", tr("Welcome!"), name, ticket, instruction,
                           hand_over)
    if v is Verdict.REENTRY:
        return VerdictText("green", "repeat", tr("Welcome back!"), name, ticket,
                           tr("Re-entry recorded. Please go in."))
    if v is Verdict.ALREADY_CHECKED_IN:
        prev = result.previous
        if prev is not None:
            where = (gate_names or {}).get(prev.gate_id, gate)
            device = prev.device_name or prev.device_id
            instruction = tr("Already checked in at {gate} ({device}), {time}. "
                             "Please see the desk.").format(
                gate=where, device=device, time=_local_time(prev.scanned_at, event))
        else:
            instruction = tr("This ticket was already used today. Please see the desk.")
        return VerdictText("amber", "warning", tr("Already checked in"), name, ticket,
                           instruction)
    if v is Verdict.WRONG_GATE:
        if a is not None and result.gate is not None and a.event_id != result.gate.event_id:
            instruction = tr("This ticket is for another event. Please see the desk.")
        elif result.suggested_gates:
            instruction = tr("This ticket is not valid at {gate}. Please go to {where}.").format(
                gate=gate, where=", ".join(g.name for g in result.suggested_gates))
        else:
            instruction = tr("This ticket is not valid at {gate}. "
                             "Please see the registration desk.").format(gate=gate)
        return VerdictText("red", "stop", tr("Wrong entrance"), name, ticket, instruction)
    if v is Verdict.WRONG_DAY:
        days = (result.gate.days if result.gate and result.gate.days else
                (event.days if event else ()))
        if days:
            instruction = tr("This ticket is not valid today. Valid on: {days}.").format(
                days=_days(days, locale))
        else:
            instruction = tr("This ticket is not valid today. Please see the desk.")
        return VerdictText("red", "stop", tr("Not valid today"), name, ticket, instruction)
    if v is Verdict.CANCELLED:
        title = tr("Ticket revoked") if result.revoked else tr("Registration cancelled")
        return VerdictText("red", "stop", title, name, ticket,
                           tr("Please see the registration desk."))
    if v is Verdict.UNKNOWN:
        return VerdictText("red", "stop", tr("Ticket not found"), "", "",
                           tr("This code is not on the attendee list. Please see the desk."))
    if v is Verdict.FORGED:
        return VerdictText("red", "stop", tr("Invalid ticket"), "", "",
                           tr("This ticket could not be verified. Please see the desk."))
    return VerdictText("neutral", "info", tr("That is not a ticket"), "", "",
                       tr("Please show the QR code from your ticket e-mail or printout."))


def verdict_label(verdict: Verdict) -> str:
    """A short name of a verdict for lists and logs on screen."""
    labels = {
        Verdict.ACCEPTED: tr("Accepted"),
        Verdict.REENTRY: tr("Re-entry"),
        Verdict.ALREADY_CHECKED_IN: tr("Already checked in"),
        Verdict.WRONG_GATE: tr("Wrong entrance"),
        Verdict.WRONG_DAY: tr("Not valid today"),
        Verdict.CANCELLED: tr("Cancelled"),
        Verdict.UNKNOWN: tr("Ticket not found"),
        Verdict.FORGED: tr("Invalid ticket"),
        Verdict.NOT_A_TICKET: tr("That is not a ticket"),
    }
    return labels[verdict]
