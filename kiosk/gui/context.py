"""Everything one running kiosk or desk needs, wired together: the GUI thread's replica,
settings, the scan controller, the camera worker, the USB scanner input, sounds, the task
manager and the sync schedule. Both windows take one of these."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from kiosk.core.config import (
    BACKUP_FOLDER,
    BACKUP_MINUTES,
    CAMERA,
    CAMERA_RETRY_SECONDS,
    GATE,
    MODE,
    SCAN_HOLD_SECONDS,
    SOUND,
    SYNC_INTERVAL_SECONDS,
    DeviceConfig,
)
from kiosk.errors import GateRemoved, KioskError
from kiosk.gui.camera import CameraWorker
from kiosk.gui.controller import ScanController, ShownVerdict, gate_removed_words
from kiosk.gui.error_words import error_words
from kiosk.gui.replica_health import ReplicaHealth, clock_problem, open_or_heal
from kiosk.gui.scanner_input import UsbScannerInput
from kiosk.gui.sounds import VerdictSounds
from kiosk.gui.sync_status import SyncScheduler
from kiosk.gui.taskman import TaskManager
from kiosk.gui.ui.status_bar import StatusFigures
from kiosk.replica.db import Replica
from kiosk.sync.snapshot import download_progress

log = logging.getLogger(__name__)
# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate


class AppContext(QObject):
    status_changed = Signal(object)  # StatusFigures

    def __init__(
        self,
        db_path: str | Path,
        *,
        camera: str | None = None,
        gate_id: str | None = None,
        mode: str | None = None,
        camera_size: tuple[int, int] = (1280, 720),
        realtime: bool = True,
        retry_seconds: float | None = None,
        status_interval_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.replica = open_or_heal(self.db_path)
        #: The device configuration (kiosk/core/config.py): the same values, under the same
        #: keys, that pairing writes and `kiosk checkin` and sync read.
        self.settings = DeviceConfig(self.replica)
        self.mode = mode or self.settings.get(MODE)
        self._gate_override = bool(gate_id)
        gate = gate_id or self.settings.get(GATE) or None
        self.controller = ScanController(self.replica, gate_id=gate, parent=self)
        # Fail early and plainly when the gate does not exist. One the central list
        # withdrew (moved, deleted) was real: start, say so (check_gate), let staff
        # choose another in the settings. A new kiosk with no gate at all starts anyway:
        # staff pair it from the staff menu (code or camera).
        self.unpaired_and_empty = gate is None and not self.replica.gates()
        if not self.unpaired_and_empty:
            try:
                self.controller.service.gate(gate)
            except GateRemoved:
                pass
        self.sounds = VerdictSounds(self, enabled=self.settings.get(SOUND))
        self.usb = UsbScannerInput(self, swallow=self.mode == "kiosk")
        self.usb.scanned.connect(self._usb_scan)
        # After the event loop has finished closing the dialog (it is still modal while
        # it hides), decide the scans that waited for it.
        self.usb.dialog_closed.connect(
            lambda: QTimer.singleShot(0, self.controller.release_held))
        #: Scan latencies (frame into the worker -> verdict painted), seconds.
        self.latencies: list[float] = []
        spec = camera if camera is not None else self.settings.get(CAMERA)
        self.camera: CameraWorker | None = None
        if spec and spec.lower() != "none":
            self.camera = CameraWorker(
                spec, width=camera_size[0], height=camera_size[1], realtime=realtime,
                retry_seconds=retry_seconds or self.settings.get(CAMERA_RETRY_SECONDS),
                hold_seconds=self.settings.get(SCAN_HOLD_SECONDS), parent=self)
            self.camera.codes_found.connect(self.controller.scan_codes)
        self.taskman = TaskManager(self)
        self.sync = SyncScheduler(self.taskman, self.db_path,
                                  interval=self.settings.get(SYNC_INTERVAL_SECONDS),
                                  parent=self)
        self.sync.synced.connect(lambda _figures: self.refresh_status())
        self.sync.synced.connect(lambda _figures: self.check_clock())
        self.sync.synced.connect(lambda _figures: self.check_gate())
        self.sync.synced.connect(lambda _figures: self._check_set_up())
        self._clock_warning = ""
        self._gate_warning = ""
        second = self.settings.get(BACKUP_FOLDER).strip()
        self.health = ReplicaHealth(
            self.taskman, self.db_path,
            backup_minutes=self.settings.get(BACKUP_MINUTES),
            backup_dirs=(second,) if second else (), parent=self)
        self.health.message.connect(self.controller.problem)  # the windows' banner
        self.health.at_desk = self.controller.at_desk
        self.health.state_changed.connect(self._health_state)
        self.health.rebuilt.connect(self._reopen_replica)
        self.controller.scan_failed.connect(self.health.report_error)
        self.controller.data_changed.connect(self.refresh_status)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(status_interval_ms)
        self._status_timer.timeout.connect(self.refresh_status)
        self._started = False
        self._closed = False

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self.usb.install()
        if self.camera is not None:
            self.camera.start()
        self.sync.start()
        self.health.start()
        self._status_timer.start()
        self.refresh_status()
        self.check_clock()
        self.check_gate()
        if self.unpaired_and_empty:
            self.controller.problem.emit(translate(
                "AppContext", "This kiosk is not set up yet. Staff: open the staff menu "
                "(⚙) and pair it with the central list in the settings."))

    def check_gate(self) -> None:
        """Tell staff when the central list withdrew this kiosk's gate (moved to another
        event, or deleted), in the words a scan there gets; at start and after every
        sync, once per withdrawal."""
        if self._closed:
            return
        try:
            self.controller.service.gate(self.controller.gate_id)
            warning = ""
        except GateRemoved as exc:
            warning = gate_removed_words(exc, at_desk=self.controller.at_desk())
        except KioskError:
            warning = ""
        if warning and warning != self._gate_warning:
            log.warning("%s", warning)
            self.controller.problem.emit(warning)
        self._gate_warning = warning

    def _check_set_up(self) -> None:
        """The first download after pairing brought the gates: the kiosk is set up."""
        if self.unpaired_and_empty and not self._closed and self.replica.gates():
            self.unpaired_and_empty = False
            self.controller.problem.emit("")

    def check_clock(self) -> None:
        """Tell staff when the clock is suspect or wrong (kiosk/replica/clock.py); at
        start and after every sync, which may have corrected it (then the words go)."""
        if self._closed:
            return
        try:
            warning = clock_problem(self.replica, self.controller.current_event())
        except KioskError as exc:
            log.warning("clock check unavailable: %s", exc)
            return
        if warning == self._clock_warning:
            return
        if warning:
            log.warning("%s", warning)
        self._clock_warning = warning
        self.controller.problem.emit(warning)

    def shutdown(self) -> None:
        """Stop every thread cooperatively and close the replica. Safe to call twice."""
        if not self._started and self.replica is None:
            return
        self._closed = True
        self.controller.accepting = False
        self._status_timer.stop()
        self.usb.uninstall()
        if self.camera is not None:
            self.camera.stop()
        self.sync.stop()
        self.health.stop()
        self.taskman.stop()
        self._started = False

    def apply_settings(self) -> None:
        """Take up settings that apply without a restart (gate, sound)."""
        if not self._gate_override:
            gate = self.settings.get(GATE) or None
            self.controller.gate_id = gate
            self.controller.service = type(self.controller.service)(self.replica, gate_id=gate)
        self.sounds.enabled = self.settings.get(SOUND)
        self.refresh_status()
        if self._started:
            # Just paired (or the address changed): the first download now, not at the
            # next tick.
            self.sync.sync_now()

    @property
    def closed(self) -> bool:
        return self._closed

    def close_replica(self) -> None:
        self.replica.close()

    def _health_state(self, state: str) -> None:
        self.controller.recording = state != "rebuilding"

    def _reopen_replica(self, _report: object) -> None:
        """The rebuilt file is in place: the GUI thread's connection moves to it."""
        old = self.replica
        self.replica = Replica(self.db_path)
        self.settings = DeviceConfig(self.replica)
        self.controller.replica = self.replica
        self.controller.service = type(self.controller.service)(
            self.replica, gate_id=self.controller.gate_id)
        old.close()
        self.controller.data_changed.emit()

    def _usb_scan(self, text: str) -> None:
        self.controller.scan(text, source="usb", t_in=time.perf_counter())

    def note_shown(self, shown: ShownVerdict) -> None:
        """Called by a window once a verdict is painted: latency and sound."""
        if shown.t_in is not None:
            self.latencies.append(time.perf_counter() - shown.t_in)
            del self.latencies[:-1000]
        self.sounds.play(shown.text.family)

    def status_figures(self) -> StatusFigures:
        sync = self.sync.last
        try:
            pending = self.replica.pending_upload_count()
            refused = self.replica.rejected_upload_count()
            attendees = self.replica.attendee_count()
            checked_in = self.replica.checked_in_count(self.controller.today())
        except KioskError as exc:
            log.warning("status figures unavailable: %s", exc)
            pending = refused = attendees = checked_in = 0
        return StatusFigures(
            connection=sync.get("connection", "not_connected"),
            pending_uploads=pending,
            refused_uploads=refused,
            last_sync=self.sync.last_success_at,
            attendees=attendees,
            checked_in=checked_in,
            gate_name=self.controller.gate_name(),
            detail=error_words(sync.get("problem")),
            event=self.controller.current_event(),
            insecure=bool(sync.get("insecure")),
            downloading=download_progress(self.replica.path),
        )

    def refresh_status(self) -> None:
        if self._closed:
            return
        self.status_changed.emit(self.status_figures())
