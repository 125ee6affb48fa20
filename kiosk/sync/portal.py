"""Is this answer the central list's? Captive portals and proxies are "offline".

Venue Wi-Fi often answers every request itself until someone logs in: a ``200`` HTML
login page, a redirect to one, or ``511 Network Authentication Required``. Proxies answer
with their own error pages. None of these is the central list, so none is a protocol
error: the kiosk is simply offline, and when the answer looks like a login page the
status bar says "Wi-Fi needs a login".

The central list marks every answer with the header :data:`SERVER_HEADER`
(``X-Checkin-Kiosk: central-list``). An answer is the central list's when it carries that
header, or when it is a JSON object (``application/json``) — kept so that an older
central list without the header still syncs. Anything else is classified here.
"""

from __future__ import annotations

import httpx

from kiosk.core.wire import SERVER_HEADER, SERVER_IDENTITY

PORTAL = "portal"  # a login page or a redirect to one: "Wi-Fi needs a login"
FOREIGN = "foreign"  # some other server or proxy answered: plain offline

_REDIRECTS = {301, 302, 303, 307, 308}


def is_central_list(response: httpx.Response) -> bool:
    """True when ``response`` comes from a checkin-kiosk central list."""
    if response.headers.get(SERVER_HEADER, "").startswith(SERVER_IDENTITY):
        return True
    if response.status_code in _REDIRECTS or response.status_code == 511:
        return False
    if "json" not in response.headers.get("content-type", "").lower():
        return False
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False


def classify_foreign(response: httpx.Response) -> str:
    """For an answer that is not the central list's: :data:`PORTAL` when it looks like
    a Wi-Fi login (a redirect, 511, or an HTML page answering a JSON request), else
    :data:`FOREIGN`."""
    if response.status_code in _REDIRECTS or response.status_code == 511:
        return PORTAL
    kind = response.headers.get("content-type", "").lower()
    if response.status_code < 400 and ("html" in kind or _looks_like_html(response)):
        return PORTAL
    return FOREIGN


def _looks_like_html(response: httpx.Response) -> bool:
    head = response.content[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<form" in head
