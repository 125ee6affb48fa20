"""`kiosk pair --db FILE --event SLUG --list ID` (another event or list of a kiosk paired
with pretix, docs/pretix.md) refuses in plain words what it cannot do, and creates no
file (the pretix side is tested against a real pretix: tests/pretix/test_pretix_real.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.replica.db import Replica


def test_choosing_without_a_pretix_pairing_is_refused_in_plain_words(
        tmp_path: Path, run_kiosk: Any) -> None:
    missing = tmp_path / "missing.db"
    proc = run_kiosk("pair", "--db", str(missing), "--event", "ev", "--list", "1")
    assert proc.returncode != 0 and "does not exist" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not missing.exists()
    ours = tmp_path / "ours.db"
    Replica(ours).close()  # a replica of our own, not paired with pretix
    proc = run_kiosk("pair", "--db", str(ours), "--event", "ev", "--list", "1")
    assert proc.returncode != 0 and "pretix's device QR text" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
