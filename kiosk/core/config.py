"""The device configuration: every setting of a kiosk declared once, typed, with its
``meta`` key, default and limits.

One replica file is one kiosk, so its configuration lives in the replica's ``meta`` table
and travels with its data. Each value has exactly one key there: the gate is ``gate_id``
and the central list's address ``server_url`` whoever writes them — pairing
(``kiosk pair``, the settings dialog's pairing code), ``kiosk gates --use`` or the settings
dialog — and whoever reads them: the GUI, ``kiosk checkin``, sync. (Until migration
``0008_one_device_config`` the settings dialog kept its own ``setting.gate_id`` and
``setting.server_url`` beside them, which drifted apart.)

The declarations are plain data the GUI builds its validators from (a setting's
``minimum``/``maximum``, ``choices``; :data:`PIN` for the staff PIN fields), so a limit is
written here and nowhere else. :class:`DeviceConfig` reads and writes them over any store
with ``get_meta``/``set_meta``/``atomic`` (a :class:`~kiosk.replica.db.Replica`); this module
imports nothing of the project but :mod:`kiosk.errors`.

The staff PIN is never stored: only a salted PBKDF2 hash (``setting.pin_hash``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar, overload

from kiosk.errors import ConfigError

T = TypeVar("T", str, int, float, bool)


class MetaStore(Protocol):
    """What the configuration needs of its store (a Replica has it)."""

    def get_meta(self, key: str, default: str | None = None) -> str | None: ...

    def set_meta(self, key: str, value: str | None) -> None: ...

    def atomic(self) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its name, ``meta`` key, Python type, default and limits.

    ``minimum``/``maximum`` bound numbers (inclusive; the GUI's spin boxes use them),
    ``choices`` lists the allowed values, ``check`` returns a problem in plain words (or
    None) for anything else. ``editable``: staff may change it in the settings dialog or
    with ``set``; the others are written by pairing (``device_token``...) or by their own
    method (the PIN). ``secret``: never shown."""

    name: str
    type: type[T]
    default: T
    doc: str
    key: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[T, ...] = ()
    check: Callable[[T], str | None] | None = None
    editable: bool = True
    secret: bool = False

    @property
    def meta_key(self) -> str:
        return self.key or f"setting.{self.name}"

    def problem(self, value: T) -> str | None:
        """What is wrong with ``value`` (already of the right type), or None."""
        if self.choices and value not in self.choices:
            return "must be one of: " + ", ".join(map(str, self.choices))
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return f"must be at least {self.minimum:g}"
            if self.maximum is not None and value > self.maximum:
                return f"must be at most {self.maximum:g}"
        return self.check(value) if self.check is not None else None


def _camera(value: str) -> str | None:
    return None if value.strip() else "must be a device index (0, 1, ...) or a file/URL"


def is_loopback(host: str) -> bool:
    """Is ``host`` (a name or address, no port) this machine: ``localhost``, 127.x, ::1?
    Plain HTTP to it never crosses a network (the server allows it without a certificate;
    the kiosk's status does not warn about it)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url(value: str) -> str | None:
    text = value.strip()
    if text and not text.startswith(("http://", "https://")):
        return "must start with http:// or https://"
    return None


CAMERA = Setting("camera", str, "0", "Camera: a device index, or a video file or stream URL.",
                 check=_camera)
GATE = Setting("gate_id", str, "", "The gate this kiosk checks people in at (empty: the "
               "only one). Set by pairing, `kiosk gates --use` and the settings dialog.",
               key="gate_id")
MODE = Setting("mode", str, "kiosk", "Self-service kiosk, or staffed registration desk.",
               choices=("kiosk", "desk"))
LANGUAGE = Setting("language", str, "system", "Screen language.",
                   choices=("system", "en", "id"))
SOUND = Setting("sound", bool, True, "Play a sound with each verdict.")
VERDICT_SECONDS = Setting("verdict_seconds", float, 3.0,
                          "How long a green verdict stays on screen.", minimum=0.1, maximum=60)
PROBLEM_VERDICT_SECONDS = Setting("problem_verdict_seconds", float, 8.0,
                                  "How long an amber or red verdict stays on screen (touch "
                                  "dismisses it).", minimum=0.1, maximum=120)
KIOSK_DETAILS = Setting("kiosk_details", str, "",
                        "Attendee details the public kiosk shows (comma-separated column "
                        "names, * for all; empty: none — the queue can read the screen).")
DESK_DETAILS = Setting("desk_details", str, "*",
                       "Attendee details the desk shows (comma-separated column names, * for "
                       "all).")
BADGE_PRINTER = Setting("badge_printer", str, "",
                        "Where the desk prints badges without asking: a printer's name "
                        "(empty: ask once with the print dialog, then keep that printer).")
BACKUP_MINUTES = Setting("backup_minutes", float, 30.0,
                         "How often the kiosk backs up its replica (online; the newest 5 are "
                         "kept).", minimum=0.1, maximum=24 * 60)
BACKUP_FOLDER = Setting("backup_folder", str, "",
                        "A second folder for those backups, e.g. on a USB stick (empty: only "
                        "the backups/ folder beside the replica).")
CAMERA_RETRY_SECONDS = Setting("camera_retry_seconds", float, 3.0,
                               "How often a missing camera is retried.",
                               minimum=0.1, maximum=600)
SYNC_INTERVAL_SECONDS = Setting("sync_interval_seconds", float, 10.0,
                                "How often the kiosk syncs with the central list.",
                                minimum=1, maximum=3600)
SCAN_HOLD_SECONDS = Setting("scan_hold_seconds", float, 3.0,
                            "A code that left the camera's view counts as a new scan only "
                            "this long after it was last reported.", minimum=0, maximum=60)
GATE_MODE = Setting("gate_mode", str, "entry",
                   "What this kiosk records at its gate: entries, exits, or both (an exit "
                   "for someone inside where the gate allows re-entry, else an entry).",
                   choices=("entry", "exit", "entry_exit"))
GRACE_SECONDS = Setting("grace_seconds", int, 60,
                        "How long after this kiosk let someone in the same ticket shown "
                        "again is \"you are checked in, please go in\" rather than "
                        "\"already checked in, see the desk\" (0: never).",
                        minimum=0, maximum=3600)
FEED_GATE_ONLY = Setting("feed_gate_only", bool, False,
                         "Download only the check-ins of this kiosk's gate, the only ones "
                         "its verdicts read (less to download at a large event). A kiosk "
                         "switched to another gate fetches that gate's check-ins at its "
                         "next sync; until then it decides without them, so leave this off "
                         "for a kiosk that moves between gates offline. A desk always "
                         "downloads every check-in.")
UNDO_WINDOW_SECONDS = Setting("undo_window_seconds", int, 120,
                              "How long a desk can undo a check-in.", minimum=1, maximum=3600)
SERVER_URL = Setting("server_url", str, "", "The central list's address (set by pairing; "
                     "change it when the central list moved, the kiosk keeps its token).",
                     key="server_url", check=_url)
DEVICE_TOKEN = Setting("device_token", str, "", "This kiosk's token on the central list "
                       "(written by pairing).", key="device_token", editable=False,
                       secret=True)
DEVICE_NAME = Setting("device_name", str, "", "This kiosk's name on the central list "
                      "(written by pairing; empty: its device id).", key="device_name",
                      editable=False)
PIN_HASH = Setting("pin_hash", str, "", "Salted hash of the staff PIN (empty: the default "
                   "PIN). Changed with DeviceConfig.set_pin.", editable=False, secret=True)
DEVICE_ROLE = Setting("device_role", str, "", "What the central list paired this device as: "
                      "kiosk or desk (written by pairing; empty: not paired, or paired "
                      "with pretix).", key="device_role", choices=("", "kiosk", "desk"),
                      editable=False)

SETTINGS: tuple[Setting[Any], ...] = (
    CAMERA, GATE, MODE, LANGUAGE, SOUND, VERDICT_SECONDS, PROBLEM_VERDICT_SECONDS,
    KIOSK_DETAILS, DESK_DETAILS, BADGE_PRINTER, BACKUP_MINUTES, BACKUP_FOLDER,
    CAMERA_RETRY_SECONDS,
    SYNC_INTERVAL_SECONDS, SCAN_HOLD_SECONDS, UNDO_WINDOW_SECONDS, SERVER_URL, DEVICE_TOKEN,
    DEVICE_NAME, DEVICE_ROLE, PIN_HASH,
    GATE_MODE, GRACE_SECONDS, FEED_GATE_ONLY,
)
BY_NAME: dict[str, Setting[Any]] = {s.name: s for s in SETTINGS}


# -- the staff PIN -------------------------------------------------------------------------

@dataclass(frozen=True)
class PinRule:
    """What a staff PIN is: ``min_digits`` to ``max_digits`` digits. The settings (hashing
    a new PIN) and both PIN fields of the GUI (their validators) take it from here."""

    min_digits: int
    max_digits: int

    @property
    def typing_pattern(self) -> str:
        """A regular expression for what may be typed so far (up to the maximum)."""
        return rf"^[0-9]{{0,{self.max_digits}}}$"

    def problem(self, pin: str) -> str | None:
        if not re.fullmatch(rf"[0-9]{{{self.min_digits},{self.max_digits}}}", pin):
            return f"The PIN must be {self.min_digits} to {self.max_digits} digits."
        return None


PIN = PinRule(min_digits=4, max_digits=12)
#: Used until staff choose their own; shown in the README and the demo.
DEFAULT_PIN = "1234"
_PBKDF2_ROUNDS = 120_000


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``pbkdf2$<rounds>$<salt hex>$<hash hex>`` for a PIN that follows :data:`PIN`."""
    problem = PIN.problem(pin)
    if problem:
        raise ConfigError(problem)
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


# -- the PIN lockout ---------------------------------------------------------------------

#: Wrong PINs in a row that lock the PIN, and for how long.
MAX_PIN_TRIES = 5
PIN_LOCKOUT = timedelta(minutes=5)
#: Where the lockout is kept (the replica's ``meta``): it survives closing the dialog and
#: restarting the app, which a counter in the dialog did not.
PIN_FAILURES_KEY = "pin_failures"
PIN_LOCKED_AT_KEY = "pin_locked_at"


@dataclass(frozen=True)
class PinTries:
    """Wrong PINs in a row since the last right one (or the last lock), and when the PIN
    was locked (UTC; None: not locked)."""

    failures: int = 0
    locked_at: datetime | None = None


@dataclass(frozen=True)
class PinAnswer:
    """What one PIN try got: ``unlocked``; else ``locked_for`` (> 0: locked, the PIN was
    not even compared) and how many wrong tries are left before the lock."""

    unlocked: bool
    locked_for: timedelta
    tries_left: int


def pin_lockout(tries: PinTries, now: datetime, *, correct: bool | None = None
                ) -> tuple[PinTries, timedelta]:
    """The one PIN lockout rule: the tries after this moment and how long the PIN stays
    locked (zero: not locked).

    ``correct`` is the outcome of a try (None: only looking, e.g. when the dialog opens).
    A try while locked counts for nothing; a right PIN clears the count; the
    :data:`MAX_PIN_TRIES`-th wrong one in a row locks the PIN for :data:`PIN_LOCKOUT`.
    A lock dated after ``now`` (the clock was set back) starts again from ``now``: it
    never lasts longer than :data:`PIN_LOCKOUT`, and is not lifted by changing the clock."""
    if tries.locked_at is not None:
        locked_at = min(tries.locked_at, now)
        left = locked_at + PIN_LOCKOUT - now
        if left > timedelta(0):
            return replace(tries, locked_at=locked_at), left
        tries = PinTries()  # the lock is over: a fresh count
    if correct is None:
        return tries, timedelta(0)
    if correct:
        return PinTries(), timedelta(0)
    if tries.failures + 1 >= MAX_PIN_TRIES:
        return PinTries(0, now), PIN_LOCKOUT
    return PinTries(tries.failures + 1), timedelta(0)


# -- reading and writing ---------------------------------------------------------------------

def _setting(which: str | Setting[Any]) -> Setting[Any]:
    if isinstance(which, Setting):
        return which
    setting = BY_NAME.get(which)
    if setting is None:
        raise ConfigError(f"There is no setting called {which!r}.")
    return setting


def _coerce(setting: Setting[Any], value: Any) -> Any:
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
        if setting.type is int and isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        return setting.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"Setting {setting.name!r}: {value!r} is not a valid {setting.type.__name__}."
        ) from exc


def validate(which: str | Setting[Any], value: Any) -> Any:
    """The coerced value, or ConfigError naming the setting and what is wrong."""
    setting = _setting(which)
    coerced = _coerce(setting, value)
    problem = setting.problem(coerced)
    if problem:
        raise ConfigError(f"Setting {setting.name!r} {problem}.")
    return coerced


def _text(value: Any) -> str:
    return ("1" if value else "0") if isinstance(value, bool) else str(value)


class DeviceConfig:
    """Typed access to one kiosk's configuration in its replica (use from its thread)."""

    def __init__(self, store: MetaStore) -> None:
        self.replica = store

    @overload
    def get(self, which: Setting[T]) -> T: ...

    @overload
    def get(self, which: str) -> Any: ...

    def get(self, which: str | Setting[Any]) -> Any:
        setting = _setting(which)
        raw = self.replica.get_meta(setting.meta_key)
        if raw is None:
            return setting.default
        try:
            return validate(setting, raw)
        except ConfigError:
            # A hand-edited or outdated value must not stop the kiosk: fall back.
            return setting.default

    def set(self, which: str | Setting[Any], value: Any) -> None:
        """Validate and store one staff-editable setting (ConfigError, nothing stored)."""
        self.update({_setting(which).name: value})

    def update(self, values: dict[str, Any]) -> None:
        """Validate all, then store all in one transaction: all or nothing."""
        checked = {}
        for name, value in values.items():
            setting = _setting(name)
            if not setting.editable:
                raise ConfigError(f"Setting {name!r} is not changed by hand"
                                  + (": use set_pin()." if setting is PIN_HASH else
                                     " (pairing writes it)."))
            checked[setting] = validate(setting, value)
        self._store(checked)

    def record_pairing(self, *, server_url: str, device_token: str, device_name: str,
                       gate_id: str | None, role: str = "") -> None:
        """What pairing writes (inside the caller's transaction, if any): the address,
        token and name, the role the list paired it as (empty: pretix, which has none),
        and the gate the code was made for (kept when it names none)."""
        values: dict[Setting[Any], Any] = {SERVER_URL: validate(SERVER_URL, server_url),
                                           DEVICE_TOKEN: device_token,
                                           DEVICE_NAME: device_name,
                                           # a role this version does not know is
                                           # not shown, never a reason to refuse pairing
                                           DEVICE_ROLE: role if role in DEVICE_ROLE.choices
                                           else ""}
        if gate_id:
            values[GATE] = validate(GATE, gate_id)
        self._store(values)

    def _store(self, values: dict[Setting[Any], Any]) -> None:
        with self.replica.atomic():
            for setting, value in values.items():
                # The empty default is stored as no row: "" and absent read the same.
                text = _text(value)
                self.replica.set_meta(setting.meta_key,
                                      None if text == "" and setting.default == "" else text)

    def as_dict(self) -> dict[str, Any]:
        """Every setting that may be shown (not the secret ones)."""
        return {s.name: self.get(s) for s in SETTINGS if not s.secret}

    def set_pin(self, pin: str) -> None:
        self.replica.set_meta(PIN_HASH.meta_key, hash_pin(pin))

    def check_pin(self, pin: str) -> bool:
        """Whether ``pin`` is the staff PIN (no lockout: staff dialogs use try_pin)."""
        return check_pin_hash(pin, self.replica.get_meta(PIN_HASH.meta_key) or "")

    def pin_tries(self) -> PinTries:
        """The stored lockout state (unreadable values read as none)."""
        failures = self.replica.get_meta(PIN_FAILURES_KEY) or "0"
        locked = self.replica.get_meta(PIN_LOCKED_AT_KEY)
        try:
            at = datetime.fromisoformat(locked) if locked else None
            if at is not None and at.tzinfo is None:
                at = at.replace(tzinfo=UTC)
            return PinTries(max(int(failures), 0), at)
        except ValueError:
            return PinTries()

    def pin_locked_for(self, now: datetime | None = None) -> timedelta:
        """How long the staff PIN stays locked (zero: not locked)."""
        return self._pin_step(now, None)[1]

    def try_pin(self, pin: str, now: datetime | None = None) -> PinAnswer:
        """One try of the staff PIN under the lockout rule (:func:`pin_lockout`); the
        count and the lock are stored, so they survive the dialog and a restart."""
        _, locked_for = self._pin_step(now, None)
        if locked_for:
            return PinAnswer(False, locked_for, 0)
        correct = self.check_pin(pin)
        tries, locked_for = self._pin_step(now, correct)
        return PinAnswer(correct, locked_for, MAX_PIN_TRIES - tries.failures)

    def _pin_step(self, now: datetime | None, correct: bool | None
                  ) -> tuple[PinTries, timedelta]:
        before = self.pin_tries()
        after, locked_for = pin_lockout(before, now or datetime.now(UTC), correct=correct)
        if after != before:
            with self.replica.atomic():
                self.replica.set_meta(PIN_FAILURES_KEY, str(after.failures)
                                      if after.failures else None)
                self.replica.set_meta(PIN_LOCKED_AT_KEY, after.locked_at.isoformat()
                                      if after.locked_at else None)
        return after, locked_for

    def pin_is_default(self) -> bool:
        return not self.replica.get_meta(PIN_HASH.meta_key)
