"""The stamps in the SQLite header (``PRAGMA application_id``) that tell the project's two
kinds of database file apart, so each side refuses the other's file by name instead of
damaging it. Both sides read both stamps: they live here, not on either side."""

from __future__ import annotations

#: Every kiosk replica file: "KRPL".
REPLICA_APPLICATION_ID = 0x4B52504C
#: A central list file: "KCEN".
CENTRAL_APPLICATION_ID = 0x4B43454E
