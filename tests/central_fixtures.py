"""Real parts for central/sync tests: `kiosk serve` processes, a throwaway PostgreSQL
cluster, and a fault-injecting TCP proxy. Imported by tests/central and tests/sync
conftests (test dirs have no __init__.py)."""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def kiosk_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- a central list with people, and a kiosk paired with it --------------------------

def central_list(tmp_path: Path, prefix: str, people: int) -> tuple[Path, str]:
    """A SQLite central list with one event (id ``prefix`` lower-cased), gate "main",
    attendees with codes ``PREFIX-0``..., and one pairing code (returned)."""
    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee, Gate

    central = tmp_path / "central.db"
    event = prefix.lower()
    with CentralStore.open(central) as store:
        store.events.create(prefix, event_id=event, gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"{prefix}{i}", event_id=event, name=f"P {i}",
                                         code=f"{prefix}-{i}") for i in range(people)])
        code = store.devices.new_pairing_code(device_name="K1", role="desk").code  # walk-ins
    return central, code


@contextmanager
def paired_kiosk(tmp_path: Path, prefix: str, people: int) -> Iterator[tuple[Path, Any, Any]]:
    """A kiosk replica (``tmp_path / "k.db"``) paired with a :func:`central_list` served on
    loopback, after its first sync: ``(replica path, server handle, sync engine)``. The
    server stops on leaving."""
    from kiosk.central.server import run_in_thread
    from kiosk.central.store import CentralStore
    from kiosk.sync.engine import SyncEngine

    central, code = central_list(tmp_path, prefix, people)
    db = tmp_path / "k.db"
    with CentralStore.open(central) as store, run_in_thread(store) as handle, \
            SyncEngine(db) as engine:
        engine.pair(handle.url, code)
        assert engine.sync().ok
        yield db, handle, engine


# -- `kiosk serve` as a real process --------------------------------------------------

@dataclass
class ServeProcess:
    url: str
    proc: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rest = self.proc.stdout.read() if self.proc.stdout else ""
        return "".join(self.output) + (rest or "")

    def alive(self) -> bool:
        return self.proc.poll() is None


def start_serve(db: str | Path, *, port: int = 0, timeout: float = 30,
                tls: bool = False, extra: tuple[str, ...] = ()) -> ServeProcess:
    """Start `kiosk serve --db DB --port 0` and wait for its "serving on URL" line.

    Plain HTTP on loopback (``--insecure-http``) unless ``tls``: then HTTPS with the
    self-signed certificate kept beside the database (tests/security)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "serve", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port), *(() if tls else ("--insecure-http",)), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=kiosk_env(),
        cwd=ROOT)
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "serving on http://" in line or "serving on https://" in line:
            url = line.split("serving on ", 1)[1].split()[0]
            return ServeProcess(url, proc, lines)
    proc.kill()
    raise AssertionError("kiosk serve did not start:\n" + "".join(lines))


def pairing_code_unused(db: str | Path, code: str) -> bool:
    """Is the pairing ``code`` on the central list ``db`` still unclaimed?"""
    from kiosk.central.store import CentralStore

    with CentralStore.open(db) as store:
        return bool(store.db.run(lambda tx: tx.scalar(
            "SELECT used_at IS NULL AS free FROM pairing_codes WHERE code = ?", (code,))))


def sqlite_backup(source: str | Path, target: str | Path) -> None:
    """The backup line docs/deploy.md gives (the sqlite3 online backup API)."""
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


# -- a small list with kiosks, for the live-sync tests ------------------------------------

def live_list(central: str | Path, kiosks: int, people: int = 20) -> list[str]:
    """Event "live" (gate "main"), attendees L0.. with codes LV-0..; pairing codes."""
    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee, Gate

    with CentralStore.open(central) as store:
        store.events.create("Live", event_id="live", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"L{i}", event_id="live", name=f"Person {i}",
                                         code=f"LV-{i}") for i in range(people)])
        return [store.devices.new_pairing_code(device_name=f"K{k}").code
                for k in range(kiosks)]


def scan_at(db: str | Path, code: str, gate: str = "main", *, at: Any = None) -> str:
    """Scan ``code`` on the replica ``db`` (as a kiosk's controller records it); ``at``:
    the kiosk's clock stands at that moment (default: the replica's own clock)."""
    from kiosk.replica.checkin import CheckInService
    from kiosk.replica.db import Replica

    with Replica(db) as replica:
        clock = (lambda: at) if at is not None else None
        return str(CheckInService(replica, gate_id=gate, clock=clock).scan(code).verdict)


def one_day_now(zone: str, *, reach: Any = None) -> Any:
    """A moment for a test that writes check-ins up to ``reach`` (default 30 minutes)
    before it and scans at it: now, unless the event-local day (``zone``) began less
    than ``reach`` ago, then just before that midnight; so every check-in the test
    writes falls on the event day of its scans whenever the suite runs (CI once ran
    at 00:04 in Jakarta and a check-in of 23:56 "yesterday" let the ticket in again)."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    reach = reach or timedelta(minutes=30)
    now = datetime.now(UTC)
    local = now.astimezone(ZoneInfo(zone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if local - midnight < reach:
        return (midnight - timedelta(seconds=1)).astimezone(UTC)
    return now


def has_checkin_of(db: str | Path, attendee: str) -> bool:
    """Does the replica ``db`` hold a check-in of ``attendee`` (its own or remote)?"""
    from kiosk.replica.db import Replica

    with Replica(db) as replica:
        return bool(replica.conn.execute(
            "SELECT count(*) FROM checkins WHERE attendee_id = ?", (attendee,)).fetchone()[0])


# -- two events on one real `kiosk serve`, a device per event and a hostile one --------

#: Event A's zone: seven hours from UTC, so "the day" is the event's, not the machine's.
ZONE_A = "Asia/Jakarta"


class DeviceClient:
    """A paired device talking to the central list over HTTP, as a kiosk's sync does —
    or as a hostile one does: it sends what it is told, lies included."""

    def __init__(self, url: str, token: str, device_id: str) -> None:
        self.url, self.id = url, device_id
        self.headers = {"Authorization": f"Bearer {token}"}
        self.cursor = "0.0"

    def sync_feed(self) -> None:
        """Read the feed to its end, then poll once more (as a kiosk's next sync does)."""
        import httpx

        for _ in range(50):
            page = httpx.get(self.url + "/api/v1/changes", headers=self.headers,
                             params={"cursor": self.cursor, "limit": 1000}).json()
            done = self.cursor == page["cursor"]
            self.cursor = page["cursor"]
            if done:
                return
        raise AssertionError("the feed never ended")

    def post(self, path: str, body: dict[str, Any]) -> Any:
        import httpx

        return httpx.post(self.url + path, headers=self.headers, json=body)

    def upload(self, *items: dict[str, Any], sent_at: str | None = None
               ) -> list[dict[str, Any]]:
        """``POST /api/v1/checkins``; the results (asserting a 200)."""
        body: dict[str, Any] = {"checkins": list(items)}
        if sent_at:
            body["sent_at"] = sent_at
        r = self.post("/api/v1/checkins", body)
        assert r.status_code == 200, r.text
        return list(r.json()["results"])


def checkin_item(attendee: str, gate: str, code: str | None, *, direction: str = "entry",
                 at: Any = None, day: Any = None, undoes: str | None = None,
                 verdict: str | None = None) -> dict[str, Any]:
    """One uploaded check-in, as a kiosk's outbox sends it (``day``: what the device
    claims; default the UTC date of ``at``)."""
    from datetime import UTC, datetime

    at = at or datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "attendee_id": attendee, "gate_id": gate,
            "direction": direction, "scanned_at": at.isoformat(),
            "day": (day or at.date()).isoformat(),
            "verdict": verdict or ("undo" if direction == "undo" else "accepted"),
            "code": code, "undoes": undoes}


@dataclass
class EventSide:
    """One event of :class:`TwoEvents`: its id, zone, days, gates, people (id -> code)
    and an honest kiosk paired for it alone."""

    id: str
    zone: str
    today: Any  # the event-local date when the fixture was made
    days: list[Any]
    gates: list[str]
    people: dict[str, str]
    kiosk: DeviceClient


@dataclass
class TwoEvents:
    """A real `kiosk serve` (plain HTTP on loopback) on a SQLite list with two events.

    - **A** (``ev-a``, Asia/Jakarta, yesterday..tomorrow there): gates ``a-main`` and
      ``a-vip`` (VIP tickets only); people ann, cat (cancelled), rev (code REV-1
      revoked), dan, eve, fay, late, vic (VIP) with codes ``ANN-1``...
    - **B** (``ev-b``, UTC, no days listed): gate ``b-main``; people zed, yan.
    - ``a.kiosk`` / ``b.kiosk``: a kiosk paired for its event only;
      ``hostile``: a device paired as a kiosk of event A that sends what no real
      kiosk would (a token copied off a stolen kiosk, a device gone rogue); for
      cross-event attacks use ``b.kiosk`` against A.
    - ``admin``: the organiser token; :meth:`store` opens the list (SQLite allows it
      beside the server); :meth:`new_device` pairs another device; :meth:`sign` issues
      a signed code of an event.
    """

    db: Path
    server: ServeProcess
    admin: str
    a: EventSide
    b: EventSide
    hostile: DeviceClient

    @property
    def url(self) -> str:
        return self.server.url

    @contextmanager
    def store(self) -> Iterator[Any]:
        from kiosk.central.store import CentralStore

        with CentralStore.open(self.db) as store:
            yield store

    def new_device(self, name: str, *, role: str = "kiosk",
                   events: tuple[str, ...] = ("ev-a",)) -> DeviceClient:
        with self.store() as store:
            paired = store.devices.pair(store.devices.new_pairing_code(
                device_name=name, role=role, event_ids=events).code)
        return DeviceClient(self.url, paired.token, paired.device_id)

    def pairing_code(self, *, role: str = "kiosk", event: str = "ev-a") -> str:
        """A pairing code for a real kiosk (``kiosk pair URL CODE``)."""
        with self.store() as store:
            return str(store.devices.new_pairing_code(role=role, event_ids=[event]).code)

    def sign(self, event_id: str, attendee_id: str, ticket_type: str = "Regular", *,
             valid_from: Any = None, valid_until: Any = None) -> str:
        """A genuine signed code of ``event_id`` (its own key) for ``attendee_id``."""
        from kiosk.core.tickets import TicketPayload, TicketSigner

        with self.store() as store:
            key = store.db.run(lambda tx: tx.one(
                "SELECT private_key FROM events WHERE id = ?", (event_id,)))["private_key"]
        return TicketSigner(key).sign(TicketPayload(event_id, attendee_id, ticket_type,
                                                    valid_from, valid_until))

    def console_page(self, path: str) -> str:
        """``path`` of the organisers' console, logged in through its POST form."""
        import httpx

        with httpx.Client(base_url=self.url) as client:
            form = client.get("/console/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf, form
            r = client.post("/console/login", headers={"Origin": self.url},
                            data={"csrf": csrf.group(1), "token": self.admin})
            assert r.status_code == 303, r.text
            page = client.get(path)
            assert page.status_code == 200, page.text
            return page.text

    def stored(self) -> dict[str, dict[str, Any]]:
        """Every check-in the list holds, by id."""
        with self.store() as store:
            return {r["id"]: r for r in store.ingest.all()}


@contextmanager
def two_event_list(tmp_path: Path) -> Iterator[TwoEvents]:
    """:class:`TwoEvents` in ``tmp_path``; the server stops on leaving (and must not
    have printed a traceback)."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee, Gate

    db = tmp_path / "central.db"
    now = datetime.now(UTC)
    today_a = now.astimezone(ZoneInfo(ZONE_A)).date()
    days_a = [today_a + timedelta(days=d) for d in (-1, 0, 1)]
    people_a = {i: f"{i.upper()}-1" for i in
                ("ann", "cat", "rev", "dan", "eve", "fay", "late", "vic")}
    people_b = {i: f"{i.upper()}-1" for i in ("zed", "yan")}
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", timezone=ZONE_A, days=days_a,
                            gates=[Gate("a-main", "", "A main"),
                                   Gate("a-vip", "", "A VIP", ticket_types=("VIP",))])
        store.events.create("Event B", event_id="ev-b", timezone="UTC",
                            gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert(
            [Attendee(id=i, event_id="ev-a", name=i.title(), code=c,
                      ticket_type="VIP" if i == "vic" else "Regular")
             for i, c in people_a.items()]
            + [Attendee(id=i, event_id="ev-b", name=i.title(), code=c)
               for i, c in people_b.items()])
        store.attendees.cancel("cat")
        store.codes.revoke("REV-1", reason="lost ticket")
        admin = store.dashboard.new_admin_token()
        tokens = {}
        for name, events in (("Kiosk A", ["ev-a"]), ("Kiosk B", ["ev-b"]),
                             ("Hostile", ["ev-a"])):
            paired = store.devices.pair(store.devices.new_pairing_code(
                device_name=name, event_ids=events).code)
            tokens[name] = (paired.token, paired.device_id)
    server = start_serve(db)
    try:
        def client(name: str) -> DeviceClient:
            return DeviceClient(server.url, *tokens[name])

        yield TwoEvents(
            db, server, admin,
            EventSide("ev-a", ZONE_A, today_a, days_a, ["a-main", "a-vip"], people_a,
                      client("Kiosk A")),
            EventSide("ev-b", "UTC", now.date(), [], ["b-main"], people_b,
                      client("Kiosk B")),
            client("Hostile"))
        output = server.stop()
        assert "Traceback" not in output, output
    finally:
        server.stop()


# -- a throwaway PostgreSQL cluster -----------------------------------------------------

def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    return None


@dataclass
class PostgresCluster:
    base: Path
    port: int
    bin: Path
    as_postgres: bool
    user: str

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:10]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _run_pg(cmd: list[str], as_postgres: bool) -> None:
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    """initdb + pg_ctl start a private cluster on 127.0.0.1 (as `postgres` when root)."""
    pg_bin = _pg_bin()
    if pg_bin is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql).")
    as_postgres = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    os.chmod(base, 0o755)
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if as_postgres:
        import pwd

        pw = pwd.getpwnam("postgres")
        for path in (base, sock):
            os.chown(path, pw.pw_uid, pw.pw_gid)
    user = "postgres"
    port = free_port()
    _run_pg([str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8",
             "--no-sync", "--no-instructions"], as_postgres)
    options = (f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    _run_pg([str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options,
             "-w", "-t", "60", "start"], as_postgres)
    try:
        yield PostgresCluster(base, port, pg_bin, as_postgres, user)
    finally:
        try:
            _run_pg([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                     "stop"], as_postgres)
        finally:
            shutil.rmtree(base, ignore_errors=True)


# -- a fault-injecting TCP proxy --------------------------------------------------------

@dataclass
class Faults:
    """Per-connection fault odds (checked when a connection opens)."""

    drop: float = 0.0  # close the client's connection before forwarding anything
    delay: float = 0.0  # hold each chunk up to `max_delay` seconds
    cut_response: float = 0.0  # forward the request, then cut the response part-way
    max_delay: float = 0.3


_ALREADY = re.compile(rb'"already_stored":(\d+)')


class FaultProxy:
    """A small asyncio TCP proxy on 127.0.0.1 between kiosks and a server.

    ``cut_response`` lets the server read (and commit) the request, then closes the
    client's side after a few bytes of the answer: the nastiest case for idempotency."""

    def __init__(self, upstream_port: int, faults: Faults | None = None, seed: int = 7) -> None:
        self.upstream_port = upstream_port
        self.faults = faults or Faults()
        self.random = random.Random(seed)
        # "replayed": items the server answered "already_stored" (a retry after a lost answer)
        self.stats = {"connections": 0, "dropped": 0, "delayed": 0, "cut": 0, "replayed": 0}
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _shutdown(self, loop: asyncio.AbstractEventLoop) -> None:
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._server = loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            self._shutdown(loop)
            loop.close()

    async def _handle(self, client_r: asyncio.StreamReader,
                      client_w: asyncio.StreamWriter) -> None:
        # Faults are drawn per request chunk, not per connection: httpx keeps connections
        # alive, so a per-connection draw would hardly ever fire.
        self.stats["connections"] += 1
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.transport.abort()
            return
        state: dict[str, int | None] = {"cut_after": None}

        def close_both() -> None:
            client_w.transport.abort()
            server_w.transport.abort()

        async def upstream() -> None:
            try:
                while True:
                    chunk = await client_r.read(65536)
                    if not chunk:
                        break
                    f = self.faults  # read per request: tests switch faults off mid-run
                    roll = self.random.random()
                    if roll < f.drop:
                        self.stats["dropped"] += 1
                        break  # the request never reaches the server
                    if roll < f.drop + f.cut_response:
                        self.stats["cut"] += 1
                        state["cut_after"] = self.random.randint(0, 200)
                    elif roll < f.drop + f.cut_response + f.delay:
                        self.stats["delayed"] += 1
                        await asyncio.sleep(self.random.random() * f.max_delay)
                    server_w.write(chunk)
                    await server_w.drain()
            finally:
                close_both()

        async def downstream() -> None:
            sent = 0
            try:
                while True:
                    chunk = await server_r.read(65536)
                    if not chunk:
                        break
                    for match in _ALREADY.finditer(chunk):
                        self.stats["replayed"] += int(match.group(1))
                    limit = state["cut_after"]
                    if limit is not None:
                        # The server has answered, so it has committed: lose the answer.
                        client_w.write(chunk[:limit])
                        await client_w.drain()
                        break
                    client_w.write(chunk)
                    sent += len(chunk)
                    await client_w.drain()
            finally:
                close_both()

        await asyncio.gather(upstream(), downstream(), return_exceptions=True)


# -- pytest fixtures (import them into a test module: test dirs have no conftest of ours,
#    since a second `conftest` module would shadow tests/conftest.py for `from conftest`)

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster for the session (as `postgres` when run as root)."""
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def two_events(tmp_path: Path) -> Iterator[TwoEvents]:
    """:class:`TwoEvents`: a real `kiosk serve` with events A and B, a kiosk per event
    and a hostile device (also offered suite-wide by tests/conftest.py)."""
    with two_event_list(tmp_path) as ev:
        yield ev


@pytest.fixture
def pg_url(pg_cluster: PostgresCluster) -> str:
    """A fresh, empty database on the throwaway cluster."""
    return pg_cluster.new_database()
