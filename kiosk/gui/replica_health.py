"""Replica health in the running kiosk: check at start and on a schedule, heal on damage.

``PRAGMA quick_check`` runs on the task manager's thread (its own read-only connection,
so scans go on meanwhile: ~0.9 s at 1M attendees, see docs/performance.md) when the
kiosk starts and every ``interval`` seconds. A damaged file found that way, or a
"malformed"/I/O error from a scan, switches the kiosk to "rebuilding": scans are not
taken, the banner tells attendees to use the desk or a neighbouring kiosk, and
:func:`kiosk.replica.doctor.heal` moves the file aside and rebuilds it (central list, or
the last good backup, plus the check-in journal) on the task thread. Then the GUI
thread's replica is opened again and scanning resumes. A rebuild that cannot finish
(offline and no backup) is retried every minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from kiosk.backup import BackupReport, backup_file, default_backup_dir
from kiosk.core.models import Event
from kiosk.core.times import ClockState
from kiosk.errors import ReplicaDamaged, ReplicaIOError
from kiosk.gui.taskman import TaskManager
from kiosk.pretix.engine import first_download  # ours, or pretix's
from kiosk.replica.clock import clock_warning
from kiosk.replica.db import Replica
from kiosk.replica.doctor import Finding, HealReport, examine, heal, is_damage
from kiosk.replica.journal import CheckInJournal

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

#: How soon a rebuild that could not finish (offline and no backup) is tried again.
RETRY_SECONDS = 60.0


def open_or_heal(path: Path) -> Replica:
    """Open the replica; one too damaged to open, or gone with its journal left, is
    rebuilt first — before any window shows, so this blocks (and logs). Damage that
    still lets the file open is found by the check :class:`ReplicaHealth` runs."""
    if path.exists() or not CheckInJournal(path).exists():
        try:
            return Replica(path)
        except (ReplicaDamaged, ReplicaIOError) as exc:
            log.error("the replica %s cannot be opened (%s): rebuilding before start",
                      path, exc)
    report = heal(path, download=first_download,
                  progress=lambda text: log.warning("rebuild: %s", text))
    for line in report.lines():
        log.warning("rebuild: %s", line)
    return Replica(path)


def clock_problem(replica: Replica, event: Event | None) -> str:
    """Staff words for a clock that is suspect (never checked against the central list,
    outside the event's days) or known wrong (it went back: scans are then decided by
    the nearest event day a ticket is valid on), or "" (kiosk/replica/clock.py)."""
    found = clock_warning(replica, event)
    return "" if found is None else clock_words(*found)


def clock_words(state: ClockState, today: str, first: str, last: str) -> str:
    """The banner's words for a suspect or wrong clock (see :func:`clock_problem`)."""
    if state is ClockState.WRONG:
        return translate(
            "ReplicaHealth",
            "Staff: this kiosk's clock is wrong: it says {today}, earlier than times it "
            "has already recorded. Tickets are checked for the nearest event day they are "
            "valid on ({first} to {last}). Set the clock, or connect to the central list "
            "to correct it.").format(today=today, first=first, last=last)
    return translate(
        "ReplicaHealth",
        "Staff: this kiosk's clock says {today}, outside the event's days ({first} to "
        "{last}). Set the clock, or connect to the central list to correct it.").format(
        today=today, first=first, last=last)


def rebuilding_words(*, at_desk: bool = False) -> str:
    """The banner while a damaged replica is rebuilt (scans are not taken); at a desk
    (``at_desk``) for its staff, who are the registration desk."""
    if at_desk:
        return translate(
            "ReplicaHealth",
            "Replica damaged — rebuilding. Scans are not recorded meanwhile: use a "
            "kiosk or another desk.")
    return translate(
        "ReplicaHealth",
        "Replica damaged — rebuilding. Please use the registration desk or a "
        "neighbouring kiosk.")


def cannot_rebuild_words(*, at_desk: bool = False) -> str:
    """The banner while a damaged replica cannot be rebuilt yet (no network, no backup):
    it is tried again every minute; scans are not taken."""
    if at_desk:
        return translate(
            "ReplicaHealth",
            "Replica damaged — cannot rebuild yet (no network and no backup). Scans "
            "are not recorded: use a kiosk or another desk, and bring the network back.")
    return translate(
        "ReplicaHealth",
        "Replica damaged — cannot rebuild yet (no network and no backup). "
        "Please use the registration desk or a neighbouring kiosk.")


def rebuild_failed_words(*, at_desk: bool = False) -> str:
    """The banner after a rebuild failed (it is tried again)."""
    if at_desk:
        return translate(
            "ReplicaHealth",
            "Replica damaged — the rebuild failed, retrying. Scans are not recorded "
            "meanwhile: use a kiosk or another desk.")
    return translate(
        "ReplicaHealth",
        "Replica damaged — the rebuild failed, retrying. Please use the registration "
        "desk or a neighbouring kiosk.")


def list_gone_words(*, at_desk: bool = False) -> str:
    """The banner after a rebuild from the check-in journal alone (a stand-alone device
    with no backup): the check-ins are back, the attendee list is not."""
    if at_desk:
        return translate(
            "ReplicaHealth",
            "Replica rebuilt without its attendee list (no backup and no central list): "
            "import the attendee list again. No check-in was lost.")
    return translate(
        "ReplicaHealth",
        "Replica rebuilt without its attendee list (no backup and no central list): "
        "tickets cannot be checked here. Please use the registration desk. Staff: "
        "import the attendee list again; no check-in was lost.")


class ReplicaHealth(QObject):
    """Watches one replica file; ``state`` is "ok", "checking" or "rebuilding"."""

    #: Words for the staff/attendee banner ("" clears it).
    message = Signal(str)
    #: Emitted on the GUI thread after a rebuilt file is in place: reopen it.
    rebuilt = Signal(object)  # HealReport
    state_changed = Signal(str)

    def __init__(self, taskman: TaskManager, db_path: str | Path, *,
                 interval: float = 1800.0, backup_minutes: float = 30.0,
                 backup_dirs: tuple[str, ...] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.taskman = taskman
        self.db_path = Path(db_path)
        self.backup_dirs = backup_dirs
        self.state = "ok"
        #: Whether staff at a desk read the banner (the context asks its controller).
        self.at_desk: Callable[[], bool] = lambda: False
        self.last_finding: Finding | None = None
        self.last_report: HealReport | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.timeout.connect(self.check_now)
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(int(backup_minutes * 60_000))
        self._backup_timer.timeout.connect(self.backup_now)
        self.last_backup: BackupReport | None = None

    def start(self) -> None:
        self._timer.start()
        self._backup_timer.start()
        QTimer.singleShot(0, self.check_now)

    def stop(self) -> None:
        self._timer.stop()
        self._backup_timer.stop()

    def backup_now(self) -> None:
        """An online backup on the task thread (kiosk/backup.py): scans go on meanwhile.
        The default folder (``backups/`` beside the replica) always gets a copy; the
        second folder (``backup_dirs``), when set, too."""
        if self.state != "ok":
            return
        path = self.db_path
        folders: list[str | Path] = [default_backup_dir(path), *self.backup_dirs]
        self.taskman.run(lambda: backup_file(path, folders), self._backed_up,
                         self._backup_failed)

    def _backed_up(self, report: BackupReport) -> None:
        self.last_backup = report
        for problem in report.problems:
            log.warning("backup: could not write to %s", problem)

    def _backup_failed(self, exc: BaseException) -> None:
        log.error("backup failed: %s", exc)
        self.report_error(exc)  # a damaged replica cannot be backed up: rebuild it

    @property
    def accepting_scans(self) -> bool:
        return self.state != "rebuilding"

    def check_now(self) -> None:
        if self.state != "ok":
            return
        self._set_state("checking")
        path = self.db_path
        self.taskman.run(lambda: examine(path), self._checked, self._check_failed)

    def report_error(self, exc: BaseException) -> None:
        """A scan or a query failed: if the file is damaged, rebuild it now."""
        if is_damage(exc) and self.state != "rebuilding":
            log.error("the replica is damaged (%s): rebuilding", exc)
            self._rebuild()

    # -- internals ----------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _checked(self, finding: Finding) -> None:
        self.last_finding = finding
        if self.state == "rebuilding":
            return
        if finding.ok:
            self._set_state("ok")
            return
        log.error("replica check: %s (%s): rebuilding", finding.state, finding.detail)
        self._rebuild()

    def _check_failed(self, exc: BaseException) -> None:
        log.warning("replica check could not run: %s", exc)
        self._set_state("ok")

    def _rebuild(self) -> None:
        self._set_state("rebuilding")
        self.message.emit(rebuilding_words(at_desk=self.at_desk()))
        path = self.db_path
        dirs: list[str | Path] = [default_backup_dir(path), *self.backup_dirs]
        self.taskman.run(lambda: heal(path, backup_dirs=dirs, download=first_download),
                         self._healed,
                         self._heal_failed)

    def _healed(self, report: Any) -> None:
        self.last_report = report
        for line in report.lines():
            log.warning("rebuild: %s", line)
        if not report.complete:
            QTimer.singleShot(int(RETRY_SECONDS * 1000), self._rebuild)
            self.message.emit(cannot_rebuild_words(at_desk=self.at_desk()))
            return
        self.rebuilt.emit(report)
        self._set_state("ok")
        # Rebuilt from the journal alone, nobody is on the list: not a silent dead end.
        self.message.emit(list_gone_words(at_desk=self.at_desk())
                          if report.source == "journal only" and not report.attendees
                          else "")

    def _heal_failed(self, exc: BaseException) -> None:
        log.error("rebuilding the replica failed: %s", exc)
        QTimer.singleShot(int(RETRY_SECONDS * 1000), self._rebuild)
        self.message.emit(rebuild_failed_words(at_desk=self.at_desk()))
