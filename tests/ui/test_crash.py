"""The crash handler: an unhandled exception is logged and shown, redacted, never recursing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from indiamart_desktop.indiamart.redact import MASK, register_secret
from indiamart_desktop.ui.crash import CrashDialog, install_crash_handler

FAKE_KEY = "mRy1Ek9s4/HGTfUFWPJ7CkYs0Z7cEcxr"

pytestmark = pytest.mark.qt_no_exception_capture


class Trigger(QObject):
    fire = Signal()


@pytest.fixture
def log_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Install the handler for one test; monkeypatch restores Python's hooks afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    register_secret(FAKE_KEY)
    path = tmp_path / "indiamart-desktop.log"
    install_crash_handler(path)
    return path


def _fail() -> None:
    raise RuntimeError(f"IndiaMART refused key {FAKE_KEY}")


def _when_dialog_shows(qtbot: QtBot, act: Callable[[CrashDialog], None]) -> list[str]:
    """Poll for the crash dialog from inside its own modal loop, then run ``act`` on it."""
    seen: list[str] = []

    def poll() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, CrashDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialogs[0].text.toPlainText())
        act(dialogs[0])

    QTimer.singleShot(0, poll)
    return seen


def test_exception_in_a_slot_shows_the_redacted_report(
        qtbot: QtBot, log_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    trigger = Trigger()
    trigger.fire.connect(_fail)
    copied: list[str] = []

    def copy_and_close(dialog: CrashDialog) -> None:
        assert dialog.windowTitle() == "IndiaMART Lead Desktop – unexpected error"
        assert str(log_file) in dialog.log_label.text()
        dialog.copy_button.click()
        copied.append(QApplication.clipboard().text())
        dialog.close_button.click()

    seen = _when_dialog_shows(qtbot, copy_and_close)
    with caplog.at_level(logging.CRITICAL, logger="indiamart_desktop.ui.crash"):
        QTimer.singleShot(0, trigger.fire.emit)
        qtbot.waitUntil(lambda: bool(copied), timeout=5000)

    report = seen[0]
    assert "RuntimeError: IndiaMART refused key" in report
    assert "Traceback" in report and "_fail" in report
    assert "IndiaMART Lead Desktop 0.1.0" in report.splitlines()[0]
    assert FAKE_KEY not in report and MASK in report
    assert copied == [report]
    assert "RuntimeError: IndiaMART refused key" in caplog.text
    assert FAKE_KEY not in caplog.text


def test_exception_in_a_worker_thread_is_logged_and_shown_on_the_gui_thread(
        qtbot: QtBot, log_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    shown_on: list[bool] = []

    def close(dialog: CrashDialog) -> None:
        shown_on.append(threading.current_thread() is threading.main_thread())
        dialog.reject()

    seen = _when_dialog_shows(qtbot, close)
    with caplog.at_level(logging.CRITICAL, logger="indiamart_desktop.ui.crash"):
        worker = threading.Thread(target=_fail, name="lead-worker")
        worker.start()
        worker.join()
        assert "Thread: lead-worker" in caplog.text
        qtbot.waitUntil(lambda: bool(shown_on), timeout=5000)
    assert shown_on == [True]
    assert "Thread: lead-worker" in seen[0]
    assert FAKE_KEY not in seen[0] and FAKE_KEY not in caplog.text


def test_a_second_exception_while_the_dialog_is_up_is_only_logged(
        qtbot: QtBot, log_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    closed: list[int] = []

    def fail_again_then_close(dialog: CrashDialog) -> None:
        sys.excepthook(ValueError, ValueError("second"), None)
        others = [w for w in QApplication.topLevelWidgets()
                  if isinstance(w, CrashDialog) and w.isVisible()]
        closed.append(len(others))
        dialog.reject()

    _when_dialog_shows(qtbot, fail_again_then_close)
    with caplog.at_level(logging.CRITICAL, logger="indiamart_desktop.ui.crash"):
        QTimer.singleShot(0, _fail)
        qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    assert closed == [1]
    assert "ValueError: second" in caplog.text
