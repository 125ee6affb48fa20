"""The central list on one database, by area.

:class:`CentralStore` opens the database and holds one object per area; each area is
its own module:

=================  ==========================================================
``store.feed``     :class:`~kiosk.central.feed.ChangeFeed`: the change log, read by cursor
``store.events``   :class:`~kiosk.central.events.Events`: events and gates
``store.attendees`` :class:`~kiosk.central.attendees.Attendees`: CSV import, edits
``store.codes``    :class:`~kiosk.central.codes.Codes`: signed codes, revocations
``store.devices``  :class:`~kiosk.central.devices.Devices`: pairing, device tokens
``store.ingest``   :class:`~kiosk.central.ingest.Ingest`: uploaded check-ins, walk-ins
``store.dashboard`` :class:`~kiosk.central.dashboard.Dashboard`: organisers' figures
``store.snapshot`` :class:`~kiosk.central.snapshot.Snapshot`: the state, for a first download
``store.snapshot_files`` :class:`~kiosk.central.snapshot_file.SnapshotFiles`: it as a file
=================  ==========================================================

This is the Python API organisers' tools, the server and the demo all use::

    store = CentralStore.open("central.db")          # or a postgresql:// URL
    event = store.events.create("PyCon", days=[date(2026, 12, 1)], gates=[...])
    store.attendees.import_csv("attendees.csv")
    code = store.devices.new_pairing_code(device_name="Hall A").code
"""

from __future__ import annotations

from pathlib import Path

from kiosk.central.attendees import Attendees
from kiosk.central.codes import Codes
from kiosk.central.dashboard import Dashboard
from kiosk.central.db import CentralDB
from kiosk.central.devices import Devices
from kiosk.central.events import Events
from kiosk.central.feed import ChangeFeed
from kiosk.central.ingest import Ingest
from kiosk.central.schema import migrate
from kiosk.central.snapshot import Snapshot
from kiosk.central.snapshot_file import SnapshotFiles


class CentralStore:
    """The central list on one database. Thread-safe (connections are per thread / pooled)."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db
        self.feed = ChangeFeed(db)
        self.events = Events(db, self.feed)
        self.attendees = Attendees(db, self.feed, self.events)
        self.codes = Codes(db, self.feed, self.events)
        self.devices = Devices(db)
        self.ingest = Ingest(db, self.feed, self.attendees, self.devices, self.codes)
        self.dashboard = Dashboard(db)
        self.snapshot = Snapshot(db, self.feed)
        self.snapshot_files = SnapshotFiles.beside(self.snapshot, db.url, db.postgres)

    @classmethod
    def open(cls, url: str | Path, *, pool_size: int = 8, create: bool = True) -> CentralStore:
        """Open (creating and migrating if needed) the central list at ``url``;
        ``create=False`` refuses a path or database where no central list exists."""
        db = CentralDB(url, pool_size=pool_size, create=create)
        try:
            migrate(db, create=create)
        except Exception:
            db.close()
            raise
        return cls(db)

    def close(self) -> None:
        self.feed.close()
        self.db.close()

    def __enter__(self) -> CentralStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
