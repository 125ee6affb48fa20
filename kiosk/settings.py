"""Kiosk settings: every setting declared once, typed, with its default and validation.

Settings live in the replica's ``meta`` table under ``setting.<name>`` so that a kiosk's
configuration travels with its data file and needs no second store. Qt-free: the GUI's
settings dialog and the ``kiosk run`` command both go through :class:`KioskSettings`.

The staff PIN is never stored: only a salted PBKDF2 hash (``setting.pin_hash``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.errors import ConfigError

if TYPE_CHECKING:
    from kiosk.replica.db import Replica

META_PREFIX = "setting."
#: Used until staff choose their own; shown in the README and the demo.
DEFAULT_PIN = "1234"
_PBKDF2_ROUNDS = 120_000


@dataclass(frozen=True)
class Setting:
    """One setting: its name, Python type, default and an optional validator.

    ``validate`` returns an error message (plain words) or ``None`` when the value is fine.
    """

    name: str
    type: type
    default: Any
    doc: str
    validate: Callable[[Any], str | None] | None = None
    choices: tuple[Any, ...] = ()


def _positive(limit: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value <= 0 or value > limit:
            return f"must be between 0 and {limit:g}"
        return None

    return check


def _camera(value: Any) -> str | None:
    return None if str(value).strip() else "must be a device index (0, 1, ...) or a file/URL"


def _url(value: Any) -> str | None:
    text = str(value).strip()
    if text and not text.startswith(("http://", "https://")):
        return "must start with http:// or https://"
    return None


SETTINGS: tuple[Setting, ...] = (
    Setting("camera", str, "0", "Camera: a device index, or a video file or stream URL.",
            _camera),
    Setting("gate_id", str, "", "The gate this kiosk checks people in at (empty: the only one)."),
    Setting("mode", str, "kiosk", "Self-service kiosk, or staffed registration desk.",
            choices=("kiosk", "desk")),
    Setting("language", str, "system", "Screen language.", choices=("system", "en", "id")),
    Setting("sound", bool, True, "Play a sound with each verdict."),
    Setting("verdict_seconds", float, 3.0, "How long a green verdict stays on screen.",
            _positive(60)),
    Setting("problem_verdict_seconds", float, 8.0,
            "How long an amber or red verdict stays on screen (touch dismisses it).",
            _positive(120)),
    Setting("kiosk_details", str, "",
            "Attendee details the public kiosk shows (comma-separated column names, * for "
            "all; empty: none — the queue can read the screen)."),
    Setting("badge_printer", str, "",
            "Where the desk prints badges without asking: a printer's name (empty: ask "
            "once with the print dialog, then keep that printer)."),
    Setting("desk_details", str, "*",
            "Attendee details the desk shows (comma-separated column names, * for all)."),
    Setting("camera_retry_seconds", float, 3.0, "How often a missing camera is retried.",
            _positive(600)),
    Setting("sync_interval_seconds", float, 10.0, "How often the kiosk syncs.",
            _positive(3600)),
    Setting("server_url", str, "", "The central list's address (set by pairing).", _url),
    Setting("undo_window_seconds", int, 120, "How long a desk can undo a check-in.",
            _positive(3600)),
    Setting("pin_hash", str, "", "Salted hash of the staff PIN (empty: the default PIN)."),
    Setting("backup_minutes", float, 30.0,
            "How often the kiosk backs up its replica (online; the newest 5 are kept).",
            _positive(24 * 60)),
    Setting("backup_folder", str, "",
            "A second folder for those backups, e.g. on a USB stick (empty: only the "
            "backups/ folder beside the replica)."),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    """``value`` (from the meta table or the user) as the setting's type, or ConfigError."""
    try:
        if setting.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        return setting.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"Setting {setting.name!r}: {value!r} is not a valid {setting.type.__name__}."
        ) from exc


def validate(name: str, value: Any) -> Any:
    """The coerced value, or ConfigError naming the setting and what is wrong."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise ConfigError(f"There is no setting called {name!r}.")
    coerced = _coerce(setting, value)
    if setting.choices and coerced not in setting.choices:
        allowed = ", ".join(map(str, setting.choices))
        raise ConfigError(f"Setting {name!r} must be one of: {allowed}.")
    if setting.validate is not None:
        problem = setting.validate(coerced)
        if problem:
            raise ConfigError(f"Setting {name!r} {problem}.")
    return coerced


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``pbkdf2$<rounds>$<salt hex>$<hash hex>`` for a PIN of 4-12 digits."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ConfigError("The PIN must be 4 to 12 digits.")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, _PBKDF2_ROUNDS)
    return f"pbkdf2${_PBKDF2_ROUNDS}${salt.hex()}${digest.hex()}"


def check_pin_hash(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches ``stored`` (constant-time); empty ``stored`` means DEFAULT_PIN."""
    if not stored:
        return hmac.compare_digest(pin.encode(), DEFAULT_PIN.encode())
    try:
        _, rounds, salt_hex, digest_hex = stored.split("$")
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt_hex),
                                     int(rounds))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


class KioskSettings:
    """Typed access to the settings stored in one replica (use from its owning thread)."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def get(self, name: str) -> Any:
        setting = BY_NAME.get(name)
        if setting is None:
            raise ConfigError(f"There is no setting called {name!r}.")
        raw = self.replica.get_meta(META_PREFIX + name)
        if raw is None:
            # gate_id predates settings: kiosk gates --use writes meta "gate_id".
            if name == "gate_id":
                return self.replica.get_meta("gate_id") or ""
            return setting.default
        try:
            return validate(name, raw)
        except ConfigError:
            # A hand-edited or outdated value must not stop the kiosk: fall back.
            return setting.default

    def set(self, name: str, value: Any) -> None:
        """Validate and store one setting (ConfigError, nothing stored, when invalid)."""
        if name == "pin_hash":
            raise ConfigError("Use set_pin() to change the PIN.")
        coerced = validate(name, value)
        text = ("1" if coerced else "0") if isinstance(coerced, bool) else str(coerced)
        self.replica.set_meta(META_PREFIX + name, text)
        if name == "gate_id":
            # Keep CheckInService's own lookup (meta "gate_id") in step.
            self.replica.set_meta("gate_id", text or None)

    def update(self, values: dict[str, Any]) -> None:
        """Validate all, then store all in one transaction: all or nothing."""
        checked = {name: validate(name, value) for name, value in values.items()}
        with self.replica.atomic():
            for name, value in checked.items():
                self.set(name, value)

    def as_dict(self) -> dict[str, Any]:
        return {s.name: self.get(s.name) for s in SETTINGS if s.name != "pin_hash"}

    def set_pin(self, pin: str) -> None:
        self.replica.set_meta(META_PREFIX + "pin_hash", hash_pin(pin))

    def check_pin(self, pin: str) -> bool:
        return check_pin_hash(pin, self.replica.get_meta(META_PREFIX + "pin_hash") or "")

    def pin_is_default(self) -> bool:
        return not self.replica.get_meta(META_PREFIX + "pin_hash")
