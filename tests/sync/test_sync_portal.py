"""A captive portal or a proxy is "offline", not a protocol error (kiosk/sync/portal.py):
a small fake venue network on loopback answers the kiosk's sync with a Wi-Fi login page,
a redirect to one, a 511, a proxy's error page or JSON that is not ours; DNS failures,
TLS errors and connection resets likewise. Nothing queued is lost, and once the "login"
is done the same kiosk syncs with the real central list behind it."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.wire import SERVER_HEADER
from kiosk.errors import CaptivePortal, ProtocolError, ServerUnavailable
from kiosk.replica.changes import MetaKey
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from kiosk.sync.pinning import META_KEY as PIN_KEY
from tests.central_fixtures import central_list

LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head><body>"
              b"<form action='/login'>Room number <input name='room'></form></body></html>")


class VenueNetwork:
    """A loopback HTTP server standing between the kiosk and the central list."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.mode = "login"
        network = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                mode = network.mode
                if mode == "pass":
                    reply = httpx.request(self.command, network.upstream + self.path,
                                          content=body, headers={
                                              k: v for k, v in self.headers.items()
                                              if k.lower() not in ("host", "content-length")})
                    self._send(reply.status_code, reply.content,
                               {k: v for k, v in reply.headers.items()
                                if k.lower() in ("content-type", SERVER_HEADER.lower())})
                elif mode == "login":
                    self._send(200, LOGIN_PAGE, {"content-type": "text/html; charset=utf-8"})
                elif mode == "login-no-type":  # some portals send no content type at all
                    self._send(200, LOGIN_PAGE, {})
                elif mode == "redirect":
                    self._send(302, b"", {"location": "http://wifi.venue.example/login?u=x"})
                elif mode == "511":
                    self._send(511, LOGIN_PAGE, {"content-type": "text/html"})
                elif mode == "proxy-error":
                    self._send(403, b"<html>Access denied by the proxy</html>",
                               {"content-type": "text/html"})
                elif mode == "json-not-ours":
                    self._send(200, b'["welcome", "to", "the", "venue"]',
                               {"content-type": "application/json"})
                elif mode == "reset":
                    # SO_LINGER 0: close() sends a TCP reset instead of a clean FIN.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def venue(tmp_path: Path) -> Iterator[tuple[VenueNetwork, Path, CentralStore]]:
    central, code = central_list(tmp_path, "PT", 5)
    with CentralStore.open(central) as store, run_in_thread(store) as handle:
        network = VenueNetwork(handle.url)
        network.mode = "pass"
        db = tmp_path / "k.db"
        with SyncEngine(db) as engine:
            engine.pair(network.url, code)
            assert engine.sync().ok
        with Replica(db) as replica:
            assert str(CheckInService(replica, gate_id="main").scan("PT-1").verdict) \
                == "accepted"
        try:
            yield network, db, store
        finally:
            network.close()


@pytest.mark.parametrize("mode", ["login", "login-no-type", "redirect", "511"])
def test_a_wifi_login_page_is_offline_with_wifi_needs_a_login(
        venue: tuple[VenueNetwork, Path, CentralStore], mode: str) -> None:
    network, db, store = venue
    network.mode = mode
    with SyncEngine(db) as engine:
        result = engine.sync()
        assert not result.ok and isinstance(result.error, CaptivePortal), result.error
        assert "Wi-Fi" in str(result.error) and "login" in str(result.error)
        assert engine.status().online is False and engine.next_retry_in() > 0
        assert engine.status().pending_uploads == 1  # kept for later
        # Asked again inside the backoff (a new check-in): still the Wi-Fi login, not
        # plain "offline" (the kiosk's badge would flip between the two).
        waiting = engine.sync()
        assert isinstance(waiting.error, CaptivePortal), waiting.error
        network.mode = "pass"  # someone logged in at the portal
        assert engine.sync(force=True).ok
    assert store.ingest.count() == 1


@pytest.mark.parametrize("mode", ["proxy-error", "json-not-ours", "reset"])
def test_a_proxy_or_a_reset_is_plain_offline(
        venue: tuple[VenueNetwork, Path, CentralStore], mode: str) -> None:
    network, db, _store = venue
    network.mode = mode
    with SyncEngine(db) as engine:
        result = engine.sync()
        assert not result.ok
        assert isinstance(result.error, ServerUnavailable), result.error
        assert not isinstance(result.error, CaptivePortal)
        assert engine.status().pending_uploads == 1
        assert not isinstance(engine.sync().error, CaptivePortal)  # inside the backoff


def _point_at(db: Path, url: str) -> None:
    with Replica(db) as replica:
        replica.set_meta(MetaKey.SERVER_URL, url)
        if url.startswith("https://"):  # a pinned kiosk: the handshake fails before the pin
            replica.set_meta(PIN_KEY, "ab" * 32)


def test_dns_failure_and_tls_error_are_offline(
        venue: tuple[VenueNetwork, Path, CentralStore]) -> None:
    network, db, _store = venue
    for url in ("http://kiosk-central.invalid:8421",  # no such host name
                network.url.replace("http://", "https://")):  # TLS to a plain HTTP port
        _point_at(db, url)
        with SyncEngine(db, timeout=httpx.Timeout(5.0)) as engine:
            result = engine.sync()
        assert not result.ok and isinstance(result.error, ServerUnavailable), (url, result)
        assert not isinstance(result.error, CaptivePortal)


def test_pairing_through_a_portal_says_wifi_needs_a_login(
        venue: tuple[VenueNetwork, Path, CentralStore], tmp_path: Path) -> None:
    network, _db, store = venue
    network.mode = "login"
    code = store.devices.new_pairing_code(device_name="K2").code
    with SyncEngine(tmp_path / "k2.db") as engine, pytest.raises(CaptivePortal):
        engine.pair(network.url, code)
    network.mode = "proxy-error"
    with SyncEngine(tmp_path / "k2.db") as engine, \
            pytest.raises(ProtocolError, match="does not look like"):
        engine.pair(network.url, code)
    network.mode = "pass"  # the code was not used up by the failed attempts
    with SyncEngine(tmp_path / "k2.db") as engine:
        assert engine.pair(network.url, code)["device_id"]


def test_the_central_list_says_who_it_is(venue: tuple[VenueNetwork, Path, CentralStore]
                                         ) -> None:
    network, _db, _store = venue
    answer = httpx.get(network.upstream + "/api/v1/changes")  # no token: refused, but ours
    assert answer.status_code == 401 and answer.headers[SERVER_HEADER] == "central-list"
