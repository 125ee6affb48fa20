#!/usr/bin/env bash
# Build, sign and package "Checkin Kiosk.app" on macOS 12+ (cannot be built on Linux).
#
#   brew install python@3.12 zbar
#   python3.12 -m venv .venv && .venv/bin/pip install -e '.[test]'
#   packaging/macos/build.sh [--sign "Developer ID Application: NAME (TEAMID)"] [--notarize PROFILE]
#
# Output: dist/Checkin Kiosk.app and dist/checkin-kiosk-VERSION.dmg. The .app's Info.plist
# (bundle id, NSCameraUsageDescription) comes from packaging/kiosk.spec's BUNDLE; the
# hardened-runtime entitlements from packaging/macos/entitlements.plist.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
SIGN=""; PROFILE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sign) SIGN="$2"; shift 2 ;;
        --notarize) PROFILE="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
PY="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' kiosk/__init__.py)"
APP="dist/Checkin Kiosk.app"

packaging/build.sh --python "$PY"          # dist/kiosk/ and dist/Checkin Kiosk.app, self-check
/usr/libexec/PlistBuddy -c "Print :NSCameraUsageDescription" "$APP/Contents/Info.plist"

if [ -n "$SIGN" ]; then
    # Sign inside-out: every library and executable, then the app, with the hardened runtime.
    find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
        xargs -0 codesign --force --timestamp --options runtime --sign "$SIGN"
    codesign --force --timestamp --options runtime \
        --entitlements packaging/macos/entitlements.plist --sign "$SIGN" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
fi
DMG="dist/checkin-kiosk-$VERSION.dmg"
rm -f "$DMG"
hdiutil create -volname "Checkin Kiosk" -srcfolder "$APP" -ov -format UDZO "$DMG"
if [ -n "$PROFILE" ]; then
    # PROFILE: stored with `xcrun notarytool store-credentials PROFILE ...`
    xcrun notarytool submit "$DMG" --keychain-profile "$PROFILE" --wait
    xcrun stapler staple "$DMG"
fi
echo "built $DMG"
