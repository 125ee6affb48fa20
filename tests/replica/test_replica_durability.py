"""A check-in whose verdict was shown survives SIGKILL of the process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from kiosktest import kiosk_env

from kiosk.core.models import Attendee, Event, Gate
from kiosk.replica.db import Replica

SCANNER = textwrap.dedent(
    """
    import sys, json
    from kiosk.replica.db import Replica
    from kiosk.replica.checkin import CheckInService
    replica = Replica(sys.argv[1])
    service = CheckInService(replica, gate_id="main")
    for i in range(100000):
        result = service.scan(f"CODE-{i % 5000:05d}")
        # The acknowledgement a person would see: printed only after scan() returned.
        print(json.dumps({"i": i, "verdict": str(result.verdict), "id": result.checkin_id}),
              flush=True)
    """
)


def test_sigkill_mid_scan_loses_no_acknowledged_checkin(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with Replica(db) as r:
        r.upsert_event(Event(id="e", name="E"))
        r.upsert_gate(Gate(id="main", event_id="e", name="Main"))
        r.upsert_attendees(
            Attendee(id=f"a{i}", event_id="e", name=f"P {i}", code=f"CODE-{i:05d}")
            for i in range(5000)
        )
    script = tmp_path / "scanner.py"
    script.write_text(SCANNER)
    proc = subprocess.Popen([sys.executable, str(script), str(db)], stdout=subprocess.PIPE,
                            text=True, env=kiosk_env())
    assert proc.stdout is not None
    acknowledged: list[dict[str, object]] = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acknowledged.append(json.loads(line))
    os.kill(proc.pid, signal.SIGKILL)  # mid-scan: it is busy writing the next ones
    proc.wait()
    # Whatever was still in the pipe was also acknowledged before the kill.
    acknowledged += [json.loads(line) for line in proc.stdout.read().splitlines() if line]
    assert len(acknowledged) >= 150
    with Replica(db) as r:
        assert r.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {c["id"] for c in r.checkins()}
        pending = {row[0] for row in r.conn.execute(
            "SELECT ref_id FROM outbox WHERE kind='checkin' AND uploaded_at IS NULL")}
    accepted = [a["id"] for a in acknowledged if a["verdict"] == "accepted"]
    assert accepted and set(accepted) <= stored
    assert set(accepted) <= pending  # and every one of them is still queued for upload
    assert stored == pending  # no check-in without its outbox entry (same transaction)
