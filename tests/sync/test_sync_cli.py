"""`kiosk sync --watch` against a real `kiosk serve`, and pairing QR codes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.pairing import pairing_text, parse_pairing_text
from tests.central_fixtures import ROOT, kiosk_env, start_serve


def test_watch_keeps_syncing(tmp_path: Path, run_kiosk: Any) -> None:
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Watch", event_id="watch", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id="W1", event_id="watch", name="W", code="WC-1")])
        code = store.devices.new_pairing_code(device_name="Watcher").code
    server = start_serve(central)
    kiosk_db = tmp_path / "k.db"
    watch = None
    try:
        run_kiosk("pair", server.url, code, "--db", str(kiosk_db), check=True)
        watch = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "sync", "--db", str(kiosk_db), "--watch",
             "--interval", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=kiosk_env(), cwd=ROOT)
        with Replica(kiosk_db) as replica:
            assert CheckInService(replica).scan("WC-1").verdict == "accepted"
        deadline = time.monotonic() + 30
        with CentralStore.open(central) as store:
            while store.ingest.count() == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert store.ingest.count() == 1  # uploaded by the watcher, nobody asked
            store.attendees.upsert([Attendee(id="W2", event_id="watch", name="Late")])
        with Replica(kiosk_db) as replica:
            while replica.get_attendee("W2") is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert replica.get_attendee("W2") is not None  # and changes come down
    finally:
        if watch is not None:
            watch.terminate()
            output = watch.communicate(timeout=10)[0]
            assert "synced" in output and "Traceback" not in output
        server.stop()


def test_pairing_qr_text_round_trip() -> None:
    assert parse_pairing_text(pairing_text("ABCD-EF23", "http://10.0.0.5:8421")) == (
        "http://10.0.0.5:8421", "ABCD-EF23")
    assert parse_pairing_text(" ckpair:abcdef23\r\n") == (None, "ABCDEF23")
    for junk in ("https://example.org", "CKPAIR:", "CKPAIR:ftp://x#ABCD-EF23",
                 "CKPAIR:http://x#AB", "CK1-ABCDEF"):
        assert parse_pairing_text(junk) is None
