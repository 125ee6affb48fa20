"""The container recipe for the central list (packaging/docker).

Containers cannot run on this machine, so what can be checked is checked without them:
- the image installs only requirements-central.txt (plus the project with --no-deps), so
  the server and the organiser commands must work with the GUI libraries absent: they run
  here in a subprocess where PySide6, OpenCV, numpy and the decoders cannot be imported;
- the Dockerfile, compose file and Caddyfile agree on service names and the port, and the
  requirements agree with pyproject.toml.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from kiosktest import kiosk_argv, kiosk_env

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "packaging" / "docker"
# Distribution names the server image must not need (the GUI and scanner stack).
GUI_ONLY = {"pyside6-essentials", "pyside6-addons", "opencv-python-headless", "numpy",
            "pyzbar", "zxing-cpp"}
BLOCKED_MODULES = ("PySide6", "shiboken6", "cv2", "numpy", "pyzbar", "zxingcpp")

ATTENDEES_CSV = """Name,E-mail,Organisation,Ticket type
Budi Sitorus,budi@example.com,Universitas Indonesia,Regular
Made Wirawan,made@example.id,Komunitas Bali,VIP
"""

GUARD = f'''
import sys
BLOCKED = {BLOCKED_MODULES!r}
class NotInCentralImage:
    """Makes the GUI-only libraries unimportable, as in the server container."""
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not installed in the central image")
        return None
sys.meta_path.insert(0, NotInCentralImage())
'''


def _dist_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement.strip(), maxsplit=1)[0].lower()


def requirements() -> list[str]:
    lines = (DOCKER / "requirements-central.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def central_commands() -> set[str]:
    from kiosk.cli import build_parser

    return set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.fixture
def guarded_env(tmp_path: Path) -> dict[str, str]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    env = kiosk_env()
    env["PYTHONPATH"] = str(guard) + ":" + env["PYTHONPATH"]
    return env


def test_guard_blocks_the_gui_libraries(guarded_env: dict[str, str]) -> None:
    for module in ("numpy", "cv2", "PySide6.QtCore", "pyzbar.pyzbar"):
        proc = subprocess.run([sys.executable, "-c", f"import {module}"], env=guarded_env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode != 0 and "not installed in the central image" in proc.stderr


def test_requirements_match_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_dist_name(r): r for r in project["dependencies"]}
    for requirement in requirements():
        name = _dist_name(requirement)
        assert name in declared, f"{name} is not a dependency in pyproject.toml"
        assert name not in GUI_ONLY
        # Same floor as pyproject, so the image never runs an untested older version.
        assert requirement.split(">=")[-1] == declared[name].split(">=")[-1], requirement


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_central_server_and_organiser_commands_run_without_gui_libraries(
    guarded_env: dict[str, str], tmp_path: Path
) -> None:
    if "serve" not in central_commands():
        pytest.skip("this checkout has no `kiosk serve` yet (kiosk/central)")
    import httpx

    db = tmp_path / "central.db"
    csv_file = tmp_path / "attendees.csv"
    csv_file.write_text(ATTENDEES_CSV, encoding="utf-8")

    def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(kiosk_argv(*args), env=guarded_env, capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        assert proc.returncode == 0, f"kiosk {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc

    kiosk("central", "import", str(csv_file), "--db", str(db))
    code = kiosk("central", "pair-code", "--db", str(db), "--name", "gate-1").stdout
    assert code.strip().splitlines()[-1]
    kiosk("central", "devices", "--db", str(db))
    kiosk("central", "checkins", "--csv", "--db", str(db))

    port = _free_port()
    server = subprocess.Popen(kiosk_argv("serve", "--db", str(db), "--host", "127.0.0.1",
                                         "--port", str(port)),
                              env=guarded_env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"https://127.0.0.1:{port}/openapi.json", timeout=2,
                                     verify=False)  # self-signed: TLS by default
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    out = server.stdout.read() if server.stdout else ""
                    pytest.fail(f"server did not start without the GUI libraries:\n{out[-3000:]}")
                time.sleep(0.3)
        # The same probe the Dockerfile's HEALTHCHECK and Caddy's health_uri use.
        assert response.status_code == 200 and response.json()["paths"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_port_and_service_names_agree() -> None:
    dockerfile = (DOCKER / "Dockerfile").read_text()
    compose = (DOCKER / "compose.yaml").read_text()
    caddy = (DOCKER / "Caddyfile").read_text()
    port = re.search(r"^EXPOSE (\d+)$", dockerfile, re.M)
    assert port is not None
    assert f"KIOSK_CENTRAL_PORT={port.group(1)}" in dockerfile
    if "serve" in central_commands():
        from kiosk.central import commands as central

        assert int(port.group(1)) == central.DEFAULT_PORT
    upstreams = re.search(r"reverse_proxy (.+) \{", caddy)
    assert upstreams is not None
    for upstream in upstreams.group(1).split():
        service, upstream_port = upstream.split(":")
        assert upstream_port == port.group(1)
        assert re.search(rf"^  {service}:$", compose, re.M), f"no service {service} in compose"
    assert "health_uri /openapi.json" in caddy and "/openapi.json" in dockerfile
    # Two server processes, one database, and the schema created by one of them first.
    assert compose.count("<<: *central") == 2
    assert "kiosk serve --db" in dockerfile and "postgresql://" in compose


def test_dockerignore_keeps_the_context_small() -> None:
    ignore = (DOCKER / "Dockerfile.dockerignore").read_text().splitlines()
    assert ignore[ignore.index("*")] == "*"  # everything out, then only what COPY needs in
    copied = re.findall(r"^COPY (?!--from)(\S+)", (DOCKER / "Dockerfile").read_text(), re.M)
    for src in copied:
        assert f"!{src.rstrip('/')}" in ignore or f"!{src.rstrip('/')}/" in ignore, src
