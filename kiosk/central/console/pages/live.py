"""The console's live pages."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from kiosk.central.console import queries
from kiosk.central.console.chart import arrivals_svg, legend
from kiosk.central.console.i18n import translator
from kiosk.central.console.pages.base import Views, lang_of, page
from kiosk.central.db import utcnow
from kiosk.core.models import Event
from kiosk.core.times import event_zone
from kiosk.errors import NotFound


class LivePages(Views):

    def live_payload(self, event: Event, bucket: int, lang: str) -> dict[str, Any]:
        _ = translator(lang)
        figures = queries.live(self.console.tally, self.store, event, bucket_minutes=bucket)
        now = utcnow().astimezone(event_zone(event)).replace(tzinfo=None)
        total = self.console.tally.attendees(event.id)
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

    def bucket_of(self, request: Request) -> int:
        return 15 if request.query_params.get("bucket") == "15" else 5

    async def live_view(self, request: Request, template: str) -> Response:
        """The live page or the projector view (both poll ``live.json``)."""
        session = await self.session_of(request)
        event = await self.event_for(request)
        if event is None:
            return await self.render(request, "empty.html", session)
        bucket = self.bucket_of(request)
        data = await self.run(self.live_payload, event, bucket, lang_of(request))
        days = await self.run(self.console.tally.per_day, event.id)
        return await self.render(request, template, session, event=event, live=data,
                                 per_day=days, bucket=bucket)

    @page("GET", "/")
    async def live_page(self, request: Request) -> Response:
        return await self.live_view(request, "live.html")

    @page("GET", "/projector")
    async def projector(self, request: Request) -> Response:
        return await self.live_view(request, "projector.html")

    @page("GET", "/live.json")
    async def live_json(self, request: Request) -> Response:
        await self.session_of(request)
        event = await self.event_for(request)
        if event is None:
            raise NotFound("No event yet.")
        return JSONResponse(await self.run(self.live_payload, event, self.bucket_of(request),
                                           lang_of(request)))
