"""A real pretix on loopback for the pretix tests (issue 16), cached so a test costs seconds.

pretix runs in its OWN virtualenv (it pins Django and ~150 packages of its own), under the
cache directory ``~/.cache/checkin-kiosk/pretix-<version>/`` (``$KIOSK_PRETIX_CACHE``
overrides it), built in three cached steps, each done once and reused by later runs
(``./quickstart.sh test`` runs ``python tests/pretix_fixtures.py setup`` before the suite):

1. ``venv/``      ``pip install pretix==<PRETIX_VERSION>`` (~2 min, ~590 MB)
2. ``migrated-<hash>/``  ``python -m pretix migrate`` on SQLite (minutes on a busy machine)
3. ``seeded-<hash>/``    ``python -m pretix shell < tests/pretix_server/seed.py``: events,
   products, check-in lists, orders, devices, through pretix's own models (~20 s)

Each step is built in a temporary directory and renamed into place when complete, under a
file lock, so an interrupted or concurrent run never leaves half a cache behind. A test
copies the seeded data directory (one SQLite file, a few MB) and starts
``python -m pretix runserver`` on a free port: :func:`start_pretix`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

PRETIX_VERSION = "2026.8.0"
HERE = Path(__file__).resolve().parent
SERVER_FILES = HERE / "pretix_server"
SETTINGS = SERVER_FILES / "kiosk_pretix_settings.py"
SEED = SERVER_FILES / "seed.py"
SEED_BULK = SERVER_FILES / "seed_bulk.py"
#: More tickets than this are seeded in bulk (seed_bulk.py): seed.py's one order at a
#: time takes ~25 minutes for 10,000 on this machine.
BULK_ABOVE = 10_000


def cache_root() -> Path:
    base = os.environ.get("KIOSK_PRETIX_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "checkin-kiosk" / f"pretix-{PRETIX_VERSION}"


def _say(text: str) -> None:
    print(f">> pretix: {text}", file=sys.stderr, flush=True)


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256(PRETIX_VERSION.encode())
    for part in parts:
        h.update(part)
    return h.hexdigest()[:12]


def _run(argv: list[str], *, env: dict[str, str] | None = None, input: str | None = None,
         timeout: float = 1800, cwd: Path | None = None) -> str:
    proc = subprocess.run(argv, env=env, input=input, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} ... failed ({proc.returncode}):\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def ensure_venv() -> Path:
    """pretix's own virtualenv, installed once: the path of its python."""
    root = cache_root()
    venv = root / "venv"
    python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        return python
    with _locked(root):
        if (venv / ".complete").exists():
            return python
        tmp = root / "venv.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(venv, ignore_errors=True)
        base = getattr(sys, "_base_executable", sys.executable)
        _say(f"installing pretix {PRETIX_VERSION} into {venv} (once; ~2 minutes, ~590 MB)")
        _run([base, "-m", "venv", str(tmp)])
        pip = [str(tmp / "bin" / "python"), "-m", "pip", "install", "-q",
               "--disable-pip-version-check"]
        for attempt in (1, 2):  # a flaky mirror gets a second chance
            try:
                _run([*pip, f"pretix=={PRETIX_VERSION}"], timeout=3600)
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                _say("pip failed; trying once more")
        # Renamed when complete: only `venv/bin/python -m ...` is used, which does not
        # depend on the scripts' shebang lines (they name the .partial path).
        (tmp / ".complete").write_text(PRETIX_VERSION)
        tmp.rename(venv)
    return python


def pretix_env(data_dir: Path) -> dict[str, str]:
    """The environment of a pretix process on ``data_dir``: our settings module, none
    of our own PYTHONPATH, and no stray pretix.cfg from the machine."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE")}
    cfg = data_dir / "pretix.cfg"
    if not cfg.exists():
        cfg.write_text("[pretix]\ninstance_name=kiosk-test\n")
    env.update(DATA_DIR=str(data_dir), PRETIX_CONFIG_FILE=str(cfg),
               PYTHONPATH=str(SERVER_FILES), DJANGO_SETTINGS_MODULE="kiosk_pretix_settings",
               PYTHONDONTWRITEBYTECODE="1")
    return env


def ensure_migrated() -> Path:
    """A data directory with pretix's schema migrated (SQLite), built once."""
    python = ensure_venv()
    root = cache_root()
    target = root / f"migrated-{_digest(SETTINGS.read_bytes())}"
    if (target / ".complete").exists():
        return target / "data"
    with _locked(root):
        if (target / ".complete").exists():
            return target / "data"
        tmp = root / (target.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "data").mkdir(parents=True)
        _say("migrating a fresh SQLite database (once; a few minutes)")
        started = time.monotonic()
        _run([str(python), "-m", "pretix", "migrate", "-v0", "--noinput"],
             env=pretix_env(tmp / "data"), cwd=tmp)
        _say(f"migrated in {time.monotonic() - started:.0f} s")
        (tmp / ".complete").write_text("")
        tmp.rename(target)
    return target / "data"


def ensure_seeded(positions: int = 24) -> tuple[Path, dict[str, Any]]:
    """A migrated data directory seeded by ``seed.py`` with ``positions`` Seminar
    tickets (and the rest, see seed.py): its path and the seed's JSON. Above
    :data:`BULK_ABOVE` tickets, seed.py makes the usual 24 and ``seed_bulk.py`` the rest
    (copies written with ``bulk_create``; the seed's JSON lists only the 24)."""
    python = ensure_venv()
    migrated = ensure_migrated()
    root = cache_root()
    bulk = positions - 24 if positions > BULK_ABOVE else 0
    parts = [SETTINGS.read_bytes(), SEED.read_bytes()] + ([SEED_BULK.read_bytes()] if bulk
                                                           else [])
    target = root / (f"seeded-{_digest(*parts)}-{positions}" + ("-bulk" if bulk else ""))
    if not (target / ".complete").exists():
        with _locked(root):
            if not (target / ".complete").exists():
                tmp = root / (target.name + ".partial")
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir(parents=True)
                shutil.copytree(migrated, tmp / "data")
                (tmp / "data" / "pretix.cfg").unlink(missing_ok=True)
                env = pretix_env(tmp / "data")
                env["KIOSK_SEED_POSITIONS"] = str(positions - bulk)
                out = _run([str(python), "-m", "pretix", "shell"], env=env,
                           input=SEED.read_text(), cwd=tmp)
                line = next(x for x in out.splitlines() if x.startswith("SEED "))
                if bulk:
                    _say(f"adding {bulk} tickets with bulk_create (once)")
                    env["KIOSK_SEED_BULK"] = str(bulk)
                    _run([str(python), "-m", "pretix", "shell"], env=env,
                         input=SEED_BULK.read_text(), cwd=tmp, timeout=7200)
                (tmp / "seed.json").write_text(line[5:])
                (tmp / ".complete").write_text("")
                tmp.rename(target)
    return target / "data", json.loads((target / "seed.json").read_text())


@dataclass
class PretixServer:
    """A running ``python -m pretix runserver`` on its own copy of the seeded database."""

    url: str
    data_dir: Path
    python: Path
    seed: dict[str, Any]
    proc: subprocess.Popen[str]
    log_path: Path
    _unused_devices: list[str] = field(default_factory=list)

    @property
    def organizer(self) -> str:
        return str(self.seed["organizer"])

    def handshake(self) -> str:
        """The text of a new device's pairing QR, as pretix's control panel shows it
        (``DeviceConnectView``): json.dumps of handshake_version, url, token."""
        if self._unused_devices:
            token = self._unused_devices.pop(0)
        else:  # the seeded ones are used up: a new device, as the organiser makes one
            answer = self.api("POST", "/devices/", json={
                "name": "Kiosk (test)", "all_events": True, "limit_events": [],
                "security_profile": "pretixscan"})
            answer.raise_for_status()
            token = str(answer.json()["initialization_token"])
        return json.dumps({"handshake_version": 1, "url": self.url, "token": token})

    def ticket(self, event: str, label: str) -> str:
        return str(self.seed["events"][event]["tickets"][label])

    def list_id(self, event: str, name: str) -> int:
        return int(self.seed["events"][event]["lists"][name])

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A call with the team token (the organiser's side, e.g. pretixSCAN or the
        control panel acting)."""
        headers = {"Authorization": f"Token {self.seed['team_token']}"}
        return httpx.request(method, f"{self.url}/api/v1/organizers/{self.organizer}{path}",
                             headers=headers, timeout=30, **kwargs)

    def shell(self, code: str) -> str:
        """Run Python in ``python -m pretix shell`` against this server's database."""
        return _run([str(self.python), "-m", "pretix", "shell"],
                    env=pretix_env(self.data_dir), input=code, cwd=self.data_dir.parent)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


#: What a broken pretix deployment answers, by status: Django's own page for an error in
#: pretix (500), and the reverse proxy's pages when pretix is down or overloaded.
OUTAGE_PAGES = {
    500: b"<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>"
         b"\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n",
    502: b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center>"
         b"<h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
         b"</html>\r\n",
    503: b"<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
         b"<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
         b"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
}


class OutageProxy:
    """A tiny HTTP reverse proxy between a kiosk and the real pretix, as nginx in front of
    pretix is, whose ``mode`` a test switches:

    - ``"pass"``: every request forwarded, every answer returned;
    - ``"500"``, ``"502"``, ``"503"``: answered at once with that status and the page a
      broken deployment shows (:data:`OUTAGE_PAGES`), nothing forwarded;
    - ``"502-after"``: forwarded (pretix does the work and commits), then answered 502
      (the upstream's answer lost on the way back);
    - ``"hang"``: the request is read and never answered until the mode changes or the
      proxy stops (pretix not reached).

    ``seen`` counts the requests per mode; ``forwarded`` those pretix received."""

    def __init__(self, upstream: str) -> None:
        import http.server
        import threading

        self.upstream = upstream.rstrip("/")
        self.mode = "pass"
        self.seen: dict[str, int] = {}
        self.forwarded = 0
        self._changed = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                mode = proxy.mode
                proxy.seen[mode] = proxy.seen.get(mode, 0) + 1
                if mode == "hang":
                    while proxy.mode == "hang" and not proxy._stopping:
                        proxy._changed.wait(0.2)
                    self.close_connection = True
                    return  # the client gave up long ago: no answer at all
                if mode in ("500", "502", "503"):
                    self._answer(int(mode), OUTAGE_PAGES[int(mode)], "text/html")
                    return
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection")}
                answer = httpx.request(self.command, proxy.upstream + self.path,
                                       headers=headers, content=body, timeout=120)
                proxy.forwarded += 1
                if mode == "502-after":
                    self._answer(502, OUTAGE_PAGES[502], "text/html")
                    return
                self._answer(answer.status_code, answer.content,
                             answer.headers.get("content-type", ""),
                             {k: v for k, v in answer.headers.items()
                              if k.lower().startswith("x-")})

            def _answer(self, status: int, content: bytes, kind: str,
                        extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

        self._stopping = False
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="pretix-outage-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def switch(self, mode: str) -> None:
        self.mode = mode
        self._changed.set()
        self._changed.clear()

    def __enter__(self) -> OutageProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping = True
        self.switch("pass")
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def start_pretix(positions: int = 24, *, timeout: float = 120) -> Iterator[PretixServer]:
    """A fresh copy of the seeded pretix, served on loopback until the block ends."""
    python = ensure_venv()
    seeded, seed = ensure_seeded(positions)
    work = Path(tempfile.mkdtemp(prefix="kiosk-pretix-"))
    try:
        data = work / "data"
        shutil.copytree(seeded, data)
        port = _free_port()
        log_path = work / "runserver.log"
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [str(python), "-m", "pretix", "runserver", f"127.0.0.1:{port}",
                 "--noreload"], env=pretix_env(data), stdout=log, stderr=subprocess.STDOUT,
                text=True, cwd=work)
        server = PretixServer(f"http://127.0.0.1:{port}", data, python, seed, proc, log_path,
                              list(seed["device_init_tokens"]))
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"pretix runserver exited:\n{server.log()[-3000:]}")
                try:
                    httpx.get(f"{server.url}/api/v1/version", timeout=5)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("pretix runserver did not answer in "  # noqa: B904
                                           f"{timeout:.0f} s:\n{server.log()[-3000:]}")
                    time.sleep(0.3)
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    """``setup [POSITIONS]``: build (or check) the cache; bench/pretix_download.py
    seeds a 10,000-ticket copy the same way."""
    if argv[1:2] == ["setup"] and len(argv) <= 3:
        started = time.monotonic()
        data, _ = ensure_seeded(int(argv[2]) if len(argv) == 3 else 24)
        _say(f"ready in {time.monotonic() - started:.0f} s: {data}")
        return 0
    print("usage: python tests/pretix_fixtures.py setup [POSITIONS]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
