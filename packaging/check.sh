#!/usr/bin/env bash
# `make package-check`: build the Linux bundle and prove the frozen app works:
#   1. --version and --self-check (offscreen, no display) exit 0, and where gnome-keyring is
#      installed the bundle's self-check finds the Secret Service keyring;
#   2. under xvfb-run, `--demo` opens the main window, which saves a screenshot to
#      build/package-check.png (INDIAMART_SCREENSHOT) and quits;
#   3. the bundle stays under LIMIT_MB (default 150) unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_MB=${LIMIT_MB:-150}
APP=dist/indiamart-desktop/indiamart-desktop
SHOT=$PWD/build/package-check.png

if [ "$(uname -s)" != Linux ]; then
  echo "package-check: builds and runs the Linux bundle only." >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "package-check: xvfb-run is missing (apt install xvfb xauth)" >&2; exit 1; }

NO_ARCHIVE=1 packaging/build.sh

# A throw-away home: the frozen app's data, config, logs and keyring lookups stay in it.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sandbox=(env -u DBUS_SESSION_BUS_ADDRESS HOME="$scratch/home"
         XDG_DATA_HOME="$scratch/home/.local/share" XDG_CONFIG_HOME="$scratch/home/.config"
         XDG_STATE_HOME="$scratch/home/.local/state" XDG_CACHE_HOME="$scratch/home/.cache")

echo "== $APP --version"
version=$("${sandbox[@]}" "$APP" --version)
echo "$version"
[[ "$version" == "IndiaMART Lead Desktop "* ]] || { echo "package-check: bad --version" >&2; exit 1; }

echo "== $APP --self-check (offscreen)"
"${sandbox[@]}" QT_QPA_PLATFORM=offscreen env -u DISPLAY -u WAYLAND_DISPLAY "$APP" --self-check

if command -v gnome-keyring-daemon >/dev/null && command -v dbus-run-session >/dev/null; then
  echo "== $APP --self-check in a desktop session (Secret Service keyring)"
  out=$(tools/desktop-session.sh "$APP" --self-check 2>/dev/null) || { echo "$out"; exit 1; }
  grep -E "^(ok|warn|FAIL)" <<<"$out"
  grep -q "^ok  keyring backend keyring.backends.SecretService" <<<"$out" \
    || { echo "package-check: the bundle cannot use the Secret Service keyring" >&2; exit 1; }
fi

echo "== $APP --demo under xvfb-run (screenshot to build/package-check.png)"
mkdir -p build
rm -f "$SHOT"
start=$(date +%s)
rc=0
"${sandbox[@]}" INDIAMART_SCREENSHOT="$SHOT" timeout 180 \
  xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
  "$APP" --demo --data-dir "$scratch/data" || rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$SHOT" ]; then
  echo "package-check: the frozen app exited with $rc$([ -s "$SHOT" ] || echo ", no screenshot")." >&2
  find "$scratch/home" -name "*.log" -exec tail -n 25 {} + >&2
  exit 1
fi
read -r width height < <(.venv/bin/python -c 'import struct, sys
head = open(sys.argv[1], "rb").read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
print(*struct.unpack(">II", head[16:24]))' "$SHOT")
echo "window screenshot ${width}x${height} in $(( $(date +%s) - start )) s"
[ "$width" -ge 400 ] && [ "$height" -ge 300 ] || { echo "package-check: screenshot too small" >&2; exit 1; }

size_mb=$(.venv/bin/python packaging/bundle_size.py dist/indiamart-desktop)
echo "== bundle size: $size_mb MB unpacked (limit $LIMIT_MB MB)"
if ! awk -v s="$size_mb" -v l="$LIMIT_MB" 'BEGIN { exit !(s < l) }'; then
  echo "package-check: the bundle is $size_mb MB, not under $LIMIT_MB MB" >&2
  exit 1
fi
echo "package-check passed"
