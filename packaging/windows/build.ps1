# Build the Windows installer: PyInstaller bundle, self-check, Inno Setup.
# Run from the repository root in PowerShell, with Python 3.11+ and Inno Setup 6 installed:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
$ErrorActionPreference = "Stop"
$version = (Select-String -Path kiosk\__init__.py -Pattern '__version__ = "([^"]+)"').Matches[0].Groups[1].Value
py -m pip install -e ".[test]"
py -m PyInstaller --noconfirm --clean packaging\kiosk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$env:QT_QPA_PLATFORM = "offscreen"
& dist\kiosk\kiosk.exe selfcheck
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-check failed" }
Remove-Item Env:QT_QPA_PLATFORM
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
& $iscc "/DMyAppVersion=$version" packaging\windows\checkin-kiosk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "installer: dist\installer\checkin-kiosk-$version-setup.exe"
