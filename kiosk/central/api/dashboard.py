"""The organisers' web page on the central list: arrivals per gate, devices (last seen,
pending uploads, clock skew, revoke), the latest arrivals, CSV import and export.

Protected by an organiser token (``kiosk central admin-token``), never by a device
token: open ``/admin/login?token=...`` once; it sets an HttpOnly, SameSite=Strict cookie
(so other sites cannot post forms with it) and redirects to ``/admin``. Scripts may send
``Authorization: Bearer <organiser token>`` instead. Plain server-rendered HTML that
refreshes itself; no JavaScript framework, every value escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kiosk.central.api.http import COOKIE, client_address, organiser, store_of
from kiosk.central.api.organiser import own_clock
from kiosk.errors import AuthFailed

router = APIRouter()


@router.get("/admin/login", include_in_schema=False)
def login(request: Request, token: str = "") -> Response:
    throttle = request.app.state.throttle
    address = client_address(request)
    throttle.check("organiser", address, "organiser login")
    if not store_of(request).dashboard.check_admin_token(token):
        throttle.failed("organiser", address)
        raise AuthFailed("Wrong organiser token (see `kiosk central admin-token`).",
                         reason="not_organiser")
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict",
                        max_age=7 * 24 * 3600)
    return response


@router.get("/admin", include_in_schema=False, dependencies=[Depends(organiser)])
def page(request: Request, message: str = "") -> HTMLResponse:
    return HTMLResponse(render(store_of(request).dashboard.figures(), message))


@router.get("/admin/summary", summary="Organisers: the page's figures as JSON",
            dependencies=[Depends(organiser)])
def summary(request: Request) -> JSONResponse:
    return JSONResponse(store_of(request).dashboard.figures())


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
        f"<td>{_cell(r['device_name'])}</td><td>{_cell(own_clock(r))}</td>"
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
<h2>Latest arrivals</h2><table><tr><th>time (kiosk, corrected)</th><th>attendee</th>
<th>direction</th><th>gate</th><th>device</th><th>kiosk's own clock</th><th></th></tr>
{recent}</table>
<h2>Import attendees</h2>
<p>Use <code>kiosk central import FILE.csv</code>, or post the file:
<code>curl -H "Authorization: Bearer TOKEN" --data-binary @attendees.csv
URL/admin/import</code>.</p>
</body></html>"""
