"""Devices and pairing: short single-use pairing codes, device tokens, last seen."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from kiosk.central.db import CentralDB, Tx, iso, utcnow
from kiosk.core.roles import DeviceScope, Role, parse_role
from kiosk.errors import AuthFailed, CentralError, NotFound

PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to type
PAIRING_TTL_MINUTES = 15
#: The one answer to a pairing code that is unknown, already used or expired.
BAD_PAIRING_CODE = ("This pairing code is not valid (mistyped, already used or expired): "
                    "check it, or ask the organiser for a new one.")


@dataclass(frozen=True)
class Device:
    """An authenticated device: who it is, and what it may touch (its role and events)."""

    id: str
    name: str
    gate_id: str | None
    role: Role = Role.KIOSK
    event_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def scope(self) -> DeviceScope:
        return DeviceScope(self.role, self.event_ids)


@dataclass(frozen=True)
class PairingCode:
    code: str
    expires_at: datetime
    device_name: str
    gate_id: str | None
    role: Role = Role.KIOSK
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairedDevice:
    device_id: str
    device_name: str
    token: str
    gate_id: str | None
    role: Role = Role.KIOSK
    event_ids: tuple[str, ...] = ()


def hash_token(token: str) -> str:
    """How a secret token is stored: its SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Devices:
    """Paired kiosks and desks, and the codes that pair them."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db

    def new_pairing_code(self, *, device_name: str = "", gate_id: str | None = None,
                         ttl_minutes: int = PAIRING_TTL_MINUTES, role: Role | str = Role.KIOSK,
                         event_ids: Iterable[str] | None = None) -> PairingCode:
        """A short single-use code a device exchanges for its token: it pairs a
        ``role`` (kiosk or desk) for ``event_ids`` (one event or a named set).

        Without ``event_ids``: the gate's event when ``gate_id`` is given, else every
        event on the list now (never one created later). A gate must belong to one of
        the events."""
        try:
            role = parse_role(str(role))
        except ValueError as exc:
            raise CentralError(str(exc)) from None
        raw = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        expires = utcnow() + timedelta(minutes=ttl_minutes)
        named = None if event_ids is None else sorted({e.strip() for e in event_ids})

        def work(tx: Tx) -> tuple[str, ...]:
            gate = None
            if gate_id:
                gate = tx.one("SELECT id, event_id FROM gates WHERE id = ? AND deleted = 0",
                              (gate_id,))
                if gate is None:
                    raise NotFound(f"No gate {gate_id!r} on the central list.")
            events = _pairing_events(tx, named, gate)
            tx.execute("INSERT INTO pairing_codes (code, device_name, gate_id, created_at, "
                       "expires_at, role) VALUES (?, ?, ?, ?, ?, ?)",
                       (code, device_name, gate_id, iso(utcnow()), iso(expires), str(role)))
            tx.executemany("INSERT INTO pairing_code_events (code, event_id) VALUES (?, ?)",
                           [(code, e) for e in events])
            return events

        events = self.db.run(work)
        return PairingCode(code, expires, device_name, gate_id, role, events)

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
            tx.execute("INSERT INTO devices (id, name, token_hash, gate_id, paired_at, role) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (device_id, name, hash_token(token), row["gate_id"], iso(now),
                        row["role"]))
            events = tuple(r["event_id"] for r in tx.execute(
                "SELECT event_id FROM pairing_code_events WHERE code = ? ORDER BY event_id",
                (normal,)))
            tx.executemany("INSERT INTO device_events (device_id, event_id) VALUES (?, ?)",
                           [(device_id, e) for e in events])
            if replaces_token:
                tx.execute("UPDATE devices SET revoked_at = ?, pending_uploads = 0 "
                           "WHERE token_hash = ? AND revoked_at IS NULL AND id != ?",
                           (iso(now), hash_token(replaces_token), device_id))
            return PairedDevice(device_id, name, token, row["gate_id"], Role(row["role"]),
                                events)

        return self.db.run(work)

    def authenticate(self, token: str | None, *, pending: int | None = None) -> Device:
        """The device holding ``token``; :class:`AuthFailed` when missing/unknown/revoked.

        ``pending`` (what the kiosk says still waits on it) is kept even for a revoked
        device, so the organiser sees what it could not upload."""
        if not token:
            raise AuthFailed("No device token: pair this kiosk with the central list first.",
                             reason="missing_token")
        row = self.db.run(lambda tx: _device_row(tx, hash_token(token)), write=False)
        if row is None:
            raise AuthFailed("Unknown device token: pair this kiosk again.", reason="bad_token")
        if row["revoked_at"]:
            if pending is not None:
                self.db.run(lambda tx: tx.execute(
                    "UPDATE devices SET pending_uploads = ? WHERE id = ?", (pending, row["id"])))
            raise AuthFailed("This kiosk was revoked by the organiser: pair it again to sync.",
                             reason="revoked")
        return Device(row["id"], row["name"], row["gate_id"], Role(row["role"]),
                      frozenset(row["event_ids"]))

    def touch(self, device: Device, *, pending: int | None = None,
              skew_seconds: float | None = None, software: str | None = None,
              wait: bool = True) -> bool:
        """Remember when a device was last seen (and its backlog, clock skew and
        software version). ``wait=False``: only if the write lock is free now (False:
        not written; a request's bookkeeping must not queue behind an import's chunk)."""
        def work(tx: Tx) -> None:
            self.touch_in(tx, device, pending=pending, skew_seconds=skew_seconds,
                          software=software)

        if wait:
            self.db.run(work)
            return True
        return self.db.run_unless_busy(work)

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
        def work(tx: Tx) -> list[dict[str, Any]]:
            rows = tx.execute(
                "SELECT id, name, gate_id, role, paired_at, revoked_at, last_seen_at, "
                "clock_skew_seconds, pending_uploads, software_version FROM devices "
                "ORDER BY paired_at, id")
            events: dict[str, list[str]] = {}
            for r in tx.execute("SELECT device_id, event_id FROM device_events "
                                "ORDER BY event_id"):
                events.setdefault(r["device_id"], []).append(r["event_id"])
            return [dict(r, event_ids=events.get(r["id"], [])) for r in rows]

        return self.db.run(work, write=False)

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


def _device_row(tx: Tx, token_hash: str) -> dict[str, Any] | None:
    """The device holding the token with this hash, with ``event_ids``; None if none."""
    row = tx.one("SELECT id, name, gate_id, role, revoked_at FROM devices "
                 "WHERE token_hash = ?", (token_hash,))
    if row is None:
        return None
    events = [r["event_id"] for r in tx.execute(
        "SELECT event_id FROM device_events WHERE device_id = ?", (row["id"],))]
    return dict(row, event_ids=events)


def _pairing_events(tx: Tx, named: list[str] | None,
                    gate: dict[str, Any] | None) -> tuple[str, ...]:
    """The events a new pairing code is for (see :meth:`Devices.new_pairing_code`)."""
    known = {r["id"] for r in tx.execute("SELECT id FROM events")}
    if named is None:
        named = [gate["event_id"]] if gate else sorted(known)
    if not named:
        raise CentralError("The central list has no event yet: create one (or import a "
                           "CSV) before pairing devices for it.")
    missing = [e for e in named if e not in known]
    if missing:
        raise NotFound(f"No event {missing[0]!r} on the central list.")
    if gate and gate["event_id"] not in named:
        raise CentralError(f"Gate {gate['id']!r} belongs to event {gate['event_id']!r}, "
                           "which this pairing code is not for.")
    return tuple(named)


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
