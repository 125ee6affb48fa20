"""The kiosk paired with a pretix event: the sync engine's interface over pretix's device API.

:class:`PretixEngine` offers what :class:`~kiosk.sync.engine.SyncEngine` offers (``sync()``
returning a :class:`~kiosk.sync.engine.SyncResult`, never raising; ``status()``;
``next_retry_in()``; ``close()``), so the GUI and the command line take whichever
:func:`open_engine` gives them and do not branch. Scans are decided locally by the
replica's own check-in service and core's rules, exactly as with our own list; this
module only moves data:

- **pair** (:meth:`PretixEngine.pair`): the device QR's JSON (``handshake_version``,
  ``url``, ``token``) -> ``POST device/initialize`` -> the API token, then the event and
  check-in list from ``device/eventselection`` (or the ones given).
- **upload**: every outbox check-in through ``checkinrpc/redeem/`` with its own UUID as
  ``nonce`` (a retry stores nothing twice), its own ``datetime``, ``type`` and
  ``force: true`` (the kiosk already admitted the person; pretix keeps the forced
  check-in); an undo through ``checkinrpc/annul/`` by that nonce; refused scans (the
  replica's scan log) to ``failed_checkins/``.
- **download**: the event, products and check-in lists, then the orders changed since
  the last sync (``orders/?modified_since=`` with the first page's ``X-Page-Generated`` as
  the next cursor; canceled positions included), page by page, each page applied with
  the page number in one replica transaction so a first download resumes where it
  stopped; revoked and blocked secrets.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from kiosk import __version__
from kiosk.core import pretix_sig1, wire
from kiosk.core.config import DEVICE_TOKEN, GATE, SERVER_URL, DeviceConfig
from kiosk.core.models import Attendee, Event, Gate
from kiosk.core.wire import parse_pretix_handshake as parse_handshake
from kiosk.errors import (
    AuthError,
    ConfigError,
    KioskError,
    NotPaired,
    ProtocolError,
    SyncError,
)
from kiosk.pretix import mapping
from kiosk.pretix.api import PretixClient
from kiosk.replica.badges import OUTBOX_KIND
from kiosk.replica.changes import (
    MetaKey,
    apply_changes,
    mark_failed,
    mark_rejected,
    mark_uploaded,
    pending_outbox,
    requeue_uploaded,
)
from kiosk.replica.db import Replica, iso
from kiosk.sync.engine import (
    SyncEngine,
    SyncProgress,
    _refuse_foreign_data,
)

log = logging.getLogger("kiosk.pretix")

#: The replica's ``meta`` keys of a pretix pairing (docs/pretix.md).
KIND = "central_kind"
PRETIX = "pretix"
ORGANIZER = "pretix.organizer"
EVENT = "pretix.event"
LIST = "pretix.list"
DEVICE = "pretix.device_id"
# Cursors start with "sync_": the replica doctor drops those when it rebuilds a file
# (kiosk/replica/journal.py VOLATILE_META_PREFIXES), so a rebuilt replica downloads all.
ORDERS_SINCE = "sync_pretix_orders_since"  # X-Page-Generated of the last complete run
ORDERS_NEXT = "sync_pretix_orders_next"  # the running download's first-page X-Page-Generated
ORDERS_PAGE = "sync_pretix_orders_page"  # the running download's last applied page
REVOKED_SINCE = "sync_pretix_revoked_since"
BLOCKED_SINCE = "sync_pretix_blocked_since"
FAILED_SEQ = "sync_pretix_failed_scan_seq"  # the last scan_log row sent to failed_checkins
CURSOR_KEYS = (ORDERS_SINCE, ORDERS_NEXT, ORDERS_PAGE, REVOKED_SINCE, BLOCKED_SINCE)

#: Our verdicts as pretix's ``error_reason`` of a refused scan (failed_checkins).
_FAILED_REASON = {
    "unknown": "invalid", "forged": "invalid", "cancelled": "canceled", "unpaid": "unpaid",
    "already_checked_in": "already_redeemed", "wrong_gate": "product",
    "wrong_day": "invalid_time",
}
UPLOAD_BATCH = 50
#: How long one page of orders may take. pretix pages by number and sorts the event's
#: orders for every page (no index on their date), so on a large event on a busy
#: server a page can take longer than an upload should wait (bench/pretix_download.py:
#: 100,000 orders on SQLite under load, 10-20 s a page); the timeout of other requests
#: stays the engine's.
ORDERS_PAGE_TIMEOUT = httpx.Timeout(120.0, connect=5.0)
#: A sync of a kiosk paired with pretix whose event and list are not chosen yet.
EVENT_NOT_CHOSEN = ("Paired with pretix, but the event and check-in list are not chosen "
                    "yet: choose them in the settings (Pairing), or kiosk pair --db FILE "
                    "--event SLUG --list ID.")


def _now() -> datetime:
    return datetime.now(UTC)


def is_pretix(replica: Replica) -> bool:
    return replica.get_meta(KIND) == PRETIX


def engine_class(db_path: str | Path) -> type[SyncEngine]:
    """:class:`PretixEngine` for a replica paired with pretix, else :class:`SyncEngine`."""
    path = Path(db_path)
    if not path.exists():
        return SyncEngine
    try:
        replica = Replica(path)
    except KioskError:
        return SyncEngine  # not a replica: its status() says so in words
    try:
        return PretixEngine if is_pretix(replica) else SyncEngine
    finally:
        replica.close()


def open_engine(db_path: str | Path, *, transport: httpx.BaseTransport | None = None
                ) -> SyncEngine:
    """The engine for this replica: pretix's when it is paired with pretix, else ours
    (the GUI and ``kiosk sync`` call this, not a class)."""
    return engine_class(db_path)(db_path, transport=transport)


class PretixEngine(SyncEngine):
    """Syncs one replica file with the pretix event it is paired with.

    The sync engine's own ``sync()``, ``status()``, backoff and error bookkeeping, with
    pretix's upload and download in place of our list's (``_upload``/``_download``)."""

    def __init__(self, db_path: str | Path, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | None = None) -> None:
        super().__init__(db_path, transport=transport, timeout=timeout)
        self._pretix: PretixClient | None = None

    def close(self) -> None:
        if self._pretix is not None:
            self._pretix.close()
            self._pretix = None
        super().close()

    def __enter__(self) -> PretixEngine:
        return self

    def _client_of(self, url: str, token: str | None) -> PretixClient:
        """One keep-alive client per address and token (a re-pairing gets a new one)."""
        if self._pretix is None or (self._pretix.url, self._pretix.token) != (url, token):
            if self._pretix is not None:
                self._pretix.close()
            self._pretix = PretixClient(url, token, transport=self._transport,
                                        timeout=self._timeout)
        return self._pretix

    # -- pairing ------------------------------------------------------------------------

    def pair(self, server_url: str, code: str = "", *, device_name: str = "",
             force: bool = False, event: str | None = None,
             list_id: int | None = None) -> dict[str, Any]:
        """Pair with the pretix device whose QR text is ``server_url`` (or its URL and
        initialisation token as ``server_url``, ``code``); pick the event and check-in
        list (given, else pretix's ``device/eventselection``, else the only one).

        The device is stored as soon as pretix initialised it (its QR is single use):
        when the event and list are not settled (several and no selection, or a given
        one that does not exist), the answer's ``event`` is None and staff choose from
        its ``choices`` (:meth:`choose`); a sync meanwhile says so. ``choices`` always
        lists every event the device may check in at, with its lists, for a GUI to offer.
        Raises :class:`ConfigError` (not a pretix QR), :class:`AuthError` (an unknown,
        used or revoked initialisation token), :class:`ServerUnavailable`,
        :class:`PairingConflict`."""
        handshake = server_url
        if code:
            handshake = json.dumps({"handshake_version": 1, "url": server_url, "token": code})
        parsed = parse_handshake(handshake)
        if parsed is None:
            raise ConfigError("That is not a pretix device QR: it looks like "
                              '{"handshake_version": 1, "url": "https://...", "token": "..."}.')
        url, init_token = parsed
        with self._replica() as replica:
            if not force:
                _refuse_foreign_data(replica, self.db_path, url)
            old_token = DeviceConfig(replica).get(DEVICE_TOKEN)
        client = PretixClient(url, None, transport=self._transport, timeout=self._timeout)
        try:
            answer = client.call("POST", "/device/initialize", accept=(400,), json={
                "token": init_token, "hardware_brand": "Generic",
                "hardware_model": platform.machine() or "kiosk",
                "os_name": platform.system() or "Linux", "os_version": platform.release(),
                "software_brand": "checkin-kiosk", "software_version": __version__,
                "info": {}})
            if answer.status == 400:
                raise AuthError(f"pretix refused the device QR: {_words(answer.body)} "
                                "Create a new device in pretix and show its QR again.")
            device = answer.body
            if not isinstance(device, dict) or not isinstance(device.get("api_token"), str):
                raise ProtocolError("pretix's device/initialize answer has no api_token.")
            organizer = str(device["organizer"])
            name = device_name or str(device.get("name") or "")
            # Kept at once: the initialisation token is used up now.
            with self._replica() as replica, replica.atomic():
                DeviceConfig(replica).record_pairing(
                    server_url=url, device_token=device["api_token"], device_name=name,
                    gate_id=None)
                for key, value in ((KIND, PRETIX), (ORGANIZER, organizer), (EVENT, None),
                                   (LIST, None), (DEVICE, str(device.get("device_id"))),
                                   (MetaKey.PAIRED_AT, iso(_now())),
                                   (MetaKey.LAST_SYNC_ERROR, None)):
                    replica.set_meta(key, value)
                for key in CURSOR_KEYS:
                    replica.set_meta(key, None)
                if old_token:
                    requeue_uploaded(replica)  # a new device: send ours again (nonces dedupe)
            client.token = device["api_token"]
            choices = _choices(client, organizer)
            settled = _settle(client, choices, event, list_id)
        finally:
            client.close()
        self._backoff = 0.0
        self._retry_at = 0.0
        out: dict[str, Any] = {
            "device_id": str(device.get("device_id")), "device_name": name,
            "organizer": organizer, "event": None, "list": None, "gate_id": None,
            "choices": choices, "suggested": settled[0] if settled else None}
        if settled is not None and settled[1] is not None:
            out.update(self._store_choice(settled[0], settled[1]))
        return out

    def choices(self) -> list[PretixChoice]:
        """Every event this paired device may check in at, with its check-in lists (the
        choice staff make, :meth:`choose`); raises like a sync."""
        with self._replica() as replica:
            url, token = DeviceConfig(replica).get(SERVER_URL), DeviceConfig(replica).get(
                DEVICE_TOKEN)
            organizer = replica.get_meta(ORGANIZER)
        if not is_paired_pretix(url, token, organizer):
            raise NotPaired("This kiosk is not paired with pretix.")
        return _choices(self._client_of(url, token), str(organizer))

    def chosen(self) -> tuple[str, int] | None:
        """The event and check-in list this kiosk uses (None: not chosen yet)."""
        with self._replica() as replica:
            slug, list_id = replica.get_meta(EVENT), replica.get_meta(LIST)
        return (slug, int(list_id)) if slug and list_id else None

    def choose(self, event: str, list_id: int) -> dict[str, Any]:
        """Use ``event`` and its check-in list ``list_id`` (checked against pretix): the
        gate becomes that list's; another event than before downloads from the start.
        :class:`ConfigError` naming the choices for one that does not exist."""
        choices = self.choices()
        match = next((c for c in choices if c.event == event), None)
        if match is None or list_id not in [i for i, _ in match.lists]:
            raise ConfigError(_choice_words(choices, event, list_id))
        self._backoff = 0.0
        self._retry_at = 0.0
        return self._store_choice(event, list_id)

    def _store_choice(self, event: str, list_id: int) -> dict[str, Any]:
        with self._replica() as replica, replica.atomic():
            if replica.get_meta(EVENT) != event:
                for key in CURSOR_KEYS:
                    replica.set_meta(key, None)
            replica.set_meta(EVENT, event)
            replica.set_meta(LIST, str(list_id))
            DeviceConfig(replica).update({GATE.name: mapping.gate_id(list_id)})
        return {"event": event, "list": list_id, "gate_id": mapping.gate_id(list_id)}

    # -- upload -------------------------------------------------------------------------

    def _upload(self, replica: Replica, url: str, token: str,
                progress: Callable[[SyncProgress], None] | None,
                counter: dict[str, int]) -> None:
        client = self._client_of(url, token)
        organizer = replica.get_meta(ORGANIZER)
        walkins = pending_outbox(replica, "attendee", limit=10_000)
        if walkins:  # pretix's device API takes no new attendees
            mark_rejected(replica, [(i.seq, "pretix takes no walk-in registrations from "
                                     "kiosks; add them in pretix") for i in walkins])
        # Nor badge prints: they stay this desk's own record, nothing waits for them.
        prints = pending_outbox(replica, OUTBOX_KIND, limit=10_000)
        if prints:
            mark_uploaded(replica, [i.seq for i in prints])
        total = replica.pending_upload_count()
        if progress and total:
            progress(SyncProgress("upload", 0, total))
        while True:
            items = pending_outbox(replica, "checkin", limit=UPLOAD_BATCH)
            if not items:
                break
            for item in items:
                if item.payload is None:
                    mark_uploaded(replica, [item.seq])
                    continue
                try:
                    refusal = self._send_checkin(client, organizer, item.payload)
                except SyncError as exc:
                    mark_failed(replica, [item.seq], str(exc))
                    raise
                if refusal is None:
                    mark_uploaded(replica, [item.seq])
                    counter["up"] += 1
                else:
                    mark_rejected(replica, [(item.seq, refusal)])
                    log.warning("pretix refused an upload: %s", refusal)
                if progress:
                    progress(SyncProgress("upload", counter["up"], total))
        self._upload_refused_scans(replica, client)

    def _send_checkin(self, client: PretixClient, organizer: str | None,
                      payload: dict[str, Any]) -> str | None:
        """One check-in (or undo) to pretix: None when stored, else pretix's reason."""
        upload = wire.decode_checkin_upload(payload)
        list_id = mapping.list_id_of(upload.gate_id)
        if list_id is None:
            return f"gate {upload.gate_id} is not a pretix check-in list"
        if upload.direction == "undo":
            answer = client.call("POST", f"/organizers/{organizer}/checkinrpc/annul/",
                                 accept=(400, 404), json={
                                     "lists": [list_id], "nonce": _nonce(upload.undoes or ""),
                                     "datetime": upload.scanned_at})
        else:
            answer = client.call("POST", f"/organizers/{organizer}/checkinrpc/redeem/",
                                 accept=(400, 404), json={
                                     "secret": upload.code or "", "lists": [list_id],
                                     "type": "exit" if upload.direction == "exit" else "entry",
                                     # admitted already (offline or not): pretix keeps it
                                     "force": True, "source_type": "barcode",
                                     "nonce": _nonce(upload.id),
                                     "datetime": upload.scanned_at})
        if answer.status < 300:
            return None
        if upload.direction == "undo" and _annulled_already(answer.body):
            return None  # a retry of an annulment pretix made (its answer was lost)
        return f"refused by pretix: {_words(answer.body)}"

    def _upload_refused_scans(self, replica: Replica, client: PretixClient) -> None:
        """Scans refused here go to pretix's failed_checkins (its audit of refusals)."""
        if not replica.get_meta(EVENT):
            return  # no event chosen yet: nothing was scanned at one of its lists
        done = int(replica.get_meta(FAILED_SEQ) or 0)
        rows = replica.conn.execute(
            "SELECT id, scanned_at, gate_id, text, verdict FROM scan_log WHERE id > ? "
            "ORDER BY id LIMIT 500", (done,)).fetchall()
        base = f"/organizers/{replica.get_meta(ORGANIZER)}/events/{replica.get_meta(EVENT)}"
        for row in rows:
            reason = _FAILED_REASON.get(row["verdict"])
            list_id = mapping.list_id_of(row["gate_id"] or "")
            if reason is not None and list_id is not None:
                client.call("POST", f"{base}/checkinlists/{list_id}/failed_checkins/",
                            accept=(400, 404), json={
                                "raw_barcode": row["text"], "error_reason": reason,
                                "datetime": row["scanned_at"], "type": "entry",
                                "nonce": _nonce(f"{replica.device_id}/scan/{row['id']}")})
            replica.set_meta(FAILED_SEQ, str(row["id"]))

    # -- download -----------------------------------------------------------------------

    def _download(self, replica: Replica, url: str, token: str,
                  progress: Callable[[SyncProgress], None] | None,
                  counter: dict[str, int]) -> None:
        client = self._client_of(url, token)
        organizer, slug = replica.get_meta(ORGANIZER), replica.get_meta(EVENT)
        if not organizer:
            raise NotPaired("This replica's pretix pairing is incomplete: pair it again "
                            "(kiosk pair '<device QR text>').")
        if not slug or not replica.get_meta(LIST):
            raise NotPaired(EVENT_NOT_CHOSEN)
        base = f"/organizers/{organizer}/events/{slug}"
        detail = client.get(f"{base}/")
        event = mapping.event_from(detail)
        items = client.results(f"{base}/items/")
        products = {int(i["id"]): mapping.text(i.get("name")) for i in items}
        attention = frozenset(int(i["id"]) for i in items if i.get("checkin_attention"))
        # Signed secrets (pretix_sig1): the event's keys and product names, so a ticket
        # sold after this download is admitted on its signature (kiosk/core/pretix_sig1.py).
        keys = (detail.get("valid_keys") or {}).get(pretix_sig1.META_KEY) or []
        signing = json.loads(replica.get_meta(pretix_sig1.META_KEY) or "{}")
        signing[event.id] = {"keys": [str(k) for k in keys],
                             "types": {str(k): v for k, v in products.items()}}
        replica.set_meta(pretix_sig1.META_KEY, json.dumps(signing, sort_keys=True))
        lists = client.results(f"{base}/checkinlists/")
        gates = [mapping.gate_from(event.id, x, products) for x in lists]
        old = replica.get_event(event.id)
        event = Event(id=event.id, name=event.name, timezone=event.timezone, days=event.days,
                      public_key=old.public_key if old else "")
        apply_changes(replica, mapping.changes_of(event, gates, [], [], []),
                      replica.get_meta(MetaKey.CURSOR) or "")
        self._download_secrets(replica, client, base, event.id)
        self._download_orders(replica, client, base, event, products, gates,
                              attention, progress, counter)

    def _download_secrets(self, replica: Replica, client: PretixClient, base: str,
                          event_id: str) -> None:
        since = replica.get_meta(REVOKED_SINCE)
        revoked = client.results(f"{base}/revokedsecrets/",
                                 **({"created_since": since} if since else {}))
        since_b = replica.get_meta(BLOCKED_SINCE)
        blocked = client.results(f"{base}/blockedsecrets/",
                                 **({"updated_since": since_b} if since_b else {}))
        revocations = [wire.Revocation(str(r["secret"]), event_id, "revoked in pretix")
                       for r in revoked]
        revocations += [wire.Revocation(str(b["secret"]), event_id, "blocked in pretix",
                                        active=bool(b.get("blocked"))) for b in blocked]
        with replica.atomic():
            if revocations:
                apply_changes(replica, mapping.changes_of(None, [], [], [], revocations),
                              replica.get_meta(MetaKey.CURSOR) or "")
            if revoked:
                replica.set_meta(REVOKED_SINCE, max(str(r["created"]) for r in revoked))
            if blocked:
                replica.set_meta(BLOCKED_SINCE, max(str(b["updated"]) for b in blocked))

    def _download_orders(self, replica: Replica, client: PretixClient, base: str,
                         event: Event, products: dict[int, str], gates: list[Gate],
                         attention: frozenset[int],
                         progress: Callable[[SyncProgress], None] | None,
                         counter: dict[str, int]) -> None:
        since = replica.get_meta(ORDERS_SINCE)
        resume_next = replica.get_meta(ORDERS_NEXT)
        page = int(replica.get_meta(ORDERS_PAGE) or 0) if resume_next else 0
        lists = {int(mapping.list_id_of(g.id) or 0) for g in gates}
        params: dict[str, Any] = {"include_canceled_positions": "true", "testmode": "false",
                                  "ordering": "datetime", "page_size": 50}
        if since:
            params["modified_since"] = since
        total: int | None = None
        while True:
            answer = client.call("GET", f"{base}/orders/", timeout=ORDERS_PAGE_TIMEOUT,
                                 params={**params, "page": page + 1})
            body = answer.body
            if not isinstance(body, dict) or not isinstance(body.get("results"), list):
                raise ProtocolError("pretix's orders page is malformed.")
            generated = answer.headers.get("X-Page-Generated")
            if page == 0:
                resume_next = generated or iso(_now())
            if total is None:
                total = int(body.get("count") or 0)
                if progress:
                    progress(SyncProgress("download", counter["down"], total))
            try:
                attendees = [a for o in body["results"] for a in mapping.attendees_from(
                    event.id, o, products, attention)]
                checkins = [c for o in body["results"]
                            for c in mapping.checkins_from(event, o, lists)]
            except (KeyError, TypeError, ValueError) as exc:
                raise ProtocolError(f"An order from pretix is malformed: {exc}") from exc
            page += 1
            more = bool(body.get("next"))
            checkins = [c for c in checkins if not _ours(replica, c)]
            with replica.atomic():
                _adopt_signed(replica, attendees)
                apply_changes(replica, mapping.changes_of(None, [], attendees, checkins, []),
                              replica.get_meta(MetaKey.CURSOR) or "")
                if more:
                    replica.set_meta(ORDERS_NEXT, resume_next)
                    replica.set_meta(ORDERS_PAGE, str(page))
                else:
                    replica.set_meta(ORDERS_SINCE, resume_next)
                    replica.set_meta(ORDERS_NEXT, None)
                    replica.set_meta(ORDERS_PAGE, None)
            counter["down"] += len(body["results"])
            if progress:
                progress(SyncProgress("download", counter["down"], total))
            if not more:
                return


@dataclass(frozen=True)
class PretixChoice:
    """An event a device may check in at, and its check-in lists (id, name): what staff
    choose among when pretix's event selection does not settle it."""

    event: str
    name: str
    lists: tuple[tuple[int, str], ...]


def is_paired_pretix(url: str | None, token: str | None, organizer: str | None) -> bool:
    return bool(url and token and organizer)


def _choices(client: PretixClient, organizer: str) -> list[PretixChoice]:
    """The events the device may see (event series aside: not supported) and their
    lists, in pretix's order."""
    out = []
    for e in client.results(f"/organizers/{organizer}/events/"):
        if e.get("has_subevents"):
            continue
        lists = client.results(f"/organizers/{organizer}/events/{e['slug']}/checkinlists/")
        out.append(PretixChoice(str(e["slug"]), mapping.text(e.get("name")) or str(e["slug"]),
                                tuple((int(x["id"]), mapping.text(x.get("name")))
                                      for x in lists)))
    return out


def _settle(client: PretixClient, choices: list[PretixChoice], event: str | None,
            list_id: int | None) -> tuple[str, int | None] | None:
    """The event and list pairing can take without asking: the ones given, else pretix's
    event selection for the device, else the only event; its list: the one given or
    selected, else its only one (None: staff choose a list). None: no event settled
    (none given or selected and several, or a given one that does not exist)."""
    if event is None:
        answer = client.call("GET", "/device/eventselection", accept=(404,))
        if answer.status == 200 and isinstance(answer.body, dict) and answer.body.get(
                "event"):
            event = str(answer.body["event"]["slug"])
            if list_id is None and answer.body.get("checkinlist"):
                list_id = int(answer.body["checkinlist"])
    if event is None and len(choices) == 1:
        event = choices[0].event
    match = next((c for c in choices if c.event == event), None)
    if match is None:
        return None
    ids = [i for i, _ in match.lists]
    if list_id is None and len(ids) == 1:
        list_id = ids[0]
    return match.event, list_id if list_id in ids else None


def _choice_words(choices: list[PretixChoice], event: str | None, list_id: int | None) -> str:
    """Why an event or list cannot be used, naming those that can."""
    match = next((c for c in choices if c.event == event), None)
    if match is None:
        return ("Choose the pretix event (--event): this device may check in at " +
                (", ".join(c.event for c in choices) or "no event") + ".")
    names = ", ".join(f"{i} ({name})" for i, name in match.lists)
    return f"Choose the check-in list (--list) of {match.event}: {names or 'it has none'}."


def _ours(replica: Replica, record: wire.CheckInRecord) -> bool:
    """Is this check-in from pretix's feed one this replica made (same person, gate,
    direction and instant: uploads carry the scan's own time)? Those are kept under
    their own ids; any other (another device, pretix itself, or ours lost in a rebuilt
    replica) is stored as a remote check-in."""
    at = datetime.fromisoformat(record.scanned_at)
    rows = replica.conn.execute(
        "SELECT scanned_at FROM checkins WHERE attendee_id = ? AND gate_id = ? AND "
        "direction = ? AND origin = 'local'",
        (record.attendee_id, record.gate_id, record.direction)).fetchall()
    return any(datetime.fromisoformat(r["scanned_at"]) == at for r in rows)


def _adopt_signed(replica: Replica, attendees: list[Attendee]) -> None:
    """A ticket admitted on its signature before it was downloaded (an ``S...``
    attendee holding its secret) is the downloaded position: its check-ins move to it
    (pretix's copy of them carries our own device id, which the download skips)."""
    for a in attendees:
        row = replica.conn.execute(
            "SELECT id FROM attendees WHERE code = ? AND source = 'signed' AND id != ?",
            (a.code, a.id)).fetchone()
        if row is not None:
            replica.conn.execute("UPDATE checkins SET attendee_id = ? WHERE attendee_id = ?",
                                 (a.id, row["id"]))
            replica.delete_attendee(row["id"])


def _annulled_already(body: Any) -> bool:
    """pretix's answer to an annulment of a check-in it annulled before (400,
    ``["Cannot annul an unsuccessful checkin"]``: ``checkinrpc/annul/`` is not
    idempotent by nonce, unlike redeem). Our check-ins are all successful ones (uploaded
    with ``force``), so this means the first annulment went through."""
    texts = body if isinstance(body, list) else (body or {}).get("non_field_errors") \
        if isinstance(body, dict) else []
    return any("annul an unsuccessful" in str(t) for t in texts or ())


def _nonce(checkin_id: str) -> str:
    """The nonce of one of our check-ins in pretix: its UUID's hex, or a digest of
    another id (stable: the same scan always gets the same nonce)."""
    hexed = checkin_id.replace("-", "")
    if len(hexed) == 32 and all(c in "0123456789abcdef" for c in hexed.lower()):
        return hexed.lower()
    return hashlib.sha256(checkin_id.encode()).hexdigest()[:32]


def _words(body: Any) -> str:
    """pretix's reason for a refusal, in its words."""
    if isinstance(body, dict):
        reason = body.get("reason")
        if isinstance(reason, str):
            extra = body.get("reason_explanation")
            return reason + (f" ({extra})" if extra else "")
        for key, value in body.items():
            if isinstance(value, list) and value:
                return f"{value[0]}" if key in ("token", "non_field_errors") else \
                    f"{key}: {value[0]}"
            if isinstance(value, str):
                return value
    return "no reason given"


def first_download(path: Path, say: Callable[[str], None], *,
                   transport: httpx.BaseTransport | None = None) -> str | None:
    """The replica doctor's first download into a rebuilt file
    (:func:`kiosk.sync.rebuild.first_download`), from whichever list it is paired with:
    the doctor writes the pairing into the new file before it asks for the download."""
    from kiosk.sync.rebuild import first_download as download

    return download(path, say, transport=transport, engine_class=engine_class(path))
