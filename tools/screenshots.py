"""Render the README's screenshots from a real window on the simulated IndiaMART service.

Usage: python tools/screenshots.py OUT_DIR   (an X display or QT_QPA_PLATFORM=offscreen)
Writes main-window.png, detail-pane.png and settings.png.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from indiamart_desktop.config import load_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.store.db import Database
from indiamart_desktop.ui.app import DemoService, make_application
from indiamart_desktop.ui.main_window import MainWindow
from indiamart_desktop.ui.poller import Poller
from indiamart_desktop.ui.settings_dialog import SettingsDialog


def pump(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    data_dir = Path(tempfile.mkdtemp(prefix="indiamart-shots-"))
    db = Database.in_folder(data_dir)
    keystore = KeyStore.for_database(db)
    demo = DemoService()
    demo.start(db, keystore)
    settings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    poller = Poller(data_dir, keystore)
    window = MainWindow(data_dir, db, keystore, poller, settings, None, demo=True)
    window.resize(1440, 860)
    window.show()
    poller.start()
    deadline = time.monotonic() + 20
    while window.model.rowCount() == 0 and time.monotonic() < deadline:
        pump(app, 0.1)
    pump(app, 2.5)  # let history import fill in a little
    window.table.selectRow(2)
    pump(app, 0.5)
    window.grab().save(str(out / "main-window.png"))
    window.detail.grab().save(str(out / "detail-pane.png"))
    dialog = SettingsDialog(load_config(db), db, keystore, data_dir, settings, window)
    dialog.show()
    pump(app, 0.5)
    dialog.grab().save(str(out / "settings.png"))
    dialog.close()
    window.quit()
    poller.shutdown(2000)
    demo.stop()
    db.close()
    print(f"Screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
