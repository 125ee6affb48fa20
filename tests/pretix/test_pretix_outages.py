"""Issue 16.5: pretix down, broken or hanging, against the REAL pretix (tests/pretix_fixtures.py).

Between the kiosk and pretix, a tiny reverse proxy (``OutageProxy``, as nginx in front of
pretix) answers 500 (Django's error page), 502 or 503 (the proxy's pages), answers 502
after pretix did the work, or hangs; and pretix itself hangs while its database is
locked. Each time the kiosk keeps deciding scans locally, says "offline" exactly as with
our own list (the GUI's own ``sync_once`` classifies it), backs off before retrying, and
once pretix answers again every check-in is in pretix once (the nonce)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pretix_fixtures import OutageProxy, PretixServer, start_pretix

from kiosk.core.verdicts import Reason
from kiosk.errors import CaptivePortal, ServerUnavailable
from kiosk.gui.sync_status import sync_once
from kiosk.pretix.engine import PretixEngine
from kiosk.replica.changes import requeue_uploaded
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica

EVENT = "icross2026"
#: The kiosk's patience, shortened for the test (15 s in use, kiosk/pretix/api.py).
SHORT = httpx.Timeout(6.0, connect=3.0)


@pytest.fixture(scope="module")
def pretix() -> Iterator[PretixServer]:
    with start_pretix() as server:
        yield server


def stored(pretix: PretixServer, secret: str) -> int:
    """How many check-ins pretix holds for this ticket on the main list."""
    main = pretix.list_id(EVENT, "main")
    answer = pretix.api("GET", f"/events/{EVENT}/checkinlists/{main}/positions/",
                        params={"secret": secret})
    return len(answer.json()["results"][0]["checkins"])


def kiosk(pretix: PretixServer, db: Path) -> PretixEngine:
    """A kiosk paired with pretix and downloaded (the first download with the usual
    patience: a fresh pretix on a loaded machine is slow), then with the test's."""
    with PretixEngine(db) as first:
        first.pair(pretix.handshake())
        assert first.sync(force=True).ok
    return PretixEngine(db, timeout=SHORT)


def through(pretix: PretixServer, db: Path, proxy: OutageProxy) -> PretixEngine:
    """A kiosk paired with pretix directly, then talking to it through the proxy."""
    engine = kiosk(pretix, db)
    with Replica(db) as replica:
        replica.set_meta("server_url", proxy.url)
    return engine


def scan(db: Path, code: str) -> Any:
    with Replica(db) as replica:
        return CheckInService(replica).scan(code)


def gui_sync(engine: PretixEngine, db: Path) -> dict[str, Any]:
    """What the kiosk's status bar is told after a sync (the GUI's own function)."""
    return sync_once({"sync_engine": engine}, db, force=True)


@pytest.mark.parametrize("status", ["500", "502", "503"])
def test_5xx_is_offline_and_retried_without_duplicates(pretix: PretixServer, tmp_path: Path,
                                                       status: str) -> None:
    code = pretix.ticket(EVENT, {"500": "seminar8", "502": "seminar10",
                                 "503": "seminar12"}[status])
    with OutageProxy(pretix.url) as proxy:
        db = tmp_path / "kiosk.db"
        engine = through(pretix, db, proxy)
        proxy.switch(status)
        assert scan(db, code).reason is Reason.FIRST_ENTRY  # decided locally
        shown = gui_sync(engine, db)
        assert shown["connection"] == "offline" and shown["pending_uploads"] == 1, shown
        assert f"HTTP {status}" in shown["error"] and "unavailable" in shown["error"]
        state = engine.status()
        assert state.online is False and state.pending_uploads == 1
        assert state.last_error and f"HTTP {status}" in state.last_error
        # The backoff: a sync that is not forced waits, and sends nothing meanwhile.
        asked = proxy.seen[status]
        assert engine.next_retry_in() > 0
        waiting = engine.sync()
        assert not waiting.ok and proxy.seen[status] == asked
        # Still deciding while offline: shown again at once, the grace (local rule).
        assert scan(db, code).reason is Reason.JUST_CHECKED_IN
        assert stored(pretix, code) == 0
        proxy.switch("pass")
        back = gui_sync(engine, db)
        assert back["connection"] == "online" and back["pending_uploads"] == 0, back
        assert back["uploaded"] == 1
        assert stored(pretix, code) == 1
        # sent once more (as if that answer had been lost too): still one
        with Replica(db) as replica:
            assert requeue_uploaded(replica) == 1
        assert engine.sync(force=True).ok
        assert stored(pretix, code) == 1
        engine.close()


def test_a_502_after_pretix_stored_the_checkin_is_retried_without_duplicates(
        pretix: PretixServer, tmp_path: Path) -> None:
    """The gateway fails after pretix committed: the kiosk hears 502 (offline), keeps
    the check-in waiting, and its retry (the same nonce) stores nothing twice."""
    codes = [pretix.ticket(EVENT, f"seminar{n}") for n in (14, 16)]
    with OutageProxy(pretix.url) as proxy:
        db = tmp_path / "kiosk.db"
        engine = through(pretix, db, proxy)
        for code in codes:
            assert scan(db, code).reason is Reason.FIRST_ENTRY
        proxy.switch("502-after")
        result = engine.sync(force=True)
        assert not result.ok and isinstance(result.error, ServerUnavailable)
        assert proxy.forwarded >= 1 and stored(pretix, codes[0]) == 1  # pretix has it
        assert engine.status().pending_uploads == 2  # the kiosk does not know that
        proxy.switch("pass")
        assert engine.sync(force=True).ok
        assert engine.status().pending_uploads == 0
        assert [stored(pretix, c) for c in codes] == [1, 1]
        engine.close()


def test_an_undo_whose_answer_was_lost_is_not_refused_on_retry(pretix: PretixServer,
                                                               tmp_path: Path) -> None:
    """pretix annuls, the gateway fails (502): the kiosk sends the annulment again, and
    pretix answers 400 "Cannot annul an unsuccessful checkin" (annul is not idempotent
    by nonce). That is the first one having worked: nothing is kept as refused."""
    code = pretix.ticket(EVENT, "workshop2")
    with OutageProxy(pretix.url) as proxy:
        db = tmp_path / "kiosk.db"
        engine = through(pretix, db, proxy)
        first = scan(db, code)
        assert first.reason is Reason.FIRST_ENTRY
        assert engine.sync(force=True).ok and stored(pretix, code) == 1
        with Replica(db) as replica:
            CheckInService(replica).undo(first.checkin_id)
        proxy.switch("502-after")
        assert not engine.sync(force=True).ok
        assert stored(pretix, code) == 0  # pretix annulled it
        proxy.switch("pass")
        again = engine.sync(force=True)
        assert again.ok, again.error
        state = engine.status()
        assert state.pending_uploads == 0 and state.rejected_uploads == 0
        engine.close()


def test_a_hanging_proxy_is_offline_after_the_timeout(pretix: PretixServer,
                                                      tmp_path: Path) -> None:
    code = pretix.ticket(EVENT, "seminar20")
    with OutageProxy(pretix.url) as proxy:
        db = tmp_path / "kiosk.db"
        engine = through(pretix, db, proxy)
        proxy.switch("hang")
        started = time.monotonic()
        assert scan(db, code).reason is Reason.FIRST_ENTRY
        shown = gui_sync(engine, db)
        took = time.monotonic() - started
        assert shown["connection"] == "offline", shown
        assert "did not answer in time" in shown["error"]
        assert took < 20, took  # the kiosk's timeout, not the proxy's patience
        proxy.switch("pass")
        assert gui_sync(engine, db)["connection"] == "online"
        assert stored(pretix, code) == 1
        engine.close()


def test_pretix_itself_hangs_on_a_locked_database(pretix: PretixServer,
                                                  tmp_path: Path) -> None:
    """pretix's own database held locked (a long migration, a backup): pretix does not
    answer; the kiosk gives up after its timeout and is offline. Released, pretix goes on
    with the request the kiosk gave up on (it may store the check-in then), and the
    kiosk's retry (the same nonce) leaves one check-in."""
    code = pretix.ticket(EVENT, "seminar23")
    db = tmp_path / "kiosk.db"
    engine = kiosk(pretix, db)
    assert scan(db, code).reason is Reason.FIRST_ENTRY
    lock = sqlite3.connect(pretix.data_dir / "db.sqlite3", timeout=30,
                           isolation_level=None)
    release = threading.Event()
    try:
        lock.execute("BEGIN EXCLUSIVE")  # readers too wait (rollback journal)
        shown = gui_sync(engine, db)
        assert shown["connection"] == "offline", shown
        assert "did not answer in time" in shown["error"]
        assert scan(db, pretix.ticket(EVENT, "workshop0")).reason is Reason.FIRST_ENTRY
    finally:
        lock.execute("ROLLBACK")
        lock.close()
        release.set()
    time.sleep(1.0)  # pretix finishes what it was doing
    back = gui_sync(engine, db)
    assert back["connection"] == "online" and back["pending_uploads"] == 0, back
    assert stored(pretix, code) == 1
    engine.close()


def test_a_wifi_login_page_is_offline_with_its_own_words(pretix: PretixServer,
                                                         tmp_path: Path) -> None:
    """The venue's Wi-Fi answering with its login page (200 HTML, or a redirect): as
    with our own list, "Wi-Fi needs a login", and nothing lost."""
    import http.server

    class Portal(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            page = b"<!doctype html><html><body><form>Login to Hotel Wi-Fi</form></body>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def do_POST(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", "http://login.hotel.example/")
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        db = tmp_path / "kiosk.db"
        engine = kiosk(pretix, db)
        with Replica(db) as replica:
            direct = replica.get_meta("server_url")
            replica.set_meta("server_url", f"http://127.0.0.1:{server.server_address[1]}")
        code = pretix.ticket(EVENT, "workshop1")
        assert scan(db, code).reason is Reason.FIRST_ENTRY
        result = engine.sync(force=True)
        assert isinstance(result.error, CaptivePortal), result.error
        assert gui_sync(engine, db)["connection"] == "portal"
        assert engine.status().pending_uploads == 1
        with Replica(db) as replica:
            replica.set_meta("server_url", direct)
        assert engine.sync(force=True).ok and stored(pretix, code) == 1
        engine.close()
    finally:
        server.shutdown()
        server.server_close()
