"""What every router shares: the base of request bodies, JSON errors, the body-size
limit, and who is asking (a device by its token, an organiser by theirs).

Every error is ``{"error": KIND, "message": "plain words"}`` with a 4xx status for
anything the client got wrong (401/403 token, 404, 409 another change came first, 413 too
large, 422 malformed) and 503
when the database is unavailable. Only a bug gives 500.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.central.db import iso, utcnow
from kiosk.central.devices import Device
from kiosk.central.store import CentralStore
from kiosk.core.times import EARLIEST, LATEST, plausible_time
from kiosk.core.wire import SERVER_HEADER, SERVER_IDENTITY, SERVER_TIME_HEADER, software_version
from kiosk.errors import (
    AuthFailed,
    CentralError,
    CentralUnavailable,
    CursorUnknown,
    EditConflict,
    ImportFailed,
    NotFound,
    Throttled,
)

log = logging.getLogger("kiosk.central")

API = "/api/v1"
#: Most items in one upload; clients send smaller batches.
MAX_BATCH = 1000
#: Largest count a client may report (far below a 64-bit column's limit).
MAX_COUNT = 1_000_000_000
#: A device's last-seen time is written at most this often by ordinary requests.
_TOUCH_SECONDS = 5


class Body(BaseModel):
    """Base of every request body: unknown fields ignored; no NUL characters anywhere
    (PostgreSQL text cannot hold them); times within this century, except the fields a
    body names in ``_DEVICE_CLOCK`` (a kiosk's own clock, which may be 1970: the route
    keeps the check-in and corrects its time, :func:`kiosk.core.times.kept_scan_time`)."""

    model_config = ConfigDict(extra="ignore")
    _DEVICE_CLOCK: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _sane(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs for every field of every uploaded check-in: plain text, the common case,
        # is answered first.
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("must not contain NUL characters")
        elif isinstance(value, dict):
            if any("\x00" in str(t) for pair in value.items() for t in pair):
                raise ValueError("must not contain NUL characters")
        elif info.field_name in cls._DEVICE_CLOCK:
            return value
        elif isinstance(value, datetime):
            if not plausible_time(as_aware(value)):
                raise ValueError("must be a time between 2000 and 2100")
        elif isinstance(value, date) \
                and not EARLIEST.year <= value.year < LATEST.year:
            raise ValueError("must be a date between 2000 and 2100")
        return value


def as_aware(ts: datetime) -> datetime:
    """``ts`` with a time zone (a naive time from a client is taken as UTC)."""
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


# -- who is asking ------------------------------------------------------------------

def store_of(request: Request) -> CentralStore:
    """The central list this app serves."""
    store: CentralStore = request.app.state.store
    return store


def device(request: Request, authorization: Annotated[str | None, Header()] = None,
           x_kiosk_pending: Annotated[str | None, Header()] = None,
           user_agent: Annotated[str | None, Header()] = None) -> Device:
    """The device whose token the request carries (401/403 otherwise)."""
    store = store_of(request)
    token = None
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    # The kiosk's backlog, sent with every request: shown per device, also for a
    # revoked one (what it could not upload).
    pending = None
    if x_kiosk_pending and x_kiosk_pending.isdigit() and len(x_kiosk_pending) < 10:
        pending = int(x_kiosk_pending)
    dev = store.devices.authenticate(token, pending=pending)
    last_touch: dict[str, float] = request.app.state.last_touch
    now = time.monotonic()
    # Not a write per request, and never a wait for the write lock (an import's chunk):
    # when it is busy, a later request writes it.
    if now - last_touch.get(dev.id, 0.0) > _TOUCH_SECONDS and store.devices.touch(
            dev, pending=pending, software=software_version(user_agent), wait=False):
        last_touch[dev.id] = now
    return dev


#: ``dev: Device = authed`` in an endpoint: a device token is required.
authed = Depends(device)

def client_address(request: Request) -> str:
    """The peer's address, the key of failed-attempt throttling."""
    return request.client.host if request.client else "unknown"


def organiser(request: Request) -> None:
    """Refuse anyone without the organiser token (``Authorization: Bearer``: scripts;
    people use the console's session); wrong tokens are guesses, throttled by address."""
    token = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
    throttle = request.app.state.throttle
    address = client_address(request)
    throttle.check("organiser", address, "organiser login")
    if not store_of(request).dashboard.check_admin_token(token):
        if token:  # a wrong token is a guess; no token at all is not
            throttle.failed("organiser", address)
        raise AuthFailed("Organisers only: sign in at /console with the token printed by "
                         "`kiosk central admin-token` (scripts: send it as "
                         "`Authorization: Bearer TOKEN`).", reason="not_organiser")


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


def _http_error(exc: StarletteHTTPException) -> JSONResponse:
    kind = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
        exc.status_code, "http_error")
    message = "No such endpoint." if exc.status_code == 404 else str(exc.detail)
    return error(exc.status_code, kind, message)


def _throttled(exc: Throttled) -> JSONResponse:
    response = error(429, "too_many_attempts", str(exc))
    response.headers["Retry-After"] = str(exc.seconds)
    return response


def _bug(exc: Exception) -> JSONResponse:
    log.exception("internal error", exc_info=exc)
    return error(500, "internal", "Internal error on the central list (see its log).")


def add_error_handlers(app: FastAPI) -> None:
    """Answer every error as ``{"error", "message"}`` with the right status."""
    from psycopg import DataError as PostgresDataError

    answers: list[tuple[type[Exception], Any]] = [
        (Throttled, _throttled),
        (AuthFailed, lambda e: error(403 if e.reason in ("revoked",) else 401, e.reason,
                                     str(e))),
        (ImportFailed, lambda e: error(
            422, "import_failed", str(e),
            problems=[{"line": n, "reason": r} for n, r in e.problems[:200]])),
        (NotFound, lambda e: error(404, "not_found", str(e))),
        (CursorUnknown, lambda e: error(409, "cursor_unknown", str(e))),
        (EditConflict, lambda e: error(409, "conflict", str(e))),
        (CentralUnavailable, lambda e: error(
            503, "unavailable", f"The central list is temporarily unavailable: {e}")),
        (CentralError, lambda e: error(400, "bad_request", str(e))),
        (RequestValidationError, lambda e: error(422, "invalid", _validation_message(e))),
        (StarletteHTTPException, _http_error),
        # A value PostgreSQL cannot store that validation did not foresee: the client's
        # fault, so 422 rather than 500.
        (PostgresDataError, lambda e: error(
            422, "invalid", f"Invalid value: {str(e).splitlines()[0]}")),
        # A number SQLite cannot hold (above 2^63) that validation did not bound: 422.
        (OverflowError, lambda e: error(422, "invalid", "A number in the request is too large.")),
        (Exception, _bug),
    ]
    for kind, answer in answers:
        app.add_exception_handler(kind, _handler(answer))


def _handler(answer: Any) -> Any:
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        response: JSONResponse = answer(exc)
        return response

    return handle


# -- who answered ------------------------------------------------------------------

class ServerIdentity:
    """Mark every answer as the central list's (``X-Checkin-Kiosk: central-list``), so a
    kiosk can tell it from a Wi-Fi login page or a proxy (kiosk/sync/portal.py), with
    this list's clock (``X-Checkin-Kiosk-Time``): every answer measures a kiosk's skew."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.header = (SERVER_HEADER.lower().encode(), SERVER_IDENTITY.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                now = (SERVER_TIME_HEADER.lower().encode(), iso(utcnow()).encode())
                message = {**message,
                           "headers": [*message.get("headers", []), self.header, now]}
            await send(message)

        await self.app(scope, receive, send_marked)


# -- the body limit -----------------------------------------------------------------

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
