"""Large attendee imports in a process of their own (issue 10: a 600,000-row import
stalled every kiosk's request for 20-35 s).

Parsing and checking a big CSV is pure Python: in the server's process it holds the GIL,
and every thread serving a kiosk — which gives the GIL up at each SQLite call — waits
behind it (the "convoy effect": a 2,000-change feed page took seconds). So a file above
:data:`IN_PROCESS_BYTES` is imported by a fresh child process with its own connection
(its own GIL), written :data:`~kiosk.central.attendees.IMPORT_CHUNK` rows per transaction;
the server's threads only wait for its answer. Small files stay in the process.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from kiosk.core.attendee_csv import ImportSummary, parse_csv_bytes
from kiosk.errors import CentralError, CentralUnavailable, EditConflict, ImportFailed

#: Larger files are imported in a child process.
IN_PROCESS_BYTES = 1_000_000


def import_bytes(store: Any, raw: bytes, *, skip_invalid: bool = False,
                 skip_hint: str = "--skip-invalid") -> ImportSummary:
    """Import the CSV ``raw`` into ``store`` (a CentralStore); blocking — call it from a
    worker thread. Raises what :meth:`Attendees.import_parsed
    <kiosk.central.attendees.Attendees.import_parsed>` raises."""
    if len(raw) <= IN_PROCESS_BYTES:
        summary: ImportSummary = store.attendees.import_parsed(
            parse_csv_bytes(raw), skip_invalid=skip_invalid, skip_hint=skip_hint)
        return summary
    context = multiprocessing.get_context("spawn")  # never fork a threaded server
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        kind, payload = pool.submit(_child, store.db.url, raw, skip_invalid,
                                    skip_hint).result()
    if kind == "ok":
        assert isinstance(payload, ImportSummary)
        return payload
    if kind == "import_failed":
        message, problems = payload
        raise ImportFailed(message, problems)
    if kind == "unavailable":
        raise CentralUnavailable(payload)
    if kind == "conflict":
        raise EditConflict(payload)
    raise CentralError(payload)


def _child(url: str, raw: bytes, skip_invalid: bool,
           skip_hint: str) -> tuple[str, Any]:
    """Runs in the child: exceptions come back as (kind, payload), since ImportFailed's
    problems would not survive pickling."""
    from kiosk.central.store import CentralStore

    try:
        with CentralStore.open(url, pool_size=1, create=False) as store:
            return "ok", store.attendees.import_parsed(
                parse_csv_bytes(raw), skip_invalid=skip_invalid, skip_hint=skip_hint)
    except ImportFailed as exc:
        return "import_failed", (str(exc), exc.problems)
    except CentralUnavailable as exc:
        return "unavailable", str(exc)
    except EditConflict as exc:
        return "conflict", str(exc)
    except CentralError as exc:
        return "central", str(exc)
