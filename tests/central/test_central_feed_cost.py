"""A feed page costs its own rows, not the whole log after the cursor (issue 10 item 8:
during a large import a kiosk many changes behind paid for all of them on every page —
SQLite read and sorted every change after the cursor, ~150 ms a page at 200,000)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.central.feed import ChangeFeed
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate


def _steps(store: CentralStore, cursor: str, limit: int) -> tuple[int, list[str]]:
    """SQLite virtual-machine steps (in units of 100) one page read takes, and the ids
    it served."""
    conn: sqlite3.Connection = store.db._sqlite()
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    conn.set_progress_handler(tick, 100)
    try:
        page = store.feed.page(cursor, limit=limit, event_ids={"e"}, raw=True)
    finally:
        conn.set_progress_handler(None, 0)
    return counted[0], [c.split('"id":"', 1)[1].split('"', 1)[0]
                        for c in page.raw_changes or ()]


def test_a_page_far_from_the_end_costs_as_much_as_one_near_it(tmp_path: Path) -> None:
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("g", "", "G")])
        store.attendees.upsert([Attendee(id=f"a{i:05}", event_id="e", name=f"N {i}")
                                for i in range(12_000)])
        # (Positions: 1 the event, 2 its gate, then a00000 at 3; pages end on blocks
        # of their limit, so a page of 100 from position 100 holds 101-200.)
        far, far_ids = _steps(store, "0.100", 100)  # 11,902 changes after it
        near, near_ids = _steps(store, "0.11900", 100)  # 102 after it
    assert far_ids == [f"a{i:05}" for i in range(98, 198)]
    assert near_ids == [f"a{i:05}" for i in range(11_898, 11_998)]
    # (Reading every change after the cursor made the far page ~100 times dearer.)
    assert far < 3 * near, (far, near)


def test_the_order_holds_across_transaction_ids(tmp_path: Path) -> None:
    """On SQLite every change has xid 0; rows of a higher xid (PostgreSQL's order, here
    written by hand) come after all of a lower one, in (xid, seq) order."""
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("g", "", "G")])
        store.attendees.upsert([Attendee(id=f"a{i}", event_id="e", name="N")
                                for i in range(6)])
        store.db.run(lambda tx: tx.execute(
            "UPDATE changes SET xid = CASE WHEN entity_id IN ('a1', 'a4') THEN 7 "
            "WHEN entity_id = 'a2' THEN 5 ELSE 0 END"))
        feed: ChangeFeed = store.feed
        seen: list[str] = []
        cursor = "0.0"
        while True:
            page = feed.page(cursor, limit=2)
            seen += [c["id"] for c in page.changes]
            cursor = page.cursor
            if not page.more:
                break
    assert seen == ["e", "g", "a0", "a3", "a5", "a2", "a1", "a4"]


def test_noting_revocations_synced_costs_the_span_read_not_every_revocation(
        tmp_path: Path) -> None:
    """Every feed request notes the revocations its cursor passed
    (``Codes.note_synced``): a short step near the end of a feed holding 4,000
    revocations reads that step, not all of them (written as ``(xid > ? OR ...)``,
    SQLite walked every revocation of the list each time)."""
    from kiosk.central import revocations

    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("g", "", "G")])
        store.db.run(lambda tx: revocations.publish(
            tx, store.feed, "e", [(f"C{i:05}", "lost", True) for i in range(4_000)]))
        top = int(store.db.run(lambda tx: tx.scalar("SELECT max(seq) AS n FROM changes")))
        conn: sqlite3.Connection = store.db._sqlite()

        def steps(device: str, since: int, to: int) -> int:
            counted = [0]

            def tick() -> int:
                counted[0] += 1
                return 0

            store.codes.note_synced(device, f"0.{since}", {"e"})
            conn.set_progress_handler(tick, 100)
            try:
                store.codes.note_synced(device, f"0.{to}", {"e"})
            finally:
                conn.set_progress_handler(None, 0)
            return counted[0]

        near = steps("d1", top - 3, top)  # three revocations
        noted = store.db.run(lambda tx: tx.scalar(
            "SELECT count(*) AS n FROM revocation_syncs WHERE device_id = 'd1'"))
    assert noted == 4_000  # every revocation up to the cursor is noted, once
    # (In units of 100 steps: three revocations read and noted ~2; walking all 4,000
    # of them, as the OR form did, ~320.)
    assert near < 50, near
