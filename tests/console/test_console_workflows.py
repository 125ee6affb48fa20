"""Each console workflow in Debian's headless Chromium against a real `kiosk serve`:
events and gates, attendees, import with preview, pairing a real kiosk by the QR on the
page, the live chart, flags, exports, languages."""

from __future__ import annotations

import base64
import csv
import io
import os
import re
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from console_fixtures import Central, browser, central, login, wait_for  # noqa: F401
from PIL import Image
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver


def _fill(driver: WebDriver, form: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)


def _submit(form: Any) -> None:
    """Submit and wait for the next page (the old form goes stale)."""
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    def gone() -> bool:
        try:
            form.is_enabled()
            return False
        except StaleElementReferenceException:
            return True

    wait_for(gone, what="the next page")


def test_create_an_event_and_its_gates_with_plain_errors(
        central: Central, browser: WebDriver) -> None:  # noqa: F811
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/events/new")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(browser, form, {"name": "Jakarta Summit", "event_id": "jkt",
                          "days": "2026-12-10\n2026-12-11", "timezone": "Mars/Olympus"})
    _submit(form)
    error = browser.find_element(By.CSS_SELECTOR, "p.error").text
    assert "Mars/Olympus" in error and "Traceback" not in browser.page_source
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    assert form.find_element(By.NAME, "name").get_attribute("value") == "Jakarta Summit"
    _fill(browser, form, {"timezone": "Asia/Jakarta", "days": "2026-12-10, 11 December"})
    _submit(form)
    assert "11 December" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(browser, form, {"days": "2026-12-10\n2026-12-11", "languages": "id, fr"})
    _submit(form)
    assert "'fr' is not a language" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(browser, form, {"languages": "id, en"})
    _submit(form)
    wait_for(lambda: "/console/events?event=jkt" in browser.current_url, what="event saved")
    assert browser.find_element(By.ID, "event-languages").text == \
        "Indonesian, English"
    with central.store() as store:
        event = store.events.get("jkt")
        assert event is not None and event.timezone == "Asia/Jakarta"
        assert event.days == (date(2026, 12, 10), date(2026, 12, 11))
        assert event.languages == ("id", "en")
        # Kiosks learn them from the feed.
        (published,) = [c["data"] for c in store.feed.page(limit=1000).changes
                        if c["kind"] == "event" and c["id"] == "jkt"]
        assert published["languages"] == ["id", "en"]
        assert store.events.get("pycon").languages == ()  # the other event: untouched

    # A gate on a day outside the event is refused in plain words; then a good one.
    form = browser.find_element(By.CSS_SELECTOR, "#gate-form form")
    _fill(browser, form, {"name": "VIP Lounge", "ticket_types": "VIP, Speaker",
                          "days": "2026-12-12"})
    _submit(form)
    assert "not a day of Jakarta Summit" in browser.find_element(By.CSS_SELECTOR,
                                                                  "p.error").text
    form = browser.find_element(By.CSS_SELECTOR, "#gate-form form")
    _fill(browser, form, {"days": "2026-12-11"})
    form.find_element(By.NAME, "allow_reentry").click()
    _submit(form)
    wait_for(lambda: "VIP Lounge" in browser.find_element(By.ID, "gate-list").text,
             what="the new gate in the list")
    with central.store() as store:
        gate = next(g for g in store.events.gates() if g["name"] == "VIP Lounge")
    assert gate["event_id"] == "jkt" and gate["ticket_types"] == ["VIP", "Speaker"]
    assert gate["days"] == ["2026-12-11"] and gate["allow_reentry"]
    # Edit it: the form comes pre-filled; the id stays.
    browser.find_element(By.LINK_TEXT, "Edit").click()
    form = browser.find_element(By.CSS_SELECTOR, "#gate-form form")
    assert form.find_element(By.NAME, "name").get_attribute("value") == "VIP Lounge"
    _fill(browser, form, {"name": "VIP Lounge B"})
    _submit(form)
    wait_for(lambda: "VIP Lounge B" in browser.find_element(By.ID, "gate-list").text,
             what="the renamed gate")
    with central.store() as store:
        assert [g["name"] for g in store.events.gates()
                if g["event_id"] == "jkt"] == ["VIP Lounge B"]
        # The other events are untouched.
        assert {g["id"] for g in store.events.gates() if g["event_id"] == "pycon"} == \
            {"hall", "workshops"}


def test_attendees_search_as_you_type_edit_cancel_revoke_reissue_add(
        central: Central, browser: WebDriver) -> None:  # noqa: F811
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/attendees?event=pycon")
    box = browser.find_element(By.ID, "q")
    box.send_keys("jose alv")  # the desk's folding: no accents needed
    wait_for(lambda: [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#results tr")
                      if r.text][:1] and "José Álvarez" in browser.find_element(
                          By.ID, "results").text and "Siti" not in browser.find_element(
                          By.ID, "results").text, what="search results for 'jose alv'")
    # Another event's attendee is never listed here.
    box.clear()
    box.send_keys("other")
    wait_for(lambda: "No attendee matches" in browser.find_element(By.ID, "results").text,
             what="no match for another event's attendee")
    browser.get(central.url + "/console/attendees/p2")
    with central.store() as store:
        old_code = store.attendees.get("p2").code
    assert old_code and old_code in browser.page_source
    form = browser.find_element(By.CSS_SELECTOR, "input[value=edit]").find_element(
        By.XPATH, "./..")
    _fill(browser, form, {"organisation": "UI Depok"})
    _submit(form)
    wait_for(lambda: "Saved." in browser.page_source, what="saved")

    def click(action: str) -> None:
        browser.find_element(By.CSS_SELECTOR, f"input[name=action][value={action}]").find_element(
            By.XPATH, "./..").find_element(By.TAG_NAME, "button").click()

    click("cancel")
    wait_for(lambda: "Ticket cancelled." in browser.page_source, what="cancelled")
    with central.store() as store:
        assert str(store.attendees.get("p2").status) == "cancelled"
        assert store.attendees.get("p2").organisation == "UI Depok"
    click("uncancel")
    wait_for(lambda: "Ticket restored." in browser.page_source, what="restored")
    click("reissue")
    wait_for(lambda: "A new code was issued" in browser.page_source, what="reissued")
    with central.store() as store:
        new_code = store.attendees.get("p2").code
        assert new_code and new_code != old_code and old_code in store.codes.revoked()
        assert str(store.attendees.get("p2").status) == "valid"
    click("revoke")
    wait_for(lambda: "Code revoked" in browser.page_source, what="revoked")
    with central.store() as store:
        assert new_code in store.codes.revoked()

    browser.get(central.url + "/console/attendees?event=pycon")
    browser.find_element(By.CSS_SELECTOR, "details > summary").click()
    form = browser.find_element(By.ID, "add-form")
    _fill(browser, form, {"name": "Dewi Lestari", "organisation": "Komunitas",
                          "ticket_type": "Regular"})
    _submit(form)
    wait_for(lambda: "Attendee added." in browser.page_source, what="added")
    with central.store() as store:
        dewi = next(a for a in store.attendees.all() if a.name == "Dewi Lestari")
    assert dewi.event_id == "pycon" and dewi.code
    assert dewi.code in browser.page_source
    # Her ticket as PNG is a QR of her code.
    png = httpx.get(f"{central.url}/console/attendees/{dewi.id}/ticket.png",
                    cookies={"kiosk_console": browser.get_cookie("kiosk_console")["value"]})
    from kiosk.scanner.decode import decode_frame

    gray = np.asarray(Image.open(io.BytesIO(png.content)).convert("L"))
    assert [c.text for c in decode_frame(gray)] == [dewi.code]


def _csv_file(tmp_path: Path, central: Central) -> Path:  # noqa: F811
    with central.store() as store:
        taken = store.attendees.get("o1").code  # another event's attendee holds it
    path = tmp_path / "people.csv"
    path.write_text(
        "id,name,email,organisation,ticket type,code,dietary\n"
        "p1,José Álvarez,p1@example.org,Acme Corp,VIP,,vegan\n"      # line 2: update
        "n1,Rina Wijaya,rina@example.org,Tokopedia,Regular,,\n"      # line 3: add
        f"n2,Thief,t@example.org,,Regular,{taken},\n"                # line 4: refused
        "n3,Agus Salim,agus@example.org,,Regular,,\n"                # line 5: add
        "n4,Too,Many,Fields,Here,x,y,z\n",                           # line 6: refused
        encoding="utf-8")
    return path


def test_import_shows_a_preview_before_anything_is_written(
        central: Central, browser: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    path = _csv_file(tmp_path, central)
    with central.store() as store:
        before = {a.id: a for a in store.attendees.all()}
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/import?event=pycon")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "preview"), what="the preview")
    assert browser.find_element(By.ID, "n-add").text == "2"
    assert browser.find_element(By.ID, "n-update").text == "1"
    assert browser.find_element(By.ID, "n-refused").text == "2"
    refused = browser.find_element(By.ID, "refused").text
    assert "4 ticket code" in refused and "6 has 8 fields" in refused, refused
    columns = browser.find_element(By.ID, "columns").text
    assert "ticket type Ticket type" in columns and "dietary extra detail" in columns
    added = browser.find_element(By.ID, "rows-add").text
    assert "3 Rina Wijaya" in added and "5 Agus Salim" in added
    # Nothing written yet.
    with central.store() as store:
        assert {a.id: a for a in store.attendees.all()} == before
    browser.find_element(By.ID, "apply").click()
    wait_for(lambda: browser.find_element(By.ID, "import-done"), what="the import result")
    done = browser.find_element(By.ID, "import-done").text
    assert "2 added" in done and "1 updated" in done and "2 skipped" in done
    with central.store() as store:
        after = {a.id: a for a in store.attendees.all()}
    assert after["n1"].event_id == "pycon" and "n2" not in after
    assert after["p1"].organisation == "Acme Corp" and after["p1"].code == before["p1"].code


def test_import_into_a_second_event_from_the_page(
        central: Central, browser: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    """The import page imports into the event it is about (here one whose id is not
    its name), never into the first event."""
    from kiosk.core.models import Gate

    with central.store() as store:
        store.events.create("Jazz Night", event_id="jazz-2026", timezone="UTC",
                            gates=[Gate("stage", "", "Stage")])
    path = tmp_path / "jazz.csv"
    path.write_text("id,name,email\n"
                    "j1,Dewi Sartika,dewi@example.org\n"      # line 2: add
                    "j2,,nobody@example.org\n",               # line 3: no name, refused
                    encoding="utf-8")
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/import?event=jazz-2026")
    assert "Jazz Night" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "preview"), what="the preview")
    assert browser.find_element(By.ID, "n-add").text == "1"
    assert browser.find_element(By.ID, "n-refused").text == "1"
    assert browser.find_element(By.ID, "refused").text.count("\n3 ") == 1
    browser.find_element(By.ID, "apply").click()
    wait_for(lambda: browser.find_element(By.ID, "import-done"), what="the import result")
    done = browser.find_element(By.ID, "import-done").text
    assert "1 added" in done and "1 skipped" in done, done
    with central.store() as store:
        assert store.attendees.get("j1").event_id == "jazz-2026"
        assert "j2" not in {a.id for a in store.attendees.all()}
        assert {g["id"] for g in store.events.gates() if g["event_id"] == "jazz-2026"} \
            == {"stage"}


def test_a_large_import_shows_its_progress_then_its_summary(
        central: Central, browser: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    """Confirming a large preview starts the import in the background: the page shows
    how many rows are written (polling the job), then the summary; the job is the
    session's own."""
    rows = 7000
    path = tmp_path / "big.csv"
    path.write_text("name,email\n" + "".join(f"Person {i},p{i}@example.org\n"
                                              for i in range(rows)), encoding="utf-8")
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/import?event=other-fest")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "preview"), what="the preview",
             timeout=60)
    assert browser.find_element(By.ID, "n-add").text == str(rows)
    browser.find_element(By.ID, "apply").click()
    wait_for(lambda: "/console/import/job/" in browser.current_url, what="the job page")
    job_url = browser.current_url
    shown: list[str] = []

    shots = os.environ.get("KIOSK_CONSOLE_SCREENSHOTS")

    def finished() -> bool:
        for found in browser.find_elements(By.ID, "import-written"):
            if shots and not shown:  # the running import, for docs/console
                for size, (width, height) in (("phone", (375, 812)),
                                              ("laptop", (1366, 768))):
                    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                        "width": width, "height": height, "deviceScaleFactor": 1,
                        "mobile": width < 600})
                    browser.save_screenshot(str(Path(shots) / f"import-running-{size}.png"))
            shown.append(found.text)
        return bool(browser.find_elements(By.ID, "import-done"))

    wait_for(finished, what="the import's summary", timeout=120, interval=0.1)
    done = browser.find_element(By.ID, "import-done").text
    assert f"{rows} added" in done, done
    # Whatever the page showed while writing was a count of rows, never more than all.
    assert all(0 <= int(n) <= rows for n in shown if n), shown
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    state = httpx.get(job_url + "/state", cookies=cookies).json()
    assert state == {"written": rows, "total": rows, "finished": True, "failed": False}
    # Another browser (no session, or another organiser's session) does not see the job.
    assert httpx.get(job_url + "/state").status_code in (303, 401, 403)
    other = httpx.Client(base_url=central.url)
    csrf = re.search(r'name="csrf" value="([^"]+)"', other.get("/console/login").text)
    assert csrf
    assert other.post("/console/login", data={"csrf": csrf.group(1), "token": central.token},
                      headers={"Origin": central.url}).status_code == 303
    assert other.get(job_url + "/state").status_code == 404
    assert other.get(job_url).status_code == 404
    other.close()
    with central.store() as store:
        assert sum(a.event_id == "other-fest" for a in store.attendees.all()) == rows + 1


def _sync_checkin(replica_path: Path, code: str) -> None:
    from kiosk.core.verdicts import Verdict
    from kiosk.replica.checkin import CheckInService
    from kiosk.replica.db import Replica

    with Replica(replica_path) as replica:
        assert CheckInService(replica).scan(code).verdict is Verdict.ACCEPTED


def test_pair_a_real_kiosk_by_the_qr_on_the_page_and_watch_its_checkin_arrive(
        central: Central, browser: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    from kiosk.scanner.decode import decode_frame
    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.pairing import parse_pairing_text

    login(browser, central.url, central.token)
    browser.get(central.url + "/console/devices?event=pycon")
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/pair']")
    _fill(browser, form, {"name": "Hall kiosk 1"})
    form.find_element(By.CSS_SELECTOR, "select[name=gate] option[value=hall]").click()
    _submit(form)
    qr = wait_for(lambda: browser.find_element(By.ID, "pair-qr"), what="the pairing QR")
    # What the kiosk's camera sees: the QR as rendered on screen.
    shot = Image.open(io.BytesIO(qr.screenshot_as_png)).convert("L")
    codes = decode_frame(np.asarray(shot))
    assert len(codes) == 1
    parsed = parse_pairing_text(codes[0].text)
    assert parsed is not None
    url, code = parsed
    assert url == central.url and code == browser.find_element(By.ID, "pair-code").text
    # The data behind the image says the same.
    src = qr.get_attribute("src")
    raw = base64.b64decode(src.split(",", 1)[1])
    assert decode_frame(np.asarray(Image.open(io.BytesIO(raw)).convert("L")))[0].text == \
        codes[0].text

    kiosk_db = tmp_path / "kiosk.db"
    engine = SyncEngine(kiosk_db)
    engine.pair(url, code, device_name="")
    assert engine.sync().ok
    browser.get(central.url + "/console/devices?event=pycon")
    devices = browser.find_element(By.ID, "device-list").text
    assert "Hall kiosk 1" in devices and "Main Hall" in devices and "online" in devices
    from kiosk import __version__

    # The kiosk's software version, from its requests' User-Agent.
    assert browser.find_element(By.CSS_SELECTOR, "#device-list td.version").text == __version__

    browser.get(central.url + "/console/?event=pycon")
    assert "Siti" not in browser.find_element(By.ID, "latest").text
    wait_for(lambda: browser.find_element(By.ID, "live").get_attribute("data-live")
             == "stream", what="the live page's server-sent events")
    with central.store() as store:
        siti = store.attendees.get("p2")
    assert siti.code
    _sync_checkin(kiosk_db, siti.code)
    result = engine.sync()
    uploaded = time.monotonic()
    assert result.ok and result.uploaded == 1
    wait_for(lambda: "Siti Nurhaliza" in browser.find_element(By.ID, "latest").text,
             timeout=3, what="the check-in on the live page within 3 s")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#chart rect[data-gate=hall]"),
             timeout=3 - (time.monotonic() - uploaded), what="a bar on the chart")
    assert time.monotonic() - uploaded <= 3
    assert browser.find_element(By.ID, "arrived").text == "1"
    engine.close()


def _upload(central: Central, token: str, attendee: str, gate: str) -> None:  # noqa: F811
    now = datetime.now(UTC)
    r = httpx.post(central.url + "/api/v1/checkins", headers={
        "Authorization": f"Bearer {token}"}, json={"checkins": [{
            "id": str(uuid.uuid4()), "attendee_id": attendee, "gate_id": gate,
            "direction": "entry", "scanned_at": now.isoformat(), "day": now.date().isoformat(),
            "verdict": "accepted"}]})
    assert r.status_code == 200 and r.json()["stored"] == 1, r.text


def test_review_a_flagged_duplicate_and_export(
        central: Central, browser: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    with central.store() as store:
        store.attendees.edit("p3", name="=HYPERLINK(\"http://x\")")
        tokens = [store.devices.pair(store.devices.new_pairing_code(device_name=n).code).token
                  for n in ("Kiosk A", "Kiosk B")]
    # Two kiosks, offline from each other, both admitted Budi at the Main Hall.
    _upload(central, tokens[0], "p3", "hall")
    _upload(central, tokens[1], "p3", "hall")
    _upload(central, tokens[0], "o1", "gate-a")
    _upload(central, tokens[1], "o1", "gate-a")  # another event's duplicate
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/flags?event=pycon")
    rows = browser.find_elements(By.CSS_SELECTOR, "#flag-list tbody tr")
    assert len(rows) == 1
    assert "Main Hall" in rows[0].text and "Kiosk B" in rows[0].text
    assert "Kiosk A" in rows[0].text  # the first entry it repeats
    rows[0].find_element(By.CSS_SELECTOR, "button.mark-seen").click()
    wait_for(lambda: "Nothing to review." in browser.page_source, what="flag marked seen")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Show seen").click()
    assert "Seen" in browser.find_element(By.ID, "flag-list").text
    with central.store() as store:
        seen = store.db.run(lambda tx: tx.execute("SELECT flag_id FROM console_flags_seen"))
    assert len(seen) == 1

    # Exports, downloaded by the browser.
    downloads = tmp_path / "downloads"
    browser.get(central.url + "/console/exports?event=pycon")
    for link in ("x-checkins", "x-attendance", "x-xlsx"):
        browser.find_element(By.ID, link).click()
    browser.find_element(By.ID, "x-pdf").click()
    names = {"pycon-checkins.csv", "pycon-attendance.csv", "pycon-attendance.xlsx"}

    def done() -> bool:
        have = {p.name for p in downloads.glob("*") if not p.name.endswith(".crdownload")}
        return names <= have and any(n.endswith("-report.pdf") for n in have)

    wait_for(done, timeout=20, what="four downloads")
    checkins = list(csv.DictReader(io.StringIO((downloads / "pycon-checkins.csv").read_text())))
    assert len(checkins) == 2 and {r["gate_id"] for r in checkins} == {"hall"}
    assert [r["duplicate"] for r in checkins] == ["false", "true"]
    people = list(csv.DictReader(io.StringIO(
        (downloads / "pycon-attendance.csv").read_text())))
    budi = next(r for r in people if r["id"] == "p3")
    assert budi["name"].startswith("'=") and budi["entries"] == "2"
    assert {r["id"] for r in people} == {"p1", "p2", "p3"}
    from openpyxl import load_workbook

    wb = load_workbook(downloads / "pycon-attendance.xlsx")
    sheet = wb["Attendance"]
    cell = next(c for c in sheet["B"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # text, not a formula
    assert wb["Check-ins"].max_row == 3
    pdf = next(downloads.glob("*-report.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Count 1" in pdf  # one page


def test_the_console_speaks_indonesian(central: Central, browser: WebDriver) -> None:  # noqa: F811
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/?lang=id")
    nav = browser.find_element(By.TAG_NAME, "nav").text
    assert "Peserta" in nav and "Perangkat" in nav and "Ekspor" in nav
    # Remembered for the next page.
    browser.get(central.url + "/console/devices")
    assert "Pasangkan perangkat" in browser.page_source
    browser.get(central.url + "/console/devices?lang=en")
    assert "Pair a device" in browser.page_source


def test_badge_prints_and_refused_uploads_reach_the_console(
        central: Central, browser: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    """A desk of PyCon prints Siti's badge twice; a second desk, not yet synced, prints
    it again without asking: the attendee page shows all three, which device, when, and
    the one printed without asking. A device of Other Fest sends a check-in at PyCon's
    hall and a badge print for Budi: refused, and shown on the Flags page of both events
    with why, in English and Indonesian, with a seen mark."""
    from kiosk.replica.badges import record_badge_print
    from kiosk.replica.db import Replica
    from kiosk.sync.engine import SyncEngine

    engines = []
    for name in ("Desk 1", "Desk 2"):
        with central.store() as store:
            code = store.devices.new_pairing_code(device_name=name, role="desk",
                                                  event_ids=["pycon"], gate_id="hall").code
        engine = SyncEngine(tmp_path / f"{name}.db")
        engine.pair(central.url, code)
        assert engine.sync(force=True).ok
        engines.append(engine)
    with Replica(tmp_path / "Desk 1.db") as replica:
        siti = replica.get_attendee("p2")
        assert siti is not None
        record_badge_print(replica, siti, printer="Zebra ZD421", reprint=False)
        record_badge_print(replica, siti, printer="Zebra ZD421", reprint=True)
    with Replica(tmp_path / "Desk 2.db") as replica:  # offline: has not heard of them
        siti = replica.get_attendee("p2")
        assert siti is not None
        record_badge_print(replica, siti, printer="/tmp/badge.pdf", reprint=False)
    for engine in engines:
        assert engine.sync(force=True).ok
        engine.close()

    login(browser, central.url, central.token)
    browser.get(central.url + "/console/attendees/p2?lang=en")
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#badge-prints tbody tr")]
    assert len(rows) == 3, rows
    assert "Desk 1" in rows[0] and "Zebra ZD421" in rows[0] and "first print" in rows[0]
    assert "Desk 1" in rows[1] and "reprint" in rows[1]
    assert "Desk 2" in rows[2] and "printed again without asking" in rows[2]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[0])
    browser.get(central.url + "/console/attendees/p2?lang=id")
    text = browser.find_element(By.ID, "badge-prints").text
    assert "cetakan pertama" in text and "cetak ulang" in text and "tanpa ditanya" in text
    browser.get(central.url + "/console/attendees/p3?lang=en")
    assert "No badge printed yet." in browser.page_source

    with central.store() as store:
        hostile = store.devices.pair(store.devices.new_pairing_code(
            device_name="Fest desk", role="desk", event_ids=["other-fest"]).code).token
    now = datetime.now(UTC)
    r = httpx.post(central.url + "/api/v1/checkins",
                   headers={"Authorization": f"Bearer {hostile}"},
                   json={"checkins": [{"id": str(uuid.uuid4()), "attendee_id": "p3",
                                       "gate_id": "hall", "direction": "entry",
                                       "scanned_at": now.isoformat(),
                                       "day": now.date().isoformat(), "verdict": "accepted"}]})
    assert r.json()["rejected"] == 1, r.text
    r = httpx.post(central.url + "/api/v1/badge-prints",
                   headers={"Authorization": f"Bearer {hostile}"},
                   json={"badge_prints": [{"id": str(uuid.uuid4()), "attendee_id": "p3",
                                           "printed_at": now.isoformat()}]})
    assert r.json()["rejected"] == 1, r.text

    for event in ("pycon", "other-fest"):
        browser.get(central.url + f"/console/flags?event={event}&lang=en")
        rows = browser.find_elements(By.CSS_SELECTOR, "#refused-list tbody tr")
        assert len(rows) == 2, event
        assert "a badge print" in rows[0].text and "Fest desk" in rows[0].text
        assert "this attendee is not part of the event(s)" in rows[0].text
        assert "a check-in" in rows[1].text
        assert "gate 'hall' is not part of the event(s) this device is paired for" in \
            rows[1].text
        # PyCon's organisers see Budi by name; Other Fest's see only the id.
        assert ("Budi Santoso" in rows[1].text) == (event == "pycon"), rows[1].text
    browser.get(central.url + "/console/flags?event=pycon&lang=id")
    table = browser.find_element(By.ID, "refused-list").text
    assert "Kiriman yang ditolak" in browser.page_source
    assert "pintu 'hall' bukan bagian dari acara yang ditautkan ke perangkat ini" in table
    assert "cetakan tanda pengenal" in table and "Fest desk" in table
    browser.find_elements(By.CSS_SELECTOR, "#refused-list button.mark-seen")[0].click()
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#refused-list tbody tr"))
             == 1, what="the refusal marked seen")
    browser.get(central.url + "/console/flags?event=pycon&seen=1&lang=en")
    assert "Seen" in browser.find_element(By.ID, "refused-list").text
    # Nothing of the hostile device's was stored.
    with central.store() as store:
        assert [r["attendee_id"] for r in store.ingest.all()] == []
        assert store.db.run(lambda tx: tx.scalar(
            "SELECT count(*) AS n FROM badge_prints WHERE attendee_id = 'p3'")) == 0


def _live_requests(browser: WebDriver) -> list[str]:  # noqa: F811
    return [str(u) for u in browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) {"
        " return e.name; })") if "/console/live" in str(u)]


def test_the_live_page_is_pushed_by_server_sent_events_or_polls_without_them(
        central: Central, browser: WebDriver) -> None:  # noqa: F811
    """The live page and the projector take server-sent events: a check-in reaching the
    central list is on the page within 3 s with no poll at all; a browser without
    EventSource polls live.json instead and sees it too."""
    with central.store() as store:
        token = store.devices.pair(store.devices.new_pairing_code(
            device_name="Hall kiosk", role="kiosk", event_ids=["pycon"]).code).token
    login(browser, central.url, central.token)
    for page, shown in (("/console/?event=pycon", "latest"),
                        ("/console/projector?event=pycon", "gate-tiles")):
        browser.get(central.url + page)
        wait_for(lambda: browser.find_element(By.ID, "live").get_attribute("data-live")
                 == "stream", what="the stream open")
        before = browser.find_element(By.ID, shown).text
        attendee = "p1" if shown == "latest" else "p3"
        _upload(central, token, attendee, "hall")
        uploaded = time.monotonic()
        wait_for(lambda shown=shown, before=before: browser.find_element(
            By.ID, shown).text != before, timeout=3, what="the pushed check-in within 3 s")
        assert time.monotonic() - uploaded <= 3
        if shown == "latest":
            assert "José Álvarez" in browser.find_element(By.ID, shown).text
        # No poll was made (a stream is listed only once it ends: polls at once).
        assert not any("/console/live.json" in u for u in _live_requests(browser))

    # Without EventSource (an old browser, a proxy that buffers streams): polling.
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                            {"source": "delete window.EventSource;"})
    browser.get(central.url + "/console/?event=pycon")
    wait_for(lambda: browser.find_element(By.ID, "live").get_attribute("data-live")
             == "poll", what="the page polling")
    _upload(central, token, "p2", "hall")
    wait_for(lambda: "Siti Nurhaliza" in browser.find_element(By.ID, "latest").text,
             timeout=3, what="the polled check-in within 3 s")
    assert any("/console/live.json?" in u for u in _live_requests(browser))


def test_the_stream_pushes_a_checkin_and_refuses_without_a_session(
        central: Central) -> None:  # noqa: F811
    """The stream itself (text/event-stream): the figures at once, then again after a
    check-in arrives; no session, no stream (a page, not figures)."""
    import json as _json

    from console_fixtures import console_login, page_csrf

    with central.store() as store:
        token = store.devices.pair(store.devices.new_pairing_code(
            device_name="Hall kiosk", role="kiosk", event_ids=["pycon"]).code).token
    anonymous = httpx.get(central.url + "/console/live/stream?event=pycon")
    assert anonymous.status_code in (303, 401) and "arrived" not in anonymous.text
    with httpx.Client(base_url=central.url, timeout=10) as client:
        console_login(client, central.token, origin=central.url)
        with client.stream("GET", "/console/live/stream?event=pycon&bucket=15") as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            assert r.headers["cache-control"] == "no-store"
            events = (line[6:] for line in r.iter_lines() if line.startswith("data: "))
            first = _json.loads(next(events))
            assert first["event"] == "pycon" and first["bucket"] == 15
            assert first["arrived"] == 0
            _upload(central, token, "p3", "hall")
            uploaded = time.monotonic()
            pushed = _json.loads(next(events))
            assert time.monotonic() - uploaded <= 3
            assert pushed["arrived"] == 1 and pushed["latest"][0]["name"] == "Budi Santoso"
            # Logged out (in another tab): the stream ends at its next push.
            csrf = page_csrf(client, "/console/?event=pycon")
            out = client.post("/console/logout", data={"csrf": csrf},
                              headers={"Origin": central.url})
            assert out.status_code in (200, 303), out.text
            _upload(central, token, "p1", "hall")
            ended = time.monotonic()
            assert list(events) == [] and time.monotonic() - ended <= 5


def test_the_live_page_says_when_its_updates_stop(
        central: Central, browser: WebDriver) -> None:  # noqa: F811
    """An open stream with nothing to tell says nothing; the central list gone, the page
    says its updates are paused within a few seconds (the browser keeps reconnecting)."""
    login(browser, central.url, central.token)
    browser.get(central.url + "/console/?event=pycon")
    wait_for(lambda: browser.find_element(By.ID, "live").get_attribute("data-live")
             == "stream", what="the stream open")
    time.sleep(5)
    assert not browser.find_element(By.ID, "stale").is_displayed()
    central.proc.stop()
    stopped = time.monotonic()
    wait_for(lambda: browser.find_element(By.ID, "stale").is_displayed(), timeout=10,
             what="'live updates paused'")
    assert time.monotonic() - stopped >= 3  # not at the first reconnect
