"""decide() on plain values, no storage: every reason (and so every verdict it leads to)
with the data a screen needs to explain it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from kiosk.core.models import Attendee, AttendeeStatus, CheckIn, Direction, Event, Gate
from kiosk.core.verdicts import (
    OVERRIDE_VERDICT,
    Decision,
    GateMode,
    Grace,
    Reason,
    Verdict,
    decide,
    vouched_here,
)

DAY1 = date(2026, 8, 1)  # a Saturday
DAY2 = date(2026, 8, 2)
EVENT = Event(id="fn", name="FOSS Nusantara", timezone="Asia/Jakarta", days=(DAY1, DAY2))
MAIN = Gate(id="main", event_id="fn", name="Main entrance")
HALL_B = Gate(id="hall-b", event_id="fn", name="Hall B", allow_reentry=True)
WORKSHOP = Gate(id="ws", event_id="fn", name="Workshop room", ticket_types=("Workshop",),
                days=(DAY2,))
GATES = [MAIN, HALL_B, WORKSHOP]
BUDI = Attendee(id="a1", event_id="fn", name="Budi", code="BUDI-001", ticket_type="Regular")
JOSE = Attendee(id="a2", event_id="fn", name="José", code="JOSE-002", ticket_type="Workshop")


def passage(direction: Direction, gate: Gate = MAIN, minute: int = 0,
            device: str = "Kiosk 1") -> CheckIn:
    return CheckIn(id=f"{direction}-{minute}", attendee_id="a1", gate_id=gate.id,
                   direction=direction, scanned_at=datetime(2026, 8, 1, 2, minute, tzinfo=UTC),
                   day=DAY1, verdict="accepted", device_name=device)


def rule(*, attendee: Attendee = BUDI, gate: Gate = MAIN, day: date = DAY1,
         direction: Direction = Direction.ENTRY, history: list[CheckIn] | None = None,
         event: Event | None = EVENT, **kw: object) -> Decision:
    return decide(attendee=attendee, event=event, gate=gate, gates=GATES, day=day,
                  direction=direction, history=history or [], **kw)  # type: ignore[arg-type]


def test_first_entry() -> None:
    d = rule()
    assert (d.reason, d.verdict, d.previous) == (Reason.FIRST_ENTRY, Verdict.ACCEPTED, None)


def test_exit_is_recorded_for_someone_inside() -> None:
    for history in ([passage(Direction.ENTRY)],
                    [passage(Direction.ENTRY), passage(Direction.EXIT, minute=2),
                     passage(Direction.ENTRY, minute=3)]):
        d = rule(direction=Direction.EXIT, history=history)
        assert (d.reason, d.verdict) == (Reason.EXIT_RECORDED, Verdict.ACCEPTED)
        assert d.direction is Direction.EXIT


def test_exit_of_someone_not_inside_is_refused() -> None:
    """Issue 11 item 7: never in, or out already: nothing to record."""
    for history in ([], [passage(Direction.ENTRY), passage(Direction.EXIT, minute=2)]):
        d = rule(direction=Direction.EXIT, history=history)
        assert (d.reason, d.verdict) == (Reason.NOT_INSIDE, Verdict.NOT_CHECKED_IN)
        assert not d.verdict.admits and d.verdict.family == "amber"
        assert rule(direction=GateMode.EXIT, history=history).reason is Reason.NOT_INSIDE


def test_exit_mode_records_exits_and_entry_mode_entries() -> None:
    inside = [passage(Direction.ENTRY)]
    d = rule(direction=GateMode.EXIT, history=inside)
    assert (d.reason, d.direction) == (Reason.EXIT_RECORDED, Direction.EXIT)
    d = rule(direction=GateMode.ENTRY)
    assert (d.reason, d.direction) == (Reason.FIRST_ENTRY, Direction.ENTRY)
    assert rule(direction=GateMode.ENTRY, history=inside).reason is Reason.ALREADY_IN


def test_entry_and_exit_toggles_by_state_where_reentry_is_allowed() -> None:
    mode = GateMode.ENTRY_EXIT
    d = rule(gate=HALL_B, direction=mode)
    assert (d.reason, d.direction) == (Reason.FIRST_ENTRY, Direction.ENTRY)
    history = [passage(Direction.ENTRY, HALL_B, 1)]
    d = rule(gate=HALL_B, direction=mode, history=history)
    assert (d.reason, d.direction) == (Reason.EXIT_RECORDED, Direction.EXIT)
    history.append(passage(Direction.EXIT, HALL_B, 2))
    d = rule(gate=HALL_B, direction=mode, history=history)
    assert (d.reason, d.direction) == (Reason.REENTRY, Direction.ENTRY)


def test_entry_and_exit_at_a_gate_without_reentry_does_not_let_out() -> None:
    """Leaving where nobody may come back is not guessed from a second scan."""
    d = rule(direction=GateMode.ENTRY_EXIT, history=[passage(Direction.ENTRY)])
    assert (d.reason, d.direction) == (Reason.ALREADY_IN, Direction.ENTRY)


def _own(minute: int, second: int = 0, *, device: str = "dev-1",
         direction: Direction = Direction.ENTRY) -> CheckIn:
    return CheckIn(id=f"own-{minute}-{second}", attendee_id="a1", gate_id="main",
                   direction=direction,
                   scanned_at=datetime(2026, 8, 1, 2, minute, second, tzinfo=UTC),
                   day=DAY1, verdict="accepted", device_id=device, device_name="Kiosk 1")


def _grace(minute: int, second: int = 0, seconds: float = 60) -> Grace:
    return Grace("dev-1", datetime(2026, 8, 1, 2, minute, second, tzinfo=UTC), seconds)


def test_grace_the_same_kiosk_just_after_its_own_entry() -> None:
    """Issue 11 item 7: shown again 20 s after its green at the same kiosk."""
    entry = _own(0)
    d = rule(history=[entry], grace=_grace(0, 20))
    assert (d.reason, d.verdict, d.previous) == (Reason.JUST_CHECKED_IN,
                                                 Verdict.JUST_CHECKED_IN, entry)
    assert not d.verdict.admits and d.verdict.family == "green"
    # At the 60th second still; an entry-and-exit kiosk does not let them out either.
    assert rule(history=[entry], grace=_grace(1, 0)).reason is Reason.JUST_CHECKED_IN
    assert rule(gate=HALL_B, history=[_own(0)], direction=GateMode.ENTRY_EXIT,
                grace=_grace(0, 30)).reason is Reason.JUST_CHECKED_IN


def test_no_grace_after_the_window_elsewhere_or_after_an_exit() -> None:
    entry = _own(0)
    assert rule(history=[entry], grace=_grace(1, 1)).reason is Reason.ALREADY_IN
    other = _own(0, device="dev-2")
    assert rule(history=[other], grace=_grace(0, 10)).reason is Reason.ALREADY_IN
    assert rule(history=[entry], grace=_grace(0, 10, seconds=0)).reason is Reason.ALREADY_IN
    assert rule(history=[entry]).reason is Reason.ALREADY_IN  # the central list: no grace
    left = [entry, _own(0, 5, direction=Direction.EXIT)]
    assert rule(history=left, grace=_grace(0, 10)).reason is Reason.ALREADY_IN
    # An exit asked for at the desk or an exit kiosk is an exit, grace or not.
    d = rule(history=[entry], direction=Direction.EXIT, grace=_grace(0, 10))
    assert d.reason is Reason.EXIT_RECORDED
    # A ticket another entrance also let in (passed over the fence, both kiosks offline)
    # is for the desk wherever it is shown again, its own kiosk too.
    twice = [_own(0, device="dev-2"), _own(0, 5)]
    assert rule(history=twice, grace=_grace(0, 10)).reason is Reason.ALREADY_IN
    # The grace follows the gate's rules: a ticket refused here is refused.
    assert rule(gate=WORKSHOP, history=[entry], grace=_grace(0, 10)).reason is \
        Reason.WRONG_GATE


def test_already_in_names_the_first_entry() -> None:
    first, later = passage(Direction.ENTRY, minute=1), passage(Direction.ENTRY, minute=9)
    d = rule(history=[first, passage(Direction.EXIT, minute=5), later])
    assert (d.reason, d.verdict) == (Reason.ALREADY_IN, Verdict.ALREADY_CHECKED_IN)
    assert d.previous == first


def test_entry_exit_entry_without_reentry_is_refused() -> None:
    """The scenario the central list must flag too (same rule: kiosk.core.passages)."""
    d = rule(history=[passage(Direction.ENTRY), passage(Direction.EXIT, minute=5)])
    assert d.reason is Reason.ALREADY_IN


def test_reentry_names_the_latest_entry() -> None:
    history = [passage(Direction.ENTRY, HALL_B, 1), passage(Direction.EXIT, HALL_B, 2),
               passage(Direction.ENTRY, HALL_B, 3), passage(Direction.EXIT, HALL_B, 4)]
    d = rule(gate=HALL_B, history=history)
    assert (d.reason, d.verdict) == (Reason.REENTRY, Verdict.REENTRY)
    assert d.previous == history[2]


def test_wrong_gate_suggests_gates_open_today_for_the_ticket() -> None:
    d = rule(gate=WORKSHOP, day=DAY2)
    assert (d.reason, d.verdict) == (Reason.WRONG_GATE, Verdict.WRONG_GATE)
    assert d.suggested_gates == (MAIN, HALL_B)
    closed_elsewhere = decide(attendee=JOSE, event=EVENT, gate=MAIN, gates=GATES, day=DAY1,
                              direction=Direction.ENTRY, history=[])
    assert closed_elsewhere.reason is Reason.FIRST_ENTRY  # Main admits every type


def test_for_another_event() -> None:
    other = Attendee(id="x", event_id="other", name="Guest", ticket_type="Regular")
    d = rule(attendee=other)
    assert (d.reason, d.verdict) == (Reason.FOR_ANOTHER_EVENT, Verdict.WRONG_GATE)
    # before revocation and status: the ticket is not this gate's business at all
    gone = Attendee(id="x", event_id="other", name="G", status=AttendeeStatus.CANCELLED)
    assert rule(attendee=gone, revoked=True).reason is Reason.FOR_ANOTHER_EVENT


def test_gate_closed_today_gives_its_days_and_where_to_go() -> None:
    d = rule(attendee=JOSE, gate=WORKSHOP, day=DAY1)
    assert (d.reason, d.verdict) == (Reason.GATE_CLOSED_TODAY, Verdict.WRONG_DAY)
    assert d.days == (DAY2,)
    assert d.suggested_gates == (MAIN, HALL_B)


def test_event_not_on_today_gives_the_event_days() -> None:
    d = rule(day=date(2026, 8, 5))
    assert (d.reason, d.verdict) == (Reason.EVENT_NOT_ON_TODAY, Verdict.WRONG_DAY)
    assert d.days == (DAY1, DAY2)
    assert rule(day=date(2026, 8, 5), event=None).reason is Reason.FIRST_ENTRY  # no days


def test_ticket_valid_only_on_day2_scanned_on_day1_gives_its_own_day() -> None:
    """The bug: the screen said "Valid on: Sat 1 Aug, Sun 2 Aug" (the event's days)."""
    d = rule(valid_from=DAY2, valid_until=DAY2)
    assert (d.reason, d.verdict) == (Reason.TICKET_NOT_VALID_TODAY, Verdict.WRONG_DAY)
    assert d.days == (DAY2,)
    assert (d.valid_from, d.valid_until) == (DAY2, DAY2)
    assert rule(day=DAY2, valid_from=DAY2, valid_until=DAY2).reason is Reason.FIRST_ENTRY


def test_ticket_window_without_event_days_keeps_the_window() -> None:
    d = rule(event=None, valid_until=date(2026, 7, 31))
    assert d.reason is Reason.TICKET_NOT_VALID_TODAY
    assert (d.days, d.valid_from, d.valid_until) == ((), None, date(2026, 7, 31))


def test_the_three_wrong_days_are_told_apart() -> None:
    """Gate closed, event not on, ticket not valid today: one verdict, three reasons."""
    assert rule(attendee=JOSE, gate=WORKSHOP).reason is Reason.GATE_CLOSED_TODAY
    assert rule(day=date(2026, 7, 30)).reason is Reason.EVENT_NOT_ON_TODAY
    assert rule(valid_from=DAY2).reason is Reason.TICKET_NOT_VALID_TODAY
    # a ticket not valid today is not sent to another gate (it would be refused there too)
    assert rule(attendee=JOSE, gate=WORKSHOP, valid_from=DAY2).reason is \
        Reason.TICKET_NOT_VALID_TODAY


def test_cancelled_and_revoked() -> None:
    cancelled = Attendee(id="a3", event_id="fn", name="C", status=AttendeeStatus.CANCELLED)
    d = rule(attendee=cancelled)
    assert (d.reason, d.verdict) == (Reason.CANCELLED, Verdict.CANCELLED)
    d = rule(revoked=True)
    assert (d.reason, d.verdict) == (Reason.REVOKED, Verdict.CANCELLED)
    assert rule(attendee=cancelled, revoked=True).reason is Reason.REVOKED


def test_unpaid_is_refused_unless_the_gate_admits_unpaid_tickets() -> None:
    """Issue 16: a ticket whose order is not paid (a pending pretix order) is refused as
    not paid, except at a gate that admits unpaid tickets (pretix's include_pending);
    one held for a person (awaiting approval, marked for attention) is refused there too.
    A cancellation, a revocation or another event's gate still says so first."""
    unpaid = Attendee(id="u1", event_id="fn", name="U", status=AttendeeStatus.UNPAID)
    held = Attendee(id="u2", event_id="fn", name="H", status=AttendeeStatus.UNPAID_HELD)
    welcome = Gate(id="pending", event_id="fn", name="Pending welcome", admits_unpaid=True)
    for person in (unpaid, held):
        d = rule(attendee=person)
        assert (d.reason, d.verdict) == (Reason.UNPAID, Verdict.UNPAID)
        assert d.verdict.family == "red" and not d.verdict.admits
        assert rule(attendee=person, revoked=True).reason is Reason.REVOKED
        other = Gate(id="x", event_id="other", name="X", admits_unpaid=True)
        assert rule(attendee=person, gate=other).reason is Reason.FOR_ANOTHER_EVENT
    assert rule(attendee=unpaid, gate=welcome).reason is Reason.FIRST_ENTRY
    assert rule(attendee=held, gate=welcome).reason is Reason.UNPAID
    assert rule(gate=welcome).reason is Reason.FIRST_ENTRY  # paid ones too, of course
    # the rest of the rules still hold for an unpaid ticket admitted there
    assert rule(attendee=unpaid, gate=welcome, day=date(2026, 7, 30)).reason is \
        Reason.EVENT_NOT_ON_TODAY
    assert rule(attendee=unpaid, gate=welcome, history=[passage(
        Direction.ENTRY, gate=welcome)]).reason is Reason.ALREADY_IN


def test_refusals_before_lookup_have_their_verdicts() -> None:
    """UNKNOWN, FORGED and NOT_A_TICKET are decided before there is an attendee (by the
    service, from kiosk.core.tickets.classify and the verifier); their verdicts too
    follow from the reason."""
    assert Reason.UNKNOWN.verdict is Verdict.UNKNOWN
    assert Reason.FORGED.verdict is Verdict.FORGED
    assert Reason.NOT_A_TICKET.verdict is Verdict.NOT_A_TICKET


def test_every_verdict_has_a_reason_and_every_reason_one_verdict() -> None:
    assert {r.verdict for r in Reason} == set(Verdict)


@pytest.mark.parametrize("reason", list(Reason))
def test_admitting_reasons_are_exactly_the_green_ones(reason: Reason) -> None:
    """Green is "go in/out"; all of them record, but the grace re-show (recorded once)."""
    admits = reason in (Reason.FIRST_ENTRY, Reason.EXIT_RECORDED, Reason.REENTRY,
                        Reason.OVERRIDDEN)
    assert reason.verdict.admits is admits
    assert (reason.verdict.family == "green") is (admits or reason is Reason.JUST_CHECKED_IN)


def override(gate: Gate, minute: int = 0) -> CheckIn:
    return CheckIn(id=f"override-{minute}", attendee_id="a1", gate_id=gate.id,
                   direction=Direction.ENTRY,
                   scanned_at=datetime(2026, 8, 1, 2, minute, tzinfo=UTC), day=DAY1,
                   verdict=OVERRIDE_VERDICT, device_name="Desk 1",
                   override_reason="Speaker's guest")


def test_after_an_override_here_the_same_ticket_is_already_in() -> None:
    """Issue 11's override leftover: the desk let Budi (Regular) into the Workshop room
    on day 1 (wrong gate, closed that day) with a reason; shown again there he is already
    in, not refused for the gate a second time (and offered a second override)."""
    assert rule(gate=WORKSHOP).reason is Reason.WRONG_GATE
    vouched = [override(WORKSHOP)]
    assert vouched_here(vouched) and not vouched_here([passage(Direction.ENTRY)])
    d = rule(gate=WORKSHOP, history=vouched)
    assert (d.reason, d.previous) == (Reason.ALREADY_IN, vouched[0])
    # The same desk moments later: its grace, as after any entry of its own.
    grace = Grace("Desk 1", datetime(2026, 8, 1, 2, 0, 30, tzinfo=UTC), 60)
    assert rule(gate=WORKSHOP, history=[override(WORKSHOP)], grace=grace).reason \
        is Reason.ALREADY_IN  # another device name than its id: no grace
    desk = replace(override(WORKSHOP), device_id="Desk 1")
    assert rule(gate=WORKSHOP, history=[desk], grace=grace).reason is Reason.JUST_CHECKED_IN
    # And an exit is an exit.
    d = rule(gate=WORKSHOP, direction=Direction.EXIT, history=vouched)
    assert (d.reason, d.direction) == (Reason.EXIT_RECORDED, Direction.EXIT)
    # An override for a day outside the event (or the ticket's days) settles that too.
    not_on = date(2026, 8, 5)
    assert rule(day=not_on).reason is Reason.EVENT_NOT_ON_TODAY
    assert rule(day=not_on, history=[override(MAIN)]).reason is Reason.ALREADY_IN
    assert rule(valid_from=DAY2, history=[override(MAIN)]).reason is Reason.ALREADY_IN


def test_an_override_does_not_settle_who_the_person_is() -> None:
    """Revoked, cancelled, another event's: asked on every scan, override or not."""
    vouched = [override(MAIN)]
    assert rule(history=vouched, revoked=True).reason is Reason.REVOKED
    cancelled = replace(BUDI, status=AttendeeStatus.CANCELLED)
    assert rule(attendee=cancelled, history=vouched).reason is Reason.CANCELLED
    other = replace(BUDI, event_id="other")
    assert rule(attendee=other, history=vouched).reason is Reason.FOR_ANOTHER_EVENT
    # An undone override is not in the standing history the caller passes: refused again.
    assert rule(gate=WORKSHOP, history=[]).reason is Reason.WRONG_GATE
