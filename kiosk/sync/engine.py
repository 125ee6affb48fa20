"""The sync engine: upload the outbox, then pull the change feed. No Qt.

A plain object the GUI drives from a timer (and ``kiosk sync --watch`` from a loop)::

    engine = SyncEngine("kiosk.db")
    result = engine.sync(progress=print)   # never raises; see result.ok / result.error
    engine.status()                        # paired? online? pending uploads? last success?

Order matters (docs/sync.md, "Upload"): walk-in attendees go up first, then check-ins
(which may reference them), then changes come down. Upload is idempotent on each
check-in's UUID, so a batch whose answer was lost is simply sent again. Each feed page
is applied together with its cursor in one replica transaction, so an interrupted first
download resumes where it stopped.

Offline detection: a network error, timeout or 5xx marks the engine offline and starts
an exponential backoff (2 s doubling to 60 s). ``sync()`` called inside the backoff
window returns at once with a :class:`~kiosk.errors.ServerUnavailable` error unless
``force=True``; the first success clears it.

Errors come back as the exception, never raised (``SyncResult.error``); its class is the
kind (kiosk/errors.py): :class:`NotPaired`, :class:`ServerUnavailable` (offline),
:class:`AuthError` (token refused or revoked: pair again), :class:`ProtocolError`,
:class:`~kiosk.errors.ReplicaError` (and its subclasses: disk full, damaged, ...),
:class:`InternalError` (a bug, logged).

Thread use: the engine opens its own :class:`~kiosk.replica.db.Replica` for each call,
in the calling thread, so ``sync()`` may run on a worker thread while ``status()`` is
called from the GUI thread.
"""

from __future__ import annotations

import errno
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx

from kiosk import __version__
from kiosk.core import wire
from kiosk.core.config import (
    DEVICE_ROLE,
    DEVICE_TOKEN,
    FEED_GATE_ONLY,
    GATE,
    MODE,
    SERVER_URL,
    DeviceConfig,
)
from kiosk.core.wire import user_agent
from kiosk.errors import (
    AuthError,
    CaptivePortal,
    CentralRestored,
    GateNotServed,
    InternalError,
    KioskError,
    NotACentralList,
    NotPaired,
    PairingConflict,
    ProtocolError,
    ServerUnavailable,
    SyncError,
)
from kiosk.replica import badges
from kiosk.replica.changes import (
    MetaKey,
    OutboxItem,
    apply_changes,
    apply_passages,
    mark_failed,
    mark_rejected,
    mark_uploaded,
    pending_outbox,
    requeue_uploaded,
    restart_after_restore,
)
from kiosk.replica.db import Replica, iso
from kiosk.replica.journal import journal_sync_point
from kiosk.sync import snapshot
from kiosk.sync.pinning import META_KEY as META_KEY_PIN
from kiosk.sync.pinning import (
    CertificateChanged,
    certificate_problem,
    client_options,
    pinned_context,
)
from kiosk.sync.portal import PORTAL, classify_foreign, is_central_list

API = "/api/v1"
log = logging.getLogger("kiosk.sync")
UPLOAD_BATCH = 500
PAGE_SIZE = 2000
BACKOFF_START = 2.0
BACKOFF_MAX = 60.0
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
_T = TypeVar("_T")
_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN,
                          errno.EHOSTDOWN})


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync is: ``phase`` is "upload", "snapshot" (a first download's state,
    in rows) or "download" (changes); ``total`` may be unknown."""

    phase: str
    done: int
    total: int | None


@dataclass(frozen=True)
class SyncResult:
    """What one :meth:`SyncEngine.sync` did. ``ok`` False means ``error`` says why: its
    class is the kind (``isinstance(result.error, AuthError)``), its text the message."""

    ok: bool
    uploaded: int
    downloaded: int
    error: KioskError | None
    started_at: datetime
    finished_at: datetime


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows."""

    paired: bool
    online: bool | None  # None: not tried yet
    pending_uploads: int
    last_success_at: datetime | None
    last_error: str | None
    server_url: str | None
    #: uploads the central list refused (kept locally with the reason, not retried)
    rejected_uploads: int = 0
    #: paired over plain HTTP (``kiosk serve --insecure-http``): token and data readable
    #: on the network; the status bar warns
    insecure: bool = False


def _now() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    """Syncs one replica file with the central list it is paired with."""

    def __init__(self, db_path: str | Path, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | None = None) -> None:
        self.db_path = Path(db_path)
        self._transport = transport
        self._timeout = timeout or DEFAULT_TIMEOUT
        self._client = self._new_client()
        # https: one client per pinned certificate (kiosk.sync.pinning); set per sync.
        self._pinned_clients: dict[str, httpx.Client] = {}
        self._pin: str | None = None
        self._lock = threading.Lock()  # one sync at a time
        self._online: bool | None = None
        self._backoff = 0.0
        self._retry_at = 0.0  # monotonic time before which sync() does not try the network
        #: What the last try that started the backoff met: inside the backoff, a sync
        #: says the same kind (a Wi-Fi login page stays "Wi-Fi needs a login").
        self._offline_kind: type[ServerUnavailable] = ServerUnavailable
        self._pending: int | None = None  # our backlog, told to the server with each request
        #: The clock skew measured by the latest answer (None: none yet), kept in the
        #: replica by the sync or pairing that asked (kiosk/replica/clock.py reads it).
        self._skew: float | None = None

    # -- public API ---------------------------------------------------------------------

    def sync(self, progress: Callable[[SyncProgress], None] | None = None, *,
             force: bool = False) -> SyncResult:
        """Upload the outbox, then download changes. Never raises: see the result."""
        started = _now()
        uploaded = downloaded = 0
        if not force and time.monotonic() < self._retry_at:
            wait = self._retry_at - time.monotonic()
            return SyncResult(False, 0, 0, self._offline_kind(
                f"Offline; next try in {wait:.0f} s."), started, _now())
        with self._lock:
            try:
                with self._replica() as replica:
                    url, token = self._credentials(replica)
                    self._pending = replica.pending_upload_count()
                    counter = {"up": 0, "down": 0}
                    try:
                        self._upload(replica, url, token, progress, counter)
                        try:
                            self._download(replica, url, token, progress, counter)
                        except CentralRestored:
                            # Restored from a backup: heal it from what this kiosk holds.
                            requeued = restart_after_restore(replica)
                            log.warning("the central list was restored from a backup: "
                                        "uploading %d entries again, reading its feed "
                                        "from the start", requeued)
                            self._upload(replica, url, token, progress, counter)
                            self._download(replica, url, token, progress, counter)
                    finally:
                        uploaded = counter["up"]
                        downloaded = counter["down"] + counter.get("snapshot", 0)
                    # Bookkeeping, written again by the next sync: no fsync (kiosks
                    # poll often, and 49 of them answer each live change at once).
                    with replica.refetchable(), replica.atomic():
                        replica.set_meta(MetaKey.LAST_SYNC_ATTEMPT_AT, iso(started))
                        replica.set_meta(MetaKey.LAST_SYNC_OK_AT, iso(_now()))
                        replica.set_meta(MetaKey.LAST_SYNC_ERROR, None)
                        replica.set_meta(MetaKey.LAST_SYNC_ERROR_KIND, None)
                        replica.set_meta(MetaKey.INITIAL_DOWNLOAD_DONE, "1")
                        self._keep_skew(replica)
                    journal_sync_point(replica)  # acknowledged entries leave the journal
            except KioskError as exc:
                return self._failed(exc, uploaded, downloaded, started)
            except Exception as exc:  # noqa: BLE001 - sync() returns, never raises
                log.exception("sync failed unexpectedly")
                return self._failed(InternalError(f"Unexpected error: {exc!r}"), uploaded,
                                    downloaded, started)
            self._online = True
            self._backoff = 0.0
            self._retry_at = 0.0
            return SyncResult(True, uploaded, downloaded, None, started, _now())

    def status(self) -> SyncStatus:
        """Pairing, connectivity and backlog, read fresh from the replica."""
        try:
            with self._replica() as replica:
                ok_at = replica.get_meta(MetaKey.LAST_SYNC_OK_AT)
                config = DeviceConfig(replica)
                return SyncStatus(
                    paired=bool(config.get(DEVICE_TOKEN)),
                    online=self._online,
                    pending_uploads=replica.pending_upload_count(),
                    last_success_at=datetime.fromisoformat(ok_at) if ok_at else None,
                    last_error=replica.get_meta(MetaKey.LAST_SYNC_ERROR),
                    server_url=config.get(SERVER_URL) or None,
                    rejected_uploads=replica.rejected_upload_count(),
                    insecure=(replica.get_meta(MetaKey.SERVER_URL) or "").startswith(
                        "http://"),
                )
        except KioskError as exc:
            return SyncStatus(False, self._online, 0, None, str(exc), None)

    def next_retry_in(self) -> float:
        """Seconds until the backoff allows the next attempt (0: now)."""
        return max(0.0, self._retry_at - time.monotonic())

    def close(self) -> None:
        self._client.close()
        for client in self._pinned_clients.values():
            client.close()

    def __enter__(self) -> SyncEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pairing (used by `kiosk pair`) ---------------------------------------------------

    def pair(self, server_url: str, code: str, *, device_name: str = "",
             force: bool = False) -> dict[str, Any]:
        """Exchange a pairing code for a device token and store it in the replica.

        Everything local is checked before the code is claimed (a code is single-use):
        the code's shape, that the file is (or can become) a kiosk replica, and that it
        holds no data of its own — a stand-alone event, or a pairing with another central
        list — which pairing would mix into this list (``force=True`` pairs anyway).
        Re-pairing with the same list replaces (revokes) this kiosk's earlier device.

        Raises :class:`ConfigError` (not a URL, not a code: checked before any network
        call), :class:`PairingConflict` (foreign data, see above), :class:`AuthError`
        (bad/used/expired code), :class:`ServerUnavailable`, :class:`ProtocolError` or
        :class:`ReplicaError` (not a replica)."""
        from kiosk.sync.pairing import checked_url, normalize_code
        from kiosk.sync.pinning import split_url

        url, pin = split_url(checked_url(server_url))
        code = normalize_code(code)
        with self._replica() as replica:
            config = DeviceConfig(replica)
            old_url, old_token = config.get(SERVER_URL), config.get(DEVICE_TOKEN)
            if not force:
                _refuse_foreign_data(replica, self.db_path, url)
        body: dict[str, Any] = {"code": code, "device_name": device_name}
        if old_token and old_url == url:
            body["replaces_token"] = old_token
        seen: dict[str, str] = {}
        try:
            answer = self._request("POST", url, "/pair", None, pairing=True, json=body,
                                   pin=pin, seen=seen)
        except CertificateChanged as exc:
            raise CertificateChanged(
                f"The central list at {url} presents a certificate whose SHA-256 "
                f"({seen.get('fingerprint', '?')[:16]}...) is not the one in the pairing "
                f"code ({pin}). Nothing was sent. Check the address and the code; another "
                "machine may be pretending to be the central list.") from exc
        except NotACentralList as exc:
            raise ProtocolError(
                f"{url} does not look like a checkin-kiosk central list ({exc}). Check "
                "the address: `kiosk serve` prints it.") from None
        paired = _decoded(wire.decode_pair_answer, answer, "pairing answer")
        with self._replica() as replica, replica.atomic():
            # The one device configuration: the GUI, `kiosk checkin` and sync read these.
            DeviceConfig(replica).record_pairing(
                server_url=url, device_token=paired.token,
                device_name=paired.device_name, gate_id=paired.gate_id, role=paired.role)
            # The full fingerprint of the certificate we paired over: from now on the
            # only one accepted (None over plain http).
            replica.set_meta(META_KEY_PIN, seen.get("fingerprint") if pin else None)
            replica.set_meta(MetaKey.DEVICE_ID, paired.device_id)
            replica.set_meta(MetaKey.PAIRED_AT, iso(_now()))
            self._keep_skew(replica)
            # A new pairing may be a new central list (or one restored from a backup that
            # lost this kiosk's device): read its feed from the start, and send again
            # everything this kiosk recorded (idempotent, so nothing is doubled).
            if old_token:
                requeue_uploaded(replica)
            replica.set_meta(MetaKey.CURSOR, None)
            replica.set_meta(MetaKey.CURSOR_CHECK, None)
            replica.set_meta(MetaKey.UPLOAD_MARK, None)
            replica.set_meta(MetaKey.UPLOAD_MARK_CHECK, None)
            replica.set_meta(MetaKey.LAST_SYNC_ERROR, None)
        self._backoff = 0.0
        self._retry_at = 0.0
        return answer

    # -- internals ------------------------------------------------------------------------

    @contextmanager
    def _replica(self) -> Iterator[Replica]:
        replica = Replica(self.db_path)
        try:
            yield replica
        finally:
            replica.close()

    def _credentials(self, replica: Replica) -> tuple[str, str]:
        config = DeviceConfig(replica)
        url, token = config.get(SERVER_URL), config.get(DEVICE_TOKEN)
        self._pin = replica.get_meta(META_KEY_PIN)
        if not url or not token:
            raise NotPaired("This kiosk is not paired with a central list "
                            "(kiosk pair URL CODE).")
        return url, token

    def _failed(self, error: KioskError, uploaded: int, downloaded: int,
                started: datetime) -> SyncResult:
        if isinstance(error, ServerUnavailable):
            self._online = False
            self._offline_kind = CaptivePortal if isinstance(error, CaptivePortal) \
                else ServerUnavailable
            self._backoff = min(BACKOFF_MAX, max(BACKOFF_START, self._backoff * 2))
            self._retry_at = time.monotonic() + self._backoff
        elif isinstance(error, AuthError | ProtocolError):
            self._online = True  # we reached the server; it refused or confused us
        try:
            with self._replica() as replica, replica.atomic():
                replica.set_meta(MetaKey.LAST_SYNC_ATTEMPT_AT, iso(started))
                replica.set_meta(MetaKey.LAST_SYNC_ERROR, str(error))
                replica.set_meta(MetaKey.LAST_SYNC_ERROR_KIND, type(error).__name__)
                self._keep_skew(replica)  # an answer that refused us still told the time
        except KioskError:
            pass
        return SyncResult(False, uploaded, downloaded, error, started, _now())

    def _keep_skew(self, replica: Replica) -> None:
        """Store the skew the latest answer measured (inside the caller's transaction)."""
        if self._skew is not None:
            replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS, f"{self._skew:.3f}")
            self._skew = None

    def _new_client(self, **options: Any) -> httpx.Client:
        transport = options.pop("transport", self._transport)
        return httpx.Client(transport=transport, timeout=self._timeout,
                            headers={"User-Agent": user_agent(__version__)},
                            **options)

    def _client_for(self, base: str, pin: str | None,
                    seen: dict[str, str] | None) -> httpx.Client:
        """Plain http: the shared client. https: a client that accepts only the pinned
        certificate (pairing: the fingerprint from the code; ``seen`` gets the full one)."""
        if not base.startswith("https://") or self._transport is not None:
            return self._client
        if seen is not None:
            assert pin is not None
            return self._new_client(verify=pinned_context(pin, seen))
        options = client_options(base, pin)
        key = str(pin)
        if key not in self._pinned_clients:
            self._pinned_clients[key] = self._new_client(**options)
        return self._pinned_clients[key]

    def _request(self, method: str, base: str, path: str, token: str | None, *,
                 pairing: bool = False, pin: str | None = None,
                 seen: dict[str, str] | None = None, clock: bool = True,
                 **kwargs: Any) -> dict[str, Any]:
        # ``clock=False``: an answer held on purpose (a live request) was not made half-way
        # between sending and receiving, so it does not measure our clock.
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if token and self._pending is not None:
            headers["X-Kiosk-Pending"] = str(self._pending)
        client = self._client_for(base, pin if pairing else self._pin, seen)
        sent = _now()
        try:
            response = client.request(method, base + API + path, headers=headers, **kwargs)
        except httpx.TimeoutException as exc:
            raise ServerUnavailable(f"The central list did not answer in time ({base}).") \
                from exc
        except httpx.TransportError as exc:
            changed = certificate_problem(exc)
            if changed is not None:
                raise changed from None
            raise ServerUnavailable(f"Cannot reach the central list at {base}: "
                                    f"{_why(exc)}. Check the address and that `kiosk serve` "
                                    "runs.") from exc
        finally:
            if seen is not None and client is not self._client:
                client.close()
        if not is_central_list(response):
            # A Wi-Fi login page, a proxy or another server answered: we are offline.
            if classify_foreign(response) == PORTAL:
                raise CaptivePortal(
                    "Wi-Fi needs a login: the venue's network answered with its own page "
                    f"instead of the central list (HTTP {response.status_code}). Log in to "
                    "the Wi-Fi with a web browser on this network.")
            if not pairing:
                raise ServerUnavailable(
                    f"Something other than the central list answered (HTTP "
                    f"{response.status_code}): a proxy, or the network is not through yet.")
        if clock and is_central_list(response):
            # Every answer measures our clock against the central list's: kept by the
            # sync (or pairing) that asked, see _keep_skew.
            skew = wire.clock_skew(response.headers.get(wire.SERVER_TIME_HEADER), sent,
                                   _now())
            self._skew = skew if skew is not None else self._skew
        try:
            body = response.json()
        except ValueError:
            body = None
        message = body.get("message") if isinstance(body, dict) else None
        ours = isinstance(body, dict) and (isinstance(body.get("error"), str)
                                           or response.status_code < 400)
        if pairing and not ours:
            # Pairing is the first contact: an answer without our JSON is another server
            # (while syncing, a proxy's 502 page just means offline).
            raise NotACentralList(f"it answered HTTP {response.status_code}"
                                  + (" without JSON" if response.status_code < 400 else ""))
        if response.status_code == 403 and isinstance(body, dict) \
                and body.get("error") == "not_your_gate":
            raise GateNotServed(message or "The central list does not serve this gate.")
        if response.status_code in (401, 403):
            raise AuthError(message or "The central list refused this kiosk's token: pair "
                                       "it again.")
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise ServerUnavailable(message or f"The central list is unavailable "
                                               f"(HTTP {response.status_code}).")
        if response.status_code == 409 and isinstance(body, dict) \
                and body.get("error") == "cursor_unknown":
            raise CentralRestored(message or "The central list does not know our cursor.")
        if response.status_code >= 400:
            raise ProtocolError(message or f"The central list refused the request "
                                           f"(HTTP {response.status_code}).")
        if not isinstance(body, dict):
            raise ProtocolError("The central list answered something that is not JSON.")
        return body

    @contextmanager
    def _file_bytes(self, base: str, token: str, name: str,
                    start: int) -> Iterator[tuple[int, Iterator[bytes]]]:
        """A snapshot file's bytes from ``start`` on (kiosk/sync/snapshot.py)."""
        client = self._client_for(base, self._pin, None)
        headers = {"Authorization": f"Bearer {token}", "Range": f"bytes={start}-"}
        try:
            with client.stream("GET", f"{base}{API}/snapshot/file/{name}",
                               headers=headers) as response:
                yield response.status_code, response.iter_bytes(snapshot.CHUNK)
        except httpx.TimeoutException as exc:
            raise ServerUnavailable(f"The central list did not answer in time ({base}).") \
                from exc
        except httpx.TransportError as exc:
            raise ServerUnavailable(f"Cannot reach the central list at {base}: "
                                    f"{_why(exc)}.") from exc

    def _upload(self, replica: Replica, url: str, token: str,
                progress: Callable[[SyncProgress], None] | None,
                counter: dict[str, int]) -> None:
        total = replica.pending_upload_count()
        if progress and total:
            progress(SyncProgress("upload", 0, total))
        # Walk-ins first: check-ins and badge prints may reference them.
        for kind, path in _UPLOADS:
            while True:
                items = pending_outbox(replica, kind, limit=UPLOAD_BATCH)
                if not items:
                    break
                sendable = [i for i in items if i.payload is not None]
                gone = [i.seq for i in items if i.payload is None]
                if gone:  # the row vanished locally: nothing can be sent for it
                    mark_uploaded(replica, gone)
                if not sendable:
                    continue
                try:
                    sent = self._request("POST", url, path, token,
                                         json=_upload_body(replica, kind, sendable))
                except SyncError as exc:
                    mark_failed(replica, [i.seq for i in sendable], str(exc))
                    if kind == PRINTS and isinstance(exc, ProtocolError):
                        # A list that does not take badge prints (older) or refuses the
                        # batch: the prints wait, the check-ins' download goes on.
                        log.warning("badge prints not uploaded: %s", exc)
                        break
                    raise
                answer = _decoded(wire.decode_upload_answer, sent, "upload answer")
                if len(answer.results) != len(sendable):
                    raise ProtocolError("The central list's upload answer does not match "
                                        "the batch.")
                refused = {r.id: r.reason or "no reason given"
                           for r in answer.results if not r.accepted}
                accepted = [r for r in answer.results if r.accepted]
                acknowledged = {r.id for r in accepted}
                done = [i.seq for i in sendable if i.ref_id in acknowledged]
                rejected = [(i.seq, refused[i.ref_id]) for i in sendable
                            if i.ref_id in refused]
                with replica.atomic():
                    mark_uploaded(replica, done, accepted if kind == "checkin" else ())
                    if answer.feed_mark is not None:
                        # Where our upload landed in the feed: checked with the next
                        # download until our cursor passes it (a restore loses it).
                        replica.set_meta(MetaKey.UPLOAD_MARK, answer.feed_mark.cursor)
                        replica.set_meta(MetaKey.UPLOAD_MARK_CHECK, answer.feed_mark.check)
                if rejected:
                    # Kept with the reason; sending them again would be refused again.
                    mark_rejected(replica, rejected)
                    log.warning("the central list refused %d %s upload(s): %s", len(rejected),
                                kind, rejected[0][1])
                if kind == "checkin" and answer.clock_skew_seconds is not None:
                    replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS,
                                     f"{answer.clock_skew_seconds:.3f}")
                counter["up"] += len(done)
                self._pending = replica.pending_upload_count()
                if progress:
                    progress(SyncProgress("upload", counter["up"], total))
                if len(done) + len(rejected) != len(sendable):
                    raise ProtocolError("The central list did not acknowledge every item.")

    def _download(self, replica: Replica, url: str, token: str,
                  progress: Callable[[SyncProgress], None] | None,
                  counter: dict[str, int]) -> None:
        if snapshot.wanted(replica):
            # A new replica: the current state first, then the log from its position.
            snapshot.download(replica, url, lambda params: self._request(
                "GET", url, "/snapshot", token, params=params), progress, counter,
                snapshot.FileSource(lambda params: self._request(
                    "GET", url, "/snapshot/file", token, params=params, timeout=600.0),
                    lambda name, start: self._file_bytes(url, token, name, start)))
        served = [self._passages_for(replica, url, token)]
        cursor = replica.get_meta(MetaKey.CURSOR) or "0.0"
        check = replica.get_meta(MetaKey.CURSOR_CHECK) or ""
        mark = replica.get_meta(MetaKey.UPLOAD_MARK)
        mark_check = replica.get_meta(MetaKey.UPLOAD_MARK_CHECK)

        def fetch(after: str, after_check: str, count: bool) -> wire.FeedPage:
            params: dict[str, Any] = {"cursor": after, "limit": PAGE_SIZE}
            if served[0] is not None:
                params["gate"] = served[0]
            if after_check:
                # The fingerprint of the change at our cursor: a list restored from an
                # older backup has another change (or none) there and answers 409.
                params["check"] = after_check
            if count:
                params["count"] = 1
                if mark:
                    params["mark"] = mark
                    if mark_check:
                        params["mark_check"] = mark_check
            try:
                body = self._request("GET", url, "/changes", token, params=params)
            except GateNotServed:
                # Not (or no longer) a gate of ours: every check-in, from here on.
                served[0] = None
                params.pop("gate")
                body = self._request("GET", url, "/changes", token, params=params)
            return _decoded(wire.decode_feed_page, body, "change feed page")

        # While one page is written to the replica, the next is already on its way (its
        # cursor is known before this one is applied): the download costs about
        # max(network, disk) rather than their sum.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-prefetch") as pool:
            page = fetch(cursor, check, True)
            total = page.remaining
            if progress:
                progress(SyncProgress("download", 0, total))
            while True:
                upcoming = (pool.submit(fetch, page.cursor, page.cursor_check, False)
                            if page.more else None)
                try:
                    # An idle poll writes nothing. A page goes in with its cursor, without
                    # an fsync: lost in a power cut, it is simply downloaded again.
                    if page.changes or page.cursor != cursor or page.cursor_check != check:
                        with replica.refetchable():
                            apply_changes(replica, page.changes, page.cursor,
                                          page.cursor_check)
                except (KeyError, TypeError, ValueError) as exc:
                    # (the prefetch in flight is awaited by the pool's exit and dropped)
                    raise ProtocolError(
                        f"A change from the central list is malformed: {exc}") from exc
                counter["down"] += len(page.changes)
                if progress:
                    progress(SyncProgress("download", counter["down"], total))
                if upcoming is None:
                    break
                previous, page = page.cursor, upcoming.result()
                if page.cursor == previous and not page.changes:
                    break  # (no progress: a server that says "more" for nothing)
        if mark and _position(page.cursor) >= _position(mark):
            with replica.atomic():  # our upload is behind the cursor now
                replica.set_meta(MetaKey.UPLOAD_MARK, None)
                replica.set_meta(MetaKey.UPLOAD_MARK_CHECK, None)


    def _passages_for(self, replica: Replica, url: str, token: str) -> str | None:
        """The gate whose check-ins alone this sync asks the feed for (None: all), after
        fetching the check-ins this replica lacks for it: a kiosk that held one gate's
        passages and now decides at another (or at every gate) first gets that gate's
        from ``GET /passages``, page by page (resumable), then reads the feed by it. A
        gate the central list does not serve this device: the feed unfiltered."""
        want = feed_gate(replica)
        held = replica.get_meta(MetaKey.FEED_GATE)
        if held is not None and held != want:
            name = want or "*"
            fill = (replica.get_meta(MetaKey.FEED_GATE_FILL) or "").split(" ")
            after = int(fill[1]) if len(fill) == 2 and fill[0] == name else 0
            more = True
            try:
                while more:
                    params: dict[str, Any] = {"after": after, "limit": PAGE_SIZE}
                    if want is not None:
                        params["gate"] = want
                    page = _decoded(wire.decode_passages_page, self._request(
                        "GET", url, "/passages", token, params=params), "passages page")
                    with replica.refetchable():
                        apply_passages(replica, page.changes, f"{name} {page.after}")
                    more = page.more and page.after > after
                    after = page.after
            except GateNotServed:
                return None  # (no longer ours: read everything, keep the note of what we hold)
        if held != want:
            with replica.atomic():
                replica.set_meta(MetaKey.FEED_GATE, want)
                replica.set_meta(MetaKey.FEED_GATE_FILL, None)
        return want


def feed_gate(replica: Replica) -> str | None:
    """The gate whose check-ins alone this replica asks the feed for: its configured
    gate when ``feed_gate_only`` is set and it is a kiosk (a desk shows passages at
    every gate) and the gate is one it holds; None: every check-in of its events. Core's
    ``passage_matters_at`` says which check-ins the central list then serves."""
    config = DeviceConfig(replica)
    if not config.get(FEED_GATE_ONLY) or "desk" in (config.get(MODE),
                                                    config.get(DEVICE_ROLE)):
        return None
    gate: str = config.get(GATE)
    return gate if gate and replica.get_gate(gate) is not None else None


#: What goes up, in this order (walk-ins first: the others may name them).
PRINTS = badges.OUTBOX_KIND
_UPLOADS = (("attendee", "/attendees"), ("checkin", "/checkins"), (PRINTS, "/badge-prints"))


def _upload_body(replica: Replica, kind: str, items: list[OutboxItem]) -> dict[str, Any]:
    payloads = [i.payload for i in items]
    if kind == "attendee":
        return {"attendees": payloads}
    if kind == PRINTS:
        return {"badge_prints": payloads}
    return {"sent_at": iso(_now()),
            "pending": max(0, replica.pending_upload_count() - len(items)),
            "checkins": payloads}


def _decoded(decoder: Callable[[dict[str, Any]], _T], body: dict[str, Any], what: str) -> _T:
    """``body`` read by its :mod:`kiosk.core.wire` decoder; what it cannot read is the
    central list breaking the protocol."""
    try:
        return decoder(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"The central list's {what} is malformed: {exc}") from exc


def _position(cursor: str) -> tuple[int, int]:
    """``"xid.seq"`` as a comparable pair (0, 0 for anything unreadable)."""
    xid, _, seq = cursor.partition(".")
    try:
        return int(xid), int(seq)
    except ValueError:
        return 0, 0


def _why(exc: httpx.TransportError) -> str:
    """A transport failure in plain words, from the OSError beneath it (httpx chains
    httpcore's error, which chains the socket's): by class and errno, not message text."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return "unknown host name"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, OSError) and cause.errno in _UNREACHABLE:
            return "network unreachable"
        if isinstance(cause, ssl.SSLError):
            return ("the secure connection failed: does it speak https? (a server started "
                    "with --insecure-http needs an http:// address)")
        cause = cause.__cause__ or cause.__context__
    return exc.__class__.__name__


def _refuse_foreign_data(replica: Replica, path: Path, url: str) -> None:
    """Refuse to pair a replica holding data that is not from the central list at
    ``url``: pairing would upload its check-ins into that list (see ``force``)."""
    config = DeviceConfig(replica)
    # Paired means holding a token: an address typed in the settings dialog alone is not.
    paired_with = config.get(SERVER_URL) if config.get(DEVICE_TOKEN) else ""
    if paired_with and paired_with != url:
        raise PairingConflict(
            f"{path} is paired with another central list ({paired_with}); its data and "
            f"check-ins belong there. Pair a new replica file instead, or pair this "
            "one anyway from a terminal with `kiosk pair ... --force`.",
            paired_with=paired_with)
    if paired_with:
        return  # re-pairing with the same list: everything here came from it
    own_events = [e.id for e in replica.events() if e.private_key]
    attendees = replica.attendee_count()
    checkins = int(replica.conn.execute("SELECT count(*) FROM checkins").fetchone()[0])
    if own_events or attendees or checkins:
        what = ", ".join(p for p in (
            f"its own event {own_events[0]!r}" if own_events else "",
            f"{attendees} attendee(s)" if attendees else "",
            f"{checkins} check-in(s)" if checkins else "") if p)
        raise PairingConflict(
            f"{path} is a stand-alone replica with {what}; pairing would mix them into the "
            "central list. Pair a new replica file instead and import the "
            "attendee CSV on the central list (kiosk central import), or pair this one "
            "anyway from a terminal with `kiosk pair ... --force`.",
            own_event=own_events[0] if own_events else "", attendees=attendees,
            checkins=checkins)


def pair(db_path: str | Path, server_url: str, code: str, *, device_name: str = "",
         transport: httpx.BaseTransport | None = None, force: bool = False) -> SyncResult:
    """Pair the replica at ``db_path`` (created if missing) with the central list at
    ``server_url`` using ``code``, then run the first sync (download) and return its result.

    Raises :class:`~kiosk.errors.AuthError` (unknown/used/expired code),
    :class:`~kiosk.errors.ServerUnavailable` or another :class:`~kiosk.errors.SyncError`
    or :class:`~kiosk.errors.ConfigError` (see :meth:`SyncEngine.pair`): pairing
    is an operator's action, so failing loudly is right. The first download may fail
    (result not ok) and is then simply retried by the next sync."""
    with SyncEngine(db_path, transport=transport) as engine:
        engine.pair(server_url, code, device_name=device_name, force=force)
        return engine.sync(force=True)
