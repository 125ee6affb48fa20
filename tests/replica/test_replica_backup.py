"""Online backups (kiosk/backup.py): `kiosk backup` of a replica in use, rotation, a
second folder that is missing, a damaged source that never pushes a good copy out, and
`kiosk central backup` for a SQLite central list (PostgreSQL: pg_dump, said plainly)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.backup import backup_file, backups, latest_good_backup
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from tests.replica.test_replica_doctor import damage_pages
from tests.replica.test_replica_journal import standalone
from tests.sync.test_sync_restore import _scan


def test_backup_while_the_kiosk_holds_the_replica_open(tmp_path: Path, run_kiosk) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db", people=500)
    with Replica(db) as replica:  # the running kiosk's connection, mid-day
        assert _scan(db, "T-1") == ["accepted"]
        proc = run_kiosk("backup", "--db", str(db))
        assert proc.returncode == 0, proc.stderr
        replica.get_meta("device_id")
    copy = backups(tmp_path / "backups", "k")[0]
    assert f"Backed up to {copy}" in proc.stdout
    assert copy.stat().st_mode & 0o077 == 0
    with Replica(copy) as restored:
        assert restored.attendee_count() == 500 and len(restored.checkins()) == 1


def test_rotation_and_a_missing_second_folder(tmp_path: Path, run_kiosk) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db")
    usb = tmp_path / "usb"
    for _ in range(4):
        report = backup_file(db, [tmp_path / "backups", usb], keep=3)
        assert len(report.written) == 2 and not report.problems
    assert len(backups(tmp_path / "backups", "k")) == 3 and len(backups(usb, "k")) == 3
    (tmp_path / "unplugged").write_text("a file where the USB folder should be")
    proc = run_kiosk("backup", "--db", str(db), "--to", str(tmp_path / "backups"),
                     "--to", str(tmp_path / "unplugged" / "stick"))
    assert proc.returncode == 0 and "warning: could not back up to" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_damaged_replica_does_not_push_good_backups_out(tmp_path: Path, run_kiosk) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db", people=2000)
    backup_file(db, keep=2)
    good = backups(tmp_path / "backups", "k")
    damage_pages(db)
    proc = run_kiosk("backup", "--db", str(db), "--keep", "1")
    assert proc.returncode == 1 and "damaged" in proc.stderr and "Traceback" not in proc.stderr
    assert backups(tmp_path / "backups", "k") == good
    assert latest_good_backup(db) == good[0]
    assert not list((tmp_path / "backups").glob("*.tmp"))


def test_central_backup(tmp_path: Path, run_kiosk) -> None:  # type: ignore[no-untyped-def]
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Backup", event_id="bk", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id="B1", event_id="bk", name="B", code="BK-1")])
    proc = run_kiosk("central", "backup", "--db", str(central), "--to", str(tmp_path / "b"))
    assert proc.returncode == 0, proc.stderr
    copy = backups(tmp_path / "b", "central")[0]
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM attendees").fetchone()[0] == 1
    conn.close()
    pg = run_kiosk("central", "backup", "--db", "postgresql://u@localhost/checkin")
    assert pg.returncode == 1 and "pg_dump" in pg.stderr
