"""What maps to what (docs/pretix.md): pretix's JSON as the kiosk's own values, on plain data.

=====================  ==========================================================
pretix                 kiosk
=====================  ==========================================================
event (slug)           :class:`~kiosk.core.models.Event` ``id = slug``; its days are
                       ``date_from`` .. ``date_to`` in the event's time zone
check-in list (id)     :class:`~kiosk.core.models.Gate` ``id = "list-<id>"``;
                       ``limit_products`` -> ``ticket_types`` (product names),
                       ``allow_entry_after_exit`` -> ``allow_reentry``,
                       ``include_pending`` -> ``admits_unpaid``
product (item)         a ticket type: the product's name
order position (id)    :class:`~kiosk.core.models.Attendee` ``id = "P<id>"``, ``code =
                       secret``; canceled order / position, or an expired order ->
                       cancelled; a pending order (not ``valid_if_pending``) ->
                       unpaid, or unpaid and held (refused everywhere) when it
                       needs approval or attention (:func:`payment_status`)
check-in of a position a remote check-in (``origin = 'remote'``) at the list's gate,
                       unless it is one of this replica's own (same scan instant)
revoked / blocked      a revocation of the secret (blocked: until unblocked)
=====================  ==========================================================

Nothing here talks to the network or the replica: :mod:`kiosk.pretix.engine` does.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core import wire
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.core.times import local_day

#: An order's status letters (pretix ``Order.STATUS_*``).
PAID, PENDING, CANCELED, EXPIRED = "p", "n", "c", "e"


def text(value: Any, locale: str = "en") -> str:
    """pretix's i18n strings are ``{"en": ..., "id": ...}`` or plain text."""
    if isinstance(value, dict):
        return str(value.get(locale) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def gate_id(list_id: int) -> str:
    return f"list-{int(list_id)}"


def list_id_of(gate: str) -> int | None:
    """The check-in list of one of our gate ids (None: not a pretix gate)."""
    prefix, _, number = gate.partition("-")
    return int(number) if prefix == "list" and number.isdigit() else None


def attendee_id(position_id: int) -> str:
    return f"P{int(position_id)}"


def event_from(data: dict[str, Any]) -> Event:
    zone = str(data.get("timezone") or "UTC")
    tz = ZoneInfo(zone)
    first = datetime.fromisoformat(data["date_from"]).astimezone(tz).date()
    last_text = data.get("date_to")
    last = datetime.fromisoformat(last_text).astimezone(tz).date() if last_text else first
    days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
    return Event(id=str(data["slug"]), name=text(data.get("name")), timezone=zone,
                 days=days[:400])


def gate_from(event_id: str, data: dict[str, Any], products: dict[int, str]) -> Gate:
    types: tuple[str, ...] = ()
    if not data.get("all_products", True):
        types = tuple(products.get(int(i), f"product {i}") for i in data.get("limit_products")
                      or ())
        if not types:
            types = ("(no product)",)  # a list limited to nothing admits nobody
    return Gate(id=gate_id(data["id"]), event_id=event_id, name=text(data.get("name")),
                ticket_types=types, allow_reentry=bool(data.get("allow_entry_after_exit", True)),
                admits_unpaid=bool(data.get("include_pending")))


def payment_status(order: dict[str, Any], position: dict[str, Any],
                   attention_items: frozenset[int] = frozenset()) -> AttendeeStatus:
    """A position's standing, as pretix's own check-in judges it
    (``pretix/base/services/checkin.py`` ``perform_checkin``): a canceled position, or an
    order neither paid nor pending (canceled, expired), is cancelled; a pending order
    that is not ``valid_if_pending`` is unpaid — admitted only on a list with
    ``include_pending`` (pretix: ``ignore_unpaid`` from the app), and held (refused on
    every list) when the order awaits approval (``require_approval``: pretix refuses it
    as ``unapproved`` before any list's rule) or it needs attention at check-in (the
    order's or the product's ``checkin_attention``: pretix's apps ask their operator to
    confirm an unpaid ticket; a self-service kiosk has nobody to ask)."""
    status = str(order.get("status"))
    if bool(position.get("canceled")) or status not in (PAID, PENDING):
        return AttendeeStatus.CANCELLED
    if status == PAID or order.get("valid_if_pending"):
        return AttendeeStatus.VALID
    held = bool(order.get("require_approval") or order.get("checkin_attention")) or \
        int(position.get("item") or 0) in attention_items
    return AttendeeStatus.UNPAID_HELD if held else AttendeeStatus.UNPAID


def attendees_from(event_id: str, order: dict[str, Any], products: dict[int, str],
                   attention_items: frozenset[int] = frozenset()) -> list[Attendee]:
    """The tickets of one order (every position, canceled ones included);
    ``attention_items``: the products marked ``checkin_attention``."""
    out = []
    for p in order.get("positions") or ():
        details: dict[str, str] = {"pretix order": str(order.get("code") or "")}
        if order.get("checkin_text"):
            details["pretix note"] = str(order["checkin_text"])
        out.append(Attendee(
            id=attendee_id(p["id"]), event_id=event_id,
            name=str(p.get("attendee_name") or order.get("email") or ""),
            code=str(p["secret"]), email=str(p.get("attendee_email") or order.get("email")
                                             or ""),
            organisation=str(p.get("company") or ""),
            ticket_type=products.get(int(p["item"]), f"product {p['item']}"),
            status=payment_status(order, p, attention_items),
            details=details, source="pretix"))
    return out


def checkins_from(event: Event, order: dict[str, Any],
                  lists: set[int]) -> list[wire.CheckInRecord]:
    """The order's check-ins on our lists (pretix lists successful ones only: an
    annulled check-in is not among them)."""
    out = []
    for p in order.get("positions") or ():
        for c in p.get("checkins") or ():
            if int(c.get("list") or 0) not in lists:
                continue
            device = c.get("device_id") or c.get("device")
            at = datetime.fromisoformat(str(c["datetime"]))
            day: date = local_day(at, event)
            out.append(wire.CheckInRecord(
                id=f"pretix-checkin-{int(c['id'])}", attendee_id=attendee_id(p["id"]),
                gate_id=gate_id(c["list"]),
                direction="exit" if c.get("type") == "exit" else "entry",
                scanned_at=at.isoformat(), day=day.isoformat(), verdict="accepted",
                code=str(p.get("secret") or ""),
                device_id=f"pretix-device-{device}" if device else "pretix",
                device_name=f"pretix device {device}" if device else "pretix",
                received_at=at.isoformat()))
    return out


def changes_of(event: Event | None, gates: list[Gate], attendees: list[Attendee],
               checkins: list[wire.CheckInRecord],
               revocations: list[wire.Revocation]) -> list[dict[str, Any]]:
    """Our change-feed entries for what came from pretix (applied by the replica's own
    :func:`~kiosk.replica.changes.apply_changes`, like a page of our own list's feed)."""
    out = [wire.encode_change("event", event.id, wire.encode_event(event))] if event else []
    out += [wire.encode_change("gate", g.id, wire.encode_gate(wire.GateState(g)))
            for g in gates]
    out += [wire.encode_change("attendee", a.id, wire.encode_attendee(a)) for a in attendees]
    out += [wire.encode_change("checkin", c.id, wire.encode_checkin(c)) for c in checkins]
    out += [wire.encode_change("revocation", r.code, wire.encode_revocation(r))
            for r in revocations]
    return out
