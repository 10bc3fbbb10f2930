"""The CRM key: cleaned, validated, kept in the OS keyring (never in a plain file).

``INDIAMART_CRM_KEY`` in the environment overrides the keyring (scheduled jobs, tests).
Where no keyring backend exists the key can be kept for this session only, in memory.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

from indiamart_desktop import APP_ID
from indiamart_desktop.indiamart.redact import Secret

log = logging.getLogger(__name__)

ENV_VAR = "INDIAMART_CRM_KEY"
_KEY_CHARS = re.compile(r"[A-Za-z0-9+/=_\-.%]+")


class KeyFormatError(ValueError):
    """The pasted text cannot be a CRM key; the message says why."""


class KeyringUnavailable(RuntimeError):
    """No OS keyring backend works here; the key can only be kept for this session."""


def clean_key(text: str) -> str:
    """Strip every space, tab and newline a paste may bring; refuse anything else odd."""
    key = re.sub(r"\s+", "", text)
    if not key:
        raise KeyFormatError("The CRM key is empty.")
    if len(key) < 16:
        raise KeyFormatError("That is too short for a CRM key; copy the whole key from "
                             "IndiaMART's e-mail.")
    if not _KEY_CHARS.fullmatch(key):
        raise KeyFormatError("A CRM key holds only letters, digits and + / = characters; the "
                             "pasted text has others.")
    return key


class KeyStore:
    """Reads and writes the CRM key of one API version ("v1" or "v2")."""

    def __init__(self, service: str = APP_ID) -> None:
        self.service = service
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()

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
        from_env = os.environ.get(ENV_VAR, "")
        if from_env.strip():
            return Secret(re.sub(r"\s+", "", from_env))
        with self._lock:
            if version in self._session:
                return Secret(self._session[version])
        if not self.backend_available():
            return None
        try:
            stored = keyring.get_password(self.service, version)
        except keyring.errors.KeyringError as error:
            log.warning("The keyring could not be read: %s", type(error).__name__)
            return None
        return Secret(stored) if stored else None

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
            keyring.set_password(self.service, version, key)
        except keyring.errors.KeyringError as error:
            raise KeyringUnavailable(f"The keyring refused to store the key "
                                     f"({type(error).__name__}).") from None
        with self._lock:
            self._session.pop(version, None)
        return secret

    def delete(self, version: str) -> None:
        with self._lock:
            self._session.pop(version, None)
        if self.backend_available():
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(self.service, version)
