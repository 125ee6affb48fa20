"""Issue 10 item 7: the organisers' console is a proper web session.

Against a real `kiosk serve` on loopback; the cross-origin attacks run in Debian's headless
Chromium from a page served on another port of the same host (same-site, not same-origin:
SameSite=Strict alone does not stop it)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from console_fixtures import Central, browser, central, login, wait_for  # noqa: F401

from kiosk.central.console.session import CSP


def _login_client(central: Central) -> httpx.Client:  # noqa: F811
    client = httpx.Client(base_url=central.url)
    page = client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    r = client.post("/console/login", data={"csrf": csrf.group(1), "token": central.token},
                    headers={"Origin": central.url})
    assert r.status_code == 303, r.text
    return client


def _csrf(client: httpx.Client, path: str = "/console/devices") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)


def _paired_device(central: Central) -> str:  # noqa: F811
    with central.store() as store:
        code = store.devices.new_pairing_code(device_name="Door 1").code
        return store.devices.pair(code).device_id


def _revoked(central: Central, device_id: str) -> bool:  # noqa: F811
    with central.store() as store:
        return any(d["id"] == device_id and d["revoked_at"] for d in store.devices.all())


def test_login_is_a_post_form_and_the_cookie_holds_a_session_id(
        central: Central) -> None:  # noqa: F811
    # The old way (token in the URL) logs nobody in.
    r = httpx.get(central.url + "/console/login", params={"token": central.token})
    assert "kiosk_console=" not in r.headers.get("set-cookie", "")
    assert httpx.get(central.url + "/console/", follow_redirects=False).status_code == 303

    client = httpx.Client(base_url=central.url)
    page = client.get("/console/login")
    assert 'method="post"' in page.text and 'type="password"' in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    bad = client.post("/console/login", data={"csrf": csrf.group(1), "token": "wrong"},
                      headers={"Origin": central.url})
    assert bad.status_code == 401 and "Wrong organiser token" in bad.text
    assert "kiosk_console=" not in bad.headers.get("set-cookie", "")
    # A login form posted without its own form token (login CSRF) is refused too.
    r = httpx.post(central.url + "/console/login", data={"token": central.token},
                   headers={"Origin": central.url})
    assert r.status_code == 403

    good = client.post("/console/login", data={"csrf": csrf.group(1), "token": central.token},
                       headers={"Origin": central.url})
    assert good.status_code == 303
    cookie = [c for c in good.headers.get_list("set-cookie") if c.startswith("kiosk_console=")]
    assert cookie, good.headers
    attrs = cookie[0].lower()
    assert "httponly" in attrs and "samesite=strict" in attrs and "max-age=" in attrs
    assert "path=/console" in attrs
    assert "secure" not in attrs  # plain http on loopback; see the https test below
    session_id = cookie[0].split(";")[0].split("=", 1)[1]
    assert central.token not in cookie[0] and session_id != central.token
    # The database keeps only a hash of the session id.
    with central.store() as store:
        rows = store.db.run(lambda tx: tx.execute("SELECT * FROM console_sessions"))
    assert rows and all(session_id not in str(r.values()) for r in rows)
    assert client.get("/console/").status_code == 200
    # The token never reached the server's output (logs).
    central.proc.stop()
    assert central.token not in "".join(central.proc.output)


def test_logout_ends_the_session_on_the_server(central: Central) -> None:  # noqa: F811
    client = _login_client(central)
    stolen = client.cookies.get("kiosk_console")
    assert stolen
    csrf = _csrf(client, "/console/")
    r = client.post("/console/logout", data={"csrf": csrf}, headers={"Origin": central.url})
    assert r.status_code == 303
    replay = httpx.get(central.url + "/console/", cookies={"kiosk_console": stolen})
    assert replay.status_code == 303 and replay.headers["location"].endswith("/console/login")


def test_an_expired_session_is_refused(central: Central) -> None:  # noqa: F811
    client = _login_client(central)
    with central.store() as store:
        store.db.run(lambda tx: tx.execute(
            "UPDATE console_sessions SET expires_at = '2001-01-01T00:00:00.000+00:00'"))
    assert client.get("/console/").status_code == 303
    assert client.get("/console/live.json").status_code == 401


def test_forms_need_the_csrf_token_our_origin_and_a_form_content_type(
        central: Central) -> None:  # noqa: F811
    device = _paired_device(central)
    client = _login_client(central)
    csrf = _csrf(client)
    target = f"/console/devices/{device}"
    cases = [
        ({"action": "revoke"}, {"Origin": central.url}, 403),                       # no token
        ({"action": "revoke", "csrf": "x" * 43}, {"Origin": central.url}, 403),     # wrong
        ({"action": "revoke", "csrf": csrf}, {"Origin": "http://127.0.0.1:1"}, 403),  # port
        ({"action": "revoke", "csrf": csrf}, {"Origin": "null"}, 403),
        ({"action": "revoke", "csrf": csrf}, {}, 403),                              # none
        ({"action": "revoke", "csrf": csrf},
         {"Origin": "http://evil.example", "Referer": central.url + "/console/"}, 403),
    ]
    for data, headers, status in cases:
        r = client.post(target, data=data, headers=headers)
        assert r.status_code == status, (data, headers, r.text)
        assert "nothing was changed" in r.text.lower()
    plain = client.post(target, content=f"action=revoke&csrf={csrf}",
                        headers={"Origin": central.url, "Content-Type": "text/plain"})
    assert plain.status_code == 415
    as_json = client.post(target, json={"action": "revoke", "csrf": csrf},
                          headers={"Origin": central.url})
    assert as_json.status_code == 415
    assert not _revoked(central, device)
    # A Referer from our own page stands in for a missing Origin.
    ok = client.post(target, data={"action": "revoke", "csrf": csrf},
                     headers={"Referer": central.url + "/console/devices"})
    assert ok.status_code == 303 and _revoked(central, device)


def test_every_console_page_is_unframeable_and_has_a_strict_csp(
        central: Central) -> None:  # noqa: F811
    client = _login_client(central)
    pages = ["/console/login", "/console/", "/console/projector", "/console/events",
             "/console/events/new", "/console/attendees", "/console/attendees/p1",
             "/console/import", "/console/devices", "/console/flags", "/console/exports",
             "/console/static/console.js"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["x-frame-options"] == "DENY", path
        assert r.headers["content-security-policy"] == CSP, path
        assert "unsafe-inline" not in CSP and "frame-ancestors 'none'" in CSP
        if path.endswith(".js"):
            continue
        # No inline script or style anywhere (the CSP would block it anyway).
        assert not re.search(r"<script(?![^>]*\bsrc=)", r.text), path
        assert not re.search(r"\son[a-z]+=", r.text), path
        assert " style=" not in r.text, path


def test_the_cookie_is_secure_under_https(tmp_path: Path) -> None:
    from console_fixtures import make_central_db
    from fastapi.testclient import TestClient

    from kiosk.central.server import create_app
    from kiosk.central.store import CentralStore

    token = make_central_db(tmp_path / "c.db")
    with CentralStore.open(tmp_path / "c.db") as store:
        client = TestClient(create_app(store), base_url="https://console.test")
        page = client.get("/console/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        r = client.post("/console/login", data={"csrf": csrf.group(1), "token": token},
                        headers={"Origin": "https://console.test"}, follow_redirects=False)
        assert r.status_code == 303
        cookie = [c for c in r.headers.get_list("set-cookie")
                  if c.startswith("kiosk_console=")][0].lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie


# -- in a real browser ------------------------------------------------------------------

class _Attacker(BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = self.pages.get(self.path.split("?")[0], "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def attacker() -> Iterator[tuple[str, dict[str, str]]]:
    """Another web server on another port of the same host (same-site for cookies)."""
    pages: dict[str, str] = {}
    handler = type("Handler", (_Attacker,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def test_csrf_from_another_port_in_chromium_changes_nothing(
        central: Central, browser: Any, attacker: tuple[str, dict[str, str]],  # noqa: F811
        tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    device = _paired_device(central)
    evil_url, pages = attacker
    target = f"{central.url}/console/devices/{device}"
    csv_target = f"{central.url}/console/import/preview"
    pages["/form"] = f"""<!doctype html><html><body>
<form id=f method=post action="{target}"><input name=action value=revoke></form>
<script>document.getElementById('f').submit()</script></body></html>"""
    pages["/plain"] = f"""<!doctype html><html><body>
<form id=f method=post enctype="text/plain" action="{target}">
<input name="action" value="revoke"></form>
<script>document.getElementById('f').submit()</script></body></html>"""
    pages["/import"] = f"""<!doctype html><html><body>
<form id=f method=post enctype="multipart/form-data" action="{csv_target}">
<input name=event value=pycon><textarea name=file>name,code
Mallory,FORGED-1</textarea></form>
<script>document.getElementById('f').submit()</script></body></html>"""
    pages["/frame"] = f"""<!doctype html><html><body><h1 id=evil>evil</h1>
<iframe id=victim src="{central.url}/console/devices" width=800 height=600></iframe>
<iframe id=control src="/inner" width=100 height=100></iframe>
</body></html>"""
    pages["/inner"] = "<!doctype html><p id=inner>framed</p>"

    login(browser, central.url, central.token)
    # The browser holds a live session cookie for 127.0.0.1 (same site as the attacker).
    assert any(c["name"] == "kiosk_console" for c in browser.get_cookies())
    for page in ("/form", "/plain", "/import"):
        browser.get(evil_url + page)
        wait_for(lambda: browser.current_url.startswith(central.url),
                 what=f"the attacker's {page} form to be submitted")
        body = browser.find_element(By.TAG_NAME, "body").text
        assert "nothing was changed" in body.lower(), (page, body)
    assert not _revoked(central, device)
    with central.store() as store:
        assert all(a.name != "Mallory" for a in store.attendees.all())

    # Framing: the console refuses to render inside another site's frame.
    browser.get(evil_url + "/frame")
    wait_for(lambda: browser.find_element(By.ID, "evil"), what="the attacker page")
    # The control frame (a page that allows framing) loads, so frames load in this test.
    browser.switch_to.frame(browser.find_element(By.ID, "control"))
    wait_for(lambda: browser.find_element(By.ID, "inner"), what="the control frame")
    browser.switch_to.default_content()
    browser.switch_to.frame(browser.find_element(By.ID, "victim"))
    wait_for(lambda: browser.execute_script("return document.readyState") == "complete",
             what="the framed page to settle")
    framed = browser.find_elements(By.CSS_SELECTOR, "#device-list, form[action$='/pair'], nav")
    where = browser.execute_script("return document.URL")
    browser.switch_to.default_content()
    assert framed == [] and not where.startswith(central.url), where

    # The same form sent from the console's own page works (the session is fine).
    browser.get(central.url + "/console/devices")
    browser.find_element(By.CSS_SELECTOR, "form[action$='" + device + "'] button.danger").click()
    wait_for(lambda: _revoked(central, device), what="the revocation from our own page")
    # Nowhere in the browser's history is the organiser token.
    history = browser.execute_script("return window.location.href + document.referrer")
    assert central.token not in history
