#!/bin/sh
# Install the system packages Veldwerk needs, if missing (Debian/Ubuntu; needs root or sudo).
#   system-deps.sh app   - libraries Qt needs to show windows
#   system-deps.sh test  - plus what the test suite uses (offscreen Qt, PostgreSQL 15, pdftoppm)
#                          and what building the frozen app needs (objdump for PyInstaller)
set -eu
APP="libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0
     libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
     libxcb-shape0 libxcb-xinerama0 fonts-dejavu-core"
TEST="postgresql-15 poppler-utils binutils"

wanted=$APP
[ "${1:-app}" = "test" ] && wanted="$APP $TEST"

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install the Qt runtime libraries yourself" >&2; exit 0; }

missing=""
for package in $wanted; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

echo "system-deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || true
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
