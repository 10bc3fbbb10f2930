"""``--self-check``: does this installation (source, wheel or frozen bundle) have what it needs?

Each check prints one line, ``ok``, ``warn`` or ``FAIL``; the exit code is 0 only when every
required check passed. Nothing here reads or prints a CRM key.
"""

from __future__ import annotations

import importlib
import logging
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from indiamart_desktop import APP_NAME, __version__, paths

log = logging.getLogger(__name__)

#: Every icon the desktop uses, relative to the resource folder.
ICONS = (
    "app", "tray", "tray-unread", "type-W", "type-B", "type-P", "type-other", "check-now",
    "pause", "resume", "export", "settings", "call", "whatsapp", "email", "copy", "star",
    "star-filled", "search", "clear", "log", "about", "warning", "demo", "show",
)

#: The keyring backend module this platform should have (its absence means a broken bundle).
_PLATFORM_BACKENDS = {
    "win32": "keyring.backends.Windows",
    "darwin": "keyring.backends.macOS",
}
_DEFAULT_BACKEND = "keyring.backends.SecretService"

#: The QApplication the self-check made, kept until the process ends (the SVG check needs it).
_keep_alive: list[object] = []


@dataclass(frozen=True)
class Result:
    ok: bool
    text: str
    warning: bool = False

    def line(self) -> str:
        mark = "warn" if self.warning else "ok " if self.ok else "FAIL"
        return f"{mark} {self.text}"


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def check_qt() -> Result:
    """Qt's modules import and a QApplication exists (offscreen where there is no display)."""
    try:
        from PySide6 import QtCore, QtGui, QtSvg, QtWidgets  # noqa: F401, PLC0415
    except ImportError as error:
        return Result(False, f"Qt does not load: {error}")
    app = QtWidgets.QApplication.instance()
    if app is None:
        argv = [sys.argv[0] if sys.argv else APP_NAME]
        if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
            argv += ["-platform", "offscreen"]
        _keep_alive.append(QtWidgets.QApplication(argv))
    return Result(True, f"Qt {QtCore.qVersion()} loads (platform "
                        f"{QtGui.QGuiApplication.platformName()})")


def check_svg() -> Result:
    """The app icon renders through QtSvg and through Qt's SVG icon-engine plugin."""
    from PySide6.QtCore import QSize  # noqa: PLC0415
    from PySide6.QtGui import QColor, QIcon, QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    path = paths.resource("icons/app.svg")
    if not path.is_file():
        return Result(False, f"SVG icons cannot be checked: {path} is missing")
    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return Result(False, f"QtSvg cannot read {path}")
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if image.pixelColor(32, 32).alpha() == 0:
        return Result(False, "QtSvg rendered an empty app icon")
    if QIcon(str(path)).pixmap(QSize(32, 32)).isNull():
        return Result(False, "SVG icons do not load: Qt's svg icon-engine plugin is missing")
    return Result(True, "SVG icons render (QtSvg and the icon-engine plugin)")


def check_database() -> Result:
    """A fresh database opens, migrates to the current schema and passes integrity_check."""
    from indiamart_desktop.store.db import Database, StoreError  # noqa: PLC0415
    from indiamart_desktop.store.schema import SCHEMA_VERSION  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="indiamart-selfcheck-",
                                     ignore_cleanup_errors=True) as folder:
        try:
            db = Database.in_folder(Path(folder))
        except StoreError as error:
            return Result(False, f"the database does not open: {error}")
        try:
            version = int(db.conn.execute("PRAGMA user_version").fetchone()[0])
            intact = db.integrity_ok()
            sqlite = str(db.conn.execute("SELECT sqlite_version()").fetchone()[0])
        finally:
            db.close()
    if version != SCHEMA_VERSION:
        return Result(False, f"the database migrated to schema {version}, not {SCHEMA_VERSION}")
    if not intact:
        return Result(False, "the new database fails SQLite's integrity check")
    return Result(True, f"the database opens and migrates to schema {version} (SQLite {sqlite})")


def check_keyring() -> Result:
    """Name the keyring backend; no usable backend is a warning (the key stays in memory)."""
    expected = _PLATFORM_BACKENDS.get(sys.platform, _DEFAULT_BACKEND)
    try:
        module = importlib.import_module(expected)
        from indiamart_desktop.credentials import KeyStore  # noqa: PLC0415

        name = KeyStore.backend_name()
        available = KeyStore.backend_available()
    except Exception as error:  # a broken keyring install must not stop the other checks
        return Result(False, f"the keyring does not load: {type(error).__name__}: {error}")
    if available:
        return Result(True, f"keyring backend {name}")
    try:  # each backend's priority property raises with the reason it cannot work here
        reason = f"{expected} has priority {module.Keyring.priority}"
    except Exception as error:
        reason = f"{expected}: {error}"
    return Result(True, f"keyring backend {name}: no OS keyring here ({reason}); the CRM key "
                        f"can only be kept for the session", warning=True)


def check_resources() -> Result:
    folder = paths.resource_dir()
    missing = [f"icons/{name}.svg" for name in ICONS
               if not paths.resource(f"icons/{name}.svg").is_file()]
    if missing:
        return Result(False, f"resources missing in {folder}: {', '.join(missing)}")
    return Result(True, f"resources found in {folder} ({len(ICONS)} icons)")


CHECKS: tuple[tuple[str, Callable[[], Result]], ...] = (
    ("Qt", check_qt),
    ("SVG icons", check_svg),
    ("database", check_database),
    ("keyring", check_keyring),
    ("resources", check_resources),
)


def self_check(stream: TextIO) -> int:
    """Run every check, print one line each to ``stream``; 0 if all required ones passed."""
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "Python install"
    print(f"{APP_NAME} {__version__} ({frozen}), Python {platform.python_version()} on "
          f"{platform.platform()}", file=stream)
    failed: list[str] = []
    qt_ok = True
    for name, check in CHECKS:
        if name == "SVG icons" and not qt_ok:
            result = Result(False, "SVG icons not checked: Qt does not load")
        else:
            try:
                result = check()
            except Exception as error:  # one broken check must not hide the others
                log.exception("Self-check %s raised", name)
                result = Result(False, f"{name} check raised {type(error).__name__}: {error}")
        if name == "Qt":
            qt_ok = result.ok
        print(result.line(), file=stream, flush=True)
        if not result.ok:
            failed.append(name)
    if failed:
        print(f"self-check FAILED: {', '.join(failed)}", file=stream)
        return 1
    print("self-check passed", file=stream)
    return 0
