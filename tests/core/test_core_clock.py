"""What a kiosk knows about its clock (``judge_clock``) and the day a known-wrong clock
decides by (``day_to_decide``): the rules, on plain values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.core.models import Event, Gate
from kiosk.core.times import CLOCK_BACK_MARGIN, ClockState, judge_clock
from kiosk.core.verdicts import day_to_decide

D1, D2, D3 = date(2026, 8, 1), date(2026, 8, 2), date(2026, 8, 3)
EVENT = Event("fn", "FN", timezone="Asia/Jakarta", days=(D1, D2, D3))
NOON_D2 = datetime(2026, 8, 2, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta on day 2
DEAD_BATTERY = datetime(2000, 1, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("now", "corrected", "seen", "state"), [
    (DEAD_BATTERY, True, NOON_D2, ClockState.CORRECTED),  # measured: trusted whatever
    (NOON_D2, False, None, ClockState.PLAUSIBLE),  # an event day
    (NOON_D2, False, NOON_D2 + timedelta(days=30), ClockState.PLAUSIBLE),  # still a day
    (DEAD_BATTERY, False, None, ClockState.SUSPECT),  # nothing to compare with
    (NOON_D2 - timedelta(days=2), False, NOON_D2 - timedelta(days=3),
     ClockState.SUSPECT),  # the day before, later than anything seen: maybe right
    (DEAD_BATTERY, False, NOON_D2, ClockState.WRONG),  # behind what it already saw
    (NOON_D2 + timedelta(days=5), False, NOON_D2 + timedelta(days=5, minutes=30),
     ClockState.SUSPECT),  # within the margin: another kiosk's clock may be ahead
], ids=["corrected", "event-day", "event-day-behind", "unknown", "day-before", "went-back",
        "margin"])
def test_judge_clock(now: datetime, corrected: bool, seen: datetime | None,
                     state: ClockState) -> None:
    assert judge_clock(now, EVENT, corrected=corrected, seen=seen) is state


def test_an_event_without_days_has_no_wrong_day() -> None:
    undated = Event("x", "X")
    assert judge_clock(DEAD_BATTERY, undated, corrected=False,
                       seen=NOON_D2) is ClockState.PLAUSIBLE
    assert judge_clock(DEAD_BATTERY, None, corrected=False,
                       seen=NOON_D2) is ClockState.PLAUSIBLE
    assert CLOCK_BACK_MARGIN >= timedelta(minutes=30)


def test_the_nearest_event_day_the_ticket_is_valid_on_at_this_gate() -> None:
    main = Gate("main", "fn", "Main")
    workshop = Gate("ws", "fn", "Workshop", days=(D2, D3))
    assert day_to_decide(date(2000, 1, 1), EVENT, main) == D1  # clock behind: first day
    assert day_to_decide(date(2030, 1, 1), EVENT, main) == D3  # ahead: last day
    assert day_to_decide(date(2000, 1, 1), EVENT, workshop) == D2  # the gate's first day
    assert day_to_decide(date(2000, 1, 1), EVENT, main, valid_from=D3) == D3  # the ticket's
    assert day_to_decide(date(2000, 1, 1), EVENT, workshop, valid_until=D2) == D2
    # valid on no event day here: the nearest day, so the refusal says why
    assert day_to_decide(date(2000, 1, 1), EVENT, workshop, valid_until=D1) == D1
    # equally near: the earlier
    two = Event("two", "Two", days=(D1, D3))
    assert day_to_decide(D2, two, main) == D1
    assert day_to_decide(D2, Event("x", "X"), main) == D2  # no days: its own
