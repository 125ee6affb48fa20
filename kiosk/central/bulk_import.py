"""Large attendee CSVs parsed and imported in a process of their own (issue 10: a
600,000-row import stalled every kiosk's request for 20-35 s).

Parsing and checking a big CSV is pure Python: in the server's process it holds the GIL,
and every thread serving a kiosk — which gives the GIL up at each SQLite call — waits
behind it (the "convoy effect": a 2,000-change feed page took seconds). So a file above
:data:`IN_PROCESS_BYTES` is handled by a fresh child process with its own connection
(its own GIL), written :data:`~kiosk.central.attendees.IMPORT_CHUNK` rows per transaction;
the server's threads only wait for its answer (and its progress). The child runs at a
lower CPU priority (:data:`CHILD_NICENESS`): on a busy machine the kiosks' requests get
the processor first and the import takes the rest. Small files stay in
the process. One helper, :func:`off_process`, for every import the server runs:
``/admin/import`` (:func:`import_bytes`) and the console's preview and import.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from kiosk.core.attendee_csv import ImportSummary, ParsedFile, parse_csv_bytes
from kiosk.errors import (
    CentralError,
    CentralUnavailable,
    EditConflict,
    ImportFailed,
    KioskError,
    NotFound,
)

log = logging.getLogger(__name__)
#: Larger files are parsed and imported in a child process.
IN_PROCESS_BYTES = 1_000_000
#: How much lower the child's CPU priority is than the server's (``nice``; see
#: :func:`_give_way`).
CHILD_NICENESS = 10
#: The errors a child's work may end with, rebuilt as themselves in the server.
_PLAIN = {cls.__name__: cls for cls in (CentralUnavailable, EditConflict, NotFound)}
Progress = Callable[[int, int], None]


def off_process(store: Any, raw: bytes, work: Callable[..., Any], *,
                progress: Progress | None = None, **kwargs: Any) -> Any:
    """``work(store, parsed, progress=..., **kwargs)`` on the CSV ``raw`` parsed, and its
    result; blocking — call it from a worker thread. A file above
    :data:`IN_PROCESS_BYTES` is parsed and worked in a child process (``work`` must be
    a module-level function; its result picklable), its progress reported back here.
    Raises what ``work`` raises (:class:`ImportFailed` with its problems, ...)."""
    report = progress or _no_progress
    if len(raw) <= IN_PROCESS_BYTES:
        return work(store, parse_csv_bytes(raw), progress=report, **kwargs)
    context = multiprocessing.get_context("spawn")  # never fork a threaded server
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, store.db.url, raw, work, kwargs),
                            name="kiosk-import", daemon=True)
    child.start()
    send.close()  # ours: the child's end closing is how we learn it ended
    try:
        while True:
            try:
                kind, *payload = receive.recv()
            except EOFError:
                raise CentralError("The import stopped before it ended (its process "
                                   "quit): import the file again (nothing is doubled)."
                                   ) from None
            if kind == "progress":
                report(*payload)
                continue
            return _outcome(kind, payload)
    finally:
        receive.close()
        child.join(30)


def import_bytes(store: Any, raw: bytes, *, skip_invalid: bool = False,
                 skip_hint: str = "--skip-invalid", event_id: str | None = None,
                 progress: Progress | None = None) -> ImportSummary:
    """Import the CSV ``raw`` into ``store`` (a CentralStore) by :func:`off_process`:
    what :meth:`Attendees.import_parsed <kiosk.central.attendees.Attendees.import_parsed>`
    does and raises."""
    summary: ImportSummary = off_process(
        store, raw, import_parsed, progress=progress, skip_invalid=skip_invalid,
        skip_hint=skip_hint, event_id=event_id)
    store.snapshot_files.refresh_soon()  # the next new kiosk finds its file ready
    return summary


def import_parsed(store: Any, parsed: ParsedFile, *, progress: Progress,
                  **kwargs: Any) -> ImportSummary:
    """The import as :func:`off_process` runs it."""
    summary: ImportSummary = store.attendees.import_parsed(parsed, progress=progress,
                                                           **kwargs)
    return summary


def _no_progress(written: int, total: int) -> None:
    """No one follows this import's progress."""


def _outcome(kind: str, payload: list[Any]) -> Any:
    """The child's last message as the result, or the error it ended with."""
    if kind == "ok":
        return payload[0]
    if kind == "import_failed":
        raise ImportFailed(payload[0], payload[1])
    if kind in _PLAIN:
        raise _PLAIN[kind](payload[0])
    if kind == "bug":
        log.error("the import's process failed:\n%s", payload[0])
        raise RuntimeError("the import's process failed (see the server log)")
    raise CentralError(payload[0])


def _give_way() -> None:
    """Lower this (the child's) CPU priority by :data:`CHILD_NICENESS`: on a busy
    machine the server's threads answering kiosks get the processor first, and the
    import takes the rest."""
    try:
        os.nice(CHILD_NICENESS)
    except (AttributeError, OSError):  # not POSIX, or not allowed: as it is
        pass


def _child(send: Any, url: str, raw: bytes, work: Callable[..., Any],
           kwargs: dict[str, Any]) -> None:
    """Runs in the child: progress and the outcome go back as messages (exceptions as
    their kind and words: ImportFailed's problems would not survive pickling)."""
    import traceback

    from kiosk.central.store import CentralStore

    _give_way()
    try:
        with CentralStore.open(url, pool_size=1, create=False) as store:
            def progress(written: int, total: int) -> None:
                send.send(("progress", written, total))

            send.send(("ok", work(store, parse_csv_bytes(raw), progress=progress,
                                  **kwargs)))
    except ImportFailed as exc:
        send.send(("import_failed", str(exc), exc.problems))
    except KioskError as exc:
        send.send((type(exc).__name__ if type(exc).__name__ in _PLAIN else "central",
                   str(exc)))
    except BaseException:  # noqa: BLE001 - a bug: its traceback for the server's log
        send.send(("bug", traceback.format_exc()))
    finally:
        send.close()
