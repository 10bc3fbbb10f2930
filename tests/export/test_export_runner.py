"""The export runs off the UI thread with progress and Cancel; the save dialog."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

import indiamart_desktop.ui.export_runner as runner_module
from indiamart_desktop.export import ExportResult, export_leads
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadFilter, Sort
from indiamart_desktop.ui.export_runner import (
    FOLDER_KEY,
    ExportRunner,
    ask_export_path,
    progress_dialog,
)

ROWS = 2_000
OLD = b"previous export"


@pytest.fixture
def db_path(tmp_data_dir: Path) -> Path:
    db = Database.in_folder(tmp_data_dir)
    start = datetime(2024, 1, 1, tzinfo=IST)
    LeadWriter(db).upsert("9999999999", (
        Lead(query_id=str(n), query_type="WBP"[n % 3], received_at=start + timedelta(minutes=n),
             sender_name=f"Buyer {n}", mobile="+91-9876543210")
        for n in range(ROWS)))
    db.close()
    return db.path


class Recorder:
    """Collects a runner's signals (all emitted in the GUI thread)."""

    def __init__(self, runner: ExportRunner) -> None:
        self.progress: list[tuple[int, int]] = []
        self.outcome: list[tuple[str, Any]] = []
        self.done = False
        runner.progress.connect(lambda done, total: self.progress.append((done, total)))
        runner.finished.connect(lambda result: self.outcome.append(("finished", result)))
        runner.failed.connect(lambda message: self.outcome.append(("failed", message)))
        runner.cancelled.connect(lambda: self.outcome.append(("cancelled", None)))
        runner.done.connect(lambda: setattr(self, "done", True))


def test_export_runs_in_a_worker_thread_and_reports_progress(
        qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []

    def recording_export(*args: Any, **kwargs: Any) -> ExportResult:
        threads.append(threading.get_ident())
        return export_leads(*args, **kwargs)

    monkeypatch.setattr(runner_module, "export_leads", recording_export)
    runner = ExportRunner(db_path, tmp_path / "leads.xlsx", LeadFilter(types=frozenset("WB")),
                          Sort())
    seen = Recorder(runner)
    with qtbot.waitSignal(runner.done, timeout=30_000):
        runner.start()
    assert threads and threads[0] != threading.get_ident()
    assert seen.outcome[0][0] == "finished"
    result = seen.outcome[0][1]
    expected = sum(1 for n in range(ROWS) if n % 3 != 2)
    assert isinstance(result, ExportResult) and result.rows == expected
    assert result.path.stat().st_size > 0
    assert seen.progress[0] == (0, expected)
    assert seen.progress[-1] == (expected, expected)
    assert len(seen.progress) <= expected // 500 + 2
    assert not runner.is_running()


def test_cancel_from_the_dialog_leaves_old_file_and_ui_responsive(
        qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "leads.csv"
    target.write_bytes(OLD)
    release = threading.Event()

    def held_export(*args: Any, progress: Any, **kwargs: Any) -> ExportResult:
        def slow_progress(done: int, total: int) -> None:
            progress(done, total)
            release.wait(10)  # hold the worker until the test has pressed Cancel
        return export_leads(*args, progress=slow_progress, **kwargs)

    monkeypatch.setattr(runner_module, "export_leads", held_export)
    runner = ExportRunner(db_path, target, LeadFilter(), Sort())
    seen = Recorder(runner)
    dialog = progress_dialog(None, runner)
    gone: list[bool] = []
    dialog.destroyed.connect(lambda: gone.append(True))
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()

    runner.start()
    qtbot.waitUntil(lambda: bool(seen.progress), timeout=10_000)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5_000)  # the GUI thread is free
    assert runner.is_running()
    assert dialog.maximum() == ROWS
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None
    cancel_button.click()  # what the seller presses
    release.set()
    qtbot.waitUntil(lambda: seen.done, timeout=10_000)
    timer.stop()

    assert seen.outcome == [("cancelled", None)]
    qtbot.waitUntil(lambda: bool(gone), timeout=5_000)  # the dialog closed itself
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "leads.csv"]


def test_failure_is_reported_as_a_message(qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    runner = ExportRunner(db_path, tmp_path / "leads.txt", LeadFilter(), Sort())
    seen = Recorder(runner)
    with qtbot.waitSignal(runner.done, timeout=10_000):
        runner.start()
    assert len(seen.outcome) == 1
    kind, message = seen.outcome[0]
    assert kind == "failed" and ".xlsx or .csv" in message


def test_ask_export_path_adds_suffix_and_remembers_folder(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    chosen = tmp_path / "exports"
    chosen.mkdir()
    asked: list[tuple[Any, ...]] = []
    answers = [(str(chosen / "march"), "CSV, UTF-8 (*.csv)"), ("", "")]

    def fake_dialog(*args: Any) -> tuple[str, str]:
        asked.append(args)
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    assert ask_export_path(None, settings, "leads.xlsx") == chosen / "march.csv"
    assert settings.value(FOLDER_KEY) == str(chosen)
    assert "*.xlsx" in asked[0][3] and "*.csv" in asked[0][3]
    assert asked[0][4] == "Excel workbook (*.xlsx)"

    assert ask_export_path(None, settings, "leads.csv") is None  # the seller cancelled
    assert asked[1][2] == str(chosen / "leads.csv")  # starts in the remembered folder
    assert asked[1][4] == "CSV, UTF-8 (*.csv)"


def test_ask_export_path_keeps_a_typed_suffix(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *args: (str(tmp_path / "Leads.XLSX"), "CSV, UTF-8 (*.csv)")))
    assert ask_export_path(None, settings, "leads.xlsx") == tmp_path / "Leads.XLSX"
