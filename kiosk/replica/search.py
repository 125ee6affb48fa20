"""The replica's folded-name index (``attendee_names``, contentless FTS5): its triggers
call :func:`kiosk.core.search_fold.name_keys` as the SQL function ``kiosk_name_keys``,
registered on every replica connection (:func:`register`) so that every writer indexes
the same way.

Contentless: the index deletes a row by the keys it was given, so they must be the ones
the triggers compute. Keys computed ahead of time (a snapshot's staged rows,
kiosk/replica/snapshot.py) carry :data:`RULE_MARK`, and are thrown away when it changed.
"""

from __future__ import annotations

import sqlite3

from kiosk.core.search_fold import name_keys
from kiosk.core.snapshot_file import RULE_MARK

SQL_FUNCTION = "kiosk_name_keys"

__all__ = ["RULE_MARK", "SQL_FUNCTION", "name_keys", "register"]


def register(conn: sqlite3.Connection) -> None:
    """Make ``kiosk_name_keys(name, organisation)`` callable by this connection's triggers."""
    conn.create_function(SQL_FUNCTION, 2, name_keys, deterministic=True)
