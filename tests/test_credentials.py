"""The CRM key: cleaned on paste, kept in the keyring (or session), never shown."""

from __future__ import annotations

import pickle

import keyring
import keyring.backends.fail
import keyring.errors
import pytest

from indiamart_desktop import APP_ID
from indiamart_desktop.credentials import (
    ENV_VAR,
    KeyFormatError,
    KeyringUnavailable,
    KeyStore,
    clean_key,
)
from indiamart_desktop.indiamart.redact import MASK, Secret

KEY = "mRyxE7xt4H3DQ/+m4nCG5FGLpFjFmDE=Zw"


@pytest.fixture(autouse=True)
def _no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.mark.parametrize("pasted", [KEY, f"  {KEY}\n", f"\t{KEY[:10]} \n {KEY[10:]}\r\n",
                                    f"{KEY[:5]}\u00a0{KEY[5:]}"])
def test_clean_key_strips_whitespace(pasted: str) -> None:
    assert clean_key(pasted) == KEY


@pytest.mark.parametrize(("text", "why"), [("", "empty"), ("   \n", "empty"),
                                           ("abc123", "short"),
                                           ("abcdefghijklmnop<script>", "letters")])
def test_clean_key_refuses(text: str, why: str) -> None:
    with pytest.raises(KeyFormatError, match=why):
        clean_key(text)


def test_keyring_round_trip(memory_keyring: object) -> None:
    store = KeyStore()
    assert store.get("v2") is None
    secret = store.set("v2", f" {KEY}\n")
    assert secret.reveal() == KEY
    assert keyring.get_password(APP_ID, "v2") == KEY
    got = store.get("v2")
    assert got is not None and got.reveal() == KEY
    assert store.get("v1") is None  # one key per version
    # A new KeyStore (a new process) finds it again.
    assert KeyStore().get("v2") == Secret(KEY)
    store.delete("v2")
    assert store.get("v2") is None
    store.delete("v2")  # deleting twice is fine


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    KeyStore().set("v2", "a" * 20)
    monkeypatch.setenv(ENV_VAR, f" {KEY} \n")
    got = KeyStore().get("v2")
    assert got is not None and got.reveal() == KEY


def test_no_backend_means_session_only() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = KeyStore()
    assert not store.backend_available()
    with pytest.raises(KeyringUnavailable):
        store.set("v2", KEY)
    assert store.get("v2") is None
    store.set("v2", KEY, session_only=True)
    assert store.get("v2") == Secret(KEY)
    assert KeyStore().get("v2") is None  # session keys die with the process


def test_keyring_errors_do_not_leak_the_key(memory_keyring: object,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise keyring.errors.PasswordSetError(f"refused {KEY}")

    monkeypatch.setattr(keyring, "set_password", refuse)
    with pytest.raises(KeyringUnavailable) as caught:
        KeyStore().set("v2", KEY)
    assert KEY not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_secret_never_shows_itself() -> None:
    secret = Secret(KEY)
    percent = "%s" % secret  # noqa: UP031 - the old formatting path must hide it too
    for text in (str(secret), repr(secret), f"{secret}", f"{secret!r}", percent,
                 format(secret, ">60"), repr([secret]), repr({"k": secret})):
        assert KEY not in text
        assert MASK in text
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    assert secret == Secret(KEY) and secret != Secret("b" * 20) and bool(secret)
