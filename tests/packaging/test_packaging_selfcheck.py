"""`kiosk selfcheck` from the source tree: the same code the bundle test runs frozen."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk import selfcheck
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import kiosk_entry  # noqa: E402  (packaging/ is not a package: it is the bundle's entry)

RunKiosk = Callable[..., subprocess.CompletedProcess[str]]


def test_selfcheck_passes_from_source(run_kiosk: RunKiosk) -> None:
    proc = run_kiosk("selfcheck", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["passed"] is True
    assert report["verdict"] == "accepted"
    assert report["environment"]["frozen"] is False
    parts = {p["name"]: p for p in report["parts"]}
    for name in ("replica", "ticket_qr", "decode", "pyzbar", "zxing-cpp", "opencv", "checkin"):
        assert parts[name]["status"] == "ok", parts[name]
    assert parts["checkin"]["second_verdict"] == "just_checked_in"
    assert parts["checkin"]["pending_upload"] == 1
    # The venv has PySide6 and conftest sets QT_QPA_PLATFORM=offscreen.
    assert parts["qt"]["status"] == "ok", parts["qt"]
    assert "offscreen" in parts["qt"]["platform_plugins"]
    assert parts["qt"]["verdict_screen"]["family"] == "green"
    assert parts["qt"]["gui_modules"] > 5


def test_selfcheck_text_report(run_kiosk: RunKiosk) -> None:
    proc = run_kiosk("selfcheck", "--no-qt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("checkin-kiosk ") and "(source," in lines[0]
    assert any(line.split()[:2] == ["ok", "checkin"] for line in lines)
    assert any(line.split()[:2] == ["skip", "qt"] for line in lines)
    assert lines[-2:] == ["verdict: accepted", "selfcheck: PASS"]


def test_selfcheck_fails_when_a_decoder_library_is_broken(
    run_kiosk: RunKiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed pyzbar whose libzbar cannot load (a kiosk without libzbar0) must fail
    the check with exit status 1 and say which part, not crash or pass."""
    fake = tmp_path / "site" / "pyzbar"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "pyzbar.py").write_text("raise ImportError('Unable to find zbar shared library')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "site"))
    proc = run_kiosk("selfcheck", "--no-qt", "--json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    parts = {p["name"]: p for p in report["parts"]}
    assert report["passed"] is False
    assert parts["pyzbar"]["status"] == "fail"
    assert "Unable to find zbar" in parts["pyzbar"]["detail"]
    assert parts["zxing-cpp"]["status"] == "ok"


def test_selfcheck_fails_when_nothing_decodes(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import kiosk.scanner.decode

    monkeypatch.setattr(kiosk.scanner.decode, "decode_frame", lambda frame, **kw: [])
    assert main(["selfcheck", "--no-qt"]) == 1
    out = capsys.readouterr().out
    assert "fail  decode" in out
    assert "skip  checkin" in out  # nothing to decide, and said so
    assert out.rstrip().endswith("selfcheck: FAIL")


def test_missing_library_is_skipped_not_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server-only container has no Qt and no decoders: that is a skip."""
    real_find_spec = selfcheck.importlib.util.find_spec
    monkeypatch.setattr(selfcheck.importlib.util, "find_spec",
                        lambda name, *a: None if name == "PySide6" else real_find_spec(name, *a))
    report = selfcheck.run_selfcheck(qt=True)
    qt = report.part("qt")
    assert qt is not None and qt.status == "skip" and "not installed" in qt.detail
    assert report.passed


def test_entry_script_passes_arguments_through() -> None:
    assert kiosk_entry.default_arguments("/opt/checkin-kiosk/kiosk", ["--version"]) == ["--version"]
    assert kiosk_entry.default_arguments("/opt/checkin-kiosk/kiosk", []) == []
    assert kiosk_entry.default_arguments(r"C:\\Apps\\checkin-kiosk.exe", ["serve"]) == ["serve"]


def test_windowed_app_without_arguments_opens_the_desk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    argv = kiosk_entry.default_arguments("/Applications/Checkin Kiosk.app/Contents/MacOS/"
                                         "checkin-kiosk", ["-psn_0_12345"])
    assert argv[:3] == ["run", "--mode", "desk"]
    db = Path(argv[argv.index("--db") + 1])
    assert db.name == "replica.db" and db.parent.is_dir()
    assert str(db).startswith(str(tmp_path))


def test_windowed_app_adds_the_users_replica_to_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    exe = r"C:\Program Files\Checkin Kiosk\checkin-kiosk.exe".replace("\\", "/")
    argv = kiosk_entry.default_arguments(exe, ["run", "--mode", "kiosk"])
    assert argv[:3] == ["run", "--mode", "kiosk"] and argv[3] == "--db"
    assert Path(argv[4]).name == "replica.db"
    explicit = ["run", "--mode", "kiosk", "--db", "gate.db"]
    assert kiosk_entry.default_arguments(exe, explicit) == explicit
    assert kiosk_entry.default_arguments(exe, ["selfcheck"]) == ["selfcheck"]


def test_a_gui_module_that_does_not_load_fails_the_qt_part(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As when a bundle misses a Qt library one GUI module needs."""
    import kiosk.gui

    (tmp_path / "zz_lost_library.py").write_text(
        "raise ImportError('libQt6PrintSupport.so.6: cannot open shared object file')\n")
    monkeypatch.setattr(kiosk.gui, "__path__", [*kiosk.gui.__path__, str(tmp_path)])
    report = selfcheck.run_selfcheck(qt=True)
    qt = report.part("qt")
    assert qt is not None and qt.status == "fail"
    assert "kiosk.gui.zz_lost_library" in qt.detail and "libQt6PrintSupport" in qt.detail
    assert not report.passed
    sys.modules.pop("kiosk.gui.zz_lost_library", None)
