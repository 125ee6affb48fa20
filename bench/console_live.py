"""The console's live view under load: 20 kiosks uploading 50 check-ins/s in total to a
real `kiosk serve`, with and without an open console page (headless Chromium, the live page
updated by server-sent events, then without EventSource, polling).

Figures, from one run:

- kiosk upload request latency p50/p95/p99 with no console open (the baseline); with the
  live page's poll (``/console/live.json`` once a second) made by a plain HTTP client, the
  browser open but idle on a page that does not poll (the server's own cost of an open
  console, without the browser's CPU); and with the live page open in Chromium, watched
  from Selenium every 50 ms, updated by server-sent events, then polling (a browser
  without EventSource) (the same load, right after each other);
- the poll's own latency (``live.json`` p50/p95/p99);
- upload -> on the page: for the k-th acknowledged upload, the time until the open page's
  "entries" figure shows at least k (read from the page's DOM every 50 ms), p50/p95/max.

    python bench/console_live.py [--seconds 20] [--kiosks 20] [--rate 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from benchstats import percentile  # noqa: E402
from central_fixtures import start_serve  # noqa: E402


def make_list(db: Path, kiosks: int, people: int) -> tuple[str, list[str]]:
    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee, AttendeeStatus, Gate

    today = datetime.now(UTC).date()
    with CentralStore.open(db) as store:
        store.events.create("Bench Con", event_id="bench", days=[today], timezone="UTC",
                           gates=[Gate(f"g{i}", "", f"Gate {i + 1}") for i in range(4)])
        store.attendees.upsert([Attendee(f"a{i}", "bench", f"Person {i}", None, "", "", "R",
                                         AttendeeStatus.VALID, {}, "import")
                                for i in range(people)])
        tokens = [store.devices.pair(store.devices.new_pairing_code(device_name=f"Kiosk {k}",
                                                    gate_id=f"g{k % 4}").code).token
                  for k in range(kiosks)]
        return store.dashboard.new_admin_token(), tokens


class Poll:
    """``/console/live.json`` once a second with the browser's session cookie, as the
    live page polls it, in a plain HTTP client."""

    def __init__(self, url: str, cookies: dict[str, str]) -> None:
        self.client = httpx.Client(base_url=url, timeout=30, cookies=cookies)
        self.latencies: list[float] = []
        self.errors = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                ok = self.client.get("/console/live.json?event=bench").status_code == 200
            except httpx.HTTPError:
                ok = False
            self.latencies.append(time.monotonic() - start)
            self.errors += not ok
            self.stop.wait(max(0.0, 1.0 - (time.monotonic() - start)))

    def __enter__(self) -> Poll:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=35)
        self.client.close()


class Load:
    """``kiosks`` threads, each posting one check-in per request at ``rate / kiosks`` per
    second (scheduled, not back-to-back), until stopped."""

    def __init__(self, url: str, tokens: list[str], rate: float, first_person: int) -> None:
        self.url, self.tokens, self.rate = url, tokens, rate
        self.next_person = first_person
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.acked: list[float] = []  # monotonic time of each acknowledged upload
        self.errors = 0
        self.stop = threading.Event()

    def person(self) -> int:
        with self.lock:
            self.next_person += 1
            return self.next_person

    def run_kiosk(self, k: int) -> None:
        interval = len(self.tokens) / self.rate
        client = httpx.Client(base_url=self.url, timeout=30,
                              headers={"Authorization": f"Bearer {self.tokens[k]}"})
        due = time.monotonic() + interval * k / len(self.tokens)
        while not self.stop.is_set():
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            due += interval
            now = datetime.now(UTC)
            body = {"sent_at": now.isoformat(), "pending": 0, "checkins": [{
                "id": str(uuid.uuid4()), "attendee_id": f"a{self.person()}",
                "gate_id": f"g{k % 4}", "direction": "entry", "scanned_at": now.isoformat(),
                "day": now.date().isoformat(), "verdict": "accepted"}]}
            start = time.monotonic()
            try:
                r = client.post("/api/v1/checkins", json=body)
                ok = r.status_code == 200 and r.json()["stored"] == 1
            except httpx.HTTPError:
                ok = False
            end = time.monotonic()
            with self.lock:
                self.latencies.append(end - start)
                if ok:
                    self.acked.append(end)
                else:
                    self.errors += 1
        client.close()

    def go(self, seconds: float) -> None:
        threads = [threading.Thread(target=self.run_kiosk, args=(k,), daemon=True)
                   for k in range(len(self.tokens))]
        for t in threads:
            t.start()
        time.sleep(seconds)
        self.stop.set()
        for t in threads:
            t.join(timeout=35)


def watch_page(browser: Any, url: str, load: Load, seconds: float,
               mode: str) -> list[tuple[float, int]]:
    """Open the live page, check it updates by ``mode`` ("stream" or "poll"), run
    ``load`` and read the page's "entries" figure every 50 ms: (time, entries added)."""
    browser.get(url + "/console/?event=bench")
    deadline = time.monotonic() + 10
    while browser.find_element("id", "live").get_attribute("data-live") != mode:
        if time.monotonic() > deadline:
            raise SystemExit(f"the live page does not {mode}")
        time.sleep(0.05)
    start_entries = int(browser.find_element("id", "entries").text)
    shown: list[tuple[float, int]] = []
    watching = threading.Event()

    def watch() -> None:
        while not watching.is_set():
            text = browser.find_element("id", "entries").text
            shown.append((time.monotonic(), int(text) - start_entries))
            time.sleep(0.05)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    load.go(seconds)
    time.sleep(5)  # let the page catch up with the last uploads
    watching.set()
    thread.join(timeout=5)
    return shown


def shown_delays(load: Load, shown: list[tuple[float, int]]) -> tuple[list[float], int]:
    """For the k-th acknowledged upload, the time until the page showed k or more."""
    delays = []
    missing = 0
    for k, acked_at in enumerate(sorted(load.acked), start=1):
        seen = next((t for t, n in shown if n >= k and t >= acked_at), None)
        if seen is None:
            missing += 1
        else:
            delays.append(seen - acked_at)
    return delays, missing


def _ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:.0f} ms" if values else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--rate", type=float, default=50, help="check-ins per second, total")
    args = parser.parse_args()
    people = int(args.rate * args.seconds * 4.5) + 100

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "central.db"
        admin, tokens = make_list(db, args.kiosks, people)
        serve = start_serve(db)
        try:
            baseline = Load(serve.url, tokens, args.rate, 0)
            baseline.go(args.seconds)

            sys.path.insert(0, str(ROOT / "tests"))
            from console_fixtures import login, new_browser

            browser = new_browser()
            try:
                login(browser, serve.url, admin)
                browser.get(serve.url + "/console/events?event=bench")  # does not poll
                cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
                polled = Load(serve.url, tokens, args.rate, len(baseline.acked) + 10)
                with Poll(serve.url, cookies) as poll:
                    polled.go(args.seconds)
                pages = {}
                first = len(baseline.acked) + len(polled.acked) + 20
                for mode in ("stream", "poll"):
                    if mode == "poll":  # a browser without EventSource: the page polls
                        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                                {"source": "delete window.EventSource;"})
                    load = Load(serve.url, tokens, args.rate, first)
                    pages[mode] = (load, watch_page(browser, serve.url, load, args.seconds,
                                                    mode))
                    first += len(load.acked) + 10
            finally:
                browser.quit()
        finally:
            serve.stop()

    print(f"console live bench: {args.kiosks} kiosks, {args.rate:.0f} check-ins/s in total, "
          f"{args.seconds:.0f} s per phase, one check-in per request")
    for name, load in (("no console open (baseline)", baseline),
                       ("live.json polled 1/s by an HTTP client", polled),
                       ("live page open in Chromium, server-sent events", pages["stream"][0]),
                       ("live page open in Chromium, polling", pages["poll"][0])):
        rate = len(load.acked) / args.seconds
        print(f"  kiosk uploads, {name}: {len(load.latencies)} requests ({rate:.1f}/s stored,"
              f" {load.errors} errors): p50 {_ms(load.latencies, 50)}, "
              f"p95 {_ms(load.latencies, 95)}, p99 {_ms(load.latencies, 99)}")
    print(f"  the poll itself (live.json): {len(poll.latencies)} requests "
          f"({poll.errors} errors): p50 {_ms(poll.latencies, 50)}, "
          f"p95 {_ms(poll.latencies, 95)}, p99 {_ms(poll.latencies, 99)}")
    ok = True
    for mode, (load, shown) in pages.items():
        delays, missing = shown_delays(load, shown)
        print(f"  upload -> shown on the open live page ({mode}): {len(delays)} check-ins, "
              f"p50 {_ms(delays, 50)}, p95 {_ms(delays, 95)}, max "
              f"{max(delays) * 1000:.0f} ms" + (f", {missing} never shown" if missing else "")
              if delays else f"  upload -> shown ({mode}): no data")
        ok = ok and bool(delays) and not missing and percentile(delays, 95) <= 3.0
    print("  target p95 <= 3 s:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
