"""Shared fixtures: fresh replicas, the ``kiosk`` command as a subprocess, demo CSV files."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from kiosktest import json_lines, kiosk_argv, kiosk_env  # noqa: E402,F401 - re-exported

# The suite-wide two-event fixture: a real `kiosk serve` with events A and B, a kiosk per
# event and a hostile device (tests/central_fixtures.py, TwoEvents).
from tests.central_fixtures import two_events  # noqa: E402,F401 - a fixture for every test


@pytest.fixture
def run_kiosk() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``kiosk ARGS`` in a subprocess; returns the CompletedProcess (text mode)."""

    def run(*args: str, check: bool = False, timeout: float = 120,
            input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(kiosk_argv(*args), capture_output=True, text=True,
                              env={**kiosk_env(), **(env or {})}, timeout=timeout,
                              input=input, cwd=ROOT)
        if check and proc.returncode != 0:
            raise AssertionError(f"kiosk {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    return run


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "replica.db"


@pytest.fixture
def fresh_replica(db_path: Path) -> Iterator[object]:
    from kiosk.replica.db import Replica

    replica = Replica(db_path)
    yield replica
    replica.close()


SAMPLE_CSV = """Nama;Surel;Instansi;Jenis tiket;Ukuran kaos;Catatan
Budi Sitorus;budi@example.com;Universitas Indonesia;Regular;L;
José Ramírez;jose@example.org;Linux Foundation;Workshop;M;vegetarian
Siti Nurhaliza;siti@example.id;;Regular;S;
Made Wirawan;made@example.id;Komunitas Bali;VIP;XL;speaker
"""


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    path = tmp_path / "attendees.csv"
    path.write_text(SAMPLE_CSV, encoding="utf-8")
    return path
