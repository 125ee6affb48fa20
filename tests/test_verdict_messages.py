"""The English message of a scan result (``kiosk checkin``'s ``message``, logs): one per
reason, made from the reason's data, times in the event's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kiosk.core.models import CheckIn, Direction, Event, Gate
from kiosk.core.verdicts import Reason, ScanResult
from kiosk.verdict_messages import result_json, verdict_message

EVENT = Event(id="fn", name="FOSS", timezone="Asia/Jakarta")
MAIN = Gate(id="main", event_id="fn", name="Main entrance")
NOW = datetime(2026, 8, 1, 2, 12, tzinfo=UTC)


def result(reason: Reason, **kw: object) -> ScanResult:
    return ScanResult(reason=reason, text="X", scanned_at=NOW, gate=MAIN, event=EVENT,
                      **kw)  # type: ignore[arg-type]


def test_one_distinct_message_per_reason() -> None:
    messages = {r: verdict_message(result(r)) for r in Reason}
    assert len(set(messages.values())) == len(Reason)
    assert all(m.endswith((".", "!")) for m in messages.values())


def test_messages_carry_the_reasons_data() -> None:
    prev = CheckIn(id="c1", attendee_id="a", gate_id="main", direction=Direction.ENTRY,
                   scanned_at=datetime(2026, 8, 1, 1, 5, tzinfo=UTC), day=date(2026, 8, 1),
                   verdict="accepted", device_name="Kiosk 2")
    assert verdict_message(result(Reason.ALREADY_IN, previous=prev)) == (
        "Already checked in at Main entrance, 08:05, by Kiosk 2. Please see the desk.")
    day2 = date(2026, 8, 2)
    assert verdict_message(result(Reason.TICKET_NOT_VALID_TODAY, days=(day2,))) == (
        "This ticket is not valid today. It is valid on Sun 02 Aug.")
    assert verdict_message(result(Reason.TICKET_NOT_VALID_TODAY, valid_from=day2)) == (
        "This ticket is not valid today. It is valid from Sun 02 Aug.")
    assert "open on: Sun 02 Aug" in verdict_message(
        result(Reason.GATE_CLOSED_TODAY, days=(day2,)))
    assert verdict_message(result(Reason.FORGED, detail="bad signature")) == (
        "Forged or damaged ticket: bad signature")


def test_json_has_the_code_and_the_message() -> None:
    out = result_json(result(Reason.EVENT_NOT_ON_TODAY, days=(date(2026, 8, 2),)))
    assert out["verdict"] == "wrong_day" and out["reason"] == "event_not_on_today"
    assert out["days"] == ["2026-08-02"]
    assert out["message"] == "The event is not on today. Event days: Sun 02 Aug."
