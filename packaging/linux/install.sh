#!/usr/bin/env bash
# Install the built bundle (dist/kiosk/ from packaging/build.sh) on Debian, Ubuntu or
# Raspberry Pi OS, as a desk laptop, an entrance kiosk and/or the central list.
#
#   sudo packaging/linux/install.sh [--bundle DIR] [--root DIR] [--desk] [--kiosk] [--central]
#
#   --bundle DIR  the built bundle (default: dist/kiosk of this checkout)
#   --root DIR    install into an image rooted at DIR instead of this system (nothing is
#                 started; users are created in DIR with systemd-sysusers --root)
#   --desk        menu entry + icon: "Checkin Kiosk" opens the registration desk
#   --kiosk       boot into the full-screen entrance kiosk (checkin-kiosk-session.service)
#   --central     the central list server (checkin-kiosk-central.service)
# With none of --desk/--kiosk/--central it installs the bundle and the `kiosk` command only.
# Existing /etc/checkin-kiosk/*.env files are kept. See docs/deploy.md.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUNDLE="$REPO/dist/kiosk"
ROOT=""
DESK=0; KIOSK=0; CENTRAL=0
while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) BUNDLE="$2"; shift 2 ;;
        --root) ROOT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
        --desk) DESK=1; shift ;;
        --kiosk) KIOSK=1; shift ;;
        --central) CENTRAL=1; shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ ! -x "$BUNDLE/kiosk" ]; then
    echo "install.sh: no bundle at $BUNDLE (build it first: packaging/build.sh)" >&2
    exit 1
fi
if [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (sudo), or give --root DIR to fill an image" >&2
    exit 1
fi

APP="$ROOT/opt/checkin-kiosk"
say() { echo ">> $*"; }

say "bundle -> /opt/checkin-kiosk"
rm -rf "$APP.new"
mkdir -p "$(dirname "$APP")"
cp -a "$BUNDLE" "$APP.new"
install -m 0755 "$HERE/checkin-kiosk-desk" "$APP.new/checkin-kiosk-desk"
rm -rf "$APP.old"
if [ -e "$APP" ]; then mv "$APP" "$APP.old"; fi
mv "$APP.new" "$APP"
rm -rf "$APP.old"
mkdir -p "$ROOT/usr/local/bin"
ln -sfn /opt/checkin-kiosk/kiosk "$ROOT/usr/local/bin/kiosk"

install_env() {  # keep the organiser's settings on upgrades
    local name="$1"
    mkdir -p "$ROOT/etc/checkin-kiosk"
    if [ ! -e "$ROOT/etc/checkin-kiosk/$name" ]; then
        install -m 0644 "$HERE/env/$name" "$ROOT/etc/checkin-kiosk/$name"
    fi
}
units=()
if [ "$KIOSK" = 1 ] || [ "$CENTRAL" = 1 ]; then
    install -D -m 0644 "$HERE/sysusers.d/checkin-kiosk.conf" "$ROOT/etc/sysusers.d/checkin-kiosk.conf"
fi
if [ "$DESK" = 1 ]; then
    say "menu entry and icon"
    install -D -m 0644 "$HERE/checkin-kiosk.desktop" "$ROOT/usr/share/applications/checkin-kiosk.desktop"
    install -D -m 0644 "$REPO/packaging/icons/checkin-kiosk.png" \
        "$ROOT/usr/share/icons/hicolor/256x256/apps/checkin-kiosk.png"
fi
if [ "$KIOSK" = 1 ]; then
    say "entrance kiosk session (cage on tty1)"
    install -D -m 0644 "$HERE/systemd/checkin-kiosk-session.service" \
        "$ROOT/etc/systemd/system/checkin-kiosk-session.service"
    install -D -m 0644 "$HERE/pam.d/checkin-kiosk-session" "$ROOT/etc/pam.d/checkin-kiosk-session"
    install_env kiosk.env
    units+=(checkin-kiosk-session.service)
fi
if [ "$CENTRAL" = 1 ]; then
    say "central list service"
    install -D -m 0644 "$HERE/systemd/checkin-kiosk-central.service" \
        "$ROOT/etc/systemd/system/checkin-kiosk-central.service"
    install_env central.env
    units+=(checkin-kiosk-central.service)
fi

if [ "${#units[@]}" -eq 0 ]; then
    say "done: /usr/local/bin/kiosk"
    exit 0
fi
if [ -n "$ROOT" ]; then
    if command -v systemd-sysusers >/dev/null && [ -e "$ROOT/etc/passwd" ]; then
        systemd-sysusers --root="$ROOT" "$ROOT/etc/sysusers.d/checkin-kiosk.conf"
    fi
    say "installed into $ROOT; in the image run: systemctl enable ${units[*]}"
    exit 0
fi
command -v cage >/dev/null || [ "$KIOSK" = 0 ] || \
    echo "!! the kiosk session needs cage: apt-get install cage" >&2
systemd-sysusers /etc/sysusers.d/checkin-kiosk.conf
# The state directories exist before the first start, so that `kiosk pair` (kiosk) and
# `kiosk central import` (central) can run as their users right after installing.
if [ "$KIOSK" = 1 ]; then install -d -o checkin-kiosk -g checkin-kiosk -m 0750 /var/lib/checkin-kiosk; fi
if [ "$CENTRAL" = 1 ]; then install -d -o checkin-central -g checkin-central -m 0750 /var/lib/checkin-central; fi
systemctl daemon-reload
say "installed. Start at boot with:"
for u in "${units[@]}"; do echo "     systemctl enable --now $u"; done
if [ "$KIOSK" = 1 ]; then
    echo "     systemctl set-default graphical.target   # and disable any display manager"
fi
