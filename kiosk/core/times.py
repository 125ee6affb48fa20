"""Time in one place: instants are stored in UTC; days and clock times are the event's.

An event's day begins at midnight in the event's time zone, and every time a person
reads (on the verdict screen, the desk, badges, the dashboard) is shown in that zone,
whatever zone the machine showing it is set to.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class _HasZone(Protocol):
    @property
    def timezone(self) -> str: ...


class _HasDays(_HasZone, Protocol):
    @property
    def days(self) -> Collection[date]: ...


def utcnow() -> datetime:
    return datetime.now(UTC)


def event_zone(event: _HasZone | None) -> tzinfo:
    """The event's time zone, where its days begin and its times are shown; UTC when there
    is no event or its zone is unknown here (one rule for deciding and for showing)."""
    if event is not None:
        try:
            return ZoneInfo(event.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def local_day(ts: datetime, event: _HasZone | None) -> date:
    """The calendar day of the instant ``ts`` in the event's time zone."""
    return ts.astimezone(event_zone(event)).date()


def local_time(ts: datetime, event: _HasZone | None, *, seconds: bool = False) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) of the instant ``ts`` in the event's time zone."""
    return ts.astimezone(event_zone(event)).strftime("%H:%M:%S" if seconds else "%H:%M")


def local_timezone_name() -> str:
    """The IANA name of this machine's time zone, or UTC when it cannot be told: only the
    default zone of an event created on this machine, never a zone to show times in."""
    tz = os.environ.get("TZ")
    if tz and "/" in tz:
        return tz
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    return "UTC"


# -- how far a kiosk's clock can be trusted for "today" ------------------------------


class ClockState(StrEnum):
    """What a kiosk knows about the clock it decides "today" by (:func:`judge_clock`)."""

    #: Measured against the central list's clock and corrected.
    CORRECTED = "corrected"
    #: Not measured, but on one of the event's days (or the event lists none).
    PLAUSIBLE = "plausible"
    #: Not measured and outside the event's days: the day before the event, or a wrong
    #: clock; the kiosk cannot tell. Day rules apply as they are; staff are told.
    SUSPECT = "suspect"
    #: Not measured, outside the event's days, and behind a time this kiosk has already
    #: seen (its pairing, its last sync, the newest check-in it stored): the clock went
    #: back — a flat CMOS battery, a reset. The day cannot be told from it.
    WRONG = "wrong"


#: How far behind a time already seen the clock must be to count as gone back (the
#: newest check-in may be another kiosk's, on that kiosk's clock).
CLOCK_BACK_MARGIN = timedelta(hours=1)


def judge_clock(now: datetime, event: _HasDays | None, *, corrected: bool,
                seen: datetime | None) -> ClockState:
    """How far ``now`` (the time a kiosk decides by) can be trusted for the event's day.

    ``corrected``: the central list's clock was measured and applied; ``seen``: the
    latest time this kiosk has already recorded or been told (None: none). The one rule
    for the check-in service and the staff banner."""
    if corrected:
        return ClockState.CORRECTED
    if event is None or not event.days or local_day(now, event) in event.days:
        return ClockState.PLAUSIBLE
    if seen is not None and now < seen - CLOCK_BACK_MARGIN:
        return ClockState.WRONG
    return ClockState.SUSPECT


# -- the times the central list keeps -----------------------------------------------

#: Times the central list keeps are within this century; anything else is a device's
#: clock gone wrong (1970 after a flat battery) or a hostile client.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


#: How far past the central list's receive time a kiosk's scan time may be and still be
#: kept as it says: a kiosk corrects its clock by the skew its last upload measured, good
#: to about a round trip. Later than that is a clock running ahead that was not corrected
#: yet — or a device lying about when (to have a ticket judged on a day still to come).
FUTURE_MARGIN = timedelta(minutes=1)


def plausible_time(ts: datetime) -> bool:
    """Is ``ts`` (aware) within :data:`EARLIEST` .. :data:`LATEST`?"""
    return EARLIEST <= ts < LATEST


def kept_scan_time(scanned_at: datetime, *, skew: timedelta | None,
                   received_at: datetime) -> datetime:
    """The time the central list keeps for an uploaded check-in.

    The kiosk's ``scanned_at`` (already corrected by the kiosk when its measured skew is
    under a week) when it is plausible: in this century and not after the list received
    it (:data:`FUTURE_MARGIN`). A kiosk clock outside this century — a flat CMOS battery
    that never synced, or off by more than the kiosk's own correction — or ahead of the
    receive time is corrected by the skew the upload batch itself measured (the list's
    receive time minus the kiosk's send time: the same wrong clock), else it is the
    receive time: a scan never happened after its upload. The check-in is never refused
    for its kiosk's clock; ``device_time`` keeps what the kiosk said. The central list
    takes a check-in's day from this time (:func:`local_day`, the kiosk's rule), never
    from the ``day`` a device sends."""
    if plausible_time(scanned_at) and scanned_at <= received_at + FUTURE_MARGIN:
        return scanned_at
    if skew is not None:
        try:
            corrected = scanned_at + skew
        except OverflowError:
            corrected = received_at
        if plausible_time(corrected) and corrected <= received_at:
            return corrected
    return received_at


__all__ = ["CLOCK_BACK_MARGIN", "EARLIEST", "FUTURE_MARGIN", "LATEST", "ClockState",
           "kept_scan_time",
           "plausible_time", "event_zone", "judge_clock", "local_day",
           "local_time", "local_timezone_name", "utcnow"]
