"""The organiser's side of the central list under misuse, through the real CLI and real
SQLite files: re-imports that keep the organiser's work, revoked codes that stay revoked,
kiosk replicas and mistyped paths refused, bad output paths and arguments as plain errors,
spreadsheet-safe exports (QA findings 1, 5-8, 12, 13, 15, 17, 18)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from kiosktest import kiosk_argv, kiosk_env

from kiosk.central.db import CENTRAL_APPLICATION_ID
from kiosk.central.store import CentralStore
from kiosk.core.tickets import TicketVerifier
from kiosk.replica.db import REPLICA_APPLICATION_ID
from tests.conftest import ROOT

ATTENDEES = """Name,Email,Ticket type
Budi Sitorus,budi@example.com,Regular
Siti Nurhaliza,siti@example.id,VIP
Made Wirawan,made@example.id,Regular
"""


def _listing(run_kiosk: Any, central: Path) -> dict[str, dict[str, Any]]:
    out = run_kiosk("central", "attendees", "--db", str(central), "--json", check=True).stdout
    return {row["name"]: row for row in map(json.loads, out.splitlines())}


def _plain_error(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 1, (proc.args, proc.stdout, proc.stderr)
    assert proc.stderr.startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)
    return proc.stderr


def _usage_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    # argparse refuses the value before anything runs (its exit status for usage errors).
    assert proc.returncode == 2, (proc.args, proc.stdout, proc.stderr)
    assert "error: argument" in proc.stderr and "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)


def test_reimport_keeps_cancellations_and_issued_codes(tmp_path: Path,
                                                        run_kiosk: Any) -> None:
    central = tmp_path / "central.db"
    csv_file = tmp_path / "attendees.csv"
    csv_file.write_text(ATTENDEES, encoding="utf-8")
    run_kiosk("central", "import", str(csv_file), "--db", str(central), check=True)
    run_kiosk("central", "codes", "--db", str(central), check=True)
    before = _listing(run_kiosk, central)
    run_kiosk("central", "cancel", before["Budi Sitorus"]["id"], "--db", str(central),
              check=True)
    before = _listing(run_kiosk, central)
    assert before["Budi Sitorus"]["status"] == "cancelled"
    assert all(row["code"] for row in before.values())

    # The same file again: nothing changes.
    out = run_kiosk("central", "import", str(csv_file), "--db", str(central),
                    check=True).stdout
    assert "0 added, 0 updated, 3 unchanged" in out, out
    assert _listing(run_kiosk, central) == before

    # An edited name updates; the cancellation and the issued code stay.
    csv_file.write_text(ATTENDEES.replace("Siti Nurhaliza", "Siti N. Halim")
                        .replace("Budi Sitorus,budi@", "Budi S.,budi@"), encoding="utf-8")
    out = run_kiosk("central", "import", str(csv_file), "--db", str(central),
                    check=True).stdout
    assert "0 added, 2 updated, 1 unchanged" in out, out
    after = _listing(run_kiosk, central)
    assert after["Budi S."]["status"] == "cancelled"
    assert after["Budi S."]["code"] == before["Budi Sitorus"]["code"]
    assert after["Siti N. Halim"]["code"] == before["Siti Nurhaliza"]["code"]
    assert after["Siti N. Halim"]["ticket_type"] == "VIP"

    # A file without the ticket-type column leaves ticket types alone; a status column
    # is what the organiser uses to change status from a file.
    csv_file.write_text("Name,Email,Status\nBudi S.,budi@example.com,valid\n"
                        "Made Wirawan,made@example.id,cancelled\n", encoding="utf-8")
    out = run_kiosk("central", "import", str(csv_file), "--db", str(central),
                    check=True).stdout
    assert "0 added, 2 updated" in out, out
    final = _listing(run_kiosk, central)
    assert final["Budi S."]["status"] == "valid"
    assert final["Made Wirawan"]["status"] == "cancelled"
    assert final["Made Wirawan"]["ticket_type"] == "Regular"
    assert final["Made Wirawan"]["code"] == before["Made Wirawan"]["code"]


def test_revoked_codes_are_shown_and_never_issued_again(tmp_path: Path,
                                                        run_kiosk: Any) -> None:
    central = tmp_path / "central.db"
    csv_file = tmp_path / "attendees.csv"
    csv_file.write_text(ATTENDEES, encoding="utf-8")
    run_kiosk("central", "import", str(csv_file), "--db", str(central), check=True)
    run_kiosk("central", "codes", "--db", str(central), check=True)
    first = _listing(run_kiosk, central)
    budi_code = first["Budi Sitorus"]["code"]

    out = run_kiosk("central", "revoke", budi_code, "--db", str(central), check=True).stdout
    assert "Budi Sitorus" in out
    listed = _listing(run_kiosk, central)
    assert listed["Budi Sitorus"]["code_revoked"] is True
    assert listed["Siti Nurhaliza"]["code_revoked"] is False
    plain = run_kiosk("central", "attendees", "--db", str(central), check=True).stdout
    assert f"{budi_code} (REVOKED)" in plain

    # `central codes` gives Budi a fresh code: not the revoked one, genuine, valid today.
    out = run_kiosk("central", "codes", "--db", str(central), check=True).stdout
    assert "Issued 1 signed code(s)" in out
    second = _listing(run_kiosk, central)
    new_code = second["Budi Sitorus"]["code"]
    assert new_code != budi_code and second["Budi Sitorus"]["code_revoked"] is False
    assert second["Siti Nurhaliza"]["code"] == first["Siti Nurhaliza"]["code"]
    with CentralStore.open(central) as store:
        event = store.events.all()[0]
        assert budi_code in store.codes.revoked() and new_code not in store.codes.revoked()
    verifier = TicketVerifier({event.id: event.public_key or ""})
    payload = verifier.verify(new_code)
    assert payload.attendee_id == second["Budi Sitorus"]["id"]
    assert payload.valid_on(date(2026, 1, 1)) and payload.valid_on(datetime.now(UTC).date())

    # --reissue replaces every code with a different one and revokes the old ones.
    run_kiosk("central", "codes", "--db", str(central), "--reissue", check=True)
    third = _listing(run_kiosk, central)
    for name, row in third.items():
        assert row["code"] != second[name]["code"] and not row["code_revoked"], name
    with CentralStore.open(central) as store:
        assert {r["code"] for r in second.values()} <= store.codes.revoked()

    # Empty and unknown codes are refused; --force revokes a code from another system.
    _plain_error(run_kiosk("central", "revoke", "", "--db", str(central)), "empty")
    _plain_error(run_kiosk("central", "revoke", "XYZ-123", "--db", str(central)),
                 "No attendee holds", "--force")
    run_kiosk("central", "revoke", "XYZ-123", "--force", "--db", str(central), check=True)
    with CentralStore.open(central) as store:
        assert "XYZ-123" in store.codes.revoked()
    _plain_error(run_kiosk("central", "devices", "--revoke", "", "--db", str(central)),
                 "device id")
    _plain_error(run_kiosk("central", "edit", third["Siti Nurhaliza"]["id"], "--code", "",
                           "--db", str(central)), "--code is empty")


def test_replicas_missing_paths_and_other_urls_are_refused(tmp_path: Path, run_kiosk: Any,
                                                           sample_csv: Path) -> None:
    replica = tmp_path / "k1.db"
    run_kiosk("import", str(sample_csv), "--db", str(replica), check=True)
    replica_bytes = replica.read_bytes()
    for args in (("import", str(sample_csv)), ("attendees",), ("devices",), ("checkins",),
                 ("pair-code",), ("codes",), ("create-event", "X")):
        proc = run_kiosk("central", *args, "--db", str(replica))
        _plain_error(proc, f"{replica} is a kiosk replica, not a central list")
    assert replica.read_bytes() == replica_bytes  # untouched
    proc = subprocess.run(  # serve refuses at start-up instead of answering 503 forever
        kiosk_argv("serve", "--db", str(replica), "--port", "0"),
        capture_output=True, text=True, env=kiosk_env(), cwd=ROOT, timeout=60)
    _plain_error(proc, "kiosk replica, not a central list")

    missing = tmp_path / "nope" / "central.db"
    for args in (("attendees",), ("devices",), ("checkins",), ("cancel", "x"),
                 ("pair-code",), ("admin-token",), ("revoke", "X", "--force")):
        proc = run_kiosk("central", *args, "--db", str(missing))
        _plain_error(proc, f"No central list at {missing}", "kiosk central create-event")
    assert not missing.exists() and not missing.parent.exists()

    for url in ("mysql://host/db", "sqlite://x.db", "http://example.org/c.db"):
        proc = run_kiosk("central", "attendees", "--db", url)
        _plain_error(proc, "postgresql://", url.split("://")[0] + "://")
        proc = run_kiosk("central", "import", str(sample_csv), "--db", url)
        _plain_error(proc, "postgresql://")
    assert not (ROOT / "mysql:").exists() and not (ROOT / "http:").exists()

    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello", encoding="utf-8")
    _plain_error(run_kiosk("central", "attendees", "--db", str(not_a_db)), "not a central list")

    # A central list is stamped; one made before stamping (application_id 0) still opens.
    central = tmp_path / "central.db"
    run_kiosk("central", "import", str(sample_csv), "--db", str(central), check=True)
    conn = sqlite3.connect(central)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == CENTRAL_APPLICATION_ID
    assert CENTRAL_APPLICATION_ID != REPLICA_APPLICATION_ID
    conn.execute("PRAGMA application_id = 0")
    conn.close()
    out = run_kiosk("central", "attendees", "--db", str(central), check=True).stdout
    assert "Budi Sitorus" in out
    conn = sqlite3.connect(central)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == CENTRAL_APPLICATION_ID
    conn.close()
    # ... and the kiosk side refuses the central list (the replica checks the stamp).
    proc = run_kiosk("attendees", "--db", str(central))
    assert proc.returncode == 1 and "not a kiosk replica" in proc.stderr


def test_bad_paths_and_arguments_are_plain_errors(tmp_path: Path, run_kiosk: Any,
                                                  sample_csv: Path) -> None:
    central = tmp_path / "central.db"
    run_kiosk("central", "import", str(sample_csv), "--db", str(central), check=True)

    # --out must be a folder we can create; nothing is issued when it is not.
    _plain_error(run_kiosk("central", "codes", "--db", str(central), "--out",
                           str(sample_csv)), "is a file")
    _plain_error(run_kiosk("central", "codes", "--db", str(central), "--out", "/proc/nope"),
                 "Cannot create the folder /proc/nope")
    assert all(not row["code"] for row in _listing(run_kiosk, central).values())
    out_dir = tmp_path / "qr"
    out = run_kiosk("central", "codes", "--db", str(central), "--out", str(out_dir),
                    check=True).stdout
    assert "Wrote 4 QR image(s)" in out and len(list(out_dir.glob("*.png"))) == 4

    # pair-code --qr: checked before the code is created.
    def pairing_codes() -> int:
        conn = sqlite3.connect(central)
        try:
            return int(conn.execute("SELECT count(*) FROM pairing_codes").fetchone()[0])
        finally:
            conn.close()

    _plain_error(run_kiosk("central", "pair-code", "--db", str(central), "--qr",
                           str(tmp_path / "nodir" / "x.png"), "--url", "http://h:8421"),
                 "does not exist")
    _plain_error(run_kiosk("central", "pair-code", "--db", str(central), "--qr",
                           str(tmp_path / "desk.png")),
                 "--qr needs --url so the kiosk knows where to connect")
    _plain_error(run_kiosk("central", "pair-code", "--db", str(central), "--qr",
                           str(tmp_path), "--url", "http://h:8421"), "is a folder")
    assert pairing_codes() == 0
    for minutes in ("0", "-5", "1441", "soon"):
        _usage_error(run_kiosk("central", "pair-code", "--db", str(central), "--minutes",
                               minutes), "--minutes")
    assert pairing_codes() == 0
    proc = run_kiosk("central", "pair-code", "--db", str(central), "--qr",
                     str(tmp_path / "desk.png"), "--url", "http://h:8421", "--minutes", "1440",
                     check=True)
    assert (tmp_path / "desk.png").stat().st_size > 0 and pairing_codes() == 1
    assert proc.stdout.strip().splitlines()[-1].count("-") == 1

    for port in ("99999", "-1", "http"):
        _usage_error(run_kiosk("serve", "--db", str(central), "--port", port), "--port")
    for interval in ("0", "-1", "0.5", "nan"):
        _usage_error(run_kiosk("sync", "--db", str(tmp_path / "k.db"), "--watch",
                               "--interval", interval), "--interval")

    # Every action is listed with its help on the same line (admin-token was easy to miss).
    lines = run_kiosk("central", "--help", check=True).stdout.splitlines()
    for action in ("create-event", "admin-token", "pair-code"):
        assert any(line.split()[:1] == [action] and len(line.split()) > 2
                   for line in lines), (action, lines)


def test_exports_neutralise_spreadsheet_formulas(tmp_path: Path, run_kiosk: Any) -> None:
    from kiosk.central.server import run_in_thread
    from kiosk.core.models import Attendee, Gate
    from kiosk.core.wire import CheckInUpload

    central = tmp_path / "central.db"
    names = {"P1": '=HYPERLINK("http://evil.example","click")', "P2": "+1 555",
             "P3": "-2+3", "P4": "@SUM(A1)", "P5": "\tTab", "P6": "Plain = name"}
    with CentralStore.open(central) as store:
        store.events.create("Conf", event_id="conf", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=i, event_id="conf", name=n, code=f"C-{i}")
                                for i, n in names.items()])
        device = store.devices.authenticate(store.devices.pair(store.devices.new_pairing_code(
            device_name="=cmd|' /C calc'!A0").code).token)
        now = datetime.now(UTC)
        store.ingest.checkins(device, [
            CheckInUpload(id=str(uuid.uuid4()), attendee_id=i, gate_id="main",
                          direction="entry", scanned_at=now.isoformat(),
                          day=now.date().isoformat()) for i in names])

    def check(text: str) -> None:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["attendee_id"]: r["attendee_name"] for r in rows} == {
            i: ("'" + n if n[0] in "=+-@\t" else n) for i, n in names.items()}
        assert {r["device_name"] for r in rows} == {"'=cmd|' /C calc'!A0"}
        assert {r["duplicate"] for r in rows} == {"false"}

    check(run_kiosk("central", "checkins", "--db", str(central), "--csv", check=True).stdout)

    token = run_kiosk("central", "admin-token", "--db", str(central),
                      check=True).stdout.strip().splitlines()[-1]
    server = run_in_thread(central)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        r = httpx.get(server.url + "/admin/checkins.csv", headers=headers)
        assert r.status_code == 200
        check(r.text)
        # The web import's error names the web switch, not the CLI's.
        r = httpx.post(server.url + "/admin/import", headers=headers,
                       content=b"Name,Email\nAda,not-an-address\n")
        assert r.status_code == 422 or r.status_code == 400, r.text
        assert "?skip_invalid=true" in r.text and "--skip-invalid" not in r.text
    finally:
        server.stop()


def test_reimport_leaves_absent_columns_and_details_alone(tmp_path: Path) -> None:
    """Store level, real SQLite file: the same rule as the replica importer."""
    first = tmp_path / "first.csv"
    first.write_text("Name,Email,Instansi,T-shirt\nAda,ada@example.org,UI,L\n",
                     encoding="utf-8")
    names_only = tmp_path / "names.csv"
    names_only.write_text("Name,Email\nAda Lovelace,ada@example.org\n", encoding="utf-8")
    with CentralStore.open(tmp_path / "central.db") as store:
        assert store.attendees.import_csv(first).added == 1
        store.codes.issue()
        (ada,) = store.attendees.all()
        assert ada.details == {"T-shirt": "L"} and ada.organisation == "UI" and ada.code
        summary = store.attendees.import_csv(names_only)
        assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 0)
        (after,) = store.attendees.all()
        assert after.id == ada.id and after.name == "Ada Lovelace"
        assert (after.organisation, after.details, after.code) == ("UI", {"T-shirt": "L"},
                                                                   ada.code)
        assert store.attendees.import_csv(names_only).unchanged == 1
        # A detail column in the file does change the details.
        first.write_text("Name,Email,T-shirt\nAda Lovelace,ada@example.org,XL\n",
                         encoding="utf-8")
        assert store.attendees.import_csv(first).updated == 1
        assert store.attendees.all()[0].details == {"T-shirt": "XL"}
        assert store.attendees.all()[0].organisation == "UI"
