"""Real parts for the console's tests: a `kiosk serve` process on a central list with two
events, and Debian's headless Chromium driven by Selenium (no browser download).

Imported by tests/console and tests/security (test dirs have no __init__.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from central_fixtures import ROOT, kiosk_env, start_serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@dataclass
class Central:
    url: str
    db: Path
    token: str
    proc: Any

    def store(self) -> Any:
        from kiosk.central.store import CentralStore

        return CentralStore.open(self.db, create=False)


def make_central_db(db: Path) -> str:
    """A central list with two events (PyCon: Main Hall + Workshops; Other Fest: Gate A),
    a few attendees each; returns a fresh organiser token."""
    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee, AttendeeStatus, Gate

    today = date.today()
    with CentralStore.open(db) as store:
        store.events.create("PyCon", event_id="pycon", days=[today, today + timedelta(days=1)],
                           timezone="UTC",
                           gates=[Gate("hall", "", "Main Hall"),
                                  Gate("workshops", "", "Workshops", ("VIP",))])
        store.events.create("Other Fest", event_id="other-fest", days=[today], timezone="UTC",
                           gates=[Gate("gate-a", "", "Gate A")])
        people = [("p1", "pycon", "José Álvarez", "Acme", "VIP"),
                  ("p2", "pycon", "Siti Nurhaliza", "Universitas Indonesia", "Regular"),
                  ("p3", "pycon", "Budi Santoso", "Gojek", "Regular"),
                  ("o1", "other-fest", "Other Person", "Elsewhere", "Regular")]
        store.attendees.upsert([Attendee(i, e, n, None, f"{i}@example.org", o, t,
                                         AttendeeStatus.VALID, {}, "import")
                                for i, e, n, o, t in people])
        store.codes.issue(event_id="pycon")
        store.codes.issue(event_id="other-fest")
        return store.dashboard.new_admin_token()


def console_login(client: Any, token: str, *, origin: str = "http://testserver") -> None:
    """Log ``client`` (a TestClient or an httpx client on the server) in to the console
    through its POST form, as a browser does."""
    import re

    page = client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf, page.text
    r = client.post("/console/login", data={"csrf": csrf.group(1), "token": token},
                    headers={"Origin": origin}, follow_redirects=False)
    assert r.status_code == 303, r.text


def page_csrf(client: Any, path: str) -> str:
    """The CSRF token of the console page ``path``'s forms."""
    import re

    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert csrf
    return csrf.group(1)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    db = tmp_path / "central.db"
    token = make_central_db(db)
    proc = start_serve(db)
    try:
        yield Central(proc.url, db, token, proc)
    finally:
        proc.stop()


def chromium_options(width: int = 1366, height: int = 768) -> Any:
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=en-GB",
                "--disable-extensions", "--no-first-run", "--hide-scrollbars"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": "/tmp", "download.prompt_for_download": False})
    return options


def new_browser(width: int = 1366, height: int = 768, download_dir: Path | None = None) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not Path(CHROMIUM).exists() or not Path(CHROMEDRIVER).exists():
        raise RuntimeError("Debian's chromium and chromium-driver are not installed "
                           "(apt-get install chromium chromium-driver; see "
                           "packaging/debian-packages-test.txt).")
    options = chromium_options(width, height)
    if download_dir is not None:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    driver = new_browser(download_dir=tmp_path / "downloads")
    try:
        yield driver
    finally:
        driver.quit()


def login(driver: Any, url: str, token: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url + "/console/login")
    driver.find_element(By.NAME, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(lambda: driver.current_url.rstrip("/").endswith("/console"),
             what="the live page after login")


def wait_for(check: Callable[[], Any], *, timeout: float = 10, what: str = "a condition",
             interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # the page may be mid-navigation
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}" +
                         (f" (last error: {last_error})" if last_error else ""))


def run_kiosk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=kiosk_env(), cwd=ROOT, timeout=timeout)
