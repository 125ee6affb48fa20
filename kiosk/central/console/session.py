"""The console's web session: login by POST form, a server-side session, CSRF and
browser hardening (issue 10 item 7).

- The organiser token is typed into a POST form once; it is never in a URL, the
  browser's history or a log. The cookie holds a random session id; the database keeps
  only its SHA-256 (``console_sessions``), so a copied database holds no live session.
- Cookie: ``HttpOnly``, ``SameSite=Strict``, ``Path=/console``, ``Secure`` when the
  request came over HTTPS, ``Max-Age`` = :data:`SESSION_HOURS`; logout deletes the row.
- Every state-changing request (POST) must carry the session's CSRF token in a form
  field *and* an ``Origin`` (or, failing that, ``Referer``) naming this very server
  (scheme, host and port), and be ``multipart/form-data`` or
  ``application/x-www-form-urlencoded``: a page on another port of the same host is
  "same-site" for the cookie, but not same-origin, so it is refused here.
- Every console response says ``X-Frame-Options: DENY`` and a Content-Security-Policy
  without inline script (:data:`CSP`); script and styles are static files.

:func:`login_refused` is the one place a failed login goes through (throttling hooks in
there).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.central.db import iso, utcnow
from kiosk.central.store import CentralStore
from kiosk.errors import ConsoleRefused

COOKIE = "kiosk_console"
#: The login form's double-submit cookie (a login CSRF guard before any session exists).
LOGIN_COOKIE = "kiosk_console_login"
PREFIX = "/console"
SESSION_HOURS = 12
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: Chromium sends "Origin: null" on a POST under
    # no-referrer, which would fail our own Origin check.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Session:
    id_hash: str
    csrf: str


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class Sessions:
    """Console sessions kept in the central list's database (shared by every server
    process on one PostgreSQL database)."""

    def __init__(self, store: CentralStore, *, hours: int = SESSION_HOURS) -> None:
        self.store = store
        self.hours = hours

    def create(self) -> tuple[str, Session]:
        """A new session: (the cookie's id, shown once; the session)."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = utcnow()
        expires = now + timedelta(hours=self.hours)

        def work(tx: Any) -> None:
            tx.execute("DELETE FROM console_sessions WHERE expires_at < ?", (iso(now),))
            tx.execute("INSERT INTO console_sessions (id_hash, csrf, created_at, expires_at) "
                       "VALUES (?, ?, ?, ?)", (_hash(session_id), csrf, iso(now), iso(expires)))

        self.store.db.run(work)
        return session_id, Session(_hash(session_id), csrf)

    def get(self, session_id: str | None) -> Session | None:
        if not session_id or len(session_id) > 100:
            return None
        row = self.store.db.run(lambda tx: tx.one(
            "SELECT id_hash, csrf, expires_at FROM console_sessions WHERE id_hash = ?",
            (_hash(session_id),)), write=False)
        if row is None or row["expires_at"] < iso(utcnow()):
            return None
        return Session(row["id_hash"], row["csrf"])

    def end(self, session: Session) -> None:
        self.store.db.run(lambda tx: tx.execute(
            "DELETE FROM console_sessions WHERE id_hash = ?", (session.id_hash,)))


def set_session_cookie(response: Response, request: Request, session_id: str,
                       hours: int = SESSION_HOURS) -> None:
    response.set_cookie(COOKIE, session_id, max_age=hours * 3600, path=PREFIX,
                        httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path=PREFIX, httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")


def own_origin(request: Request) -> str:
    """``scheme://host[:port]`` of this server as the browser addressed it."""
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}"


def check_same_origin(request: Request) -> None:
    """Refuse a state-changing request whose Origin (or Referer) is not this server."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer", "")
        parts = referer.split("/")
        origin = "/".join(parts[:3]) if len(parts) >= 3 else None
    if not origin or origin != own_origin(request):
        raise ConsoleRefused(403, "This form was not sent from the console's own page "
                                  "(its Origin is another site or missing): nothing was "
                                  "changed. Open the console and try again.",
                             kind="bad_origin")


def check_form_type(request: Request) -> None:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in FORM_TYPES:
        raise ConsoleRefused(415, "Forms must be sent as multipart/form-data or "
                                  "application/x-www-form-urlencoded: nothing was changed.",
                             kind="bad_content_type")


def check_csrf(session: Session, given: str | None) -> None:
    if not given or not secrets.compare_digest(given, session.csrf):
        raise ConsoleRefused(403, "The form's security token is missing or out of date "
                                  "(the page was open too long, or it came from another "
                                  "site): nothing was changed. Reload the page and try again.",
                             kind="bad_csrf")


def login_refused(request: Request) -> None:
    """The one path of a failed organiser login (wrong or missing token).

    Raises the refusal; per-client throttling of failed logins belongs here."""
    raise ConsoleRefused(401, "Wrong organiser token (see `kiosk central admin-token`).",
                         kind="not_organiser")


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every response under ``/console``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PREFIX):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.lower().encode() not in present:
                        headers.append((key.lower().encode(), value.encode()))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, with_headers)
