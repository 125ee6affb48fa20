"""The local SQLite replica of the attendee list: what every scan is decided against."""

from __future__ import annotations

from kiosk.replica.db import Replica

__all__ = ["Replica"]
