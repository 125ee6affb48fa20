"""The central list judges every uploaded check-in with the kiosk's own rule (issue 10,
item 3).

On arrival each entry or exit is decided again by :func:`kiosk.core.verdicts.decide` —
the very function the kiosk ran, not a copy — with what the central list knows: the
attendee as stored (cancelled?), the gate (does it admit the ticket type, is it open
that day), the event's days, the ticket's own validity window when its code is a signed
one (read from the code as the kiosk reads it, :class:`kiosk.core.tickets.TicketVerifier`),
every standing passage of the person at that gate that day (from all kiosks), and whether
the scanned code is revoked. The result is stored beside
what the kiosk did (``checkins.central_reason``), and when the central list would not
have admitted the person, ``checkins.flag`` says why, for organisers:

==========================  ===========================================================
``revoked_before_sync``     the code was revoked and the kiosk had synced that revocation
                            before the scan (it should have refused it)
``revoked_after_sync``      the code was revoked, but the kiosk had not synced it yet
``cancelled``               the attendee is cancelled
``wrong_gate``              the gate does not admit the ticket type
``wrong_day``               not a day of the event or the gate, or outside the ticket's
                            own validity (a signed code's valid from/until)
``second_entry``            already entered at this gate that day (also ``duplicate``)
``override``                a desk checked the person in anyway, with a reason
                            (``checkins.override_reason``): in place of the flag the
                            refusal it overruled would get, or of none — organisers
                            review every override; a revoked code or a cancelled person
                            keeps its own flag (no desk may overrule those)
==========================  ===========================================================

Nothing is dropped or changed: the check-in is stored as the kiosk made it (append-only),
the ruling next to it. Undos are judged by the one undo rule,
:func:`kiosk.core.roles.undo_problem` (the device's events and role, the same attendee,
within :data:`UNDO_WINDOW`), asked by ingest with the targets read here.

"Had synced the revocation" is known from ``revocation_syncs``: when a device asks for
the change feed from a cursor, it has applied every change up to it, so each revocation
up to that cursor is noted for the device with the time (:meth:`Codes.note_synced
<kiosk.central.codes.Codes.note_synced>`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from kiosk.central.db import Tx
from kiosk.central.payloads import event_from_row, gate_from_row
from kiosk.core import wire
from kiosk.core.config import UNDO_WINDOW_SECONDS
from kiosk.core.models import Attendee, AttendeeStatus, CheckIn, Direction, Event, Gate
from kiosk.core.roles import OVERRIDABLE, OVERRIDE_VERDICT, UndoTarget
from kiosk.core.tickets import CodeKind, TicketPayload, TicketVerifier, classify
from kiosk.core.verdicts import Reason, decide
from kiosk.errors import ForgedCode

#: The longest undo window a device may be configured with: the central list does not
#: know each kiosk's setting, so it holds every undo to the most any kiosk may allow.
UNDO_WINDOW = timedelta(seconds=UNDO_WINDOW_SECONDS.maximum or 3600)

_FLAG_OF = {
    Reason.CANCELLED: "cancelled",
    Reason.WRONG_GATE: "wrong_gate",
    Reason.FOR_ANOTHER_EVENT: "wrong_gate",
    Reason.GATE_CLOSED_TODAY: "wrong_day",
    Reason.EVENT_NOT_ON_TODAY: "wrong_day",
    Reason.TICKET_NOT_VALID_TODAY: "wrong_day",
    Reason.ALREADY_IN: "second_entry",
}
#: Every flag, for pages that explain them.
FLAGS = ("revoked_before_sync", "revoked_after_sync", *dict.fromkeys(_FLAG_OF.values()),
         "override")


@dataclass
class Judge:
    """What the central list knows about one upload batch, read in a few statements."""

    #: Each attendee as the rule reads them: one shared value per (event, ticket type,
    #: status), the only fields decide() asks of a person (see :func:`read`).
    attendees: dict[str, Attendee]
    gates: dict[str, Gate]
    events: dict[str, Event]
    #: Revoked codes among those the batch names, by (event, code) (a code is its
    #: event's) -> when this device synced the revocation (None: not yet).
    revoked: dict[tuple[str, str], datetime | None]
    #: The stored check-ins the batch's undos name (judged by core's undo rule,
    #: :func:`kiosk.core.roles.undo_problem`, from ingest).
    targets: dict[str, UndoTarget]
    #: The device's clock skew (server minus device), to put its scan times on ours.
    skew: timedelta
    #: The code the list holds for each attendee of the batch (None: no code).
    codes: dict[str, str | None] = field(default_factory=dict)
    #: decide() is pure: within a batch, the same inputs get the one answer computed.
    _decided: dict[tuple[Any, ...], Reason] = field(default_factory=dict)
    #: Signed codes read in this batch, by (event, code, held by the list): the payload,
    #: or None for a code that is not a genuine one of the event.
    _payloads: dict[tuple[str, str, bool], TicketPayload | None] = \
        field(default_factory=dict)
    _verifiers: dict[str, TicketVerifier] = field(default_factory=dict)

    def ruling(self, item: wire.CheckInUpload,
               history: Sequence[dict[str, Any]]) -> dict[str, str | None]:
        """``{"central_reason", "flag"}`` for a check-in about to be stored (an undo:
        both None). ``history``: the standing passages at its gate that day, oldest
        first (what the duplicate marking reads)."""
        if item.direction == "undo":
            return {"central_reason": None, "flag": None}
        attendee, gate = self.attendees[item.attendee_id], self.gates[item.gate_id]
        synced = self.revoked.get((gate.event_id, item.code or ""), False)
        valid_from, valid_until = self.validity(item, gate.event_id)
        key = (id(attendee), item.gate_id, item.day, item.direction, synced is not False,
               valid_from, valid_until,
               tuple((p["direction"], p.get("verdict") or "") for p in history))
        reason = self._decided.get(key)
        if reason is None:
            reason = self._decided[key] = decide(
                attendee=attendee, event=self.events.get(gate.event_id), gate=gate,
                gates=[gate], day=date.fromisoformat(item.day),
                direction=Direction(item.direction), history=[_passage(p) for p in history],
                revoked=synced is not False, valid_from=valid_from,
                valid_until=valid_until).reason
        flag = _FLAG_OF.get(reason)
        if item.verdict == OVERRIDE_VERDICT and (reason in OVERRIDABLE or flag is None):
            flag = "override"
        if reason is Reason.REVOKED:
            flag = "revoked_after_sync"
            scanned = instant(item.scanned_at)
            if isinstance(synced, datetime) and scanned is not None \
                    and synced <= scanned + self.skew:
                flag = "revoked_before_sync"
        return {"central_reason": str(reason), "flag": flag}

    def validity(self, item: wire.CheckInUpload,
                 event_id: str) -> tuple[date | None, date | None]:
        """The ticket's own window (valid from, valid until) that the kiosk decided by:
        the one its signed code carries, read as the kiosk reads it. The uploaded code
        counts when it is the code the list holds for the person, or a genuine signed
        code of the event naming them (its signature checked, as the kiosk does); else
        the held code does, so a device that leaves the code out, or sends another,
        does not escape the window. (None, None): no signed code, open both sides."""
        held = self.codes.get(item.attendee_id)
        for code, is_held in ((item.code, item.code == held), (held, True)):
            payload = self._payload(event_id, code, is_held) if code else None
            if payload is not None and (is_held or payload.attendee_id == item.attendee_id):
                return payload.valid_from, payload.valid_until
        return None, None

    def _payload(self, event_id: str, code: str, held: bool) -> TicketPayload | None:
        key = (event_id, code, held)
        if key in self._payloads:
            return self._payloads[key]
        payload = None
        event = self.events.get(event_id)
        if event is not None and classify(code) is CodeKind.SIGNED:
            verifier = self._verifiers.get(event_id)
            if verifier is None:
                verifier = self._verifiers[event_id] = TicketVerifier(
                    {event_id: event.public_key})
            try:
                # The list's own code needs no second signature check (it issued or was
                # given it); a device's code is checked like any scan.
                payload = verifier.read_held(code) if held else verifier.verify(code)
            except ForgedCode:
                payload = None
        self._payloads[key] = payload
        return payload



def read(tx: Tx, device_id: str, items: Sequence[wire.CheckInUpload],
         skew_seconds: float | None, attendee_rows: Sequence[dict[str, Any]],
         gate_rows: Sequence[dict[str, Any]]) -> Judge:
    """Everything :class:`Judge` needs for ``items``: the ingest's rows of the batch's
    attendees (id, event_id, ticket_type, status, code) and gates (all columns), and a few
    statements more (events; revoked codes and this device's syncs of them; undone
    check-ins), the last ones only when the batch has such codes or undos."""
    # A person as decide() reads them (event, ticket type, status; no id or name): one
    # shared value per combination, so a batch decides each distinct case once.
    people: dict[tuple[str, str, str], Attendee] = {}
    attendees = {}
    for r in attendee_rows:
        kind = (r["event_id"], r["ticket_type"], r["status"])
        person = people.get(kind)
        if person is None:
            person = people[kind] = Attendee("", kind[0], "", ticket_type=kind[1],
                                             status=AttendeeStatus(kind[2]))
        attendees[r["id"]] = person
    gates = {r["id"]: gate_from_row(r) for r in gate_rows}
    events = {r["id"]: event_from_row(r) for r in tx.select_in(
        "SELECT * FROM events WHERE id IN ({})", sorted({g.event_id for g in gates.values()}))}
    codes = sorted({i.code for i in items if i.code and i.direction != "undo"})
    revoked: dict[tuple[str, str], datetime | None] = {
        (r["event_id"], r["code"]): None for r in tx.select_in(
            "SELECT event_id, code FROM revocations WHERE active = 1 AND code IN ({})", codes)}
    if revoked:
        # A device notes only its events' revocations (Codes.note_synced).
        for r in tx.select_in("SELECT code, device_id, synced_at FROM revocation_syncs "
                              "WHERE code IN ({})", sorted({c for _, c in revoked})):
            if r["device_id"] == device_id:
                for key in [k for k in revoked if k[1] == r["code"]]:
                    revoked[key] = instant(r["synced_at"])
    targets = {r["id"]: UndoTarget(r["id"], r["event_id"], r["device_id"], r["attendee_id"],
                                   r["direction"], instant(r["scanned_at"]))
               for r in tx.select_in(
        "SELECT c.id, c.attendee_id, c.direction, c.scanned_at, c.device_id, g.event_id "
        "FROM checkins c LEFT JOIN gates g ON g.id = c.gate_id WHERE c.id IN ({})",
        sorted({i.undoes for i in items if i.direction == "undo" and i.undoes}))}
    return Judge(attendees, gates, events, revoked, targets,
                 timedelta(seconds=skew_seconds or 0.0),
                 codes={r["id"]: r.get("code") for r in attendee_rows})


def _passage(row: dict[str, Any]) -> CheckIn:
    """A stored passage as decide() reads history (its direction, and its verdict: an
    override settles the day and the gate, core's ``vouched_here``)."""
    return CheckIn(id=row["id"], attendee_id=row["attendee_id"], gate_id=row["gate_id"],
                   direction=Direction(row["direction"]), scanned_at=datetime.min,
                   day=date.min, verdict=row.get("verdict") or "")


def instant(text: str | None) -> datetime | None:
    """An ISO timestamp as an aware datetime (naive ones are UTC), or None."""
    if not text:
        return None
    try:
        ts = datetime.fromisoformat(text)
    except ValueError:
        return None
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)
