"""The time a kiosk decides by: its own clock corrected by the central list's.

Each check-in upload answers with the clock skew the central list measured (its receive
time minus the kiosk's send time, ``clock_skew_seconds`` in ``meta``). A kiosk whose clock
is wrong — an hour, a day, a dead CMOS battery — then decides "today", validity windows
and the times it shows by the corrected time, as long as the correction is within
:data:`MAX_CORRECTION` (beyond that the measurement is not trusted: a week off is a
mistake for staff to fix, not a clock to follow). The recorded check-in keeps both: its
``scanned_at`` is the corrected time, ``device_time`` the kiosk's own.

A kiosk that has never synced has no measurement: when its own day is outside the
event's days, the rule :func:`kiosk.core.times.judge_clock` calls its clock "suspect"
(maybe the day before the event: day rules apply, staff are told) or, when it is behind
a time this replica has already seen, "wrong" (it went back: the check-in service then
decides by the nearest event day the ticket is valid on, ``day_to_decide``).
:func:`clock_state` gathers what the rule needs from the replica; :func:`clock_warning`
is what the staff banner says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from kiosk.core.times import ClockState, judge_clock, local_day

if TYPE_CHECKING:
    from kiosk.core.models import Event
    from kiosk.replica.db import Replica

#: Corrections larger than this are not applied (see the module docstring).
MAX_CORRECTION = timedelta(days=7)
SKEW_KEY = "clock_skew_seconds"  # written by the sync engine (MetaKey.CLOCK_SKEW_SECONDS)


def device_now() -> datetime:
    """This machine's own clock."""
    return datetime.now(UTC)


def measured_skew(replica: Replica) -> timedelta | None:
    """The central list's clock minus ours, when measured and within bounds."""
    text = replica.get_meta(SKEW_KEY)
    if not text:
        return None
    try:
        skew = timedelta(seconds=float(text))
    except ValueError:
        return None
    return skew if abs(skew) <= MAX_CORRECTION else None


class CorrectedClock:
    """``clock()`` -> now by the central list's clock (our own when not measured)."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def __call__(self) -> datetime:
        skew = measured_skew(self.replica)
        now = device_now()
        return now + skew if skew is not None else now


def latest_seen(replica: Replica) -> datetime | None:
    """The latest time this replica has already been at: its pairing, its last good sync
    (both on this kiosk's clock then) and the latest check-in it holds (one step of the
    ``checkins_scanned_at`` index, not a scan of the day)."""
    from kiosk.replica.changes import MetaKey
    from kiosk.replica.db import parse_iso

    texts = [replica.get_meta(MetaKey.PAIRED_AT), replica.get_meta(MetaKey.LAST_SYNC_OK_AT)]
    row = replica.conn.execute(
        "SELECT max(scanned_at) FROM checkins").fetchone()
    texts.append(row[0] if row else None)
    seen = []
    for text in texts:
        try:
            if text:
                seen.append(parse_iso(text))
        except ValueError:
            continue
    return max(seen, default=None)


def clock_state(replica: Replica, now: datetime, event: Event | None) -> ClockState:
    """What this kiosk knows about ``now`` for ``event``'s days (the rule is core's)."""
    corrected = measured_skew(replica) is not None
    if corrected or event is None or not event.days or local_day(now, event) in event.days:
        seen = None  # the rule does not look further: spare the reads
    else:
        seen = latest_seen(replica)
    return judge_clock(now, event, corrected=corrected, seen=seen)


def clock_warning(replica: Replica, event: Event | None,
                  now: datetime | None = None) -> tuple[ClockState, str, str, str] | None:
    """(what is known of the clock, the kiosk's day, the event's first day, its last day)
    when the clock is suspect or wrong for ``event`` (see the module); else None."""
    if event is None or not event.days:
        return None
    now = now or CorrectedClock(replica)()
    state = clock_state(replica, now, event)
    if state not in (ClockState.SUSPECT, ClockState.WRONG):
        return None
    first, last = min(event.days), max(event.days)
    return state, local_day(now, event).isoformat(), first.isoformat(), last.isoformat()
