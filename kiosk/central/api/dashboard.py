"""The organisers' figures for scripts: ``GET /admin/summary`` (JSON), with
``Authorization: Bearer <organiser token>`` (``kiosk central admin-token``), never a
device token. People use the console (``/console``, kiosk/central/console): ``/admin``
sends them there. The token never travels in a URL: the old ``/admin/login?token=``
page and its cookie (which held the raw token) are gone.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from kiosk.central.api.http import organiser, store_of

router = APIRouter()


@router.get("/admin", include_in_schema=False)
def page() -> Response:
    """The organisers' page is the console (a proper web session: POST login, CSRF,
    logout); the old page that took the token in its URL is gone."""
    return RedirectResponse("/console/", status_code=303)


@router.get("/admin/summary", summary="Organisers: the page's figures as JSON",
            dependencies=[Depends(organiser)])
def summary(request: Request) -> JSONResponse:
    return JSONResponse(store_of(request).dashboard.figures())
