"""The wire contract (kiosk/core/wire.py), run by both sides: what the central list really
sends is read by the kiosk's decoders into the same values, and what a kiosk really
uploads is what the central list stores. Every payload kind round-trips."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, AttendeeStatus, CheckIn, Direction, Event, Gate
from kiosk.replica.changes import MetaKey, apply_changes, pending_outbox
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine

DAY = date(2026, 12, 1)


def _json(value: dict[str, Any]) -> dict[str, Any]:
    """Through real JSON text, as on the network."""
    out: dict[str, Any] = json.loads(json.dumps(value, ensure_ascii=False))
    return out


UPLOAD = wire.CheckInUpload(id=str(uuid.uuid4()), attendee_id="A1", gate_id="main",
                            direction="entry", scanned_at="2026-12-01T02:00:00.000+00:00",
                            day="2026-12-01", verdict="accepted", code="C-1",
                            device_time="2026-12-01T01:58:00.000+00:00")
EVERY_KIND: list[tuple[Any, Any, Any]] = [
    (Event("e", "Conf", "Asia/Jakarta", (DAY,), "cHVi"), wire.encode_event, wire.decode_event),
    (wire.GateState(Gate("g", "e", "Hall", ("VIP",), (DAY,), True)), wire.encode_gate,
     wire.decode_gate),
    (wire.GateState(Gate("old", "e", "Old"), deleted=True), wire.encode_gate, wire.decode_gate),
    (Attendee("A1", "e", "Ani Ütami", "C-1", "a@x", "Org", "VIP", AttendeeStatus.CANCELLED,
              {"shirt": "M"}, "walkin"), wire.encode_attendee, wire.decode_attendee),
    (wire.AttendeeRemoved("A2", "e"), wire.encode_attendee, wire.decode_attendee),
    (UPLOAD, wire.encode_checkin_upload, wire.decode_checkin_upload),
    (wire.CheckInRecord(**wire.encode_checkin_upload(UPLOAD), device_id="dev-1",
                        device_name="Kiosk 2", received_at="2026-12-01T02:00:01.000+00:00",
                        duplicate=True, duplicate_of=str(uuid.uuid4())),
     wire.encode_checkin, wire.decode_checkin),
    (wire.BadgePrintUpload(str(uuid.uuid4()), "A1", "2026-12-01T02:00:00.000+00:00",
                           "Zebra", True, "Ani Ütami"),
     wire.encode_badge_print_upload, wire.decode_badge_print_upload),
    (wire.BadgePrintRecord(str(uuid.uuid4()), "A1", "2026-12-01T02:00:00.000+00:00", "pdf",
                           False, "Ani", event_id="e", device_id="dev-1",
                           device_name="Desk 2", received_at="2026-12-01T02:00:01.000+00:00"),
     wire.encode_badge_print, wire.decode_badge_print),
    (wire.Revocation("C-9", "e", "lost"), wire.encode_revocation, wire.decode_revocation),
    (wire.Revocation("C-9", "e", "", active=False), wire.encode_revocation,
     wire.decode_revocation),
    (wire.FeedPage([wire.encode_change("revocation", "C-9", {"code": "C-9", "event_id": "e"})],
                   "12.34", True, 7, "abcd", "2026-12-01T02:00:00.000+00:00"),
     wire.encode_feed_page, wire.decode_feed_page),
    (wire.FeedPage([], "12.34", False, None, "abcd", "2026-12-01T02:00:00.000+00:00",
                   live=True), wire.encode_feed_page, wire.decode_feed_page),
    (wire.UploadResult(UPLOAD.id, "stored", duplicate=True, received_at="2026-12-01T02:00Z",
                       first_entry=wire.FirstEntry("f", "main", "Main", "Kiosk 1", "09:00")),
     wire.encode_upload_result, wire.decode_upload_result),
    (wire.UploadResult("x", "rejected", reason="its id 'x' is not a UUID"),
     wire.encode_upload_result, wire.decode_upload_result),
    (wire.UploadAnswer([wire.UploadResult(UPLOAD.id, "stored", received_at="2026-12-01T02:00Z"),
                        wire.UploadResult("x", "rejected", reason="not a UUID")],
                       stored=1, rejected=1, feed_mark=wire.FeedMark("0.42", "abcd"),
                       clock_skew_seconds=-1.5, server_time="2026-12-01T02:00:00.000+00:00"),
     wire.encode_upload_answer, wire.decode_upload_answer),
    (wire.UploadAnswer([wire.UploadResult(UPLOAD.id, "already_stored")], already_stored=1),
     wire.encode_upload_answer, wire.decode_upload_answer),
    (wire.PairAnswer("dev-1", "Desk 1", "tok", gate_id="main", role="desk",
                     event_ids=("e", "f"), server_time="2026-12-01T02:00:00.000+00:00"),
     wire.encode_pair_answer, wire.decode_pair_answer),
    (wire.PairAnswer("dev-2", "Kiosk 2", "tok"), wire.encode_pair_answer,
     wire.decode_pair_answer),
]


@pytest.mark.parametrize("body", [{}, {"device_id": "d", "device_name": "K"},
                                  {"device_id": 7, "device_name": "K", "token": "t"}])
def test_an_incomplete_pairing_answer_is_a_protocol_error(body: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="pairing answer has no"):
        wire.decode_pair_answer(body)


@pytest.mark.parametrize(("value", "encode", "decode"), EVERY_KIND,
                         ids=[type(v).__name__ for v, _, _ in EVERY_KIND])
def test_every_payload_kind_round_trips(value: Any, encode: Any, decode: Any) -> None:
    assert decode(_json(encode(value))) == value


def test_the_private_key_never_goes_on_the_wire() -> None:
    event = Event("e", "Conf", public_key="cHVi", private_key="c2VjcmV0")
    assert "c2VjcmV0" not in json.dumps(wire.encode_event(event))
    assert wire.decode_event(wire.encode_event(event)).private_key is None


def test_the_pairing_qr_the_list_shows_is_what_a_kiosk_reads() -> None:
    for url in (None, "https://10.0.0.5:8421"):
        assert wire.parse_pairing_text(wire.pairing_text("ABCD-EF23", url)) == (url, "ABCD-EF23")


@pytest.fixture()
def central(tmp_path: Path) -> Any:
    db = tmp_path / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Conf", event_id="e", days=[DAY], timezone="Asia/Jakarta",
                            gates=[Gate("main", "", "Main", ("VIP",), (DAY,), True)],
                            languages=["id", "en"])
        store.events.create("Other", event_id="o", gates=[Gate("o-main", "", "Other main")])
        store.attendees.upsert([
            Attendee("A1", "e", "Ani Ütami", "C-1", "a@x", "Org", "VIP", details={"shirt": "M"}),
            Attendee("A2", "e", "Gone", "C-2"), Attendee("B1", "o", "Other person", "C-3")])
        store.attendees.delete("A2")
        store.codes.revoke("C-1", reason="lost")
        device = store.devices.authenticate(store.devices.pair(
            store.devices.new_pairing_code(device_name="Kiosk 2").code).token)
        store.ingest.checkins(device, [UPLOAD])
        token = store.devices.pair(store.devices.new_pairing_code(device_name="K").code).token
    with run_in_thread(db) as server:
        yield server, token


def test_what_the_central_list_sends_is_what_the_kiosk_reads(
        central: Any, tmp_path: Path) -> None:
    server, token = central
    body = httpx.get(f"{server.url}/api/v1/changes", params={"limit": 100},
                     headers={"Authorization": f"Bearer {token}"}).json()
    page = wire.decode_feed_page(body)
    values = {(c.kind, c.id): c.value() for c in map(wire.decode_change, page.changes)}
    assert values[("event", "e")] == Event("e", "Conf", "Asia/Jakarta", (DAY,),
                                           server.store.events.get("e").public_key,
                                           languages=("id", "en"))
    assert values[("gate", "main")] == wire.GateState(Gate("main", "e", "Main", ("VIP",),
                                                           (DAY,), True))
    assert values[("attendee", "A1")] == Attendee("A1", "e", "Ani Ütami", "C-1", "a@x", "Org",
                                                  "VIP", details={"shirt": "M"})
    assert values[("attendee", "A2")] == wire.AttendeeRemoved("A2", "e")
    assert values[("revocation", "C-1")] == wire.Revocation("C-1", "e", "lost")
    record = values[("checkin", UPLOAD.id)]
    assert isinstance(record, wire.CheckInRecord)
    assert wire.encode_checkin_upload(record) == wire.encode_checkin_upload(UPLOAD)
    assert record.device_name == "Kiosk 2" and record.received_at and not record.duplicate

    # ... and the replica stores exactly those values.
    with Replica(tmp_path / "kiosk.db") as replica:
        assert apply_changes(replica, page.changes, page.cursor, page.cursor_check) \
            == len(page.changes)
        assert replica.get_attendee("A1") == values[("attendee", "A1")]
        assert replica.get_event("e") == values[("event", "e")]  # languages too
        assert replica.get_attendee("A2") is None and replica.is_revoked("C-1")
        assert replica.get_gate("main") == values[("gate", "main")].gate  # type: ignore[union-attr]
        (stored,) = [c for c in replica.checkins() if c["id"] == UPLOAD.id]
        assert wire.checkin_upload_from(stored) == UPLOAD


def test_what_a_kiosk_uploads_is_what_the_central_list_stores(
        central: Any, tmp_path: Path) -> None:
    server, token = central
    with Replica(tmp_path / "kiosk.db") as replica:
        body = httpx.get(f"{server.url}/api/v1/changes", params={"limit": 100},
                         headers={"Authorization": f"Bearer {token}"}).json()
        apply_changes(replica, body["changes"], body["cursor"])
        replica.record_checkin(CheckIn(
            id=str(uuid.uuid4()), attendee_id="A1", gate_id="main", direction=Direction.EXIT,
            scanned_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC), day=DAY, verdict="exit",
            code="C-1"))
        (item,) = pending_outbox(replica, "checkin", limit=10)
    assert item.payload is not None
    answer = httpx.post(f"{server.url}/api/v1/checkins", json={"checkins": [item.payload]},
                        headers={"Authorization": f"Bearer {token}"}).json()
    (outcome,) = [wire.decode_upload_result(r) for r in answer["results"]]
    assert outcome.status == "stored" and outcome.id == item.payload["id"]
    (row,) = [r for r in server.store.ingest.all() if r["id"] == outcome.id]
    assert wire.checkin_upload_from(row) == wire.decode_checkin_upload(item.payload)
    assert row["device_time"] and item.payload["device_time"] == row["device_time"]


def test_the_sync_engine_reads_the_real_feed_and_upload_answers_with_the_decoders(
        central: Any, tmp_path: Path) -> None:
    """The kiosk's whole side: a real sync engine paired with the real server reads its
    feed pages into a real replica and its upload answers back into the outbox."""
    server, _ = central
    code = server.store.devices.new_pairing_code(device_name="Kiosk 3").code
    with SyncEngine(tmp_path / "kiosk.db") as engine:
        engine.pair(server.url, code)
        assert engine.sync().ok
        with Replica(tmp_path / "kiosk.db") as replica:
            assert replica.get_attendee("A1") == Attendee(
                "A1", "e", "Ani Ütami", "C-1", "a@x", "Org", "VIP", details={"shirt": "M"})
            assert replica.get_attendee("A2") is None and replica.is_revoked("C-1")
            (seen,) = [c for c in replica.checkins() if c["id"] == UPLOAD.id]
            assert wire.checkin_upload_from(seen) == UPLOAD and seen["origin"] == "remote"
            # The same person again at the same gate, recorded as a kiosk cut off from
            # the first entry would have: the central list marks it a duplicate.
            again = CheckIn(id=str(uuid.uuid4()), attendee_id="A1", gate_id="main",
                            direction=Direction.ENTRY,
                            scanned_at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC), day=DAY,
                            verdict="accepted", code="C-1")
            replica.record_checkin(again)
        result = engine.sync()
        assert result.ok and result.uploaded == 1
        with Replica(tmp_path / "kiosk.db") as replica:
            assert replica.pending_upload_count() == 0
            (row,) = [c for c in replica.checkins() if c["id"] == again.id]
            assert row["received_at"] and row["duplicate"] == 1
            assert replica.get_meta(MetaKey.CLOCK_SKEW_SECONDS) is not None
    (stored,) = [r for r in server.store.ingest.all() if r["id"] == again.id]
    assert stored["duplicate"] and stored["duplicate_of"] == UPLOAD.id
