"""Time in one place: instants are stored in UTC; days and clock times are the event's.

An event's day begins at midnight in the event's time zone, and every time a person
reads (on the verdict screen, the desk, badges, the dashboard) is shown in that zone,
whatever zone the machine showing it is set to.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class _HasZone(Protocol):
    @property
    def timezone(self) -> str: ...


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


__all__ = ["event_zone", "local_day", "local_time", "local_timezone_name", "utcnow"]
