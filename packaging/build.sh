#!/usr/bin/env bash
# Build the one-folder application bundle with PyInstaller: dist/kiosk/ (the `kiosk`
# executable plus _internal/). Run it in a clean checkout; on Windows run
# `pyinstaller --noconfirm packaging\kiosk.spec` instead (see docs/deploy.md).
#
#   packaging/build.sh [--python PY] [--dist DIR] [--work DIR] [--no-smoke]
#
# PY must have the project's dependencies and PyInstaller installed
# (`pip install -e '.[test]'` gives both). Default: $PYTHON, else .venv/bin/python, else
# python3. After the build it runs `kiosk --version` and `kiosk selfcheck` from dist/ unless
# --no-smoke is given, and prints the bundle size and the build time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-}"
DIST="$ROOT/dist"
WORK="$ROOT/build/pyinstaller"
SMOKE=1
while [ $# -gt 0 ]; do
    case "$1" in
        --python) PY="$2"; shift 2 ;;
        --dist) DIST="$2"; shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        --no-smoke) SMOKE=0; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ -z "$PY" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then PY="$ROOT/.venv/bin/python"; else PY=python3; fi
fi
if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed for $PY (pip install -e '.[test]')" >&2
    exit 1
fi

cd "$ROOT"
# Compiled translations: the app loads .qm files. Compile any .ts that has no .qm beside
# it (pyside6-lrelease ships with PySide6). Committed .qm files are used as they are: file
# times in a fresh clone say nothing about which is newer.
if [ -d resources ]; then
    while IFS= read -r -d '' ts; do
        qm="${ts%.ts}.qm"
        if [ ! -e "$qm" ]; then
            lrelease="$(dirname "$PY")/pyside6-lrelease"
            [ -x "$lrelease" ] || lrelease="pyside6-lrelease"
            echo ">> compiling $ts"
            "$lrelease" "$ts" -qm "$qm"
        fi
    done < <(find resources -name '*.ts' -print0)
fi

start=$(date +%s)
# --clean: no stale analysis from an earlier checkout; the work dir is ours to discard.
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/kiosk.spec
end=$(date +%s)

BUNDLE="$DIST/kiosk"
EXE="$BUNDLE/kiosk"
[ -x "$EXE" ] || EXE="$BUNDLE/kiosk.exe"
size=$(du -sm "$BUNDLE" | cut -f1)
files=$(find "$BUNDLE" -type f | wc -l)
echo ">> built $BUNDLE: ${size} MB in ${files} files, $((end - start)) s"

if [ "$SMOKE" = 1 ]; then
    "$EXE" --version
    QT_QPA_PLATFORM=offscreen "$EXE" selfcheck
fi
