"""The smaller holes, replayed against a real `kiosk serve` and the real CLI, each
asserting the refusal and that nothing changed: ids as paths when QR images are written,
numbers too large for the database, spreadsheet formulas in the check-in export, NUL
characters deep in an import; and what stays on disk: database files 0600 (with their
WAL/SHM), the device token never printed."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from kiosk.central.api.organiser import spreadsheet_safe
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from kiosk.tickets.render import safe_file_name
from tests.central_fixtures import TwoEvents, checkin_item, start_serve

Run = Callable[..., subprocess.CompletedProcess[str]]


def _two_events(db: Path) -> None:
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", gates=[Gate("a-main", "", "A main")])
        store.events.create("Event B", event_id="ev-b", gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert([Attendee(id="A1", event_id="ev-a", name="Ann"),
                                Attendee(id="B1", event_id="ev-b", name="Bob")])


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_codes_out_keeps_ids_inside_the_folder(tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "work" / "central.db"
    db.parent.mkdir()
    _two_events(db)
    outside = Path("/tmp") / f"kiosk-evil-{uuid.uuid4().hex[:8]}"  # absolute
    with CentralStore.open(db) as store:
        token = store.devices.pair(store.devices.new_pairing_code(device_name="Desk").code).token
        before_ids = {a.id for a in store.attendees.all()}
    server = start_serve(db)
    try:
        # A device may not name a walk-in with a path (nor longer than a code's field).
        for evil in ("../../x", str(outside), "a/b", "a\\b", "x" * 65, ""):
            r = httpx.post(server.url + "/api/v1/attendees",
                           headers={"Authorization": f"Bearer {token}"},
                           json={"attendees": [{"id": evil, "event_id": "ev-a",
                                                "name": "W"}]})
            assert r.status_code == 422 and "id" in r.json()["message"], (evil, r.text)
    finally:
        server.stop()
    with CentralStore.open(db) as store:
        assert {a.id for a in store.attendees.all()} == before_ids
    # Ids the rule allows but a file system would take for something else.
    odd = ["..", ".hidden", "CON", "a:b", "x" * 64, "caf\u00e9"]
    csv_file = tmp_path / "odd.csv"
    csv_file.write_text("ID,Name\n" + "".join(f"{i},N{n}\n" for n, i in enumerate(odd)),
                        encoding="utf-8")
    imported = run_kiosk("central", "import", str(csv_file), "--db", str(db), "--event",
                         "Odd ids", check=True).stdout
    event = re.search(r"into event '([^']+)'", imported)
    assert event, imported
    out = tmp_path / "work" / "qr"
    before = _files_under(tmp_path)
    run_kiosk("central", "codes", "--db", str(db), "--event", event.group(1), "--out",
              str(out), check=True)
    written = _files_under(out)
    assert all(p.parent == out for p in written)
    assert len(written) >= len(odd) and len({p.name.lower() for p in written}) == len(written)
    assert all(not p.name.startswith(".") and len(p.name) <= 110 for p in written)
    assert not any(p.stem.upper() in ("CON", "NUL") for p in written)

    def others(files: set[Path]) -> set[Path]:  # the database's own files may come and go
        return {p for p in files if not p.name.startswith("central.db")}

    assert others(_files_under(tmp_path) - written) == others(before)

    # The replica's `kiosk codes` uses the same rule.
    replica = tmp_path / "r" / "kiosk.db"
    run_kiosk("import", str(csv_file), "--db", str(replica), check=True)
    run_kiosk("codes", "--db", str(replica), "--out", str(tmp_path / "r" / "qr"), check=True)
    local = _files_under(tmp_path / "r" / "qr")
    assert {p.parent for p in local} == {tmp_path / "r" / "qr"} and len(local) == len(odd)
    assert not any(p.name.startswith(".") for p in local)
    assert safe_file_name("A1", ".png") == "A1.png"  # ordinary ids unchanged
    assert safe_file_name("a/b") != safe_file_name("a_b")  # and never share a file


def test_numbers_too_large_are_refused_not_500(two_events: TwoEvents) -> None:
    ev, device = two_events, two_events.hostile
    item = checkin_item("ann", "a-main", "ANN-1")
    for pending in (2 ** 63, 2 ** 64 + 1, 10 ** 30, -1):
        r = device.post("/api/v1/checkins", {"pending": pending, "checkins": [item]})
        assert r.status_code == 422, (pending, r.status_code, r.text)
        assert r.json()["error"] == "invalid" and "pending" in r.json()["message"]
    r = httpx.get(ev.url + "/api/v1/changes", params={"limit": 2 ** 64},
                  headers=device.headers)
    assert r.status_code == 422
    r = httpx.get(ev.url + "/api/v1/whoami",
                  headers={**device.headers, "X-Kiosk-Pending": str(2 ** 70)})
    assert r.status_code == 200
    assert ev.stored() == {}


FORMULAS = {"F1": ";=1+2", "F2": " =1+2", "F3": "\uff1d1+2", "F4": "\n=1+2",
            "F5": "\u200b=1+2", "F6": "\ufeff+1", "F7": "Ann,=1+2", "F8": "\uff20SUM(A1)",
            "F9": "\t=1", "F10": "a|=cmd"}


def _would_run(cell: str) -> bool:
    """Would a spreadsheet see a formula in this cell, or in one it splits it into?"""
    for part in re.split(r"[,;\t|\r\n]", unicodedata.normalize("NFKC", cell).strip('"')):
        visible = "".join(c for c in part if not (c.isspace() or unicodedata.category(c)
                                                  in ("Cf", "Cc", "Zs")))
        if visible[:1] in ("=", "+", "-", "@"):
            return True
    return False


def test_check_in_export_neutralises_every_formula_form(two_events: TwoEvents) -> None:
    ev = two_events
    with ev.store() as store:
        store.attendees.upsert([Attendee(id=i, event_id="ev-a", name=n)
                                for i, n in FORMULAS.items()])
    device = ev.new_device("\uff1dcmd")  # a device named like a formula, too
    assert all(r["status"] == "stored" for r in device.upload(
        *[checkin_item(i, "a-main", None) for i in FORMULAS]))
    assert all(_would_run(n) for n in FORMULAS.values())  # the forms are real triggers
    r = httpx.get(ev.url + "/admin/checkins.csv",
                  headers={"Authorization": f"Bearer {ev.admin}"})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["attendee_name"] for row in rows} == {spreadsheet_safe(n)
                                                      for n in FORMULAS.values()}
    assert all(not _would_run(row["attendee_name"]) for row in rows)
    assert spreadsheet_safe(";=1+2") == ";'=1+2" and spreadsheet_safe(" =1") == "' =1"
    assert {row["device_name"] for row in rows} == {"'\uff1dcmd"}
    # Read as a ;-separated file (another locale's spreadsheet): every cell is quoted.
    for delimiter in (";", "\t", "|"):
        for cells in csv.reader(io.StringIO(r.text), delimiter=delimiter):
            assert not any(_would_run(c) for c in cells), cells
    assert spreadsheet_safe("Jean-Luc Picard") == "Jean-Luc Picard"
    assert spreadsheet_safe("Plain = name") == "Plain = name"


def test_nul_anywhere_in_an_import_is_refused_and_nothing_stored(tmp_path: Path,
                                                                  run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    _two_events(db)
    rows = "".join(f"Person {i},p{i}@example.org\n" for i in range(400))  # > 4 KiB
    raw = ("Name,Email\n" + rows + "Evil\x00Name,evil@example.org\n").encode()
    assert raw.index(b"\x00") > 4096
    bad = tmp_path / "nul.csv"
    bad.write_bytes(raw)
    with CentralStore.open(db) as store:
        admin = store.dashboard.new_admin_token()
        before = len(store.attendees.all())
    proc = run_kiosk("central", "import", str(bad), "--db", str(db), "--event", "Event A")
    assert proc.returncode == 1 and "NUL" in proc.stderr and "Line 402" in proc.stderr
    assert "Traceback" not in proc.stderr
    server = start_serve(db)
    try:
        r = httpx.post(server.url + "/admin/import", content=raw,
                       headers={"Authorization": f"Bearer {admin}"})
        assert r.status_code == 422 and "NUL" in r.json()["message"]
    finally:
        server.stop()
    replica = run_kiosk("import", str(bad), "--db", str(tmp_path / "k.db"))
    assert replica.returncode == 1 and "NUL" in replica.stderr
    with CentralStore.open(db) as store:
        assert len(store.attendees.all()) == before


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_databases_are_private_and_the_token_is_never_printed(tmp_path: Path,
                                                               run_kiosk: Run) -> None:
    os.umask(0o022)  # the usual umask: files would be 0644 without care
    db = tmp_path / "central.db"
    _two_events(db)
    server = start_serve(db)
    try:
        code = run_kiosk("central", "pair-code", "--db", str(db), "--url", server.url,
                         "--event", "ev-a",
                         check=True).stdout.strip().splitlines()[-1]
        kiosk = tmp_path / "kiosk" / "replica.db"
        outputs = [run_kiosk("pair", server.url, code, "--db", str(kiosk), check=True),
                   run_kiosk("sync", "--db", str(kiosk), check=True),
                   run_kiosk("attendees", "--db", str(kiosk), check=True),
                   run_kiosk("central", "devices", "--db", str(db), "--json", check=True)]
        with Replica(kiosk) as replica:
            token = replica.get_meta("device_token")
            with replica.atomic():  # leave a WAL behind
                replica.set_meta("probe", "1")
            assert token
            for suffix in ("", "-wal", "-shm"):
                path = Path(f"{kiosk}{suffix}")
                assert path.exists() and _mode(path) == 0o600, (path, oct(_mode(path)))
        server_log = server.stop()
    finally:
        server.stop()
    for proc in outputs:
        assert token not in proc.stdout + proc.stderr
    assert token not in server_log
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db}{suffix}")
        if path.exists():
            assert _mode(path) == 0o600, (path, oct(_mode(path)))
    with open(db, "rb") as f:
        assert token.encode() not in f.read()  # only its hash is kept centrally

    # A replica made before this rule (0644) is tightened when opened.
    old = tmp_path / "old.db"
    Replica(old).close()
    os.chmod(old, 0o644)
    with Replica(old):
        assert _mode(old) == 0o600


def test_a_large_import_runs_in_its_own_process_all_or_nothing(tmp_path: Path) -> None:
    """Above IN_PROCESS_BYTES the web import runs in a child process, written in chunks:
    a bad row still means nothing imported (with its line), a good file arrives whole."""
    from kiosk.central.bulk_import import IN_PROCESS_BYTES

    db = tmp_path / "central.db"
    _two_events(db)
    rows = [f"big-{i},Person {i},p{i}@example.org" for i in range(30_000)]
    good = ("ID,Name,Email\n" + "\n".join(rows) + "\n").encode()
    assert len(good) > IN_PROCESS_BYTES
    bad = good + b"bad-1,Bad Row,not-an-address\n"
    with CentralStore.open(db) as store:
        admin = store.dashboard.new_admin_token()
        before = len(store.attendees.all())
    server = start_serve(db)
    try:
        auth = {"Authorization": f"Bearer {admin}"}
        r = httpx.post(server.url + "/admin/import", content=bad, headers=auth, timeout=300)
        assert r.status_code == 422, r.text
        assert r.json()["problems"][0]["line"] == 30_002
        with CentralStore.open(db) as store:
            assert len(store.attendees.all()) == before
        r = httpx.post(server.url + "/admin/import", content=good, headers=auth, timeout=300)
        assert r.status_code == 200 and r.json()["added"] == 30_000, r.text
        assert "Traceback" not in server.stop()
    finally:
        server.stop()
    with CentralStore.open(db) as store:
        assert len(store.attendees.all()) == before + 30_000
