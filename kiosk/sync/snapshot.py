"""The first download from a snapshot (docs/sync.md, "The snapshot"). No Qt.

A replica without a feed cursor (new, re-paired, or healing a restored list) downloads
the central list's current state page by page (``GET /api/v1/snapshot``) into a staging
file beside it (:mod:`kiosk.replica.snapshot`), installs it in batches (scans at the kiosk get in
between), the feed cursor the snapshot was read from last, and then reads the log from
there like any later sync. A killed or cut-off download continues after its last staged
page, a killed install after its last batch; progress is reported as
``SyncProgress("snapshot", rows, total)``.

A short log is simply replayed (:data:`MIN_LOG_CHANGES`), and so is the log of a central
list too old to serve snapshots.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core import snapshot_file, wire
from kiosk.errors import CentralRestored, ProtocolError, ServerUnavailable, SnapshotFileGone
from kiosk.replica.changes import MetaKey
from kiosk.replica.db import Replica
from kiosk.replica.snapshot import SnapshotStaging, StagedPosition, install_while_staging

if TYPE_CHECKING:
    from kiosk.sync.engine import SyncProgress

log = logging.getLogger("kiosk.sync")

#: Below this many changes in the log, a first download replays the log: a snapshot's
#: staging and install cost more than a short log.
MIN_LOG_CHANGES = 10_000
#: Rows per snapshot page.
PAGE_ROWS = 5000

#: The sections after the small ones: once the next page is one of these, the events,
#: gates and revocations are staged and the attendees may go in.
_BULK = frozenset({"attendee", "checkin", None})

#: ``GET /api/v1/snapshot`` with these query parameters -> the answer's JSON.
Fetch = Callable[[dict[str, Any]], dict[str, Any]]
#: Bytes of a download sent at a time to the file.
CHUNK = 1 << 20


@dataclass
class FileSource:
    """The snapshot as one file (``GET /api/v1/snapshot/file``, kiosk/central/snapshot_file.py):
    ``describe(params)`` the JSON that describes it (built, or a recent one), ``open(name,
    start)`` a streamed answer of its bytes from ``start`` on (HTTP Range; the status
    206, or 200 from the start), as a context manager of ``(status, chunks)``."""

    describe: Fetch
    open: Callable[[str, int], contextlib.AbstractContextManager[tuple[int, Iterator[bytes]]]]


def wanted(replica: Replica) -> bool:
    """Should the next download start (or continue) from a snapshot? For a replica
    without a feed cursor: a new one, and one that holds data but must read the feed
    from the start (re-paired, or healing a list restored from a backup). The
    snapshot's install keeps what it holds unchanged and removes what the list no
    longer has (a snapshot carries no tombstones: kiosk/replica/snapshot.py); the
    first page says how long the log is, and a short one is replayed instead."""
    return replica.get_meta(MetaKey.CURSOR) is None


def download_progress(replica_path: str | Path) -> tuple[int, int] | None:
    """``(rows, total)`` of a snapshot download under way into the replica at
    ``replica_path`` (for the status bar), None when there is none."""
    staging = SnapshotStaging(replica_path)
    if not staging.exists():
        return _file_progress(staging)
    try:
        position = staging.position()
    finally:
        staging.close()
    return (position.done, position.total) if position is not None else None


def _file_progress(staging: SnapshotStaging) -> tuple[int, int] | None:
    """``(rows, total)`` of a snapshot file being downloaded (rows in proportion to the
    bytes), None when there is none."""
    part = staging.path.with_name(staging.path.name + ".download")
    try:
        with open(part.with_name(part.name + ".json"), encoding="utf-8") as f:
            about = json.load(f)
        size, rows, have = int(about["size"]), int(about["rows"]), part.stat().st_size
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return rows * min(have, size) // max(size, 1), rows


def download(replica: Replica, server_url: str, fetch: Fetch,
             progress: Callable[[SyncProgress], None] | None,
             counter: dict[str, int], files: FileSource | None = None) -> bool:
    """Download (or continue downloading) a snapshot and install it: True when the
    replica now holds it and its cursor (``counter["snapshot"]``: the rows), False when
    the log should be replayed instead.
    Raises what the requests raise; :class:`CentralRestored` also discards the staged
    pages (they came from changes the list no longer has)."""
    from kiosk.sync.engine import SyncProgress

    staging = SnapshotStaging(replica.path)
    try:
        position = staging.position()
        if position is not None and position.server_url != server_url:
            staging.discard()  # from another central list: start afresh
            position = None
        if position is None and files is not None:
            try:
                got = _download_file(staging, server_url, files, progress)
            except SnapshotFileGone:  # replaced meanwhile (or gone with a restore): once more
                got = _download_file(staging, server_url, files, progress)
            if got is False:
                return False
            if got is True:
                position = staging.position()
        if position is None:
            try:
                first = _decoded(fetch({"limit": PAGE_ROWS}))
            except ProtocolError as exc:
                log.info("no snapshot from the central list (%s): replaying its log", exc)
                return False
            if (first.log_changes or 0) < MIN_LOG_CHANGES:
                return False
            staging.begin(server_url, first)
            position = staging.position()
            assert position is not None
            page: wire.SnapshotPage | None = first
        else:
            page = (_decoded(fetch(_params(position, position.section, position.after)))
                    if position.section else None)
        total = position.total

        def report(done: int) -> None:
            if progress:
                progress(SyncProgress("snapshot", done, total))

        report(position.done)
        # While one page is staged, the next is on its way (its position is known), and
        # the attendees staged so far go into the replica in whole batches (on a thread
        # of their own: the FTS5 work runs in SQLite, without the interpreter lock),
        # once the small sections (events, gates, revocations) are in.
        done = threading.Event()
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="snapshot") as pool:
            installer: Future[int] | None = None
            try:
                while page is not None:
                    upcoming = (pool.submit(_next, fetch, position, page)
                                if page.next_section else None)
                    try:
                        report(staging.add(page))
                    except (KeyError, TypeError, ValueError) as exc:
                        raise ProtocolError(
                            f"A snapshot row from the central list is malformed: {exc}"
                        ) from exc
                    if installer is None and page.next_section in _BULK:
                        installer = pool.submit(install_while_staging, replica.path,
                                                position.cursor, done)
                    if installer is not None and installer.done():
                        installer.result()  # (raises what stopped it)
                    page = upcoming.result() if upcoming is not None else None
            finally:
                done.set()
            if installer is not None:
                installer.result()
        counter["snapshot"] = counter.get("snapshot", 0) + staging.install(replica)
        return True
    except CentralRestored:
        staging.discard()
        raise
    finally:
        staging.close()


def _params(position: StagedPosition, section: str | None,
            after: str | None) -> dict[str, Any]:
    """The query of the page of ``section`` after ``after`` of the staged snapshot."""
    params: dict[str, Any] = {"cursor": position.cursor, "section": section,
                              "limit": PAGE_ROWS}
    if position.cursor_check:
        params["check"] = position.cursor_check
    if after:
        params["after"] = after
    return params


def _next(fetch: Fetch, position: StagedPosition, page: wire.SnapshotPage) -> wire.SnapshotPage:
    following = _decoded(fetch(_params(position, page.next_section, page.next_after)))
    if following.cursor != position.cursor:
        raise ProtocolError("The central list's snapshot changed its position midway.")
    return following


def _decoded(body: dict[str, Any]) -> wire.SnapshotPage:
    from kiosk.sync.engine import _decoded as decoded

    return decoded(wire.decode_snapshot_page, body, "snapshot page")


def _download_file(staging: SnapshotStaging, server_url: str, files: FileSource,
                   progress: Callable[[SyncProgress], None] | None) -> bool | None:
    """Download the central list's snapshot file into ``staging``'s place (continuing a
    cut download of the same file): True when it is there, False when the log is short
    (replay it), None when the list serves no file of our format (read the pages)."""
    from kiosk.sync.engine import SyncProgress

    part = staging.path.with_name(staging.path.name + ".download")
    about = part.with_name(part.name + ".json")
    wanted_file = _resumable(about, server_url)
    if wanted_file is None:
        try:
            described = files.describe({"min_log_changes": MIN_LOG_CHANGES})
        except ProtocolError as exc:
            log.info("no snapshot file from the central list (%s): reading its pages", exc)
            return None
        if "name" not in described:
            return False  # a short log: replayed
        if described.get("format") != snapshot_file.FORMAT:
            log.info("the central list's snapshot file is of another format (%s): reading "
                     "its pages", described.get("format"))
            return None
        wanted_file = {"server_url": server_url, "name": str(described["name"]),
                       "size": int(described["size"]), "rows": int(described.get("rows", 0))}
        part.unlink(missing_ok=True)
        about.write_text(json.dumps(wanted_file))
    name, size, rows = wanted_file["name"], int(wanted_file["size"]), int(wanted_file["rows"])

    def report(done: int) -> None:  # rows, in proportion to the bytes
        if progress:
            progress(SyncProgress("snapshot", rows * done // max(size, 1), rows))

    with open(part, "ab") as out:
        start = out.tell()
        while start < size:
            report(start)
            with files.open(name, start) as (status, chunks):
                if status == 404:
                    part.unlink(missing_ok=True)
                    about.unlink(missing_ok=True)  # replaced meanwhile: ask again
                    raise SnapshotFileGone("The central list replaced its snapshot file "
                                    "during the download: it starts again.")
                if status not in (200, 206):
                    raise ProtocolError(f"The central list refused the snapshot file "
                                        f"(HTTP {status}).")
                if status == 200 and start:
                    out.truncate(0)  # no Range honoured: from the start
                    out.seek(0)
                for chunk in chunks:
                    out.write(chunk)
                    report(out.tell())
            out.flush()
            if out.tell() == start:
                raise ServerUnavailable("The snapshot file's download stopped.")
            start = out.tell()
        os.fsync(out.fileno())
    if start != size:
        part.unlink(missing_ok=True)
        raise ProtocolError("The snapshot file is longer than the central list said.")
    _check_file(part, server_url)
    staging.discard()
    os.replace(part, staging.path)
    about.unlink(missing_ok=True)
    return True


def _resumable(about: os.PathLike[str], server_url: str) -> dict[str, Any] | None:
    """The file a cut download was fetching from ``server_url``, if any."""
    try:
        with open(about, encoding="utf-8") as f:
            wanted_file: dict[str, Any] = json.load(f)
    except (OSError, ValueError):
        return None
    return wanted_file if wanted_file.get("server_url") == server_url else None


def _check_file(path: os.PathLike[str], server_url: str) -> None:
    """A downloaded file is a whole SQLite snapshot file of our format, else it goes;
    it is then marked as ``server_url``'s, like pages staged from it."""
    try:
        conn = sqlite3.connect(os.fspath(path), isolation_level=None)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            meta = snapshot_file.read_meta(conn)
            if ok != "ok" or meta.get("section"):
                raise ValueError(ok if ok != "ok" else "not complete")
            conn.execute("BEGIN")
            snapshot_file.set_meta(conn, {"server_url": server_url})
            conn.execute("COMMIT")
        finally:
            conn.close()
    except (sqlite3.Error, ValueError) as exc:
        os.unlink(path)
        raise ProtocolError(f"The central list's snapshot file is damaged ({exc}): the "
                            "download starts again.") from exc
