"""The console's live pages: the live figures and the projector view, updated by
server-sent events (``live/stream``: the figures pushed when a commit moved the change
feed, at most every :data:`PUSH_EVERY` seconds) with ``live.json`` polled as the
fallback for a browser without ``EventSource`` or a stream that cannot be held."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from kiosk.central.console import queries
from kiosk.central.console.chart import arrivals_svg, legend
from kiosk.central.console.i18n import translator
from kiosk.central.console.pages.base import Views, lang_of, page
from kiosk.central.db import utcnow
from kiosk.core.models import Event
from kiosk.core.times import event_zone
from kiosk.errors import NotFound

#: Seconds between two pushes to one page at most (check-ins arrive many a second at a
#: busy venue: one push carries them all). The poll's rate: a stream never costs the
#: server more than a polling page (0.5 s showed no gain under load worth twice the
#: work: docs/performance.md).
PUSH_EVERY = 1.0
#: Seconds without a check-in after which the page is sent its figures anyway (its
#: "updated" time, and a proxy's idle timeout never cuts the stream).
QUIET_PUSH = 10.0
#: Seconds one stream is held; the browser's EventSource then opens the next at once
#: (a stopping server is never kept waiting longer than this).
STREAM_SECONDS = 120.0


def sse(data: dict[str, Any]) -> bytes:
    """One server-sent event carrying ``data`` as JSON (one line: JSON escapes
    newlines)."""
    return b"data: " + json.dumps(data, separators=(",", ":")).encode() + b"\n\n"


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

    async def live_event(self, request: Request) -> Event:
        """The event a live request is about (the session checked first)."""
        await self.session_of(request)
        event = await self.event_for(request)
        if event is None:
            raise NotFound("No event yet.")
        return event

    @page("GET", "/live.json")
    async def live_json(self, request: Request) -> Response:
        event = await self.live_event(request)
        return JSONResponse(await self.run(self.live_payload, event, self.bucket_of(request),
                                           lang_of(request)))

    @page("GET", "/live/stream")
    async def live_stream(self, request: Request) -> Response:
        """The live figures as server-sent events (``text/event-stream``)."""
        event = await self.live_event(request)
        return StreamingResponse(
            self.pushes(request.cookies.get("kiosk_console"), event, self.bucket_of(request),
                        lang_of(request)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def pushes(self, cookie: str | None, event: Event, bucket: int,
                     lang: str) -> AsyncIterator[bytes]:
        """The figures now, then again whenever a commit moved the feed (a wake is a
        hint: the tally reads what is new) or :data:`QUIET_PUSH` seconds passed — while
        the session lasts (logged out, the stream ends; the page's next request is
        refused and sends the reader to the login form)."""
        signal = self.store.feed.signal
        watcher = self.store.feed.watch()  # other processes' commits
        loop = asyncio.get_running_loop()
        ends = loop.time() + STREAM_SECONDS
        yield b"retry: 1000\n\n"
        while not signal.closing:
            if await self.run(self.console.sessions.get, cookie) is None:
                return
            generation = signal.generation
            yield sse(await self.run(self.live_payload, event, bucket, lang))
            wait = min(QUIET_PUSH if watcher.healthy else 1.0, ends - loop.time())
            if wait <= 0:
                return
            await signal.wait(generation, wait)
            await asyncio.sleep(PUSH_EVERY)
