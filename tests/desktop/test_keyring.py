"""The CRM key round-trips through a real Secret Service (gnome-keyring) and nowhere else, in
the data folder's own entry; the entry every folder shared before moves there once."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import keyring
import keyring.backends.SecretService
import keyring.errors
import pytest
from child_processes import finished

from indiamart_desktop.config import ACCOUNT
from indiamart_desktop.credentials import ENV_VAR, KeyStore
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.syncstate import SyncState, save_state

pytestmark = [pytest.mark.desktop, pytest.mark.real_keyring]

KEY = "RealKeyring+Test/Key=0123456789"
SERVICE = "indiamart-desktop-test"


def _env_without_key() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != ENV_VAR}


def _read_in_another_process(data_dir: Path) -> str:
    """What a new process of the program (the CLI) reads for that folder's v2 key."""
    code = ("import sys; from indiamart_desktop.credentials import KeyStore;"
            "from indiamart_desktop.store.db import Database;"
            "db = Database.in_folder(sys.argv[1]);"
            f"k = KeyStore.for_database(db, service={SERVICE!r}).get('v2');"
            "print(k.reveal() if k else 'none')")
    out = finished([sys.executable, "-c", code, str(data_dir)], env=_env_without_key())
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _forget(*users: str) -> None:
    for user in users:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, user)


def test_key_round_trips_through_gnome_keyring(tmp_data_dir: Path,
                                               secret_service: None) -> None:
    backend = keyring.get_keyring()
    active = getattr(backend, "backends", [backend])
    assert any(isinstance(b, keyring.backends.SecretService.Keyring) for b in active), active
    assert KeyStore.backend_available()
    db = Database.in_folder(tmp_data_dir)
    store = KeyStore.for_database(db, service=SERVICE)
    db.close()
    store.set("v2", f"  {KEY[:10]}\n{KEY[10:]}  \n")
    try:
        # Another process (the CLI) reads the same key from the keyring.
        assert _read_in_another_process(tmp_data_dir) == KEY
        secret_service_itself = keyring.backends.SecretService.Keyring()
        assert secret_service_itself.get_password(SERVICE, store.entry("v2")) == KEY
        assert secret_service_itself.get_password(SERVICE, "v2") is None
    finally:
        store.delete("v2")
    assert _read_in_another_process(tmp_data_dir) == "none"


def _folder_that_has_called(data_dir: Path) -> None:
    db = Database.in_folder(data_dir)
    with db.transaction() as conn:
        save_state(conn, SyncState(account=ACCOUNT,
                                   last_call_at=datetime(2025, 1, 1, tzinfo=timezone.utc)))
    db.close()


def test_the_shared_entry_moves_to_the_folder_that_used_it(tmp_path: Path,
                                                           secret_service: None) -> None:
    used, other = tmp_path / "used", tmp_path / "other"
    for folder in (used, other):
        _folder_that_has_called(folder)
    secret_service_itself = keyring.backends.SecretService.Keyring()
    secret_service_itself.set_password(SERVICE, "v2", KEY)  # as an earlier version kept it
    db = Database.in_folder(used)
    entry = KeyStore.for_database(db, service=SERVICE).entry("v2")
    db.close()
    try:
        assert _read_in_another_process(used) == KEY  # the seller types nothing again
        assert secret_service_itself.get_password(SERVICE, entry) == KEY
        assert secret_service_itself.get_password(SERVICE, "v2") is None
        assert _read_in_another_process(other) == "none"  # no silent take-over
        assert _read_in_another_process(used) == KEY
    finally:
        _forget(entry, "v2")


def test_set_key_command_stores_into_the_keyring_not_a_file(tmp_data_dir: Path,
                                                             secret_service: None) -> None:
    result = finished(
        [sys.executable, "-m", "indiamart_desktop", "--data-dir", str(tmp_data_dir),
         "set-key"], input=f"{KEY}\n", env=_env_without_key())
    db = Database.in_folder(tmp_data_dir)
    entry = KeyStore.for_database(db).entry("v2")
    db.close()
    try:
        assert result.returncode == 0, result.stderr
        assert "keyring" in result.stdout
        assert "fail" not in result.stdout.lower()
        assert keyring.get_password("indiamart-desktop", entry) == KEY
        for path in tmp_data_dir.rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path
    finally:
        keyring.delete_password("indiamart-desktop", entry)
