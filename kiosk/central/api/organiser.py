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
from kiosk.central.bulk_import import import_bytes

#: ``scanned_at`` is the time the kiosk decided by, ``device_time`` its own clock then.
CHECKIN_COLUMNS = ("id", "attendee_id", "code", "attendee_name", "gate_id", "direction",
                   "day", "scanned_at", "device_time", "received_at", "device_id",
                   "device_name", "duplicate", "duplicate_of", "central_reason", "flag",
                   "override_reason")


def own_clock(row: dict[str, Any]) -> str:
    """A check-in's kiosk's own clock, for organisers, when it is not the time the kiosk
    decided by (to the minute: a corrected clock); "" when it is, or was not sent."""
    own = row.get("device_time") or ""
    return own if own[:16] != (row.get("scanned_at") or "")[:16] else ""


#: Larger than the API's body limit: a whole attendee list in one upload.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
IMPORT_PATH = "/admin/import"
router = APIRouter(dependencies=[Depends(organiser)])


#: A cell whose first visible character (after NFKC folding, so fullwidth ＝ is =) is one
#: of these is a formula to Excel/LibreOffice/Sheets.
_FORMULA_TRIGGERS = frozenset("=+-@")
#: Characters a spreadsheet may split a cell on (a `;`-separated locale, tabs, lines):
#: a trigger right after one starts a formula in the next cell.
_SEPARATORS = frozenset(",;\t|\r\n")


def spreadsheet_safe(value: Any) -> str:
    """``value`` as a CSV cell a spreadsheet will not run as a formula (OWASP CSV
    injection advice, widened). A formula trigger (= + - @, also fullwidth ＝ ＋ － ＠) that
    starts the cell, even after spaces or invisible characters (zero-width space, BOM,
    a line break), gets an apostrophe before the cell; one that starts a piece after a
    separator a spreadsheet may split on (, ; tab | line break) gets one right after that
    separator. So ``=HYPERLINK(...)``, `` =1+2``, ``;=1+2`` or ``\u200b=1`` read as text
    however the file is split. Cells are also written quoted (:func:`checkins_csv`)."""
    import unicodedata

    text = "" if value is None else str(value)
    out: list[str] = []
    at_start, first_piece = True, True
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)[:1]
        if folded in _SEPARATORS:
            out.append(ch)
            at_start, first_piece = True, False
            continue
        if folded.isspace() or not folded or unicodedata.category(folded) in (
                "Cf", "Cc", "Zs", "Zl", "Zp"):
            out.append(ch)  # invisible: the next visible character decides
            continue
        if at_start and folded in _FORMULA_TRIGGERS:
            if first_piece:
                out.insert(0, "'")
            else:
                # right after the separator, before any invisible characters
                index = len(out)
                while index > 0 and unicodedata.normalize("NFKC", out[index - 1])[:1] \
                        not in _SEPARATORS:
                    index -= 1
                out.insert(index, "'")
        at_start = False
        out.append(ch)
    safe = "".join(out)
    # OWASP's list has tab and CR as first characters too.
    return "'" + safe if safe.startswith(("\t", "\r")) else safe


def checkins_csv(rows: list[dict[str, Any]]) -> str:
    """Check-ins as CSV (one row each; ``duplicate`` is true/false), formulas neutralised."""
    out = io.StringIO()
    # Every cell quoted: a reader splitting on ; or tab still sees one cell.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
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
    # Off the event loop, and a large file in a process of its own: parsing 600,000 rows
    # would otherwise hold up every kiosk's request (kiosk.central.bulk_import, the
    # helper the console's import uses too).
    summary = await run_in_threadpool(import_bytes, store_of(request), await request.body(),
                                      skip_invalid=skip_invalid,
                                      skip_hint="?skip_invalid=true")
    return JSONResponse({"message": summary.text(), "added": summary.added,
                         "updated": summary.updated, "unchanged": summary.unchanged,
                         "skipped": [list(p) for p in summary.skipped]})
