"""The console's events and gates pages."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response

from kiosk.central.console import queries
from kiosk.central.console.pages.base import Views, page, url_quote
from kiosk.central.console.session import (
    PREFIX,
)
from kiosk.core.models import Gate
from kiosk.errors import CentralError, NotFound


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


def _slug(text: str) -> str:
    from kiosk.core.attendee_csv import slugify

    return slugify(text)


class EventsPages(Views):

    @page("GET", "/events")
    async def events_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request)
        gates = await self.run(queries.gates_of, self.store, event.id) if event else []
        return await self.render(request, "events.html", session, event=event, gates=gates,
                                 message=request.query_params.get("message", ""),
                                 edit_gate=request.query_params.get("gate", ""))

    @page("GET", "/events/new")
    async def new_event_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        return await self.render(request, "event_form.html", session, editing=None, values={})

    @page("POST", "/events")
    async def save_event(self, request: Request) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        editing = self.text(form, "editing") or None
        values = {k: self.text(form, k) for k in ("name", "event_id", "days", "timezone",
                                                  "languages")}
        try:
            days = _parse_days(values["days"])
            if editing:
                known = await self.run(self.store.events.get, editing)
                if known is None:
                    raise NotFound(f"No event {editing!r} on the central list.")
            event = await self.run(self.store.events.create, values["name"],
                                   event_id=editing or values["event_id"] or None, days=days,
                                   timezone=values["timezone"] or None,
                                   languages=[values["languages"]])
        except CentralError as exc:
            return await self.render(request, "event_form.html", session, status=422,
                                     editing=editing, values=values, error=str(exc))
        return self.back(f"{PREFIX}/events?event={url_quote(event.id)}", "Saved.")

    @page("GET", "/events/{event_id}/edit")
    async def edit_event_page(self, request: Request, event_id: str) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request, event_id)
        assert event is not None
        values = {"name": event.name, "event_id": event.id, "timezone": event.timezone,
                  "days": "\n".join(d.isoformat() for d in event.days),
                  "languages": ", ".join(event.languages)}
        return await self.render(request, "event_form.html", session, event=event,
                                 editing=event.id, values=values)

    @page("POST", "/events/{event_id}/gates")
    async def save_gate(self, request: Request, event_id: str) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        event = await self.event_for(request, event_id)
        assert event is not None
        values = {k: self.text(form, k) for k in ("gate_id", "name", "ticket_types", "days")}
        values["allow_reentry"] = "1" if self.text(form, "allow_reentry") else ""
        try:
            gate_id = values["gate_id"] or _slug(values["name"])
            days = _parse_days(values["days"])
            outside = [d for d in days if event.days and d not in event.days]
            if outside:
                raise CentralError(
                    f"{outside[0].isoformat()} is not a day of {event.name} "
                    f"({', '.join(d.isoformat() for d in event.days)}).")
            existing = {g["id"]: g for g in await self.run(self.store.events.gates)}
            if gate_id in existing and existing[gate_id]["event_id"] != event.id:
                raise CentralError(f"The gate id {gate_id!r} is used by another event: "
                                   "choose another id.")
            gate = Gate(gate_id, event.id, values["name"], _parse_types(values["ticket_types"]),
                        days, bool(values["allow_reentry"]))
            await self.run(self.store.events.put_gate, gate)
        except CentralError as exc:
            gates = await self.run(queries.gates_of, self.store, event.id)
            return await self.render(request, "events.html", session, status=422, event=event,
                                     gates=gates, error=str(exc), gate_values=values,
                                     message="", edit_gate="")
        return self.back(f"{PREFIX}/events?event={url_quote(event.id)}", "Saved.")
