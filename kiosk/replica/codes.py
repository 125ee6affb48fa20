"""Ticket codes for the replica's attendees: issue the missing ones, export them all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.core.tickets import TicketPayload, TicketSigner
from kiosk.errors import TicketError
from kiosk.replica.db import Replica
from kiosk.tickets.render import CodesSummary, check_targets, write_codes


def issue_missing_codes(replica: Replica) -> int:
    """Give every attendee without a code a signed one. Needs the event's private key."""
    issued = 0
    with replica.atomic():
        for event in replica.events():
            missing = [a for a in replica.attendees(event_id=event.id) if not a.code]
            if not missing:
                continue
            if not event.private_key:
                raise TicketError(
                    f"{len(missing)} attendees of {event.name!r} have no code, and this "
                    "replica does not hold the event's signing key (issue codes on the "
                    "central list)."
                )
            signer = TicketSigner(event.private_key)
            for a in missing:
                code = signer.sign(TicketPayload(event.id, a.id, a.ticket_type))
                replica.set_attendee_code(a.id, code)
                issued += 1
    return issued


def issue_code(replica: Replica, attendee_id: str) -> str | None:
    """Give one attendee without a code a signed one (a walk-in at a stand-alone desk).

    None when this replica does not hold the event's signing key: then the central list
    issues it, and it arrives with the next download like any other change."""
    with replica.atomic():
        attendee = replica.get_attendee(attendee_id)
        if attendee is None or attendee.code:
            return attendee.code if attendee else None
        event = replica.get_event(attendee.event_id)
        if event is None or not event.private_key:
            return None
        code = TicketSigner(event.private_key).sign(
            TicketPayload(event.id, attendee.id, attendee.ticket_type))
        replica.set_attendee_code(attendee.id, code)
        return code


def export_codes(replica: Replica, out_dir: str | Path, *, pdf: str | Path | None = None,
                 level: str = "M") -> CodesSummary:
    """``kiosk codes``: issue missing signed codes, then a QR image per attendee (and a
    PDF sheet). Nothing is issued when the output folder cannot be used."""
    check_targets(out_dir, pdf)
    issued = issue_missing_codes(replica)
    summary = write_codes(replica.attendees(), out_dir, pdf=pdf, level=level,
                          event_names={e.id: e.name for e in replica.events()})
    return replace(summary, issued=issued)
