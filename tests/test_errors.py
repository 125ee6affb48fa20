"""One error tree (kiosk/errors.py): every exception class of the project is defined there,
drawn in its docstring as it is; the class is the kind; boundaries classify foreign errors
by code (SQLite result codes, socket errno), not by the words of their messages."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import socket
import sqlite3
from pathlib import Path

import httpx
import pytest

import kiosk
import kiosk.errors as errors
from kiosk.core.models import Attendee, Event
from kiosk.errors import (
    ConstraintViolated,
    DiskFull,
    KioskError,
    NotAReplica,
    ReplicaDamaged,
    ReplicaError,
    ReplicaIOError,
    ReplicaLocked,
    SyncError,
)
from kiosk.replica.db import Replica, translate_sqlite_error

#: The one exception class allowed outside kiosk/errors.py, and why (see its docstring).
OUTSIDE = {"kiosk.central.api.http._TooLarge": "must subclass Starlette's HTTPException",
           "kiosk.sync.pinning._Mismatch": "must be an ssl error raised inside the handshake"}


def _project_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_every_exception_class_is_defined_in_kiosk_errors(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    outside = []
    for name in _project_modules():
        module = importlib.import_module(name)
        for cls_name, cls in vars(module).items():
            if (inspect.isclass(cls) and issubclass(cls, BaseException)
                    and cls.__module__ == name and name != "kiosk.errors"):
                outside.append(f"{name}.{cls_name}")
    assert sorted(outside) == sorted(OUTSIDE), (
        "exception classes defined outside kiosk/errors.py: "
        f"{sorted(set(outside) - set(OUTSIDE))}")


def _drawn_tree() -> dict[str, str]:
    """``{class: parent}`` as the module docstring draws it (by indentation)."""
    doc = errors.__doc__ or ""
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in doc.splitlines():
        match = re.match(r"^(\s*)(?:[│ ]*[├└]── )?([A-Z]\w+)\s{2,}", line)
        if not match or not (line.startswith("    KioskError") or "──" in line):
            continue
        name = match.group(2)
        depth = 0 if name == "KioskError" else line.index("──") // 4
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            parents[name] = stack[-1][1]
        stack.append((depth, name))
    return parents


def test_the_docstring_draws_the_tree_as_it_is() -> None:
    defined = {name: cls for name, cls in vars(errors).items()
               if inspect.isclass(cls) and issubclass(cls, KioskError)}
    drawn = _drawn_tree()
    assert set(drawn) | {"KioskError"} == set(defined), "drawn and defined classes differ"
    for name, parent in drawn.items():
        assert defined[name].__bases__ == (defined[parent],), name


def test_the_class_is_the_kind() -> None:
    """No kind strings: callers use isinstance (kiosk/gui/sync_status.py compared "auth")."""
    assert not hasattr(SyncError("x"), "kind")
    root = Path(kiosk.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if re.search(r"\berror_kind|\bkind=\"(auth|offline|config|not_paired)\"",
                              p.read_text(encoding="utf-8"))]
    assert offenders == []


# -- SQLite errors by result code ---------------------------------------------------------

def test_a_real_full_disk_is_disk_full(tmp_path: Path) -> None:
    """SQLITE_FULL for real: the file may not grow past its max_page_count."""
    with Replica(tmp_path / "k.db") as replica:
        replica.conn.execute("PRAGMA max_page_count = "
                             + str(replica.conn.execute("PRAGMA page_count").fetchone()[0]))
        with pytest.raises(DiskFull, match="disk is full"), replica.atomic() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('big', ?)", ("x" * 200_000,))
        assert replica.get_meta("big") is None


def test_words_alone_do_not_classify() -> None:
    """The old rule looked for "full" in the message: a constraint error on a table
    called "full_names" is not a full disk, and SQLite's own words may change."""
    exc = sqlite3.IntegrityError("UNIQUE constraint failed: full_names.code")
    exc.sqlite_errorcode = 2067  # SQLITE_CONSTRAINT_UNIQUE (extended code)
    exc.sqlite_errorname = "SQLITE_CONSTRAINT_UNIQUE"
    assert type(translate_sqlite_error(exc)) is ConstraintViolated
    bare = sqlite3.OperationalError("database or disk is full")  # no code: not guessed at
    assert type(translate_sqlite_error(bare)) is ReplicaError


def test_a_real_constraint_violation(tmp_path: Path) -> None:
    with Replica(tmp_path / "k.db") as replica:
        replica.set_meta("a", "1")
        with pytest.raises(ConstraintViolated), replica.atomic() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('a', '2')")
        assert replica.get_meta("a") == "1"


def test_a_damaged_file_is_replica_damaged(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    path.write_bytes(b"this is not an SQLite file at all " * 200)
    with pytest.raises(ReplicaDamaged, match="damaged"):
        Replica(path)


def test_a_corrupt_page_is_replica_damaged(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    with Replica(path) as replica, replica.atomic() as conn:
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [(f"k{i}", "v" * 500) for i in range(200)])
    raw = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, len(raw), page):  # scribble over every page but the first
        raw[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(raw))
    with pytest.raises(ReplicaDamaged, match="SQLITE_CORRUPT|SQLITE_NOTADB"):
        Replica(path)


def test_another_sqlite_file_is_not_a_replica(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(NotAReplica):
        Replica(path)


def test_a_held_write_lock_is_replica_locked(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    with Replica(path) as holder, Replica(path) as other:
        other.conn.execute("PRAGMA busy_timeout = 50")
        with holder.atomic():
            holder.conn.execute("INSERT INTO meta (key, value) VALUES ('x', '1')")
            with pytest.raises(ReplicaLocked):
                other.set_meta("y", "2")


def test_another_program_s_open_write_does_not_block_a_read(tmp_path: Path) -> None:
    """Why there is no "locked read" to classify: in WAL mode a read (the scan's lookup,
    the desk's search) is never blocked by a writer. Another program with a write open
    on the file, and even asking for it exclusively, leaves the reads answering (the
    exclusive lock is refused to it while the kiosk has the file open)."""
    path = tmp_path / "k.db"
    with Replica(path) as replica:
        replica.upsert_event(Event("e", "Conf"))
        replica.upsert_attendees([Attendee("A1", "e", "Ani Lestari", "C-1")])
        other = sqlite3.connect(str(path), isolation_level=None, timeout=0.05)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("DELETE FROM checkins")
            other.execute("INSERT INTO meta (key, value) VALUES ('other', 'program')")
            found = replica.attendee_by_code("C-1", event_id="e")
            assert found is not None and found.name == "Ani Lestari"
            assert replica.get_meta("other") is None  # the committed state
            assert [p.name for p in replica.search("ani")] == ["Ani Lestari"]
            other.execute("ROLLBACK")
            other.execute("PRAGMA locking_mode = EXCLUSIVE")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN EXCLUSIVE")
            assert replica.get_attendee("A1") is not None
        finally:
            other.close()


def test_a_read_of_a_damaged_table_is_replica_damaged(tmp_path: Path) -> None:
    """Reads outside ``Replica.atomic`` are classified too: the file opens, then reading
    the attendees runs into a scribbled-over page."""
    path = tmp_path / "k.db"
    with Replica(path) as replica:
        replica.upsert_event(Event("e", "Conf"))
        replica.upsert_attendees([Attendee(f"A{i}", "e", f"Person {i}", f"C-{i}")
                                  for i in range(2000)])
        root = replica.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'attendees'").fetchone()[0]
        page = replica.conn.execute("PRAGMA page_size").fetchone()[0]
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * page:root * page] = b"\xff" * page
    path.write_bytes(bytes(raw))
    with Replica(path) as replica:
        with pytest.raises(ReplicaDamaged, match="SQLITE_CORRUPT"):
            replica.get_attendee("A5")
        with pytest.raises(ReplicaDamaged):  # raw SQL on the connection, rows stepped
            list(replica.conn.execute("SELECT * FROM attendees"))


def test_io_errors_by_extended_code() -> None:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 1034  # SQLITE_IOERR_FSYNC
    exc.sqlite_errorname = "SQLITE_IOERR_FSYNC"
    error = translate_sqlite_error(exc)
    assert type(error) is ReplicaIOError and "SQLITE_IOERR_FSYNC" in str(error)


def test_classes_for_damage_detection_are_replica_errors() -> None:
    for cls in (DiskFull, ReplicaDamaged, ReplicaIOError, ReplicaLocked, ConstraintViolated,
                NotAReplica):
        assert issubclass(cls, ReplicaError)
    assert not issubclass(DiskFull, ReplicaDamaged)


# -- network errors by class and errno ----------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_refused_connection_in_plain_words() -> None:
    from kiosk.sync.engine import _why

    with pytest.raises(httpx.TransportError) as caught:
        httpx.get(f"http://127.0.0.1:{_free_port()}/", timeout=5)
    assert _why(caught.value) == "connection refused"


def test_unknown_host_by_class_not_words() -> None:
    from kiosk.sync.engine import _why

    try:
        try:
            raise socket.gaierror(socket.EAI_NONAME, "kein solcher Rechner")  # any language
        except OSError as inner:
            raise httpx.ConnectError("[Errno -2] ...") from inner
    except httpx.ConnectError as exc:
        assert _why(exc) == "unknown host name"
    # ... and the word "refused" in some other error's text no longer decides
    assert _why(httpx.ReadError("peer refused to continue")) == "ReadError"


def test_the_central_list_classifies_sqlite_errors_by_code_too(tmp_path: Path) -> None:
    from kiosk.central.db import _is_retryable, check_sqlite_file
    from kiosk.errors import CentralError, CentralUnavailable

    garbage = tmp_path / "central.db"
    garbage.write_bytes(b"no database here " * 300)
    with pytest.raises(CentralError, match="not an SQLite database") as caught:
        check_sqlite_file(garbage, create=False)
    assert not isinstance(caught.value, CentralUnavailable)
    busy = sqlite3.OperationalError("anything at all")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
    assert _is_retryable(busy)
    assert not _is_retryable(sqlite3.OperationalError("database is locked"))  # words alone
