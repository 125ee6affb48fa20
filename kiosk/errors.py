"""The kiosk's exception tree, drawn once here (after httpx's ``_exceptions``).

    KioskError                      anything this package raises on purpose
    ├── ConfigError                 a bad setting, argument or missing file
    ├── ReplicaError                the local SQLite replica failed
    │   ├── ReplicaLocked           another process holds the write lock too long
    │   └── DiskFull                the disk (or its quota) is full: nothing was stored
    ├── ImportFailed                a CSV file or some of its rows cannot be imported
    ├── TicketError                 a ticket code cannot be made (no key, bad payload)
    ├── ScannerError                camera / video / image source trouble
    │   └── SourceUnavailable       the device is missing or vanished
    ├── DecodeError                 a decoder backend is missing or broken
    └── SyncError                   talking to the central list failed (``kind`` says how)
        ├── AuthError               token missing, wrong or revoked: re-pair the kiosk
        ├── ServerUnavailable       network down, timeout, 5xx: we are offline, retry later
        └── ProtocolError           the server answered something we do not understand

Boundaries (replica, scanner, sync) translate sqlite3 / cv2 / httpx errors into these,
so callers handle errors by kind in one place. Every message is plain English meant to
be shown to a person.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base class: a failure this package knows how to describe."""


class ConfigError(KioskError):
    """A bad setting, argument or missing file."""


class ReplicaError(KioskError):
    """The local replica could not be read or written."""


class ReplicaLocked(ReplicaError):
    """Another process held the database write lock for too long."""


class DiskFull(ReplicaError):
    """The disk is full; the write was rolled back and nothing was stored."""


class ImportFailed(KioskError):
    """A CSV import failed. ``problems`` lists (line number, reason) pairs."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class TicketError(KioskError):
    """A ticket code could not be produced."""


class ScannerError(KioskError):
    """Trouble with a frame source."""


class SourceUnavailable(ScannerError):
    """The camera, video or image folder is missing or vanished."""


class DecodeError(KioskError):
    """A decoder backend is unavailable or failed."""


class SyncError(KioskError):
    """Talking to the central list failed. ``kind`` is a short machine-readable word."""

    kind = "sync"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class AuthError(SyncError):
    """The device token is missing, wrong or revoked: the kiosk must be paired again."""

    kind = "auth"


class ServerUnavailable(SyncError):
    """The central list cannot be reached (network, timeout, 5xx): we are offline."""

    kind = "offline"


class ProtocolError(SyncError):
    """The central list answered something we do not understand."""

    kind = "protocol"
