"""The console's attendees pages."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from kiosk.central.console import queries
from kiosk.central.console.i18n import translator
from kiosk.central.console.pages.base import Views, file_safe, lang_of, page, url_quote
from kiosk.central.console.session import (
    PREFIX,
)
from kiosk.core.models import Attendee, AttendeeStatus
from kiosk.core.times import event_zone
from kiosk.errors import CentralError, ConsoleRefused, NotFound


class AttendeesPages(Views):

    @page("GET", "/attendees")
    async def attendees_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request)
        q = request.query_params.get("q", "")[:200]
        rows = await self.run(self.console.search_index.search, event.id, q) if event else []
        return await self.render(request, "attendees.html", session, event=event, q=q, rows=rows,
                                 message=request.query_params.get("message", ""))

    @page("GET", "/attendees/search.json")
    async def search_json(self, request: Request) -> Response:
        await self.session_of(request)
        event = await self.event_for(request)
        q = request.query_params.get("q", "")[:200]
        rows = await self.run(self.console.search_index.search, event.id, q) if event else []
        _ = translator(lang_of(request))
        return JSONResponse({"q": q, "results": [
            {"id": r["id"], "name": r["name"], "email": r["email"],
             "organisation": r["organisation"], "ticket_type": r["ticket_type"],
             "status": _(r["status"]), "code": r["code"] or ""} for r in rows]})

    @page("GET", "/attendees/{attendee_id}")
    async def attendee_page(self, request: Request, attendee_id: str) -> Response:
        session = await self.session_of(request)
        person = await self.run(self.store.attendees.get, attendee_id)
        event = await self.event_for(request, person.event_id)
        rows = await self.run(queries.passages, self.store, person.id)
        zone = event_zone(event)
        for r in rows:
            r["local"] = datetime.fromisoformat(r["scanned_at"]).astimezone(zone) \
                .strftime("%Y-%m-%d %H:%M:%S")
        person_flags = await self.run(queries.flags, self.store, person.event_id,
                                      attendee_id=person.id)
        return await self.render(request, "attendee.html", session, event=event, person=person,
                                 passages=rows, flags=person_flags,
                                 message=request.query_params.get("message", ""))

    def _attendee_url(self, attendee_id: str) -> str:
        return f"{PREFIX}/attendees/{url_quote(attendee_id)}"

    @page("POST", "/attendees/{attendee_id}")
    async def attendee_action(self, request: Request, attendee_id: str) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        action = self.text(form, "action")
        person = await self.run(self.store.attendees.get, attendee_id)
        try:
            if action == "edit":
                await self.run(self.store.attendees.edit, person.id, name=self.text(form, "name"),
                               email=self.text(form, "email"),
                               organisation=self.text(form, "organisation"),
                               ticket_type=self.text(form, "ticket_type"))
                message = "Saved."
            elif action == "cancel":
                await self.run(self.store.attendees.cancel, person.id)
                message = "Ticket cancelled."
            elif action == "uncancel":
                await self.run(self.store.attendees.edit, person.id, status="valid")
                message = "Ticket restored."
            elif action == "revoke" and person.code:
                await self.run(lambda: self.store.codes.revoke(person.code or "", reason="console",
                                                               event_id=person.event_id))
                message = "Code revoked: kiosks refuse it after their next sync."
            elif action == "reissue":
                if person.code:
                    await self.run(lambda: self.store.codes.revoke(
                        person.code or "", reason="reissued",
                                                        event_id=person.event_id))
                await self.run(self.store.codes.issue, event_id=person.event_id)
                message = "A new code was issued; the old one is revoked."
            else:
                raise CentralError("Unknown action.")
        except CentralError as exc:
            rows = await self.run(queries.passages, self.store, person.id)
            event = await self.event_for(request, person.event_id)
            for r in rows:
                r["local"] = r["scanned_at"]
            return await self.render(request, "attendee.html", session, status=422, event=event,
                                     person=person, passages=rows, flags=[], error=str(exc),
                                     message="")
        return self.back(self._attendee_url(person.id), message)

    @page("POST", "/attendees")
    async def add_attendee(self, request: Request) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        event = await self.event_for(request, self.text(form, "event"))
        if event is None:
            raise NotFound("No event yet: create one first.")
        name = self.text(form, "name")
        values = {k: self.text(form, k) for k in ("name", "email", "organisation", "ticket_type")}
        try:
            if not name:
                raise CentralError("An attendee needs a name.")
            attendee_id = "W" + secrets.token_hex(6).upper()
            await self.run(self.store.attendees.upsert, [Attendee(
                attendee_id, event.id, name, None, values["email"], values["organisation"],
                values["ticket_type"], AttendeeStatus.VALID, {}, "console")])
            await self.run(self.store.codes.issue, event_id=event.id)
        except CentralError as exc:
            rows = await self.run(self.console.search_index.search, event.id, "")
            return await self.render(request, "attendees.html", session, status=422, event=event,
                                     q="", rows=rows, error=str(exc), add_values=values, message="")
        return self.back(self._attendee_url(attendee_id), "Attendee added.")

    @page("GET", "/attendees/{attendee_id}/ticket.png")
    async def ticket_png(self, request: Request, attendee_id: str) -> Response:
        await self.session_of(request)
        person = await self.run(self.store.attendees.get, attendee_id)
        if not person.code:
            raise NotFound("This attendee has no code yet.")
        from kiosk.tickets.render import qr_png_bytes

        png = await self.run(qr_png_bytes, person.code, box_size=10)
        return Response(png, media_type="image/png", headers={
            "Content-Disposition": f'attachment; filename="{file_safe(person.id)}.png"'})

    @page("POST", "/tickets.pdf")
    async def tickets_pdf(self, request: Request) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        ids = [v for v in form.getlist("id") if isinstance(v, str)][:2000]
        if not ids:
            raise ConsoleRefused(422, "Select at least one attendee.", kind="invalid")
        people = [p for p in [await self.run(self.store.attendees.get, i) for i in ids] if p.code]
        names = {e.id: e.name for e in await self.run(self.store.events.all)}

        def sheet() -> bytes:
            import tempfile

            from kiosk.tickets.render import write_ticket_sheet

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "tickets.pdf"
                write_ticket_sheet(people, path, event_names=names)
                return path.read_bytes()

        return Response(await self.run(sheet), media_type="application/pdf", headers={
            "Content-Disposition": 'attachment; filename="tickets.pdf"'})
