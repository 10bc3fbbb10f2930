"""Running an export off the UI thread, with progress and Cancel, and choosing its file.

:class:`ExportRunner` lives in the GUI thread; its worker runs :func:`export_leads` in a
QThread on its own database connection. Only signals cross threads, and the runner
re-emits them from the GUI thread, so widgets (and tests) connect to the runner alone.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSettings,
    QStandardPaths,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from indiamart_desktop.export import ExportCancelled, ExportError, ExportResult, export_leads
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort

log = logging.getLogger(__name__)

FOLDER_KEY = "export/folder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


class _ExportWorker(QObject):
    """Runs one export in the worker thread; cancel is a thread-safe flag."""

    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, db_path: Path, target: Path, flt: LeadFilter, sort: Sort,
                 now: datetime | None, stop: threading.Event) -> None:
        super().__init__()
        self.db_path = db_path
        self.target = target
        self.flt = flt
        self.sort = sort
        self.now = now
        self.stop = stop

    @Slot()
    def run(self) -> None:
        try:
            db = Database(self.db_path)  # this thread's own connection
        except StoreError as error:
            self.failed.emit(str(error))
            return
        try:
            result = export_leads(self.target, LeadQuery(db), self.flt, self.sort,
                                  progress=self.progress.emit, cancelled=self.stop.is_set,
                                  now=self.now)
        except ExportCancelled:
            self.cancelled.emit()
        except ExportError as error:
            self.failed.emit(str(error))
        except Exception as error:
            log.exception("Export to %s failed", self.target)
            self.failed.emit(_tr("The export failed: {error}").format(error=error))
        else:
            self.finished.emit(result)
        finally:
            db.close()


class ExportRunner(QObject):
    """One export in a background thread. Create, connect, :meth:`start`.

    Signals (emitted in the GUI thread): ``progress(done, total)``, then exactly one of
    ``finished(ExportResult)``, ``failed(message)`` or ``cancelled()``, then ``done()``
    once the thread has ended.
    """

    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, db_path: Path, target: Path, flt: LeadFilter, sort: Sort, *,
                 now: datetime | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self._thread = QThread(self)
        self._thread.setObjectName("exportThread")
        self._stop = threading.Event()
        self._worker = _ExportWorker(db_path, target, flt, sort, now, self._stop)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # The runner lives in the GUI thread: these connections are queued to it.
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._thread.finished.connect(self._on_thread_finished)
        self._thread.finished.connect(self._worker.deleteLater)

    def start(self) -> None:
        log.info("Export to %s started", self.target)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot()
    def cancel(self) -> None:
        """Ask the export to stop; it does within a few hundred rows."""
        self._stop.set()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the thread has ended (application shutdown, tests)."""
        return bool(self._thread.wait(msecs))

    @Slot()
    def _on_thread_finished(self) -> None:
        # finished is emitted from the ending thread itself: let it end before saying so,
        # so that the runner can be deleted at once.
        self._thread.wait()
        self.done.emit()

    @Slot(object)
    def _on_finished(self, result: ExportResult) -> None:
        self._thread.quit()
        self.finished.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._thread.quit()
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._thread.quit()
        self.cancelled.emit()


def progress_dialog(parent: QWidget | None, runner: ExportRunner) -> QProgressDialog:
    """A window-modal progress dialog whose Cancel button cancels ``runner``.

    It closes itself when the export ends; the caller still handles the outcome signals.
    """
    dialog = QProgressDialog(_tr("Exporting leads to {name}…").format(name=runner.target.name),
                             _tr("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(_tr("Export"))
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    runner.progress.connect(show_progress)
    dialog.canceled.connect(runner.cancel)
    runner.done.connect(dialog.close)
    runner.done.connect(dialog.deleteLater)
    return dialog


def ask_export_path(parent: QWidget | None, settings: QSettings, default_name: str) -> Path | None:
    """Ask where to save an export (xlsx or csv); remember the folder. None if cancelled."""
    folder = str(settings.value(FOLDER_KEY, "") or "")
    if not folder or not Path(folder).is_dir():
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    xlsx_filter = _tr("Excel workbook (*.xlsx)")
    csv_filter = _tr("CSV, UTF-8 (*.csv)")
    is_csv = default_name.lower().endswith(".csv")
    chosen, selected = QFileDialog.getSaveFileName(
        parent, _tr("Export leads"), str(Path(folder) / default_name),
        f"{xlsx_filter};;{csv_filter}", csv_filter if is_csv else xlsx_filter,
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + (".csv" if selected == csv_filter else ".xlsx"))
    settings.setValue(FOLDER_KEY, str(path.parent))
    return path
