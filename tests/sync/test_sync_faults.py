"""Five kiosks x 2,000 check-ins through a fault-injecting proxy (dropped connections,
delays, responses cut off after the server committed): the central list ends with
exactly 10,000 check-ins, none lost or doubled, and every replica converges."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.core.verdicts import Verdict
from kiosk.replica.changes import MetaKey
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import FaultProxy, Faults, start_serve

KIOSKS = 5
PER_KIOSK = 2000


def _code(k: int, i: int) -> str:
    return f"K{k}-T{i:05d}"


@pytest.mark.slow
def test_five_kiosks_through_faulty_network_converge_exactly(tmp_path: Path) -> None:
    central_db = tmp_path / "central.db"
    with CentralStore.open(central_db) as store:
        store.events.create("Faults", event_id="faults", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([
            Attendee(id=f"A{k}-{i}", event_id="faults", name=f"Person {k}/{i}", code=_code(k, i))
            for k in range(KIOSKS) for i in range(PER_KIOSK)])
        codes = [store.devices.new_pairing_code(device_name=f"Kiosk {k}").code
                 for k in range(KIOSKS)]

    server = start_serve(central_db)
    port = int(server.url.rsplit(":", 1)[1])
    proxy = FaultProxy(port, Faults(drop=0.08, cut_response=0.15, delay=0.15,
                                    max_delay=0.2)).start()
    engines: list[SyncEngine] = []
    errors: list[str] = []
    try:
        paths = [tmp_path / f"kiosk{k}.db" for k in range(KIOSKS)]
        for k, path in enumerate(paths):
            engine = SyncEngine(path)
            engine.pair(server.url, codes[k])  # pairing itself is not the subject here
            with Replica(path) as replica:  # ... but everything after goes through faults
                replica.set_meta(MetaKey.SERVER_URL, proxy.url)
            engines.append(engine)

        def kiosk(k: int) -> None:
            try:
                engine = engines[k]
                for _ in range(100):  # first download, through the faults
                    if engine.sync(force=True).ok:
                        break
                with Replica(paths[k]) as replica:
                    service = CheckInService(replica)
                    for i in range(PER_KIOSK):
                        result = service.scan(_code(k, i))
                        assert result.verdict is Verdict.ACCEPTED, result
                        if i % 250 == 249:
                            engine.sync(force=True)  # may fail: that is the point
                for _ in range(200):
                    result = engine.sync(force=True)
                    if result.ok and engine.status().pending_uploads == 0:
                        break
                else:
                    errors.append(f"kiosk {k} never finished uploading: {result}")
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(f"kiosk {k}: {exc!r}")

        threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(KIOSKS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        assert not errors, errors
        faulted = dict(proxy.stats)

        # The network heals: everyone syncs until nothing moves.
        proxy.faults = Faults()
        for _ in range(2):
            for engine in engines:
                result = engine.sync(force=True)
                assert result.ok, (result.error, proxy.stats)

        with CentralStore.open(central_db) as store:
            rows = store.ingest.all()
        ids = [r["id"] for r in rows]
        assert len(rows) == KIOSKS * PER_KIOSK
        assert len(set(ids)) == len(ids)
        assert not any(r["duplicate"] for r in rows)  # each attendee admitted once
        assert len({r["attendee_id"] for r in rows}) == KIOSKS * PER_KIOSK

        local_ids: set[str] = set()
        retried = 0
        for k, path in enumerate(paths):
            with Replica(path) as replica:
                mine = [c for c in replica.checkins() if c["origin"] == "local"]
                assert len(mine) == PER_KIOSK
                local_ids |= {c["id"] for c in mine}
                assert replica.pending_upload_count() == 0
                # Converged: every replica holds every check-in, with the server's stamps.
                everything = replica.checkins()
                assert len(everything) == KIOSKS * PER_KIOSK
                assert all(c["received_at"] for c in everything)
                retried += replica.conn.execute(
                    "SELECT count(*) FROM outbox WHERE attempts > 0").fetchone()[0]
                # ... so another kiosk's attendee is "already checked in" here.
                other = (k + 1) % KIOSKS
                again = CheckInService(replica).scan(_code(other, 7))
                assert again.verdict is Verdict.ALREADY_CHECKED_IN
        assert local_ids == set(ids)
        # The faults really happened, and uploads really were retried.
        assert faulted["dropped"] > 0 and faulted["cut"] > 0 and faulted["delayed"] > 0
        assert retried > 0
        # Some batches were committed, their answers lost, sent again, and answered
        # "already stored" (not stored twice: the counts above are exact).
        assert faulted["replayed"] > 0, faulted
        print("fault proxy:", faulted, "outbox entries retried:", retried)
        assert server.alive()
    finally:
        for engine in engines:
            engine.close()
        proxy.stop()
        server.stop()
