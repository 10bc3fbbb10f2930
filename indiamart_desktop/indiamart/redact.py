"""The one place that keeps the CRM key out of logs, exception texts, stored and shown text.

Every known key is registered here once (:func:`register_secret`); :func:`redact` masks it
in any text, in every spelling an answer, a proxy or a library may give it back:

- plain, or percent-encoded with upper- or lower-case hex digits (``%2B``, ``%2b``), once
  or encoded again up to three times (``%252B``), any mix of those character by character;
- with ``+`` turned into a space by form decoding (or that space encoded again, ``%20``),
  a run of them perhaps collapsed into one space;
- as HTML character references (``&#43;``, ``&#x2F;``);
- as a base64-looking run that decodes to the same bytes as the key (the URL-safe alphabet,
  other padding) or to the key itself (the key base64-encoded).

:class:`RedactingFilter` applies it to every log record of the process.
"""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import logging
import re
import threading
from dataclasses import dataclass

MASK = "«key hidden»"

_MIN_LENGTH = 4
#: ``%2B`` encoded again and again: ``%252B``, ``%25252B``, ``%2525252B``.
_MAX_DEPTH = 3
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{4,}={0,3}")
_URL_SAFE = str.maketrans("-_", "+/")

_lock = threading.Lock()
_secrets: frozenset[str] = frozenset()


def _any_case(hex_digits: str) -> str:
    return "".join(f"[{d.lower()}{d.upper()}]" if d.isalpha() else d for d in hex_digits)


def _percent(data: bytes) -> str:
    return "".join(f"%(?:25){{0,{_MAX_DEPTH}}}{_any_case(f'{b:02X}')}" for b in data)


def _spellings(char: str) -> str:
    """A regular expression for one character of a key, in any of its spellings."""
    forms = [re.escape(char), _percent(char.encode("utf-8")), f"&#0*{ord(char)};",
             f"&#[xX]0*{_any_case(f'{ord(char):X}')};"]
    if char == "+":
        forms += [" ", _percent(b" ")]  # form decoding turned it into a space
    return "(?:" + "|".join(forms) + ")"


def _base64_bytes(text: str) -> bytes | None:
    """What ``text`` decodes to as base64 (either alphabet, any padding), or None."""
    core = text.rstrip("=").translate(_URL_SAFE)
    if len(core) % 4 == 1:
        return None
    try:
        return base64.b64decode(core + "=" * (-len(core) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


@dataclass(frozen=True)
class _Matcher:
    spelled: re.Pattern[str]
    #: The bytes a base64-looking run may decode to that give a key away.
    decoded: frozenset[bytes]
    #: The lengths (without padding) of such runs: no other run is decoded.
    run_lengths: frozenset[int]

    def mask_base64(self, found: re.Match[str]) -> str:
        run = found.group()
        if len(run.rstrip("=")) in self.run_lengths and _base64_bytes(run) in self.decoded:
            return MASK
        return run


def _own_bytes(secret: str) -> bytes | None:
    """The bytes a base64 key stands for (None for a key that is not valid base64)."""
    return _base64_bytes(secret) if _BASE64_RUN.fullmatch(secret) else None


def _spelled(secret: str) -> str:
    core = secret.rstrip("=") if _own_bytes(secret) else secret
    parts = []
    for char, run in itertools.groupby(core):
        if char == "+":  # "++" as spaces may have been collapsed into one space
            parts.append(f"{_spellings(char)}+")
        else:
            parts.extend(_spellings(char) for _ in run)
    if core != secret:  # a base64 key, padded or not, with any padding after it
        parts.append(f"(?:{_spellings('=')})*")
    return "".join(parts)


@functools.lru_cache(maxsize=16)
def _matcher(secrets: frozenset[str]) -> _Matcher:
    ordered = sorted(secrets, key=lambda s: (-len(s), s))  # the longest spelling wins
    spelled = re.compile("|".join(_spelled(s) for s in ordered))
    decoded: set[bytes] = set()
    for secret in secrets:
        decoded.add(secret.encode("utf-8"))
        own = _own_bytes(secret)
        if own:
            decoded.add(own)
    lengths = frozenset(-(-4 * len(data) // 3) for data in decoded)
    return _Matcher(spelled, frozenset(decoded), lengths)


def register_secret(secret: str) -> None:
    """Remember ``secret`` so that :func:`redact` hides it everywhere from now on."""
    global _secrets  # noqa: PLW0603 - one process-wide set, replaced whole under the lock
    if len(secret) < _MIN_LENGTH:
        return
    with _lock:
        if secret not in _secrets:
            _secrets = _secrets | {secret}


def redact(text: str, *extra: str) -> str:
    """Return ``text`` with every registered secret (and ``extra`` ones) masked."""
    with _lock:
        secrets = _secrets
    more = {s for s in extra if len(s) >= _MIN_LENGTH} - secrets
    if more:
        secrets = secrets | more
    if not secrets or not text:
        return text
    matcher = _matcher(secrets)
    text = matcher.spelled.sub(MASK, text)
    return _BASE64_RUN.sub(matcher.mask_base64, text)


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
