"""The settings dialog: validation beside each field, the key only in the keyring."""

from __future__ import annotations

import socket
import threading
from dataclasses import replace
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import V2_KEY, configure, make_server

from indiamart_desktop.config import ACCOUNT, Config, load_config, save_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings
from indiamart_desktop.store.syncstate import load_state, recent_calls, save_state
from indiamart_desktop.ui.settings_dialog import SettingsDialog

KEY = "AbCdEf+GhIjKl/MnOpQr=="


def _dialog(qtbot: QtBot, data_dir: Path, keystore: KeyStore) -> tuple[SettingsDialog, Database]:
    db = Database.in_folder(data_dir)
    settings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(load_config(db), db, keystore, data_dir, settings)
    qtbot.addWidget(dialog)
    return dialog, db


def _accept(dialog: SettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_nothing_is_red_before_anything_is_typed(qtbot: QtBot, tmp_data_dir: Path) -> None:
    dialog, db = _dialog(qtbot, tmp_data_dir, KeyStore("test-folder"))
    try:
        dialog.show()
        assert not dialog.key_error.isVisible() and not dialog.mobile_error.isVisible()
        _accept(dialog)
        assert dialog.result() != SettingsDialog.DialogCode.Accepted, "no key yet: not saved"
        assert dialog.key_error.isVisible(), "pressing OK shows what is missing"
    finally:
        db.close()


def test_invalid_input_is_shown_beside_its_field_once_edited(qtbot: QtBot,
                                                             tmp_data_dir: Path) -> None:
    dialog, db = _dialog(qtbot, tmp_data_dir, KeyStore("test-folder"))
    try:
        dialog.show()
        qtbot.keyClicks(dialog.key, "short")
        assert dialog.key_error.isVisible() and "too short" in dialog.key_error.text()
        dialog.key.clear()
        qtbot.keyClicks(dialog.key, KEY)
        assert not dialog.key_error.isVisible()
        dialog.api.setCurrentIndex(dialog.api.findData("v1"))
        assert dialog.mobile.isVisible()
        assert not dialog.mobile_error.isVisible(), "not typed yet"
        qtbot.keyClicks(dialog.mobile, "12345")
        assert dialog.mobile_error.isVisible() and "10 digits" in dialog.mobile_error.text()
        dialog.mobile.clear()
        qtbot.keyClicks(dialog.mobile, "+91 98765-43210")
        assert not dialog.mobile_error.isVisible()
        dialog.mobile.clear()
        qtbot.keyClicks(dialog.mobile, "x")
        qtbot.keyClick(dialog.mobile, Qt.Key.Key_Backspace)
        assert "needs the mobile" in dialog.mobile_error.text(), "v1 needs the mobile number"
        assert not dialog.validate()
    finally:
        db.close()


def test_the_mobile_is_asked_for_version_1_only(qtbot: QtBot, tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    save_config(db, replace(Config(), mobile="9876543210"))
    db.close()
    keystore = KeyStore("test-folder")
    keystore.set("v2", KEY)
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        dialog.show()
        assert not dialog.mobile.isVisible(), "version 2 needs no mobile number"
        dialog.api.setCurrentIndex(dialog.api.findData("v1"))
        assert dialog.mobile.isVisible()
        dialog.api.setCurrentIndex(dialog.api.findData("v2"))
        assert not dialog.mobile.isVisible()
        _accept(dialog)
        assert load_config(db).mobile == "9876543210", "a hidden mobile is kept as it was"
    finally:
        db.close()


@pytest.mark.parametrize("stored", ["W,B,P,BIZ,WA", "W,B,P,BIZ,V,WA", "B,WA,X9", "", "V"])
def test_ok_without_changes_leaves_the_configuration_as_it_was(
        qtbot: QtBot, tmp_data_dir: Path, stored: str) -> None:
    db = Database.in_folder(tmp_data_dir)
    save_config(db, replace(Config(), notify_types=stored, interval=330.0, history_days=90))
    db.close()
    keystore = KeyStore("test-folder")
    keystore.set("v2", KEY)
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        before = read_settings(db)
        _accept(dialog)
        assert dialog.result() == SettingsDialog.DialogCode.Accepted
        assert read_settings(db) == before
    finally:
        db.close()


def test_every_lead_type_can_be_chosen_and_unknown_codes_are_kept(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    save_config(db, replace(Config(), notify_types="W,X9,BIZ"))
    db.close()
    keystore = KeyStore("test-folder")
    keystore.set("v2", KEY)
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        shown = {code for codes in dialog.notify_types.boxes for code in codes}
        assert shown >= {"W", "B", "P", "BIZ", "V", "WA"}
        assert dialog.notify_types.box("V").isChecked(), "BIZ and V are one catalogue view"
        dialog.notify_types.box("WA").setChecked(True)
        dialog.notify_types.box("W").setChecked(False)
        dialog.notify_types.box("BIZ").setChecked(False)
        _accept(dialog)
        assert load_config(db).notify_type_set == {"X9", "WA"}
    finally:
        db.close()


def test_rows_never_overlap_however_long_a_text(qtbot: QtBot, tmp_data_dir: Path) -> None:
    dialog, db = _dialog(qtbot, tmp_data_dir, KeyStore("test-folder"))
    try:
        dialog.show()
        qtbot.waitExposed(dialog)
        for text in ("", "IndiaMART says this CRM key is incorrect. Copy it again from the "
                     "e-mail, or check the API version. " * 3):
            dialog.test_result.setText(text)
            _accept(dialog)  # shows the key error too
            qtbot.wait(50)
            widgets = [w for w in (dialog.api, dialog.key, dialog.key_status, dialog.key_error,
                                   dialog.keyring_note, dialog.help_text, dialog.test_button,
                                   dialog.test_result, dialog.interval, dialog.history,
                                   dialog.notify, dialog.notify_types, dialog.start_minimized,
                                   dialog.autostart, dialog.buttons) if w.isVisible()]
            rects = [(w, QRect(w.mapTo(dialog, QPoint(0, 0)), w.size())) for w in widgets]
            for index, (first, a) in enumerate(rects):
                assert dialog.rect().contains(a), f"{first} is cut off"
                if isinstance(first, QLabel) and first.wordWrap() and first.text():
                    assert a.height() >= first.heightForWidth(a.width()), f"{first} squeezed"
                for second, b in rects[index + 1:]:
                    assert not a.intersects(b), (first, second, a, b)
    finally:
        db.close()


def test_pasted_key_is_cleaned_and_kept_only_in_the_keyring(qtbot: QtBot,
                                                            tmp_data_dir: Path) -> None:
    keystore = KeyStore("test-folder")
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        dialog.key.setText(f"  {KEY[:8]}\n{KEY[8:]} \t\n")
        dialog.api.setCurrentIndex(dialog.api.findData("v1"))
        dialog.mobile.setText("+91-98765 43210")
        dialog.accept()
        assert dialog.result() == SettingsDialog.DialogCode.Accepted
        assert keyring.get_password("indiamart-desktop", keystore.entry("v1")) == KEY
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
    keystore = KeyStore("test-folder")
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        assert dialog.keyring_note.isVisibleTo(dialog)
        dialog.key.setText(KEY)
        dialog.accept()
        assert asked and "session only" in asked[0]
        secret = keystore.get("v2")
        assert secret is not None and secret.reveal() == KEY
        assert KeyStore("test-folder").get("v2") is None, "a new process must not find the key"
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
        keystore = KeyStore("test-folder")
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
        dialog, db = _dialog(qtbot, tmp_data_dir, KeyStore("test-folder"))
        try:
            dialog.key.setText("Wrong+Key/For=The0Test0Only")
            dialog.test_connection()
            qtbot.waitUntil(lambda: "incorrect" in dialog.test_result.text(), timeout=10_000)
        finally:
            db.close()
    finally:
        server.stop()


def test_a_refused_key_is_named_as_refused(qtbot: QtBot, tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    with db.transaction() as conn:
        save_state(conn, load_state(conn, ACCOUNT).with_(key_state="wrong_key"))
    db.close()
    keystore = KeyStore("test-folder")
    keystore.set("v2", KEY)
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        dialog.show()
        assert dialog.key_status.isVisible()
        assert "refused" in dialog.key_status.text() and "incorrect" in dialog.key_status.text()
        assert "refused" in dialog.key.placeholderText()
        qtbot.keyClicks(dialog.key, V2_KEY)
        assert not dialog.key_status.isVisible(), "a new key is being given"
    finally:
        db.close()


def _test_until(qtbot: QtBot, dialog: SettingsDialog, done: str) -> None:
    """Press Test connection until its result says ``done``; a "can run at" answer (the
    5-minute rule, scaled to the test service) is waited out, never raced."""
    deadline = 20_000
    while deadline > 0:
        dialog.test_connection()
        qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
        if done in dialog.test_result.text():
            return
        assert "can run at" in dialog.test_result.text(), dialog.test_result.text()
        qtbot.wait(200)
        deadline -= 200
    raise AssertionError(dialog.test_result.text())


def test_a_newly_pasted_key_is_tried_after_the_saved_one_was_refused(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    server = make_server(0.5)
    try:
        configure(tmp_data_dir, server, 0.5)
        keystore = KeyStore("test-folder")
        keystore.set("v2", "Wrong+Key/For=The0Test0Only")
        dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
        try:
            _test_until(qtbot, dialog, "incorrect")
            assert len(server.requests) == 1
            dialog.test_connection()  # the same refused key: said at once, never sent again
            assert "refused" in dialog.test_result.text()
            qtbot.wait(100)
            assert len(server.requests) == 1
            qtbot.keyClicks(dialog.key, V2_KEY)
            _test_until(qtbot, dialog, "Connected")
            assert len(server.requests) == 2, "the pasted key was tried"
        finally:
            db.close()
    finally:
        server.stop()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def test_a_test_that_never_reached_indiamart_does_not_block_the_next(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    save_config(db, Config().with_value("endpoint", f"http://127.0.0.1:{_closed_port()}")
                .with_value("interval", "300"))
    db.close()
    keystore = KeyStore("test-folder")
    keystore.set("v2", KEY)
    dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
    try:
        for attempt in range(2):
            dialog.test_connection()
            qtbot.waitUntil(lambda: dialog.test_button.isEnabled()
                            and "refused" in dialog.test_result.text(), timeout=10_000)
            assert "could not be reached" in dialog.test_result.text(), attempt
        assert [c.outcome for c in recent_calls(db, ACCOUNT)] == ["network_error"] * 2
    finally:
        db.close()


def test_a_test_that_may_have_reached_indiamart_counts(qtbot: QtBot,
                                                       tmp_data_dir: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    hung_up = threading.Event()

    def hang_up() -> None:  # reads the request, then closes without an answer
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
        hung_up.set()

    server = threading.Thread(target=hang_up, name="hang-up-server", daemon=True)
    server.start()
    try:
        db = Database.in_folder(tmp_data_dir)
        save_config(db, Config().with_value(
            "endpoint", f"http://127.0.0.1:{listener.getsockname()[1]}")
            .with_value("interval", "300"))
        db.close()
        keystore = KeyStore("test-folder")
        keystore.set("v2", KEY)
        dialog, db = _dialog(qtbot, tmp_data_dir, keystore)
        try:
            dialog.test_connection()
            qtbot.waitUntil(lambda: dialog.test_button.isEnabled()
                            and "could not be reached" in dialog.test_result.text(),
                            timeout=10_000)
            dialog.test_connection()
            assert "can run at" in dialog.test_result.text(), "the first call may have counted"
        finally:
            db.close()
    finally:
        hung_up.wait(5)
        listener.close()
        server.join(5)
