"""The snapshot's attendee rows (its fast path, ``attendee_payload_rows``) are exactly the
feed's attendee payloads (``attendee_payload``): the same keys in the same order, the
same values, for every kind of row (cancelled, no code, empty fields, details in any
script) — on a real central list file."""

from __future__ import annotations

from pathlib import Path

from kiosk.central.payloads import attendee_payload
from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate


def _people() -> list[Attendee]:
    return [
        Attendee(id="a1", event_id="e", name="Søren Müller", code="C-1",
                 email="s@example.org", organisation="Ørsted A/S", ticket_type="VIP",
                 details={"shirt": "L", "note": "陈伟 — “vegan”", "z": "", "a": "1"}),
        Attendee(id="a2", event_id="e", name="No Code", code=None),
        Attendee(id="a3", event_id="e", name="", code="C-3", details={}),
        Attendee(id="a4", event_id="e", name="Later Cancelled", code="C-4",
                 details={'"quoted"': "back\\slash"}),
    ]


def test_snapshot_attendee_rows_are_the_feeds_payloads(tmp_path: Path) -> None:
    with CentralStore.open(tmp_path / "central.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("main", "", "Main")])
        store.attendees.upsert(_people())
        store.attendees.cancel("a4")
        page = store.snapshot.page(section="attendee", limit=100)
        expected = store.db.run(lambda tx: [
            attendee_payload(r) for r in tx.execute(
                "SELECT * FROM attendees WHERE deleted = 0 ORDER BY id")], write=False)

    assert page.columns == wire.ATTENDEE_PAYLOAD_KEYS
    assert [tuple(p) for p in expected] == [wire.ATTENDEE_PAYLOAD_KEYS] * 4
    assert page.items == expected
    assert [a["status"] for a in page.items] == ["valid", "valid", "valid", "cancelled"]
    # And a kiosk reads them as the feed's decoder does.
    decoded = [wire.decode_attendee(p) for p in expected]
    assert [Attendee(*values) for values in wire.snapshot_attendees(page)] == decoded
