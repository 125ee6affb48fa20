"""What the central ingest accepts, checked on its fast paths: a check-in id must be a UUID
in its canonical spelling (any case), and request bodies hold no NUL characters and no
times outside this century, in every field shape (text, a dict's keys and values, times,
days). The checks were rewritten for speed (issue 9); these pin that they still refuse
exactly what they refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from kiosk.central.api.http import Body
from kiosk.central.api.ingest import CheckInBatch, WalkInBatch
from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate

DAY = date(2026, 12, 1)
GOOD = str(uuid.UUID("12345678-9abc-4def-8123-456789abcdef"))


def _upload(item_id: str) -> wire.CheckInUpload:
    return wire.CheckInUpload(id=item_id, attendee_id="P1", gate_id="main", direction="entry",
                              scanned_at="2026-12-01T09:00:00.000+00:00", day=DAY.isoformat())


@pytest.mark.parametrize(("item_id", "stored"), [
    (GOOD, True),
    (GOOD.upper(), True),
    ("{" + GOOD + "}", False),
    ("urn:uuid:" + GOOD, False),
    (GOOD.replace("-", ""), False),
    (GOOD + "\n", False),
    (" " + GOOD, False),
    (GOOD[:-1] + "g", False),
    (GOOD[:-1] + "\uff21", False),  # a full-width A: not a hex digit
    (GOOD[:-1] + "\u0661", False),  # an Arabic-Indic one: a digit, but not 0-9
    (GOOD[:8] + GOOD[9:13] + "-" + GOOD[8] + GOOD[14:], False),  # hyphen moved
])
def test_only_canonical_uuids_are_stored(tmp_path: Path, item_id: str, stored: bool) -> None:
    with CentralStore.open(tmp_path / "central.db") as store:
        store.events.create("Conf", event_id="e", days=[DAY], timezone="UTC",
                            gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee("P1", "e", "Ani")])
        device = store.devices.authenticate(store.devices.pair(
            store.devices.new_pairing_code(device_name="K").code).token)
        (result,) = store.ingest.checkins(device, [_upload(item_id)]).results
        assert (result.status == "stored") is stored
        assert store.ingest.count() == int(stored)
        if not stored:
            assert result.reason is not None and "is not a UUID" in result.reason


def _checkin(**extra: Any) -> dict[str, Any]:
    return {"id": GOOD, "attendee_id": "P1", "gate_id": "main", "direction": "entry",
            "scanned_at": "2026-12-01T09:00:00Z", "day": "2026-12-01", **extra}


class _Stamped(Body):
    """A body with times of its own (not a kiosk's clock): the century rule applies."""

    at: datetime
    on: date | None = None


@pytest.mark.parametrize(("model", "body", "fragment"), [
    (CheckInBatch, {"checkins": [_checkin(attendee_id="P\x001")]}, "NUL"),
    (CheckInBatch, {"checkins": [_checkin(code="C\x00")]}, "NUL"),
    (_Stamped, {"at": "2100-01-01T00:00:00Z"}, "2100"),
    (_Stamped, {"at": "1999-12-31T23:59:59Z"}, "2100"),
    (_Stamped, {"at": "2026-12-01T09:00:00Z", "on": "2100-01-01"}, "2100"),
    (WalkInBatch, {"attendees": [{"id": "W1", "event_id": "e", "name": "Ani",
                                  "details": {"shirt\x00": "M"}}]}, "NUL"),
    (WalkInBatch, {"attendees": [{"id": "W1", "event_id": "e", "name": "Ani",
                                  "details": {"shirt": "M\x00"}}]}, "NUL"),
])
def test_bodies_refuse_nul_characters_and_times_outside_the_century(
        model: Any, body: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    assert fragment in str(caught.value)


def test_a_kiosks_own_clock_is_not_refused_by_the_century_rule() -> None:
    """sent_at, scanned_at and day are the kiosk's clock (1970 after a flat battery):
    read as given; the upload route keeps the check-in and corrects its time
    (tests/central/test_central_device_time.py)."""
    batch = CheckInBatch.model_validate({"sent_at": "1970-01-01T00:00:00Z", "checkins": [
        _checkin(scanned_at="1969-12-31T23:59:59Z", day="1969-12-31")]})
    assert batch.sent_at == datetime(1970, 1, 1, tzinfo=UTC)
    assert batch.checkins[0].day == date(1969, 12, 31)


def test_sane_bodies_pass_unchanged() -> None:
    batch = CheckInBatch.model_validate({"sent_at": "2026-12-01T09:00:01+07:00",
                                         "checkins": [_checkin(code="C-1")]})
    (item,) = batch.checkins
    assert item.scanned_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert item.day == DAY and item.code == "C-1"
    walkins = WalkInBatch.model_validate({"attendees": [
        {"id": "W1", "event_id": "e", "name": "Ani", "details": {"shirt": "M"}}]})
    assert walkins.attendees[0].details == {"shirt": "M"}
