"""The JSON that crosses the network between kiosks and the central list, written once.

One encoder and one decoder per payload kind; the central list builds what it sends with
the encoders and the kiosk reads it with the decoders (and the other way round for
uploads), so a field is named in one place. ``tests/core/test_wire_contract.py`` runs
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
feed page          :class:`FeedPage` of :class:`Change`   ``GET /api/v1/changes``
upload result      :class:`UploadResult`                  ``POST /api/v1/checkins``
pairing QR         :func:`pairing_text`                   shown by the list, scanned
=================  =====================================  ==========================

Decoders are lenient where the protocol always was (a missing optional field takes its
default, so an older or newer peer still talks) and raise ``ValueError`` / ``KeyError``
on what cannot be read (the sync engine reports that as a protocol error). Times stay
the ISO 8601 text the sender wrote: re-parsing them would change nothing but risk a
different spelling of the same instant.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate

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
            "days": [d.isoformat() for d in event.days], "public_key": event.public_key}


def decode_event(data: dict[str, Any]) -> Event:
    return Event(id=data["id"], name=data["name"], timezone=data.get("timezone") or "UTC",
                 days=_days(data), public_key=data.get("public_key") or "")


@dataclass(frozen=True)
class GateState:
    """A gate as the feed publishes it: deleted gates flow down too."""

    gate: Gate
    deleted: bool = False


def encode_gate(state: GateState) -> dict[str, Any]:
    g = state.gate
    return {"id": g.id, "event_id": g.event_id, "name": g.name,
            "ticket_types": list(g.ticket_types), "days": [d.isoformat() for d in g.days],
            "allow_reentry": g.allow_reentry, "deleted": state.deleted}


def decode_gate(data: dict[str, Any]) -> GateState:
    gate = Gate(id=data["id"], event_id=data["event_id"], name=data["name"],
                ticket_types=tuple(data.get("ticket_types") or ()), days=_days(data),
                allow_reentry=bool(data.get("allow_reentry")))
    return GateState(gate, bool(data.get("deleted")))


def _days(data: dict[str, Any]) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in data.get("days") or ())


# -- attendees ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeRemoved:
    """An attendee taken off the list (a tombstone: the kiosk deletes its copy)."""

    id: str
    event_id: str


def encode_attendee(attendee: Attendee | AttendeeRemoved) -> dict[str, Any]:
    if isinstance(attendee, AttendeeRemoved):
        return {"id": attendee.id, "event_id": attendee.event_id, "deleted": True}
    a = attendee
    return {"id": a.id, "event_id": a.event_id, "code": a.code, "name": a.name,
            "email": a.email, "organisation": a.organisation, "ticket_type": a.ticket_type,
            "status": str(AttendeeStatus(a.status)), "details": dict(a.details),
            "source": a.source, "deleted": False}


def decode_attendee(data: dict[str, Any]) -> Attendee | AttendeeRemoved:
    if data.get("deleted"):
        return AttendeeRemoved(data["id"], data["event_id"])
    return Attendee(
        id=data["id"], event_id=data["event_id"], name=data.get("name") or "",
        code=data.get("code"), email=data.get("email") or "",
        organisation=data.get("organisation") or "", ticket_type=data.get("ticket_type") or "",
        status=AttendeeStatus(data.get("status") or "valid"),
        details={str(k): str(v) for k, v in (data.get("details") or {}).items()},
        source=data.get("source") or "import")


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
        device_time=data.get("device_time"))


def encode_checkin(record: CheckInRecord) -> dict[str, Any]:
    return asdict(record)


def decode_checkin(data: dict[str, Any]) -> CheckInRecord:
    upload = decode_checkin_upload(data)
    return CheckInRecord(
        **asdict(upload), device_id=data.get("device_id") or "",
        device_name=data.get("device_name") or "", received_at=data.get("received_at"),
        duplicate=bool(data.get("duplicate")), duplicate_of=data.get("duplicate_of"))


# -- revocations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Revocation:
    code: str
    event_id: str
    reason: str = ""
    #: False: the code is valid again.
    active: bool = True


def encode_revocation(revocation: Revocation) -> dict[str, Any]:
    return asdict(revocation)


def decode_revocation(data: dict[str, Any]) -> Revocation:
    return Revocation(code=data["code"], event_id=data["event_id"],
                      reason=data.get("reason") or "", active=bool(data.get("active", True)))


# -- the feed -------------------------------------------------------------------------

#: What a change's ``data`` decodes to.
ChangeValue = Event | GateState | Attendee | AttendeeRemoved | Revocation | CheckInRecord

_DECODERS: dict[str, Any] = {
    "event": decode_event, "gate": decode_gate, "attendee": decode_attendee,
    "revocation": decode_revocation, "checkin": decode_checkin,
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


def encode_feed_page(page: FeedPage) -> dict[str, Any]:
    return {"changes": page.changes, "cursor": page.cursor, "more": page.more,
            "remaining": page.remaining, "cursor_check": page.cursor_check,
            "server_time": page.server_time}


def decode_feed_page(body: dict[str, Any]) -> FeedPage:
    changes, cursor = body.get("changes"), body.get("cursor")
    if not isinstance(changes, list) or not isinstance(cursor, str):
        raise ValueError("the change feed page has no list of changes or no cursor")
    remaining, check = body.get("remaining"), body.get("cursor_check")
    return FeedPage(changes=changes, cursor=cursor,
                    more=bool(body.get("more")) and bool(changes),
                    remaining=remaining if isinstance(remaining, int) else None,
                    cursor_check=check if isinstance(check, str) else "",
                    server_time=body.get("server_time"))


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

    @property
    def accepted(self) -> bool:
        return self.status != "rejected"


def encode_upload_result(result: UploadResult) -> dict[str, Any]:
    out = asdict(result)
    if result.reason is None:
        del out["reason"]
    return out


def decode_upload_result(data: dict[str, Any]) -> UploadResult:
    first = data.get("first_entry")
    return UploadResult(
        id=data["id"], status=str(data.get("status")), reason=data.get("reason"),
        duplicate=bool(data.get("duplicate")), received_at=data.get("received_at"),
        first_entry=FirstEntry(**{f.name: str(first.get(f.name) or "")
                                  for f in fields(FirstEntry)})
        if isinstance(first, dict) else None)


# -- the pairing QR code --------------------------------------------------------------

#: ``CKPAIR:<server url>#<code>`` (e.g. ``CKPAIR:http://10.0.0.5:8421#ABCD-EF23``), or
#: ``CKPAIR:<code>`` alone when the kiosk already knows the URL.
PAIRING_PREFIX = "CKPAIR:"
PAIRING_CODE = re.compile(r"^[A-Z2-9]{4}-?[A-Z2-9]{4}$")


def pairing_text(code: str, url: str | None = None) -> str:
    """The QR text for pairing ``code`` (and the server ``url``, if given)."""
    return f"{PAIRING_PREFIX}{url}#{code}" if url else f"{PAIRING_PREFIX}{code}"


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
