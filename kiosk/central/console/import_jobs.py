"""The console's imports, written in the background so the page can show their progress.

Confirming a preview starts a job: one thread has the file parsed and written (a large
file in a process of its own, as for ``/admin/import``:
:func:`kiosk.central.bulk_import.off_process`; the central list commits it in chunks,
:meth:`~kiosk.central.attendees.Attendees.import_parsed`) and reports after each chunk;
the page polls the job (``/console/import/job/<key>.json``) and shows a progress bar,
then the import's summary. A job belongs to the session that started it (another
session gets "not found"); finished jobs are forgotten after an hour.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.core.attendee_csv import ImportSummary
from kiosk.core.models import Event
from kiosk.errors import KioskError

log = logging.getLogger(__name__)
#: Finished jobs are kept this long for the page that shows them.
KEEP_SECONDS = 3600
#: At most this many jobs are remembered (the oldest finished ones go first).
MAX_JOBS = 16


@dataclass
class ImportJob:
    """One import being written (or written): how far, and how it ended."""

    key: str
    owner: str
    event_id: str
    rows: int
    written: int = 0
    total: int = 0
    summary: ImportSummary | None = None
    error: str | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def state(self) -> dict[str, Any]:
        """What the page's poll reads, and the page itself: one consistent reading.
        ``finished`` is read first — the writer sets the summary (or the error) before it
        marks the job finished — so a finished state always has its outcome, even while
        the writer thread ends during the page's rendering."""
        finished = self.finished
        return {"written": self.written, "total": self.total or self.rows,
                "finished": finished, "failed": finished and self.error is not None,
                "summary": self.summary if finished else None,
                "error": self.error if finished else None}


class ImportJobs:
    """The imports started from the console in this process (thread-safe)."""

    def __init__(self, run_import: Callable[..., ImportSummary]) -> None:
        # run_import(raw CSV bytes, event, progress=callback) -> ImportSummary
        self._run_import = run_import
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def start(self, owner: str, event: Event, raw: bytes, rows: int) -> ImportJob:
        """Start writing the CSV ``raw`` (``rows`` records, as its preview counted) into
        ``event`` for the session ``owner``."""
        job = ImportJob(secrets.token_urlsafe(16), owner, event.id, rows)
        with self._lock:
            self._forget_old()
            self._jobs[job.key] = job
        threading.Thread(target=self._write, args=(job, event, raw), daemon=True,
                         name=f"console-import-{job.key[:6]}").start()
        return job

    def get(self, owner: str, key: str) -> ImportJob | None:
        with self._lock:
            job = self._jobs.get(key)
        return job if job is not None and job.owner == owner else None

    def _write(self, job: ImportJob, event: Event, raw: bytes) -> None:
        def progress(written: int, total: int) -> None:
            job.written, job.total = written, total

        try:
            job.summary = self._run_import(raw, event, progress=progress)
        except KioskError as exc:  # e.g. the list refused it: plain words for the page
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - the page must learn that it stopped
            log.exception("console import %s failed", job.key)
            job.error = f"The import stopped: {exc}. Rows written so far stay; importing " \
                        "the file again completes it (nothing is doubled)."
        finally:
            job.finished_at = time.monotonic()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key, job in list(self._jobs.items()):
            if job.finished_at is not None and now - job.finished_at > KEEP_SECONDS:
                del self._jobs[key]
        finished = sorted((j.finished_at, k) for k, j in self._jobs.items()
                          if j.finished_at is not None)
        while len(self._jobs) >= MAX_JOBS and finished:
            del self._jobs[finished.pop(0)[1]]
