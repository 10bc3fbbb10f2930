"""The account's configuration: validated values, stored in the database's settings table.

The CRM key is not configuration: it lives in the OS keyring (see :mod:`credentials`).
"""

from __future__ import annotations

import ipaddress
import math
import re
from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import urlsplit

from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings, write_settings

INDIAMART_ENDPOINT = "https://mapi.indiamart.com"
#: IndiaMART's rule: one call per key every 5 minutes.
MIN_INTERVAL = 300.0
#: Added to the interval against IndiaMART's own host, so clock skew never makes a call early.
SAFETY_MARGIN = 10.0
#: A longer interval is a typo; an infinite or NaN one would break every time computation.
MAX_INTERVAL = 86400.0
MIN_HISTORY_DAYS = 7
MAX_HISTORY_DAYS = 365
ACCOUNT = "main"


class ConfigError(ValueError):
    """A configuration value is not acceptable; the message says what is expected."""


def is_loopback(endpoint: str) -> bool:
    host = urlsplit(endpoint).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_mobile(text: str) -> str:
    """A seller's 10-digit Indian mobile from what they typed (+91, 0, spaces, dashes)."""
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("+91"):
        digits = digits[3:]
    elif digits.startswith("0091"):
        digits = digits[4:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if not re.fullmatch(r"[6-9]\d{9}", digits):
        raise ConfigError("A mobile number has 10 digits and starts with 6, 7, 8 or 9.")
    return digits


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_ENDPOINT_FORM = "Give the endpoint as scheme://host[:port], e.g. https://mapi.indiamart.com " \
                 "or http://127.0.0.1:8080."


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        return len(host) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)
    return True


def normalize_endpoint(text: str) -> str:
    """``scheme://host[:port]`` from what was typed, or :class:`ConfigError`.

    Refused: other schemes, a user name or password (it would be stored and shown in plain
    text), a path, a query or a fragment (the program adds IndiaMART's path and the key),
    a port outside 1-65535, and plain http to anything but this computer. No message
    repeats the text, which may hold a password.
    """
    value = text.strip().rstrip("/")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ConfigError("The endpoint must not contain spaces or control characters.")
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ConfigError(f"That endpoint is not a valid address. {_ENDPOINT_FORM}") from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"The endpoint starts with https:// (or http:// for this computer). "
                          f"{_ENDPOINT_FORM}")
    if "@" in parts.netloc:
        raise ConfigError("The endpoint must not contain a user name or password (they would "
                          "be stored and shown in plain text).")
    if parts.path or "?" in value or "#" in value:
        raise ConfigError("The endpoint must not have a path, a query (?) or a fragment (#); "
                          f"IndiaMART's paths are added by the program. {_ENDPOINT_FORM}")
    host = (parts.hostname or "").lower()
    if not host or not _valid_host(host):
        raise ConfigError(f"The endpoint's host name is not valid. {_ENDPOINT_FORM}")
    if parts.netloc.endswith(":") or port == 0:
        raise ConfigError("The endpoint's port is a number from 1 to 65535.")
    if parts.scheme == "http" and not is_loopback(value):
        raise ConfigError("Plain http is allowed only for this computer (127.0.0.1); "
                          "anything else must use https.")
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}" + ("" if port is None else f":{port}")


@dataclass(frozen=True)
class Config:
    api: str = "v2"
    mobile: str = ""
    endpoint: str = INDIAMART_ENDPOINT
    interval: float = MIN_INTERVAL
    history_days: int = 30
    settle_hours: float = 24.0
    notify: bool = True
    notify_types: str = "W,B,P,BIZ,WA"

    @property
    def loopback(self) -> bool:
        return is_loopback(self.endpoint)

    @property
    def effective_interval(self) -> float:
        """Seconds between calls; never under 5 minutes (+ margin) against a real host."""
        interval = min(self.interval, MAX_INTERVAL) if math.isfinite(self.interval) \
            else MIN_INTERVAL
        if self.loopback:
            return max(interval, 0.01)
        return max(interval, MIN_INTERVAL) + SAFETY_MARGIN

    @property
    def notify_type_set(self) -> frozenset[str]:
        return frozenset(t for t in self.notify_types.split(",") if t)

    def with_value(self, name: str, text: str) -> Config:
        """Return a copy with ``name`` set from the text ``text``, validated."""
        value = text.strip()
        if name == "api":
            if value.lower() not in ("v1", "v2"):
                raise ConfigError("api is v1 or v2.")
            return replace(self, api=value.lower())
        if name == "mobile":
            return replace(self, mobile=normalize_mobile(value) if value else "")
        if name == "endpoint":
            updated = replace(self, endpoint=normalize_endpoint(value))
            if updated.loopback:
                return updated
            return replace(updated, interval=max(self.interval, MIN_INTERVAL))
        if name == "interval":
            try:
                seconds = float(value)
            except ValueError:
                raise ConfigError("interval is a number of seconds.") from None
            if not math.isfinite(seconds) or seconds > MAX_INTERVAL:
                raise ConfigError("interval is a number of seconds, at most 86400 (a day).")
            if seconds < MIN_INTERVAL and not self.loopback:
                raise ConfigError("IndiaMART allows one call every 5 minutes: the interval "
                                  "must be at least 300 seconds (shorter only for a 127.0.0.1 "
                                  "endpoint).")
            if seconds <= 0:
                raise ConfigError("interval must be positive.")
            return replace(self, interval=seconds)
        if name == "history_days":
            try:
                days = int(value)
            except ValueError:
                raise ConfigError("history_days is a whole number of days.") from None
            if not MIN_HISTORY_DAYS <= days <= MAX_HISTORY_DAYS:
                raise ConfigError(f"history_days is between {MIN_HISTORY_DAYS} and "
                                  f"{MAX_HISTORY_DAYS}.")
            return replace(self, history_days=days)
        if name == "settle_hours":
            try:
                hours = float(value)
            except ValueError:
                raise ConfigError("settle_hours is a number of hours.") from None
            if not 0 <= hours <= 72:
                raise ConfigError("settle_hours is between 0 and 72.")
            return replace(self, settle_hours=hours)
        if name == "notify":
            if value.lower() not in ("on", "off", "true", "false", "1", "0", "yes", "no"):
                raise ConfigError("notify is on or off.")
            return replace(self, notify=value.lower() in ("on", "true", "1", "yes"))
        if name == "notify_types":
            codes = [c.strip().upper() for c in value.split(",") if c.strip()]
            if not all(re.fullmatch(r"[A-Z0-9]{1,8}", code) for code in codes):
                raise ConfigError("notify_types is a list of lead type codes, e.g. W,B,P,BIZ,WA.")
            return replace(self, notify_types=",".join(codes))
        raise ConfigError(f"Unknown setting {name!r}; known: {', '.join(SETTING_NAMES)}.")

    def as_text(self) -> dict[str, str]:
        out = {}
        for name, value in asdict(self).items():
            out[name] = ("on" if value else "off") if isinstance(value, bool) else str(value)
        return out


SETTING_NAMES = tuple(f.name for f in fields(Config))
_PREFIX = "config."


def load_config(db: Database) -> Config:
    """The stored configuration; values that no longer validate fall back to defaults."""
    stored = read_settings(db)
    config = Config()
    for name in SETTING_NAMES:
        text = stored.get(_PREFIX + name)
        if text is None:
            continue
        try:
            config = config.with_value(name, text)
        except ConfigError:
            continue
    return config


def save_config(db: Database, config: Config) -> None:
    write_settings(db, {_PREFIX + k: v for k, v in config.as_text().items()})
