#!/usr/bin/env bash
# Set everything up on Debian/Ubuntu and run the demo or the tests.
#   ./quickstart.sh demo   - system libraries, virtualenv, package; then `kiosk demo`
#   ./quickstart.sh test   - the same, plus test tools; then the whole test suite
# Extra arguments after `test` go to pytest. Idempotent: a second run is quick.
set -euo pipefail
cd "$(dirname "$0")"
action="${1:-demo}"; shift || true
VENV="${VENV:-.venv}"

# --- system libraries (libzbar for pyzbar, Qt's xcb/EGL libraries, Xvfb, PostgreSQL) ---
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
    mapfile -t pkgs < <(grep -v '^#' packaging/debian-packages.txt | tr -s ' \n' '\n' | grep .)
    if [ "$action" = test ]; then
        mapfile -t more < <(grep -v '^#' packaging/debian-packages-test.txt | tr -s ' \n' '\n' | grep .)
        pkgs+=("${more[@]}")
    fi
    missing=()
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo ">> installing system packages: ${missing[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
else
    echo ">> no apt-get: install libzbar, Qt's xcb libraries and PostgreSQL yourself (see README)"
fi

# --- Python environment ---
PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
if [ ! -x "$VENV/bin/python" ]; then
    echo ">> creating virtual environment $VENV"
    "$PY" -m venv "$VENV"
fi
extras="."
if [ "$action" = test ]; then extras=".[test]"; fi
stamp="$VENV/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)-$action"
if [ ! -e "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$extras"
    touch "$stamp"
fi
if [ "$action" = test ]; then
    # tests/pretix run a real pretix in its own virtualenv, migrated and seeded once and
    # cached under ~/.cache/checkin-kiosk (tests/pretix_fixtures.py); quick when cached.
    "$VENV/bin/python" tests/pretix_fixtures.py setup \
        || echo ">> the pretix test server could not be set up; tests/pretix will say why"
fi

case "$action" in
    demo) exec "$VENV/bin/kiosk" demo "$@" ;;
    test) exec "$VENV/bin/python" -m pytest "$@" ;;
    setup) echo ">> ready: $VENV/bin/kiosk" ;;
    *) echo "usage: $0 demo|test|setup" >&2; exit 2 ;;
esac
