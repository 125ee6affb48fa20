"""The running kiosk heals a damaged replica (kiosk/gui/replica_health.py): real widgets
offscreen, a real replica file damaged under the running app. The scheduled check and a
scan hitting a damaged page both switch it to "rebuilding" (scans are not taken, the
banner sends attendees to the desk), the file is rebuilt from the last backup plus the
check-in journal, and scanning resumes with every check-in still known. A replica too
broken to open at all is rebuilt before the window opens."""

from __future__ import annotations

from pathlib import Path

from kiosk.backup import backup_file
from tests.replica.test_replica_doctor import damage_pages, truncate
from tests.replica.test_replica_journal import standalone


def _verdict(ctx, code: str) -> str | None:  # type: ignore[no-untyped-def]
    result = ctx.controller.scan(code, source="usb")
    return str(result.verdict) if result is not None else None


def test_damage_found_while_running_is_rebuilt_and_scanning_resumes(
        make_context, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db", people=3000)
    backup_file(db)
    ctx = make_context(db, gate_id="main", mode="kiosk")
    banner: list[str] = []
    ctx.controller.problem.connect(banner.append)
    ctx.start()
    qtbot.waitUntil(lambda: ctx.health.last_finding is not None, timeout=20000)
    assert ctx.health.last_finding.ok and ctx.health.state == "ok"
    assert _verdict(ctx, "T-1") == "accepted"
    damage_pages(db)
    # Scans reach damaged pages: the first failure starts the rebuild.
    for i in range(2, 3000, 97):
        if _verdict(ctx, f"T-{i}") is None:
            break
    assert ctx.health.state == "rebuilding"
    assert any("rebuilding" in m and "desk" in m for m in banner)
    assert _verdict(ctx, "T-2999") is None  # no scan is taken meanwhile
    qtbot.waitUntil(lambda: ctx.health.state == "ok" and ctx.health.last_report is not None,
                    timeout=60000)
    assert ctx.health.last_report.complete, ctx.health.last_report.lines()
    assert banner[-1] == ""  # the banner is cleared
    # The journal brought its entry back (within the grace minute or after it: never a
    # second entry).
    assert _verdict(ctx, "T-1") in ("just_checked_in", "already_checked_in")
    assert _verdict(ctx, "T-2999") == "accepted"
    assert list(tmp_path.glob("k.db.damaged-*"))


def test_the_scheduled_check_finds_damage(make_context, qtbot, tmp_path: Path
                                          ) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db", people=3000)
    backup_file(db)
    ctx = make_context(db, gate_id="main", mode="kiosk")
    ctx.start()
    qtbot.waitUntil(lambda: ctx.health.last_finding is not None, timeout=20000)
    damage_pages(db)
    ctx.health.check_now()  # what the timer does every 30 minutes
    qtbot.waitUntil(lambda: ctx.health.last_report is not None, timeout=60000)
    qtbot.waitUntil(lambda: ctx.health.state == "ok", timeout=20000)
    assert ctx.health.last_report.found.state == "damaged"
    assert _verdict(ctx, "T-7") == "accepted"


def test_a_replica_that_cannot_be_opened_is_rebuilt_before_start(
        make_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db", people=3000)
    backup_file(db)
    from kiosk.replica.checkin import CheckInService
    from kiosk.replica.db import Replica

    with Replica(db) as replica:
        assert CheckInService(replica, gate_id="main").scan("T-4").checkin_id
    truncate(db)
    ctx = make_context(db, gate_id="main", mode="kiosk")
    assert _verdict(ctx, "T-4") in ("just_checked_in", "already_checked_in")  # known
    assert ctx.replica.attendee_count() == 3000


def test_scheduled_backups_go_to_both_folders(make_context, qtbot, tmp_path: Path
                                              ) -> None:  # type: ignore[no-untyped-def]
    from kiosk.backup import backups

    db = standalone(tmp_path / "k.db", people=100)
    from kiosk.core.config import DeviceConfig
    from kiosk.replica.db import Replica

    with Replica(db) as replica:
        DeviceConfig(replica).set("backup_folder", str(tmp_path / "usb"))
    ctx = make_context(db, gate_id="main", mode="kiosk")
    assert _verdict(ctx, "T-3") == "accepted"
    ctx.health.backup_now()  # what the timer does every backup_minutes
    qtbot.waitUntil(lambda: ctx.health.last_backup is not None, timeout=20000)
    assert len(backups(tmp_path / "backups", "k")) == 1
    assert len(backups(tmp_path / "usb", "k")) == 1


def test_a_full_disk_shows_no_verdict_says_so_and_recovers(make_context, qtbot, tmp_path: Path
                                                           ) -> None:  # type: ignore[no-untyped-def]
    db = standalone(tmp_path / "k.db", people=100)
    ctx = make_context(db, gate_id="main", mode="kiosk")
    banner: list[str] = []
    shown: list[object] = []
    ctx.controller.problem.connect(banner.append)
    ctx.controller.verdict_ready.connect(shown.append)
    pages = ctx.replica.conn.execute("PRAGMA page_count").fetchone()[0]
    ctx.replica.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's "disk full"
    for i in range(100):
        if _verdict(ctx, f"T-{i}") is None:
            break
    assert banner and "disk is full" in banner[-1] and "desk" in banner[-1]
    failed_at = i
    assert len(shown) == failed_at  # no verdict for the scan that was not stored
    assert ctx.health.state == "ok"  # a full disk is not a damaged file
    ctx.replica.conn.execute("PRAGMA max_page_count = 1073741823")  # space is back
    assert _verdict(ctx, f"T-{failed_at}") == "accepted"


def test_staff_are_told_when_a_never_synced_clock_is_outside_the_event(
        make_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from tests.replica.test_replica_clock import _replica_for

    db = _replica_for(tmp_path / "k.db", datetime.now(UTC) + timedelta(days=2))
    ctx = make_context(db, gate_id="main", mode="kiosk")
    banner: list[str] = []
    ctx.controller.problem.connect(banner.append)
    ctx.start()
    assert banner and "clock says" in banner[0] and "outside the event's days" in banner[0]


def test_a_clock_that_went_back_is_named_wrong_people_get_in_and_a_sync_clears_it(
        make_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from kiosk.replica.changes import MetaKey
    from kiosk.replica.db import Replica, iso
    from tests.replica.test_replica_clock import _replica_for

    # Paired three days from "now" by this machine's clock: the clock has gone back.
    later = datetime.now(UTC) + timedelta(days=3)
    db = _replica_for(tmp_path / "k.db", later)
    with Replica(db) as replica:
        replica.set_meta(MetaKey.PAIRED_AT, iso(later))
    ctx = make_context(db, gate_id="main", mode="kiosk")
    banner: list[str] = []
    ctx.controller.problem.connect(banner.append)
    ctx.start()
    assert banner and "clock is wrong" in banner[-1] and "nearest event day" in banner[-1]
    assert _verdict(ctx, "T-1") == "accepted"  # the gate's day, not "wrong day"
    assert _verdict(ctx, "T-1") == "just_checked_in"  # its own entry: the grace
    # the central list's clock measured (as the next answer from it does): words go
    ctx.replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS, str(timedelta(days=3).total_seconds()))
    ctx.check_clock()
    assert banner[-1] == ""


def test_rebuilt_without_a_backup_the_kiosk_says_the_list_is_gone(
        make_context, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A stand-alone kiosk with no backup rebuilt from its check-in journal alone: the
    check-ins are back but nobody is on the list. The banner says so (not a silent dead
    end where every ticket is "not found"): attendees to the desk, staff to import."""
    db = standalone(tmp_path / "k.db", people=3000)
    ctx = make_context(db, gate_id="main", mode="kiosk")
    banner: list[str] = []
    ctx.controller.problem.connect(banner.append)
    ctx.start()
    qtbot.waitUntil(lambda: ctx.health.last_finding is not None, timeout=20000)
    assert _verdict(ctx, "T-1") == "accepted"
    damage_pages(db)
    ctx.health.check_now()
    qtbot.waitUntil(lambda: ctx.health.state == "ok" and ctx.health.last_report is not None,
                    timeout=60000)
    assert ctx.health.last_report.source == "journal only"
    assert banner[-1].startswith("Replica rebuilt without its attendee list"), banner
    assert "registration desk" in banner[-1] and "import the attendee list" in banner[-1]
