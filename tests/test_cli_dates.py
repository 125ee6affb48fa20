"""CLI date lists are parsed once (kiosk.cli.parse_days) for every command with --days: a
bad date is a plain "error: ..." and exit 1, never a traceback, and nothing is changed."""

from __future__ import annotations

import json
from pathlib import Path


def test_a_bad_gate_day_is_a_plain_error(run_kiosk, sample_csv: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    run_kiosk("import", str(sample_csv), "--db", str(db), "--event", "Dates", check=True)
    proc = run_kiosk("gates", "--db", str(db), "--add", "ws", "--days", "notadate")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: 'notadate' in --days is not a date"), proc.stderr
    listed = run_kiosk("gates", "--db", str(db), "--json", check=True).stdout
    assert "ws" not in [json.loads(line)["id"] for line in listed.splitlines()]
    ok = run_kiosk("gates", "--db", str(db), "--add", "ws", "--days",
                   " 2026-08-01, 2026-08-02 ,", "--json", check=True).stdout
    ws = next(json.loads(line) for line in ok.splitlines() if json.loads(line)["id"] == "ws")
    assert ws["days"] == ["2026-08-01", "2026-08-02"]


def test_the_central_list_says_the_same(run_kiosk, tmp_path: Path) -> None:
    central = tmp_path / "central.db"
    proc = run_kiosk("central", "create-event", "Dates", "--db", str(central),
                     "--days", "2026-08-01,1 Aug")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: '1 Aug' in --days is not a date"), proc.stderr
