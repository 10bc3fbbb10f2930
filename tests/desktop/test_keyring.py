"""The CRM key round-trips through a real Secret Service (gnome-keyring) and nowhere else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.SecretService
import pytest

from indiamart_desktop.credentials import KeyStore

pytestmark = [pytest.mark.desktop, pytest.mark.real_keyring]

KEY = "RealKeyring+Test/Key=0123456789"


def test_key_round_trips_through_gnome_keyring(tmp_data_dir: Path,
                                               secret_service: None) -> None:
    backend = keyring.get_keyring()
    active = getattr(backend, "backends", [backend])
    assert any(isinstance(b, keyring.backends.SecretService.Keyring) for b in active), active
    assert KeyStore.backend_available()
    store = KeyStore(service="indiamart-desktop-test")
    store.set("v2", f"  {KEY[:10]}\n{KEY[10:]}  \n")
    try:
        # Another process (the CLI) reads the same key from the keyring.
        code = ("from indiamart_desktop.credentials import KeyStore;"
                "k = KeyStore(service='indiamart-desktop-test').get('v2');"
                "print(k.reveal() if k else 'none')")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env={**__import__("os").environ,
                                              "INDIAMART_CRM_KEY": ""})
        assert out.stdout.strip() == KEY
        secret_service_itself = keyring.backends.SecretService.Keyring()
        assert secret_service_itself.get_password("indiamart-desktop-test", "v2") == KEY
    finally:
        store.delete("v2")
    assert KeyStore(service="indiamart-desktop-test").get("v2") is None


def test_set_key_command_stores_into_the_keyring_not_a_file(tmp_data_dir: Path,
                                                             secret_service: None) -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "INDIAMART_CRM_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "indiamart_desktop", "--data-dir", str(tmp_data_dir),
         "set-key"], input=f"{KEY}\n", capture_output=True, text=True, env=env, check=False)
    try:
        assert result.returncode == 0, result.stderr
        assert "keyring" in result.stdout
        assert "fail" not in result.stdout.lower()
        assert keyring.get_password("indiamart-desktop", "v2") == KEY
        for path in tmp_data_dir.rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path
    finally:
        keyring.delete_password("indiamart-desktop", "v2")
