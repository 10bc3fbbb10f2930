"""The last line of defence: an unhandled exception is logged and shown, never a silent exit.

:func:`install_crash_handler` sets ``sys.excepthook`` and ``threading.excepthook``. Every
unhandled exception is logged (``critical``, key redacted). On the GUI thread a modal
:class:`CrashDialog` then shows the same report with a "Copy report" button; from any other
thread the report is posted to the GUI thread through a queued signal. An exception raised
while the dialog is up (or by the dialog itself) is only logged, so the handler never recurses.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop import APP_NAME, __version__
from indiamart_desktop.indiamart.redact import redact

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrashDialog", text)


def build_report(exc_type: type[BaseException], exc: BaseException | None,
                 tb: TracebackType | None, thread_name: str | None = None) -> str:
    """The text a seller can send to support: versions, platform and traceback, redacted."""
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "Python install"
    lines = [
        f"{APP_NAME} {__version__} ({frozen})",
        f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"Platform: {platform.platform()}",
    ]
    if thread_name:
        lines.append(f"Thread: {thread_name}")
    lines.append("")
    lines.extend(line.rstrip("\n") for line in traceback.format_exception(exc_type, exc, tb))
    return redact("\n".join(lines))


class CrashDialog(QDialog):
    """Says that something went wrong and offers the report for copying."""

    def __init__(self, report: str, log_file: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(_tr("IndiaMART Lead Desktop – unexpected error"))
        self.setModal(True)
        self.resize(640, 420)

        explanation = QLabel(_tr(
            "Something went wrong inside the program. Your leads are safe in the database. "
            "You can keep working, but restarting the program is the safest choice. "
            "To get help, copy the report below and send it to support; your CRM key has "
            "been removed from it."))
        explanation.setWordWrap(True)

        self.text = QPlainTextEdit(report)
        self.text.setObjectName("crashReport")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

        if log_file is not None:
            where = _tr("The report is also in the log file: {path}").format(path=log_file)
        else:
            where = _tr("The report could not be written to a log file.")
        self.log_label = QLabel(where)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(_tr("Copy report"))
        self.copy_button.setObjectName("copyReport")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(_tr("Close"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)

    @Slot()
    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(_tr("Copied"))


class _Presenter(QObject):
    """Lives in the GUI thread and shows the dialog; other threads reach it by a queued signal.

    It holds no reference back to the handler, so it is deleted with the handler, in the
    thread that replaces the hooks, never by a garbage-collector run in some worker thread.
    """

    posted = Signal(str)

    def __init__(self, log_file: Path | None) -> None:
        super().__init__()
        self.log_file = log_file
        self._showing = False
        self.posted.connect(self.show, Qt.ConnectionType.QueuedConnection)

    @Slot(str)
    def show(self, report: str) -> None:
        """Show the dialog, unless one is already up (then the report is only logged)."""
        if self._showing:
            return
        self._showing = True
        try:
            dialog = CrashDialog(report, self.log_file, QApplication.activeWindow())
            try:
                dialog.exec()
            finally:
                dialog.deleteLater()
        except Exception:
            log.exception("The crash dialog could not be shown")
        finally:
            self._showing = False


class _CrashHandler:
    def __init__(self, log_file: Path | None) -> None:
        self.log_file = log_file
        self._presenter: _Presenter | None = None
        self._lock = threading.Lock()

    def excepthook(self, exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.handle(build_report(exc_type, exc, tb))

    def threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else None
        self.handle(build_report(args.exc_type, args.exc_value, args.exc_traceback, thread))

    def handle(self, report: str) -> None:
        try:
            log.critical("Unhandled exception:\n%s", report)
            app = QCoreApplication.instance()
            if not isinstance(app, QApplication):
                if sys.stderr is not None:  # a windowed Windows build has no stderr
                    print(report, file=sys.stderr)
                return
            presenter = self._presenter_for(app)
            if QThread.currentThread() is app.thread():
                presenter.show(report)
            else:
                presenter.posted.emit(report)
        except Exception:  # the handler itself must never raise into Python's machinery
            log.exception("The crash handler failed")

    def _presenter_for(self, app: QApplication) -> _Presenter:
        with self._lock:
            if self._presenter is None:
                # Made in whichever thread fails first, then handed to the GUI thread.
                self._presenter = _Presenter(self.log_file)
                self._presenter.moveToThread(app.thread())
            return self._presenter


def install_crash_handler(log_file: Path | None) -> None:
    """Route unhandled exceptions of every thread to the log and the crash dialog."""
    handler = _CrashHandler(log_file)
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.threading_excepthook
