"""Organiser operations over HTTP: import an attendee CSV, export every check-in.

Organisers only (the token of ``kiosk central admin-token``, see
:func:`~kiosk.central.api.http.organiser`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.central.api.http import organiser, store_of
from kiosk.core.attendee_csv import parse_csv_bytes

CHECKIN_COLUMNS = ("id", "attendee_id", "code", "attendee_name", "gate_id", "direction",
                   "day", "scanned_at", "received_at", "device_id", "device_name",
                   "duplicate", "duplicate_of")
#: Larger than the API's body limit: a whole attendee list in one upload.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
IMPORT_PATH = "/admin/import"
#: A cell starting with one of these is a formula to Excel/LibreOffice/Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

router = APIRouter(dependencies=[Depends(organiser)])


def spreadsheet_safe(value: Any) -> str:
    """``value`` as a CSV cell a spreadsheet will not run as a formula (OWASP CSV
    injection advice): text starting with = + - @ tab or CR gets a leading apostrophe.
    An attendee named ``=HYPERLINK(...)`` is then shown as text, not a link."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def checkins_csv(rows: list[dict[str, Any]]) -> str:
    """Check-ins as CSV (one row each; ``duplicate`` is true/false), formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CHECKIN_COLUMNS)
    for r in rows:
        writer.writerow(["true" if r.get(c) is True else "false" if r.get(c) is False
                         else spreadsheet_safe(r.get(c)) for c in CHECKIN_COLUMNS])
    return out.getvalue()


@router.get("/admin/checkins.csv", summary="Organisers: export every check-in")
def export(request: Request) -> Response:
    return Response(checkins_csv(store_of(request).ingest.all()), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="checkins.csv"'})


@router.post(IMPORT_PATH, summary="Organisers: import an attendee CSV (the raw file)")
async def import_csv(request: Request, skip_invalid: bool = False) -> JSONResponse:
    parsed = parse_csv_bytes(await request.body())
    summary = await run_in_threadpool(store_of(request).attendees.import_parsed, parsed,
                                      skip_invalid=skip_invalid,
                                      skip_hint="?skip_invalid=true")
    return JSONResponse({"message": summary.text(), "added": summary.added,
                         "updated": summary.updated, "unchanged": summary.unchanged,
                         "skipped": [list(p) for p in summary.skipped]})
