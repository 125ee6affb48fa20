"""Uploads over HTTP: ``POST /api/v1/attendees`` (walk-ins), ``POST /api/v1/checkins``
(idempotent on each check-in's UUID) and ``POST /api/v1/badge-prints`` (idempotent on
each print's UUID)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from fastapi import APIRouter, Request
from pydantic import Field

from kiosk.central.api.http import API, MAX_BATCH, MAX_COUNT, Body, as_aware, authed, store_of
from kiosk.central.db import iso, utcnow
from kiosk.central.devices import Device
from kiosk.core import wire
from kiosk.core.attendee_csv import ATTENDEE_ID_PATTERN
from kiosk.core.models import Attendee, AttendeeStatus
from kiosk.core.roles import OVERRIDE_REASON_MAX
from kiosk.core.times import kept_scan_time, plausible_time

router = APIRouter()


class CheckInItem(Body):
    # A kiosk's clock may be anything (1970 after a flat battery): kept, time corrected.
    _DEVICE_CLOCK: ClassVar[frozenset[str]] = frozenset({"scanned_at", "day"})
    id: str = Field(min_length=1, max_length=64, description="client UUID (idempotency key)")
    attendee_id: str = Field(min_length=1, max_length=128)
    gate_id: str = Field(min_length=1, max_length=128)
    direction: Literal["entry", "exit", "undo"]
    scanned_at: datetime = Field(description="the time the kiosk decided by (its clock, "
                                             "corrected by the measured skew)")
    day: date
    verdict: str = Field("", max_length=64)
    code: str | None = Field(None, max_length=512)
    undoes: str | None = Field(None, max_length=64)
    # Text, not a checked time: a kiosk whose own clock is absurd (1970 after a flat
    # battery) must not have its uploads refused for it; kept when it reads as a time.
    device_time: str | None = Field(None, max_length=40, description="the kiosk's own clock")
    # Its limit is core's rule (kiosk/core/roles.py), answered per item in plain words;
    # only a body far past it is the client's 422.
    override_reason: str | None = Field(None, max_length=4 * OVERRIDE_REASON_MAX,
                                        description="an override's reason (desks only)")


class CheckInBatch(Body):
    # the kiosk's clock: what measures its skew
    _DEVICE_CLOCK: ClassVar[frozenset[str]] = frozenset({"sent_at"})
    sent_at: datetime | None = Field(None, description="the kiosk's clock when sending")
    # Bounded: a number the database cannot hold must be the client's 422, not our 500.
    pending: int | None = Field(None, ge=0, le=MAX_COUNT,
                                description="items still waiting on the kiosk")
    checkins: list[CheckInItem] = Field(max_length=MAX_BATCH)


class WalkIn(Body):
    # The CSV importer's rule: no path separators, fits a signed code's id field.
    id: str = Field(pattern=ATTENDEE_ID_PATTERN, description="1-64 letters, digits, . : - _")
    event_id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=300)
    code: str | None = Field(None, max_length=512)
    email: str = Field("", max_length=300)
    organisation: str = Field("", max_length=300)
    ticket_type: str = Field("", max_length=100)
    status: Literal["valid", "cancelled"] = "valid"
    details: dict[str, str] = Field(default_factory=dict, max_length=50)


class WalkInBatch(Body):
    attendees: list[WalkIn] = Field(max_length=MAX_BATCH)


class BadgePrintItem(Body):
    # A device's clock may be anything: a print is kept, at its arrival time then.
    _DEVICE_CLOCK: ClassVar[frozenset[str]] = frozenset({"printed_at"})
    id: str = Field(min_length=1, max_length=64, description="client UUID (idempotency key)")
    attendee_id: str = Field(min_length=1, max_length=128)
    printed_at: datetime = Field(description="when it was printed (the device's clock)")
    printer: str = Field("", max_length=300)
    reprint: bool = False
    name_printed: str = Field("", max_length=300)


class BadgePrintBatch(Body):
    badge_prints: list[BadgePrintItem] = Field(max_length=MAX_BATCH)


def _print_time(ts: datetime, received: datetime) -> str:
    """A print's time in the one spelling (UTC); its arrival when the device's clock is
    outside this century."""
    try:
        aware = as_aware(ts)
        return iso(aware) if plausible_time(aware) else iso(received)
    except (ValueError, OverflowError):
        return iso(received)


def _device_time(text: str | None) -> str | None:
    """A kiosk's own clock in the one spelling (UTC, milliseconds); None if not a time."""
    try:
        return iso(as_aware(datetime.fromisoformat(text))) if text else None
    except (ValueError, OverflowError):  # (9999-12-31T23:59-05:00 is past year 9999 in UTC)
        return None


@router.post(f"{API}/attendees", summary="Upload walk-ins registered at a kiosk")
def upload_attendees(request: Request, body: WalkInBatch,
                     dev: Device = authed) -> dict[str, Any]:
    attendees = [Attendee(**dict(w.model_dump(), status=AttendeeStatus(w.status)),
                          source="walkin") for w in body.attendees]
    walkins = store_of(request).ingest.walkins(dev, attendees)
    results = [wire.UploadResult(a.id, r.status, reason=r.reason, code=r.code,
                                 conflict=r.conflict)
               for a, r in zip(attendees, walkins, strict=True)]
    statuses = [r.status for r in walkins]
    return wire.encode_upload_answer(wire.UploadAnswer(
        results, stored=statuses.count("stored"),
        already_stored=statuses.count("already_stored"),
        rejected=statuses.count("rejected"), server_time=iso(utcnow())))


@router.post(f"{API}/checkins", summary="Upload check-ins (idempotent on their UUID)")
def upload_checkins(request: Request, body: CheckInBatch,
                    dev: Device = authed) -> dict[str, Any]:
    # Times in one spelling (UTC, milliseconds), whatever zone the kiosk wrote; a
    # kiosk clock outside this century corrected by this batch's own skew.
    sent_at = as_aware(body.sent_at) if body.sent_at else None
    received = utcnow()
    skew = received - sent_at if sent_at else None
    items: list[wire.CheckInUpload] = []
    for c in body.checkins:
        scanned = as_aware(c.scanned_at)
        kept = kept_scan_time(scanned, skew=skew, received_at=received)
        # The kiosk's ``day`` is not trusted: the ingest gives each item its own, from
        # the kept time and the event's zone (core's rule).
        items.append(wire.CheckInUpload(**dict(
            c.model_dump(), scanned_at=iso(kept), day=c.day.isoformat(),
            device_time=_device_time(c.device_time) if kept == scanned
            else _device_time(c.device_time) or _device_time(c.scanned_at.isoformat()))))
    outcome = store_of(request).ingest.checkins(dev, items, sent_at=sent_at,
                                                pending=body.pending)
    measured = (utcnow() - sent_at).total_seconds() if sent_at else None
    return wire.encode_upload_answer(wire.UploadAnswer(
        outcome.results, stored=outcome.stored, already_stored=outcome.already,
        rejected=outcome.rejected, feed_mark=outcome.feed_mark, clock_skew_seconds=measured,
        server_time=iso(utcnow())))


@router.post(f"{API}/badge-prints", summary="Upload badge prints (idempotent on their UUID)")
def upload_badge_prints(request: Request, body: BadgePrintBatch,
                        dev: Device = authed) -> dict[str, Any]:
    received = utcnow()
    items = [wire.BadgePrintUpload(**dict(p.model_dump(), printed_at=_print_time(
        p.printed_at, received))) for p in body.badge_prints]
    results = store_of(request).ingest.badge_prints(dev, items)
    statuses = [r.status for r in results]
    return wire.encode_upload_answer(wire.UploadAnswer(
        results, stored=statuses.count("stored"),
        already_stored=statuses.count("already_stored"),
        rejected=statuses.count("rejected"), server_time=iso(utcnow())))
