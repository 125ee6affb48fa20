"""The Windows and macOS recipes cannot be built on Linux CI; these tests keep them
consistent with the PyInstaller spec they package (names, paths, version, camera texts)."""

from __future__ import annotations

import plistlib
import re
import subprocess
from pathlib import Path

from kiosk import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = (PACKAGING / "kiosk.spec").read_text()
ISS = (PACKAGING / "windows" / "checkin-kiosk.iss").read_text()


def spec_constant(name: str) -> str:
    match = re.search(rf'^{name} = "([^"]+)"', SPEC, re.M)
    assert match, f"{name} not found in kiosk.spec"
    return match.group(1)


def test_spec_compiles_and_names_its_executables() -> None:
    compile(SPEC, "kiosk.spec", "exec")
    assert 'name="kiosk", console=True' in SPEC
    assert "name=APP_NAME, console=False" in SPEC
    assert 'COLLECT(' in SPEC and 'name="kiosk",' in SPEC.split("COLLECT(")[1]


def test_windows_installer_matches_the_bundle() -> None:
    app = spec_constant("APP_NAME")
    assert '#define BundleDir "..\\..\\dist\\kiosk"' in ISS
    assert f"{{app}}\\{app}.exe" in ISS and "{app}\\kiosk.exe" in ISS
    assert "SetupIconFile=..\\icons\\checkin-kiosk.ico" in ISS
    assert (PACKAGING / "icons" / "checkin-kiosk.ico").is_file()
    for line in ISS.splitlines():
        if line.startswith(("SetupIconFile=", "LicenseFile=", "InfoBeforeFile=")):
            target = (PACKAGING / "windows" / line.split("=", 1)[1].replace("\\", "/"))
            assert target.resolve().is_file(), line
    # Shortcuts name no replica path: checkin-kiosk.exe adds the per-user one at run time.
    assert 'Parameters: "run --mode kiosk"' in ISS and "{localappdata}" not in ISS
    assert "localport=8421" in ISS
    assert "Privacy & security > Camera" in ISS


def test_windows_build_script_passes_the_package_version() -> None:
    ps1 = (PACKAGING / "windows" / "build.ps1").read_text()
    assert "kiosk\\__init__.py" in ps1 and "/DMyAppVersion=$version" in ps1
    assert "packaging\\kiosk.spec" in ps1 and "selfcheck" in ps1
    assert "#error Pass the version" in ISS


def test_entry_script_knows_the_windowed_executable() -> None:
    import sys

    sys.path.insert(0, str(PACKAGING))
    try:
        import kiosk_entry
    finally:
        sys.path.remove(str(PACKAGING))
    assert spec_constant("APP_NAME") in kiosk_entry.WINDOWED_NAMES


def test_macos_bundle_declares_the_camera() -> None:
    assert '"NSCameraUsageDescription": CAMERA_USAGE' in SPEC
    assert "camera" in SPEC.split("CAMERA_USAGE = (")[1].split(")")[0]
    assert '"LSBackgroundOnly": False' in SPEC
    assert '"CFBundleExecutable": APP_NAME' in SPEC
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.device.camera"] is True
    build = (PACKAGING / "macos" / "build.sh").read_text()
    bundle_name = re.search(r'name="([^"]+\.app)"', SPEC)
    assert bundle_name and f'APP="dist/{bundle_name.group(1)}"' in build
    assert "NSCameraUsageDescription" in build and "entitlements.plist" in build
    subprocess.run(["bash", "-n", str(PACKAGING / "macos" / "build.sh")], check=True)


def test_version_comes_from_the_package() -> None:
    assert "kiosk\" / \"__init__.py\"" in SPEC and f'__version__ = "{__version__}"' in (
        ROOT / "kiosk" / "__init__.py").read_text()


def test_shell_scripts_parse() -> None:
    for script in ("build.sh", "linux/install.sh", "linux/checkin-kiosk-desk"):
        subprocess.run(["sh" if script.endswith("desk") else "bash", "-n",
                        str(PACKAGING / script)], check=True)
