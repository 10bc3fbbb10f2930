"""Start-up of the desktop: application, single instance, demo service, window, tray, poller."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import stat
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from indiamart_desktop import APP_NAME
from indiamart_desktop.config import load_config, save_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.paths import demo_data_dir
from indiamart_desktop.store.db import DB_FILENAME, Database, StoreError
from indiamart_desktop.ui.crash import install_crash_handler
from indiamart_desktop.ui.icons import icon
from indiamart_desktop.ui.main_window import MainWindow
from indiamart_desktop.ui.poller import Poller
from indiamart_desktop.ui.single_instance import InstanceServer, ask_running_instance
from indiamart_desktop.ui.tray import Tray

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

DEMO_INTERVAL = 15.0
DEMO_LIVE_EVERY = 45.0
DEMO_HISTORY_DAYS = 45
SCREENSHOT_ENV = "INDIAMART_SCREENSHOT"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("in.indiamart.LeadDesktop")
    app.setWindowIcon(icon("app"))
    app.setQuitOnLastWindowClosed(False)
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def _keep_private(path: Path) -> None:
    """Create ``path`` private before Qt writes it; of an existing file's mode only the group
    and other bits go: a mode the seller chose (a read-only 0400) is never loosened."""
    try:
        path.touch(mode=0o600, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError as error:
        log.warning("Cannot make %s private to this user: %s", path, error.strerror)


def desktop_settings(data_dir: Path) -> QSettings:
    """Window and filter preferences, kept beside the database (private to the user)."""
    path = data_dir / "desktop.ini"
    if os.name == "posix":
        _keep_private(path)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if not settings.isWritable():
        log.warning("%s is read-only: the window's size, columns and filter are used but "
                    "not saved", path)
    return settings


class DemoService:
    """The simulated IndiaMART service in-process, with fresh leads arriving."""

    def __init__(self) -> None:
        from indiamart_desktop.demo.generator import LeadGenerator  # noqa: PLC0415
        from indiamart_desktop.demo.server import SimulatedIndiaMart  # noqa: PLC0415

        # The service measures gaps on arrival, a few ms after the program decided to call.
        self.server = SimulatedIndiaMart(min_gap=DEMO_INTERVAL - 1)
        now = datetime.now(IST)
        self.server.add_leads(LeadGenerator(seed=2026).leads_between(
            now - timedelta(days=DEMO_HISTORY_DAYS), now - timedelta(minutes=3), per_day=30))

    def start(self, db: Database, keystore: KeyStore) -> None:
        self.server.start()
        self.server.start_live(DEMO_LIVE_EVERY)
        config = load_config(db)
        config = config.with_value("api", "v2").with_value("endpoint", self.server.url)
        config = config.with_value("interval", str(DEMO_INTERVAL))
        config = config.with_value("history_days", str(DEMO_HISTORY_DAYS))
        save_config(db, config)
        keystore.set("v2", self.server.v2_key, session_only=True)
        log.info("Demo mode: simulated IndiaMART at %s", self.server.url)

    def stop(self) -> None:
        self.server.stop()


def _fresh_demo_folder(folder: Path) -> None:
    """Demo data starts afresh each launch: the simulated service's leads are new too."""
    for name in (DB_FILENAME, DB_FILENAME + "-wal", DB_FILENAME + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()


def _screenshot_hook(window: MainWindow, path: str, quit_app: Callable[[], None]) -> None:
    """For packaging checks and docs: save the window once leads are shown, then quit."""

    def shoot() -> None:
        window.grab().save(path)
        log.info("Screenshot saved to %s", path)
        quit_app()

    QTimer.singleShot(int(os.environ.get("INDIAMART_SCREENSHOT_DELAY_MS", "4000")), shoot)


def run_gui(args: argparse.Namespace, data_dir: Path, log_file: Path | None) -> int:
    install_crash_handler(log_file)
    qInstallMessageHandler(_qt_message)
    app = make_application()
    if args.demo:
        data_dir = demo_data_dir(args.data_dir)
    if ask_running_instance(data_dir):
        log.info("Already running for %s: brought it forward", data_dir)
        return 0
    instance = InstanceServer(data_dir, app)
    demo = DemoService() if args.demo else None
    if demo is not None:
        _fresh_demo_folder(data_dir)
    try:
        db = Database.in_folder(data_dir)
        keystore = KeyStore.for_database(db)
    except StoreError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 5
    if demo is not None:
        demo.start(db, keystore)
    settings = desktop_settings(data_dir)
    poller = Poller(data_dir, keystore)
    tray = Tray(app) if Tray.available() else None
    window = MainWindow(data_dir, db, keystore, poller, settings, tray, demo=demo is not None)

    def shutdown() -> None:
        poller.shutdown(1000)
        if tray is not None:
            tray.hide()
        app.quit()

    window.quitRequested.connect(shutdown)
    instance.showRequested.connect(window.bring_forward)
    if tray is not None:
        tray.show()
    minimized = args.minimized or bool(settings.value("startMinimized", False, bool))
    if not (minimized and tray is not None):
        window.show()
    poller.start()
    shot = os.environ.get(SCREENSHOT_ENV)
    if shot:
        _screenshot_hook(window, shot, window.quit)
    try:
        return int(app.exec())
    finally:
        poller.shutdown(1000)
        window.save_state()
        window.writer.shutdown()  # the seller's last edits land before the database closes
        if demo is not None:
            demo.stop()
        db.close()
