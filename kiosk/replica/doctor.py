"""The replica doctor: find a damaged, truncated or missing replica and rebuild it.

    finding = examine("kiosk.db")            # Finding(state="ok" | "damaged" | "missing")
    report = heal("kiosk.db", progress=print)  # move aside, rebuild, re-apply the journal

How a replica is rebuilt (``heal``):

1. The device's identity (central list, token, gate, settings) is read from the broken
   file if it still can be, else from the check-in journal's latest identity record,
   else from the newest good backup.
2. The broken file (and its ``-wal`` / ``-shm``) is moved aside to
   ``<name>.damaged-<UTC time>``, kept for inspection.
3. A new replica is built under ``<name>.rebuilding``: the identity, then every entry of
   the journal (check-ins and walk-ins, queued for upload again: the central list stores
   each UUID once), then either a full download from the central list (paired kiosks)
   or the newest good backup's contents (stand-alone kiosks, or a paired kiosk whose
   central list cannot be reached now).
4. Only a rebuilt file that passes ``quick_check`` is renamed into place. A rebuild that
   is killed leaves the replica missing and the journal untouched: the next ``heal``
   simply starts again.

Damage at run time (``is_damage``): :class:`~kiosk.errors.ReplicaDamaged` ("malformed",
"not a database") and :class:`~kiosk.errors.ReplicaIOError`, or the sqlite3 error
beneath them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError, ReplicaDamaged, ReplicaError, ReplicaIOError
from kiosk.replica.backup import latest_good_backup, quick_check
from kiosk.replica.journal import (
    REBUILDING_SUFFIX,
    CheckInJournal,
    JournalRecord,
    identity_meta,
)

if TYPE_CHECKING:
    from kiosk.replica.db import Replica

log = logging.getLogger(__name__)

def is_damage(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) says the replica file itself is bad: a
    :class:`ReplicaDamaged` / :class:`ReplicaIOError`, or the sqlite3 error they come
    from (classified by result code in :func:`kiosk.replica.db.translate_sqlite_error`)."""
    from kiosk.replica.db import translate_sqlite_error

    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, (ReplicaDamaged, ReplicaIOError)):
            return True
        if isinstance(exc, sqlite3.Error) and \
                isinstance(translate_sqlite_error(exc), (ReplicaDamaged, ReplicaIOError)):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


@dataclass(frozen=True)
class Finding:
    """What :func:`examine` found. ``state``: ``ok``, ``damaged`` or ``missing``."""

    state: str
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def examine(path: str | Path) -> Finding:
    """Open the replica read-only and run ``PRAGMA quick_check`` on it."""
    db = Path(path)
    started = time.perf_counter()
    if not db.exists():
        return Finding("missing", f"There is no replica file at {db}.")
    if db.stat().st_size == 0:
        return Finding("damaged", "The replica file is empty.")
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            verdict = quick_check(conn)
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return Finding("damaged", str(exc), time.perf_counter() - started)
        raise ReplicaError(f"Cannot check {db}: {exc}") from exc
    seconds = time.perf_counter() - started
    if verdict != "ok":
        return Finding("damaged", verdict, seconds)
    if not {"meta", "checkins", "outbox"} <= tables:
        return Finding("damaged", "The replica's tables are missing (a truncated file?).",
                       seconds)
    return Finding("ok", "", seconds)


@dataclass
class HealReport:
    """What :func:`heal` did, for the terminal and the staff screen."""

    found: Finding
    moved_to: Path | None = None
    source: str = ""  # "central list", "backup <path>", "journal only", "" (nothing done)
    journal_checkins: int = 0
    journal_walkins: int = 0
    journal_skipped: list[tuple[int, str]] = field(default_factory=list)
    attendees: int = 0
    complete: bool = False
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Found: {self.found.state}" + (f" ({self.found.detail})"
                                               if self.found.detail else "")]
        if self.moved_to:
            out.append(f"The damaged file was moved aside to {self.moved_to}.")
        if self.source:
            out.append(f"Rebuilt from: {self.source} ({self.attendees} attendees).")
            out.append(f"Re-applied from the journal: {self.journal_checkins} check-in(s), "
                       f"{self.journal_walkins} walk-in(s).")
        for line, why in self.journal_skipped:
            out.append(f"Journal line {line} skipped: {why}.")
        out += self.problems
        return out


Progress = Callable[[str], None]


#: Downloads the central list into a replica file; None on success, else the reason.
#: The sync layer provides it (``kiosk.sync.rebuild.first_download``): the replica
#: package does not import sync (the dependency rule, tests/test_import_boundaries.py).
Download = Callable[[Path, Progress], "str | None"]


def heal(path: str | Path, *, backup_dirs: Sequence[str | Path] = (),
         download: Download | None = None, progress: Progress | None = None,
         force: bool = False) -> HealReport:
    """Examine the replica and, when it is damaged or missing (or ``force``), rebuild it.
    Never leaves a half-built file in place. See the module docstring for the steps.
    A paired replica is downloaded again with ``download`` (without one, it is rebuilt
    from the last backup like a stand-alone one)."""
    db = Path(path)
    say = progress or (lambda _text: None)
    found = examine(db)
    report = HealReport(found)
    journal = CheckInJournal(db)
    if found.ok and not force:
        report.complete = True
        return report
    if found.state == "missing" and not journal.exists() and not _aside_files(db):
        report.problems.append("There is no replica and no journal here: nothing to rebuild "
                               "(pair the kiosk or import a list).")
        return report
    read = journal.read()
    report.journal_skipped = read.skipped
    meta = _readable_meta(db) or read.latest_meta() or {}
    if meta:
        try:  # so a rebuild killed after the move still knows where it belongs
            journal.record_identity(identity_meta(meta))
        except OSError as exc:
            report.problems.append(f"The journal cannot be written: {exc}")
    if db.exists():
        report.moved_to = _move_aside(db)
        say(f"Moved the damaged replica aside to {report.moved_to.name}.")
    backup = latest_good_backup(db, backup_dirs, application_id=_app_id())
    if not meta and backup is not None:
        meta = _readable_meta(backup) or {}
    building = Path(str(db) + REBUILDING_SUFFIX)
    _remove_sqlite_file(building)
    paired = bool(meta.get("server_url") and meta.get("device_token")) and download is not None
    from kiosk.replica.db import Replica

    if backup is not None and not paired:
        _copy_sqlite(backup, building)
        report.source = f"backup {backup}"
    replica = Replica(building)
    try:
        _write_meta(replica, meta)
        report.journal_checkins, report.journal_walkins = reapply_journal(
            replica, read.records)
        report.attendees = replica.attendee_count()
    finally:
        replica.close()
    if paired and download is not None:
        say("Downloading the attendee list from the central list...")
        result = download(building, say)
        if result is None:
            report.source = "central list"
        elif backup is not None:
            report.problems.append(f"The central list cannot be reached now ({result}); "
                                   "rebuilt from the last backup instead, it syncs later.")
            _remove_sqlite_file(building)
            _copy_sqlite(backup, building)
            replica = Replica(building)
            try:
                _write_meta(replica, meta)
                reapply_journal(replica, read.records)
            finally:
                replica.close()
            report.source = f"backup {backup}"
        else:
            report.problems.append(f"The central list cannot be reached now ({result}) "
                                   "and there is no backup: try again when the network is "
                                   "back.")
            _remove_sqlite_file(building)
            return report
    elif backup is None:
        report.source = "journal only"
        report.problems.append("No backup was found: the check-ins are back, but the "
                               "attendee list must be imported again (kiosk import).")
    check = examine(building)
    if not check.ok:
        report.problems.append(f"The rebuilt replica does not pass its check: {check.detail}")
        return report
    replica = Replica(building)
    try:
        report.attendees = replica.attendee_count()
    finally:
        replica.close()
    os.replace(building, db)
    _fsync_dir(db.parent)
    report.complete = True
    say("The replica is rebuilt.")
    return report


def reapply_journal(replica: Replica, records: Sequence[JournalRecord]) -> tuple[int, int]:
    """Put the journal's check-ins and walk-ins back into ``replica`` (those it lacks),
    each queued for upload unless the replica already knows it was uploaded. Returns
    (check-ins, walk-ins) added. Not journaled again (they are in the journal)."""
    checkins = walkins = 0
    columns = {t: [r[1] for r in replica.conn.execute(f"PRAGMA table_info({t})")]
               for t in ("checkins", "attendees")}
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    with replica.atomic() as conn:
        for record in records:
            table = {"checkin": "checkins", "attendee": "attendees"}.get(record.kind)
            if table is None:
                continue
            row = {k: v for k, v in record.row.items() if k in columns[table]}
            if "id" not in row:
                continue
            names = ", ".join(row)
            added = conn.execute(
                f"INSERT OR IGNORE INTO {table} ({names}) VALUES "
                f"({', '.join('?' * len(row))})", tuple(row.values())).rowcount
            conn.execute("INSERT INTO outbox (kind, ref_id, created_at) VALUES (?, ?, ?) "
                         "ON CONFLICT(kind, ref_id) DO NOTHING", (record.kind, row["id"], now))
            if added and record.kind == "checkin":
                checkins += 1
            elif added:
                walkins += 1
    return checkins, walkins


# -- internals -----------------------------------------------------------------------

def _app_id() -> int:
    from kiosk.replica.db import REPLICA_APPLICATION_ID

    return REPLICA_APPLICATION_ID


def _readable_meta(path: Path) -> dict[str, str] | None:
    """The meta table of a (possibly damaged) replica, if it can still be read."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("SELECT key, value FROM meta WHERE value IS NOT NULL")
            return {str(k): str(v) for k, v in rows} or None
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _write_meta(replica: Replica, meta: dict[str, str]) -> None:
    keep = identity_meta(meta)
    with replica.atomic() as conn:
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", list(keep.items()))


def _sidecars(path: Path) -> list[Path]:
    return [Path(str(path) + s) for s in ("-wal", "-shm", "-journal")]


def _aside_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(db.name + ".damaged-*"))


def _move_aside(db: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
    os.replace(db, target)
    for side in _sidecars(db):
        if side.exists():
            os.replace(side, Path(str(target) + side.name[len(db.name):]))
    _fsync_dir(db.parent)
    return target


def _remove_sqlite_file(path: Path) -> None:
    for p in (path, *_sidecars(path)):
        p.unlink(missing_ok=True)


def _copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise ReplicaError(f"Cannot copy the backup {source}: {exc}") from exc
    finally:
        dst.close()
        src.close()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe_finding(finding: Finding) -> dict[str, Any]:
    return {"state": finding.state, "detail": finding.detail,
            "seconds": round(finding.seconds, 3)}


__all__ = ["Finding", "HealReport", "KioskError", "examine", "heal", "is_damage",
           "reapply_journal"]
