"""The central list's HTTP API (FastAPI on uvicorn).

Every response is JSON; every error is ``{"error": KIND, "message": "plain words"}``
with a 4xx status for anything the client got wrong (401/403 token, 404, 413 too
large, 422 malformed) and 503 when the database is unavailable. Only a bug gives 500.

All endpoints but pairing need ``Authorization: Bearer <device token>``.

    POST /api/v1/pair        {code, device_name}        -> {device_id, token, ...}
    GET  /api/v1/whoami                                 -> {device_id, server_time}
    GET  /api/v1/changes?cursor=X.Y&check=F&limit=N&count=1
                                    -> {changes, cursor, cursor_check, more, remaining}
                                       (409 cursor_unknown: the list was restored)
    POST /api/v1/attendees   {attendees: [...]}         -> {results}  (walk-ins)
    POST /api/v1/checkins    {sent_at, pending, checkins: [...]} -> {results, clock_skew_seconds}

Run it with ``kiosk serve`` or, embedded (the GUI demo, tests), :func:`run_in_thread`.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.central.store import (
    START_CURSOR,
    CentralStore,
    Device,
    iso,
    parse_cursor,
    utcnow,
)
from kiosk.central.throttle import FailureThrottle, Throttled
from kiosk.central.tls import TlsFiles, forget_temporary
from kiosk.central.tls import resolve as resolve_tls
from kiosk.core.attendee_csv import ATTENDEE_ID_PATTERN
from kiosk.core.models import Attendee, AttendeeStatus
from kiosk.errors import (
    AuthFailed,
    CentralError,
    CentralUnavailable,
    CursorUnknown,
    ImportFailed,
    NotFound,
)

log = logging.getLogger("kiosk.central")

#: Largest request body accepted (a full batch of check-ins is ~0.5 MB).
MAX_BODY_BYTES = 2 * 1024 * 1024
#: Most items in one upload; clients send smaller batches.
MAX_BATCH = 1000
#: Most changes in one page of the feed.
MAX_PAGE = 5000
#: Largest count a client may report (far below a 64-bit column's limit).
MAX_COUNT = 1_000_000_000
API = "/api/v1"


# -- request bodies -----------------------------------------------------------------

_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


class Body(BaseModel):
    """Base of every request body: unknown fields ignored; no NUL characters anywhere
    (PostgreSQL text cannot hold them); times within this century."""

    model_config = ConfigDict(extra="ignore")

    @field_validator("*", mode="after")
    @classmethod
    def _sane(cls, value: Any) -> Any:
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts = [str(k) for k in value] + [str(v) for v in value.values()]
        if any("\x00" in t for t in texts):
            raise ValueError("must not contain NUL characters")
        if isinstance(value, datetime):
            aware = _aware(value)
            if not _EARLIEST <= aware < _LATEST:
                raise ValueError("must be a time between 2000 and 2100")
        if isinstance(value, date) and not isinstance(value, datetime) \
                and not 2000 <= value.year < 2100:
            raise ValueError("must be a date between 2000 and 2100")
        return value


class PairRequest(Body):
    code: str = Field(min_length=4, max_length=32)
    device_name: str = Field("", max_length=100)
    replaces_token: str | None = Field(
        None, max_length=200, description="the token of this kiosk's earlier pairing with "
                                          "this list (that device is revoked)")


class CheckInItem(Body):
    id: str = Field(min_length=1, max_length=64, description="client UUID (idempotency key)")
    attendee_id: str = Field(min_length=1, max_length=128)
    gate_id: str = Field(min_length=1, max_length=128)
    direction: Literal["entry", "exit", "undo"]
    scanned_at: datetime = Field(description="the kiosk's clock")
    day: date
    verdict: str = Field("", max_length=64)
    code: str | None = Field(None, max_length=512)
    undoes: str | None = Field(None, max_length=64)


class CheckInBatch(Body):
    sent_at: datetime | None = Field(None, description="the kiosk's clock when sending")
    # Bounded: a number the database cannot hold must be the client's 422, not our 500.
    pending: int | None = Field(None, ge=0, le=MAX_COUNT,
                                description="items still waiting on the kiosk")
    checkins: list[CheckInItem] = Field(max_length=MAX_BATCH)


class WalkIn(Body):
    # The CSV importer's rule: no path separators, fits a signed code's id field.
    id: str = Field(pattern=ATTENDEE_ID_PATTERN, description="1-64 letters, digits, . : - _")
    event_id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=300)
    code: str | None = Field(None, max_length=512)
    email: str = Field("", max_length=300)
    organisation: str = Field("", max_length=300)
    ticket_type: str = Field("", max_length=100)
    status: Literal["valid", "cancelled"] = "valid"
    details: dict[str, str] = Field(default_factory=dict, max_length=50)


class WalkInBatch(Body):
    attendees: list[WalkIn] = Field(max_length=MAX_BATCH)


# -- errors -------------------------------------------------------------------------

def error(status: int, kind: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": kind, "message": message, **extra}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        if err.get("type") == "json_invalid":
            return "The request body is not valid JSON."
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {err.get('msg')}")
    return "Invalid request: " + "; ".join(parts)


class BodyLimit:
    """Refuse bodies above ``limit`` bytes with 413 before they are read into memory
    (by Content-Length, and by counting for chunked uploads)."""

    def __init__(self, app: ASGIApp, limit: int,
                 larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.default_limit = limit
        self.larger = larger or {}  # path -> its own limit (the admin CSV import)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""), self.default_limit)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = JSONResponse(
            {"error": "too_large",
             "message": f"The request body is larger than {limit} bytes: send smaller "
                        "batches."}, status_code=413)
        if length is not None:
            try:
                if int(length) > limit:
                    await too_big(scope, receive, send)
                    return
            except ValueError:
                await error(400, "bad_request", "Bad Content-Length header.")(scope, receive, send)
                return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except _TooLarge:
            if not started:
                await too_big(scope, receive, send)


class _TooLarge(StarletteHTTPException):
    # An HTTPException so that FastAPI's body reader passes it through untouched.
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit} bytes: send smaller "
                              "batches.")


# -- the app ------------------------------------------------------------------------

def create_app(store: CentralStore) -> FastAPI:
    """The FastAPI application serving ``store``."""
    app = FastAPI(
        title="checkin-kiosk central list",
        version="1",
        description="Pairing, the change feed and check-in upload for check-in kiosks. "
                    "See docs/sync.md for the protocol.",
    )
    app.state.store = store
    app.state.throttle = throttle = FailureThrottle()
    last_touch: dict[str, float] = {}

    @app.exception_handler(Throttled)
    async def _throttled(_: Request, exc: Throttled) -> JSONResponse:
        response = error(429, "too_many_attempts", str(exc))
        response.headers["Retry-After"] = str(exc.seconds)
        return response

    @app.exception_handler(AuthFailed)
    async def _auth(_: Request, exc: AuthFailed) -> JSONResponse:
        return error(403 if exc.reason in ("revoked",) else 401, exc.reason, str(exc))

    @app.exception_handler(ImportFailed)
    async def _import(_: Request, exc: ImportFailed) -> JSONResponse:
        return error(422, "import_failed", str(exc),
                     problems=[{"line": n, "reason": r} for n, r in exc.problems[:200]])

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return error(404, "not_found", str(exc))

    @app.exception_handler(CursorUnknown)
    async def _cursor_unknown(_: Request, exc: CursorUnknown) -> JSONResponse:
        return error(409, "cursor_unknown", str(exc))

    @app.exception_handler(CentralUnavailable)
    async def _unavailable(_: Request, exc: CentralUnavailable) -> JSONResponse:
        return error(503, "unavailable", f"The central list is temporarily unavailable: {exc}")

    @app.exception_handler(CentralError)
    async def _central(_: Request, exc: CentralError) -> JSONResponse:
        return error(400, "bad_request", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, "invalid", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error")
        message = "No such endpoint." if exc.status_code == 404 else str(exc.detail)
        return error(exc.status_code, kind, message)

    from psycopg import DataError as PostgresDataError

    # A value PostgreSQL cannot store that validation did not foresee: the client's
    # fault, so 422 rather than 500.
    @app.exception_handler(PostgresDataError)
    async def _data(_: Request, exc: Exception) -> JSONResponse:
        return error(422, "invalid", f"Invalid value: {str(exc).splitlines()[0]}")

    # A number SQLite cannot hold (above 2^63) that validation did not bound: 422.
    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, exc: Exception) -> JSONResponse:
        return error(422, "invalid", "A number in the request is too large.")

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return error(500, "internal", "Internal error on the central list (see its log).")

    def device(authorization: Annotated[str | None, Header()] = None,
               x_kiosk_pending: Annotated[str | None, Header()] = None) -> Device:
        token = None
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
        # The kiosk's backlog, sent with every request: shown per device, also for a
        # revoked one (what it could not upload).
        pending = None
        if x_kiosk_pending and x_kiosk_pending.isdigit() and len(x_kiosk_pending) < 10:
            pending = int(x_kiosk_pending)
        dev = store.authenticate(token, pending=pending)
        now = time.monotonic()
        if now - last_touch.get(dev.id, 0.0) > 5:  # not a write per request
            last_touch[dev.id] = now
            store.touch_device(dev, pending=pending)
        return dev

    authed = Depends(device)

    @app.post(f"{API}/pair", summary="Exchange a pairing code for a device token")
    def pair(body: PairRequest, request: Request) -> dict[str, Any]:
        address = client_address(request)
        throttle.check("pair", address, "pairing")
        try:
            paired = store.pair(body.code, device_name=body.device_name,
                                replaces_token=body.replaces_token)
        except AuthFailed:
            throttle.failed("pair", address)
            raise
        return {"device_id": paired.device_id, "device_name": paired.device_name,
                "token": paired.token, "gate_id": paired.gate_id,
                "server_time": iso(utcnow())}

    @app.get(f"{API}/whoami", summary="Check the token; cheap online probe")
    def whoami(dev: Device = authed) -> dict[str, Any]:
        return {"device_id": dev.id, "device_name": dev.name, "gate_id": dev.gate_id,
                "server_time": iso(utcnow())}

    @app.get(f"{API}/changes", summary="The change feed, one page after a cursor")
    def changes(
        cursor: Annotated[str, Query(max_length=48)] = START_CURSOR,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
        count: Annotated[bool, Query()] = False,
        check: Annotated[str | None, Query(max_length=64)] = None,
        mark: Annotated[str | None, Query(max_length=48)] = None,
        mark_check: Annotated[str | None, Query(max_length=64)] = None,
        dev: Device = authed,
    ) -> JSONResponse:
        for given in (cursor, mark):
            try:
                if given is not None:
                    parse_cursor(given)
            except ValueError:
                raise CentralError(f"Bad cursor {given!r}: use the one the last page "
                                   "returned.") from None
        page = store.changes(cursor, limit=limit, with_remaining=count, check=check,
                             mark=mark, mark_check=mark_check)
        # A JSONResponse directly: FastAPI's generic encoder walks every nested value of
        # a 2,000-change page, which costs more than the query.
        return JSONResponse({"changes": page.changes, "cursor": page.cursor,
                             "more": page.more, "remaining": page.remaining,
                             "cursor_check": page.cursor_check,
                             "server_time": iso(utcnow())})

    @app.post(f"{API}/attendees", summary="Upload walk-ins registered at a kiosk")
    def upload_attendees(body: WalkInBatch, dev: Device = authed) -> dict[str, Any]:
        attendees = [Attendee(id=w.id, event_id=w.event_id, name=w.name, code=w.code,
                              email=w.email, organisation=w.organisation,
                              ticket_type=w.ticket_type, status=AttendeeStatus(w.status),
                              details=w.details, source="walkin") for w in body.attendees]
        statuses = store.ingest_walkins(dev, attendees)
        return {"results": [
            {"id": a.id, "status": s} if s != "rejected" else
            {"id": a.id, "status": s,
             "reason": f"event {a.event_id!r} is not on the central list"}
            for a, s in zip(attendees, statuses, strict=True)]}

    @app.post(f"{API}/checkins", summary="Upload check-ins (idempotent on their UUID)")
    def upload_checkins(body: CheckInBatch, dev: Device = authed) -> dict[str, Any]:
        items = [{
            "id": c.id, "attendee_id": c.attendee_id, "gate_id": c.gate_id,
            "direction": c.direction, "scanned_at": iso(_aware(c.scanned_at)),
            "day": c.day.isoformat(), "verdict": c.verdict, "code": c.code,
            "undoes": c.undoes,
        } for c in body.checkins]
        sent_at = _aware(body.sent_at) if body.sent_at else None
        outcome = store.ingest_checkins(dev, items, sent_at=sent_at, pending=body.pending)
        skew = (utcnow() - sent_at).total_seconds() if sent_at else None
        return {"results": outcome.results, "stored": outcome.stored,
                "already_stored": outcome.already, "rejected": outcome.rejected,
                "feed_mark": outcome.feed_mark,
                "clock_skew_seconds": skew,
                "server_time": iso(utcnow())}

    from kiosk.central.admin import MAX_IMPORT_BYTES, add_admin_routes

    add_admin_routes(app, store)
    from kiosk.central.console import install_console

    install_console(app, store)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES,
                       larger={"/admin/import": MAX_IMPORT_BYTES})
    return app


def client_address(request: Request) -> str:
    """The peer's address, the key of failed-attempt throttling."""
    return request.client.host if request.client else "unknown"


def _aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


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
                            timeout_keep_alive=30, **options)
    return uvicorn.Server(config)


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8421,
          cert: str | None = None, key: str | None = None, insecure_http: bool = False,
          announce: Callable[[str], None] | None = None) -> None:
    """Serve the central list at ``db`` until interrupted (blocking; ``kiosk serve``).

    HTTPS with ``cert``/``key``, else with the list's self-signed certificate
    (:mod:`kiosk.central.tls`); plain HTTP only with ``insecure_http``."""
    store = CentralStore.open(db)
    tls: TlsFiles | None = None
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
        server.run(sockets=[sock])
    finally:
        forget_temporary(tls)
        store.close()


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
    if tls is None and not _loopback(host):
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


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


if __name__ == "__main__":  # pragma: no cover - `kiosk serve` is the entry point
    serve(sys.argv[1] if len(sys.argv) > 1 else "central.db")
