"""Every console page at phone width (375 px) and on a 1366x768 laptop, in headless
Chromium: nothing wider than the screen (no sideways scrolling of the page; wide tables
scroll inside their own box). With ``KIOSK_CONSOLE_SCREENSHOTS=DIR`` it also writes the
screenshots (docs/console/ holds the ones linked from the README)::

    KIOSK_CONSOLE_SCREENSHOTS=docs/console python -m pytest tests/console/test_console_screens.py
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from console_fixtures import Central, browser, central, login, wait_for  # noqa: F401
from selenium.webdriver.common.by import By

SIZES = {"phone": (375, 812), "laptop": (1366, 768)}


def _arrivals(central: Central) -> None:  # noqa: F811
    """Two hours of arrivals at both PyCon gates, a duplicate and a paired kiosk."""
    from kiosk import __version__
    from kiosk.core.models import Attendee, AttendeeStatus
    from kiosk.core.wire import user_agent

    with central.store() as store:
        pycon = store.events.get("pycon")
        store.events.create(pycon.name, event_id=pycon.id, days=pycon.days,
                            timezone=pycon.timezone, languages=["en", "id"])
        store.attendees.upsert([Attendee(f"g{i}", "pycon", name, None, "", org, kind,
                                         AttendeeStatus.VALID, {}, "import")
                                for i, (name, org, kind) in enumerate([
                                    ("Ayu Lestari", "Bukalapak", "Regular"),
                                    ("Made Wirawan", "Udayana", "VIP"),
                                    ("Ruth Simanjuntak", "Traveloka", "Regular"),
                                    ("Hendra Gunawan", "ITB", "Regular"),
                                    ("Maria Fernández", "PSF", "VIP"),
                                    ("Wei Chen", "Grab", "Regular")] * 6)])
        tokens = [store.devices.pair(
                      store.devices.new_pairing_code(device_name=n, gate_id=g).code).token
                  for n, g in (("Hall kiosk 1", "hall"), ("Workshop desk", "workshops"))]
    now = datetime.now(UTC)
    items: list[list[dict[str, Any]]] = [[], []]
    for i in range(36):
        at = now - timedelta(minutes=115 - i * 3 - (i % 4))
        k = 0 if i % 3 else 1
        items[k].append({"id": str(uuid.uuid4()), "attendee_id": f"g{i}",
                         "gate_id": "hall" if k == 0 else "workshops", "direction": "entry",
                         "scanned_at": at.isoformat(), "day": at.date().isoformat(),
                         "verdict": "accepted"})
    items[0].append(dict(items[0][0], id=str(uuid.uuid4()),
                         scanned_at=(now - timedelta(minutes=5)).isoformat()))
    # A check-in the list refuses (a person it does not have).
    items[0].append(dict(items[0][1], id=str(uuid.uuid4()), attendee_id="walkin-lost"))
    for token, batch in zip(tokens, items, strict=True):
        r = httpx.post(central.url + "/api/v1/checkins", json={"checkins": batch},
                       headers={"Authorization": f"Bearer {token}",
                                "User-Agent": user_agent(__version__)})  # as a kiosk
        assert r.status_code == 200, r.text
    # Ayu's badge: printed at the workshop desk, reprinted, then printed at a desk that
    # had not heard of it; and a badge print the list refuses (another event's device).
    with central.store() as store:
        fest = store.devices.pair(store.devices.new_pairing_code(
            device_name="Fest desk", role="desk", event_ids=["other-fest"]).code).token
    for token, minutes, reprint, printer in ((tokens[1], 100, False, "Zebra ZD421"),
                                             (tokens[1], 98, True, "Zebra ZD421"),
                                             (tokens[0], 40, False, "Brother QL-820"),
                                             (fest, 10, False, "pdf")):
        r = httpx.post(central.url + "/api/v1/badge-prints",
                       headers={"Authorization": f"Bearer {token}"},
                       json={"badge_prints": [{
                           "id": str(uuid.uuid4()), "attendee_id": "g0",
                           "printed_at": (now - timedelta(minutes=minutes)).isoformat(),
                           "printer": printer, "reprint": reprint,
                           "name_printed": "Ayu Lestari"}]})
        assert r.status_code == 200, r.text


def _fit(driver: Any, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1,
        "mobile": width < 600})


def test_every_page_fits_a_phone_and_a_laptop(
        central: Central, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    _arrivals(central)
    out = os.environ.get("KIOSK_CONSOLE_SCREENSHOTS")
    target = Path(out) if out else tmp_path / "shots"
    target.mkdir(parents=True, exist_ok=True)
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name,email,organisation,jenis tiket,kode\n"
                        "Rina Wijaya,rina@example.org,Tokopedia,Regular,\n"
                        "Agus Salim,agus@example.org,Gojek,VIP,\n"
                        "Budi Santoso,,,Regular,\n"
                        "Bad Row,x,y,z,w,extra\n", encoding="utf-8")

    def import_preview(lang: str = "en") -> None:
        browser.get(central.url + f"/console/import?event=pycon&lang={lang}")
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(csv_file))
        browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
        wait_for(lambda: browser.find_element(By.ID, "preview"), what="the preview")

    def pairing() -> None:
        browser.get(central.url + "/console/devices?event=pycon&lang=en")
        form = browser.find_element(By.CSS_SELECTOR, "form[action$='/pair']")
        form.find_element(By.NAME, "name").send_keys("Hall kiosk 2")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(lambda: browser.find_element(By.ID, "pair-qr"), what="the QR")

    pages: dict[str, Any] = {
        "login": "/console/login",
        "live": "/console/?event=pycon",
        "projector": "/console/projector?event=pycon",
        "events": "/console/events?event=pycon",
        "event-new": "/console/events/new",
        "attendees": "/console/attendees?event=pycon",
        "attendee": "/console/attendees/g0",
        "import-preview": import_preview,
        "devices": "/console/devices?event=pycon",
        "devices-pairing": pairing,
        "flags": "/console/flags?event=pycon",
        "exports": "/console/exports?event=pycon",
        # the pages with Indonesian of their own (data, refusals), in Indonesian
        "attendee-id": "/console/attendees/g0?lang=id",
        "import-preview-id": lambda: import_preview("id"),
        # (scrolled to the refused uploads: the flags above are many)
        "flags-id": "/console/flags?event=pycon&lang=id#refused-uploads",
    }
    written = []
    for size, (width, height) in SIZES.items():
        for name, how in pages.items():
            _fit(browser, width, height)
            if name == "login":
                browser.delete_all_cookies()
                browser.get(central.url + how)
            else:
                if not browser.get_cookie("kiosk_console"):
                    login(browser, central.url, central.token)
                if callable(how):
                    how()
                else:
                    browser.get(central.url + how if "lang=" in how else
                                central.url + how + ("&" if "?" in how else "?") + "lang=en")
            wait_for(lambda: browser.execute_script("return document.readyState")
                     == "complete", what=f"{name} loaded")
            scroll_width = browser.execute_script(
                "return document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"
            assert "Traceback" not in browser.page_source
            full = browser.execute_script("return document.documentElement.scrollHeight")
            _fit(browser, width, max(height, min(full, 2600)) if size == "phone" else height)
            if isinstance(how, str) and "#" in how:
                browser.execute_script("document.getElementById(arguments[0])"
                                       ".scrollIntoView()", how.split("#", 1)[1])
            path = target / f"{name}-{size}.png"
            browser.save_screenshot(str(path))
            written.append(path)
    assert all(p.stat().st_size > 5000 for p in written)
