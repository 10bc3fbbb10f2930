#!/usr/bin/env bash
# Installs the Debian/Ubuntu libraries Qt and the desktop-session tests need, where it may
# (root, or sudo without a password) and only what is missing. Elsewhere it says what to
# install and exits 0: the tests that need a missing piece then skip with that reason.
set -u
mode=${1:---test}

runtime=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
         libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-sync1
         libxcb-shm0 libxcb-xkb1 libx11-xcb1)
session=(xvfb xauth dbus dbus-daemon dbus-bin dbus-x11 dunst
         haskell-status-notifier-item-utils gnome-keyring libreoffice-calc-nogui
         poppler-utils fonts-lohit-deva)

wanted=("${runtime[@]}")
[ "$mode" = "--test" ] && wanted+=("${session[@]}")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-like system; install Qt's runtime libraries yourself."
  exit 0
fi
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "install-system-deps: missing ${missing[*]}; install them as root to run every test."
  exit 0
fi
echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null || true
# Install one by one so a package this release lacks does not stop the others.
if ! "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
  for pkg in "${missing[@]}"; do
    "${sudo[@]}" apt-get install -y -qq "$pkg" >/dev/null \
      || echo "install-system-deps: could not install $pkg"
  done
fi
exit 0
