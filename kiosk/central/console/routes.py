"""The organisers' console: server-rendered pages under ``/console``.

Every change goes through the :class:`~kiosk.central.store.CentralStore` method the
``kiosk central`` commands use; this module only reads forms, checks the session
(:mod:`kiosk.central.console.session`) and renders templates. Store calls run in the
thread pool, never on the event loop, so the kiosks' requests are not held up.
"""

from __future__ import annotations

import base64
import inspect
import secrets
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.staticfiles import StaticFiles

from kiosk.central.api.http import client_address
from kiosk.central.console import queries
from kiosk.central.console.chart import arrivals_svg, legend
from kiosk.central.console.i18n import LANG_COOKIE, choose, translator
from kiosk.central.console.import_jobs import ImportJob, ImportJobs
from kiosk.central.console.session import (
    LOGIN_COOKIE,
    PREFIX,
    SecurityHeaders,
    Session,
    Sessions,
    check_csrf,
    check_form_type,
    check_same_origin,
    clear_session_cookie,
    login_refused,
    set_session_cookie,
)
from kiosk.central.console.tally import LiveTally
from kiosk.central.db import utcnow
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, AttendeeStatus, Event, Gate
from kiosk.core.times import event_zone
from kiosk.errors import CentralError, CentralUnavailable, ConsoleRefused, ImportFailed, NotFound

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
#: How long an import preview waits for its confirmation.
PREVIEW_SECONDS = 30 * 60
#: Largest CSV accepted by the console's import form (as the /admin/import API): the
#: server's body limit lets this path's requests be this large (kiosk/central/server.py).
MAX_IMPORT_BYTES = 64 * 1024 * 1024
IMPORT_PREVIEW_PATH = PREFIX + "/import/preview"

_env = Environment(loader=FileSystemLoader(HERE / "templates"),
                   autoescape=select_autoescape(["html", "svg"]), trim_blocks=True,
                   lstrip_blocks=True)


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
        wants_json = request.url.path.endswith(".json") or \
            "application/json" in request.headers.get("accept", "")
        if exc.kind == "no_session" and request.method == "GET" and not wants_json:
            return RedirectResponse(f"{PREFIX}/login", status_code=303)
        if wants_json:
            return JSONResponse({"error": exc.kind, "message": str(exc)},
                                status_code=exc.status)
        lang = _lang(request)
        return HTMLResponse(_env.get_template("error.html").render(
            _=translator(lang), lang=lang, message=str(exc), nav=False, prefix=PREFIX,
            csrf="", event=None, events=[], path=request.url.path), status_code=exc.status)


def _page_errors(app: FastAPI, kind: type[Exception], status: int) -> None:
    api_answer = app.exception_handlers.get(kind)

    async def answer(request: Request, exc: Exception) -> Response:
        page = request.url.path.startswith(PREFIX + "/") and not request.url.path.endswith(
            ".json") and "application/json" not in request.headers.get("accept", "")
        if not page and api_answer is not None:
            response = api_answer(request, exc)
            return await response if inspect.isawaitable(response) else response
        lang = _lang(request)
        return HTMLResponse(_env.get_template("error.html").render(
            _=translator(lang), lang=lang, message=str(exc), nav=False, prefix=PREFIX,
            csrf="", event=None, events=[], path=request.url.path), status_code=status)

    app.add_exception_handler(kind, answer)


def _lang(request: Request) -> str:
    return choose(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                  request.headers.get("accept-language"))


def _parse_days(text: str) -> tuple[date, ...]:
    days = []
    for part in text.replace(",", "\n").splitlines():
        if not part.strip():
            continue
        try:
            days.append(date.fromisoformat(part.strip()))
        except ValueError:
            raise CentralError(f"{part.strip()!r} is not a date: write days as YYYY-MM-DD, "
                               "for example 2026-12-01.") from None
    return tuple(sorted(set(days)))


def _parse_types(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


class _Previews:
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


def console_router(store: CentralStore) -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)
    sessions = Sessions(store)
    search_index = queries.SearchIndex(store)
    tally = LiveTally(store)
    previews = _Previews()
    imports = ImportJobs(lambda raw, event, progress: queries.import_into(
        store, raw, event, progress=progress))

    async def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await run_in_threadpool(fn, *args, **kwargs)

    async def session_of(request: Request) -> Session:
        found = await run(sessions.get, request.cookies.get("kiosk_console"))
        if found is None:  # a page GET is sent to the login form (see _refused)
            raise ConsoleRefused(401, "Your session has ended: log in again.",
                                 kind="no_session")
        return found

    async def form_of(request: Request, *, session: Session | None = None) -> FormData:
        """The checks every console POST passes before anything happens."""
        check_form_type(request)
        check_same_origin(request)
        form = await request.form(max_files=1, max_fields=200)
        if session is not None:
            given = form.get("csrf")
            check_csrf(session, given if isinstance(given, str) else None)
        return form

    def text(form: FormData, key: str, default: str = "") -> str:
        value = form.get(key)
        return value.strip() if isinstance(value, str) else default

    async def render(request: Request, template: str, session: Session | None, *,
                     status: int = 200, event: Event | None = None, **context: Any) -> Response:
        lang = _lang(request)
        events = await run(store.events.all) if session else []
        html = _env.get_template(template).render(
            _=translator(lang), lang=lang, csrf=session.csrf if session else "",
            nav=session is not None, prefix=PREFIX, event=event, events=events,
            path=request.url.path, **context)
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in ("en", "id"):
            response.set_cookie(LANG_COOKIE, _lang(request), max_age=365 * 24 * 3600,
                                path=PREFIX, samesite="strict", httponly=True)
        return response

    async def event_for(request: Request, event_id: str | None = None) -> Event | None:
        return await run(queries.pick_event, store,
                         event_id or request.query_params.get("event") or None)

    def back(url: str, message: str = "") -> Response:
        if message:
            url += ("&" if "?" in url else "?") + "message=" + _quote(message)
        return RedirectResponse(url, status_code=303)

    # -- session ----------------------------------------------------------------------

    @router.get("/login")
    async def login_page(request: Request) -> Response:
        nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
        response = await render(request, "login.html", None, login_csrf=nonce,
                                message=request.query_params.get("message", ""))
        response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path=PREFIX, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await form_of(request)
        nonce = request.cookies.get(LOGIN_COOKIE)
        given = text(form, "csrf")
        if not nonce or not given or not secrets.compare_digest(nonce, given):
            raise ConsoleRefused(403, "The login form is out of date: reload the page and "
                                      "try again.", kind="bad_csrf")
        # Failed logins are guesses: throttled per address like pairing codes (429 with
        # Retry-After; the right token too while an address waits).
        throttle, address = request.app.state.throttle, client_address(request)
        throttle.check("organiser", address, "organiser login")
        token = text(form, "token")
        if not await run(store.dashboard.check_admin_token, token):
            throttle.failed("organiser", address)
            login_refused(request)
        session_id, _session = await run(sessions.create)
        response = RedirectResponse(PREFIX + "/", status_code=303)
        set_session_cookie(response, request, session_id, sessions.hours)
        response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        session = await session_of(request)
        await form_of(request, session=session)
        await run(sessions.end, session)
        response = RedirectResponse(PREFIX + "/login?message=out", status_code=303)
        clear_session_cookie(response, request)
        return response

    # -- live -------------------------------------------------------------------------

    def live_payload(event: Event, bucket: int, lang: str) -> dict[str, Any]:
        _ = translator(lang)
        figures = queries.live(tally, store, event, bucket_minutes=bucket)
        now = utcnow().astimezone(event_zone(event)).replace(tzinfo=None)
        total = tally.attendees(event.id)
        return {
            "event": event.id, "day": figures.day, "bucket": bucket,
            "svg": arrivals_svg(figures, now=now, title=_("Arrivals today"),
                                empty_text=_("No arrivals yet")),
            "legend": legend(figures),
            "gates": [{"id": g, "name": n, "arrived": figures.arrived.get(g, 0),
                       "inside": figures.inside.get(g, 0)} for g, n in figures.gates],
            "arrived": figures.arrived_total, "inside": figures.inside_total,
            "attendees": total, "entries": figures.entries,
            "ticket_types": [{"name": k or _("(none)"), "arrived": v}
                             for k, v in sorted(figures.by_ticket_type.items())],
            "latest": [dict(r, direction_text=_(r["direction"])) for r in figures.latest],
            "last_seq": figures.last_seq,
            "updated": now.strftime("%H:%M:%S"),
        }

    def bucket_of(request: Request) -> int:
        return 15 if request.query_params.get("bucket") == "15" else 5

    async def live_view(request: Request, template: str) -> Response:
        """The live page or the projector view (both poll ``live.json``)."""
        session = await session_of(request)
        event = await event_for(request)
        if event is None:
            return await render(request, "empty.html", session)
        bucket = bucket_of(request)
        data = await run(live_payload, event, bucket, _lang(request))
        days = await run(tally.per_day, event.id)
        return await render(request, template, session, event=event, live=data,
                            per_day=days, bucket=bucket)

    @router.get("/")
    async def live_page(request: Request) -> Response:
        return await live_view(request, "live.html")

    @router.get("/projector")
    async def projector(request: Request) -> Response:
        return await live_view(request, "projector.html")

    @router.get("/live.json")
    async def live_json(request: Request) -> Response:
        await session_of(request)
        event = await event_for(request)
        if event is None:
            raise NotFound("No event yet.")
        return JSONResponse(await run(live_payload, event, bucket_of(request), _lang(request)))

    # -- events and gates -------------------------------------------------------------

    @router.get("/events")
    async def events_page(request: Request) -> Response:
        session = await session_of(request)
        event = await event_for(request)
        gates = await run(queries.gates_of, store, event.id) if event else []
        return await render(request, "events.html", session, event=event, gates=gates,
                            message=request.query_params.get("message", ""),
                            edit_gate=request.query_params.get("gate", ""))

    @router.get("/events/new")
    async def new_event_page(request: Request) -> Response:
        session = await session_of(request)
        return await render(request, "event_form.html", session, editing=None, values={})

    @router.post("/events")
    async def save_event(request: Request) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        editing = text(form, "editing") or None
        values = {k: text(form, k) for k in ("name", "event_id", "days", "timezone",
                                             "languages")}
        try:
            days = _parse_days(values["days"])
            if editing:
                known = await run(store.events.get, editing)
                if known is None:
                    raise NotFound(f"No event {editing!r} on the central list.")
            event = await run(store.events.create, values["name"],
                              event_id=editing or values["event_id"] or None, days=days,
                              timezone=values["timezone"] or None,
                              languages=[values["languages"]])
        except CentralError as exc:
            return await render(request, "event_form.html", session, status=422,
                                editing=editing, values=values, error=str(exc))
        return back(f"{PREFIX}/events?event={_quote(event.id)}", "Saved.")

    @router.get("/events/{event_id}/edit")
    async def edit_event_page(request: Request, event_id: str) -> Response:
        session = await session_of(request)
        event = await event_for(request, event_id)
        assert event is not None
        values = {"name": event.name, "event_id": event.id, "timezone": event.timezone,
                  "days": "\n".join(d.isoformat() for d in event.days),
                  "languages": ", ".join(event.languages)}
        return await render(request, "event_form.html", session, event=event,
                            editing=event.id, values=values)

    @router.post("/events/{event_id}/gates")
    async def save_gate(request: Request, event_id: str) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        event = await event_for(request, event_id)
        assert event is not None
        values = {k: text(form, k) for k in ("gate_id", "name", "ticket_types", "days")}
        values["allow_reentry"] = "1" if text(form, "allow_reentry") else ""
        try:
            gate_id = values["gate_id"] or _slug(values["name"])
            days = _parse_days(values["days"])
            outside = [d for d in days if event.days and d not in event.days]
            if outside:
                raise CentralError(
                    f"{outside[0].isoformat()} is not a day of {event.name} "
                    f"({', '.join(d.isoformat() for d in event.days)}).")
            existing = {g["id"]: g for g in await run(store.events.gates)}
            if gate_id in existing and existing[gate_id]["event_id"] != event.id:
                raise CentralError(f"The gate id {gate_id!r} is used by another event: "
                                   "choose another id.")
            await run(store.events.put_gate, Gate(gate_id, event.id, values["name"],
                                           _parse_types(values["ticket_types"]), days,
                                           bool(values["allow_reentry"])))
        except CentralError as exc:
            gates = await run(queries.gates_of, store, event.id)
            return await render(request, "events.html", session, status=422, event=event,
                                gates=gates, error=str(exc), gate_values=values,
                                message="", edit_gate="")
        return back(f"{PREFIX}/events?event={_quote(event.id)}", "Saved.")

    # -- attendees --------------------------------------------------------------------

    @router.get("/attendees")
    async def attendees_page(request: Request) -> Response:
        session = await session_of(request)
        event = await event_for(request)
        q = request.query_params.get("q", "")[:200]
        rows = await run(search_index.search, event.id, q) if event else []
        return await render(request, "attendees.html", session, event=event, q=q, rows=rows,
                            message=request.query_params.get("message", ""))

    @router.get("/attendees/search.json")
    async def search_json(request: Request) -> Response:
        await session_of(request)
        event = await event_for(request)
        q = request.query_params.get("q", "")[:200]
        rows = await run(search_index.search, event.id, q) if event else []
        _ = translator(_lang(request))
        return JSONResponse({"q": q, "results": [
            {"id": r["id"], "name": r["name"], "email": r["email"],
             "organisation": r["organisation"], "ticket_type": r["ticket_type"],
             "status": _(r["status"]), "code": r["code"] or ""} for r in rows]})

    @router.get("/attendees/{attendee_id}")
    async def attendee_page(request: Request, attendee_id: str) -> Response:
        session = await session_of(request)
        person = await run(store.attendees.get, attendee_id)
        event = await event_for(request, person.event_id)
        rows = await run(queries.passages, store, person.id)
        zone = event_zone(event)
        for r in rows:
            r["local"] = datetime.fromisoformat(r["scanned_at"]).astimezone(zone) \
                .strftime("%Y-%m-%d %H:%M:%S")
        person_flags = await run(queries.flags, store, person.event_id, attendee_id=person.id)
        prints = await run(queries.badge_prints, store, person.id, event)
        return await render(request, "attendee.html", session, event=event, person=person,
                            passages=rows, flags=person_flags, prints=prints,
                            message=request.query_params.get("message", ""))

    def _attendee_url(attendee_id: str) -> str:
        return f"{PREFIX}/attendees/{_quote(attendee_id)}"

    @router.post("/attendees/{attendee_id}")
    async def attendee_action(request: Request, attendee_id: str) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        action = text(form, "action")
        person = await run(store.attendees.get, attendee_id)
        try:
            if action == "edit":
                await run(store.attendees.edit, person.id, name=text(form, "name"),
                          email=text(form, "email"), organisation=text(form, "organisation"),
                          ticket_type=text(form, "ticket_type"))
                message = "Saved."
            elif action == "cancel":
                await run(store.attendees.cancel, person.id)
                message = "Ticket cancelled."
            elif action == "uncancel":
                await run(store.attendees.edit, person.id, status="valid")
                message = "Ticket restored."
            elif action == "revoke" and person.code:
                await run(lambda: store.codes.revoke(person.code or "", reason="console",
                                                    event_id=person.event_id))
                message = "Code revoked: kiosks refuse it after their next sync."
            elif action == "reissue":
                if person.code:
                    await run(lambda: store.codes.revoke(person.code or "", reason="reissued",
                                                        event_id=person.event_id))
                await run(store.codes.issue, event_id=person.event_id)
                message = "A new code was issued; the old one is revoked."
            else:
                raise CentralError("Unknown action.")
        except CentralError as exc:
            rows = await run(queries.passages, store, person.id)
            event = await event_for(request, person.event_id)
            for r in rows:
                r["local"] = r["scanned_at"]
            return await render(request, "attendee.html", session, status=422, event=event,
                                person=person, passages=rows, flags=[], error=str(exc),
                                message="")
        return back(_attendee_url(person.id), message)

    @router.post("/attendees")
    async def add_attendee(request: Request) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        event = await event_for(request, text(form, "event"))
        if event is None:
            raise NotFound("No event yet: create one first.")
        name = text(form, "name")
        values = {k: text(form, k) for k in ("name", "email", "organisation", "ticket_type")}
        try:
            if not name:
                raise CentralError("An attendee needs a name.")
            attendee_id = "W" + secrets.token_hex(6).upper()
            await run(store.attendees.upsert, [Attendee(
                attendee_id, event.id, name, None, values["email"], values["organisation"],
                values["ticket_type"], AttendeeStatus.VALID, {}, "console")])
            await run(store.codes.issue, event_id=event.id)
        except CentralError as exc:
            rows = await run(search_index.search, event.id, "")
            return await render(request, "attendees.html", session, status=422, event=event,
                                q="", rows=rows, error=str(exc), add_values=values, message="")
        return back(_attendee_url(attendee_id), "Attendee added.")

    @router.get("/attendees/{attendee_id}/ticket.png")
    async def ticket_png(request: Request, attendee_id: str) -> Response:
        await session_of(request)
        person = await run(store.attendees.get, attendee_id)
        if not person.code:
            raise NotFound("This attendee has no code yet.")
        from kiosk.tickets.render import qr_png_bytes

        png = await run(qr_png_bytes, person.code, box_size=10)
        return Response(png, media_type="image/png", headers={
            "Content-Disposition": f'attachment; filename="{_file_safe(person.id)}.png"'})

    @router.post("/tickets.pdf")
    async def tickets_pdf(request: Request) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        ids = [v for v in form.getlist("id") if isinstance(v, str)][:2000]
        if not ids:
            raise ConsoleRefused(422, "Select at least one attendee.", kind="invalid")
        people = [p for p in [await run(store.attendees.get, i) for i in ids] if p.code]
        names = {e.id: e.name for e in await run(store.events.all)}

        def sheet() -> bytes:
            import tempfile

            from kiosk.tickets.render import write_ticket_sheet

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "tickets.pdf"
                write_ticket_sheet(people, path, event_names=names)
                return path.read_bytes()

        return Response(await run(sheet), media_type="application/pdf", headers={
            "Content-Disposition": 'attachment; filename="tickets.pdf"'})

    # -- import -----------------------------------------------------------------------

    @router.get("/import")
    async def import_page(request: Request) -> Response:
        session = await session_of(request)
        event = await event_for(request)
        return await render(request, "import.html", session, event=event, preview=None)

    @router.post(IMPORT_PREVIEW_PATH.removeprefix(PREFIX))
    async def import_preview(request: Request) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        event = await event_for(request, text(form, "event"))
        upload = form.get("file")
        if event is None:
            raise NotFound("No event yet: create one first.")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return await render(request, "import.html", session, status=422, event=event,
                                preview=None, error="Choose a CSV file first.")
        raw = await upload.read()
        try:
            # Parsed and checked in a worker thread, a large file in a process of its
            # own (as /admin/import): the kiosks' requests do not wait behind it.
            plan = await run(queries.preview_of, store, raw, event.id)
        except ImportFailed as exc:
            return await render(request, "import.html", session, status=422, event=event,
                                preview=None, error=str(exc))
        key = previews.put(session, event.id, (raw, plan["records"]))
        return await render(request, "import.html", session, event=event, preview=plan,
                            preview_key=key, filename=upload.filename)

    @router.post("/import/apply")
    async def import_apply(request: Request) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        taken = previews.take(session, text(form, "preview"))
        if taken is None:
            event = await event_for(request, text(form, "event") or None)
            return await render(request, "import.html", session, status=410, event=event,
                                preview=None,
                                error="This preview has expired: upload the file again.")
        event_id, (raw, rows) = taken
        event = await event_for(request, event_id)
        assert event is not None
        job = imports.start(session.id_hash, event, raw, rows)
        return RedirectResponse(f"{PREFIX}/import/job/{job.key}", status_code=303)

    def import_job(session: Session, key: str) -> ImportJob:
        job = imports.get(session.id_hash, key)
        if job is None:
            raise NotFound("This import is not known (any more): see the attendees list, "
                           "or import the file again (nothing is doubled).")
        return job

    @router.get("/import/job/{key}")
    async def import_job_page(request: Request, key: str) -> Response:
        """A started import: its progress while it writes, then its summary."""
        session = await session_of(request)
        job = import_job(session, key)
        event = await event_for(request, job.event_id)
        state = job.state()  # once: the job may finish while the page renders
        return await render(request, "import.html", session, event=event, preview=None,
                            job=job, state=state, done=state["summary"], error=state["error"])

    @router.get("/import/job/{key}/state")
    async def import_job_state(request: Request, key: str) -> Response:
        session = await session_of(request)
        state = import_job(session, key).state()
        return JSONResponse({k: v for k, v in state.items() if k not in ("summary", "error")})

    # -- devices and pairing ----------------------------------------------------------

    @router.get("/devices")
    async def devices_page(request: Request) -> Response:
        session = await session_of(request)
        event = await event_for(request)
        gates = await run(store.events.gates)
        rows = await run(queries.devices, store, event)
        return await render(request, "devices.html", session, event=event, devices=rows,
                            gates=gates, gate_names={g["id"]: g["name"] for g in gates},
                            message=request.query_params.get("message", ""), pairing=None)

    @router.post("/pair")
    async def make_pairing(request: Request) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        event = await event_for(request, text(form, "event") or None)
        gates = await run(store.events.gates)
        try:
            minutes = int(text(form, "minutes") or "15")
            if not 1 <= minutes <= 24 * 60:
                raise CentralError("A pairing code is valid 1 to 1440 minutes.")
        except ValueError:
            minutes = 0
        try:
            if not minutes:
                raise CentralError("Give the validity in whole minutes (1 to 1440).")
            code = await run(store.devices.new_pairing_code, device_name=text(form, "name"),
                             gate_id=text(form, "gate") or None, ttl_minutes=minutes,
                             role=text(form, "role") or "kiosk",
                             event_ids=[event.id] if event else None)
        except CentralError as exc:
            rows = await run(queries.devices, store, event)
            return await render(request, "devices.html", session, status=422, event=event,
                                devices=rows, gates=gates, error=str(exc), pairing=None,
                                gate_names={g["id"]: g["name"] for g in gates}, message="")
        from kiosk.core.wire import pairing_text
        from kiosk.tickets.render import qr_png_bytes

        url = str(request.base_url).rstrip("/")
        qr_url = url
        if url.startswith("https://"):
            # The kiosk pins the certificate it pairs over: over https the QR carries
            # its fingerprint, as `kiosk central pair-code --qr` does (without it the
            # kiosk refuses to pair).
            from kiosk.central.tls import published_fingerprint

            fingerprint = await run(published_fingerprint, store)
            qr_url = f"{url}#sha256={fingerprint}" if fingerprint else url
        qr_text = pairing_text(code.code, qr_url)
        qr = await run(qr_png_bytes, qr_text, box_size=12)
        zone = event_zone(event)
        pairing = {"code": code.code, "url": url, "text": qr_text,
                   "qr": "data:image/png;base64," + base64.b64encode(qr).decode(),
                   "until": code.expires_at.astimezone(zone).strftime("%H:%M"),
                   "name": code.device_name, "gate": code.gate_id, "role": str(code.role)}
        rows = await run(queries.devices, store, event)
        return await render(request, "devices.html", session, event=event, devices=rows,
                            gates=gates, gate_names={g["id"]: g["name"] for g in gates},
                            pairing=pairing, message="")

    @router.post("/devices/{device_id}")
    async def device_action(request: Request, device_id: str) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        action = text(form, "action")
        if action == "revoke":
            await run(store.devices.revoke, device_id)
            return back(f"{PREFIX}/devices", "Device revoked.")
        if action == "rename":
            await run(store.devices.rename, device_id, text(form, "name"))
            return back(f"{PREFIX}/devices", "Device renamed.")
        raise ConsoleRefused(422, "Unknown action.", kind="invalid")

    # -- flags ------------------------------------------------------------------------

    @router.get("/flags")
    async def flags_page(request: Request) -> Response:
        session = await session_of(request)
        event = await event_for(request)
        show_seen = request.query_params.get("seen") == "1"
        rows = await run(queries.flags, store, event.id, unseen_only=not show_seen) \
            if event else []
        refused = await run(queries.refused_uploads, store, event,
                            unseen_only=not show_seen) if event else []
        return await render(request, "flags.html", session, event=event, flags=rows,
                            refused=refused, show_seen=show_seen)

    @router.post("/flags/{flag_id}")
    async def flag_seen(request: Request, flag_id: str) -> Response:
        session = await session_of(request)
        form = await form_of(request, session=session)
        await run(queries.mark_seen, store, flag_id, seen=text(form, "seen") != "0")
        event = text(form, "event")
        return back(f"{PREFIX}/flags?event={_quote(event)}"
                    + ("&seen=1" if text(form, "show_seen") else ""))

    # -- exports ----------------------------------------------------------------------

    @router.get("/exports")
    async def exports_page(request: Request) -> Response:
        session = await session_of(request)
        event = await event_for(request)
        days = list(event.days) if event else []
        today = queries.event_today(event) if event else None
        if today and today not in days:
            days.append(today)
        return await render(request, "exports.html", session, event=event,
                            days=sorted(days), today=today)

    def export_builders(request: Request, event: Event) -> dict[str, tuple[str, Any]]:
        """file name suffix -> (media type, function building the file)."""
        from kiosk.central.api.organiser import checkins_csv
        from kiosk.central.console.exports import attendance_csv, day_report_pdf, workbook

        try:
            day = date.fromisoformat(request.query_params.get("day", ""))
        except ValueError:
            day = queries.event_today(event)
        _ = translator(_lang(request))
        labels = {"arrived": _("Arrived"), "inside": _("Inside now"), "entries": _("entries"),
                  "gate": _("Gate"), "ticket_type": _("Ticket type"),
                  "none": _("No arrivals yet"), "generated": _("Generated")}

        def report() -> bytes:
            figures = queries.live(tally, store, event, day=day, bucket_minutes=15)
            return day_report_pdf(event_name=event.name, figures=figures, labels=labels,
                                  attendees=queries.attendee_total(store, event.id))

        return {
            "checkins.csv": ("text/csv", lambda: checkins_csv(
                queries.event_checkins(store, event.id))),
            "attendance.csv": ("text/csv", lambda: attendance_csv(
                queries.attendance(store, event.id))),
            "attendance.xlsx": ("application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet", lambda: workbook(
                                    queries.attendance(store, event.id),
                                    queries.event_checkins(store, event.id))),
            f"{day.isoformat()}-report.pdf": ("application/pdf", report),
        }

    @router.get("/exports/{kind}")
    async def export(request: Request, kind: str) -> Response:
        await session_of(request)
        event = await event_for(request)
        if event is None:
            raise NotFound("No event yet: create one first.")
        builders = export_builders(request, event)
        if kind == "report.pdf":
            kind = next(k for k in builders if k.endswith("-report.pdf"))
        if kind not in builders:
            raise NotFound(f"No export {kind!r}.")
        media, build = builders[kind]
        return Response(await run(build), media_type=media, headers={
            "Content-Disposition":
                f'attachment; filename="{_file_safe(event.id + "-" + kind)}"'})

    return router


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _slug(text: str) -> str:
    from kiosk.core.attendee_csv import slugify

    return slugify(text)


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120] or "file"
