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


def test_the_files_attendee_rows_are_what_a_kiosk_makes_of_the_pages(tmp_path: Path) -> None:
    """The central list builds its snapshot file's attendee rows straight from its stored
    rows (``kiosk/central/snapshot_file.py`` ``_attendee_rows``): exactly the rows a
    kiosk stages from the JSON pages of the same list (their time stamp aside)."""
    import sqlite3

    from kiosk.core import snapshot_file

    with CentralStore.open(tmp_path / "central.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([*_people(), Attendee(id="a5", event_id="e", name="Ünal Åberg",
                                                     organisation="", ticket_type="")])
        store.attendees.cancel("a4")
        store.attendees.edit("a3", status="valid")
        built = store.snapshot_files.prepare(None)
        staged = snapshot_file.page_rows(store.snapshot.page(section="attendee", limit=100),
                                         "stamp").attendees
    conn = sqlite3.connect(built.path)  # type: ignore[union-attr]
    try:
        rows = conn.execute("SELECT * FROM attendees ORDER BY rowid").fetchall()
    finally:
        conn.close()
    time_at = snapshot_file.ATTENDEE_COLUMNS.index("updated_at")
    assert len(rows) == 5
    assert [r[:time_at] + r[time_at + 1:] for r in rows] == \
        [r[:time_at] + r[time_at + 1:] for r in staged]
