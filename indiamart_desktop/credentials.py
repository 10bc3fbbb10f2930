"""The CRM key: cleaned, validated, kept in the OS keyring (never in a plain file).

``INDIAMART_CRM_KEY`` in the environment overrides the keyring (scheduled jobs, tests). At
start-up (:func:`take_key_from_environment`) the key moves out of the process environment
into this module's memory, so that no child process (xdg-open for a tel:, mailto: or wa.me
link, the demo, anything else) can inherit it, whatever starts it.

Where no keyring backend exists the key can be kept for this session only, in memory.

Each data folder has its own keyring entry: user name ``<version>@<id>``, ``<id>`` a random
id made once and kept in the folder's database. Two folders (two accounts) never share nor
overwrite one key. Earlier versions kept one entry for every folder (user name
``<version>``). On upgrade, the first folder that has called IndiaMART before and has no
entry of its own moves that shared key into its own entry and deletes the shared entry,
so the seller never types a working key again. A second folder then finds no key and asks
for one: it never takes the key over silently, because one key polled from two databases
(each with its own call times) would break IndiaMART's 5-minute rule. A folder that never
called IndiaMART (a fresh or a test folder) leaves the shared key where it is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import uuid

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

from indiamart_desktop import APP_ID
from indiamart_desktop.config import ACCOUNT
from indiamart_desktop.indiamart.redact import Secret, register_secret
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import setting_once
from indiamart_desktop.store.syncstate import load_state

log = logging.getLogger(__name__)

ENV_VAR = "INDIAMART_CRM_KEY"
#: What a CRM key is made of: base64 (either alphabet) letters, digits and padding.
_KEY_CHARS = re.compile(r"[A-Za-z0-9+/=_-]+")
#: The settings entry holding the data folder's keyring id.
_ID_SETTING = "keyring.id"


class KeyFormatError(ValueError):
    """The pasted text cannot be a CRM key; the message says why."""


class KeyringUnavailable(RuntimeError):
    """No OS keyring backend works here; the key can only be kept for this session."""


def clean_key(text: str) -> str:
    """Strip every space, tab and newline a paste (or a file read into the environment) may
    bring; refuse anything else odd. The one cleaning of every key, wherever it comes from."""
    key = re.sub(r"\s+", "", text)
    if not key:
        raise KeyFormatError("The CRM key is empty.")
    if len(key) < 16:
        raise KeyFormatError("That is too short for a CRM key; copy the whole key from "
                             "IndiaMART's e-mail.")
    if not _KEY_CHARS.fullmatch(key):
        raise KeyFormatError("A CRM key holds only letters, digits and + / = - _ characters; "
                             "this text has others.")
    return key


class _EnvironmentKey:
    """The key given in ``INDIAMART_CRM_KEY``, once moved out of the environment."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = ""
        #: Why the variable's text is no CRM key (it is then dropped, never sent).
        self.problem = ""

    def take(self) -> str:
        with self._lock:
            given = os.environ.pop(ENV_VAR, None)  # unsetenv too: children see nothing
            if given is not None:
                self._value, self.problem = "", ""
                if given.strip():
                    try:
                        self._value = clean_key(given)
                    except KeyFormatError as error:
                        self.problem = str(error)
                    else:
                        register_secret(self._value)
            return self._value


_from_environment = _EnvironmentKey()


def take_key_from_environment() -> None:
    """Move ``INDIAMART_CRM_KEY`` out of the process environment into memory, so that no
    child process started from now on inherits it. First thing at start-up; reading a key
    does it too. A variable set but empty means no key. Its text is cleaned as a pasted key
    is; raise :class:`KeyFormatError` (never holding the text) when it is no CRM key."""
    _from_environment.take()
    if _from_environment.problem:
        raise KeyFormatError(_from_environment.problem)


class KeyStore:
    """Reads and writes the CRM keys ("v1", "v2") of one data folder, in its own keyring
    entry; ``adopt_shared`` lets it move the shared key of earlier versions there."""

    def __init__(self, entry_id: str, *, adopt_shared: bool = False,
                 service: str = APP_ID) -> None:
        self.entry_id = entry_id
        self.adopt_shared = adopt_shared
        self.service = service
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_database(cls, db: Database, service: str = APP_ID) -> KeyStore:
        """The key store of the data folder of ``db``; its id is made on first use. Only a
        folder that has called IndiaMART before may take over the shared key."""
        entry_id = setting_once(db, _ID_SETTING, uuid.uuid4().hex)
        has_called = load_state(db.conn, ACCOUNT).last_call_at is not None
        return cls(entry_id, adopt_shared=has_called, service=service)

    def entry(self, version: str) -> str:
        """The keyring user name of this folder's key for ``version``."""
        return f"{version}@{self.entry_id}"

    @staticmethod
    def backend_available() -> bool:
        # The null backend accepts a key and silently drops it: no keyring either.
        return not isinstance(keyring.get_keyring(),
                              keyring.backends.fail.Keyring | keyring.backends.null.Keyring)

    @staticmethod
    def backend_name() -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, version: str) -> Secret | None:
        from_env = _from_environment.take()
        if from_env:
            return Secret(from_env)
        with self._lock:
            if version in self._session:
                return Secret(self._session[version])
        if not self.backend_available():
            return None
        try:
            stored = keyring.get_password(self.service, self.entry(version))
            if not stored and self.adopt_shared:
                stored = self._adopt_shared(version)
        except keyring.errors.KeyringError as error:
            log.warning("The keyring could not be read: %s", type(error).__name__)
            return None
        return Secret(stored) if stored else None

    def _adopt_shared(self, version: str) -> str | None:
        """Move the key of the entry earlier versions shared between folders into this
        folder's own entry (written before the shared one is deleted: never lost)."""
        shared = keyring.get_password(self.service, version)
        if not shared:
            return None
        keyring.set_password(self.service, self.entry(version), shared)
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(self.service, version)
        log.info("The saved %s key moved to this data folder's own keyring entry", version)
        return str(shared)

    def set(self, version: str, text: str, *, session_only: bool = False) -> Secret:
        """Clean and store the key; raise KeyringUnavailable when only a session key can work."""
        key = clean_key(text)
        secret = Secret(key)
        if session_only:
            with self._lock:
                self._session[version] = key
            return secret
        if not self.backend_available():
            raise KeyringUnavailable(
                "No keyring (Secret Service, Keychain or Credential Manager) is available here."
            )
        try:
            keyring.set_password(self.service, self.entry(version), key)
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable(f"The keyring refused to store the key "
                                     f"({type(error).__name__}).") from None
        with self._lock:
            self._session.pop(version, None)
        return secret

    def delete(self, version: str) -> None:
        """Forget the key; a shared key this folder could adopt goes too (else it would
        come back on the next read)."""
        with self._lock:
            self._session.pop(version, None)
        if not self.backend_available():
            return
        users = [self.entry(version), version] if self.adopt_shared else [self.entry(version)]
        for user in users:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(self.service, user)
