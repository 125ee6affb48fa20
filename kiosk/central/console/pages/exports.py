"""The console's exports pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from kiosk.central.console import queries
from kiosk.central.console.i18n import translator
from kiosk.central.console.pages.base import Views, file_safe, lang_of, page
from kiosk.core.models import Event
from kiosk.errors import NotFound


class ExportsPages(Views):

    @page("GET", "/exports")
    async def exports_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request)
        days = list(event.days) if event else []
        today = queries.event_today(event) if event else None
        if today and today not in days:
            days.append(today)
        return await self.render(request, "exports.html", session, event=event,
                                 days=sorted(days), today=today)

    def export_builders(self, request: Request, event: Event) -> dict[str, tuple[str, Any]]:
        """file name suffix -> (media type, function building the file)."""
        from kiosk.central.api.organiser import checkins_csv
        from kiosk.central.console.exports import attendance_csv, day_report_pdf, workbook

        try:
            day = date.fromisoformat(request.query_params.get("day", ""))
        except ValueError:
            day = queries.event_today(event)
        _ = translator(lang_of(request))
        labels = {"arrived": _("Arrived"), "inside": _("Inside now"), "entries": _("entries"),
                  "gate": _("Gate"), "ticket_type": _("Ticket type"),
                  "none": _("No arrivals yet"), "generated": _("Generated")}

        def report() -> bytes:
            figures = queries.live(self.console.tally, self.store, event, day=day,
                                   bucket_minutes=15)
            return day_report_pdf(event_name=event.name, figures=figures, labels=labels,
                                  attendees=queries.attendee_total(self.store, event.id))

        return {
            "checkins.csv": ("text/csv", lambda: checkins_csv(
                queries.event_checkins(self.store, event.id))),
            "attendance.csv": ("text/csv", lambda: attendance_csv(
                queries.attendance(self.store, event.id))),
            "attendance.xlsx": ("application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet", lambda: workbook(
                                    queries.attendance(self.store, event.id),
                                    queries.event_checkins(self.store, event.id))),
            f"{day.isoformat()}-report.pdf": ("application/pdf", report),
        }

    @page("GET", "/exports/{kind}")
    async def export(self, request: Request, kind: str) -> Response:
        await self.session_of(request)
        event = await self.event_for(request)
        if event is None:
            raise NotFound("No event yet: create one first.")
        builders = self.export_builders(request, event)
        if kind == "report.pdf":
            kind = next(k for k in builders if k.endswith("-report.pdf"))
        if kind not in builders:
            raise NotFound(f"No export {kind!r}.")
        media, build = builders[kind]
        return Response(await self.run(build), media_type=media, headers={
            "Content-Disposition":
                f'attachment; filename="{file_safe(event.id + "-" + kind)}"'})
