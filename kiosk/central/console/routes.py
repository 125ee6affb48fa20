"""The organisers' console: server-rendered pages under ``/console``.

Every change goes through the :class:`~kiosk.central.store.CentralStore` method the
``kiosk central`` commands use; the pages (one module per area in
:mod:`kiosk.central.console.pages`) only read forms, check the session
(:mod:`kiosk.central.console.session`) and render templates.
"""

from __future__ import annotations

import inspect

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from kiosk.central.console.pages.attendees import AttendeesPages
from kiosk.central.console.pages.base import HERE, Console, error_page
from kiosk.central.console.pages.devices import DevicesPages
from kiosk.central.console.pages.events import EventsPages
from kiosk.central.console.pages.exports import ExportsPages
from kiosk.central.console.pages.flags import FlagsPages
from kiosk.central.console.pages.imports import IMPORT_PREVIEW_PATH, MAX_IMPORT_BYTES, ImportsPages
from kiosk.central.console.pages.live import LivePages
from kiosk.central.console.pages.login import LoginPages
from kiosk.central.console.session import PREFIX, SecurityHeaders
from kiosk.central.store import CentralStore
from kiosk.errors import CentralError, CentralUnavailable, ConsoleRefused, NotFound

__all__ = ["IMPORT_PREVIEW_PATH", "MAX_IMPORT_BYTES", "console_router", "install_console"]

AREAS = (LoginPages, LivePages, EventsPages, AttendeesPages, ImportsPages, DevicesPages,
         FlagsPages, ExportsPages)


def install_console(app: FastAPI, store: CentralStore) -> None:
    """Mount the console (pages, static files, security headers) on ``app``."""
    app.include_router(console_router(store))
    app.mount(PREFIX + "/static", StaticFiles(directory=HERE / "static"),
              name="console-static")
    app.add_middleware(SecurityHeaders)

    # A console page whose store refuses (no such event, a bad value, the database
    # busy) is answered as a page in the reader's language, not the API's JSON.
    for kind, status in ((NotFound, 404), (CentralUnavailable, 503), (CentralError, 400)):
        _page_errors(app, kind, status)

    @app.exception_handler(ConsoleRefused)
    async def _refused(request: Request, exc: ConsoleRefused) -> Response:
        if exc.kind == "no_session" and request.method == "GET" and not _wants_json(request):
            return RedirectResponse(f"{PREFIX}/login", status_code=303)
        if _wants_json(request):
            return JSONResponse({"error": exc.kind, "message": str(exc)},
                                status_code=exc.status)
        return error_page(request, str(exc), exc.status)


def console_router(store: CentralStore) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    console = Console.of(store)
    for area in AREAS:
        area(console).mount(router)
    return router


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or \
        "application/json" in request.headers.get("accept", "")


def _page_errors(app: FastAPI, kind: type[Exception], status: int) -> None:
    api_answer = app.exception_handlers.get(kind)

    async def answer(request: Request, exc: Exception) -> Response:
        page = request.url.path.startswith(PREFIX + "/") and not _wants_json(request)
        if not page and api_answer is not None:
            response = api_answer(request, exc)
            return await response if inspect.isawaitable(response) else response
        return error_page(request, str(exc), status)

    app.add_exception_handler(kind, answer)
