"""The kiosk's exception tree: every exception class of the project is defined here.

    KioskError                      anything this package raises on purpose
    ├── ConfigError                 a bad setting, argument or missing file
    │   └── GateRemoved             this kiosk's gate was moved off its event or deleted
    │   └── BadPairingInput         not a pairing code, QR or address (``problem``)
    │   └── NoEvent                 the replica holds no event yet: pair or import first
    ├── ReplicaError                the local SQLite replica failed (by SQLite result code:)
    │   ├── NotAReplica             the file is some other database (a central list, ...)
    │   ├── ReplicaLocked           SQLITE_BUSY, SQLITE_LOCKED: another process holds it
    │   ├── DiskFull                SQLITE_FULL: the disk (or its quota) is full
    │   ├── ReplicaDamaged          SQLITE_CORRUPT, SQLITE_NOTADB: the file is malformed
    │   ├── ReplicaIOError          SQLITE_IOERR: the disk failed to read or write
    │   ├── ReplicaReadOnly         SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN
    │   └── ConstraintViolated      SQLITE_CONSTRAINT: a unique/foreign-key rule refused a row
    ├── ImportFailed                a CSV file or some of its rows cannot be imported
    ├── TicketError                 a ticket code cannot be made (no key, bad payload)
    │   └── ForgedCode              a signed-looking code that does not verify
    ├── BadgeAlreadyPrinted         the desk printed this badge before: reprint deliberately
    ├── PrinterUnavailable          the badge printer could not be started
    ├── WalkinNeedsName             a walk-in registered without a name
    ├── UndoRefused                 an undo the rules do not allow (``why``: which rule)
    ├── OverrideRefused             a desk's override the rules do not allow
    │   ├── OverrideReasonInvalid   no reason, too long, or not one line (``problem``)
    │   └── NotOverridable          a refusal only the organisers lift (``reason``)
    ├── AttendeeGone                the person staff chose is no longer on the list
    ├── ScannerError                camera / video / image source trouble
    │   └── SourceUnavailable       the device is missing or vanished
    ├── DecodeError                 a decoder backend is missing or broken
    ├── SyncError                   a kiosk talking to the central list failed
    │   ├── NotPaired               no server URL or device token: `kiosk pair` first
    │   ├── PairingConflict         the replica holds data of its own or of another list
    │   ├── AuthError               token missing, wrong or revoked: re-pair the kiosk
    │   ├── ServerUnavailable       network down, timeout, 5xx, a proxy: offline, retry later
    │   │   ├── CaptivePortal       the venue's Wi-Fi answers with its login page
    │   │   └── SnapshotFileGone    the snapshot file being fetched is no longer served (404)
    │   ├── CertificateChanged      the server's certificate is not the one pinned at pairing
    │   └── ProtocolError           the server answered something we do not understand
    │       ├── NotACentralList     it answered, but is not a checkin-kiosk central list
    │       ├── CentralRestored     409 cursor_unknown: the list was restored from a backup
    │       ├── GateNotServed       403 not_your_gate: the feed by gate refused, read it all
    │       └── LiveUnavailable     the list does not hold live feed requests (old or full)
    ├── CentralError                an organiser operation or API call on the central list
    │   ├── CentralUnavailable      its database cannot be reached or is too busy
    │   ├── AuthFailed              a device token or pairing code is refused (``reason``)
    │   ├── NotFound                an event, gate, attendee or device does not exist
    │   ├── CursorUnknown           a kiosk's cursor names a change the list does not have
    │   ├── EditConflict            another organiser's change got there first (409)
    │   ├── ConsoleRefused          a console request refused before it did anything (status)
    │   └── Throttled               too many failed pairing/login attempts from one address (429)
    ├── SelfcheckSkipped            a `kiosk selfcheck` part that cannot run here
    └── InternalError               a bug (logged with its traceback), reported, not raised on

The class is the kind: callers test ``isinstance`` (a sync result carries the exception,
``SyncResult.error``), never a string. Boundaries translate foreign errors here by code,
not by message text: the replica by ``sqlite3.Error.sqlite_errorcode``
(:func:`kiosk.replica.db.translate_sqlite_error`), sync by httpx's exception classes and
the ``errno`` of the OSError beneath them, the scanner by catching ``cv2.error``. Every
message is plain English meant to be shown to a person.

Two exception classes are not here, on purpose: kiosk.sync.pinning's private
``_Mismatch`` must be an ``ssl`` error raised inside the TLS handshake; and the central
server's private ``_TooLarge``
(kiosk/central/api/http.py) must subclass Starlette's ``HTTPException``, the only kind
FastAPI's body reader passes through from the body-limit middleware; this module imports
nothing but the standard library.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class KioskError(Exception):
    """Base class: a failure this package knows how to describe."""


class ConfigError(KioskError):
    """A bad setting, argument or missing file."""


class GateRemoved(ConfigError):
    """The gate this kiosk is set to is no longer on its event's list: the organisers
    moved it to another event or deleted it, and the central list withdrew it (the
    replica keeps it, marked removed, so this can be said). ``gate_name`` for the words
    a screen makes."""

    def __init__(self, gate_id: str, gate_name: str) -> None:
        super().__init__(
            f"This kiosk's gate {gate_name!r} is no longer on its event's list: the "
            "organisers moved it to another event or removed it. Nothing was recorded. "
            "Choose this kiosk's gate again in the settings (or pair it again).")
        self.gate_id = gate_id
        self.gate_name = gate_name


class BadPairingInput(ConfigError):
    """What was typed or shown to pair is not a pairing code, pairing QR or address;
    ``problem`` says which (a ``kiosk.sync.pairing.PairingProblem``), so a screen can say
    it in its own words; the message is for the command line."""

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


class NoEvent(ConfigError):
    """The replica holds no event yet: pair the device or import an attendee list."""


# -- the replica -------------------------------------------------------------------------


class ReplicaError(KioskError):
    """The local replica could not be read or written."""


class NotAReplica(ReplicaError):
    """The file is an SQLite database, but not a kiosk replica."""


class ReplicaLocked(ReplicaError):
    """Another process held the database write lock for too long."""


class DiskFull(ReplicaError):
    """The disk is full; the write was rolled back and nothing was stored."""


class ReplicaDamaged(ReplicaError):
    """The replica file is malformed (corrupt pages) or is not a database at all."""


class ReplicaIOError(ReplicaError):
    """The operating system failed to read or write the replica file (disk I/O error)."""


class ReplicaReadOnly(ReplicaError):
    """The replica file (or its folder) cannot be opened or written: permissions, a
    read-only mount."""


class ConstraintViolated(ReplicaError):
    """A write broke one of the replica's rules (a unique ticket code, a foreign key);
    the transaction was rolled back."""


# -- import, tickets, badges, scanner ----------------------------------------------------


class ImportFailed(KioskError):
    """A CSV import failed. ``problems`` lists (line number, reason) pairs."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class TicketError(KioskError):
    """A ticket code could not be produced."""


class ForgedCode(TicketError):
    """The code has our signed shape but does not verify (tampered, truncated, foreign)."""


class _Printed(Protocol):
    @property
    def printed_at(self) -> datetime: ...


class BadgeAlreadyPrinted(KioskError):
    """This attendee's badge was printed before: reprint deliberately.

    ``previous`` is the earlier print (a ``kiosk.replica.badges.BadgePrint``); ``at`` its time
    as shown to people (the event's clock, ``kiosk.core.times.local_time``)."""

    def __init__(self, previous: _Printed, at: str) -> None:
        super().__init__(f"A badge was already printed at {at}.")
        self.previous = previous
        self.at = at


class PrinterUnavailable(KioskError):
    """The badge printer could not be started (off, unplugged, out of paper, gone)."""


class WalkinNeedsName(KioskError):
    """A walk-in is registered with a name, or not at all."""


class UndoRefused(KioskError):
    """An undo the rules do not allow; ``why`` names the rule, for the words a screen
    makes (translated): ``"missing"`` (no such check-in), ``"undo_of_undo"``,
    ``"already_undone"``, ``"too_late"`` (``age`` seconds old, the window ``limit``)."""

    def __init__(self, why: str, message: str, *, age: int = 0, limit: int = 0) -> None:
        super().__init__(message)
        self.why, self.age, self.limit = why, age, limit


class OverrideRefused(KioskError):
    """A desk's "check in anyway" that the rules (kiosk/core/roles.py) do not allow;
    the subclass says which rule."""


class OverrideReasonInvalid(OverrideRefused):
    """The override's reason is missing, too long or not one line of text; ``problem``
    is core's plain reason (``override_reason_problem``), ``limit`` the most
    characters a reason may have."""

    def __init__(self, problem: str, *, limit: int) -> None:
        super().__init__(problem[:1].upper() + problem[1:] + ".")
        self.problem, self.limit = problem, limit


class NotOverridable(OverrideRefused):
    """The refusal (``reason``, a core ``Reason`` value) is one no desk may overrule —
    revoked, cancelled, another event's, unknown — e.g. it changed to that after the
    desk offered the override (a revocation just synced)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"This refusal cannot be overruled at the desk ({reason}).")
        self.reason = reason


class AttendeeGone(KioskError):
    """The attendee staff chose at the desk (``attendee_id``) is no longer on the list
    (removed by the organisers meanwhile, synced in between)."""

    def __init__(self, attendee_id: str) -> None:
        super().__init__(f"No attendee with id {attendee_id!r}.")
        self.attendee_id = attendee_id


class ScannerError(KioskError):
    """Trouble with a frame source."""


class SourceUnavailable(ScannerError):
    """The camera, video or image folder is missing or vanished."""


class DecodeError(KioskError):
    """A decoder backend is unavailable or failed."""


# -- a kiosk syncing with the central list -----------------------------------------------


class SyncError(KioskError):
    """Talking to the central list failed; the subclass says how."""


class NotPaired(SyncError):
    """The replica has no server URL or device token: pair it (``kiosk pair URL CODE``)."""


class PairingConflict(SyncError):
    """Pairing refused locally: the replica holds a stand-alone event's data or is paired
    with another central list (``kiosk pair --force`` pairs anyway). ``paired_with`` is
    that other list's address ("" for stand-alone data); ``own_event``, ``attendees`` and
    ``checkins`` say what the replica holds of its own."""

    def __init__(self, message: str, *, paired_with: str = "", own_event: str = "",
                 attendees: int = 0, checkins: int = 0) -> None:
        super().__init__(message)
        self.paired_with = paired_with
        self.own_event, self.attendees, self.checkins = own_event, attendees, checkins


class AuthError(SyncError):
    """The device token is missing, wrong or revoked: the kiosk must be paired again."""


class ServerUnavailable(SyncError):
    """The central list cannot be reached (network, timeout, 5xx, another server or a
    proxy answering instead): we are offline."""


class CaptivePortal(ServerUnavailable):
    """A Wi-Fi login page (or a redirect to one) answered instead of the central list:
    offline until someone logs in to the venue's Wi-Fi."""


class SnapshotFileGone(ServerUnavailable):
    """The snapshot file a download was fetching is no longer served (404: the central
    list replaced it, or lost it with a restore): another one is asked for, once in a
    sync."""


class CertificateChanged(SyncError):
    """The central list presented a TLS certificate other than the one this kiosk pinned
    at pairing (kiosk.sync.pinning): nothing was sent; pair again if it was replaced."""


class ProtocolError(SyncError):
    """The central list answered something we do not understand."""


class NotACentralList(ProtocolError):
    """The server answered, but not like a central list (no JSON error body)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"The server is not a checkin-kiosk central list: {what}.")
        self.what = what

    def __str__(self) -> str:
        return self.what


class CentralRestored(ProtocolError):
    """The central list does not have the change our cursor names (409
    ``cursor_unknown``): it was restored from a backup since our last sync."""


class GateNotServed(ProtocolError):
    """The central list will not serve the check-ins of the gate this kiosk named (403
    ``not_your_gate``: not, or no longer, a gate of its events): the kiosk reads the
    feed unfiltered instead (kiosk/sync/engine.py)."""


class LiveUnavailable(ProtocolError):
    """The central list does not hold live requests (an older version, or it is full):
    the kiosk polls on its timer instead (kiosk/sync/live.py)."""


# -- the central list --------------------------------------------------------------------


class CentralError(KioskError):
    """An organiser operation or API call on the central list failed (plain words)."""


class Throttled(CentralError):
    """Too many failed attempts (pairing codes, organiser logins) from one address: the
    server answers 429 with ``Retry-After: seconds``."""

    def __init__(self, what: str, seconds: int) -> None:
        super().__init__(f"Too many failed {what} attempts from this address: wait "
                         f"{seconds} s before trying again.")
        self.seconds = seconds


class CentralUnavailable(CentralError):
    """The central database cannot be reached or is too busy right now."""


class AuthFailed(CentralError):
    """A device token (or pairing code) is missing, unknown, expired or revoked.

    ``reason`` is the wire error code the server answers with (``revoked``, ...)."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(CentralError):
    """An organiser named something (event, gate, attendee, device) that does not exist."""


class CursorUnknown(CentralError):
    """A kiosk's feed cursor names a change this central list does not have (or has a
    different one at that position): the list was restored from a backup (or the kiosk
    talks to another list). The kiosk must read the feed from the start and upload
    everything it holds again (both idempotent)."""


class EditConflict(CentralError):
    """Two organisers changed the same thing at the same moment (e.g. moved one ticket
    code to two people): the later change is refused whole, with who holds the code now
    (the server answers 409), instead of the database's raw unique-key error."""


class ConsoleRefused(CentralError):
    """A request to the organisers' console refused before it changed anything: no
    session, a bad CSRF token or Origin, a form of the wrong content type (``status`` is
    the HTTP status, ``kind`` the error code)."""

    def __init__(self, status: int, message: str, *, kind: str = "refused") -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


# -- the rest ----------------------------------------------------------------------------


class SelfcheckSkipped(KioskError):
    """A `kiosk selfcheck` part that cannot run here (a missing prerequisite), which is
    not a failure."""


class InternalError(KioskError):
    """An unexpected exception (a bug), caught at a boundary that must not raise (the
    sync engine) and reported with the original's name; the traceback is logged."""
