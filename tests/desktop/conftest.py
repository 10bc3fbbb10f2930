"""Desktop-session tests: a real X server, D-Bus session, notification daemon, keyring.

`make desktop-tests` runs them through tools/desktop-session.sh; anywhere else they skip
and say which piece of the session is missing.
"""

from __future__ import annotations

import os
import shutil

import pytest


def session_missing(*needed: str) -> str:
    """Why a desktop session test cannot run here ("" when it can)."""
    if os.environ.get("QT_QPA_PLATFORM") != "xcb" or not os.environ.get("DISPLAY"):
        return "needs an X display: run through tools/desktop-session.sh (make desktop-tests)"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "needs a D-Bus session bus (dbus-run-session)"
    missing = os.environ.get("INDIAMART_SESSION_MISSING", "").split()
    absent = [piece for piece in needed if piece in missing or
              (piece != "gnome-keyring-daemon" and shutil.which(piece) is None)]
    if absent:
        return f"the desktop session lacks {', '.join(absent)} (install it: make system-deps)"
    return ""


@pytest.fixture
def desktop_session() -> None:
    reason = session_missing("dunst", "status-notifier-watcher", "dbus-monitor")
    if reason:
        pytest.skip(reason)


@pytest.fixture
def secret_service() -> None:
    reason = session_missing("gnome-keyring-daemon")
    if reason:
        pytest.skip(reason)
