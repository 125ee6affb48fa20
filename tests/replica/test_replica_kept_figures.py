"""Figures the status bar asks for after every scan, kept by triggers so they cost the
same at the end of a long day as at its start.

The day's "checked in" figure (migration 0011): one row per day, equal to a full count
of the day's standing entries after every way a check-in arrives — a scan, an exit, an
undo, another kiosk's check-in from the feed (an undo even before its entry), the
journal re-applied, a deleted row — and on a file made before the migration. The
outbox's "waiting" and "refused" (migration 0012): equal to a count of the outbox after
every change to it."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.core import wire
from kiosk.core.models import Attendee, Direction, Event, Gate
from kiosk.replica.changes import _apply_checkin
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica

DAY1, DAY2 = date(2026, 8, 1), date(2026, 8, 2)


def full_count(replica: Replica, day: date) -> int:
    """The count the maintained figure replaces, the slow way."""
    return int(replica.conn.execute(
        "SELECT count(DISTINCT attendee_id) FROM checkins c WHERE direction = 'entry' "
        "AND day = ? AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)",
        (day.isoformat(),)).fetchone()[0])


def _replica(path: Path, people: int = 6) -> Replica:
    r = Replica(path)
    r.upsert_event(Event(id="fn", name="FN", days=(DAY1, DAY2)))
    r.upsert_gate(Gate(id="main", event_id="fn", name="Main", allow_reentry=True))
    r.upsert_gate(Gate(id="hall", event_id="fn", name="Hall"))
    r.upsert_attendees([Attendee(id=f"a{i}", event_id="fn", name=f"P{i}", code=f"C-{i}")
                        for i in range(people)])
    return r


def _remote(n: int, attendee: str, day: date, direction: str = "entry",
            undoes: str | None = None) -> wire.CheckInRecord:
    at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9, seconds=n)
    return wire.CheckInRecord(
        id=f"remote-{n}", attendee_id=attendee, gate_id="hall", direction=direction,
        scanned_at=at.isoformat(), day=day.isoformat(), verdict=direction,
        device_id="other", device_name="Other kiosk", code=None, undoes=undoes,
        received_at=at.isoformat(), duplicate=False)


def test_scans_exits_and_undo_keep_the_figure(tmp_path: Path) -> None:
    r = _replica(tmp_path / "r.db")
    now = [datetime(2026, 8, 1, 2, 0, tzinfo=UTC)]
    service = CheckInService(r, gate_id="main", clock=lambda: now[0])
    first = service.scan("C-1")
    assert r.checked_in_count(DAY1) == 1
    service.scan("C-1", direction=Direction.EXIT)
    service.scan("C-1")  # re-entry: still one person
    service.scan("C-2")
    assert r.checked_in_count(DAY1) == 2 == full_count(r, DAY1)
    assert first.checkin_id is not None
    service.undo(first.checkin_id)  # C-1 still has the re-entry: still counted
    assert r.checked_in_count(DAY1) == 2 == full_count(r, DAY1)
    last = service.scan("C-3")
    assert last.checkin_id is not None
    service.undo(last.checkin_id)
    assert r.checked_in_count(DAY1) == 2 == full_count(r, DAY1)
    now[0] += timedelta(days=1)  # the next day starts at zero
    assert r.checked_in_count(DAY2) == 0
    service.scan("C-3")
    assert (r.checked_in_count(DAY1), r.checked_in_count(DAY2)) == (2, 1)
    r.close()


def test_the_figure_matches_a_full_count_whatever_the_order(tmp_path: Path) -> None:
    r = _replica(tmp_path / "r.db")
    rng = random.Random(13)
    rows: list[wire.CheckInRecord] = []
    for n in range(300):
        attendee, day = f"a{rng.randrange(6)}", rng.choice((DAY1, DAY2))
        entries = [c for c in rows if c.direction == "entry"]
        if entries and rng.random() < 0.3:
            target = rng.choice(entries)  # undo (sometimes twice: the second changes nothing)
            rows.append(_remote(n, target.attendee_id, date.fromisoformat(target.day),
                                "undo", undoes=target.id))
        else:
            rows.append(_remote(n, attendee, day, rng.choice(("entry", "entry", "exit"))))
    rng.shuffle(rows)  # the feed of two kiosks: an undo can come before its entry
    for k, c in enumerate(rows):
        with r.atomic():
            _apply_checkin(r, c)
        if k % 25 == 0:
            assert r.checked_in_count(DAY1) == full_count(r, DAY1)
            assert r.checked_in_count(DAY2) == full_count(r, DAY2)
    assert r.checked_in_count(DAY2) == full_count(r, DAY2) > 0
    for c in rng.sample(rows, 120):  # and rows deleted, one by one or many at once
        r.conn.execute("DELETE FROM checkins WHERE id = ?", (c.id,))
        assert r.checked_in_count(DAY1) == full_count(r, DAY1)
        assert r.checked_in_count(DAY2) == full_count(r, DAY2)
    r.conn.execute("UPDATE checkins SET day = ? WHERE rowid % 3 = 0", (DAY1.isoformat(),))
    assert r.checked_in_count(DAY1) == full_count(r, DAY1)
    assert r.checked_in_count(DAY2) == full_count(r, DAY2)
    r.conn.execute("DELETE FROM checkins WHERE day = ?", (DAY1.isoformat(),))
    assert r.checked_in_count(DAY1) == 0 == full_count(r, DAY1)
    r.close()


def test_a_replica_made_before_the_migration_gets_its_figures(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    r = _replica(path)
    # The file as 0008 left it: no figures table, no triggers, check-ins already stored.
    with r.atomic() as conn:
        for name in ("entry", "undo", "entry_gone", "undo_gone", "update"):
            conn.execute(f"DROP TRIGGER checkin_day_people_{name}")
        conn.execute("DROP TABLE checkin_day_people")
        conn.execute("DROP INDEX checkins_scanned_at")
        conn.execute("DELETE FROM _migrations WHERE name = '0011_checkin_day_people'")
    service = CheckInService(r, gate_id="main",
                             clock=lambda: datetime(2026, 8, 1, 2, 0, tzinfo=UTC))
    kept = [service.scan(f"C-{i}").checkin_id for i in range(5)]
    assert kept[0] is not None
    service.undo(kept[0])
    with r.atomic():
        _apply_checkin(r, _remote(1, "a5", DAY2))
    r.close()
    with Replica(path) as again:
        assert "0011_checkin_day_people" in again.applied_migrations()
        assert (again.checked_in_count(DAY1), again.checked_in_count(DAY2)) == (4, 1)
        assert again.checked_in_count() == 5  # every day: still the full count
        CheckInService(again, gate_id="main",
                       clock=lambda: datetime(2026, 8, 1, 3, 0, tzinfo=UTC)).scan("C-0")
        assert again.checked_in_count(DAY1) == 5 == full_count(again, DAY1)


def test_the_figure_does_not_read_the_checkins(tmp_path: Path) -> None:
    r = _replica(tmp_path / "r.db")
    plan = " ".join(row[-1] for row in r.conn.execute(
        "EXPLAIN QUERY PLAN SELECT people FROM checkin_day_people WHERE day = ?", ("x",)))
    assert "checkins" not in plan and "SCAN" not in plan, plan
    # ... and the count it answers with is the one a scan leaves (not a stale copy)
    CheckInService(r, gate_id="main",
                   clock=lambda: datetime(2026, 8, 1, 2, 0, tzinfo=UTC)).scan("C-4")
    assert r.checked_in_count(DAY1) == 1
    r.close()
    assert sqlite3.sqlite_version_info >= (3, 24)  # UPSERT inside the triggers


# -- the outbox's figures (migration 0012) ---------------------------------------------


def outbox_counts(replica: Replica) -> tuple[int, int]:
    """Waiting and refused, the slow way."""
    row = replica.conn.execute(
        "SELECT count(*) FILTER (WHERE uploaded_at IS NULL AND rejected_at IS NULL), "
        "count(*) FILTER (WHERE rejected_at IS NOT NULL) FROM outbox").fetchone()
    return int(row[0]), int(row[1])


def test_waiting_and_refused_follow_every_outbox_change(tmp_path: Path) -> None:
    from kiosk.replica.changes import mark_rejected, mark_uploaded, requeue_uploaded

    r = _replica(tmp_path / "r.db", people=40)
    service = CheckInService(r, gate_id="main",
                             clock=lambda: datetime(2026, 8, 1, 2, 0, tzinfo=UTC))
    rng = random.Random(10)
    figures = lambda: (r.pending_upload_count(), r.rejected_upload_count())  # noqa: E731
    for step in range(200):
        seqs = [row[0] for row in r.conn.execute("SELECT seq FROM outbox")]
        choice = rng.random()
        if choice < 0.4 or not seqs:
            service.scan(f"C-{rng.randrange(40)}", direction=rng.choice(list(Direction)[:2]))
        elif choice < 0.6:
            mark_uploaded(r, rng.sample(seqs, min(3, len(seqs))))
        elif choice < 0.7:
            mark_rejected(r, [(rng.choice(seqs), "unknown gate")])
        elif choice < 0.75:
            requeue_uploaded(r)  # a restored central list: everything up again
        elif choice < 0.8:
            service.register_walkin(name=f"Walk-in {step}")
        elif choice < 0.85:
            with r.atomic() as conn:  # the same entry queued again (idempotent)
                r.enqueue(conn, "checkin", str(r.conn.execute(
                    "SELECT ref_id FROM outbox WHERE kind = 'checkin' LIMIT 1").fetchone()[0]))
        else:
            r.conn.execute("DELETE FROM outbox WHERE seq = ?", (rng.choice(seqs),))
        assert figures() == outbox_counts(r), step
    assert all(figures()) and figures() == outbox_counts(r)
    r.close()


def test_an_old_outbox_gets_its_figures(tmp_path: Path) -> None:
    from kiosk.replica.changes import mark_rejected, mark_uploaded

    path = tmp_path / "old.db"
    r = _replica(path)
    with r.atomic() as conn:
        for name in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER outbox_figures_{name}")
        conn.execute("DROP TABLE outbox_figures")
        conn.execute("DELETE FROM _migrations WHERE name = '0012_outbox_figures'")
    service = CheckInService(r, gate_id="main",
                             clock=lambda: datetime(2026, 8, 1, 2, 0, tzinfo=UTC))
    for i in range(6):
        service.scan(f"C-{i}")
    mark_uploaded(r, [1, 2])
    mark_rejected(r, [(3, "unknown gate")])
    r.close()
    with Replica(path) as again:
        assert (again.pending_upload_count(), again.rejected_upload_count()) == (3, 1)
        assert outbox_counts(again) == (3, 1)
