"""The time a kiosk decides by: its own clock corrected by the central list's.

Each check-in upload answers with the clock skew the central list measured (its receive
time minus the kiosk's send time, ``clock_skew_seconds`` in ``meta``). A kiosk whose clock
is wrong — an hour, a day, a dead CMOS battery — then decides "today", validity windows
and the times it shows by the corrected time, as long as the correction is within
:data:`MAX_CORRECTION` (beyond that the measurement is not trusted: a week off is a
mistake for staff to fix, not a clock to follow). The recorded check-in keeps both: its
``scanned_at`` is the corrected time, ``device_time`` the kiosk's own.

A kiosk that has never synced has no measurement: when its own day is outside the
event's days, :func:`clock_warning` says so, for staff.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

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


def clock_warning(replica: Replica, event: Event | None) -> tuple[str, str, str] | None:
    """(the kiosk's day, the event's first day, its last day) when this kiosk has no
    clock measurement and its own day is outside the event's days; else None."""
    if event is None or not event.days or replica.get_meta(SKEW_KEY):
        return None
    from kiosk.core.times import event_zone

    today = device_now().astimezone(event_zone(event)).date()
    if today in event.days:
        return None
    first, last = min(event.days), max(event.days)
    return today.isoformat(), first.isoformat(), last.isoformat()
