"""Two organisers giving one ticket code to two people at the same moment (issue 10): the
later change is refused whole as a plain conflict — "the code ... was just given to ...;
reload" — by the console, the /admin API and `kiosk central edit` alike, on SQLite and on
PostgreSQL, never the database's raw unique-key error (a 500 and a traceback).

Organiser 1 is a real second writer on the same database (its own store, as another
server process would be): it gives GOLD-1 to Ann and holds its transaction open while
organiser 2's change, checked against the list before Ann's commit, reaches its write;
then organiser 1 commits. On PostgreSQL the second writer waits for the first at the
unique index and then fails; on SQLite a large import is checked outside its write
transactions (written in chunks of IMPORT_CHUNK rows), so a later chunk meets the code
taken."""

from __future__ import annotations

import html
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from kiosk.central.db import Tx
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from tests import central_fixtures
from tests.central_fixtures import start_serve

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url
Run = Callable[..., subprocess.CompletedProcess[str]]
GIVEN = "The code 'GOLD-1' was just given to Ann (ann) by another change at the same moment"


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A central list (SQLite file or PostgreSQL URL) with two events: in event A Ann,
    Bob and 2,100 others, GOLD-1 free; in event B Bea holds a GOLD-1 of her own (a code
    is its event's: hers is no conflict). Returns its URL."""
    url = str(tmp_path / "central.db") if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    with CentralStore.open(url) as store:
        store.events.create("Event A", event_id="ev-a", timezone="UTC",
                            gates=[Gate("a-main", "", "A main")])
        store.events.create("Event B", event_id="ev-b", timezone="UTC",
                            gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert(
            [Attendee("ann", "ev-a", "Ann", "ANN-1"), Attendee("bob", "ev-a", "Bob", "BOB-1"),
             Attendee("bea", "ev-b", "Bea", "GOLD-1")]
            + [Attendee(f"f{i:04d}", "ev-a", f"Filler {i}", f"F-{i}") for i in range(2100)])
    return url


@contextmanager
def ann_gets_gold(url: str) -> Iterator[threading.Event]:
    """Organiser 1: gives GOLD-1 to Ann in a transaction held open until the yielded
    event is set (it commits then)."""
    release, holding = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def organiser() -> None:
        try:
            with CentralStore.open(url) as store:
                def work(tx: Tx) -> None:
                    store.attendees.upsert_in(tx, [Attendee("ann", "ev-a", "Ann", "GOLD-1")])
                    holding.set()
                    assert release.wait(60), "organiser 2 never got to its write"

                store.db.run(work)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
            holding.set()

    thread = threading.Thread(target=organiser)
    thread.start()
    assert holding.wait(30)
    try:
        yield release
    finally:
        release.set()
        thread.join(60)
    assert not failures, failures


def wait_blocked(url: str, timeout: float = 30) -> None:
    """PostgreSQL: until a session waits for a lock (organiser 2's write waits for
    organiser 1). SQLite: a moment, organiser 2 waiting for the write lock."""
    if not url.startswith("postgresql"):
        time.sleep(3)
        return
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                               "wait_event_type = 'Lock' AND datname = current_database()"
                               ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("organiser 2 never waited for organiser 1")


def codes(url: str) -> dict[str, str | None]:
    with CentralStore.open(url) as store:
        rows = store.db.run(lambda tx: tx.execute(
            "SELECT id, code FROM attendees WHERE id IN ('ann', 'bob', 'bea', 'f2099')"))
    return {r["id"]: r["code"] for r in rows}


def _login(client: httpx.Client, token: str) -> str:
    form = client.get("/console/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf, form
    r = client.post("/console/login", data={"csrf": csrf.group(1), "token": token},
                    headers={"Origin": str(client.base_url)})
    assert r.status_code == 303, r.text
    page = client.get("/console/import?event=ev-a").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf
    return csrf.group(1)


def test_the_console_import_gets_a_plain_conflict(central: str) -> None:
    """Organiser 2 imports a file (2,101 rows to write, in chunks) giving GOLD-1 to Bob
    (the last row), checked while Ann's change is still open; the last chunk meets the
    code taken, the 2,000 rows before it are saved."""
    from kiosk.central.attendees import IMPORT_CHUNK

    assert 2000 % IMPORT_CHUNK == 0  # Bob's row starts a chunk after 2,000 saved rows
    with CentralStore.open(central) as store:
        token = store.dashboard.new_admin_token()
    rows = "".join(f"f{i:04d},Filler {i},F-{i}\n" for i in range(2100))
    # Zed's row is refused when the file is checked against the list (BOB-1 is Bob's
    # there), so the job's total drops from 2,102 rows to 2,101: the sign it was checked.
    csv = f"id,name,code\n{rows}zed,Zed,BOB-1\nbob,Bob,GOLD-1\n".encode()
    server = start_serve(central)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            csrf = _login(client, token)
            with ann_gets_gold(central) as release:
                preview = client.post("/console/import/preview",
                                      data={"csrf": csrf, "event": "ev-a"},
                                      files={"file": ("people.csv", csv, "text/csv")},
                                      headers={"Origin": server.url})
                assert preview.status_code == 200, preview.text
                key = re.search(r'name="preview" value="([^"]+)"', preview.text)
                assert key, preview.text
                started = client.post("/console/import/apply",
                                      data={"csrf": csrf, "preview": key.group(1),
                                            "event": "ev-a"},
                                      headers={"Origin": server.url}, follow_redirects=False)
                assert started.status_code == 303, started.text
                job = started.headers["location"]
                deadline = time.monotonic() + 60
                while client.get(job + "/state").json()["total"] != 2101:  # not checked
                    assert time.monotonic() < deadline
                    time.sleep(0.05)
                release.set()  # organiser 1 commits: Ann has GOLD-1
            deadline = time.monotonic() + 60
            while not (state := client.get(job + "/state").json())["finished"]:
                assert time.monotonic() < deadline
                time.sleep(0.1)
            assert state["failed"], state
            page = html.unescape(client.get(job).text)
            in_indonesian = html.unescape(client.get(job, params={"lang": "id"}).text)
        assert GIVEN in page, page
        assert "reload and try again" in page
        assert "The file's first 2000 rows are saved" in page
        assert "UniqueViolation" not in page and "IntegrityError" not in page
        assert "Kode 'GOLD-1' baru saja diberikan kepada Ann (ann)" in in_indonesian
        assert "2000 baris pertama berkas ini sudah tersimpan" in in_indonesian
        assert codes(central) == {"ann": "GOLD-1", "bob": "BOB-1", "bea": "GOLD-1",
                                  "f2099": "F-2099"}
        assert "Traceback" not in server.stop()
    finally:
        server.stop()


def test_the_admin_import_gets_409_with_plain_words(central: str) -> None:
    with CentralStore.open(central) as store:
        token = store.dashboard.new_admin_token()
    server = start_serve(central)
    answers: list[httpx.Response] = []
    try:
        with ann_gets_gold(central) as release:
            sender = threading.Thread(target=lambda: answers.append(httpx.post(
                server.url + "/admin/import", content=b"id,name,code\nbob,Bob,GOLD-1\n",
                headers={"Authorization": f"Bearer {token}"},
                timeout=60)))
            sender.start()
            wait_blocked(central)
            release.set()
            sender.join(60)
        [answer] = answers
        if central.startswith("postgresql"):
            # Checked before Ann's commit, written after it: the conflict.
            assert answer.status_code == 409, answer.text
            assert answer.json()["error"] == "conflict"
            assert GIVEN in answer.json()["message"]
        else:
            # SQLite serialises the two: checked after Ann's commit, refused plainly.
            assert answer.status_code in (409, 422), answer.text
            assert "Ann" in answer.text
        assert codes(central)["bob"] == "BOB-1"
        assert "Traceback" not in server.stop()
    finally:
        server.stop()


def test_kiosk_central_edit_gets_a_plain_conflict(central: str, run_kiosk: Run) -> None:
    out: list[subprocess.CompletedProcess[str]] = []
    with ann_gets_gold(central) as release:
        editor = threading.Thread(target=lambda: out.append(run_kiosk(
            "central", "edit", "bob", "--code", "GOLD-1", "--db", central)))
        editor.start()
        wait_blocked(central)
        release.set()
        editor.join(120)
    [done] = out
    assert done.returncode != 0
    if central.startswith("postgresql"):
        assert f"error: {GIVEN}" in done.stderr, done.stderr
    else:
        assert "already belongs to ann" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert codes(central)["bob"] == "BOB-1"
