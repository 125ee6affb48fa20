"""The console's import pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from kiosk.central.console import queries
from kiosk.central.console.import_jobs import ImportJob
from kiosk.central.console.pages.base import Views, page
from kiosk.central.console.session import (
    PREFIX,
    Session,
)
from kiosk.errors import ImportFailed, NotFound

#: Largest CSV accepted by the console's import form (as the /admin/import API): the
#: server's body limit lets this path's requests be this large (kiosk/central/server.py).
MAX_IMPORT_BYTES = 64 * 1024 * 1024
IMPORT_PREVIEW_PATH = PREFIX + "/import/preview"


class ImportsPages(Views):

    @page("GET", "/import")
    async def import_page(self, request: Request) -> Response:
        session = await self.session_of(request)
        event = await self.event_for(request)
        return await self.render(request, "import.html", session, event=event, preview=None)

    @page("POST", IMPORT_PREVIEW_PATH.removeprefix(PREFIX))
    async def import_preview(self, request: Request) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        event = await self.event_for(request, self.text(form, "event"))
        upload = form.get("file")
        if event is None:
            raise NotFound("No event yet: create one first.")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return await self.render(request, "import.html", session, status=422, event=event,
                                     preview=None, error="Choose a CSV file first.")
        raw = await upload.read()
        try:
            # Parsed and checked in a worker thread, a large file in a process of its
            # own (as /admin/import): the kiosks' requests do not wait behind it.
            plan = await self.run(queries.preview_of, self.store, raw, event.id)
        except ImportFailed as exc:
            return await self.render(request, "import.html", session, status=422, event=event,
                                     preview=None, error=str(exc))
        key = self.console.previews.put(session, event.id, (raw, plan["records"]))
        return await self.render(request, "import.html", session, event=event, preview=plan,
                                 preview_key=key, filename=upload.filename)

    @page("POST", "/import/apply")
    async def import_apply(self, request: Request) -> Response:
        session = await self.session_of(request)
        form = await self.form_of(request, session=session)
        taken = self.console.previews.take(session, self.text(form, "preview"))
        if taken is None:
            event = await self.event_for(request, self.text(form, "event") or None)
            return await self.render(request, "import.html", session, status=410, event=event,
                                     preview=None,
                                     error="This preview has expired: upload the file again.")
        event_id, (raw, rows) = taken
        event = await self.event_for(request, event_id)
        assert event is not None
        job = self.console.imports.start(session.id_hash, event, raw, rows)
        return RedirectResponse(f"{PREFIX}/import/job/{job.key}", status_code=303)

    def import_job(self, session: Session, key: str) -> ImportJob:
        job = self.console.imports.get(session.id_hash, key)
        if job is None:
            raise NotFound("This import is not known (any more): see the attendees list, "
                           "or import the file again (nothing is doubled).")
        return job

    @page("GET", "/import/job/{key}")
    async def import_job_page(self, request: Request, key: str) -> Response:
        """A started import: its progress while it writes, then its summary."""
        session = await self.session_of(request)
        job = self.import_job(session, key)
        event = await self.event_for(request, job.event_id)
        state = job.state()  # once: the job may finish while the page renders
        return await self.render(request, "import.html", session, event=event, preview=None,
                                 job=job, state=state, done=state["summary"], error=state["error"])

    @page("GET", "/import/job/{key}/state")
    async def import_job_state(self, request: Request, key: str) -> Response:
        session = await self.session_of(request)
        state = self.import_job(session, key).state()
        return JSONResponse({k: v for k, v in state.items() if k not in ("summary", "error")})
