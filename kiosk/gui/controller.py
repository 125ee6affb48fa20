"""The scan controller: every code (camera, USB scanner, desk) goes through here.

It owns the GUI thread's replica and check-in service. ``scan()`` returns only after the
check-in is committed (record, then show); then ``verdict_ready`` fires and the screen
changes. Failures are logged and reported as a calm message, never a dialog.

While a dialog is open (walk-in form, badge printing, staff PIN or menu) nothing behind it
changes: camera scans are paused (the camera reports the code again once the dialog is
gone), and USB-scanner scans wait in a short queue (``queued``) and are decided when the
dialog closes, so the person the dialog is about stays the person shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk.core.models import Attendee, CheckIn, Direction, Event
from kiosk.core.roles import Role
from kiosk.core.search_fold import fold as fold_name
from kiosk.core.times import local_day, local_time
from kiosk.core.verdicts import ScanResult
from kiosk.core.wire import looks_like_pairing_qr
from kiosk.errors import AttendeeGone, DiskFull, GateRemoved, KioskError, ReplicaReadOnly
from kiosk.gui.error_words import error_words
from kiosk.gui.verdict_text import VerdictText, describe
from kiosk.replica.checkin import CheckInService
from kiosk.replica.codes import issue_code
from kiosk.replica.db import Replica
from kiosk.replica.figures import DeskFigures

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate

log = logging.getLogger(__name__)

#: Scans kept while a dialog is open; older ones are dropped (nobody waits that long).
MAX_HELD_SCANS = 5


def dialog_open() -> bool:
    """Whether a modal dialog (window- or application-modal) is open."""
    return QApplication.activeModalWidget() is not None

@dataclass(frozen=True)
class ShownVerdict:
    result: ScanResult
    text: VerdictText
    source: str  # camera / usb / desk
    t_in: float | None


def gate_removed_words(exc: GateRemoved, *, at_desk: bool = False) -> str:
    """What staff and attendees read when the central list withdrew this kiosk's gate
    (moved to another event, or deleted): no scan is recorded until staff choose another
    gate. ``at_desk``: the desk's staff read it (they are the registration desk)."""
    if at_desk:
        return translate(
            "ScanController",
            "This desk's gate ({gate}) was moved to another event or removed by the "
            "organisers, so nothing was recorded. Choose this desk's gate again in the "
            "settings.").format(gate=exc.gate_name)
    return translate(
        "ScanController",
        "This kiosk's gate ({gate}) was moved to another event or removed by the "
        "organisers, so nothing was recorded. Please use the registration desk. "
        "Staff: choose this kiosk's gate again in the settings.").format(gate=exc.gate_name)


class ScanController(QObject):
    """Decides scans against the replica; one per window, on the GUI thread."""

    verdict_ready = Signal(object)  # ShownVerdict
    problem = Signal(str)
    data_changed = Signal()
    #: How many USB scans wait for a dialog to close (0: none any more).
    queued = Signal(int)
    #: A scan or check-in could not be decided or recorded (the KioskError): the replica
    #: health watcher looks at it (a damaged file is rebuilt).
    scan_failed = Signal(object)

    def __init__(self, replica: Replica, *, gate_id: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.gate_id = gate_id or None
        self.service = CheckInService(replica, gate_id=self.gate_id)
        self.history: list[ShownVerdict] = []
        #: False once the app is shutting down: scans still queued are ignored.
        self.accepting = True
        #: False while the replica is being rebuilt (kiosk/gui/replica_health.py).
        self.recording = True
        #: Whether scans must wait (a dialog is open); replaceable in tests.
        self.hold = dialog_open
        self.held: list[tuple[str, str, Direction | None]] = []
        #: While set (the settings dialog's pairing), asked first about every scan: True
        #: when it took the text (a pairing QR read by the USB scanner), which is then no
        #: check-in.
        self.claim: Callable[[str, str], bool] | None = None
        self.paused_camera_scans = 0
        #: Who reads the verdicts: None, an attendee (a kiosk); a desk sets it to its
        #: device's role (its staff read them: words for what staff can do).
        self.staff: Callable[[], Role | None] = lambda: None

    # -- context ---------------------------------------------------------------------

    def at_desk(self) -> bool:
        """Whether staff at a desk read this controller's words (not attendees)."""
        return self.staff() is not None

    def current_event(self) -> Event | None:
        try:
            return self.replica.get_event(self.service.gate().event_id)
        except KioskError:
            return self.replica.default_event()

    def gate_name(self) -> str:
        try:
            return self.service.gate().name
        except KioskError:
            return ""

    def gate_names(self) -> dict[str, str]:
        return {g.id: g.name for g in self.replica.gates()}

    def today(self) -> date:
        return local_day(self.service.clock(), self.current_event())

    def local_time(self, ts: datetime, *, seconds: bool = False) -> str:
        """``HH:MM`` (or ``HH:MM:SS``) of ``ts`` in the event's zone (not the machine's)."""
        return local_time(ts, self.current_event(), seconds=seconds)

    def describe(self, result: ScanResult) -> VerdictText:
        return describe(result, event=self.current_event(), gate_names=self.gate_names(),
                        staff=self.staff())

    # -- scanning --------------------------------------------------------------------

    def scan(self, text: str, *, source: str = "camera", t_in: float | None = None,
             direction: Direction | None = None) -> ScanResult | None:
        """Decide and record one code; the verdict is emitted after the commit.
        ``direction`` None: as this kiosk's gate mode says (entry, exit, or by state)."""
        if not self.accepting or not self.recording:
            return None
        if self.claim is not None and self.claim(text, source):
            return None
        if source == "camera" and looks_like_pairing_qr(text):
            # The organiser's pairing QR still held up after the kiosk paired with it
            # (or shown to the wrong kiosk): nothing to check in, nothing for the queue
            # to see. A USB scan of one outside the pairing step is "not a ticket".
            log.info("a pairing QR in front of the camera: ignored outside the pairing step")
            return None
        if self.hold():
            if source == "camera":
                self.paused_camera_scans += 1
                return None
            self.held.append((text, source, direction))
            del self.held[:-MAX_HELD_SCANS]
            self.queued.emit(len(self.held))
            return None
        try:
            result = self.service.scan(text, gate_id=self.gate_id, direction=direction)
        except KioskError as exc:
            log.error("scan of %r failed: %s", text[:40], exc)
            self._failed(exc, translate(
                "ScanController", "The scan could not be recorded: please try again.")
                if self.at_desk() else translate(
                "ScanController",
                "The scan could not be recorded: please try again, or see the desk."))
            return None
        self._emit(result, source, t_in)
        return result

    def release_held(self) -> None:
        """Decide the scans that waited for a dialog, once no dialog is open any more."""
        if not self.held or self.hold():
            return
        held, self.held = self.held, []
        self.queued.emit(0)
        for text, source, direction in held:
            self.scan(text, source=source, direction=direction)

    def scan_codes(self, texts: list[str], t_in: float, _points: list | None = None) -> None:
        for text in texts:
            self.scan(text, source="camera", t_in=t_in)

    def check_in_attendee(self, attendee_id: str, *,
                          direction: Direction = Direction.ENTRY) -> ScanResult | None:
        try:
            result = self.service.check_in_attendee(attendee_id, gate_id=self.gate_id,
                                                    direction=direction)
        except KioskError as exc:
            log.error("manual check-in of %s failed: %s", attendee_id, exc)
            self._failed(exc, error_words(exc) if isinstance(exc, AttendeeGone) else translate(
                "ScanController", "The check-in could not be recorded: please try again."))
            return None
        self._emit(result, "desk", None)
        return result

    def override(self, attendee_id: str, reason: str) -> ScanResult | None:
        """Check ``attendee_id`` in anyway with staff's ``reason`` (the desk; see
        ``CheckInService.override``); the verdict is emitted after the commit. A refusal
        no desk may overrule, or a reason the rule refuses, is said plainly."""
        try:
            result = self.service.override(attendee_id, reason, gate_id=self.gate_id)
        except KioskError as exc:
            log.error("override for %s failed: %s", attendee_id, exc)
            # (The dialog checked the reason, the desk offered only a refusal it may
            # overrule: a refusal now is a change in between, e.g. a revocation just
            # synced.) Said by the error's class, in the screen's language.
            self._failed(exc, error_words(exc))
            return None
        self._emit(result, "desk", None)
        return result

    def undo(self, checkin_id: str, *, window_seconds: int) -> CheckIn:
        """Record an undo of ``checkin_id`` (KioskError with a reason when not allowed)."""
        undo = self.service.undo(checkin_id, window_seconds=window_seconds)
        self.data_changed.emit()
        return undo

    def register_walkin(self, **fields: object) -> Attendee:
        """Register a walk-in and give them a ticket code: signed here when this replica
        holds the event's key (stand-alone), else the central list's, at the next sync."""
        attendee = self.service.register_walkin(**fields)  # type: ignore[arg-type]
        try:
            issue_code(self.replica, attendee.id)
        except KioskError as exc:  # the walk-in is kept; the code can come later
            log.warning("no ticket code for walk-in %s: %s", attendee.id, exc)
        self.data_changed.emit()
        return self.replica.get_attendee(attendee.id) or attendee

    def possible_duplicates(self, *, name: str, email: str) -> list[Attendee]:
        """People already on the list with this e-mail or this (folded) name."""
        found: dict[str, Attendee] = {}
        wanted_email = email.strip().casefold()
        if wanted_email:
            for a in self.replica.search(wanted_email, limit=20):
                if a.email.strip().casefold() == wanted_email:
                    found[a.id] = a
        wanted_name = fold_name(name)
        if wanted_name:
            for a in self.replica.search(name, limit=50):
                if fold_name(a.name) == wanted_name:
                    found.setdefault(a.id, a)
        return list(found.values())

    def _failed(self, exc: KioskError, words: str) -> None:
        """Nothing was recorded and no verdict is shown: say so plainly."""
        if isinstance(exc, DiskFull | ReplicaReadOnly):
            # Nothing can be stored until space returns (or the medium is writable):
            # each scan tries again, so the kiosk recovers by itself.
            words = translate(
                "ScanController",
                "This desk cannot record check-ins: its disk is full or read-only. Use a "
                "kiosk or another desk, and free some space.") if self.at_desk() \
                else translate(
                "ScanController",
                "This kiosk cannot record check-ins: its disk is full or read-only. "
                "Please use the registration desk or a neighbouring kiosk.")
        elif isinstance(exc, GateRemoved):
            words = gate_removed_words(exc, at_desk=self.at_desk())
        self.problem.emit(words)
        self.scan_failed.emit(exc)

    def _emit(self, result: ScanResult, source: str, t_in: float | None) -> None:
        shown = ShownVerdict(result, self.describe(result), source, t_in)
        # One line per verdict: the trail staff and a headless demo can read.
        who = result.attendee.name or result.attendee.id if result.attendee else "-"
        log.info("verdict %s: %s (%s, %s)", result.verdict, who, source,
                 result.reason)
        self.history.append(shown)
        del self.history[:-200]
        self.verdict_ready.emit(shown)
        self.data_changed.emit()

    # -- figures ---------------------------------------------------------------------

    def attendee_checkins_today(self, attendee_id: str) -> list[CheckIn]:
        """This attendee's standing passages today at any gate, oldest first."""
        day = self.today()
        out: list[CheckIn] = []
        for gate in self.replica.gates():
            out += self.replica.checkin_history(attendee_id, gate.id, day)
        return sorted(out, key=lambda c: c.scanned_at)

    def presence_today(self, attendee_ids: list[str]) -> dict[str, CheckIn]:
        """Each attendee's latest standing passage today (any gate), if they have one."""
        return self.replica_figures().last_passages(attendee_ids, self.today())

    def replica_figures(self) -> DeskFigures:
        return DeskFigures(self.replica)

    def counts_by_gate_today(self) -> list[tuple[str, int]]:
        counts = self.replica.counts_by_gate(self.today())
        return [(g.name, counts.get(g.id, 0)) for g in self.replica.gates()]

