#!/usr/bin/env bash
# Runs a command inside a real desktop session: Xvfb, a D-Bus session bus, a notification
# daemon (dunst), a StatusNotifier watcher (so Qt's tray icon sends D-Bus notifications)
# and an unlocked gnome-keyring Secret Service in a throw-away HOME.
# Where a piece cannot be had, the command still runs and INDIAMART_SESSION_MISSING names
# what is missing, so the tests that need it skip with that reason.
set -u

if [ -z "${INDIAMART_IN_SESSION:-}" ]; then
  missing=()
  for tool in xvfb-run dbus-run-session; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    export INDIAMART_SESSION_MISSING="${missing[*]}"
    echo "desktop-session: missing ${missing[*]}: desktop tests will skip." >&2
    exec env QT_QPA_PLATFORM=offscreen "$@"
  fi
  export INDIAMART_IN_SESSION=1
  exec xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- "$0" "$@"
fi

session_home=$(mktemp -d)
cleanup() {
  [ -n "${daemons:-}" ] && kill $daemons 2>/dev/null
  rm -rf "$session_home"
}
trap cleanup EXIT
daemons=""
missing=()

if command -v status-notifier-watcher >/dev/null 2>&1; then
  status-notifier-watcher >/dev/null 2>&1 &
  daemons="$daemons $!"
else
  missing+=("status-notifier-watcher")
fi
if command -v dunst >/dev/null 2>&1; then
  dunst >/dev/null 2>&1 &
  daemons="$daemons $!"
else
  missing+=("dunst")
fi
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  mkdir -p "$session_home/.local/share/keyrings"
  eval "$(printf 'test-password' | HOME="$session_home" gnome-keyring-daemon --unlock \
          --components=secrets 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL
  export INDIAMART_KEYRING_HOME="$session_home"
else
  missing+=("gnome-keyring-daemon")
fi
# Give the daemons a moment to claim their bus names.
for _ in $(seq 1 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.ListNames 2>/dev/null | grep -q org.freedesktop.Notifications; then
    break
  fi
  sleep 0.1
done
[ ${#missing[@]} -gt 0 ] && export INDIAMART_SESSION_MISSING="${missing[*]}"
export QT_QPA_PLATFORM=xcb
"$@"
