"""Writers of one replica file in one process take turns (kiosk/replica/db.py): a
waiting writer is counted (a long writer such as a snapshot's install lets it go first)
and begins the moment the holder's unit of work ends; one that waits too long gets the
same plain "busy" error as SQLite's own timeout. Real replica files, real threads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kiosk.core.models import Event
from kiosk.errors import ReplicaLocked
from kiosk.replica import db as replica_db
from kiosk.replica.db import Replica


def _wait_until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_a_waiting_writer_is_counted_and_goes_next(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    woken: list[float] = []
    with Replica(path) as holder, Replica(path) as other:
        for round_ in range(4):
            began: list[float] = []

            def write(n: int = round_, began: list[float] = began) -> None:
                with Replica(path) as waiter, waiter.atomic():
                    began.append(time.monotonic())
                    waiter.upsert_event(Event(id=f"w{n}", name="Waiter"))

            with holder.atomic():
                holder.upsert_event(Event(id=f"h{round_}", name="Holder"))
                thread = threading.Thread(target=write)
                thread.start()
                _wait_until(lambda: other.writers_waiting() == 1)
                # Long enough for SQLite's own busy wait to sleep 100 ms between tries.
                time.sleep(0.35)
                assert not began  # still waiting: the holder's unit is open
                ended = time.monotonic()
            thread.join()
            assert other.writers_waiting() == 0
            woken.append(began[0] - ended)
        assert len({e.id for e in other.events()}) == 8
    # Woken by the holder's end, not at SQLite's next try (0-100 ms later).
    assert sorted(woken)[1] < 0.04, woken


def test_a_writer_waiting_too_long_is_told_the_replica_is_busy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica_db, "_TURN_SECONDS", 0.2)
    path = tmp_path / "kiosk.db"
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with Replica(path) as waiter, waiter.atomic():
                waiter.upsert_event(Event(id="w", name="Waiter"))
        except ReplicaLocked as exc:
            errors.append(exc)

    with Replica(path) as holder:
        with holder.atomic():
            thread = threading.Thread(target=write)
            thread.start()
            thread.join()
        assert len(errors) == 1 and "busy" in str(errors[0])
        assert holder.writers_waiting() == 0
        with holder.atomic():  # the turn was given back: writing goes on
            holder.upsert_event(Event(id="h", name="Holder"))
