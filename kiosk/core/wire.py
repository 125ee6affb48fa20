"""The JSON that crosses the network between kiosks and the central list, written once.

One encoder and one decoder per payload kind; the central list builds what it sends with
the encoders and the kiosk reads it with the decoders (and the other way round for
uploads), so a field is named in one place. ``tests/central/test_wire_contract.py`` runs
the central list's real output through the kiosk's decoders for every kind.

=================  =====================================  ==========================
kind               value                                  travels
=================  =====================================  ==========================
event              :class:`~kiosk.core.models.Event`      feed (no private key, ever)
gate               :class:`GateState`                     feed
attendee           :class:`~kiosk.core.models.Attendee`   feed; walk-in upload
                   or :class:`AttendeeRemoved`            feed (tombstone)
check-in           :class:`CheckInRecord`                 feed
                   :class:`CheckInUpload`                 upload (kiosk -> list)
revocation         :class:`Revocation`                    feed
badge print        :class:`BadgePrintRecord`              feed
                   :class:`BadgePrintUpload`              upload (``/badge-prints``)
feed page          :class:`FeedPage` of :class:`Change`   ``GET /api/v1/changes``
snapshot page      :class:`SnapshotPage`                  ``GET /api/v1/snapshot``
upload answer      :class:`UploadAnswer` of               ``POST /api/v1/checkins``,
                   :class:`UploadResult`                  ``POST /api/v1/attendees``,
                                                          ``POST /api/v1/badge-prints``
pairing QR         :func:`pairing_text`                   shown by the list, scanned
pretix device QR   :func:`parse_pretix_handshake`         shown by pretix, scanned
=================  =====================================  ==========================

Decoders are lenient where the protocol always was (a missing optional field takes its
default, so an older or newer peer still talks) and raise ``ValueError`` / ``KeyError``
on what cannot be read (the sync engine reports that as a protocol error). Times stay
the ISO 8601 text the sender wrote: re-parsing them would change nothing but risk a
different spelling of the same instant.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from kiosk.core.models import LANGUAGES, Attendee, AttendeeStatus, Event, Gate
from kiosk.errors import BadPairingInput

# -- events and gates -----------------------------------------------------------------

#: Every answer of the central list carries this header (``X-Checkin-Kiosk: central-list``),
#: so a kiosk tells it apart from a Wi-Fi login page or a proxy (kiosk/sync/portal.py).
SERVER_HEADER = "X-Checkin-Kiosk"
SERVER_IDENTITY = "central-list"
#: ... and its clock when it answered (UTC, ISO 8601 with milliseconds), so a kiosk
#: measures its clock skew on every answer, not only on uploads.
SERVER_TIME_HEADER = "X-Checkin-Kiosk-Time"


def clock_skew(server_time: str | None, sent: datetime, received: datetime) -> float | None:
    """The central list's clock minus ours, in seconds, from its ``SERVER_TIME_HEADER``
    and when we sent the request and got the answer (by our clock: the answer was made
    about half-way). None when the header is missing or not a time."""
    if not server_time:
        return None
    try:
        theirs = datetime.fromisoformat(server_time)
    except ValueError:
        return None
    if theirs.tzinfo is None:
        return None
    return (theirs - (sent + (received - sent) / 2)).total_seconds()


def encode_event(event: Event) -> dict[str, Any]:
    # The private key never leaves the central list: kiosks verify with the public key.
    return {"id": event.id, "name": event.name, "timezone": event.timezone,
            "days": [d.isoformat() for d in event.days], "public_key": event.public_key,
            "languages": list(event.languages)}


def decode_event(data: dict[str, Any]) -> Event:
    # A language this kiosk does not speak (a newer central list) is left out.
    languages = tuple(str(x) for x in data.get("languages") or () if x in LANGUAGES)
    return Event(id=data["id"], name=data["name"], timezone=data.get("timezone") or "UTC",
                 days=_days(data), public_key=data.get("public_key") or "",
                 languages=languages)


@dataclass(frozen=True)
class GateState:
    """A gate as the feed publishes it: deleted gates flow down too."""

    gate: Gate
    deleted: bool = False


def encode_gate(state: GateState) -> dict[str, Any]:
    g = state.gate
    return {"id": g.id, "event_id": g.event_id, "name": g.name,
            "ticket_types": list(g.ticket_types), "days": [d.isoformat() for d in g.days],
            "allow_reentry": g.allow_reentry, "admits_unpaid": g.admits_unpaid,
            "deleted": state.deleted}


def decode_gate(data: dict[str, Any]) -> GateState:
    gate = Gate(id=data["id"], event_id=data["event_id"], name=data["name"],
                ticket_types=tuple(data.get("ticket_types") or ()), days=_days(data),
                allow_reentry=bool(data.get("allow_reentry")),
                admits_unpaid=bool(data.get("admits_unpaid")))  # optional: older lists
    return GateState(gate, bool(data.get("deleted")))


def _days(data: dict[str, Any]) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in data.get("days") or ())


# -- attendees ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeRemoved:
    """An attendee taken off the list (a tombstone: the kiosk deletes its copy)."""

    id: str
    event_id: str


#: The keys of an attendee's payload, in the order :func:`encode_attendee` writes them
#: (a snapshot page's columns: the central list's fast path builds rows in this order).
ATTENDEE_PAYLOAD_KEYS = ("id", "event_id", "code", "name", "email", "organisation",
                         "ticket_type", "status", "details", "source", "deleted")


def encode_attendee(attendee: Attendee | AttendeeRemoved) -> dict[str, Any]:
    if isinstance(attendee, AttendeeRemoved):
        return {"id": attendee.id, "event_id": attendee.event_id, "deleted": True}
    a = attendee
    return {"id": a.id, "event_id": a.event_id, "code": a.code, "name": a.name,
            "email": a.email, "organisation": a.organisation, "ticket_type": a.ticket_type,
            "status": str(AttendeeStatus(a.status)), "details": dict(a.details),
            "source": a.source, "deleted": False}


#: An attendee's payload fields, in the order of :class:`Attendee`'s fields (``deleted``
#: aside): what :func:`attendee_values` reads.
ATTENDEE_FIELDS = ("id", "event_id", "name", "code", "email", "organisation", "ticket_type",
                   "status", "details", "source")

#: The values of an :class:`Attendee`'s fields, in their order (``Attendee(*values)``).
AttendeeValues = tuple[str, str, str, "str | None", str, str, str, AttendeeStatus,
                       dict[str, str], str]


#: Each status by its text (a look-up; ``AttendeeStatus(text)`` for anything else).
_STATUSES: dict[str, AttendeeStatus] = {str(s): s for s in AttendeeStatus}


def attendee_values(id: Any, event_id: Any, name: Any, code: Any, email: Any,
                    organisation: Any, ticket_type: Any, status: Any, details: Any,
                    source: Any) -> AttendeeValues:
    """The one reading of an attendee payload's fields (missing ones None): the values
    of the :class:`Attendee` they make. ``ValueError`` for an unknown status."""
    return (id, event_id, name or "", code, email or "", organisation or "",
            ticket_type or "", (type(status) is str and _STATUSES.get(status))
            or AttendeeStatus(status or "valid"),
            {str(k): str(v) for k, v in (details or {}).items()}, source or "import")


def decode_attendee(data: dict[str, Any]) -> Attendee | AttendeeRemoved:
    if data.get("deleted"):
        return AttendeeRemoved(data["id"], data["event_id"])
    return Attendee(*attendee_values(data["id"], data["event_id"],
                                     *(data.get(f) for f in ATTENDEE_FIELDS[2:])))


# -- check-ins ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInUpload:
    """A check-in as a kiosk uploads it (its outbox entry)."""

    id: str
    attendee_id: str
    gate_id: str
    #: "entry", "exit" or "undo" (:class:`~kiosk.core.models.Direction`)
    direction: str
    #: the time the kiosk decided by (its clock corrected by the central list's when
    #: measured, kiosk/replica/clock.py), ISO 8601
    scanned_at: str
    #: the event-local day, ISO 8601
    day: str
    verdict: str = ""
    code: str | None = None
    undoes: str | None = None
    #: the kiosk's own clock when it decided, ISO 8601 (None: a kiosk that kept none)
    device_time: str | None = None
    #: an override (verdict "override", from a desk): the reason staff gave. Optional:
    #: an older list ignores it, an older kiosk never sends it.
    override_reason: str | None = None


@dataclass(frozen=True)
class CheckInRecord(CheckInUpload):
    """A check-in as the central list keeps and publishes it: the upload plus who sent
    it, when it arrived, and whether it was a second entry."""

    device_id: str = ""
    device_name: str = ""
    received_at: str | None = None
    duplicate: bool = False
    duplicate_of: str | None = None


#: The fields of each shape, in order (a check-in's columns are named here only).
CHECKIN_UPLOAD_FIELDS = tuple(f.name for f in fields(CheckInUpload))
CHECKIN_FIELDS = tuple(f.name for f in fields(CheckInRecord))


def _flat(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The fields ``names`` of a dataclass of plain values, as a dict. Not
    ``dataclasses.asdict``: it deep-copies every value, and encoding check-ins with it
    took a quarter of the central list's ingest time."""
    return {name: getattr(value, name) for name in names}


def checkin_upload_from(row: Any) -> CheckInUpload:
    """The upload of a stored check-in (a dict or ``sqlite3.Row`` with its columns)."""
    return CheckInUpload(**{name: row[name] for name in CHECKIN_UPLOAD_FIELDS})


def checkin_record_from(row: Any) -> CheckInRecord:
    """The record of a stored check-in (a dict with at least the record's fields)."""
    values = {name: row[name] for name in CHECKIN_FIELDS}
    values["duplicate"] = bool(values["duplicate"])
    values["verdict"] = values["verdict"] or ""
    return CheckInRecord(**values)


def encode_checkin_upload(upload: CheckInUpload) -> dict[str, Any]:
    return {name: getattr(upload, name) for name in CHECKIN_UPLOAD_FIELDS}


def decode_checkin_upload(data: dict[str, Any]) -> CheckInUpload:
    return CheckInUpload(
        id=data["id"], attendee_id=data["attendee_id"], gate_id=data["gate_id"],
        direction=data["direction"], scanned_at=data["scanned_at"], day=data["day"],
        verdict=data.get("verdict") or "", code=data.get("code"), undoes=data.get("undoes"),
        device_time=data.get("device_time"), override_reason=data.get("override_reason"))


def encode_checkin(record: CheckInRecord) -> dict[str, Any]:
    return _flat(record, CHECKIN_FIELDS)


def decode_checkin(data: dict[str, Any]) -> CheckInRecord:
    upload = decode_checkin_upload(data)
    return CheckInRecord(
        **_flat(upload, CHECKIN_UPLOAD_FIELDS), device_id=data.get("device_id") or "",
        device_name=data.get("device_name") or "", received_at=data.get("received_at"),
        duplicate=bool(data.get("duplicate")), duplicate_of=data.get("duplicate_of"))


# -- badge prints ---------------------------------------------------------------------


@dataclass(frozen=True)
class BadgePrintUpload:
    """A badge printed at a device, as it uploads it (its outbox entry)."""

    #: a UUID made when printed (the idempotency key)
    id: str
    attendee_id: str
    #: when it was printed, ISO 8601 (the device's clock)
    printed_at: str
    #: the printer's name, or the PDF file printed to
    printer: str = ""
    #: True when the device knew of an earlier print (staff chose to print again)
    reprint: bool = False
    #: the name on the badge (the attendee's name may change later)
    name_printed: str = ""


@dataclass(frozen=True)
class BadgePrintRecord(BadgePrintUpload):
    """A badge print as the central list keeps and publishes it: who sent it, for which
    event, when it arrived."""

    event_id: str = ""
    device_id: str = ""
    device_name: str = ""
    received_at: str | None = None


BADGE_PRINT_UPLOAD_FIELDS = tuple(f.name for f in fields(BadgePrintUpload))
BADGE_PRINT_FIELDS = tuple(f.name for f in fields(BadgePrintRecord))


def encode_badge_print_upload(upload: BadgePrintUpload) -> dict[str, Any]:
    return _flat(upload, BADGE_PRINT_UPLOAD_FIELDS)


def decode_badge_print_upload(data: dict[str, Any]) -> BadgePrintUpload:
    return BadgePrintUpload(
        id=str(data["id"]), attendee_id=str(data["attendee_id"]),
        printed_at=str(data["printed_at"]), printer=str(data.get("printer") or ""),
        reprint=bool(data.get("reprint")), name_printed=str(data.get("name_printed") or ""))


def encode_badge_print(record: BadgePrintRecord) -> dict[str, Any]:
    return _flat(record, BADGE_PRINT_FIELDS)


def decode_badge_print(data: dict[str, Any]) -> BadgePrintRecord:
    upload = decode_badge_print_upload(data)
    return BadgePrintRecord(
        **_flat(upload, BADGE_PRINT_UPLOAD_FIELDS), event_id=str(data["event_id"]),
        device_id=str(data.get("device_id") or ""),
        device_name=str(data.get("device_name") or ""), received_at=data.get("received_at"))


# -- revocations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Revocation:
    code: str
    event_id: str
    reason: str = ""
    #: False: the code is valid again.
    active: bool = True


_REVOCATION_FIELDS = tuple(f.name for f in fields(Revocation))


def encode_revocation(revocation: Revocation) -> dict[str, Any]:
    return _flat(revocation, _REVOCATION_FIELDS)


def decode_revocation(data: dict[str, Any]) -> Revocation:
    return Revocation(code=data["code"], event_id=data["event_id"],
                      reason=data.get("reason") or "", active=bool(data.get("active", True)))


# -- the feed -------------------------------------------------------------------------

#: What a change's ``data`` decodes to.
ChangeValue = (Event | GateState | Attendee | AttendeeRemoved | Revocation | CheckInRecord
               | BadgePrintRecord)

_DECODERS: dict[str, Any] = {
    "event": decode_event, "gate": decode_gate, "attendee": decode_attendee,
    "revocation": decode_revocation, "checkin": decode_checkin,
    "badge_print": decode_badge_print,
}


@dataclass(frozen=True)
class Change:
    """One entry of the change feed: ``kind``, the entity's id and its payload."""

    kind: str
    id: str
    data: dict[str, Any]

    def value(self) -> ChangeValue | None:
        """The payload decoded; None for a kind this kiosk does not know (a newer
        central list may send more)."""
        decoder = _DECODERS.get(self.kind)
        return decoder(self.data) if decoder else None


def encode_change(kind: str, entity_id: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "id": entity_id, "data": data}


def decode_change(item: dict[str, Any]) -> Change:
    return Change(kind=str(item.get("kind")), id=str(item.get("id")),
                  data=item.get("data") or {})


@dataclass(frozen=True)
class FeedPage:
    """One page of ``GET /api/v1/changes``."""

    changes: list[dict[str, Any]]
    cursor: str
    more: bool
    remaining: int | None = None
    #: Fingerprint of the change at ``cursor`` (empty at the start): the kiosk sends it
    #: back with the cursor so a restored (or different) list is noticed.
    cursor_check: str = ""
    server_time: str | None = None
    #: A live request's (``&wait=S``) answer: True when the list held it, False when it
    #: would not (too many waiting); None (not sent) for an ordinary page.
    live: bool | None = None
    #: The server's fast path: the changes already as JSON text, one ``{"kind", "id",
    #: "data"}`` object each (``changes`` is then empty), written out as they are by
    #: :func:`feed_page_bytes` — no decoding and re-encoding of every payload.
    raw_changes: tuple[str, ...] | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.raw_changes)


def raw_change(kind: str, entity_id: str, payload_json: str) -> str:
    """One change as JSON text around its stored payload (already JSON), for
    :attr:`FeedPage.raw_changes`; decodes to what :func:`encode_feed_page` writes."""
    return f'{{"kind":{_quoted(kind)},"id":{_quoted(entity_id)},"data":{payload_json}}}'


#: A string as a JSON string (json's own C escaper, as ``json.dumps(...,
#: ensure_ascii=False)`` writes it, without building an encoder per call).
_quoted: Callable[[str], str] = json.encoder.encode_basestring


def feed_page_bytes(page: FeedPage) -> bytes:
    """:func:`encode_feed_page` as UTF-8 JSON bytes, with ``raw_changes`` (when given)
    written as they are."""
    if page.raw_changes is None:
        return json.dumps(encode_feed_page(page), ensure_ascii=False,
                          separators=(",", ":")).encode()
    rest = encode_feed_page(page)
    del rest["changes"]
    tail = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
    return ('{"changes":[' + ",".join(page.raw_changes) + "]," + tail[1:]).encode()


def encode_feed_page(page: FeedPage) -> dict[str, Any]:
    out = {"changes": page.changes, "cursor": page.cursor, "more": page.more,
           "remaining": page.remaining, "cursor_check": page.cursor_check,
           "server_time": page.server_time}
    if page.live is not None:
        out["live"] = page.live
    return out


def decode_feed_page(body: dict[str, Any]) -> FeedPage:
    changes, cursor = body.get("changes"), body.get("cursor")
    if not isinstance(changes, list) or not isinstance(cursor, str):
        raise ValueError("the change feed page has no list of changes or no cursor")
    remaining, check, live = body.get("remaining"), body.get("cursor_check"), body.get("live")
    # (A page may hold no change for this device and still have more after it: the
    # cursor moved past other events' changes, or other gates' check-ins.)
    return FeedPage(changes=changes, cursor=cursor, more=bool(body.get("more")),
                    remaining=remaining if isinstance(remaining, int) else None,
                    cursor_check=check if isinstance(check, str) else "",
                    server_time=body.get("server_time"),
                    live=live if isinstance(live, bool) else None)


@dataclass(frozen=True)
class PassagesPage:
    """One page of ``GET /api/v1/passages``: check-ins (as feed changes) a kiosk that
    switched gates lacks, after check-in ``after`` (``kiosk/central/feed.py``
    ``ChangeFeed.passages``)."""

    changes: list[dict[str, Any]]
    after: int
    more: bool


def encode_passages_page(page: PassagesPage) -> dict[str, Any]:
    return {"changes": page.changes, "after": page.after, "more": page.more}


def decode_passages_page(body: dict[str, Any]) -> PassagesPage:
    changes, after = body.get("changes"), body.get("after")
    if not isinstance(changes, list) or not isinstance(after, int) \
            or isinstance(after, bool):
        raise ValueError("the passages page has no list of changes or no position")
    if any(not isinstance(c, dict) or c.get("kind") != "checkin" for c in changes):
        raise ValueError("the passages page holds something other than check-ins")
    return PassagesPage(changes, after, bool(body.get("more")))


# -- the snapshot (first download) ----------------------------------------------------

#: The snapshot's sections, in the order they are served: each is a feed kind, and its
#: rows decode with that kind's decoder (``Change(kind, id, data).value()``).
SNAPSHOT_SECTIONS = ("event", "gate", "revocation", "attendee", "checkin", "badge_print")


@dataclass(frozen=True)
class SnapshotPage:
    """One page of ``GET /api/v1/snapshot``: rows of one ``section`` (a feed kind), each
    the payload that kind's encoder makes, sent as ``columns`` + value lists (a million
    attendees as dicts would repeat every key a million times).

    ``cursor`` / ``cursor_check`` are the feed position the whole snapshot is read from
    (the same on every page); ``next_section`` / ``next_after`` where the next page
    starts (None: the snapshot is complete). The first page also carries ``totals``
    (rows per section, for progress) and ``log_changes`` (how long the log after
    nothing is: a kiosk may prefer replaying a short log)."""

    cursor: str
    cursor_check: str
    section: str
    columns: tuple[str, ...]
    rows: list[list[Any]]
    next_section: str | None
    next_after: str | None
    totals: dict[str, int] | None = None
    log_changes: int | None = None

    @property
    def items(self) -> list[dict[str, Any]]:
        """The rows as payloads (``{column: value}``), each its kind's decoder's input."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def snapshot_rows(items: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[list[Any]]]:
    """Payloads of one kind (the same keys) as a page's ``columns`` and ``rows``."""
    columns = tuple(items[0]) if items else ()
    return columns, [[item[c] for c in columns] for item in items]


def snapshot_attendees(page: SnapshotPage) -> list[AttendeeValues]:
    """The attendees of an ``attendee`` page, as :func:`decode_attendee` reads each row
    (the same :func:`attendee_values`; tombstones left out), without a dict and an
    :class:`Attendee` per row: a first download reads a million of them.
    ``KeyError`` without an ``id`` or ``event_id`` column, ``ValueError`` for a bad row."""
    at = {c: i for i, c in enumerate(page.columns)}
    width = len(page.columns)
    # A missing optional column reads as None: the slot after a row's last value.
    pick = itemgetter(at["id"], at["event_id"],
                      *(at.get(f, width) for f in ATTENDEE_FIELDS[2:]))
    padded = any(f not in at for f in ATTENDEE_FIELDS)
    deleted = at.get("deleted")
    out = []
    for row in page.rows:
        if deleted is not None and row[deleted]:
            continue
        out.append(attendee_values(*pick([*row, None] if padded else row)))
    return out


def encode_snapshot_page(page: SnapshotPage) -> dict[str, Any]:
    return {"cursor": page.cursor, "cursor_check": page.cursor_check,
            "section": page.section, "columns": list(page.columns), "rows": page.rows,
            "next_section": page.next_section, "next_after": page.next_after,
            "totals": page.totals, "log_changes": page.log_changes}


def decode_snapshot_page(body: dict[str, Any]) -> SnapshotPage:
    columns, rows = body.get("columns"), body.get("rows")
    cursor, section = body.get("cursor"), body.get("section")
    if not isinstance(columns, list) or not isinstance(rows, list) \
            or not isinstance(cursor, str) or section not in SNAPSHOT_SECTIONS:
        raise ValueError("the snapshot page has no columns, rows, cursor or known section")
    if any(not isinstance(row, list) or len(row) != len(columns) for row in rows):
        raise ValueError("a snapshot row does not match the page's columns")
    next_section = body.get("next_section")
    if next_section is not None and next_section not in SNAPSHOT_SECTIONS:
        raise ValueError(f"unknown snapshot section {next_section!r}")
    totals, log_changes = body.get("totals"), body.get("log_changes")
    after = body.get("next_after")
    return SnapshotPage(
        cursor=cursor, cursor_check=str(body.get("cursor_check") or ""), section=section,
        columns=tuple(str(c) for c in columns), rows=rows,
        next_section=next_section, next_after=after if isinstance(after, str) else None,
        totals={str(k): int(v) for k, v in totals.items()} if isinstance(totals, dict)
        else None,
        log_changes=log_changes if isinstance(log_changes, int) else None)


# -- upload results -------------------------------------------------------------------


@dataclass(frozen=True)
class FirstEntry:
    """Where and when the first entry of a duplicate was recorded."""

    id: str
    gate_id: str
    gate_name: str
    device_name: str
    scanned_at: str


@dataclass(frozen=True)
class UploadResult:
    """The central list's answer for one uploaded check-in: ``status`` is "stored",
    "already_stored" or "rejected" (with a plain ``reason``)."""

    id: str
    status: str
    reason: str | None = None
    duplicate: bool = False
    received_at: str | None = None
    first_entry: FirstEntry | None = field(default=None)
    #: A walk-in's code, issued by the central list (the desk shows it).
    code: str | None = None
    #: A walk-in: plain words when the code the device sent was not used.
    conflict: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status != "rejected"


def encode_upload_result(result: UploadResult) -> dict[str, Any]:
    out = _flat(result, _UPLOAD_RESULT_FIELDS)
    for optional in ("reason", "code", "conflict"):
        if out[optional] is None:
            del out[optional]
    if result.first_entry is not None:
        out["first_entry"] = _flat(result.first_entry, _FIRST_ENTRY_FIELDS)
    return out


_UPLOAD_RESULT_FIELDS = tuple(f.name for f in fields(UploadResult))
_FIRST_ENTRY_FIELDS = tuple(f.name for f in fields(FirstEntry))


def decode_upload_result(data: dict[str, Any]) -> UploadResult:
    first = data.get("first_entry")
    return UploadResult(
        id=data["id"], status=str(data.get("status")), reason=data.get("reason"),
        duplicate=bool(data.get("duplicate")), received_at=data.get("received_at"),
        code=data.get("code"), conflict=data.get("conflict"),
        first_entry=FirstEntry(**{name: str(first.get(name) or "")
                                  for name in _FIRST_ENTRY_FIELDS})
        if isinstance(first, dict) else None)


@dataclass(frozen=True)
class FeedMark:
    """Where a stored upload landed in the change feed: the cursor of the last change it
    wrote and that change's fingerprint (docs/sync.md, "Restored central list")."""

    cursor: str
    check: str = ""


@dataclass(frozen=True)
class UploadAnswer:
    """The central list's answer to one upload batch (``POST /api/v1/checkins``, and
    ``/api/v1/attendees``, which sends only ``results``): one result per item, in order."""

    results: list[UploadResult]
    stored: int = 0
    already_stored: int = 0
    rejected: int = 0
    #: None: the batch wrote no change (everything already stored or refused).
    feed_mark: FeedMark | None = None
    #: The list's receive time minus the kiosk's ``sent_at`` (None: not sent).
    clock_skew_seconds: float | None = None
    server_time: str | None = None


def encode_upload_answer(answer: UploadAnswer) -> dict[str, Any]:
    mark = answer.feed_mark
    return {"results": [encode_upload_result(r) for r in answer.results],
            "stored": answer.stored, "already_stored": answer.already_stored,
            "rejected": answer.rejected,
            "feed_mark": {"cursor": mark.cursor, "check": mark.check} if mark else None,
            "clock_skew_seconds": answer.clock_skew_seconds,
            "server_time": answer.server_time}


def decode_upload_answer(body: dict[str, Any]) -> UploadAnswer:
    results = body.get("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise ValueError("the upload answer has no list of results")
    mark, skew = body.get("feed_mark"), body.get("clock_skew_seconds")
    return UploadAnswer(
        results=[decode_upload_result(r) for r in results],
        stored=_count(body, "stored"), already_stored=_count(body, "already_stored"),
        rejected=_count(body, "rejected"),
        feed_mark=FeedMark(mark["cursor"], str(mark.get("check") or ""))
        if isinstance(mark, dict) and isinstance(mark.get("cursor"), str) else None,
        clock_skew_seconds=None if skew is None else float(skew),
        server_time=body.get("server_time"))


def _count(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    return value if isinstance(value, int) else 0

# -- pairing ------------------------------------------------------------------------


@dataclass(frozen=True)
class PairAnswer:
    """The central list's answer to ``POST /api/v1/pair``: the new device, its token and
    what it may do (role and events, :mod:`kiosk.core.roles`)."""

    device_id: str
    device_name: str
    token: str
    gate_id: str | None = None
    role: str = "kiosk"
    event_ids: tuple[str, ...] = ()
    server_time: str | None = None


def encode_pair_answer(answer: PairAnswer) -> dict[str, Any]:
    return {"device_id": answer.device_id, "device_name": answer.device_name,
            "token": answer.token, "gate_id": answer.gate_id, "role": answer.role,
            "event_ids": list(answer.event_ids), "server_time": answer.server_time}


def decode_pair_answer(body: dict[str, Any]) -> PairAnswer:
    missing = [k for k in ("device_id", "token", "device_name")
               if not isinstance(body.get(k), str)]
    if missing:
        raise ValueError(f"the pairing answer has no {', '.join(missing)}")
    gate, role, events = body.get("gate_id"), body.get("role"), body.get("event_ids")
    return PairAnswer(
        device_id=body["device_id"], device_name=body["device_name"], token=body["token"],
        gate_id=gate if isinstance(gate, str) and gate else None,
        role=role if isinstance(role, str) and role else "kiosk",
        event_ids=tuple(e for e in events if isinstance(e, str))
        if isinstance(events, list) else (),
        server_time=body.get("server_time") if isinstance(body.get("server_time"), str)
        else None)


# -- the device's software -----------------------------------------------------------

#: A kiosk names itself and its version in every request's ``User-Agent``:
#: ``checkin-kiosk/<version>``; the central list keeps the version per device.
USER_AGENT_PRODUCT = "checkin-kiosk"
_SOFTWARE_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$")


def user_agent(version: str) -> str:
    """The ``User-Agent`` a kiosk sends."""
    return f"{USER_AGENT_PRODUCT}/{version}"


def software_version(user_agent_text: str | None) -> str | None:
    """The kiosk's version from its ``User-Agent`` (``checkin-kiosk/0.1.0`` ->
    ``0.1.0``); None for any other client or a version that is not a short plain word
    (a hostile device cannot store markup or a long text this way)."""
    product, sep, version = (user_agent_text or "").strip().partition("/")
    if not sep or product != USER_AGENT_PRODUCT:
        return None
    version = version.split(" ", 1)[0]
    return version if _SOFTWARE_VERSION.match(version) else None


# -- the pairing QR code --------------------------------------------------------------

#: ``CKPAIR:<server url>#<code>`` (e.g. ``CKPAIR:http://10.0.0.5:8421#ABCD-EF23``), or
#: ``CKPAIR:<code>`` alone when the kiosk already knows the URL.
PAIRING_PREFIX = "CKPAIR:"
PAIRING_CODE = re.compile(r"^[A-Z2-9]{4}-?[A-Z2-9]{4}$")


def pairing_text(code: str, url: str | None = None) -> str:
    """The QR text for pairing ``code`` (and the server ``url``, if given)."""
    return f"{PAIRING_PREFIX}{url}#{code}" if url else f"{PAIRING_PREFIX}{code}"


def looks_like_pairing_qr(text: str) -> bool:
    """Whether a scanned text is meant for pairing, not for check-in: our pairing QR
    (``CKPAIR:...``) or a pretix device QR (a JSON object). Whether it is a *valid* one is
    :func:`parse_pairing_text` / :func:`parse_pretix_handshake`'s business."""
    clean = text.strip()
    return clean.upper().startswith(PAIRING_PREFIX) or (
        clean.startswith("{") and _pretix_handshake_data(clean) is not None)


def parse_pairing_text(text: str) -> tuple[str | None, str] | None:
    """(url or None, code) from a scanned pairing QR; None if it is not one."""
    clean = text.strip()
    if not clean.upper().startswith(PAIRING_PREFIX):
        return None
    rest = clean[len(PAIRING_PREFIX):]
    url, sep, code = rest.rpartition("#")
    if not sep:
        url, code = "", rest
    code = code.strip().upper()
    if not PAIRING_CODE.match(code):
        return None
    if url and not url.startswith(("http://", "https://")):
        return None
    return (url or None), code


class PairingProblem:
    """Why a text is not something to pair with (``BadPairingInput.problem``)."""

    EMPTY = "empty"  # nothing given
    NOT_A_CODE = "not_a_code"  # typed text that is not ABCD-EF23
    NOT_A_PAIRING_QR = "not_a_pairing_qr"  # a CKPAIR:/pretix-looking text that is broken
    NO_ADDRESS = "no_address"  # a bare code, and no central list address
    BAD_ADDRESS = "bad_address"  # not an http(s) URL, or a broken fingerprint
    NO_FINGERPRINT = "no_fingerprint"  # https without the certificate's fingerprint
    PRETIX_VERSION = "pretix_version"  # a pretix QR of a handshake version we do not know


def _pretix_handshake_data(text: str) -> dict[str, Any] | None:
    """The JSON object of a pretix device QR (it has ``handshake_version``), else None."""
    try:
        data = json.loads(text.strip())
    except ValueError:
        return None
    return data if isinstance(data, dict) and "handshake_version" in data else None


def parse_pretix_handshake(text: str) -> tuple[str, str] | None:
    """``(url, token)`` of a pretix device QR's text
    (``{"handshake_version": 1, "url": ..., "token": ...}``), else None (not a pretix QR);
    :class:`BadPairingInput` for one that is broken or of another version."""
    data = _pretix_handshake_data(text)
    if data is None:
        return None
    url, token = data.get("url"), data.get("token")
    if data.get("handshake_version") != 1:
        raise BadPairingInput(f"This pretix QR uses handshake version "
                              f"{data.get('handshake_version')!r}; this kiosk knows version "
                              "1.", problem=PairingProblem.PRETIX_VERSION)
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) \
            or not isinstance(token, str) or not token.strip():
        raise BadPairingInput("This pretix device QR is incomplete (it needs url and "
                              "token).", problem=PairingProblem.NOT_A_PAIRING_QR)
    return url.rstrip("/"), token.strip()
