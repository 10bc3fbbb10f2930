"""Settings: API version, mobile, CRM key (OS keyring), interval, history, notifications.

Invalid input is shown next to its field once it was edited, or when OK or Test connection
is pressed; nothing is red before the seller typed anything. The key is never put in
QSettings, a file or the database.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.config import (
    MAX_HISTORY_DAYS,
    MIN_HISTORY_DAYS,
    Config,
    ConfigError,
    normalize_mobile,
    save_config,
)
from indiamart_desktop.credentials import KeyFormatError, KeyringUnavailable, KeyStore, clean_key
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.sync.clock import SystemClock
from indiamart_desktop.sync.engine import StepResult, SyncEngine
from indiamart_desktop.ui import autostart
from indiamart_desktop.ui.icons import icon
from indiamart_desktop.ui.notify_types import NotifyTypes
from indiamart_desktop.ui.outcome_text import describe_result, key_problem_text
from indiamart_desktop.ui.sync_status import countdown_text

log = logging.getLogger(__name__)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    label.hide()
    return label


class SettingsDialog(QDialog):
    """Edits the account's settings; :meth:`accept` saves them (key into the keyring)."""

    _tested = Signal(object)  # StepResult, from the test thread

    def __init__(self, config: Config, db: Database, keystore: KeyStore, data_dir: Path,
                 settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setWindowIcon(icon("settings"))
        self.config = config
        self.db = db
        self.keystore = keystore
        self.data_dir = data_dir
        self.settings = settings
        self.saved_config: Config | None = None
        self.key_saved = False

        self.api = QComboBox(self)
        self.api.setObjectName("apiVersion")
        self.api.addItem(self.tr("Version 2 (current; CRM key only)"), "v2")
        self.api.addItem(self.tr("Version 1 (legacy; mobile number + key)"), "v1")
        self.api.setCurrentIndex(max(0, self.api.findData(config.api)))

        self.mobile = QLineEdit(config.mobile, self)
        self.mobile.setObjectName("mobileEdit")
        self.mobile.setPlaceholderText(self.tr("Primary mobile of your IndiaMART account"))
        self.mobile_error = _error_label(self)

        self.key = QLineEdit(self)
        self.key.setObjectName("keyEdit")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_status = _error_label(self)
        self.key_status.setObjectName("keyStatus")
        self._refused = key_problem_text(self._key_state())
        self.show_key = QAction(icon("show"), self.tr("Show key"), self)
        self.show_key.setCheckable(True)
        self.show_key.toggled.connect(lambda on: self.key.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        self.key.addAction(self.show_key, QLineEdit.ActionPosition.TrailingPosition)
        self.key_error = _error_label(self)
        self.keyring_note = QLabel(self)
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setTextFormat(Qt.TextFormat.PlainText)
        if not KeyStore.backend_available():
            self.keyring_note.setText(self.tr(
                "No keyring is available on this computer: the key can be kept for this "
                "session only and must be pasted again after a restart."))
        else:
            self.keyring_note.hide()

        self.interval = QSpinBox(self)
        self.interval.setObjectName("intervalSpin")
        if config.loopback:
            self.interval.setRange(1, 3600)
            self.interval.setSuffix(self.tr(" s (test service)"))
            self.interval.setValue(max(1, int(config.interval)))
        else:
            self.interval.setRange(5, 24 * 60)
            self.interval.setSuffix(self.tr(" min"))
            self.interval.setValue(max(5, round(config.interval / 60)))
        self._shown_interval = self.interval.value()
        self.history = QSpinBox(self)
        self.history.setObjectName("historySpin")
        self.history.setRange(MIN_HISTORY_DAYS, MAX_HISTORY_DAYS)
        self.history.setSuffix(self.tr(" days"))
        self.history.setValue(config.history_days)

        self.notify = QCheckBox(self.tr("Show a notification for new leads"), self)
        self.notify.setChecked(config.notify)
        self.notify_types = NotifyTypes(config.notify_types, self)
        self.notify_types.setEnabled(config.notify)
        self.notify.toggled.connect(self.notify_types.setEnabled)
        self.start_minimized = QCheckBox(self.tr("Start minimised to the tray"), self)
        self.start_minimized.setChecked(bool(settings.value("startMinimized", False, bool)))
        self.autostart = QCheckBox(self.tr("Start when I log in"), self)
        self.autostart.setEnabled(autostart.supported())
        self.autostart.setChecked(autostart.enabled())
        if not autostart.supported():
            self.autostart.setToolTip(self.tr("Not available on this system"))

        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.setObjectName("testButton")
        self.test_result = QLabel(self)
        self.test_result.setObjectName("testResult")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        self.test_button.clicked.connect(self.test_connection)
        self._tested.connect(self._show_test)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        account = QGroupBox(self.tr("IndiaMART account"), self)
        self.account_form = form = QFormLayout()
        form.addRow(self.tr("API version"), self.api)
        form.addRow(self.tr("Mobile number"), self.mobile)
        form.addRow("", self.mobile_error)
        form.addRow(self.tr("CRM key"), self.key)
        form.addRow("", self.key_status)
        form.addRow("", self.key_error)
        form.addRow("", self.keyring_note)
        self.help_text = QLabel(self.tr(
            "Get the key in IndiaMART's Seller panel: Lead Manager → Settings → "
            "Import/Export leads (CRM API) → generate. IndiaMART e-mails it to you. Generating "
            "a new key stops the old one at once; a key unused for about 30 days lapses."),
            self)
        self.help_text.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        # Wrapped labels go in a box layout, not a form row: QFormLayout does not give a
        # spanning word-wrapped label the height it needs, so it overlapped the next row.
        account_layout = QVBoxLayout(account)
        account_layout.addLayout(form)
        account_layout.addWidget(self.help_text)
        account_layout.addLayout(test_row)

        polling = QGroupBox(self.tr("Polling"), self)
        polling_form = QFormLayout(polling)
        polling_form.addRow(self.tr("Check every"), self.interval)
        polling_form.addRow(self.tr("Import history of the last"), self.history)
        polling_form.addRow(self.notify)
        polling_form.addRow(self.tr("Notify for"), self.notify_types)
        polling_form.addRow(self.start_minimized)
        polling_form.addRow(self.autostart)

        layout = QVBoxLayout(self)
        layout.addWidget(account)
        layout.addWidget(polling)
        layout.addWidget(self.buttons)

        self._edited: set[str] = set()
        self.mobile.textEdited.connect(lambda: self._edit("mobile"))
        self.key.textEdited.connect(lambda: self._edit("key"))
        self.key.textChanged.connect(self._show_key_state)
        self.api.currentIndexChanged.connect(self._api_changed)
        self._api_changed()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """Grow to the height the wrapped texts need at this width: Qt does not do it for a
        window, so a longer test result or error squeezed the rows onto each other."""
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _key_state(self) -> str:
        try:
            return SyncEngine(self.db, self.config, None, SystemClock()).state().key_state
        except (StoreError, sqlite3.Error) as error:
            log.warning("Cannot read whether IndiaMART refused the key: %s", error)
            return "ok"

    def _edit(self, name: str) -> None:
        self._edited.add(name)
        self.validate()

    def _api_changed(self) -> None:
        """The mobile number is version 1's credential only: hide it for version 2."""
        v1 = self.api.currentData() == "v1"
        self.account_form.setRowVisible(self.mobile, v1)
        self.account_form.setRowVisible(self.mobile_error, v1)
        self._show_key_state()
        self.validate()

    def _show_key_state(self) -> None:
        api = str(self.api.currentData())
        saved = self.keystore.get(api) is not None
        refused = self._refused if api == self.config.api else ""
        if self.key.text().strip():
            self.key_status.hide()
        elif saved and refused:
            self.key_status.setText(refused)
            self.key_status.show()
        else:
            self.key_status.hide()
        self.key.setPlaceholderText(
            self.tr("IndiaMART refused the saved key – paste a new one") if saved and refused
            else self.tr("A key is saved – paste a new one to replace it") if saved
            else self.tr("Paste the CRM key from IndiaMART's e-mail"))

    # --- validation -------------------------------------------------------------------
    def _form_config(self) -> Config:
        """The configuration the form describes; raises ConfigError for bad fields."""
        config = self.config.with_value("api", str(self.api.currentData()))
        if config.api == "v1":  # hidden for v2: a stored mobile is kept as it was
            mobile = self.mobile.text().strip()
            config = replace(config, mobile=normalize_mobile(mobile) if mobile else "")
        if self.interval.value() != self._shown_interval:  # unchanged: keep the exact value
            seconds = self.interval.value() * (1 if self.config.loopback else 60)
            config = config.with_value("interval", str(seconds))
        config = config.with_value("history_days", str(self.history.value()))
        return replace(config, notify=self.notify.isChecked(),
                       notify_types=self.notify_types.codes())

    def _typed_key(self) -> str:
        return clean_key(self.key.text()) if self.key.text().strip() else ""

    def validate(self, show_all: bool = False) -> bool:
        """Whether the form can be saved; errors show for edited fields (all: on OK/Test)."""
        self.mobile_error.hide()
        self.key_error.hide()
        errors: dict[str, str] = {}
        if self.api.currentData() == "v1":
            try:
                mobile = self.mobile.text().strip()
                if not mobile:
                    raise ConfigError(self.tr("API version 1 needs the mobile number."))
                normalize_mobile(mobile)
            except ConfigError as error:
                errors["mobile"] = self._mobile_message(error)
        try:
            typed = self._typed_key()
            if not typed and self.keystore.get(str(self.api.currentData())) is None:
                raise KeyFormatError(self.tr("Paste the CRM key to start pulling leads."))
        except KeyFormatError as error:
            errors["key"] = str(error)
        for name, label in (("mobile", self.mobile_error), ("key", self.key_error)):
            if name in errors and (show_all or name in self._edited):
                label.setText(errors[name])
                label.show()
        return not errors

    def _mobile_message(self, error: ConfigError) -> str:
        if "10 digits" in str(error):
            return self.tr("A mobile number has 10 digits and starts with 6, 7, 8 or 9 "
                           "(+91, 0, spaces and dashes are fine).")
        return str(error)

    # --- test connection ------------------------------------------------------------------
    def test_connection(self) -> None:
        if not self.validate(show_all=True):
            return
        config = self._form_config()
        typed = self._typed_key()
        key = Secret(typed) if typed else self.keystore.get(config.api)
        if key is None:
            return
        # Only IndiaMART's own rule holds here: the interval since the last call that
        # reached it (a call that never left does not count) and its too-soon/blocked waits.
        probe = SyncEngine(self.db, config, None, SystemClock(), key=key)
        state = probe.state()
        if probe.key_refused(state):  # this very key was refused: no call can help
            self.test_result.setText(key_problem_text(state.key_state))
            return
        allowed = probe.next_allowed_at(state, explicit=True)
        now = datetime.now(timezone.utc)
        if allowed is not None and allowed > now:
            self.test_result.setText(self.tr(
                "IndiaMART allows one call every 5 minutes: the test can run at %1 IST "
                "(in %2).").replace("%1", allowed.astimezone(IST).strftime("%H:%M:%S")).replace(
                    "%2", countdown_text((allowed - now).total_seconds())))
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Asking IndiaMART…"))
        client = IndiaMartClient(config.endpoint, Credentials(config.api, key, config.mobile))
        data_dir = self.data_dir

        def run() -> None:
            db = Database.in_folder(data_dir)
            try:
                engine = SyncEngine(db, config, client, SystemClock(), key=key)
                self._tested.emit(engine.step(explicit=True))
            except StoreError as error:
                log.error("Test connection could not use the database: %s", error)
            finally:
                db.close()
                client.close()

        threading.Thread(target=run, name="test-connection", daemon=True).start()

    def _show_test(self, result: StepResult) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(describe_result(result))

    # --- saving -------------------------------------------------------------------------
    def accept(self) -> None:
        if not self.validate(show_all=True):
            return
        config = self._form_config()
        typed = self._typed_key()
        if typed:
            try:
                self.keystore.set(config.api, typed)
            except KeyringUnavailable:
                answer = QMessageBox.question(
                    self, self.tr("No keyring"),
                    self.tr("This computer has no keyring to keep the CRM key safely. Keep "
                            "the key for this session only? (It is never written to disk; "
                            "you will paste it again after a restart.)"))
                if answer != QMessageBox.StandardButton.Yes:
                    return
                self.keystore.set(config.api, typed, session_only=True)
            self.key_saved = True
        try:
            save_config(self.db, config)
        except StoreError as error:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(error))
            return
        self.settings.setValue("startMinimized", self.start_minimized.isChecked())
        if self.autostart.isEnabled() and self.autostart.isChecked() != autostart.enabled():
            try:
                autostart.set_enabled(self.autostart.isChecked())
            except OSError as error:
                log.warning("Start at login could not be changed: %s", error)
        self.saved_config = config
        super().accept()
