"""Online backups of a SQLite file (the replica, or a central list on SQLite).

SQLite's backup API (:meth:`sqlite3.Connection.backup`) copies a consistent snapshot
while the kiosk keeps scanning: no stop, no lock held for long (it copies in steps).
Each copy is written to a temporary name, checked with ``PRAGMA quick_check``, fsync'd
and only then renamed into place, so a damaged source never pushes a good backup out
of the rotation. The newest ``keep`` copies are kept in each folder: the default folder
``backups/`` beside the file, and optionally a second one (a USB stick) — a second folder
that is missing or full is reported, the first still gets its copy.

Names: ``<file stem>-<UTC time>.db`` (e.g. ``kiosk-20261201T091500123456Z.db``), so
they sort by age.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.errors import ReplicaError

log = logging.getLogger(__name__)

DEFAULT_KEEP = 5
BACKUP_PAGES_PER_STEP = 4096  # ~16 MB per step at 4 KiB pages: writers wait at most a step


def default_backup_dir(db_path: str | Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


@dataclass
class BackupReport:
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def backup_name(db_path: str | Path, at: datetime | None = None) -> str:
    stamp = (at or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{Path(db_path).stem}-{stamp}.db"


def quick_check(conn: sqlite3.Connection) -> str:
    """``"ok"`` or SQLite's first complaint about the file's structure."""
    rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    return str(rows[0][0]) if rows else "ok"


def backup_file(db_path: str | Path, folders: Sequence[str | Path] = (), *,
                keep: int = DEFAULT_KEEP) -> BackupReport:
    """Back up the SQLite file at ``db_path`` into each folder (default: ``backups/``
    beside it) and prune each folder to the newest ``keep`` copies.

    Raises :class:`ReplicaError` when the source cannot be read or is damaged (nothing
    rotated out); trouble with a folder is listed in ``problems``."""
    source_path = Path(db_path)
    if not source_path.is_file():
        raise ReplicaError(f"Nothing to back up: no file at {source_path}.")
    targets = [Path(f) for f in folders] or [default_backup_dir(source_path)]
    report = BackupReport()
    name = backup_name(source_path)
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise ReplicaError(f"Cannot read {source_path} to back it up: {exc}") from exc
    try:
        for folder in targets:
            try:
                written = _copy_into(source, folder, name)
            except ReplicaError:
                raise  # the source is damaged: no folder gets a copy
            except (OSError, sqlite3.Error) as exc:
                report.problems.append(f"{folder}: {getattr(exc, 'strerror', None) or exc}")
                continue
            report.written.append(written)
            report.removed += prune(folder, source_path.stem, keep)
    finally:
        source.close()
    return report


def _copy_into(source: sqlite3.Connection, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / name
    tmp = folder / (name + ".tmp")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp))
    try:
        try:
            source.backup(dest, pages=BACKUP_PAGES_PER_STEP)
        except sqlite3.DatabaseError as exc:
            raise ReplicaError(f"The file to back up is damaged ({exc}); the older "
                               "backups are kept.") from exc
        verdict = quick_check(dest)
        if verdict != "ok":
            raise ReplicaError(f"The file to back up is damaged ({verdict}); the older "
                               "backups are kept.")
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dest.close()
    os.chmod(tmp, 0o600)  # holds attendees' details (and a replica's device token)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)
    return final


def backups(folder: str | Path, stem: str) -> list[Path]:
    """The backups of files named ``stem`` in ``folder``, newest first."""
    path = Path(folder)
    if not path.is_dir():
        return []
    return sorted(path.glob(f"{stem}-*Z.db"), reverse=True)


def prune(folder: str | Path, stem: str, keep: int) -> list[Path]:
    removed = []
    for old in backups(folder, stem)[max(1, keep):]:
        try:
            old.unlink()
            removed.append(old)
        except OSError as exc:
            log.warning("cannot remove the old backup %s: %s", old, exc)
    return removed


def latest_good_backup(db_path: str | Path, folders: Sequence[str | Path] = (),
                       *, application_id: int | None = None) -> Path | None:
    """The newest backup of ``db_path`` that passes ``quick_check`` (and carries
    ``application_id`` when given), looking in every folder; None when there is none."""
    stem = Path(db_path).stem
    targets = [Path(f) for f in folders] or [default_backup_dir(db_path)]
    candidates = sorted((p for f in targets for p in backups(f, stem)),
                        key=lambda p: p.name, reverse=True)
    for candidate in candidates:
        try:
            conn = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
            try:
                if quick_check(conn) != "ok":
                    continue
                if application_id is not None and \
                        conn.execute("PRAGMA application_id").fetchone()[0] != application_id:
                    continue
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        return candidate
    return None
