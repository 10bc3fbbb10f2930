"""Configuration: validation, the 5-minute floor against IndiaMART, storage round trip."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indiamart_desktop.config import (
    INDIAMART_ENDPOINT,
    MIN_INTERVAL,
    SETTING_NAMES,
    Config,
    ConfigError,
    is_loopback,
    load_config,
    normalize_endpoint,
    normalize_mobile,
    save_config,
)
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import write_settings

LOOPBACK = "http://127.0.0.1:8765"


def test_defaults() -> None:
    config = Config()
    assert config.endpoint == INDIAMART_ENDPOINT == "https://mapi.indiamart.com"
    assert config.interval == 300
    assert config.history_days == 30
    assert config.api == "v2"
    assert not config.loopback
    assert config.effective_interval >= 300


@pytest.mark.parametrize("text", ["299.9", "60", "1", "0", "-5", "0.01"])
def test_short_interval_refused_for_indiamart(text: str) -> None:
    with pytest.raises(ConfigError, match="300"):
        Config().with_value("interval", text)


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e309", "abc", "", "86401"])
def test_nonsense_interval_refused(text: str) -> None:
    with pytest.raises(ConfigError):
        Config().with_value("interval", text)
    with pytest.raises(ConfigError):
        Config().with_value("endpoint", LOOPBACK).with_value("interval", text)


def test_short_interval_only_on_loopback() -> None:
    local = Config().with_value("endpoint", LOOPBACK)
    assert local.with_value("interval", "1").effective_interval == 1.0
    assert local.with_value("interval", " 0.5 ").interval == 0.5
    with pytest.raises(ConfigError):
        local.with_value("interval", "0")
    # Moving back to IndiaMART's host lifts the interval to the floor again.
    fast = local.with_value("interval", "1")
    back = fast.with_value("endpoint", "https://mapi.indiamart.com/")
    assert back.interval >= MIN_INTERVAL
    assert back.effective_interval >= MIN_INTERVAL


@given(interval=st.floats(allow_nan=True, allow_infinity=True),
       endpoint=st.sampled_from([INDIAMART_ENDPOINT, "https://mapi.indiamart.com:443",
                                 "https://example.in", LOOPBACK]),
       then=st.sampled_from([INDIAMART_ENDPOINT, "https://other.example.com", LOOPBACK]))
def test_effective_interval_never_under_five_minutes_on_a_real_host(
        interval: float, endpoint: str, then: str) -> None:
    config = Config().with_value("endpoint", endpoint)
    with contextlib.suppress(ConfigError):
        config = config.with_value("interval", repr(interval))
    config = config.with_value("endpoint", then)
    if not config.loopback:
        assert config.effective_interval >= MIN_INTERVAL
    assert 0 < config.effective_interval <= 86400 + 60
    # Even a Config built by hand (not through validation) keeps the floor.
    raw = Config(endpoint=INDIAMART_ENDPOINT, interval=abs(interval) % 300)
    assert raw.effective_interval >= MIN_INTERVAL


@pytest.mark.parametrize(("url", "loop"), [
    ("http://127.0.0.1:1", True), ("http://127.9.9.9", True), ("http://localhost:80", True),
    ("http://[::1]:8080", True), ("https://mapi.indiamart.com", False),
    ("http://127.0.0.1.evil.example", False), ("http://localhost.evil.example", False),
    ("http://10.0.0.1", False), ("http://0.0.0.0", False),
])
def test_is_loopback(url: str, loop: bool) -> None:
    assert is_loopback(url) is loop


@pytest.mark.parametrize("text", ["http://mapi.indiamart.com", "ftp://127.0.0.1",
                                  "127.0.0.1:80", "https://mapi.indiamart.com/wservce/",
                                  "https://x.example?a=1", "", "http://"])
def test_bad_endpoints(text: str) -> None:
    with pytest.raises(ConfigError):
        normalize_endpoint(text)


@pytest.mark.parametrize(("text", "says"), [
    ("https://user:s3cret@mapi.indiamart.com", "password"),
    ("https://s3cret@mapi.indiamart.com", "password"),
    ("http://user:s3cret@127.0.0.1:8080", "password"),
    ("http://127.0.0.1:19001#frag", "fragment"),
    ("http://127.0.0.1:19001#", "fragment"),
    ("https://mapi.indiamart.com?glusr_crm_key=s3cret", "query"),
    ("https://mapi.indiamart.com?", "query"),
    ("https://mapi.indiamart.com/wservce/crm", "path"),
    ("http://127.0.0.1:abc", "port"),
    ("http://127.0.0.1:99999", "port"),
    ("http://127.0.0.1:0", "port"),
    ("http://127.0.0.1:", "port"),
    ("http://127.0.0.1:-1", "port"),
    ("http://[::1", "not a valid address"),
    ("https://mapi indiamart.com", "spaces"),
    ("https://mapi.\tindiamart.com", "control"),
    ("https://mapi.indiamart.com\x00", "control"),
    ("https://-bad-.example", "host name"),
    ("https://a..example", "host name"),
    ("https://under_score.example", "host name"),
    ("file:///etc/passwd", "https://"),
    ("javascript:alert(1)", "https://"),
    ("ftp://127.0.0.1", "https://"),
    ("mapi.indiamart.com", "https://"),
])
def test_endpoints_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ConfigError) as refused:
        Config().with_value("endpoint", text)
    message = str(refused.value)
    assert says in message
    assert "s3cret" not in message


@pytest.mark.parametrize(("text", "stored"), [
    ("  http://127.0.0.1:5000/ ", "http://127.0.0.1:5000"),
    ("HTTPS://MAPI.IndiaMART.com/", "https://mapi.indiamart.com"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("https://mapi.indiamart.com:443", "https://mapi.indiamart.com:443"),
    ("https://10.0.0.7:65535", "https://10.0.0.7:65535"),
    ("http://localhost:1", "http://localhost:1"),
])
def test_endpoint_normalised(text: str, stored: str) -> None:
    assert normalize_endpoint(text) == stored


def test_notify_types_are_codes() -> None:
    assert Config().with_value("notify_types", "w,biz, WA").notify_types == "W,BIZ,WA"
    for bad in ("W;<b>", "W,B P", "W,\u0000"):
        with pytest.raises(ConfigError, match="lead type codes"):
            Config().with_value("notify_types", bad)


@pytest.mark.parametrize(("text", "digits"), [
    ("9876543210", "9876543210"), ("+91 98765 43210", "9876543210"),
    ("0091-9876543210", "9876543210"), ("919876543210", "9876543210"),
    ("09876543210", "9876543210"), ("(987) 654-3210", "9876543210"),
])
def test_mobile(text: str, digits: str) -> None:
    assert normalize_mobile(text) == digits
    assert Config().with_value("mobile", text).mobile == digits


@pytest.mark.parametrize("text", ["12345", "5876543210", "98765432101", "abcdefghij"])
def test_bad_mobile(text: str) -> None:
    with pytest.raises(ConfigError):
        normalize_mobile(text)


def test_other_values() -> None:
    config = Config()
    assert config.with_value("api", "V1").api == "v1"
    with pytest.raises(ConfigError):
        config.with_value("api", "v3")
    assert config.with_value("history_days", "365").history_days == 365
    for bad in ("6", "366", "x", "30.5"):
        with pytest.raises(ConfigError):
            config.with_value("history_days", bad)
    assert config.with_value("settle_hours", "0").settle_hours == 0
    for bad in ("-1", "73", "nan", "inf"):
        with pytest.raises(ConfigError):
            config.with_value("settle_hours", bad)
    assert config.with_value("notify", "off").notify is False
    assert config.with_value("notify", "YES").notify is True
    with pytest.raises(ConfigError):
        config.with_value("notify", "maybe")
    assert config.with_value("notify_types", " w, b ,,p").notify_type_set == {"W", "B", "P"}
    with pytest.raises(ConfigError, match="Unknown"):
        config.with_value("colour", "red")


def test_round_trip_through_the_database(tmp_data_dir: Path) -> None:
    config = Config()
    for name, value in [("endpoint", LOOPBACK), ("interval", "1.5"), ("api", "v1"),
                        ("mobile", "9876543210"), ("history_days", "90"),
                        ("settle_hours", "6"), ("notify", "off"), ("notify_types", "W,B")]:
        config = config.with_value(name, value)
    db = Database.in_folder(tmp_data_dir)
    try:
        save_config(db, config)
    finally:
        db.close()
    db = Database.in_folder(tmp_data_dir)
    try:
        assert load_config(db) == config
        assert set(config.as_text()) == set(SETTING_NAMES)
    finally:
        db.close()


def test_stored_values_are_validated_on_load(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        # Someone edits the file: a 1-second interval against IndiaMART's own host.
        write_settings(db, {"config.endpoint": INDIAMART_ENDPOINT, "config.interval": "1",
                            "config.history_days": "9999", "config.api": "v9"})
        config = load_config(db)
        assert config.interval >= MIN_INTERVAL
        assert config.effective_interval >= MIN_INTERVAL
        assert config.history_days == 30 and config.api == "v2"
        write_settings(db, {"config.endpoint": LOOPBACK, "config.interval": "nan"})
        assert load_config(db).interval == 300
    finally:
        db.close()
