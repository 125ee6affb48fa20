"""The check-in journal beside the replica (kiosk/replica/journal.py): every outbox entry
appended once its transaction commits, nothing for a rolled-back one, damaged and torn
records skipped and reported with the rest kept, a process killed with SIGKILL while
appending loses no record it had confirmed, and the entries the central list
acknowledged leave the journal after a sync (a real server on loopback)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.models import Attendee, Event, Gate
from kiosk.errors import KioskError
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.replica.journal import CheckInJournal, journal_path
from tests.central_fixtures import paired_kiosk

ROOT = Path(__file__).resolve().parents[2]


def standalone(path: Path, people: int = 5) -> Path:
    with Replica(path) as replica:
        replica.upsert_event(Event("ev", "Event"))
        replica.upsert_gate(Gate("main", "ev", "Main"))
        replica.upsert_attendees([Attendee(id=f"A{i}", event_id="ev", name=f"Person {i}",
                                           code=f"T-{i}") for i in range(people)])
    return path


def test_every_outbox_entry_is_journaled_once_committed(db_path: Path) -> None:
    standalone(db_path)
    with Replica(db_path) as replica:
        service = CheckInService(replica, gate_id="main")
        first = service.scan("T-1")
        assert first.checkin_id
        assert str(service.scan("T-1").verdict) == "just_checked_in"  # the grace: no entry
        assert str(service.scan("NOPE").verdict) == "unknown"
        undo = service.undo(first.checkin_id)
        walkin = service.register_walkin(name="Walk In")
        with pytest.raises(KioskError), replica.atomic():  # rolled back: not journaled
            service.scan("T-2")
            raise KioskError("the transaction fails after the scan")
        assert replica.get_checkin(first.checkin_id) is not None
    read = CheckInJournal(db_path).read()
    assert read.skipped == []
    assert [(r.kind, r.id) for r in read.records] == [
        ("checkin", first.checkin_id), ("checkin", undo.id), ("attendee", walkin.id)]
    assert read.records[0].row["attendee_id"] == "A1"
    assert read.records[1].row["undoes"] == first.checkin_id
    assert read.records[2].row["name"] == "Walk In"
    assert journal_path(db_path).stat().st_mode & 0o077 == 0  # owner only


def test_a_damaged_record_is_skipped_and_reported_the_rest_kept(db_path: Path) -> None:
    standalone(db_path)
    with Replica(db_path) as replica:
        service = CheckInService(replica, gate_id="main")
        ids = [service.scan(f"T-{i}").checkin_id for i in range(4)]
    path = journal_path(db_path)
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1][:40] + b"X" + lines[1][41:]  # one byte changed in record 2
    path.write_bytes(b"\n".join(lines))
    read = CheckInJournal(db_path).read()
    assert [r.id for r in read.records] == [ids[0], ids[2], ids[3]]
    assert read.skipped == [(2, "checksum mismatch (damaged)")]


def test_a_torn_last_record_is_reported_and_the_next_append_is_whole(db_path: Path) -> None:
    standalone(db_path)
    with Replica(db_path) as replica:
        service = CheckInService(replica, gate_id="main")
        ids = [service.scan(f"T-{i}").checkin_id for i in range(2)]
    path = journal_path(db_path)
    data = path.read_bytes()
    path.write_bytes(data[:-30])  # a power cut in the middle of the last write
    read = CheckInJournal(db_path).read()
    assert [r.id for r in read.records] == [ids[0]]
    assert read.skipped == [(2, "incomplete last record (the write was interrupted)")]
    with Replica(db_path) as replica:
        later = CheckInService(replica, gate_id="main").scan("T-3").checkin_id
    read = CheckInJournal(db_path).read()
    assert [r.id for r in read.records] == [ids[0], later]
    assert len(read.skipped) == 1


_APPENDER = """
import sys
from kiosk.replica.journal import CheckInJournal
journal = CheckInJournal(sys.argv[1])
n = 0
while True:
    journal.append("checkin", f"id-{n}", {"id": f"id-{n}", "pad": "x" * 3000})
    print(n, flush=True)
    n += 1
"""


def test_kill_9_while_appending_loses_no_confirmed_record(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _APPENDER, str(db)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    confirmed = -1
    deadline = time.monotonic() + 30
    while confirmed < 200 and time.monotonic() < deadline:
        confirmed = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert confirmed >= 200
    read = CheckInJournal(db).read()
    ids = [r.id for r in read.records]
    # Every append that returned is there, in order; at most the one in flight is torn.
    assert ids[: confirmed + 1] == [f"id-{n}" for n in range(confirmed + 1)]
    assert len(read.skipped) <= 1
    CheckInJournal(db).append("checkin", "after", {"id": "after"})
    assert CheckInJournal(db).read().records[-1].id == "after"


def test_acknowledged_entries_leave_the_journal_after_a_sync(tmp_path: Path) -> None:
    with paired_kiosk(tmp_path, "JR", 6) as (db, handle, engine):
        with Replica(db) as replica:
            service = CheckInService(replica, gate_id="main")
            for i in range(3):
                assert str(service.scan(f"JR-{i}").verdict) == "accepted"
            service.register_walkin(name="Walk In")
        assert len(CheckInJournal(db).read().records) >= 4
        assert engine.sync().ok
        kept = CheckInJournal(db).read().records
        # Only the device's identity is left: everything else is on the central list.
        assert [r.kind for r in kept] == ["meta"]
        assert kept[0].row["server_url"] == handle.url and kept[0].row["device_token"]
        with Replica(db) as replica:
            late = CheckInService(replica, gate_id="main").scan("JR-4").checkin_id
    # The server is gone: the newest check-in stays in the journal until acknowledged.
    assert [r.id for r in CheckInJournal(db).read().records if r.kind == "checkin"] == [late]
