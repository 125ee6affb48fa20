"""Feed pages read once and served to every device asking the same one (issue 10 item 8:
during a 600,000-row import 20 kiosks each read every new change, one after another
under the server's interpreter lock). On SQLite pages end on aligned blocks of
positions, so kiosks behind the end of the feed ask the same pages; a page with a
change after it is final and kept. What must hold: a shared page is the bytes an
unshared read gives, it never crosses events (or gates), and a page still open at the
end of the feed is read again once more is written."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate
from tests.central_fixtures import DeviceClient, TwoEvents, checkin_item


def _served(device: DeviceClient, cursor: str, limit: int, **params: Any) -> bytes:
    r = httpx.get(device.url + "/api/v1/changes", headers=device.headers,
                  params={"cursor": cursor, "limit": limit, **params}, timeout=30)
    assert r.status_code == 200, r.text
    return _timeless(r.content)


def _timeless(raw: bytes) -> bytes:
    return re.sub(rb'"server_time":"[^"]*"', b'"server_time":""', raw)


def _unshared(ev: TwoEvents, events: set[str], cursor: str, limit: int,
              gate: str | None = None) -> bytes:
    """The page as a feed that has shared nothing yet writes it (a store of its own,
    in this process, with its own empty set of kept pages)."""
    with ev.store() as store:
        page = store.feed.page(cursor, limit=limit, event_ids=events, gate_id=gate, raw=True)
    return _timeless(wire.feed_page_bytes(replace(page, server_time="")))


def _ids(raw: bytes) -> list[str]:
    return [c["id"] for c in json.loads(raw)["changes"]]


def _interleaved(ev: TwoEvents, rounds: int = 6, each: int = 40) -> None:
    """Attendees of both events written in turns, and check-ins at A's two gates: the
    log mixes events, kinds and gates."""
    with ev.store() as store:
        for r in range(rounds):
            store.attendees.upsert([Attendee(id=f"a{r}-{i}", event_id="ev-a", name="A")
                                    for i in range(each)])
            store.attendees.upsert([Attendee(id=f"b{r}-{i}", event_id="ev-b", name="B")
                                    for i in range(each)])
    ev.a.kiosk.upload(checkin_item("ann", "a-main", "ANN-1"),
                      checkin_item("vic", "a-vip", "VIC-1"),
                      checkin_item("dan", "a-main", "DAN-1"))


def test_a_shared_page_is_the_bytes_an_unshared_read_gives(two_events: TwoEvents) -> None:
    ev = two_events
    _interleaved(ev)
    second = ev.new_device("Kiosk A2")
    cursor, pages = "0.0", 0
    while True:
        first = _served(ev.a.kiosk, cursor, 50)
        again = _served(second, cursor, 50)  # the page kept from the first read
        assert again == first
        assert first == _unshared(ev, {"ev-a"}, cursor, 50)
        pages += 1
        body = wire.decode_feed_page(json.loads(first))
        if not body.more:
            break
        cursor = body.cursor
    assert pages >= 10  # (~500 changes of both events, blocks of 50)


def test_a_kiosk_of_event_b_never_receives_event_a_s_page(two_events: TwoEvents) -> None:
    ev = two_events
    _interleaved(ev)
    with ev.store() as store:
        a_ids = {r["entity_id"] for r in store.db.run(lambda tx: tx.execute(
            "SELECT entity_id FROM changes WHERE event_id = 'ev-a'"), write=False)}
    cursor = "0.0"
    while True:
        for_a = _served(ev.a.kiosk, cursor, 50)  # read (and kept) first, for A
        for_a_vip = _served(ev.a.kiosk, cursor, 50, gate="a-vip")
        for_b = _served(ev.b.kiosk, cursor, 50)
        assert for_b == _unshared(ev, {"ev-b"}, cursor, 50)
        assert for_a_vip == _unshared(ev, {"ev-a"}, cursor, 50, gate="a-vip")
        assert not set(_ids(for_b)) & a_ids
        assert set(_ids(for_a)) <= a_ids
        page = json.loads(for_b)
        if not page["more"]:
            break
        cursor = page["cursor"]


def test_a_page_still_open_at_the_end_of_the_feed_is_read_again(
        two_events: TwoEvents) -> None:
    """The last page (nothing after it yet) is not final: once more is written, the
    same request from the same cursor brings it."""
    ev = two_events
    ev.a.kiosk.sync_feed()
    end = ev.a.kiosk.cursor
    before = _served(ev.a.kiosk, end, 2000)
    assert _ids(before) == []
    with ev.store() as store:
        store.attendees.upsert([Attendee(id="new-1", event_id="ev-a", name="N")])
    after = _served(ev.a.kiosk, end, 2000)
    assert _ids(after) == ["new-1"]
    second = ev.new_device("Kiosk A2")
    with ev.store() as store:
        store.attendees.upsert([Attendee(id="new-2", event_id="ev-a", name="N")])
    assert _ids(_served(second, end, 2000)) == ["new-1", "new-2"]


def test_pages_end_on_blocks_and_serve_every_change_once(tmp_path: Path) -> None:
    """From a cursor inside a block, the first page ends at the block's end and every
    later page is a whole block; together every change after the cursor, once, in
    order. A kept page is served again without reading its rows."""
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("g", "", "G")])
        store.attendees.upsert([Attendee(id=f"p{i:04}", event_id="e", name="N")
                                for i in range(500)])
        every = [c["id"] for c in store.feed.page(limit=5000).changes]
        cursor, seen, ends = "0.37", [], []
        while True:
            page = store.feed.page(cursor, limit=100, event_ids={"e"}, raw=True)
            seen += [c.split('"id":"', 1)[1].split('"', 1)[0]
                     for c in page.raw_changes or ()]
            ends.append(int(page.cursor.split(".")[1]))
            cursor = page.cursor
            if not page.more:
                break
        conn: sqlite3.Connection = store.db._sqlite()
        steps = {"n": 0}

        def tick() -> int:
            steps["n"] += 1
            return 0

        conn.set_progress_handler(tick, 10)
        try:
            kept = store.feed.page("0.100", limit=100, event_ids={"e"}, raw=True)
            kept_steps, steps["n"] = steps["n"], 0
            fresh = store.feed.page("0.100", limit=100, event_ids=None, raw=True)
            fresh_steps = steps["n"]  # (another scope: read)
        finally:
            conn.set_progress_handler(None, 0)
    assert seen == every[37:]
    assert ends == [100, 200, 300, 400, 500, 502]  # 502 changes: the event, its gate, 500
    assert kept.raw_changes == fresh.raw_changes  # (one event: the same changes)
    assert kept_steps * 5 < fresh_steps, (kept_steps, fresh_steps)
