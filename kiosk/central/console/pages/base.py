"""What every console page shares: the store and the console's own state, the session
and form checks every request passes, and the rendering of a template in the reader's
language. The pages of each area (``login``, ``live``, ``events``, ...) are methods of a
:class:`Views` subclass marked with :func:`page`; :func:`mount` puts them on the router.
Store calls run in the thread pool, never on the event loop, so the kiosks' requests are
not held up."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from kiosk.central.console import queries
from kiosk.central.console.i18n import LANG_COOKIE, choose, translator
from kiosk.central.console.import_jobs import ImportJobs
from kiosk.central.console.session import (
    PREFIX,
    Session,
    Sessions,
    check_csrf,
    check_form_type,
    check_same_origin,
)
from kiosk.central.console.tally import LiveTally
from kiosk.central.store import CentralStore
from kiosk.core.models import Event
from kiosk.errors import ConsoleRefused

HERE = Path(__file__).resolve().parents[1]
T = TypeVar("T")
#: How long an import preview waits for its confirmation.
PREVIEW_SECONDS = 30 * 60

env = Environment(loader=FileSystemLoader(HERE / "templates"),
                  autoescape=select_autoescape(["html", "svg"]), trim_blocks=True,
                  lstrip_blocks=True)


def lang_of(request: Request) -> str:
    return choose(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                  request.headers.get("accept-language"))


def error_page(request: Request, message: str, status: int) -> Response:
    """A refusal or failure as a page in the reader's language (no navigation: the
    page may answer someone without a session)."""
    lang = lang_of(request)
    return HTMLResponse(env.get_template("error.html").render(
        _=translator(lang), lang=lang, message=message, nav=False, prefix=PREFIX,
        csrf="", event=None, events=[], path=request.url.path), status_code=status)


def url_quote(text: str) -> str:
    return quote(text, safe="")


def file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120] or "file"


def page(method: str, path: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a :class:`Views` method as the console page ``method path``."""
    def mark(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn.__dict__["console_page"] = (method, path)
        return fn
    return mark


class Previews:
    """Previewed CSV files (the raw bytes and their row count) waiting for the
    organiser's confirmation (in this process)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, str, str, Any]] = {}
        self._lock = threading.Lock()

    def put(self, session: Session, event_id: str, parsed: Any) -> str:
        key = secrets.token_urlsafe(16)
        now = time.monotonic()
        with self._lock:
            for k, (at, *_rest) in list(self._items.items()):
                if now - at > PREVIEW_SECONDS:
                    del self._items[k]
            while len(self._items) >= 8:
                self._items.pop(next(iter(self._items)))
            self._items[key] = (now, session.id_hash, event_id, parsed)
        return key

    def take(self, session: Session, key: str) -> tuple[str, Any] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[1] != session.id_hash or \
                    time.monotonic() - item[0] > PREVIEW_SECONDS:
                return None
            del self._items[key]
            return item[2], item[3]


@dataclass
class Console:
    """The console's state in this process, shared by every area's pages."""

    store: CentralStore
    sessions: Sessions
    search_index: queries.SearchIndex
    tally: LiveTally
    previews: Previews
    imports: ImportJobs

    @classmethod
    def of(cls, store: CentralStore) -> Console:
        return cls(store, Sessions(store), queries.SearchIndex(store), LiveTally(store),
                   Previews(), ImportJobs(lambda raw, event, progress: queries.import_into(
                       store, raw, event, progress=progress)))


class Views:
    """One area's pages; the helpers below are what each page starts with."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.store

    def mount(self, router: APIRouter) -> None:
        # In the order they are written: a fixed path ("/attendees/search.json") goes
        # before the pattern that would also match it ("/attendees/{attendee_id}").
        for name, fn in vars(type(self)).items():
            marked = getattr(fn, "console_page", None)
            if marked is not None:
                method, path = marked
                router.add_api_route(path, getattr(self, name), methods=[method])

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await run_in_threadpool(fn, *args, **kwargs)

    async def session_of(self, request: Request) -> Session:
        found = await self.run(self.console.sessions.get, request.cookies.get("kiosk_console"))
        if found is None:  # a page GET is sent to the login form (routes.install_console)
            raise ConsoleRefused(401, "Your session has ended: log in again.",
                                 kind="no_session")
        return found

    async def form_of(self, request: Request, *, session: Session | None = None) -> FormData:
        """The checks every console POST passes before anything happens."""
        check_form_type(request)
        check_same_origin(request)
        form = await request.form(max_files=1, max_fields=200)
        if session is not None:
            given = form.get("csrf")
            check_csrf(session, given if isinstance(given, str) else None)
        return form

    @staticmethod
    def text(form: FormData, key: str, default: str = "") -> str:
        value = form.get(key)
        return value.strip() if isinstance(value, str) else default

    async def render(self, request: Request, template: str, session: Session | None, *,
                     status: int = 200, event: Event | None = None, **context: Any) -> Response:
        lang = lang_of(request)
        events = await self.run(self.store.events.all) if session else []
        html = env.get_template(template).render(
            _=translator(lang), lang=lang, csrf=session.csrf if session else "",
            nav=session is not None, prefix=PREFIX, event=event, events=events,
            path=request.url.path, **context)
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in ("en", "id"):
            response.set_cookie(LANG_COOKIE, lang_of(request), max_age=365 * 24 * 3600,
                                path=PREFIX, samesite="strict", httponly=True)
        return response

    async def event_for(self, request: Request, event_id: str | None = None) -> Event | None:
        return await self.run(queries.pick_event, self.store,
                              event_id or request.query_params.get("event") or None)

    @staticmethod
    def back(url: str, message: str = "") -> Response:
        if message:
            url += ("&" if "?" in url else "?") + "message=" + url_quote(message)
        return RedirectResponse(url, status_code=303)
