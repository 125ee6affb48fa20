"""The screen's words are made from the reason and its data (core makes none): each
reason has its own words in English and Indonesian, a ticket's own valid days are the
ones shown, and the times are the event's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.core.models import Attendee, CheckIn, Direction, Event, Gate
from kiosk.core.tickets import TicketPayload, TicketSigner, generate_keypair
from kiosk.core.verdicts import Reason, ScanResult
from kiosk.gui.i18n import Translations
from kiosk.gui.verdict_text import describe
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica

DAY1, DAY2 = date(2026, 8, 1), date(2026, 8, 2)  # Sat, Sun
EVENT = Event(id="fn", name="FOSS", timezone="Asia/Jakarta", days=(DAY1, DAY2))
MAIN = Gate(id="main", event_id="fn", name="Main entrance")
WS = Gate(id="ws", event_id="fn", name="Workshop room", ticket_types=("Workshop",),
          days=(DAY2,))
NOW = datetime(2026, 8, 1, 2, 12, tzinfo=UTC)  # 09:12 in Jakarta


def result(reason: Reason, **kw: object) -> ScanResult:
    kw.setdefault("attendee", Attendee(id="a1", event_id="fn", name="Budi",
                                       ticket_type="Regular"))
    kw.setdefault("gate", MAIN)
    return ScanResult(reason=reason, text="X", scanned_at=NOW, event=EVENT,
                      **kw)  # type: ignore[arg-type]


SAMPLES = {
    Reason.FIRST_ENTRY: {},
    Reason.EXIT_RECORDED: {"direction": Direction.EXIT},
    Reason.REENTRY: {},
    Reason.ALREADY_IN: {"previous": CheckIn(
        id="c1", attendee_id="a1", gate_id="main", direction=Direction.ENTRY,
        scanned_at=datetime(2026, 8, 1, 1, 5, tzinfo=UTC), day=DAY1, verdict="accepted",
        device_name="Kiosk 2")},
    Reason.JUST_CHECKED_IN: {"previous": CheckIn(
        id="c0", attendee_id="a1", gate_id="main", direction=Direction.ENTRY,
        scanned_at=datetime(2026, 8, 1, 2, 11, 40, tzinfo=UTC), day=DAY1,
        verdict="accepted", device_name="Kiosk 1")},
    Reason.NOT_INSIDE: {"direction": Direction.EXIT},
    Reason.WRONG_GATE: {"gate": WS, "suggested_gates": (MAIN,)},
    Reason.FOR_ANOTHER_EVENT: {},
    Reason.GATE_CLOSED_TODAY: {"gate": WS, "days": (DAY2,)},
    Reason.EVENT_NOT_ON_TODAY: {"days": (DAY1, DAY2)},
    Reason.TICKET_NOT_VALID_TODAY: {"days": (DAY2,), "valid_from": DAY2,
                                    "valid_until": DAY2},
    Reason.CANCELLED: {},
    Reason.UNPAID: {},
    Reason.REVOKED: {},
    Reason.UNKNOWN: {"attendee": None},
    Reason.FORGED: {"attendee": None},
    Reason.NOT_A_TICKET: {"attendee": None},
    Reason.OVERRIDDEN: {"overruled": Reason.WRONG_GATE,
                        "override_reason": "Speaker, sponsor or crew"},
}


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    Translations().install("en")
    yield


@pytest.fixture
def indonesian(qapp: object) -> Iterator[None]:
    translations = Translations()
    assert translations.install("id") == "id"
    yield
    translations.install("en")


def test_every_reason_has_its_own_words(english: None) -> None:
    assert set(SAMPLES) == set(Reason)
    words = {r: describe(result(r, **kw)) for r, kw in SAMPLES.items()}
    assert len({(w.title, w.instruction, w.detail) for w in words.values()}) == len(Reason)
    for r, w in words.items():
        assert w.family == r.verdict.family, r
    assert "08:05" in words[Reason.ALREADY_IN].detail  # the event's zone, not UTC
    assert "Kiosk 2" in words[Reason.ALREADY_IN].detail
    assert "another event" in words[Reason.FOR_ANOTHER_EVENT].detail
    assert "Workshop room is not open today" in words[Reason.GATE_CLOSED_TODAY].detail
    assert "Sun 2 Aug" in words[Reason.GATE_CLOSED_TODAY].detail
    assert "event is not on today" in words[Reason.EVENT_NOT_ON_TODAY].detail
    assert words[Reason.REVOKED].title == "Ticket revoked"
    assert (words[Reason.UNPAID].title, words[Reason.UNPAID].detail) == (
        "Not paid", "The order for this ticket has not been paid.")
    assert "Speaker, sponsor or crew" in words[Reason.OVERRIDDEN].detail


def test_the_instruction_is_a_few_words_of_what_to_do(english: None) -> None:
    """Issue 11 item 6: "GO IN", "GO TO ...", "PLEASE SEE THE DESK" (capitals on screen)."""
    words = {r: describe(result(r, **kw)) for r, kw in SAMPLES.items()}
    for r in (Reason.FIRST_ENTRY, Reason.REENTRY, Reason.JUST_CHECKED_IN):
        assert words[r].instruction == "Go in", r
    assert words[Reason.EXIT_RECORDED].instruction == "Goodbye"
    assert words[Reason.WRONG_GATE].instruction == "Go to Main entrance"
    for r in (Reason.ALREADY_IN, Reason.NOT_INSIDE, Reason.FOR_ANOTHER_EVENT,
              Reason.EVENT_NOT_ON_TODAY, Reason.TICKET_NOT_VALID_TODAY, Reason.CANCELLED,
              Reason.UNPAID, Reason.REVOKED, Reason.UNKNOWN, Reason.FORGED,
              Reason.GATE_CLOSED_TODAY):
        assert words[r].instruction == "Please see the desk", r
    assert all(len(w.instruction.split()) <= 5 for w in words.values())
    grace = words[Reason.JUST_CHECKED_IN]
    assert (grace.family, grace.title) == ("green", "You are checked in")
    assert grace.detail == "Checked in here at 09:11."  # no "see the desk"


REFUSALS = [r for r in Reason if not r.verdict.admits]


def test_the_desk_is_told_what_staff_can_do_never_to_see_the_desk(english: None) -> None:
    """Issue 11 item 10: the desk's own refusal screens are read by its staff: the action
    they can take (core's desk_advice), never "please see the desk"."""
    from kiosk.core.roles import Role

    desk = {r: describe(result(r, **SAMPLES[r]), staff=Role.DESK) for r in REFUSALS}
    for r, w in desk.items():
        assert "desk" not in w.instruction.lower(), r
        assert len(w.instruction.split()) <= 7, r
        # What happened and why stay as the kiosk says them.
        kiosk = describe(result(r, **SAMPLES[r]))
        assert (w.family, w.title) == (kiosk.family, kiosk.title), r
        if r is not Reason.NOT_A_TICKET:
            assert w.detail == kiosk.detail, r
    assert desk[Reason.ALREADY_IN].instruction == "Let in again if they went out"
    assert "Kiosk 2" in desk[Reason.ALREADY_IN].detail  # who, when, where
    assert desk[Reason.WRONG_GATE].instruction == "Send them to Main entrance"
    assert desk[Reason.EVENT_NOT_ON_TODAY].instruction == "Check in anyway only if approved"
    assert desk[Reason.UNKNOWN].instruction == "Search for them by name"
    assert desk[Reason.REVOKED].instruction == "Ask the organisers"
    assert desk[Reason.NOT_INSIDE].instruction == "No exit to record"
    assert desk[Reason.NOT_A_TICKET].instruction == "Scan the ticket's QR code"
    # A device paired as a kiosk, in desk mode: no override to offer, still staff words.
    as_kiosk = describe(result(Reason.ALREADY_IN, **SAMPLES[Reason.ALREADY_IN]),
                        staff=Role.KIOSK)
    assert as_kiosk.instruction == "Ask the organisers"


def test_the_desk_words_in_indonesian(indonesian: None) -> None:
    from kiosk.core.roles import Role

    desk = {r: describe(result(r, **SAMPLES[r]), staff=Role.DESK) for r in REFUSALS}
    for r, w in desk.items():
        assert "meja" not in w.instruction and "Please" not in w.instruction, r
    assert desk[Reason.ALREADY_IN].instruction == "Izinkan masuk lagi bila tadi keluar"
    assert desk[Reason.WRONG_GATE].instruction == "Arahkan ke Main entrance"
    assert desk[Reason.REVOKED].instruction == "Tanyakan kepada panitia"
    assert desk[Reason.UNKNOWN].instruction == "Cari peserta berdasarkan nama"


def test_every_reason_in_indonesian(indonesian: None) -> None:
    for r, kw in SAMPLES.items():
        w = describe(result(r, **kw))
        for text in (w.title, w.instruction, w.detail):
            assert "Please" not in text and "today" not in text, r
    closed = describe(result(Reason.GATE_CLOSED_TODAY, gate=WS, suggested_gates=(MAIN,)))
    assert (closed.instruction, closed.detail) == ("Silakan menuju Main entrance",
                                                   "Workshop room tidak buka hari ini.")
    assert describe(result(Reason.FIRST_ENTRY)).instruction == "Silakan masuk"
    unpaid = describe(result(Reason.UNPAID))
    assert (unpaid.title, unpaid.detail) == ("Belum dibayar",
                                             "Pesanan untuk tiket ini belum dibayar.")
    assert describe(result(Reason.UNKNOWN, attendee=None)).instruction == \
        "Silakan ke meja registrasi"
    grace = describe(result(Reason.JUST_CHECKED_IN, **SAMPLES[Reason.JUST_CHECKED_IN]))
    assert (grace.title, grace.instruction) == ("Anda sudah check-in", "Silakan masuk")


def test_a_ticket_window_without_listed_days_is_shown_as_a_window(english: None) -> None:
    w = describe(result(Reason.TICKET_NOT_VALID_TODAY, valid_from=DAY2,
                        valid_until=date(2026, 8, 4)))
    assert "Valid from Sun 2 Aug to Tue 4 Aug" in w.detail
    assert "until Fri 31 Jul" in describe(result(
        Reason.TICKET_NOT_VALID_TODAY, valid_until=date(2026, 7, 31))).detail


def test_ticket_valid_on_day2_scanned_on_day1_names_its_own_day(english: None,
                                                                  tmp_path: Path) -> None:
    """The bug: "Valid on: Sat 1 Aug, Sun 2 Aug" (the event's days) for a day-2 ticket."""
    private, public = generate_keypair()
    replica = Replica(tmp_path / "r.db")
    try:
        replica.upsert_event(Event(id="fn", name="FOSS", timezone="Asia/Jakarta",
                                   days=(DAY1, DAY2), public_key=public))
        replica.upsert_gate(MAIN)
        code = TicketSigner(private).sign(TicketPayload("fn", "d2", "Regular", DAY2, DAY2))
        scanned = CheckInService(replica, gate_id="main", clock=lambda: NOW).scan(code)
    finally:
        replica.close()
    assert scanned.reason is Reason.TICKET_NOT_VALID_TODAY
    words = describe(scanned)
    assert words.detail == "This ticket is not valid today. Valid on: Sun 2 Aug."
