"""Disk full (kiosk/replica/db.py's DiskFull, the GUI's plain message): on a real small
filesystem (a 6 MB tmpfs mounted for the test; where mounting is not allowed, SQLite's
own limit, ``PRAGMA max_page_count``), a scan that cannot be stored raises DiskFull and
stores nothing — no check-in, no journal record, so no green screen — every scan that
returned is stored, and once space is back the same kiosk records again by itself."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.errors import DiskFull
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.replica.journal import CheckInJournal
from tests.replica.test_replica_journal import standalone


class SmallDisk:
    """A folder on a tiny filesystem that can be filled up and emptied again."""

    def __init__(self, root: Path, *, mount: bool) -> None:
        self.root = root
        # Where mounting is not allowed (no root, a locked-down container) the tmpfs case
        # falls back to SQLite's own limit: the same code paths, a weaker disk.
        self.mounted = mount and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(root)],
            capture_output=True).returncode == 0
        self.replica: Replica | None = None

    def fill(self) -> None:
        if not self.mounted:  # SQLite's own limit: the file may not grow any more
            assert self.replica is not None
            count = self.replica.conn.execute("PRAGMA page_count").fetchone()[0]
            self.replica.conn.execute(f"PRAGMA max_page_count = {count}")
            return
        fd = os.open(self.root / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for chunk in (65536, 512):  # big blocks, then what is left after them
                while True:
                    try:
                        os.write(fd, b"\0" * chunk)
                    except OSError as exc:
                        assert exc.errno == errno.ENOSPC
                        break
        finally:
            os.close(fd)

    def free(self) -> None:
        if not self.mounted:
            assert self.replica is not None
            self.replica.conn.execute("PRAGMA max_page_count = 1073741823")
            return
        (self.root / "filler").unlink()

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.root)], check=False)


@pytest.fixture(params=["tmpfs", "max_page_count"])
def small_disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SmallDisk]:
    root = tmp_path / "disk"
    root.mkdir()
    disk = SmallDisk(root, mount=request.param == "tmpfs")
    try:
        yield disk
    finally:
        disk.close()


def test_a_full_disk_stores_nothing_says_so_and_recovers(small_disk: SmallDisk) -> None:
    db = standalone(small_disk.root / "k.db", people=3000)
    with Replica(db) as replica:
        small_disk.replica = replica
        service = CheckInService(replica, gate_id="main")
        assert str(service.scan("T-0").verdict) == "accepted"
        small_disk.fill()
        admitted: list[str] = []
        refused_at = None
        for i in range(1, 3000):
            try:
                result = service.scan(f"T-{i}")
            except DiskFull as exc:
                assert "disk is full" in str(exc).lower()
                refused_at = i
                break
            admitted.append(result.checkin_id or "")
        assert refused_at is not None, "the disk never filled up"
        small_disk.free()
        # Nothing of the refused scan was stored: the same code is a first entry now.
        again = service.scan(f"T-{refused_at}")
        assert str(again.verdict) == "accepted"
        stored = {c["id"] for c in replica.checkins()}
        assert set(admitted) <= stored  # every scan that returned is on disk
        # T-0's entry is on disk: known (within the grace minute or after it).
        assert str(service.scan("T-0").verdict) in ("just_checked_in", "already_checked_in")
    journaled = {r.id for r in CheckInJournal(db).read().records}
    assert again.checkin_id in journaled
    if small_disk.mounted:
        assert os.statvfs(small_disk.root).f_bavail > 0
