"""`kiosk doctor` and the rebuild behind it (kiosk/replica/doctor.py), on real files:
pages overwritten in the middle of the file, a truncated file and a deleted file are
found, moved aside and rebuilt — a stand-alone kiosk from its last good backup, a paired
one from the central list (a real `kiosk serve`) — with every journaled check-in back,
and a doctor killed with SIGKILL in the middle of a rebuild simply starts again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.backup import backup_file
from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.replica.doctor import examine, heal, is_damage
from kiosk.replica.journal import CheckInJournal
from kiosk.sync.engine import SyncEngine
from kiosk.sync.rebuild import first_download
from tests.central_fixtures import central_list, start_serve
from tests.kiosktest import kiosk_argv, kiosk_env
from tests.replica.test_replica_journal import standalone
from tests.sync.test_sync_restore import _local_checkin_ids, _scan


def damage_pages(path: Path) -> None:
    """Overwrite the start of every third page after the first two with random bytes."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        for offset in range(4096 * 2, size - 4096, 4096 * 3):
            f.seek(offset)
            f.write(os.urandom(2000))


def truncate(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 3)


def delete(path: Path) -> None:
    path.unlink()


def test_a_damaged_replica_fails_quick_check_and_the_error_counts_as_damage(
        db_path: Path) -> None:
    standalone(db_path, people=2000)
    assert examine(db_path).ok
    damage_pages(db_path)
    finding = examine(db_path)
    assert finding.state == "damaged" and finding.detail
    with pytest.raises(Exception) as caught:  # noqa: PT011 - whatever SQLite raises
        with Replica(db_path) as replica:
            replica.search("Person")
            replica.conn.execute("SELECT count(*) FROM attendees_fts").fetchall()
    assert is_damage(caught.value)
    assert not is_damage(sqlite3.OperationalError("database is locked"))


@pytest.mark.parametrize("harm", [damage_pages, truncate, delete],
                         ids=["damaged-pages", "truncated", "deleted"])
def test_standalone_replica_is_rebuilt_from_backup_and_journal(
        tmp_path: Path, run_kiosk: object, harm: object) -> None:
    db = standalone(tmp_path / "k.db", people=2000)
    assert _scan(db, "T-1", "T-2") == ["accepted"] * 2
    backup_file(db)
    assert _scan(db, "T-3", "T-4") == ["accepted"] * 2  # after the backup: journal only
    with Replica(db) as replica:
        walkin = CheckInService(replica, gate_id="main").register_walkin(name="Walk In")
    before = _local_checkin_ids(db)
    harm(db)  # type: ignore[operator]
    proc = run_kiosk("doctor", "--db", str(db))  # type: ignore[operator]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Rebuilt from: backup" in proc.stdout
    assert "2 check-in(s), 1 walk-in(s)" in proc.stdout
    if harm is not delete:
        assert "moved aside" in proc.stdout
        assert list(tmp_path.glob("k.db.damaged-*"))  # kept for inspection
    assert examine(db).ok
    assert _local_checkin_ids(db) == before
    with Replica(db) as replica:
        assert replica.attendee_count() == 2001 and replica.get_attendee(walkin.id)
        assert replica.pending_upload_count() == 5  # 4 check-ins + the walk-in
    # Back in service: the rebuilt replica remembers who is already in.
    # (T-3 within the grace minute of its entry, or after it: never a second entry.)
    known, fresh = _scan(db, "T-3", "T-5")
    assert known in ("just_checked_in", "already_checked_in") and fresh == "accepted"
    again = run_kiosk("doctor", "--db", str(db), "--json")  # type: ignore[operator]
    assert json.loads(again.stdout)["state"] == "ok" and again.returncode == 0


def test_check_only_reports_and_changes_nothing(tmp_path: Path, run_kiosk: object) -> None:
    db = standalone(tmp_path / "k.db", people=2000)
    damage_pages(db)
    proc = run_kiosk("doctor", "--db", str(db), "--check-only")  # type: ignore[operator]
    assert proc.returncode == 1 and "damaged" in proc.stdout
    assert not list(tmp_path.glob("k.db.damaged-*"))


def test_without_a_backup_the_checkins_come_back_and_it_says_to_import(
        tmp_path: Path) -> None:
    db = standalone(tmp_path / "k.db")
    _scan(db, "T-1")
    truncate(db)
    report = heal(db)
    assert report.complete and report.source == "journal only"
    assert any("imported again" in p for p in report.problems)
    assert len(_local_checkin_ids(db)) == 1


def test_paired_replica_is_rebuilt_from_the_central_list(tmp_path: Path) -> None:
    central, code = central_list(tmp_path, "DR", 3000)
    db = tmp_path / "k.db"
    with CentralStore.open(central) as store, run_in_thread(store) as handle:
        with SyncEngine(db) as engine:
            engine.pair(handle.url, code)
            assert engine.sync().ok
            assert _scan(db, "DR-1", "DR-2") == ["accepted"] * 2
            assert engine.sync().ok
        # Not uploaded yet when the file breaks: only the journal has these.
        assert _scan(db, "DR-3", "DR-4") == ["accepted"] * 2
        before = _local_checkin_ids(db)
        damage_pages(db)
        lines: list[str] = []
        report = heal(db, progress=lines.append, download=first_download)
        assert report.complete and report.source == "central list", report.lines()
        assert report.attendees == 3000 and report.moved_to is not None
        assert any(line.startswith("download") for line in lines)
        with Replica(db) as replica:
            assert {c["id"] for c in replica.checkins()} >= before
            assert replica.pending_upload_count() == 0  # re-uploaded during the rebuild
        assert store.ingest.count() == 4  # each once: uploads are idempotent
        # Its entry is known (within the grace minute or after it).
        assert _scan(db, "DR-3")[0] in ("just_checked_in", "already_checked_in")
    # Everything is acknowledged: the journal keeps only the identity.
    assert [r.kind for r in CheckInJournal(db).read().records] == ["meta"]


def test_kill_9_during_a_rebuild_then_doctor_again(tmp_path: Path) -> None:
    central, code = central_list(tmp_path, "DR", 30000)
    server = start_serve(central)
    db = tmp_path / "k.db"
    try:
        with SyncEngine(db) as engine:
            engine.pair(server.url, code)
            assert engine.sync().ok
        assert _scan(db, "DR-7", "DR-8") == ["accepted"] * 2  # not uploaded
        before = _local_checkin_ids(db)
        truncate(db)
        proc = subprocess.Popen(kiosk_argv("doctor", "--db", str(db)), env=kiosk_env(),
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            # 30,000 attendees come as a snapshot (kiosk/sync/snapshot.py), resumed by
            # the second doctor from its staged pages.
            if line.startswith(("snapshot ", "download ")) and "/" in line:
                done, total = line.split()[1].split("/")
                if int(done) < int(total):
                    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the download
                    break
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert not db.exists() and Path(str(db) + ".rebuilding").exists()
        again = subprocess.run(kiosk_argv("doctor", "--db", str(db)), env=kiosk_env(),
                               capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "Found: missing" in again.stdout and "central list" in again.stdout
        assert _local_checkin_ids(db) >= before
        with Replica(db) as replica:
            assert replica.attendee_count() == 30000
    finally:
        server.stop()
    with CentralStore.open(central) as store:
        assert store.ingest.count() == 2
