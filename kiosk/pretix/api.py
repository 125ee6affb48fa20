"""pretix's REST API as this kiosk uses it: device authentication, errors by kind, paging.

Kinds (docs/pretix.md, "Errors"): no answer, a timeout, 5xx, 408 or 429 is
:class:`~kiosk.errors.ServerUnavailable` (offline: the kiosk keeps deciding locally), a
Wi-Fi login page instead of pretix's JSON :class:`~kiosk.errors.CaptivePortal` (offline,
by our own list's rule, ``kiosk/sync/portal.py``); 403
(an unknown token) and 401 (a revoked device) are :class:`~kiosk.errors.AuthError` (pair
again); anything else that is not what the caller accepts is a
:class:`~kiosk.errors.ProtocolError` with pretix's own words. Check-in answers (400 with a
``reason``, 404 ``invalid``) are returned to the caller, who decides what they mean.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from kiosk.errors import AuthError, CaptivePortal, ProtocolError, ServerUnavailable
from kiosk.sync.portal import PORTAL, classify_foreign

API = "/api/v1"
#: pretix caps ``page_size`` at 50 (``api/pagination.py``); asking for more returns 50.
PAGE_SIZE = 50
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


@dataclass(frozen=True)
class Answer:
    """One pretix answer: status, JSON body (None if it had none) and headers."""

    status: int
    body: Any
    headers: httpx.Headers


class PretixClient:
    """Calls one pretix server, as one device (``Authorization: Device <token>``)."""

    def __init__(self, url: str, token: str | None = None, *,
                 transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self._client = httpx.Client(transport=transport, timeout=timeout or DEFAULT_TIMEOUT,
                                    headers={"Accept": "application/json"})

    def close(self) -> None:
        self._client.close()

    def call(self, method: str, path: str, *, accept: tuple[int, ...] = (),
             **kwargs: Any) -> Answer:
        """``method`` on ``/api/v1`` + ``path``; a 2xx or a status in ``accept`` is
        returned, everything else raised by kind (module docstring)."""
        headers = {"Authorization": f"Device {self.token}"} if self.token else {}
        target = path if path.startswith("http") else self.url + API + path
        try:
            response = self._client.request(method, target, headers=headers, **kwargs)
        except httpx.TimeoutException as exc:
            raise ServerUnavailable(f"pretix at {self.url} did not answer in time.") from exc
        except httpx.TransportError as exc:
            raise ServerUnavailable(f"Cannot reach pretix at {self.url} "
                                    f"({exc.__class__.__name__}).") from exc
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        status = response.status_code
        if body is None and status != 304 and classify_foreign(response) == PORTAL:
            # The same rule as for our own list (kiosk/sync/portal.py): offline, and
            # staff can fix it by logging in to the Wi-Fi.
            raise CaptivePortal(
                "Wi-Fi needs a login: the venue's network answered with its own page "
                f"instead of pretix (HTTP {status}). Log in to the Wi-Fi with a web browser "
                "on this network.")
        if 200 <= status < 300 or status in accept:
            if body is None and status != 304 and method == "GET":
                raise ServerUnavailable(f"Something other than pretix answered at {self.url} "
                                        f"(HTTP {status} without JSON): a proxy or a Wi-Fi "
                                        "login page?")
            return Answer(status, body, response.headers)
        detail = _detail(body)
        if status in (401, 403):
            raise AuthError(f"pretix refused this kiosk ({detail or 'HTTP 403'}): the device "
                            "was revoked or its token is no longer valid. Pair the kiosk "
                            "again with a new device QR from pretix.")
        if status >= 500 or status in (408, 429) or body is None:
            # pretix down or overloaded, or a proxy's own error page: offline
            raise ServerUnavailable(f"pretix at {self.url} is unavailable (HTTP {status}).")
        raise ProtocolError(f"pretix refused {method} {path} (HTTP {status}): "
                            f"{detail or 'no reason given'}")

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params=params).body

    def pages(self, path: str, **params: Any) -> Iterator[Answer]:
        """Every page of a list, in order (page numbers; ``next`` is an absolute URL
        built from the request's Host, so only its presence is used)."""
        page = 1
        while True:
            answer = self.call("GET", path, params={**params, "page": page,
                                                    "page_size": PAGE_SIZE})
            body = answer.body
            if not isinstance(body, dict) or not isinstance(body.get("results"), list):
                raise ProtocolError(f"pretix's list {path} is not paginated as expected.")
            yield answer
            if not body.get("next"):
                return
            page += 1

    def results(self, path: str, **params: Any) -> list[dict[str, Any]]:
        return [r for answer in self.pages(path, **params) for r in answer.body["results"]]


def _detail(body: Any) -> str:
    """pretix's words for a refusal: ``detail``, else the first field error."""
    if isinstance(body, dict):
        if isinstance(body.get("detail"), str):
            return str(body["detail"])
        for key, value in body.items():
            if isinstance(value, list) and value:
                return f"{key}: {value[0]}"
            if isinstance(value, str):
                return f"{key}: {value}"
    return ""
