"""Devices and pairing: short single-use pairing codes, device tokens, last seen."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.central.db import CentralDB, Tx, iso, utcnow
from kiosk.errors import AuthFailed, CentralError, NotFound

PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to type
PAIRING_TTL_MINUTES = 15
#: The one answer to a pairing code that is unknown, already used or expired.
BAD_PAIRING_CODE = ("This pairing code is not valid (mistyped, already used or expired): "
                    "check it, or ask the organiser for a new one.")


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    gate_id: str | None


@dataclass(frozen=True)
class PairingCode:
    code: str
    expires_at: datetime
    device_name: str
    gate_id: str | None


@dataclass(frozen=True)
class PairedDevice:
    device_id: str
    device_name: str
    token: str
    gate_id: str | None


def hash_token(token: str) -> str:
    """How a secret token is stored: its SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Devices:
    """Paired kiosks and desks, and the codes that pair them."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db

    def new_pairing_code(self, *, device_name: str = "", gate_id: str | None = None,
                         ttl_minutes: int = PAIRING_TTL_MINUTES) -> PairingCode:
        """A short single-use code a kiosk exchanges for its device token."""
        raw = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        expires = utcnow() + timedelta(minutes=ttl_minutes)

        def work(tx: Tx) -> None:
            if gate_id and not tx.one("SELECT id FROM gates WHERE id = ? AND deleted = 0",
                                      (gate_id,)):
                raise NotFound(f"No gate {gate_id!r} on the central list.")
            tx.execute("INSERT INTO pairing_codes (code, device_name, gate_id, created_at, "
                       "expires_at) VALUES (?, ?, ?, ?, ?)",
                       (code, device_name, gate_id, iso(utcnow()), iso(expires)))

        self.db.run(work)
        return PairingCode(code, expires, device_name, gate_id)

    def pair(self, code: str, *, device_name: str = "",
             replaces_token: str | None = None) -> PairedDevice:
        """Exchange a pairing code for a new device and its token (shown once).

        ``replaces_token``: the token the kiosk held from an earlier pairing with this
        list; that device is revoked in the same transaction (its token stops working;
        its backlog now belongs to the new device)."""
        normal = code.strip().upper().replace(" ", "")
        if len(normal) == 8:
            normal = f"{normal[:4]}-{normal[4:]}"
        token = secrets.token_urlsafe(32)
        device_id = "dev-" + uuid.uuid4().hex[:12]

        def work(tx: Tx) -> PairedDevice:
            now = utcnow()
            row = _claim(tx, normal, device_id, now)
            name = device_name.strip() or row["device_name"] or device_id
            tx.execute("INSERT INTO devices (id, name, token_hash, gate_id, paired_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (device_id, name, hash_token(token), row["gate_id"], iso(now)))
            if replaces_token:
                tx.execute("UPDATE devices SET revoked_at = ?, pending_uploads = 0 "
                           "WHERE token_hash = ? AND revoked_at IS NULL AND id != ?",
                           (iso(now), hash_token(replaces_token), device_id))
            return PairedDevice(device_id, name, token, row["gate_id"])

        return self.db.run(work)

    def authenticate(self, token: str | None, *, pending: int | None = None) -> Device:
        """The device holding ``token``; :class:`AuthFailed` when missing/unknown/revoked.

        ``pending`` (what the kiosk says still waits on it) is kept even for a revoked
        device, so the organiser sees what it could not upload."""
        if not token:
            raise AuthFailed("No device token: pair this kiosk with the central list first.",
                             reason="missing_token")
        row = self.db.run(lambda tx: tx.one(
            "SELECT id, name, gate_id, revoked_at FROM devices WHERE token_hash = ?",
            (hash_token(token),)), write=False)
        if row is None:
            raise AuthFailed("Unknown device token: pair this kiosk again.", reason="bad_token")
        if row["revoked_at"]:
            if pending is not None:
                self.db.run(lambda tx: tx.execute(
                    "UPDATE devices SET pending_uploads = ? WHERE id = ?", (pending, row["id"])))
            raise AuthFailed("This kiosk was revoked by the organiser: pair it again to sync.",
                             reason="revoked")
        return Device(row["id"], row["name"], row["gate_id"])

    def touch(self, device: Device, *, pending: int | None = None,
              skew_seconds: float | None = None, software: str | None = None) -> None:
        """Remember when a device was last seen (and its backlog, clock skew and
        software version)."""
        self.db.run(lambda tx: self.touch_in(tx, device, pending=pending,
                                             skew_seconds=skew_seconds, software=software))

    def touch_in(self, tx: Tx, device: Device, *, pending: int | None = None,
                 skew_seconds: float | None = None, seen: datetime | None = None,
                 software: str | None = None) -> None:
        """:meth:`touch` inside ``tx`` (an upload records it with what it stored)."""
        tx.execute(
            "UPDATE devices SET last_seen_at = ?, pending_uploads = coalesce(?, pending_uploads),"
            " clock_skew_seconds = coalesce(?, clock_skew_seconds),"
            " software_version = coalesce(?, software_version) WHERE id = ?",
            (iso(seen or utcnow()), pending, skew_seconds, software, device.id))

    def all(self) -> list[dict[str, Any]]:
        """Every device ever paired (revoked ones too), in order of pairing."""
        return self.db.run(lambda tx: tx.execute(
            "SELECT id, name, gate_id, paired_at, revoked_at, last_seen_at, clock_skew_seconds,"
            " pending_uploads, software_version FROM devices ORDER BY paired_at, id"),
            write=False)

    def rename(self, device_id: str, name: str) -> None:
        """Give a device a new name (shown on the console and in check-ins it sends)."""
        name = name.strip()
        if not name:
            raise CentralError("A device needs a name.")
        if len(name) > 100:
            raise CentralError("A device name is at most 100 characters.")

        def work(tx: Tx) -> None:
            if not tx.execute("UPDATE devices SET name = ? WHERE id = ? RETURNING id",
                              (name, device_id)):
                raise NotFound(f"No device {device_id!r}.")

        self.db.run(work)

    def revoke(self, device_id: str) -> None:
        """Revoke a device's token: its next request is refused."""

        def work(tx: Tx) -> None:
            done = tx.execute("UPDATE devices SET revoked_at = ? WHERE id = ? "
                              "RETURNING id", (iso(utcnow()), device_id))
            if not done:
                raise NotFound(f"No device {device_id!r}.")

        self.db.run(work)


def _claim(tx: Tx, code: str, device_id: str, now: datetime) -> dict[str, Any]:
    """Mark pairing code ``code`` used by ``device_id``; :class:`AuthFailed` when it is
    unknown, used or expired. Returns its row."""
    row = tx.one("SELECT * FROM pairing_codes WHERE code = ?", (code,))
    # One answer for unknown, used and expired codes: a guesser learns nothing.
    if row is None or row["used_at"] or datetime.fromisoformat(row["expires_at"]) < now:
        raise AuthFailed(BAD_PAIRING_CODE, reason="bad_pairing_code")
    # Conditional update: two kiosks racing for one code cannot both win.
    claimed = tx.execute("UPDATE pairing_codes SET used_at = ?, device_id = ? "
                         "WHERE code = ? AND used_at IS NULL RETURNING code",
                         (iso(now), device_id, code))
    if not claimed:
        raise AuthFailed(BAD_PAIRING_CODE, reason="bad_pairing_code")
    return row
