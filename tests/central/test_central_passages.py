"""The central list's duplicate marking and the kiosk's re-entry rule are one rule (core's
passages rule): the same passages through both paths give the same answer.

Two kiosks at one gate, cut off from each other: kiosk A records an entry and an exit,
kiosk B (which never heard of them) admits the same person. Uploaded, B's entry is a
duplicate exactly when a kiosk that knew A's passages would have refused B's scan."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Direction, Gate
from kiosk.replica.changes import apply_changes
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica

DAY = date(2026, 12, 1)


def _clock(hour: int) -> datetime:
    return datetime(2026, 12, 1, hour, 0, tzinfo=UTC)


def _uploads(replica: Replica) -> list[wire.CheckInUpload]:
    return [wire.checkin_upload_from(r) for r in replica.checkins() if r["origin"] == "local"]


@pytest.mark.parametrize("allow_reentry", [False, True])
def test_entry_exit_entry_gets_the_same_answer_at_the_kiosk_and_on_the_central_list(
        tmp_path: Path, allow_reentry: bool) -> None:
    with CentralStore.open(tmp_path / "central.db") as store:
        store.events.create("Conf", event_id="e", days=[DAY], timezone="UTC",
                            gates=[Gate("door", "", "Door", allow_reentry=allow_reentry)])
        # A second event with the same person's twin: nothing of it may count here.
        store.events.create("Other", event_id="o", days=[DAY], timezone="UTC",
                            gates=[Gate("o-door", "", "Other door")])
        store.attendees.upsert([Attendee("P1", "e", "Ani", "CODE-P1"),
                                Attendee("Q1", "o", "Ani", "CODE-Q1")])
        page = store.feed.page(limit=100)
        kiosk_a, kiosk_b = (store.devices.authenticate(store.devices.pair(
            store.devices.new_pairing_code(device_name=n).code).token) for n in "AB")

        def replica(name: str) -> Replica:
            r = Replica(tmp_path / f"{name}.db")
            apply_changes(r, page.changes, page.cursor)
            return r

        with replica("a") as a, replica("b") as b:
            scan_a = CheckInService(a, gate_id="door", clock=lambda: _clock(9))
            assert scan_a.scan("CODE-P1").verdict.admits
            CheckInService(a, gate_id="door", clock=lambda: _clock(10)).scan(
                "CODE-P1", direction=Direction.EXIT)
            assert CheckInService(b, gate_id="door", clock=lambda: _clock(11)).scan(
                "CODE-P1").verdict.admits  # B knows nothing of A
            CheckInService(b, gate_id="o-door", clock=lambda: _clock(11)).scan("CODE-Q1")
            uploads_a, uploads_b = _uploads(a), _uploads(b)

        store.ingest.checkins(kiosk_a, uploads_a)
        (b_entry, twin) = store.ingest.checkins(kiosk_b, uploads_b).results
        assert not twin.duplicate

        # The kiosk's answer, had it known A's passages: sync them, then scan as B did.
        with replica("c") as c:
            feed = store.feed.page(page.cursor, limit=100)
            apply_changes(c, [ch for ch in feed.changes
                              if ch["id"] not in {u.id for u in uploads_b}], feed.cursor)
            knowing = CheckInService(c, gate_id="door", clock=lambda: _clock(11)).scan("CODE-P1")

    assert knowing.verdict.admits is allow_reentry
    assert b_entry.duplicate is (not knowing.verdict.admits)
    assert b_entry.duplicate is (not allow_reentry)
    if b_entry.duplicate:
        assert b_entry.first_entry is not None
        assert b_entry.first_entry.id == uploads_a[0].id  # the day's first entry, at A
