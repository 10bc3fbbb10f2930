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


def normalize_endpoint(text: str) -> str:
    value = text.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("The endpoint looks like https://host or http://127.0.0.1:8080.")
    if parts.path or parts.query:
        raise ConfigError("Give the endpoint as scheme://host[:port] only; IndiaMART's paths "
                          "are added by the program.")
    if parts.scheme == "http" and not is_loopback(value):
        raise ConfigError("Plain http is allowed only for this computer (127.0.0.1); "
                          "anything else must use https.")
    return value


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
