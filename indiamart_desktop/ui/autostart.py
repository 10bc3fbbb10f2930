"""Start at login, where the platform allows it: a Linux autostart entry or the Windows
Run key. macOS and others report that it is not supported here."""

from __future__ import annotations

import logging
import os
import shlex
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

_RUN_KEY = r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run"
_NAME = "IndiaMART Lead Desktop"


def supported() -> bool:
    return sys.platform.startswith("linux") or sys.platform == "win32"


def _command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--minimized"]
    return [sys.executable, "-m", "indiamart_desktop", "--minimized"]


def _linux_entry() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / "in.indiamart.LeadDesktop.desktop"


def enabled() -> bool:
    if sys.platform == "win32":
        return QSettings(_RUN_KEY, QSettings.Format.NativeFormat).contains(_NAME)
    if sys.platform.startswith("linux"):
        return _linux_entry().is_file()
    return False


def set_enabled(on: bool) -> None:
    if sys.platform == "win32":
        settings = QSettings(_RUN_KEY, QSettings.Format.NativeFormat)
        if on:
            settings.setValue(_NAME, " ".join(f'"{part}"' for part in _command()))
        else:
            settings.remove(_NAME)
        return
    if sys.platform.startswith("linux"):
        entry = _linux_entry()
        if on:
            entry.parent.mkdir(parents=True, exist_ok=True)
            entry.write_text(
                "[Desktop Entry]\nType=Application\nName=IndiaMART Lead Desktop\n"
                f"Exec={shlex.join(_command())}\nIcon=in.indiamart.LeadDesktop\n"
                "X-GNOME-Autostart-enabled=true\n",
                encoding="utf-8",
            )
        else:
            entry.unlink(missing_ok=True)
