"""The console's live tally: memory kept per check-in, and the time to count one.

Feeds :class:`kiosk.central.console.tally.LiveTally` the change feed's own payloads
(as ``store.feed.page`` gives them: JSON decoded) for N attendees entering one of four
gates of one event on one day, with an exit and a re-entry for every tenth person and an
undo for every hundredth; measures what the tally holds afterwards with tracemalloc
(bytes per check-in) and the time per check-in counted. A plain dict of the same
payloads is measured in the same run as the baseline (what keeping the payloads costs).

    python bench/console_tally.py [--checkins 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.central.console.tally import LiveTally  # noqa: E402

GATES = ("hall", "side", "north", "south")


def payloads(n: int) -> list[tuple[str, dict[str, Any]]]:
    """The feed's changes for ``n`` check-ins (JSON round-tripped, as the feed gives)."""
    start = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    changes: list[tuple[str, dict[str, Any]]] = [
        ("gate", {"id": g, "event_id": "ev"}) for g in GATES]
    people = max(1, int(n / 1.22))
    changes += [("attendee", {"id": f"att-{i:07d}", "event_id": "ev", "name": f"Person {i}",
                              "ticket_type": "Regular" if i % 3 else "VIP"})
                for i in range(people)]
    made = 0
    i = 0
    while made < n:
        attendee = f"att-{i % people:07d}"
        gate = GATES[i % 4]
        at = start + timedelta(seconds=made * 0.2)
        first = str(uuid.uuid4())
        steps: list[tuple[str, str, str | None]] = [("entry", first, None)]
        if i % 10 == 0:
            steps += [("exit", str(uuid.uuid4()), None), ("entry", str(uuid.uuid4()), None)]
        if i % 100 == 0:
            steps += [("undo", str(uuid.uuid4()), first)]
        for direction, cid, undoes in steps:
            changes.append(("checkin", {
                "id": cid, "attendee_id": attendee, "gate_id": gate, "direction": direction,
                "scanned_at": at.isoformat(timespec="milliseconds"), "day": "2026-12-01",
                "verdict": "accepted", "code": None, "undoes": undoes,
                "device_time": at.isoformat(timespec="milliseconds"), "override_reason": None,
                "device_id": f"dev-{i % 20}", "device_name": f"Kiosk {i % 20}",
                "received_at": at.isoformat(timespec="milliseconds"),
                "duplicate": False, "duplicate_of": None}))
            made += 1
        i += 1
    return [(k, json.loads(json.dumps(d))) for k, d in changes]


def feed(tally: LiveTally, changes: list[tuple[str, dict[str, Any]]], *,
         checkins: bool) -> None:
    """Apply the check-ins of ``changes`` (or everything else: gates, attendees)."""
    for kind, data in changes:
        if (kind == "checkin") == checkins:
            tally._apply(kind, data)


def measure(n: int) -> dict[str, float]:
    changes = payloads(n)
    checkins = sum(1 for k, _ in changes if k == "checkin")
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.take_snapshot()
    kept = {d["id"]: dict(d) for k, d in changes if k == "checkin"}
    plain = tracemalloc.take_snapshot().compare_to(base, "filename")
    plain_bytes = sum(s.size_diff for s in plain)
    del kept
    gc.collect()
    base = tracemalloc.take_snapshot()
    tally = LiveTally(None)  # type: ignore[arg-type]  # fed by hand
    feed(tally, changes, checkins=False)
    after_people = tracemalloc.take_snapshot()
    feed(tally, changes, checkins=True)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    people_bytes = sum(s.size_diff for s in after_people.compare_to(base, "filename"))
    tally_bytes = sum(s.size_diff for s in after.compare_to(after_people, "filename"))
    fresh = LiveTally(None)  # type: ignore[arg-type]
    feed(fresh, changes, checkins=False)
    started = time.perf_counter()
    feed(fresh, changes, checkins=True)
    per_checkin = (time.perf_counter() - started) / checkins
    f = fresh.figures("ev", [(g, g) for g in GATES], date(2026, 12, 1), UTC)
    return {"checkins": checkins, "tally_bytes_per_checkin": tally_bytes / checkins,
            "payload_dict_bytes_per_checkin": plain_bytes / checkins,
            "people_bytes_per_attendee": people_bytes / max(1, len(fresh._people)),
            "us_per_checkin": per_checkin * 1e6, "arrived": f.arrived_total,
            "inside": f.inside_total, "entries": f.entries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkins", type=int, default=100_000)
    args = parser.parse_args()
    r = measure(args.checkins)
    print(f"{r['checkins']:,} check-ins: the tally keeps {r['tally_bytes_per_checkin']:.0f} "
          f"bytes per check-in (baseline, the payloads in a dict: "
          f"{r['payload_dict_bytes_per_checkin']:.0f} bytes; ratio "
          f"{r['tally_bytes_per_checkin'] / r['payload_dict_bytes_per_checkin']:.2f}); "
          f"{r['people_bytes_per_attendee']:.0f} bytes per attendee; "
          f"{r['us_per_checkin']:.1f} µs to count one; figures: arrived {r['arrived']:,}, "
          f"inside {r['inside']:,}, entries {r['entries']:,}")


if __name__ == "__main__":
    main()
