"""Sync state for the seller: the status-bar line, the countdown and the problem banner."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QWidget,
)

from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.sync.rules import history_progress
from indiamart_desktop.ui.icons import icon
from indiamart_desktop.ui.poller import PollStatus

log = logging.getLogger(__name__)


def countdown_text(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _clock(moment: datetime | None) -> str:
    return moment.astimezone(IST).strftime("%H:%M") if moment else "—"


def _day_clock(moment: datetime, now: datetime) -> str:
    ist = moment.astimezone(IST)
    if ist.date() == now.astimezone(IST).date():
        return ist.strftime("%H:%M")
    return ist.strftime("%d %b %H:%M")


class SyncStatusBar(QStatusBar):
    """'Last checked 12:31 · next in 3:42 · covered through 12:31 IST' plus history progress.

    Emits ``secondsToNext(float)`` every second (negative when a call may go now) so the
    Check-now action can show its own countdown.
    """

    secondsToNext = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: PollStatus | None = None
        self.line = QLabel(self)
        self.line.setObjectName("syncLine")
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.history = QProgressBar(self)
        self.history.setObjectName("historyProgress")
        self.history.setMaximumWidth(220)
        self.history.setRange(0, 100)
        self.history.setFormat(self.tr("History %p%"))
        self.history.hide()
        self.addWidget(self.line, 1)
        self.addPermanentWidget(self.history)
        self._tick = QTimer(self)
        self._tick.setObjectName("countdownTimer")
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)
        self._tick.start()

    def set_status(self, status: PollStatus) -> None:
        self.status = status
        self.refresh()

    def refresh(self) -> None:
        status = self.status
        if status is None:
            self.line.setText(self.tr("Starting…"))
            return
        now = datetime.now(timezone.utc)
        state = status.state
        parts = []
        if state.last_call_at is not None:
            parts.append(self.tr("Last checked %1").replace(
                "%1", _day_clock(state.last_call_at, now)))
        else:
            parts.append(self.tr("Not checked yet"))
        seconds = -1.0
        if status.busy:
            parts.append(self.tr("checking now…"))
        elif status.paused:
            parts.append(self.tr("polling paused"))
        elif state.key_state != "ok":
            parts.append(self.tr("stopped: CRM key problem"))
        elif status.next_allowed_at is not None:
            seconds = (status.next_allowed_at - now).total_seconds()
            parts.append(self.tr("next in %1").replace("%1", countdown_text(seconds))
                         if seconds > 0 else self.tr("next check due"))
        if state.covered_until is not None:
            parts.append(self.tr("covered through %1 IST").replace(
                "%1", _day_clock(state.covered_until, now)))
        self.line.setText(" · ".join(parts))
        progress = history_progress(state)
        self.history.setVisible(progress is not None and progress < 1.0)
        if progress is not None:
            self.history.setValue(int(progress * 100))
            if state.backfill_from is not None:
                self.history.setToolTip(self.tr("History imported back to %1").replace(
                    "%1", state.backfill_from.astimezone(IST).strftime("%d-%m-%Y")))
        self.secondsToNext.emit(seconds)


class ProblemBanner(QFrame):
    """A coloured strip over the table when the key is refused or IndiaMART is unreachable."""

    openSettings = Signal()
    retry = Signal()
    tryDemo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#problemBanner { background: #fff4e5; border: 1px solid #f0b45b; }")
        self.icon = QLabel(self)
        self.icon.setPixmap(icon("warning").pixmap(22, 22))
        self.text = QLabel(self)
        self.text.setObjectName("bannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.settings_button = QPushButton(icon("settings"), self.tr("Open settings"), self)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.demo_button = QPushButton(self.tr("Try the demo"), self)
        self.demo_button.setObjectName("tryDemoButton")
        self.demo_button.setToolTip(self.tr("Open a second window on a simulated IndiaMART "
                                            "with made-up leads; your own data is not touched"))
        self.settings_button.clicked.connect(self.openSettings)
        self.retry_button.clicked.connect(self.retry)
        self.demo_button.clicked.connect(self.tryDemo)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.settings_button)
        self.hide()

    def key_text(self, key_state: str) -> str:
        texts = {
            Outcome.WRONG_KEY.value: self.tr("IndiaMART says the CRM key is incorrect."),
            Outcome.KEY_EXPIRED.value: self.tr(
                "The CRM key expired because it was not used for a long time."),
            Outcome.KEY_REPLACED.value: self.tr(
                "This CRM key was replaced by a newer one you generated."),
            Outcome.KEY_NOT_ACTIVE.value: self.tr(
                "The new CRM key becomes active within 24 hours of generating it."),
        }
        return texts.get(key_state, self.tr("IndiaMART refused the CRM key."))

    def explain_key_refused(self, key_state: str) -> QMessageBox:
        """Check now while IndiaMART refuses the key: say so, offer Settings and Retry (the
        buttons emit ``openSettings`` and ``retry``, as the banner's own do)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Check now"), " ".join((
            self.key_text(key_state),
            self.tr("No request was sent: polling stays stopped until you paste a new key "
                    "in Settings, or retry this key."))), parent=self.window())
        box.setObjectName("keyRefusedBox")
        settings = box.addButton(self.tr("Open settings"), QMessageBox.ButtonRole.AcceptRole)
        retry = box.addButton(self.tr("Retry this key"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def clicked(button: QAbstractButton) -> None:
            if button is settings:
                self.openSettings.emit()
            elif button is retry:
                self.retry.emit()

        box.buttonClicked.connect(clicked)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def missing_text(self, missing: str) -> str:
        if missing == "no_key":
            return self.tr(
                "Welcome! To pull your leads, paste your IndiaMART CRM key in Settings. "
                "To look around first, try the demo: made-up leads, nothing is sent to "
                "IndiaMART.")
        if missing == "no_mobile":
            return self.tr("API version 1 needs your account's mobile number: add it in "
                           "Settings.")
        return missing

    def set_status(self, status: PollStatus) -> None:
        state = status.state
        self.demo_button.setVisible(status.missing == "no_key" and state.key_state == "ok")
        if state.key_state != "ok":
            steps = self.tr(
                "Polling is stopped. In IndiaMART's Seller panel open Lead Manager → "
                "Settings → Import/Export leads (CRM API), generate a key, copy it from the "
                "e-mail IndiaMART sends, and paste it in Settings. A new key stops the old "
                "one at once.")
            self.text.setText(f"{self.key_text(state.key_state)} {steps}")
            self.retry_button.setVisible(state.key_state == Outcome.KEY_NOT_ACTIVE.value)
            self.show()
        elif status.store_error:
            self.text.setText(self.tr(
                "Leads cannot be saved: %1 Checking pauses and resumes by itself once this "
                "is fixed; nothing is lost, the same period is asked again.").replace(
                    "%1", status.store_error))
            self.retry_button.hide()
            self.show()
        elif status.missing:
            self.text.setText(self.missing_text(status.missing))
            self.retry_button.hide()
            self.show()
        elif state.failing_since is not None and state.failures >= 2:
            since = state.failing_since.astimezone(IST).strftime("%d-%m-%Y %H:%M")
            self.text.setText(self.tr(
                "IndiaMART cannot be reached since %1 IST (%2). Leads are not lost: the "
                "same period is asked again as soon as it answers.").replace(
                    "%1", since).replace("%2", state.last_outcome.replace("_", " ")))
            self.retry_button.hide()
            self.show()
        else:
            self.hide()
