"""The check-in service against a real replica file: every verdict the rules give,
looked up, decided and recorded (the rules alone, on plain values: tests/core)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.models import Attendee, AttendeeStatus, Direction, Event, Gate
from kiosk.core.tickets import TicketPayload, TicketSigner, generate_keypair
from kiosk.core.verdicts import Reason, Verdict
from kiosk.errors import KioskError
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.verdict_messages import result_json, verdict_message

DAY1 = date(2026, 8, 1)
DAY2 = date(2026, 8, 2)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def keys() -> tuple[str, str]:
    return generate_keypair()


@pytest.fixture
def replica(tmp_path: Path, keys: tuple[str, str]) -> Replica:
    private, public = keys
    r = Replica(tmp_path / "r.db")
    r.upsert_event(Event(id="fn", name="FOSS Nusantara", timezone="Asia/Jakarta",
                         days=(DAY1, DAY2), public_key=public))
    r.upsert_gate(Gate(id="main", event_id="fn", name="Main entrance"))
    r.upsert_gate(Gate(id="hall-b", event_id="fn", name="Hall B", allow_reentry=True))
    r.upsert_gate(Gate(id="ws", event_id="fn", name="Workshop room",
                       ticket_types=("Workshop",), days=(DAY2,)))
    r.upsert_attendees([
        Attendee(id="a1", event_id="fn", name="Budi Sitorus", code="BUDI-001",
                 ticket_type="Regular"),
        Attendee(id="a2", event_id="fn", name="José Ramírez", code="JOSE-002",
                 ticket_type="Workshop"),
        Attendee(id="a3", event_id="fn", name="Cancelled Person", code="GONE-003",
                 ticket_type="Regular", status=AttendeeStatus.CANCELLED),
        Attendee(id="a4", event_id="fn", name="Revoked Code", code="REVO-004",
                 ticket_type="Regular"),
    ])
    r.add_revocation("REVO-004", "fn", "lost ticket")
    yield r
    r.close()


@pytest.fixture
def clock() -> Clock:
    # 09:12 in Jakarta on day 1
    return Clock(datetime(2026, 8, 1, 2, 12, tzinfo=UTC))


@pytest.fixture
def service(replica: Replica, clock: Clock) -> CheckInService:
    return CheckInService(replica, gate_id="main", clock=clock)


def test_accepted_records_checkin_and_outbox(service: CheckInService, replica: Replica) -> None:
    result = service.scan("BUDI-001")
    assert result.verdict is Verdict.ACCEPTED
    assert result.attendee is not None and result.attendee.name == "Budi Sitorus"
    assert result.pending_upload
    stored = replica.checkins()
    assert [c["id"] for c in stored] == [result.checkin_id]
    assert stored[0]["day"] == "2026-08-01"
    assert replica.pending_upload_count() == 1


def test_already_checked_in_says_when_and_where(service: CheckInService, clock: Clock) -> None:
    first = service.scan("BUDI-001")
    clock.advance(minutes=30)
    again = service.scan("BUDI-001\r\n")  # keyboard-wedge scanners add CR/LF
    assert again.verdict is Verdict.ALREADY_CHECKED_IN
    assert again.previous is not None and again.previous.id == first.checkin_id
    assert again.reason is Reason.ALREADY_IN
    assert "09:12" in verdict_message(again)  # event-local time (Asia/Jakarta), not UTC
    assert again.checkin_id is None


def test_already_checked_in_by_another_kiosk(service: CheckInService, replica: Replica) -> None:
    from kiosk.core.models import CheckIn

    replica.record_checkin(
        CheckIn(id="remote-1", attendee_id="a1", gate_id="main", direction=Direction.ENTRY,
                scanned_at=datetime(2026, 8, 1, 2, 0, tzinfo=UTC), day=DAY1,
                verdict="accepted", device_id="k2", device_name="Kiosk 2", origin="remote"),
        upload=False,
    )
    result = service.scan("BUDI-001")
    assert result.verdict is Verdict.ALREADY_CHECKED_IN
    assert "Kiosk 2" in verdict_message(result)


def test_new_day_is_a_new_first_entry(service: CheckInService, clock: Clock) -> None:
    assert service.scan("BUDI-001").verdict is Verdict.ACCEPTED
    clock.advance(days=1)
    assert service.scan("BUDI-001").verdict is Verdict.ACCEPTED


def test_reentry_after_exit_where_allowed(service: CheckInService, clock: Clock) -> None:
    assert service.scan("BUDI-001", gate_id="hall-b").verdict is Verdict.ACCEPTED
    out = service.scan("BUDI-001", gate_id="hall-b", direction=Direction.EXIT)
    assert out.verdict is Verdict.ACCEPTED and out.direction is Direction.EXIT
    clock.advance(minutes=5)
    assert service.scan("BUDI-001", gate_id="hall-b").verdict is Verdict.REENTRY


def test_exit_does_not_allow_reentry_where_not_allowed(service: CheckInService) -> None:
    service.scan("BUDI-001")
    service.scan("BUDI-001", direction=Direction.EXIT)
    assert service.scan("BUDI-001").verdict is Verdict.ALREADY_CHECKED_IN


def test_wrong_gate_names_where_to_go(service: CheckInService, clock: Clock) -> None:
    clock.advance(days=1)
    result = service.scan("BUDI-001", gate_id="ws")
    assert result.verdict is Verdict.WRONG_GATE
    assert {g.id for g in result.suggested_gates} == {"main", "hall-b"}
    assert "Main entrance" in verdict_message(result)


def test_wrong_day_for_gate(service: CheckInService) -> None:
    result = service.scan("JOSE-002", gate_id="ws")  # workshop room opens on day 2
    assert result.verdict is Verdict.WRONG_DAY


def test_wrong_day_outside_event(service: CheckInService, clock: Clock) -> None:
    clock.advance(days=5)
    assert service.scan("BUDI-001").verdict is Verdict.WRONG_DAY


def test_cancelled_and_revoked(service: CheckInService, replica: Replica) -> None:
    assert service.scan("GONE-003").verdict is Verdict.CANCELLED
    revoked = service.scan("REVO-004")
    assert revoked.verdict is Verdict.CANCELLED and revoked.revoked
    assert replica.checkins() == []


def test_unknown_and_not_a_ticket(service: CheckInService, replica: Replica) -> None:
    assert service.scan("NOPE-999").verdict is Verdict.UNKNOWN
    for text in ("https://example.org/x", "WIFI:S:venue;T:WPA;P:secret;;", "",
                 "hello world with spaces", b"\xff\xfe\x00garbage"):
        assert service.scan(text).verdict is Verdict.NOT_A_TICKET, text
    assert replica.checkins() == []
    logged = replica.conn.execute("SELECT count(*) FROM scan_log").fetchone()[0]
    assert logged == 6


def test_signed_code_issued_after_sync_is_accepted_offline(
    service: CheckInService, replica: Replica, keys: tuple[str, str]
) -> None:
    code = TicketSigner(keys[0]).sign(TicketPayload("fn", "late-1", "Regular"))
    result = service.scan(code)
    assert result.verdict is Verdict.ACCEPTED and result.issued_after_sync
    assert replica.get_attendee("late-1") is not None
    # The same person: shown again at once, it is the grace of that entry.
    assert service.scan(code).verdict is Verdict.JUST_CHECKED_IN


def test_forged_codes(service: CheckInService, replica: Replica, keys: tuple[str, str]) -> None:
    other_private, _ = generate_keypair()
    forged = TicketSigner(other_private).sign(TicketPayload("fn", "x1", "Regular"))
    assert service.scan(forged).verdict is Verdict.FORGED
    good = TicketSigner(keys[0]).sign(TicketPayload("fn", "x2", "Regular"))
    flipped = good[:20] + ("A" if good[20] != "A" else "B") + good[21:]
    assert service.scan(flipped).verdict is Verdict.FORGED
    assert service.scan(good[:-10]).verdict is Verdict.FORGED
    assert replica.checkins() == []


def test_signed_code_outside_validity_is_wrong_day(
    service: CheckInService, keys: tuple[str, str]
) -> None:
    code = TicketSigner(keys[0]).sign(
        TicketPayload("fn", "d2", "Regular", valid_from=DAY2, valid_until=DAY2))
    assert service.scan(code).verdict is Verdict.WRONG_DAY


def test_undo_is_recorded_not_deleted(service: CheckInService, replica: Replica,
                                      clock: Clock) -> None:
    first = service.scan("BUDI-001")
    assert first.checkin_id
    undo = service.undo(first.checkin_id)
    assert undo.undoes == first.checkin_id
    assert len(replica.checkins()) == 2  # original + undo row, both kept
    assert replica.pending_upload_count() == 2
    assert service.scan("BUDI-001").verdict is Verdict.ACCEPTED
    with pytest.raises(KioskError, match="already undone"):
        service.undo(first.checkin_id)
    clock.advance(minutes=10)
    latest = replica.checkins()[-1]["id"]
    with pytest.raises(KioskError, match="Too late"):
        service.undo(latest)


def test_manual_checkin_follows_the_same_rules(service: CheckInService, clock: Clock) -> None:
    assert service.check_in_attendee("a1").verdict is Verdict.ACCEPTED
    assert service.check_in_attendee("a1").verdict is Verdict.JUST_CHECKED_IN
    clock.advance(seconds=61)
    assert service.check_in_attendee("a1").verdict is Verdict.ALREADY_CHECKED_IN
    assert service.check_in_attendee("a3").verdict is Verdict.CANCELLED


def test_walkin_goes_to_outbox(service: CheckInService, replica: Replica) -> None:
    walkin = service.register_walkin(name="  Dewi Lestari ", organisation="BPS",
                                     ticket_type="Regular")
    assert walkin.name == "Dewi Lestari"
    kinds = [r[0] for r in replica.conn.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds == ["attendee"]
    result = service.check_in_attendee(walkin.id)
    assert result.verdict is Verdict.ACCEPTED
    kinds = [r[0] for r in replica.conn.execute("SELECT kind FROM outbox ORDER BY seq")]
    assert kinds == ["attendee", "checkin"]


def test_failed_write_shows_no_verdict_and_stores_nothing(
    service: CheckInService, replica: Replica, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Record, then show: if the outbox write fails (disk full), scan() raises instead of
    returning a green verdict, and the half-written check-in row is rolled back."""
    import sqlite3

    from kiosk.errors import DiskFull

    def full(*args: object, **kw: object) -> None:
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = sqlite3.SQLITE_FULL  # classified by code, as SQLite sets it
        raise exc

    monkeypatch.setattr(replica, "enqueue", full)
    with pytest.raises(DiskFull, match="disk is full"):
        service.scan("BUDI-001")
    assert replica.checkins() == []
    monkeypatch.undo()
    assert service.scan("BUDI-001").verdict is Verdict.ACCEPTED  # and it recovers


def test_caps_lock_scanner_still_finds_imported_codes(service: CheckInService,
                                                      replica: Replica) -> None:
    assert service.scan("budi-001").verdict is Verdict.ACCEPTED
    assert service.scan("BUDI-001").verdict is Verdict.JUST_CHECKED_IN  # the same person
    assert service.scan("revo-004").verdict is Verdict.CANCELLED  # revocation still holds
    # two codes differing only in case: a case-blind match would be a guess, so no match
    replica.upsert_attendees([
        Attendee(id="c1", event_id="fn", name="Upper", code="CASE-1"),
        Attendee(id="c2", event_id="fn", name="Lower", code="case-1"),
    ])
    assert service.scan("Case-1").verdict is Verdict.UNKNOWN
    assert service.scan("case-1").attendee.name == "Lower"  # type: ignore[union-attr]


def test_lowercased_signed_code_is_still_revoked(service: CheckInService, replica: Replica,
                                                 keys: tuple[str, str]) -> None:
    code = TicketSigner(keys[0]).sign(TicketPayload("fn", "s1", "Regular"))
    replica.upsert_attendees([Attendee(id="s1", event_id="fn", name="Signed", code=code)])
    replica.add_revocation(code, "fn")
    assert service.scan(code.lower()).verdict is Verdict.CANCELLED


def test_another_events_ticket_same_answer_scanned_or_checked_in_by_hand(
    service: CheckInService, replica: Replica
) -> None:
    """The 'ticket for another event' rule lives in decide() only: the scan and the desk's
    manual check-in (which had no such check) now give the same answer."""
    replica.upsert_event(Event(id="other", name="Other event", timezone="Asia/Jakarta"))
    replica.upsert_gate(Gate(id="o-main", event_id="other", name="Other entrance"))
    replica.upsert_attendees([Attendee(id="o1", event_id="other", name="Guest",
                                       code="OTHER-001", ticket_type="Regular")])
    scanned = service.scan("OTHER-001")
    by_hand = service.check_in_attendee("o1")
    assert scanned.reason is by_hand.reason is Reason.FOR_ANOTHER_EVENT
    assert scanned.verdict is Verdict.WRONG_GATE
    assert replica.checkins() == []
    # at its own event's gate the same person is welcome
    assert service.scan("OTHER-001", gate_id="o-main").reason is Reason.FIRST_ENTRY


def test_day2_ticket_on_day1_same_days_in_json_and_message(
    service: CheckInService, keys: tuple[str, str]
) -> None:
    code = TicketSigner(keys[0]).sign(
        TicketPayload("fn", "d2", "Regular", valid_from=DAY2, valid_until=DAY2))
    result = service.scan(code)
    out = result_json(result)
    assert out["reason"] == "ticket_not_valid_today" and out["days"] == ["2026-08-02"]
    assert out["message"] == "This ticket is not valid today. It is valid on Sun 02 Aug."


def test_entry_exit_entry_without_reentry_refused_like_the_passages_rule(
    service: CheckInService, replica: Replica
) -> None:
    """What the kiosk did is what passage_outcome says of the stored passages (the rule
    the central list's duplicate marking calls)."""
    from kiosk.core.passages import Passage, passage_outcome

    service.scan("BUDI-001")
    service.scan("BUDI-001", direction=Direction.EXIT)
    stored = [c.direction for c in replica.checkin_history("a1", "main", DAY1)]
    third = service.scan("BUDI-001")
    assert third.reason is Reason.ALREADY_IN
    ruling = passage_outcome(stored, "entry", allow_reentry=False)
    assert ruling.outcome is Passage.ALREADY_IN and ruling.earlier == 0


# -- issue 11 item 7: the grace rule and the kiosk's gate mode ------------------------------

def test_grace_shown_again_at_once_is_checked_in_and_records_nothing(
        service: CheckInService, replica: Replica, clock: Clock) -> None:
    first = service.scan("BUDI-001")
    clock.advance(seconds=20)
    again = service.scan("BUDI-001")
    assert again.reason is Reason.JUST_CHECKED_IN and again.verdict.family == "green"
    assert again.previous is not None and again.previous.id == first.checkin_id
    assert again.checkin_id is None and not again.pending_upload
    assert len(replica.checkins()) == 1 and replica.pending_upload_count() == 1
    assert result_json(again)["message"] == "You are checked in. Please go in."
    clock.advance(seconds=41)  # 61 s after the entry: the duplicate rule again
    assert service.scan("BUDI-001").reason is Reason.ALREADY_IN
    assert len(replica.checkins()) == 1


def test_grace_is_a_setting_and_only_this_kiosks_own_entry(
        service: CheckInService, replica: Replica, clock: Clock) -> None:
    from kiosk.core.config import GRACE_SECONDS, DeviceConfig

    DeviceConfig(replica).set(GRACE_SECONDS, 5)
    service.scan("BUDI-001")
    clock.advance(seconds=6)
    assert service.scan("BUDI-001").reason is Reason.ALREADY_IN
    # Another kiosk's entry (learnt by sync) a second ago: the duplicate rule.
    other = CheckInService(replica, gate_id="main", clock=clock)
    replica.set_meta("device_id", "another-kiosk")
    clock.advance(seconds=1)
    assert other.scan("BUDI-001").reason is Reason.ALREADY_IN


def test_exit_mode_records_exits_of_people_inside_only(
        service: CheckInService, replica: Replica, clock: Clock) -> None:
    from kiosk.core.config import GATE_MODE, DeviceConfig

    DeviceConfig(replica).set(GATE_MODE, "exit")
    nobody = service.scan("BUDI-001")
    assert nobody.reason is Reason.NOT_INSIDE and nobody.direction is Direction.EXIT
    assert replica.checkins() == []
    assert service.check_in_attendee("a1", direction=Direction.ENTRY).verdict.admits
    clock.advance(minutes=5)
    out = service.scan("BUDI-001")
    assert out.reason is Reason.EXIT_RECORDED and out.direction is Direction.EXIT
    assert [c["direction"] for c in replica.checkins()] == ["entry", "exit"]
    clock.advance(minutes=1)
    assert service.scan("BUDI-001").reason is Reason.NOT_INSIDE  # out already


def test_entry_and_exit_mode_toggles_at_a_reentry_gate(
        replica: Replica, clock: Clock) -> None:
    from kiosk.core.config import GATE_MODE, DeviceConfig

    DeviceConfig(replica).set(GATE_MODE, "entry_exit")
    service = CheckInService(replica, gate_id="hall-b", clock=clock)
    reasons = []
    for _ in range(4):
        reasons.append(service.scan("BUDI-001").reason)
        clock.advance(minutes=2)  # past the grace each time
    assert reasons == [Reason.FIRST_ENTRY, Reason.EXIT_RECORDED, Reason.REENTRY,
                       Reason.EXIT_RECORDED]
    assert [c["direction"] for c in replica.checkins()] == ["entry", "exit", "entry", "exit"]
    # Shown again right after coming in: not taken for leaving.
    service.scan("BUDI-001")
    clock.advance(seconds=10)
    assert service.scan("BUDI-001").reason is Reason.JUST_CHECKED_IN
    assert len(replica.checkins()) == 5


def test_an_override_the_rules_refuse_raises_its_own_class(
        replica: Replica, clock: Clock) -> None:
    """The desk's override refused by the rules: the class is the kind (a screen words
    it by class, kiosk/gui/error_words.py), nothing is recorded."""
    from kiosk.core.roles import OVERRIDE_REASON_MAX
    from kiosk.errors import AttendeeGone, NotOverridable, OverrideReasonInvalid

    ws = CheckInService(replica, gate_id="ws", clock=clock)
    for bad in ("  ", "x" * (OVERRIDE_REASON_MAX + 1), "two\nlines"):
        with pytest.raises(OverrideReasonInvalid) as invalid:
            ws.override("a1", bad)
        assert invalid.value.limit == OVERRIDE_REASON_MAX and invalid.value.problem
    with pytest.raises(NotOverridable) as refused:
        ws.override("a3", "Approved by the organisers")  # cancelled
    assert refused.value.reason == Reason.CANCELLED
    with pytest.raises(AttendeeGone) as gone:
        ws.override("nobody", "Approved by the organisers")
    assert gone.value.attendee_id == "nobody"
    with pytest.raises(AttendeeGone):
        ws.check_in_attendee("nobody")
    assert replica.checkins() == [] and replica.pending_upload_count() == 0
    # A refusal the desk may overrule is recorded (the Workshop room is closed today).
    assert ws.override("a2", "Approved by the organisers").reason is Reason.OVERRIDDEN
