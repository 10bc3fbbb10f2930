"""The settings dialog: validation beside each field, the key only in the keyring."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import V2_KEY, configure, make_server

from indiamart_desktop.config import load_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.store.db import Database
from indiamart_desktop.ui.settings_dialog import SettingsDialog

KEY = "AbCdEf+GhIjKl/MnOpQr=="


def _dialog(qtbot: QtBot, data_dir: Path, keystore: KeyStore) -> tuple[SettingsDialog, Database]:
    db = Database.in_folder(data_dir)
    settings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(load_config(db), db, keystore, data_dir, settings)
    qtbot.addWidget(dialog)
    return dialog, db


def _ok(dialog: SettingsDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_invalid_input_is_shown_beside_its_field_and_blocks_ok(qtbot: QtBot,
                                                               tmp_data_dir: Path) -> None:
    dialog, db = _dialog(qtbot, tmp_data_dir, KeyStore())
    try:
        assert not _ok(dialog), "no key saved yet: OK must wait for one"
        assert dialog.key_error.isVisibleTo(dialog)
        dialog.key.setText(KEY)
        assert _ok(dialog)
        dialog.mobile.setText("12345")
        assert not _ok(dialog)
        assert dialog.mobile_error.isVisibleTo(dialog)
        assert "10 digits" in dialog.mobile_error.text()
        dialog.mobile.setText("+91 98765-43210")
        assert _ok(dialog) and not dialog.mobile_error.isVisibleTo(dialog)
        dialog.mobile.setText("")
        dialog.api.setCurrentIndex(dialog.api.findData("v1"))
        assert not _ok(dialog), "v1 needs the mobile number"
        dialog.mobile.setText("09876543210")
        dialog.key.setText("short")
        assert not _ok(dialog) and "too short" in dialog.key_error.text()
    finally:
        db.close()


def test_pasted_key_is_cleaned_and_kept_only_in_the_keyring(qtbot: QtBot,
                                                            tmp_data_dir: Path) -> None:
    keystore = KeyStore()
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        dialog.key.setText(f"  {KEY[:8]}\n{KEY[8:]} \t\n")
        dialog.mobile.setText("+91-98765 43210")
        dialog.accept()
        assert dialog.result() == SettingsDialog.DialogCode.Accepted
        assert keyring.get_password("indiamart-desktop", "v2") == KEY
        assert load_config(db).mobile == "9876543210"
        dialog.settings.sync()
    finally:
        db.close()
    for path in tmp_data_dir.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), f"the key leaked into {path}"


def test_without_a_keyring_the_key_is_kept_for_the_session_only(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    keystore = KeyStore()
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        assert dialog.keyring_note.isVisibleTo(dialog)
        dialog.key.setText(KEY)
        dialog.accept()
        assert asked and "session only" in asked[0]
        secret = keystore.get("v2")
        assert secret is not None and secret.reveal() == KEY
        assert KeyStore().get("v2") is None, "a new process must not find the key"
    finally:
        db.close()
    for path in tmp_data_dir.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes()


def test_test_connection_reports_plainly_and_respects_the_rule(qtbot: QtBot,
                                                               tmp_data_dir: Path) -> None:
    server = make_server(300.0)
    try:
        configure(tmp_data_dir, server, 300.0)
        keystore = KeyStore()
        keystore.set("v2", V2_KEY)
        dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
        try:
            dialog.test_connection()
            qtbot.waitUntil(lambda: "Connected" in dialog.test_result.text(), timeout=10_000)
            assert "leads received" in dialog.test_result.text()
            assert len(server.requests) == 1
            dialog.test_connection()
            assert "can run at" in dialog.test_result.text()
            qtbot.wait(300)
            assert len(server.requests) == 1, "the test called IndiaMART too soon"
        finally:
            db.close()
    finally:
        server.stop()


def test_a_wrong_key_is_reported_in_plain_words(qtbot: QtBot, tmp_data_dir: Path) -> None:
    server = make_server(300.0)
    try:
        configure(tmp_data_dir, server, 300.0)
        dialog, db = _dialog(qtbot, tmp_data_dir, KeyStore())
        try:
            dialog.key.setText("Wrong+Key/For=The0Test0Only")
            dialog.test_connection()
            qtbot.waitUntil(lambda: "incorrect" in dialog.test_result.text(), timeout=10_000)
        finally:
            db.close()
    finally:
        server.stop()
