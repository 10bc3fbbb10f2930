"""The CRM key: cleaned on paste, kept in the keyring (or session) in each data folder's own
entry, out of the environment of every child process, never shown."""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from child_processes import finished

from indiamart_desktop import APP_ID, cli
from indiamart_desktop.account import Account
from indiamart_desktop.config import ACCOUNT, load_config, save_config
from indiamart_desktop.credentials import (
    ENV_VAR,
    KeyFormatError,
    KeyringUnavailable,
    KeyStore,
    clean_key,
    take_key_from_environment,
)
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.redact import MASK, Secret
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.syncstate import SyncState, save_state

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
    store = KeyStore("folder-1")
    assert store.get("v2") is None
    secret = store.set("v2", f" {KEY}\n")
    assert secret.reveal() == KEY
    assert keyring.get_password(APP_ID, "v2@folder-1") == KEY
    assert keyring.get_password(APP_ID, "v2") is None  # not the entry every folder shared
    got = store.get("v2")
    assert got is not None and got.reveal() == KEY
    assert store.get("v1") is None  # one key per version
    # A new KeyStore (a new process) of the same folder finds it again; another does not.
    assert KeyStore("folder-1").get("v2") == Secret(KEY)
    assert KeyStore("folder-2").get("v2") is None
    store.delete("v2")
    assert store.get("v2") is None
    store.delete("v2")  # deleting twice is fine


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    KeyStore("folder").set("v2", "a" * 20)
    monkeypatch.setenv(ENV_VAR, f" {KEY} \n")
    got = KeyStore("folder").get("v2")
    assert got is not None and got.reveal() == KEY
    assert ENV_VAR not in os.environ  # reading it took it out of the environment


def test_an_empty_variable_means_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    KeyStore("folder").set("v2", KEY)
    monkeypatch.setenv(ENV_VAR, " \n")
    assert KeyStore("folder").get("v2") == Secret(KEY)


def test_no_backend_means_session_only() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = KeyStore("folder")
    assert not store.backend_available()
    with pytest.raises(KeyringUnavailable):
        store.set("v2", KEY)
    assert store.get("v2") is None
    store.set("v2", KEY, session_only=True)
    assert store.get("v2") == Secret(KEY)
    assert KeyStore("folder").get("v2") is None  # session keys die with the process


def test_keyring_errors_do_not_leak_the_key(memory_keyring: object,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise keyring.errors.PasswordSetError(f"refused {KEY}")

    monkeypatch.setattr(keyring, "set_password", refuse)
    with pytest.raises(KeyringUnavailable) as caught:
        KeyStore("folder").set("v2", KEY)
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


# ---------------------------------------------------------------- no child inherits the key


@pytest.fixture
def cli_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI's own start-up (logging included) run in this process, put back afterwards."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield tmp_path / "data"
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            if handler not in handlers:
                handler.close()
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


def _child_sees() -> str:
    """What a real child process finds in its environment (inherited, nothing passed)."""
    code = f"import os; print(os.environ.get({ENV_VAR!r}, '<none>'))"
    out = finished([sys.executable, "-c", code])
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_start_up_takes_the_key_out_of_every_child_environment(
        cli_in_process: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = SimulatedIndiaMart(v2_key=KEY, min_gap=0.0)
    server.populate(days=2, per_day=5)
    monkeypatch.setenv(ENV_VAR, KEY)
    assert _child_sees() == KEY  # what xdg-open, a browser or the demo inherited before
    with server:
        db = Database.in_folder(cli_in_process)
        save_config(db, load_config(db).with_value("endpoint", server.url))
        db.close()
        # The program's own start-up; the key still works for the sync that follows it.
        assert cli.main(["--data-dir", str(cli_in_process), "sync", "--once"]) == 0
    assert [r.outcome for r in server.requests] == ["leads"]
    assert ENV_VAR not in os.environ
    assert _child_sees() == "<none>"
    shell = finished(["sh", "-c", f'echo "${{{ENV_VAR}-unset}}"'])
    assert (shell.returncode, shell.stdout.strip()) == (0, "unset")


def test_a_key_given_only_at_start_up_survives_for_the_whole_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, f" {KEY}\n")
    take_key_from_environment()
    assert ENV_VAR not in os.environ
    for _ in range(3):
        assert KeyStore("folder").get("v2") == Secret(KEY)
    assert KEY not in repr(KeyStore("folder").get("v2"))


# ---------------------------------------------------------------- one entry per data folder


def _folder(tmp_path: Path, name: str, *, has_called: bool) -> Database:
    db = Database.in_folder(tmp_path / name)
    if has_called:
        with db.transaction() as conn:
            save_state(conn, SyncState(account=ACCOUNT,
                                       last_call_at=datetime(2025, 1, 1, tzinfo=timezone.utc)))
    return db


def test_each_data_folder_keeps_its_own_key(tmp_path: Path, memory_keyring: object) -> None:
    first, second = (_folder(tmp_path, n, has_called=True) for n in ("first", "second"))
    try:
        KeyStore.for_database(first).set("v2", KEY)
        KeyStore.for_database(second).set("v2", "Second+Account/Key=0123456789")
        assert KeyStore.for_database(first).get("v2") == Secret(KEY)
        assert KeyStore.for_database(second).get("v2") == \
            Secret("Second+Account/Key=0123456789")
        # The id is made once and kept in the database; another connection (another
        # process) finds the same one. The database never holds the key.
        again = Database.in_folder(tmp_path / "first")
        assert KeyStore.for_database(again).entry_id == KeyStore.for_database(first).entry_id
        again.close()
        ids = {KeyStore.for_database(first).entry_id, KeyStore.for_database(second).entry_id}
        assert len(ids) == 2 and all(len(i) == 32 for i in ids)
    finally:
        first.close()
        second.close()
    for path in tmp_path.rglob("leads.sqlite3*"):
        assert KEY.encode() not in path.read_bytes()


def test_upgrade_moves_the_shared_key_to_the_folder_that_used_it(
        tmp_path: Path, memory_keyring: object) -> None:
    keyring.set_password(APP_ID, "v2", KEY)  # the entry every folder shared before
    fresh = _folder(tmp_path, "fresh", has_called=False)
    used = _folder(tmp_path, "used", has_called=True)
    other = _folder(tmp_path, "other", has_called=True)
    try:
        # A folder that never called IndiaMART (fresh, a test) leaves the key alone.
        assert KeyStore.for_database(fresh).get("v2") is None
        assert keyring.get_password(APP_ID, "v2") == KEY
        # The seller's folder: the working key, without typing it again, in its own entry.
        store = KeyStore.for_database(used)
        assert store.get("v2") == Secret(KEY)
        assert keyring.get_password(APP_ID, store.entry("v2")) == KEY
        assert keyring.get_password(APP_ID, "v2") is None
        assert KeyStore.for_database(used).get("v2") == Secret(KEY)  # a restart finds it
        # A second folder does not take it over silently: it asks for a key of its own.
        assert KeyStore.for_database(other).get("v2") is None
        assert KeyStore.for_database(used).get("v2") == Secret(KEY)
    finally:
        for db in (fresh, used, other):
            db.close()
    # Through the program's own wiring: the account opens with its key, ready to poll.
    account = Account.open(tmp_path / "used")
    try:
        assert account.missing() == ""
    finally:
        account.close()


def test_deleting_also_drops_a_shared_key_it_could_adopt(
        tmp_path: Path, memory_keyring: object) -> None:
    keyring.set_password(APP_ID, "v2", KEY)
    db = _folder(tmp_path, "used", has_called=True)
    try:
        store = KeyStore.for_database(db)
        store.delete("v2")
        assert store.get("v2") is None
        assert keyring.get_password(APP_ID, "v2") is None
    finally:
        db.close()
