"""The About box."""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from indiamart_desktop import APP_NAME, __version__
from indiamart_desktop.paths import log_dir


def show_about(parent: QWidget, data_dir: str) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(box.tr("About %1").replace("%1", APP_NAME))
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setText(f"{APP_NAME} {__version__}")
    box.setInformativeText(
        box.tr("Pulls your IndiaMART leads every 5 minutes into a database on this computer, "
               "tells you about new ones and exports them to Excel.\n\n"
               "Data folder: %1\nLog folder: %2\nQt %3 · PySide6 %4 · Python %5")
        .replace("%1", data_dir).replace("%2", str(log_dir())).replace("%3", qVersion())
        .replace("%4", pyside_version).replace("%5", sys.version.split()[0]))
    box.exec()
