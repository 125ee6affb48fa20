"""The organisers' web page on the central list: arrivals per gate, devices (last seen,
pending uploads, clock skew, revoke), the latest arrivals, CSV import and export.

Protected by an organiser token (``kiosk central admin-token``), never by a device
token: open ``/admin/login?token=...`` once; it sets an HttpOnly, SameSite=Strict cookie
(so other sites cannot post forms with it) and redirects to ``/admin``. Scripts may send
``Authorization: Bearer <organiser token>`` instead. Plain server-rendered HTML that
refreshes itself; no JavaScript framework, every value escaped.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kiosk.central.store import CentralStore
from kiosk.errors import AuthFailed

COOKIE = "kiosk_admin"
CHECKIN_COLUMNS = ("id", "attendee_id", "code", "attendee_name", "gate_id", "direction",
                   "day", "scanned_at", "received_at", "device_id", "device_name",
                   "duplicate", "duplicate_of")
#: Larger than the API's body limit: a whole attendee list in one upload.
MAX_IMPORT_BYTES = 64 * 1024 * 1024


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


def add_admin_routes(app: FastAPI, store: CentralStore) -> None:
    """Mount the organisers' page on ``app``."""

    from kiosk.central.server import client_address

    throttle = app.state.throttle

    def organiser(request: Request) -> None:
        token = request.cookies.get(COOKIE)
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            token = header[7:].strip()
        address = client_address(request)
        throttle.check("organiser", address, "organiser login")
        if not store.check_admin_token(token):
            if token:  # a wrong token is a guess; no token at all is not
                throttle.failed("organiser", address)
            raise AuthFailed("Organisers only: open /admin/login?token=... with the token "
                             "printed by `kiosk central admin-token`.", reason="not_organiser")

    @app.get("/admin/login", include_in_schema=False)
    def login(request: Request, token: str = "") -> Response:
        address = client_address(request)
        throttle.check("organiser", address, "organiser login")
        if not store.check_admin_token(token):
            throttle.failed("organiser", address)
            raise AuthFailed("Wrong organiser token (see `kiosk central admin-token`).",
                             reason="not_organiser")
        response = RedirectResponse("/admin", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                            max_age=7 * 24 * 3600)
        return response

    @app.get("/admin", include_in_schema=False)
    def page(request: Request, message: str = "") -> HTMLResponse:
        organiser(request)
        return HTMLResponse(render(store.dashboard(), message))

    @app.get("/admin/summary", summary="Organisers: the page's figures as JSON")
    def summary(request: Request) -> JSONResponse:
        organiser(request)
        return JSONResponse(store.dashboard())

    @app.get("/admin/checkins.csv", summary="Organisers: export every check-in")
    def export(request: Request) -> Response:
        organiser(request)
        return Response(checkins_csv(store.checkins()), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="checkins.csv"'})

    @app.post("/admin/import", summary="Organisers: import an attendee CSV (the raw file)")
    async def import_csv(request: Request, skip_invalid: bool = False) -> JSONResponse:
        organiser(request)
        from starlette.concurrency import run_in_threadpool

        from kiosk.core.attendee_csv import parse_csv_bytes

        raw = await request.body()
        parsed = parse_csv_bytes(raw)
        summary = await run_in_threadpool(store.import_parsed, parsed,
                                          skip_invalid=skip_invalid,
                                          skip_hint="?skip_invalid=true")
        return JSONResponse({"message": summary.text(), "added": summary.added,
                             "updated": summary.updated, "unchanged": summary.unchanged,
                             "skipped": [list(p) for p in summary.skipped]})

    @app.post("/admin/devices/{device_id}/revoke", include_in_schema=False)
    def revoke(request: Request, device_id: str) -> Response:
        organiser(request)
        store.revoke_device(device_id)
        return RedirectResponse("/admin?message=Device+revoked", status_code=303)


def _cell(value: Any) -> str:
    return "" if value is None else escape(str(value))


def render(data: dict[str, Any], message: str = "") -> str:
    """The organisers' page as HTML."""
    events = ", ".join(e["name"] for e in data["events"]) or "no event yet"
    gates = "".join(f"<tr><td>{_cell(g['name'])}</td><td class=n>{g['arrived']}</td></tr>"
                    for g in data["gates"])
    devices = []
    for d in data["devices"]:
        skew = d["clock_skew_seconds"]
        state = "revoked" if d["revoked_at"] else (
            f"<form method=post action='/admin/devices/{escape(d['id'])}/revoke'>"
            "<button>Revoke</button></form>")
        devices.append(
            f"<tr><td>{_cell(d['name'])}</td><td>{_cell(d['gate_id'])}</td>"
            f"<td>{_cell(d['last_seen_at'])}</td><td class=n>{_cell(d['pending_uploads'])}</td>"
            f"<td class=n>{'' if skew is None else f'{skew:+.1f} s'}</td><td>{state}</td></tr>")
    recent = "".join(
        f"<tr{' class=dup' if r['duplicate'] else ''}><td>{_cell(r['scanned_at'])}</td>"
        f"<td>{_cell(r['attendee_name'] or r['attendee_id'])}</td>"
        f"<td>{_cell(r['direction'])}</td><td>{_cell(r['gate_id'])}</td>"
        f"<td>{_cell(r['device_name'])}</td>"
        f"<td>{'duplicate entry' if r['duplicate'] else ''}</td></tr>" for r in data["recent"])
    notice = f"<p class=msg>{escape(message)}</p>" if message else ""
    return f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><meta http-equiv=refresh content=10>
<title>Central list — {escape(events)}</title>
<style>
body{{font:15px system-ui,sans-serif;margin:1.5em;max-width:70em}}
table{{border-collapse:collapse;margin-bottom:1.5em}}
td,th{{border-bottom:1px solid #ccc;padding:.3em .8em;text-align:left}}
.n{{text-align:right}} .dup{{background:#fff3cd}} .msg{{background:#e7f5e7;padding:.5em}}
.big{{font-size:2em;font-weight:600}}
</style></head><body>
<h1>{escape(events)}</h1>{notice}
<p><span class=big>{data['arrived']}</span> of {data['attendees']} attendees arrived on
{escape(data['day'])} &middot; {data['checkins']} check-ins received &middot;
{data['duplicates']} duplicate entries &middot;
<a href="/admin/checkins.csv">export check-ins (CSV)</a></p>
<h2>Gates</h2><table><tr><th>gate</th><th>arrived today</th></tr>{gates}</table>
<h2>Devices</h2><table><tr><th>name</th><th>gate</th><th>last seen (UTC)</th>
<th>pending uploads</th><th>clock skew</th><th></th></tr>{''.join(devices)}</table>
<h2>Latest arrivals</h2><table><tr><th>kiosk time</th><th>attendee</th><th>direction</th>
<th>gate</th><th>device</th><th></th></tr>{recent}</table>
<h2>Import attendees</h2>
<p>Use <code>kiosk central import FILE.csv</code>, or post the file:
<code>curl -H "Authorization: Bearer TOKEN" --data-binary @attendees.csv
URL/admin/import</code>.</p>
</body></html>"""
