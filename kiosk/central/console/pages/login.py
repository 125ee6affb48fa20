"""The console's session pages."""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from kiosk.central.api.http import client_address
from kiosk.central.console.pages.base import Views, page
from kiosk.central.console.session import (
    LOGIN_COOKIE,
    PREFIX,
    clear_session_cookie,
    login_refused,
    set_session_cookie,
)
from kiosk.errors import ConsoleRefused


class LoginPages(Views):

    @page("GET", "/login")
    async def login_page(self, request: Request) -> Response:
        nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
        response = await self.render(request, "login.html", None, login_csrf=nonce,
                                     message=request.query_params.get("message", ""))
        response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path=PREFIX, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")
        return response

    @page("POST", "/login")
    async def login(self, request: Request) -> Response:
        form = await self.form_of(request)
        nonce = request.cookies.get(LOGIN_COOKIE)
        given = self.text(form, "csrf")
        if not nonce or not given or not secrets.compare_digest(nonce, given):
            raise ConsoleRefused(403, "The login form is out of date: reload the page and "
                                 "try again.", kind="bad_csrf")
        # Failed logins are guesses: throttled per address like pairing codes (429 with
        # Retry-After; the right token too while an address waits).
        throttle, address = request.app.state.throttle, client_address(request)
        throttle.check("organiser", address, "organiser login")
        token = self.text(form, "token")
        if not await self.run(self.store.dashboard.check_admin_token, token):
            throttle.failed("organiser", address)
            login_refused(request)
        session_id, _session = await self.run(self.console.sessions.create)
        response = RedirectResponse(PREFIX + "/", status_code=303)
        set_session_cookie(response, request, session_id, self.console.sessions.hours)
        response.delete_cookie(LOGIN_COOKIE, path=PREFIX)
        return response

    @page("POST", "/logout")
    async def logout(self, request: Request) -> Response:
        session = await self.session_of(request)
        await self.form_of(request, session=session)
        await self.run(self.console.sessions.end, session)
        response = RedirectResponse(PREFIX + "/login?message=out", status_code=303)
        clear_session_cookie(response, request)
        return response
