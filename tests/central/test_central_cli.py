"""Organiser commands and pairing through the real CLI, with a `kiosk serve` process
running: create an event, import, pair two kiosks, admit one attendee at both while
they are offline, export (duplicate column), cancel, revoke a code, revoke a device."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.central.store import CentralStore
from kiosk.replica.db import Replica
from tests.central_fixtures import start_serve


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def _checkin(run_kiosk: Any, code: str, db: Path, *extra: str) -> dict[str, Any]:
    proc = run_kiosk("checkin", code, "--db", str(db), *extra, check=True)
    return json.loads(proc.stdout)


def test_organiser_workflow_with_two_kiosks(tmp_path: Path, run_kiosk: Any,
                                            sample_csv: Path) -> None:
    central = tmp_path / "central.db"
    today = datetime.now(UTC).date()
    days = f"{today},{today + timedelta(days=1)}"
    out = run_kiosk("central", "create-event", "Conf 2026", "--db", str(central), "--days", days,
                    "--timezone", "UTC", "--gate", "main=Main entrance",
                    "--gate", "ws=Workshop room:Workshop,VIP", "--languages", "id,en",
                    check=True).stdout
    assert "conf-2026" in out and "2 gate(s)" in out and "UTC; id, en)" in out
    out = run_kiosk("central", "import", str(sample_csv), "--db", str(central),
                    "--event", "Conf 2026", check=True).stdout
    assert "4 added" in out

    server = start_serve(central)
    try:
        k1, k2 = tmp_path / "k1.db", tmp_path / "k2.db"
        for db, name in ((k1, "Hall A"), (k2, "Hall B")):
            proc = run_kiosk("central", "pair-code", "--db", str(central), "--name", name,
                             "--gate", "main", check=True)
            code = _last_line(proc.stdout)
            assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), proc.stdout
            assert not db.exists()
            proc = run_kiosk("pair", server.url, code, "--db", str(db), check=True)
            assert f"Paired as {name}" in proc.stdout and "ready" in proc.stdout
        with Replica(k1) as replica:
            assert replica.attendee_count() == 4
            assert {g.id for g in replica.gates()} == {"main", "ws"}
            event = replica.get_event("conf-2026")
            assert event is not None and event.public_key and event.private_key is None
            assert replica.get_meta("gate_id") == "main"
            assert replica.get_meta("device_name") == "Hall A"

        # Signed codes are issued centrally (while the server runs); kiosks learn them.
        out = run_kiosk("central", "codes", "--db", str(central), check=True).stdout
        assert "Issued 4" in out
        for db in (k1, k2):
            run_kiosk("sync", "--db", str(db), check=True)
        with Replica(k1) as replica:
            budi = next(a for a in replica.attendees() if a.name == "Budi Sitorus")
        assert budi.code and budi.code.startswith("CK1-")

        # Both kiosks admit Budi while cut off from each other.
        assert _checkin(run_kiosk, budi.code, k1)["verdict"] == "accepted"
        assert _checkin(run_kiosk, budi.code, k2)["verdict"] == "accepted"
        for db in (k1, k2, k1):
            out = run_kiosk("sync", "--db", str(db), check=True).stdout
            assert "synced" in out
        for db in (k1, k2):
            again = _checkin(run_kiosk, budi.code, db)
            assert again["verdict"] == "already_checked_in"

        proc = run_kiosk("central", "checkins", "--db", str(central), "--csv", check=True)
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        assert len(rows) == 2
        assert sorted(r["duplicate"] for r in rows) == ["false", "true"]
        assert {r["device_name"] for r in rows} == {"Hall A", "Hall B"}
        for r in rows:
            assert r["code"] == budi.code and r["gate_id"] == "main"
            assert r["scanned_at"] and r["received_at"] and r["device_id"].startswith("dev-")
        dup = next(r for r in rows if r["duplicate"] == "true")
        first = next(r for r in rows if r["duplicate"] == "false")
        assert dup["duplicate_of"] == first["id"]

        # Cancel one attendee and revoke another's code: kiosks refuse them after a sync.
        with Replica(k1) as replica:
            siti = next(a for a in replica.attendees() if a.name.startswith("Siti"))
            made = next(a for a in replica.attendees() if a.name.startswith("Made"))
        run_kiosk("central", "cancel", siti.id, "--db", str(central), check=True)
        run_kiosk("central", "revoke", str(made.code), "--db", str(central), "--reason",
                  "lost", check=True)
        run_kiosk("central", "edit", budi.id, "--db", str(central), "--name", "Budi S.",
                  check=True)
        run_kiosk("sync", "--db", str(k2), check=True)
        assert _checkin(run_kiosk, str(siti.code), k2)["verdict"] == "cancelled"
        assert _checkin(run_kiosk, str(made.code), k2)["verdict"] == "cancelled"  # revoked
        with Replica(k2) as replica:
            assert replica.get_attendee(budi.id).name == "Budi S."  # type: ignore[union-attr]

        # Devices: listed with last-seen and skew; a revoked kiosk stops and says so.
        proc = run_kiosk("central", "devices", "--db", str(central), "--json", check=True)
        devices = [json.loads(line) for line in proc.stdout.splitlines()]
        assert {d["name"] for d in devices} == {"Hall A", "Hall B"}
        assert all(d["last_seen_at"] for d in devices)
        victim = next(d for d in devices if d["name"] == "Hall B")
        run_kiosk("central", "devices", "--db", str(central), "--revoke", victim["id"],
                  check=True)
        proc = run_kiosk("sync", "--db", str(k2))
        assert proc.returncode == 1
        assert "revoked" in proc.stderr and "Traceback" not in proc.stderr
        assert run_kiosk("sync", "--db", str(k1)).returncode == 0
        assert server.alive()
    finally:
        server.stop()


def test_import_on_a_fresh_central_list_creates_the_event(tmp_path: Path, run_kiosk: Any,
                                                          sample_csv: Path) -> None:
    central = tmp_path / "new" / "central.db"
    out = run_kiosk("central", "import", str(sample_csv), "--db", str(central), check=True)
    assert "4 added" in out.stdout
    conn = sqlite3.connect(central)
    assert conn.execute("SELECT id, name FROM events").fetchall() == [("event", "Event")]
    assert conn.execute("SELECT id FROM gates").fetchall() == [("main",)]
    conn.close()
    again = run_kiosk("central", "import", str(sample_csv), "--db", str(central), check=True)
    assert "4 unchanged" in again.stdout


def test_bad_input_is_a_plain_error(tmp_path: Path, run_kiosk: Any) -> None:
    central = str(tmp_path / "c.db")
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\n,nobody\n", encoding="utf-8")
    for args in (
        ("central", "import", str(bad), "--db", central),
        ("central", "create-event", "X", "--db", central, "--days", "tomorrow"),
        ("central", "create-event", "X", "--db", central, "--timezone", "Mars/Olympus"),
        ("central", "create-event", "X", "--db", central, "--languages", "fr"),
        ("central", "cancel", "nobody", "--db", central),
        ("central", "devices", "--db", central, "--revoke", "dev-none"),
        ("central", "pair-code", "--db", central, "--gate", "nowhere"),
        ("pair", "http://127.0.0.1:1", "ABCD-EFGH", "--db", str(tmp_path / "k.db")),
        ("sync", "--db", str(tmp_path / "missing.db")),
    ):
        proc = run_kiosk(*args)
        assert proc.returncode == 1, (args, proc.stdout, proc.stderr)
        assert proc.stderr.startswith("error: "), (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_sync_of_an_unpaired_replica_says_pair_first(tmp_path: Path, run_kiosk: Any,
                                                     sample_csv: Path) -> None:
    db = tmp_path / "standalone.db"
    run_kiosk("import", str(sample_csv), "--db", str(db), check=True)
    proc = run_kiosk("sync", "--db", str(db))
    assert proc.returncode == 1 and "not paired" in proc.stderr


def test_running_create_event_again_keeps_the_events_zone(tmp_path: Path, run_kiosk: Any) -> None:
    """Found by the console work (issue 15): `create-event` again without --timezone (on
    another machine, to rename the event or add a gate) reset the event's zone to that
    machine's, moving every check-in's event day. Run with TZ set to another zone."""
    central = tmp_path / "central.db"
    run_kiosk("central", "create-event", "Conf", "--db", str(central),
              "--timezone", "Asia/Jakarta", check=True)
    run_kiosk("central", "create-event", "Conf", "--db", str(central), "--gate",
              "side=Side door", check=True, env={"TZ": "America/New_York"})
    with CentralStore.open(central) as store:
        (event,) = store.events.all()
        assert event.timezone == "Asia/Jakarta"
        assert {g["id"] for g in store.events.gates()} >= {"side"}
        store.events.create("Conf", timezone="Europe/Berlin")  # given: it changes
        assert store.events.all()[0].timezone == "Europe/Berlin"
