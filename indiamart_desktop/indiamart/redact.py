"""The one place that keeps the CRM key out of logs, exception texts and reprs.

Every known key is registered here once (:func:`register_secret`); :func:`redact` removes
it, plain and URL-encoded, from any text, and :class:`RedactingFilter` applies that to
every log record of the process.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import quote, quote_plus

MASK = "«key hidden»"

_lock = threading.Lock()
_secrets: set[str] = set()


def _variants(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}


def register_secret(secret: str) -> None:
    """Remember ``secret`` so that :func:`redact` hides it everywhere from now on."""
    if len(secret) < 4:
        return
    with _lock:
        _secrets.update(v for v in _variants(secret) if v)


def redact(text: str, *extra: str) -> str:
    """Return ``text`` with every registered secret (and ``extra`` ones) masked."""
    with _lock:
        secrets = set(_secrets)
    for secret in extra:
        if len(secret) >= 4:
            secrets |= _variants(secret)
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class Secret:
    """A string that never shows itself in ``str``/``repr``/f-strings; ``reveal()`` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register_secret(value)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


class RedactingFilter(logging.Filter):
    """Masks registered secrets in the final text of every log record (message and args)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Format the traceback now, redacted, so no handler prints the raw one.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True
