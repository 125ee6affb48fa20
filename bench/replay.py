"""Benchmark: applying the change feed to a replica (the log replay of a first download),
page by page as the sync engine applies them.

N attendee changes and a tenth more (edits), as the wire decodes them, in pages of
2,000 (the engine's ``PAGE_SIZE``), each with its cursor in one transaction without an
fsync (``Replica.refetchable``), into a fresh replica file; prints the wall time and the
CPU seconds. Run it from two checkouts one after the other (the same machine, the same
load) to compare them: ``cd OTHER && python /path/to/bench/replay.py 50000``.

    python bench/replay.py [N]        # 50,000 by default
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.getcwd())  # the checkout it is run from

from kiosk.replica.changes import apply_changes  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402


def change(i: int, suffix: str = "") -> dict[str, Any]:
    return {"kind": "attendee", "id": f"B{i:07d}", "data": {
        "id": f"B{i:07d}", "event_id": "bench", "code": f"BC-{i:07d}",
        "name": f"Attendee {i}{suffix}", "email": f"a{i}@example.org", "organisation": "Org",
        "ticket_type": "Regular", "status": "valid", "details": {"shirt": "M"},
        "source": "import", "deleted": False}}


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    changes = [change(i) for i in range(n)] + [change(i, " (edited)") for i in range(n // 10)]
    tmp = Path(tempfile.mkdtemp())
    try:
        with Replica(tmp / "kiosk.db") as replica:
            start, cpu = time.perf_counter(), time.process_time()
            for s in range(0, len(changes), 2000):
                with replica.refetchable():
                    apply_changes(replica, changes[s:s + 2000], f"0.{s}")
            print(f"{os.getcwd()}: {len(changes):,} changes applied in "
                  f"{time.perf_counter() - start:.1f} s, CPU {time.process_time() - cpu:.1f} s "
                  f"(load average {os.getloadavg()[0]:.1f}); {replica.attendee_count():,} "
                  f"attendees; search 'attendee 4711 edited': "
                  f"{[a.id for a in replica.search('attendee 4711 edited', limit=3)]}")
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
