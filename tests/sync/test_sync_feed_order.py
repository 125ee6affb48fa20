"""The change feed's order on PostgreSQL: a kiosk ends with the central list's state of
every row, whatever order concurrent transactions took their ids and committed in.

The feed is ordered by transaction id (``changes.xid``), not by commit: a transaction
that started first (lower id) but wrote a row *after* a later transaction had written and
committed it leaves the newest state in the central list under the lower id. A kiosk
replaying the feed applied the newest version first and the older one last — and kept
the older one (noticed by the snapshot work of issue 14; shown here). On SQLite there is
one writer at a time, so ids follow commits.

A real PostgreSQL, a real `kiosk serve`, a real replica; the interleaving is forced with
two threads: the long transaction (an import chunk, say) writes another row first, then
waits while an organiser's edit of the person commits, then writes the person itself.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests import central_fixtures
from tests.central_fixtures import start_serve

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def _person(pid: str, name: str, organisation: str = "") -> Attendee:
    return Attendee(id=pid, event_id="e", name=name, code=f"C-{pid}",
                    organisation=organisation)


@pytest.mark.postgres
def test_a_row_written_last_by_an_older_transaction_reaches_the_kiosk_as_written(
        pg_url: str, tmp_path: Path) -> None:
    with CentralStore.open(pg_url) as store:
        store.events.create("Conf", event_id="e", timezone="UTC",
                            gates=[Gate("main", "", "Main")])
        store.attendees.upsert([_person("X", "Dewi"), _person("Y", "Budi")])
        code = store.devices.new_pairing_code(device_name="K").code

        started, edited = threading.Event(), threading.Event()
        errors: list[BaseException] = []

        def long_transaction() -> None:
            def work(tx: object) -> None:
                # Its id is taken here, before the organiser's edit.
                store.attendees.upsert_in(tx, [_person("Y", "Budi", "Gojek")])
                started.set()
                assert edited.wait(30)
                # ... and it writes X after that edit committed: the newest X.
                store.attendees.upsert_in(tx, [_person("X", "Dewi Lestari", "Tokopedia")])

            try:
                store.db.run(work, attempts=1)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        thread = threading.Thread(target=long_transaction)
        thread.start()
        assert started.wait(30)
        store.attendees.upsert([_person("X", "Dewi S.")])  # the organiser's edit: commits
        edited.set()
        thread.join(30)
        assert not errors, errors
        newest = store.attendees.get("X")
        assert newest.name == "Dewi Lestari"  # the central list holds the last write

        server = start_serve(pg_url)
        try:
            with SyncEngine(tmp_path / "k.db") as engine:
                engine.pair(server.url, code)
                assert engine.sync().ok
            with Replica(tmp_path / "k.db") as replica:
                kept = replica.get_attendee("X")
                assert kept is not None
                assert (kept.name, kept.organisation) == ("Dewi Lestari", "Tokopedia")
                assert replica.get_attendee("Y").organisation == "Gojek"
        finally:
            server.stop()
