"""The check-in service: decide a scan against the replica, record it, return the result.

Storage implements, core decides: this module looks things up and records them; every
rule is :func:`kiosk.core.verdicts.decide` (and :func:`kiosk.core.tickets.classify`), on
plain values.

Record, then show: for an admitting verdict the check-in row and its outbox entry are
committed (fsync'd) *before* :meth:`CheckInService.scan` returns, and the decision is
taken inside the same write transaction, so two scans of one code (even from two
processes on one replica) cannot both be "accepted".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

from kiosk.core import pretix_sig1
from kiosk.core.config import GATE, GATE_MODE, GRACE_SECONDS, DeviceConfig
from kiosk.core.config import UNDO_WINDOW_SECONDS as UNDO_WINDOW
from kiosk.core.models import Attendee, CheckIn, Direction, Event, Gate
from kiosk.core.roles import (
    OVERRIDE_REASON_MAX,
    OVERRIDE_VERDICT,
    Role,
    may_override,
    override_reason_problem,
)
from kiosk.core.tickets import CodeKind, TicketVerifier, classify, normalize_scan
from kiosk.core.times import ClockState, local_day
from kiosk.core.verdicts import (
    Decision,
    GateMode,
    Grace,
    Reason,
    ScanResult,
    day_to_decide,
    decide,
    passage_for,
)
from kiosk.errors import (
    AttendeeGone,
    ConfigError,
    ForgedCode,
    GateRemoved,
    NoEvent,
    NotOverridable,
    OverrideReasonInvalid,
    UndoRefused,
    WalkinNeedsName,
)
from kiosk.replica.clock import CorrectedClock, clock_state
from kiosk.replica.db import Replica


class CheckInService:
    """Decides and records scans for one replica. Use from the thread that owns it."""

    def __init__(
        self,
        replica: Replica,
        *,
        gate_id: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.replica = replica
        #: Now, by the central list's clock when it was measured (kiosk/replica/clock.py).
        self.clock = clock or CorrectedClock(replica)
        self._gate_id = gate_id
        self._verifier: TicketVerifier | None = None
        self._verifier_keys: dict[str, str] = {}

    # -- context ----------------------------------------------------------------------

    def gate(self, gate_id: str | None = None) -> Gate:
        """The gate to decide for: explicit, else the configured one, else the only one.
        :class:`GateRemoved` when that gate was withdrawn by the central list (moved to
        another event or deleted), :class:`ConfigError` when it was never here."""
        wanted = gate_id or self._gate_id or DeviceConfig(self.replica).get(GATE)
        if wanted:
            gate = self.replica.get_gate(wanted)
            removed = None if gate is not None else self.replica.get_gate(
                wanted, removed=True)
            if removed is not None:
                raise GateRemoved(removed.id, removed.name)
            if gate is None:
                names = ", ".join(g.id for g in self.replica.gates()) or "none"
                raise ConfigError(f"Unknown gate {wanted!r}. Gates here: {names}.")
            return gate
        gates = self.replica.gates()
        if not gates:
            raise ConfigError("No gate is configured in this replica. Import or sync first.")
        return gates[0]

    def verifier(self) -> TicketVerifier:
        keys = {e.id: e.public_key for e in self.replica.events()}
        if self._verifier is None or keys != self._verifier_keys:
            self._verifier = TicketVerifier(keys)
            self._verifier_keys = keys
        return self._verifier

    # -- scanning ---------------------------------------------------------------------

    def scan(
        self,
        text: str | bytes,
        *,
        gate_id: str | None = None,
        direction: Direction | GateMode | None = None,
    ) -> ScanResult:
        """Decide one scanned code and record it. Never raises for bad input.
        ``direction``: the passage, or a gate mode; default this kiosk's ``gate_mode``
        (entry, exit, or by the person's state: core's ``decide()``)."""
        now = self.clock()
        if direction is None:
            direction = GateMode(DeviceConfig(self.replica).get(GATE_MODE))
        clean = normalize_scan(text)
        shown = clean if clean is not None else repr(text)[:80]
        kind = classify(text)
        gate = self.gate(gate_id)
        if kind is CodeKind.NOT_A_TICKET or clean is None:
            return self._refuse(Reason.NOT_A_TICKET, shown, now, gate, direction)
        with self.replica.atomic():
            attendee = self.replica.attendee_by_code(clean, event_id=gate.event_id)
            issued_after_sync = False
            valid_from = valid_until = None
            event = self.replica.get_event(gate.event_id)
            day = local_day(now, event)
            if kind is CodeKind.SIGNED:
                try:
                    payload = self.verifier().verify(clean)
                except ForgedCode as exc:
                    return self._refuse(Reason.FORGED, clean, now, gate, direction,
                                        attendee, event=event, detail=str(exc))
                valid_from, valid_until = payload.valid_from, payload.valid_until
                if attendee is None:
                    attendee = self.replica.get_attendee(payload.attendee_id)
                if attendee is None:
                    # Genuine, but issued after our last sync: admit on the signature.
                    attendee = Attendee(
                        id=payload.attendee_id,
                        event_id=payload.event_id,
                        name="",
                        code=clean,
                        ticket_type=payload.ticket_type,
                        source="signed",
                    )
                    self.replica.upsert_attendees([attendee])
                    issued_after_sync = True
            elif attendee is None:
                attendee = self.replica.attendee_by_code_nocase(clean, event_id=gate.event_id)
            if attendee is None and event is not None:
                try:
                    signed = self._pretix_signed(clean, event)
                except ForgedCode as exc:
                    return self._refuse(Reason.FORGED, clean, now, gate, direction,
                                        event=event, detail=str(exc))
                if signed is not None:  # genuine, sold after our last download
                    attendee, valid_from, valid_until = signed
                    self.replica.upsert_attendees([attendee])
                    issued_after_sync = True
            if attendee is None:
                return self._refuse(Reason.UNKNOWN, clean, now, gate, direction, event=event)
            # The scanned text may differ in case from the stored/revoked code.
            return self._decide_and_record(
                attendee, gate, event, day, direction, clean, now,
                codes={clean, clean.upper(), attendee.code or ""},
                valid_from=valid_from, valid_until=valid_until,
                issued_after_sync=issued_after_sync)

    def check_in_attendee(
        self,
        attendee_id: str,
        *,
        gate_id: str | None = None,
        direction: Direction = Direction.ENTRY,
    ) -> ScanResult:
        """A manual check-in from the desk: same rules and record as a scan."""
        now = self.clock()
        gate = self.gate(gate_id)
        with self.replica.atomic():
            attendee, event = self._by_hand(attendee_id, gate)
            return self._decide_and_record(
                attendee, gate, event, local_day(now, event), direction,
                attendee.code or attendee.id, now, codes={attendee.code or ""})

    def override(self, attendee_id: str, reason: str, *,
                 gate_id: str | None = None) -> ScanResult:
        """Check the attendee in at the desk against a refusal staff may overrule
        (kiosk/core/roles.py ``OVERRIDABLE``), recording ``reason`` with it: a check-in
        with verdict ``override``, its outbox entry and journal line, like any other.

        The rules are asked again inside the write transaction: someone admitted by
        now needs no override (the ordinary check-in is recorded), and a refusal no
        desk may overrule (revoked, cancelled, ...) is refused here too, with plain
        words (:class:`OverrideReasonInvalid`, :class:`NotOverridable`; a person no
        longer on the list: :class:`AttendeeGone`)."""
        problem = override_reason_problem(reason)
        if problem:
            raise OverrideReasonInvalid(problem, limit=OVERRIDE_REASON_MAX)
        now = self.clock()
        gate = self.gate(gate_id)
        with self.replica.atomic():
            attendee, event = self._by_hand(attendee_id, gate)
            day = local_day(now, event)
            codes = {attendee.code or ""}
            decision, day, _clock = self._decision(attendee, gate, event, day,
                                                   Direction.ENTRY, now, codes=codes)
            if decision.verdict.admits:
                return self._decide_and_record(attendee, gate, event, day, Direction.ENTRY,
                                               attendee.code or attendee.id, now,
                                               codes=codes)
            if not may_override(Role.DESK, decision.reason):
                raise NotOverridable(str(decision.reason))
            checkin = CheckIn(
                id=str(uuid.uuid4()), attendee_id=attendee.id, gate_id=gate.id,
                direction=Direction.ENTRY, scanned_at=now, day=day,
                verdict=OVERRIDE_VERDICT, device_id=self.replica.device_id,
                device_name=self.replica.device_name, code=attendee.code,
                override_reason=reason.strip())
            self.replica.record_checkin(checkin)
        return ScanResult(reason=Reason.OVERRIDDEN, text=attendee.code or attendee.id,
                          scanned_at=now, attendee=attendee, gate=gate, event=event,
                          checkin_id=checkin.id, pending_upload=True,
                          previous=decision.previous, overruled=decision.reason,
                          override_reason=checkin.override_reason)

    def undo(self, checkin_id: str, *, window_seconds: int | None = None) -> CheckIn:
        """Cancel a mistaken check-in by recording an ``undo`` row (nothing is deleted),
        within ``window_seconds`` (default: the kiosk's configured undo window)."""
        now = self.clock()
        if window_seconds is None:
            window_seconds = DeviceConfig(self.replica).get(UNDO_WINDOW)
        with self.replica.atomic():
            original = self.replica.get_checkin(checkin_id)
            if original is None:
                raise UndoRefused("missing", "That check-in does not exist.")
            if original.direction == Direction.UNDO:
                raise UndoRefused("undo_of_undo",
                                  "An undo cannot be undone; check the person in again.")
            if self.replica.is_undone(checkin_id):
                raise UndoRefused("already_undone", "That check-in was already undone.")
            age = (now - original.scanned_at).total_seconds()
            if age > window_seconds:
                raise UndoRefused(
                    "too_late", f"Too late to undo: that check-in is {int(age)} s old "
                    f"(limit {window_seconds} s).", age=int(age), limit=window_seconds)
            undo = CheckIn(
                id=str(uuid.uuid4()),
                attendee_id=original.attendee_id,
                gate_id=original.gate_id,
                direction=Direction.UNDO,
                scanned_at=now,
                day=original.day,
                verdict="undo",
                device_id=self.replica.device_id,
                device_name=self.replica.device_name,
                code=original.code,
                undoes=original.id,
            )
            self.replica.record_checkin(undo)
        return undo

    def register_walkin(
        self,
        *,
        name: str,
        email: str = "",
        organisation: str = "",
        ticket_type: str = "",
        details: dict[str, str] | None = None,
        event_id: str | None = None,
    ) -> Attendee:
        """Create an attendee at the desk (offline too); it is uploaded with the outbox."""
        if not name.strip():
            raise WalkinNeedsName("A walk-in needs a name.")
        event = self.replica.get_event(event_id) if event_id else self.replica.default_event()
        if event is None:
            raise NoEvent("No event in this replica: import or sync first.")
        attendee = Attendee(
            id="W" + uuid.uuid4().hex[:15].upper(),
            event_id=event.id,
            name=name.strip(),
            email=email.strip(),
            organisation=organisation.strip(),
            ticket_type=ticket_type.strip(),
            details=dict(details or {}),
            source="walkin",
        )
        with self.replica.atomic() as conn:
            self.replica.upsert_attendees([attendee])
            self.replica.enqueue(conn, "attendee", attendee.id)
        return attendee

    # -- internals --------------------------------------------------------------------

    def _by_hand(self, attendee_id: str, gate: Gate) -> tuple[Attendee, Event | None]:
        """The attendee staff chose at the desk, and the gate's event."""
        attendee = self.replica.get_attendee(attendee_id)
        if attendee is None:
            raise AttendeeGone(attendee_id)
        return attendee, self.replica.get_event(gate.event_id)

    def _pretix_signed(self, text: str, event: Event
                       ) -> tuple[Attendee, date | None, date | None] | None:
        """A pretix_sig1 secret of ``event`` not in the replica (kiosk/core/pretix_sig1.py):
        its holder and validity days; None when the event has no pretix keys or the text
        is not such a secret; :class:`ForgedCode` when its signature does not verify."""
        keys, types = pretix_sig1.event_keys(self.replica.get_meta(pretix_sig1.META_KEY),
                                             event.id)
        if not keys or not pretix_sig1.looks_signed(text):
            return None
        ticket = pretix_sig1.verify(text, keys)
        attendee = Attendee(id=pretix_sig1.attendee_id(text), event_id=event.id, name="",
                            code=text, ticket_type=types.get(str(ticket.item),
                                                             f"product {ticket.item}"),
                            source="signed")

        def day(unix: int) -> date | None:
            return local_day(datetime.fromtimestamp(unix, UTC), event) if unix else None

        return attendee, day(ticket.valid_from), day(ticket.valid_until)

    def _decide_and_record(
        self,
        attendee: Attendee,
        gate: Gate,
        event: Event | None,
        day: date,
        direction: Direction | GateMode,
        text: str,
        now: datetime,
        *,
        codes: set[str],
        valid_from: date | None = None,
        valid_until: date | None = None,
        issued_after_sync: bool = False,
    ) -> ScanResult:
        """Apply the rules to a known attendee and record the outcome (inside the caller's
        transaction): an admitting verdict stores the check-in and its outbox entry, any
        other goes to the scan log (a re-show within the grace time too: recorded once).
        ``codes`` are the spellings checked for revocation.
        A clock known to be wrong decides by the event day the ticket is valid on
        (core's ``day_to_decide``) rather than refuse everyone as "wrong day"."""
        decision, day, clock = self._decision(attendee, gate, event, day, direction, now,
                                              codes=codes, valid_from=valid_from,
                                              valid_until=valid_until)
        checkin_id = None
        # A refusal before the passage step keeps the passage asked for (by state: entry).
        passage = decision.direction or passage_for(direction, [], gate)
        if decision.verdict.admits:
            checkin = CheckIn(
                id=str(uuid.uuid4()),
                attendee_id=attendee.id,
                gate_id=gate.id,
                direction=passage,
                scanned_at=now,
                day=day,
                verdict=str(decision.verdict),
                device_id=self.replica.device_id,
                device_name=self.replica.device_name,
                code=attendee.code,
            )
            self.replica.record_checkin(checkin)
            checkin_id = checkin.id
        else:
            with self.replica.atomic() as conn:
                self.replica.log_scan(conn, text=text, verdict=str(decision.verdict),
                                      gate_id=gate.id, attendee_id=attendee.id, at=now)
        return _result(decision, text=text, now=now, attendee=attendee, gate=gate,
                       event=event, direction=passage, checkin_id=checkin_id,
                       issued_after_sync=issued_after_sync, clock=clock)

    def _decision(self, attendee: Attendee, gate: Gate, event: Event | None, day: date,
                  direction: Direction | GateMode, now: datetime, *, codes: set[str],
                  valid_from: date | None = None, valid_until: date | None = None,
                  ) -> tuple[Decision, date, ClockState]:
        """The rules' answer for a known attendee (inside the caller's transaction),
        with the day it was decided by and what the replica knows about its clock."""
        clock = clock_state(self.replica, now, event)
        if clock is ClockState.WRONG:
            day = day_to_decide(day, event, gate, valid_from=valid_from,
                                valid_until=valid_until)
        decision = decide(
            attendee=attendee,
            event=event,
            gate=gate,
            gates=self.replica.gates(gate.event_id),
            day=day,
            direction=direction,
            history=self.replica.checkin_history(attendee.id, gate.id, day),
            revoked=any(self.replica.is_revoked(c, attendee.event_id) for c in codes if c),
            valid_from=valid_from,
            valid_until=valid_until,
            grace=Grace(self.replica.device_id, now,
                        float(DeviceConfig(self.replica).get(GRACE_SECONDS))),
        )
        return decision, day, clock

    def _refuse(
        self,
        reason: Reason,
        text: str,
        now: datetime,
        gate: Gate,
        direction: Direction | GateMode,
        attendee: Attendee | None = None,
        *,
        event: Event | None = None,
        detail: str = "",
    ) -> ScanResult:
        """A code refused before any attendee rule applies (not a ticket, forged,
        unknown): logged, not recorded."""
        with self.replica.atomic() as conn:
            self.replica.log_scan(conn, text=text, verdict=str(reason.verdict),
                                  gate_id=gate.id,
                                  attendee_id=attendee.id if attendee else None, at=now)
        return ScanResult(reason=reason, text=text, scanned_at=now, attendee=attendee,
                          gate=gate, event=event, direction=passage_for(direction, [], gate),
                          detail=detail)



def _result(decision: Decision, *, text: str, now: datetime, attendee: Attendee, gate: Gate,
            event: Event | None, direction: Direction, checkin_id: str | None,
            issued_after_sync: bool, clock: ClockState) -> ScanResult:
    return ScanResult(
        reason=decision.reason,
        text=text,
        scanned_at=now,
        attendee=attendee,
        gate=gate,
        event=event,
        direction=direction,
        checkin_id=checkin_id,
        pending_upload=checkin_id is not None,
        previous=decision.previous,
        suggested_gates=decision.suggested_gates,
        days=decision.days,
        valid_from=decision.valid_from,
        valid_until=decision.valid_until,
        issued_after_sync=issued_after_sync,
        clock=clock,
    )


__all__ = ["CheckInService"]
