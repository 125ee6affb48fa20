"""The central list's HTTP server (FastAPI on uvicorn): :func:`create_app` puts the
areas' routers together; :func:`serve` (``kiosk serve``) and :func:`run_in_thread` (the
GUI demo, tests) run it.

Every response is JSON; every error is ``{"error": KIND, "message": "plain words"}``
(:mod:`kiosk.central.api.http`). All endpoints but pairing need
``Authorization: Bearer <device token>``; ``/admin`` needs the organiser token.

    POST /api/v1/pair        {code, device_name}        -> {device_id, token, ...}
    GET  /api/v1/whoami                                 -> {device_id, server_time}
    GET  /api/v1/changes?cursor=X.Y&check=F&limit=N&count=1
                                    -> {changes, cursor, cursor_check, more, remaining}
                                       (409 cursor_unknown: the list was restored)
    POST /api/v1/attendees   {attendees: [...]}         -> {results}  (walk-ins)
    POST /api/v1/checkins    {sent_at, pending, checkins: [...]} -> {results, clock_skew_seconds}
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from kiosk.central.api import dashboard, devices, feed, ingest, organiser, snapshot
from kiosk.central.api.http import BodyLimit, ServerIdentity, add_error_handlers
from kiosk.central.console import install_console
from kiosk.central.console import routes as console_routes
from kiosk.central.store import CentralStore
from kiosk.central.throttle import FailureThrottle
from kiosk.central.tls import TlsFiles, forget_temporary
from kiosk.central.tls import resolve as resolve_tls
from kiosk.core.config import is_loopback
from kiosk.errors import CentralError

#: Largest request body accepted (a full batch of check-ins is ~0.5 MB).
MAX_BODY_BYTES = 2 * 1024 * 1024


def create_app(store: CentralStore) -> FastAPI:
    """The FastAPI application serving ``store``: one router per area."""
    app = FastAPI(
        title="checkin-kiosk central list",
        version="1",
        description="Pairing, the change feed and check-in upload for check-in kiosks. "
                    "See docs/sync.md for the protocol.",
    )
    app.state.store = store
    app.state.last_touch = {}  # device id -> when its last-seen time was last written
    app.state.throttle = FailureThrottle()  # failed guesses (pairing codes, organiser token)
    app.state.feed_reads = {}  # live feed: page reads shared by waiting requests
    add_error_handlers(app)
    for area in (devices, feed, ingest, organiser, dashboard, snapshot):
        app.include_router(area.router)
    install_console(app, store)
    # The CSV imports may be large (the console's form: up to 64 MB, was held to 2 MB).
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES,
                       larger={organiser.IMPORT_PATH: organiser.MAX_IMPORT_BYTES,
                               console_routes.IMPORT_PREVIEW_PATH:
                                   console_routes.MAX_IMPORT_BYTES})
    app.add_middleware(ServerIdentity)  # outermost: even a 413 says who answered
    return app


# -- running it -----------------------------------------------------------------------

def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, h11 writes headers and body
    # separately and Nagle + delayed ACK add ~40 ms to every answer.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise CentralError(f"Cannot listen on {host}:{port}: {exc.strerror}.") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _url(sock: socket.socket, host: str, *, tls: bool = False) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"{'https' if tls else 'http'}://{shown}:{port}"


def _uvicorn_server(app: Any, tls: TlsFiles | None = None) -> Any:
    import uvicorn

    options: dict[str, Any] = {}
    if tls is not None:
        options = {"ssl_certfile": str(tls.cert), "ssl_keyfile": str(tls.key)}
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_keep_alive=30, timeout_graceful_shutdown=5, **options)

    class Server(uvicorn.Server):
        async def shutdown(self, sockets: Any = None) -> None:
            # Held live requests answer now (an empty page) instead of holding the
            # shutdown for up to a minute; the kiosks ask the next server.
            app.state.store.feed.signal.close()
            await super().shutdown(sockets)

    return Server(config)


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8421,
          cert: str | None = None, key: str | None = None, insecure_http: bool = False,
          announce: Callable[[str], None] | None = None) -> None:
    """Serve the central list at ``db`` until interrupted (blocking; ``kiosk serve``).

    HTTPS with ``cert``/``key``, else with the list's self-signed certificate
    (:mod:`kiosk.central.tls`); plain HTTP only with ``insecure_http``."""
    store = CentralStore.open(db)
    tls: TlsFiles | None = None
    raise_open_files_limit()
    try:
        sock = _bind(host, port)
        tls = resolve_tls(store, db, cert=cert, key=key, insecure_http=insecure_http,
                          host=host)
        server = _uvicorn_server(create_app(store), tls)
        if tls is not None:
            where = (f"certificate SHA-256 {tls.fingerprint}"
                     + (f", self-signed, kept in {tls.cert}" if tls.self_signed else ""))
        else:
            where = "PLAIN HTTP: device tokens and attendee data are readable on the network"
        message = f"Central list serving on {_url(sock, host, tls=tls is not None)} " \
                  f"(database: {_describe(db)}; {where}). Press Ctrl+C to stop."
        (announce or (lambda m: print(m, flush=True)))(message)
        # A list filled before this start (or whose files went with a reboot: on
        # PostgreSQL they are in the temporary directory) has its snapshot files built
        # now, in the background, not while the first kiosk waits (none when the log is
        # short, or when a recent file is there: docs/sync.md, "Built before a kiosk asks").
        store.snapshot_files.refresh_soon()
        server.run(sockets=[sock])
    finally:
        forget_temporary(tls)
        store.close()


def raise_open_files_limit() -> int:
    """Raise this process's soft limit on open files to its hard limit and return it:
    every held live request is one open connection (docs/deploy.md, capacity)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (OSError, ValueError):
            pass
    return int(soft)


def _describe(db: str | Path) -> str:
    from kiosk.central.db import describe_url

    return describe_url(str(db))


@dataclass
class ServerHandle:
    """A central server running in a background thread of this process."""

    url: str
    store: CentralStore
    _server: Any
    _thread: threading.Thread
    _owns_store: bool

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_in_thread(db: str | Path | CentralStore, *, host: str = "127.0.0.1",
                  port: int = 0, tls: TlsFiles | None = None) -> ServerHandle:
    """Start a central server in a daemon thread; returns once it accepts connections.

    ``port=0`` picks a free port; the handle's ``url`` says which. Without ``tls`` it
    speaks plain HTTP, so only on a loopback address (the demo, tests)."""
    if tls is None and not is_loopback(host):
        raise CentralError(f"Plain HTTP is for loopback only, not {host}: give a "
                           "certificate (kiosk.central.tls).")
    owns = not isinstance(db, CentralStore)
    store = CentralStore.open(db) if not isinstance(db, CentralStore) else db
    sock = _bind(host, port)
    server = _uvicorn_server(create_app(store), tls)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                              name="central-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise CentralError("The embedded central server did not start.")
        time.sleep(0.01)
    return ServerHandle(_url(sock, host, tls=tls is not None), store, server, thread, owns)


if __name__ == "__main__":  # pragma: no cover - `kiosk serve` is the entry point
    serve(sys.argv[1] if len(sys.argv) > 1 else "central.db")
