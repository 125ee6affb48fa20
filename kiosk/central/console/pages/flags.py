"""The console's flags pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from kiosk.central.console import queries
from kiosk.central.console.pages.base import Views, page, url_quote
from kiosk.central.console.session import (
    PREFIX,
)


class FlagsPages(Views):

    @page("GET", "/flags")
    async def flags_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request)
        show_seen = request.query_params.get("seen") == "1"
        rows = await self.run(queries.flags, self.store, event.id, unseen_only=not show_seen) \
            if event else []
        return await self.render(request, "flags.html", session, event=event, flags=rows,
                                 show_seen=show_seen)

    @page("POST", "/flags/{flag_id}")
    async def flag_seen(self, request: Request, flag_id: str) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        await self.run(queries.mark_seen, self.store, flag_id, seen=self.text(form, "seen") != "0")
        event = self.text(form, "event")
        return self.back(f"{PREFIX}/flags?event={url_quote(event)}"
                         + ("&seen=1" if self.text(form, "show_seen") else ""))
