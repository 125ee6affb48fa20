"""The feed's answer is written from the stored payloads as they are (issue 10 item 8:
a feed read of freshly imported rows costs less): the bytes decode to exactly the page
the decoded path gives, for awkward ids and names, scoped and filtered by gate alike."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate


def test_the_served_bytes_equal_the_decoded_page(tmp_path: Path) -> None:
    odd = ['q"uote', "back\\slash", "tab\there", "new\nline", "Ñoño 😀", "\u2028sep", "<&>"]
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("g", "", "G"), Gate("h", "", "H")])
        store.events.create("F", event_id="f", gates=[Gate("k", "", "K")])
        store.attendees.upsert(
            [Attendee(id=f"id-{s}", event_id="e", name=f"Name {s}", email=f"{s}@x",
                      code=f"C-{i}") for i, s in enumerate(odd)]
            + [Attendee(id="other", event_id="f", name="Other")])
        feed = store.feed
        pages = 0
        for scope, gate in ((None, None), ({"e"}, None), ({"e"}, "g"), ({"f"}, "k")):
            cursor = "0.0"
            while True:
                plain = feed.page(cursor, limit=3, event_ids=scope, gate_id=gate)
                raw = feed.page(cursor, limit=3, event_ids=scope, gate_id=gate, raw=True)
                assert raw.changes == [] and raw.raw_changes is not None
                assert raw.has_changes == plain.has_changes
                final = replace(plain, server_time="2026-12-01T00:00:00+00:00", live=True)
                sent = wire.feed_page_bytes(replace(raw, server_time=final.server_time,
                                                    live=True))
                assert json.loads(sent) == wire.encode_feed_page(final)
                assert wire.decode_feed_page(json.loads(sent)) == wire.decode_feed_page(
                    wire.encode_feed_page(final))
                pages += 1
                if not plain.more:
                    break
                cursor = plain.cursor
        assert pages > 4
        names = {c["data"].get("name") for c in feed.page(limit=100).changes}
        assert {f"Name {s}" for s in odd} <= names
