"""The check-in journal: a small append-only file beside the replica that outlives it.

Every entry that goes into the replica's outbox (a check-in, an exit, an undo, a walk-in)
is also appended here, right after the replica's COMMIT and before the scan's verdict is
returned (so before anything is shown). If the replica file is later damaged, truncated
or deleted, :mod:`kiosk.replica.doctor` rebuilds it and re-applies what is written here:
no acknowledged check-in is lost with the database file.

File format (``<replica>.journal``, owner-only): one record per line, ::

    J1 <crc32 of the JSON, 8 hex digits> <JSON>\\n

The JSON is ``{"kind": "checkin" | "attendee" | "meta", "id": ..., "row": {...}}``:
the full replica row (``meta`` is the device's identity and settings, so a kiosk whose
replica is unreadable still knows which central list to rebuild from). Each append is
one ``write`` + ``fsync``, under an advisory lock on ``<replica>.journal.lock`` shared
with compaction. A record cut short by a killed process, or damaged on disk, fails its
checksum: it is skipped and reported, and every other record is kept.

Compaction (:meth:`CheckInJournal.compact`) rewrites the file without the entries the
central list has acknowledged, via a temporary file, ``fsync`` and an atomic rename.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.replica.db import Replica

log = logging.getLogger(__name__)

MAGIC = "J1"
#: Record kinds: what the outbox holds, plus the device's identity.
KINDS = ("checkin", "attendee", "meta")


REBUILDING_SUFFIX = ".rebuilding"


def journal_path(replica_path: str | Path) -> Path:
    """Where the journal of the replica at ``replica_path`` lives (not SQLite's
    ``-journal``: that one is SQLite's own rollback file and has a dash). A replica
    being rebuilt (``kiosk.db.rebuilding``) shares the journal of the one it replaces."""
    text = str(replica_path)
    if text.endswith(REBUILDING_SUFFIX):
        text = text[: -len(REBUILDING_SUFFIX)]
    return Path(text + ".journal")


@dataclass(frozen=True)
class JournalRecord:
    kind: str
    id: str
    row: dict[str, Any]
    line: int = 0


@dataclass
class JournalRead:
    """What :meth:`CheckInJournal.read` found: the good records in order, and the lines
    it had to skip (line number, why) — a damaged or interrupted record."""

    records: list[JournalRecord] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def latest_meta(self) -> dict[str, str] | None:
        for record in reversed(self.records):
            if record.kind == "meta":
                return {str(k): str(v) for k, v in record.row.items()}
        return None


def encode(kind: str, record_id: str, row: dict[str, Any]) -> bytes:
    body = json.dumps({"kind": kind, "id": record_id, "row": row}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).encode()
    return b"%s %08x %s\n" % (MAGIC.encode(), zlib.crc32(body), body)


def decode(line: bytes) -> JournalRecord:
    """One record from one line (without its newline); ValueError says what is wrong."""
    parts = line.split(b" ", 2)
    if len(parts) != 3 or parts[0] != MAGIC.encode():
        raise ValueError("not a journal record")
    try:
        crc = int(parts[1], 16)
    except ValueError:
        raise ValueError("unreadable checksum") from None
    if zlib.crc32(parts[2]) != crc:
        raise ValueError("checksum mismatch (damaged)")
    data = json.loads(parts[2])
    if not isinstance(data, dict) or data.get("kind") not in KINDS \
            or not isinstance(data.get("id"), str) or not isinstance(data.get("row"), dict):
        raise ValueError("unknown record shape")
    return JournalRecord(data["kind"], data["id"], data["row"])


class CheckInJournal:
    """The journal of one replica file. Safe to use from several threads and processes:
    every operation opens the file under the lock and closes it again."""

    def __init__(self, replica_path: str | Path) -> None:
        self.path = journal_path(replica_path)
        self._lock_path = Path(str(self.path) + ".lock")

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def append(self, kind: str, record_id: str, row: dict[str, Any]) -> None:
        """Append one record and fsync it. Raises OSError (disk full, read-only...)."""
        self.append_many([(kind, record_id, row)])

    def append_many(self, records: list[tuple[str, str, dict[str, Any]]]) -> None:
        """Append records in one write and one fsync."""
        if not records:
            return
        data = b"".join(encode(k, i, r) for k, i, r in records)
        with self._locked():
            created = not self.path.exists()
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    # The last append was cut short (killed mid-write): start a new line,
                    # so only the torn record is lost, not this one too.
                    data = b"\n" + data
                written = os.write(fd, data)
                if written != len(data):
                    raise OSError(28, "short write to the check-in journal")
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_dir(self.path.parent)

    def read(self) -> JournalRead:
        """Every good record in order, and the skipped lines with the reason."""
        out = JournalRead()
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return out
        lines = data.split(b"\n")
        torn_tail = lines[-1] != b""  # no newline after the last record: an interrupted write
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                record = decode(line)
            except ValueError as exc:
                why = str(exc)
                if torn_tail and number == len(lines):
                    why = "incomplete last record (the write was interrupted)"
                out.skipped.append((number, why))
                continue
            out.records.append(JournalRecord(record.kind, record.id, record.row, number))
        return out

    def compact(self, keep: Callable[[JournalRecord], bool]) -> int:
        """Rewrite the journal with only the records ``keep`` accepts (and the latest
        identity record). Returns how many were dropped. Damaged lines are dropped too
        (they were reported when read). Crash-safe: temporary file + rename."""
        with self._locked():
            found = self.read()
            if not found.records and not found.skipped:
                return 0
            last_meta = max((r.line for r in found.records if r.kind == "meta"), default=0)
            kept = [r for r in found.records
                    if (r.kind == "meta" and r.line == last_meta)
                    or (r.kind != "meta" and keep(r))]
            dropped = len(found.records) - len(kept) + len(found.skipped)
            if not dropped:
                return 0
            tmp = Path(str(self.path) + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"".join(encode(r.kind, r.id, r.row) for r in kept))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
            return dropped

    def record_identity(self, meta: dict[str, str]) -> bool:
        """Append the device's identity (meta) when it differs from the latest one kept.
        Returns True when a record was written."""
        if self.read().latest_meta() == meta:
            return False
        self.append("meta", "identity", dict(meta))
        return True


def _fsync_dir(path: Path) -> None:
    """Make a new or renamed directory entry durable (a power cut keeps the file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


#: Meta keys that are the device's identity and settings (kept in the journal so a
#: rebuild knows its central list, token, gate and settings). Sync bookkeeping (cursor,
#: last errors) is left out: a rebuilt replica starts its feed from the start anyway.
VOLATILE_META_PREFIXES = ("sync_", "last_sync_", "last_restore_", "clock_skew")


def identity_meta(rows: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in rows.items() if not k.startswith(VOLATILE_META_PREFIXES)}


def replica_identity(replica: Replica) -> dict[str, str]:
    rows = {str(r[0]): str(r[1]) for r in replica.conn.execute(
        "SELECT key, value FROM meta WHERE value IS NOT NULL")}
    return identity_meta(rows)


def journal_sync_point(replica: Replica) -> int:
    """After a successful sync: drop the journal records the central list has
    acknowledged and note the device's identity if it changed. Returns how many records
    were dropped. Never raises for a journal it cannot write (logged)."""
    journal = replica.journal
    try:
        journal.record_identity(replica_identity(replica))
        if not journal.exists():
            return 0
        waiting = {(str(r[0]), str(r[1])) for r in replica.conn.execute(
            "SELECT kind, ref_id FROM outbox WHERE uploaded_at IS NULL")}
        known = {(str(r[0]), str(r[1])) for r in replica.conn.execute(
            "SELECT kind, ref_id FROM outbox")}
        # Kept: not yet acknowledged (pending or refused), or unknown to this replica.
        return journal.compact(lambda r: (r.kind, r.id) in waiting
                               or (r.kind, r.id) not in known)
    except OSError as exc:
        log.error("the check-in journal cannot be compacted: %s", exc)
        return 0
