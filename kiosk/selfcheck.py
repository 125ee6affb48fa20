"""``kiosk selfcheck``: a headless end-to-end check of an installed kiosk (or a bundle).

Venues install a PyInstaller bundle, not a virtualenv, so "does it work on this box" must be
answerable without a camera, a screen or a network. The self-check walks one scan through
the real parts, in a temporary folder that it removes afterwards:

1. create a replica and import a tiny built-in attendee list (the event gets a signing key);
2. issue signed codes and render one ticket as a QR image (``kiosk.tickets.render``);
3. place the image in a camera-sized frame and decode it with the default decoder stack
   (``kiosk.scanner.decode.decode_frame``), then with each decoder backend on its own
   (pyzbar/libzbar, zxing-cpp, OpenCV), reporting which load and where libzbar came from;
4. decide the decoded text with :class:`kiosk.replica.checkin.CheckInService` (expect
   "accepted"), and a second scan of the same code (expect "already checked in");
5. find the GUI's resources (a sound per verdict family, translations) where it looks;
6. if PySide6 is installed: load every ``kiosk.gui`` module, start the GUI's QApplication
   on the ``offscreen`` platform, paint the real verdict panel for step 4's result and
   check its colour, and list the platform plugins a real screen could use (xcb, wayland,
   eglfs...). All Qt use goes through ``kiosk/gui``; this module imports no PySide6.

Each part is ``ok``, ``fail`` or ``skip`` (a library that is simply not installed, such as
Qt in the server-only container, is skipped, not failed). The command exits 1 when any
part fails, so scripts and the bundle test can rely on the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kiosk
from kiosk.errors import SelfcheckSkipped

# A tiny attendee list in the shape organisers export (Indonesian headers on purpose: the
# self-check also proves the CSV header synonyms are in the bundle).
SELFCHECK_CSV = (
    b"Nama;Surel;Instansi;Jenis tiket\n"
    b"Selfcheck Satu;satu@example.invalid;Checkin Kiosk;Regular\n"
    b"Selfcheck Dua;dua@example.invalid;Checkin Kiosk;Workshop\n"
)

OK, FAIL, SKIP = "ok", "fail", "skip"



@dataclass
class PartResult:
    """The outcome of one part of the self-check."""

    name: str
    status: str
    detail: str
    info: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "detail": self.detail,
                "seconds": round(self.seconds, 4), **self.info}


@dataclass
class SelfCheckReport:
    """Everything the self-check found; ``passed`` is False when any part failed."""

    parts: list[PartResult] = field(default_factory=list)
    verdict: str | None = None
    environment: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.parts) and all(p.status != FAIL for p in self.parts)

    def part(self, name: str) -> PartResult | None:
        return next((p for p in self.parts if p.name == name), None)

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "verdict": self.verdict,
                "environment": self.environment,
                "parts": [p.to_json() for p in self.parts]}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``kiosk selfcheck`` to the command line."""
    p = sub.add_parser(
        "selfcheck",
        help="check this installation headlessly: replica, QR render, decoders, verdict, Qt",
        description="Walks one signed ticket through the real parts (no camera, screen or "
                    "network needed) and prints what works. Exit status 1 if anything fails.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--no-qt", action="store_true", help="do not start Qt")
    p.set_defaults(handler=cmd_selfcheck)


def cmd_selfcheck(args: argparse.Namespace) -> int:
    report = run_selfcheck(qt=not args.no_qt)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0 if report.passed else 1


def format_report(report: SelfCheckReport) -> str:
    """The report as plain lines for a person at a terminal."""
    env = report.environment
    lines = [f"checkin-kiosk {env.get('version')} selfcheck "
             f"({'bundle' if env.get('frozen') else 'source'}, Python {env.get('python')}, "
             f"{env.get('platform')})"]
    for p in report.parts:
        lines.append(f"  {p.status:<4}  {p.name:<18} {p.detail}")
    lines.append(f"verdict: {report.verdict or '-'}")
    lines.append("selfcheck: " + ("PASS" if report.passed else "FAIL"))
    return "\n".join(lines)


def run_selfcheck(*, qt: bool = True) -> SelfCheckReport:
    """Run every part and return the report. Never raises: a crash in a part is its failure."""
    report = SelfCheckReport(environment=_environment())
    with tempfile.TemporaryDirectory(prefix="kiosk-selfcheck-") as tmp:
        state: dict[str, Any] = {"dir": Path(tmp)}
        _run(report, "replica", _check_replica, state)
        _run(report, "ticket_qr", _check_render, state)
        _run(report, "decode", _check_decode, state)
        for backend, probe in _BACKENDS.items():
            _run(report, backend, probe, state)
        _run(report, "checkin", _check_checkin, state)
        _run(report, "resources", _check_resources, state)
        if qt:
            _run(report, "qt", _check_qt, state)
        else:
            report.parts.append(PartResult("qt", SKIP, "not requested (--no-qt)"))
        replica = state.get("replica")
        if replica is not None:
            replica.close()
    report.verdict = state.get("verdict")
    return report


def _run(report: SelfCheckReport, name: str, check: Callable[[dict[str, Any]], PartResult],
         state: dict[str, Any]) -> None:
    started = time.perf_counter()
    try:
        result = check(state)
    except SelfcheckSkipped as exc:
        result = PartResult(name, SKIP, str(exc))
    except Exception as exc:  # noqa: BLE001 - any crash is this part's failure, reported
        result = PartResult(name, FAIL, f"{type(exc).__name__}: {exc}")
    result.name = name
    result.seconds = time.perf_counter() - started
    report.parts.append(result)


def _environment() -> dict[str, Any]:
    frozen = bool(getattr(sys, "frozen", False))
    return {
        "version": kiosk.__version__,
        "frozen": frozen,
        "bundle_dir": getattr(sys, "_MEIPASS", None),
        "executable": sys.executable,
        "python": platform.python_version(),
        "platform": f"{sys.platform}-{platform.machine()}",
    }


# -- the scan path --------------------------------------------------------------------


def _check_replica(state: dict[str, Any]) -> PartResult:
    from kiosk.core.attendee_csv import parse_csv_bytes
    from kiosk.replica.db import Replica
    from kiosk.replica.importer import import_parsed

    replica = Replica(state["dir"] / "selfcheck.db")
    state["replica"] = replica
    summary = import_parsed(replica, parse_csv_bytes(SELFCHECK_CSV), event_name="Selfcheck")
    count = replica.attendee_count()
    if summary.added != 2 or count != 2:
        return PartResult("replica", FAIL, f"imported {summary.added}, replica holds {count}")
    import sqlite3

    return PartResult("replica", OK, f"created, imported {count} attendees "
                                     f"(SQLite {sqlite3.sqlite_version})",
                      {"sqlite": sqlite3.sqlite_version})


def _check_render(state: dict[str, Any]) -> PartResult:
    if "replica" not in state:
        raise SelfcheckSkipped("no replica")
    import numpy as np
    from PIL import Image

    from kiosk.replica.codes import issue_missing_codes
    from kiosk.tickets.render import qr_png_bytes

    replica = state["replica"]
    issued = issue_missing_codes(replica)
    attendee = sorted(replica.attendees(), key=lambda a: a.name)[0]
    assert attendee.code is not None
    png = qr_png_bytes(attendee.code)
    qr = Image.open(io.BytesIO(png)).convert("L")
    # A camera-sized frame with the ticket off-centre, as a webcam would see a held-up phone.
    frame = Image.new("L", (1280, 720), 200)
    frame.paste(qr, (180, max(0, (720 - qr.height) // 2)))
    state["code"] = attendee.code
    state["attendee"] = attendee
    state["frame"] = np.asarray(frame, dtype=np.uint8)
    return PartResult("ticket_qr", OK,
                      f"signed {issued} codes; QR {qr.width}x{qr.height} px "
                      f"for {len(attendee.code)} characters", {"png_bytes": len(png)})


def _check_decode(state: dict[str, Any]) -> PartResult:
    if "frame" not in state:
        raise SelfcheckSkipped("no ticket image")
    from kiosk.scanner.decode import decode_frame

    codes = decode_frame(state["frame"])
    texts = [c.text for c in codes]
    if state["code"] not in texts:
        return PartResult("decode", FAIL, f"the ticket was not decoded (got {texts!r})")
    state["decoded"] = state["code"]
    backend = next(c.backend for c in codes if c.text == state["code"])
    return PartResult("decode", OK, f"decode_frame read the ticket (backend {backend or '?'})",
                      {"backend": backend})


def _version_of(module: Any, dist: str) -> str:
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib.metadata import version as dist_version

        return dist_version(dist)
    except Exception:  # noqa: BLE001 - bundles may not carry package metadata
        return "?"


def _require_module(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        raise SelfcheckSkipped(f"{name} is not installed")


def _loaded_library(fragment: str) -> str | None:
    """The file of a loaded shared library whose name contains ``fragment`` (Linux only):
    tells whether libzbar came from the bundle or from the system."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip() if line.count(" ") >= 5 else ""
                if fragment in os.path.basename(path):
                    return path
    except OSError:
        return None
    return None


def _probe_result(name: str, state: dict[str, Any], texts: list[str], version: str,
                  info: dict[str, Any]) -> PartResult:
    info = {"version": version, **info}
    if "code" not in state:
        return PartResult(name, OK, f"loaded (version {version}); nothing to decode", info)
    if state["code"] in texts:
        return PartResult(name, OK, f"loaded (version {version}), decoded the ticket", info)
    return PartResult(name, FAIL, f"loaded (version {version}) but did not decode the "
                                  f"ticket (got {texts!r})", info)


def _probe_pyzbar(state: dict[str, Any]) -> PartResult:
    _require_module("pyzbar")
    from pyzbar import pyzbar

    texts: list[str] = []
    if "frame" in state:
        symbols = pyzbar.decode(state["frame"], symbols=[pyzbar.ZBarSymbol.QRCODE])
        texts = [s.data.decode("utf-8", "replace") for s in symbols]
    library = _loaded_library("libzbar")
    info: dict[str, Any] = {"library": library}
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and library:
        info["library_in_bundle"] = os.path.realpath(library).startswith(
            os.path.realpath(bundle))
    return _probe_result("pyzbar", state, texts, _version_of(pyzbar, "pyzbar"), info)


def _probe_zxing(state: dict[str, Any]) -> PartResult:
    _require_module("zxingcpp")
    import zxingcpp

    texts: list[str] = []
    if "frame" in state:
        results = zxingcpp.read_barcodes(
            state["frame"], formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
        texts = [r.text for r in results]
    return _probe_result("zxing-cpp", state, texts, _version_of(zxingcpp, "zxing-cpp"), {})


def _probe_opencv(state: dict[str, Any]) -> PartResult:
    _require_module("cv2")
    import cv2

    texts: list[str] = []
    used = ""
    if "frame" in state:
        # The classic detector misses a few percent of clean codes (measured: 2 of 60 random
        # signed tickets); the ArUco-based one, where this OpenCV has it, missed none. Either
        # reading the ticket shows that OpenCV's QR support is in the bundle and works.
        detectors = [d for d in ("QRCodeDetectorAruco", "QRCodeDetector") if hasattr(cv2, d)]
        for name in detectors:
            text, _points, _ = getattr(cv2, name)().detectAndDecode(state["frame"])
            if text:
                texts, used = [text], name
                break
    return _probe_result("opencv", state, texts, cv2.__version__, {"detector": used})


_BACKENDS: dict[str, Callable[[dict[str, Any]], PartResult]] = {
    "pyzbar": _probe_pyzbar,
    "zxing-cpp": _probe_zxing,
    "opencv": _probe_opencv,
}


def _check_checkin(state: dict[str, Any]) -> PartResult:
    if "decoded" not in state:
        raise SelfcheckSkipped("nothing was decoded")
    from kiosk.core.verdicts import Verdict
    from kiosk.replica.checkin import CheckInService
    from kiosk.verdict_messages import verdict_message

    service = CheckInService(state["replica"])
    first = service.scan(state["decoded"])
    state["verdict"] = str(first.verdict)
    state["result"] = first
    if first.verdict is not Verdict.ACCEPTED:
        return PartResult("checkin", FAIL, f"expected accepted, got {first.verdict}: "
                                           f"{verdict_message(first)}")
    # At once again at the same kiosk: the grace rule, "checked in, go in", not recorded.
    again = service.scan(state["decoded"])
    if again.verdict is not Verdict.JUST_CHECKED_IN:
        return PartResult("checkin", FAIL, "a second scan of the same ticket gave "
                                           f"{again.verdict}, expected just_checked_in")
    pending = state["replica"].pending_upload_count()
    name = first.attendee.name if first.attendee else "?"
    return PartResult("checkin", OK, f"{first.verdict} ({name}); second scan "
                                     f"{again.verdict}; {pending} check-in waiting to upload",
                      {"second_verdict": str(again.verdict), "pending_upload": pending})


def _check_resources(state: dict[str, Any]) -> PartResult:
    """The GUI's sounds (one per verdict family) and translations are where the GUI looks
    for them: resources/ in a checkout, _internal/resources in the bundle."""
    try:
        # kiosk.gui.resources is plain pathlib (no Qt): safe to import without a screen.
        from kiosk.gui.resources import resources_dir
    except ImportError:
        raise SelfcheckSkipped("this build has no GUI resources module") from None
    from kiosk.core.verdicts import Verdict

    folder = resources_dir()
    if not folder.is_dir():
        return PartResult("resources", FAIL, f"no resources folder at {folder}")
    families = sorted({v.family for v in Verdict})
    missing = [f for f in families if not (folder / "sounds" / f"{f}.wav").is_file()]
    translations = sorted(p.stem for p in (folder / "translations").glob("*.qm"))
    info = {"dir": str(folder), "translations": translations}
    if missing:
        return PartResult("resources", FAIL, f"sounds missing for {', '.join(missing)}", info)
    return PartResult("resources", OK, f"{len(families)} verdict sounds, "
                                       f"{len(translations)} translations in {folder}", info)


# -- Qt -------------------------------------------------------------------------------


def _check_qt(state: dict[str, Any]) -> PartResult:
    """Load every ``kiosk.gui`` module, start the GUI's own QApplication offscreen and paint
    the real verdict panel for the self-check's scan.

    Everything Qt goes through ``kiosk/gui`` (the only package that imports PySide6): a
    bundle that lost a Qt library, plugin or GUI module fails here, not at the venue when
    the first sound plays or the first badge prints."""
    _require_module("PySide6")
    import pkgutil

    import kiosk.gui

    names = [m.name for m in pkgutil.walk_packages(kiosk.gui.__path__, "kiosk.gui.")]
    broken = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - reported as this part's failure
            broken.append(f"{name} ({type(exc).__name__}: {exc})")
    if not names or broken:
        return PartResult("qt", FAIL, "GUI modules do not load: "
                                      + ("; ".join(broken) or "none found"))

    from kiosk.gui.app import QApplication, ensure_app
    from kiosk.gui.sounds import VerdictSounds
    from kiosk.gui.ui.verdict_panel import FAMILY_COLOURS, VerdictPanel
    from kiosk.gui.verdict_text import describe

    wanted = "offscreen"
    existing = QApplication.instance()
    if existing is None:
        previous = os.environ.get("QT_QPA_PLATFORM")
        os.environ["QT_QPA_PLATFORM"] = wanted  # headless by definition
        try:
            app = ensure_app()
        finally:
            if previous is None:
                os.environ.pop("QT_QPA_PLATFORM", None)
            else:
                os.environ["QT_QPA_PLATFORM"] = previous
    else:
        # Already inside a Qt application (tests): that it runs is what we check.
        app = ensure_app()
        wanted = app.platformName()
    platform_name = app.platformName()
    pyside = sys.modules["PySide6"]
    package_dir = Path(str(pyside.__file__)).parent
    platforms_dir = next((d for d in (package_dir / "Qt" / "plugins" / "platforms",
                                      package_dir / "plugins" / "platforms") if d.is_dir()),
                         None)
    platforms = sorted(_plugin_name(p.name) for p in platforms_dir.iterdir()
                       if p.is_file()) if platforms_dir else []
    sounds = VerdictSounds(enabled=False)
    info: dict[str, Any] = {"version": getattr(pyside, "__version__", "?"),
                            "platform": platform_name, "platform_plugins": platforms,
                            "gui_modules": len(names), "sound_backend": sounds.backend,
                            "multimedia": sounds.multimedia}
    if platform_name != wanted:
        return PartResult("qt", FAIL, f"Qt started on {platform_name!r}, not {wanted!r}", info)

    painted = "no scan to show"
    if "result" in state:
        panel = VerdictPanel()
        panel.resize(800, 300)
        text = describe(state["result"])
        panel.show_verdict(text)
        image = panel.grab().toImage()
        expected = FAMILY_COLOURS[text.family][0].lower()
        corner = image.pixelColor(3, 3).name().lower()
        info["verdict_screen"] = {"family": text.family, "title": text.title,
                                  "background": corner}
        panel.deleteLater()
        if corner != expected:
            return PartResult("qt", FAIL, f"the {text.family} verdict screen painted "
                                          f"{corner}, expected {expected}", info)
        painted = f"painted the {text.family} verdict screen ({text.title!r})"
    return PartResult("qt", OK, f"PySide6 {info['version']} on {platform_name}, "
                                f"{len(names)} GUI modules, sounds via {sounds.backend}, "
                                f"{painted}; platform plugins: {', '.join(platforms) or 'none'}",
                      info)


def _plugin_name(filename: str) -> str:
    # libqxcb.so -> xcb, qwindows.dll -> windows, libqcocoa.dylib -> cocoa
    stem = filename.split(".", 1)[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return stem[1:] if stem.startswith("q") else stem
