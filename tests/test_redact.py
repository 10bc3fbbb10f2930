"""Redaction: the key, in every spelling an answer may give it back, is masked in any text
and any log record."""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from key_spellings import lower_hex, same_bytes_spellings, spellings

from indiamart_desktop.indiamart.classify import classify_v2
from indiamart_desktop.indiamart.redact import (
    MASK,
    Secret,
    redact,
    register_secret,
)
from indiamart_desktop.logging_setup import setup_logging

KEY = "Zx9+/Ab=Cd+Ef/Gh==RedactTestKey"
#: A key that is valid base64 (23 bytes), with ``+``, ``/`` and padding.
B64_KEY = "UmVkYWN0++++dGVzdP///ktleT4/ISE="


@pytest.mark.parametrize(("name", "form"), [*spellings(KEY).items(),
                                            *spellings(B64_KEY).items(),
                                            *same_bytes_spellings(B64_KEY).items()])
def test_every_spelling_of_a_registered_key_is_masked(name: str, form: str) -> None:
    register_secret(KEY)
    register_secret(B64_KEY)
    text = f"The CRM key ({form}) is incorrect. GET /x?glusr_crm_key={form}&start_time=1"
    cleaned = redact(text)
    assert form not in cleaned, name
    assert cleaned == f"The CRM key ({MASK}) is incorrect. GET /x?glusr_crm_key={MASK}" \
                      f"&start_time=1", name


def test_spellings_mixed_character_by_character() -> None:
    """A proxy that re-encodes only some characters, in either case, some twice."""
    register_secret(KEY)
    rng = random.Random(9)
    for _ in range(200):
        parts = []
        for char in KEY:
            choices = [char, f"%{ord(char):02X}", f"%{ord(char):02x}", f"%25{ord(char):02X}",
                       f"&#{ord(char)};"]
            if char == "+":
                choices += [" ", "%20"]
            parts.append(rng.choice(choices))
        form = "".join(parts)
        assert redact(f"<{form}>") == f"<{MASK}>", form


def test_a_run_of_plus_signs_collapsed_into_one_space_is_still_the_key() -> None:
    """An answer's message has its whitespace collapsed before it is shown or stored."""
    register_secret(B64_KEY)
    collapsed = " ".join(B64_KEY.replace("+", " ").split())
    assert collapsed.count(" ") == 1
    assert redact(f"[{collapsed}]") == f"[{MASK}]"
    body = f'{{"CODE": 401, "MESSAGE": "Key {B64_KEY.replace("+", " ")} is incorrect"}}'
    assert classify_v2(200, body.encode()).message == f"Key {MASK} is incorrect"


def test_only_the_key_is_masked() -> None:
    register_secret(KEY)
    register_secret(B64_KEY)
    ordinary = ("Query 2643097564 from Ravi Kumar, +91-9876543210, pincode 500072; "
                "base64 words like SGVsbG8gd29ybGQ= and hex 0123456789abcdef0123456789abcdef; "
                "a near miss " + KEY[:-1] + "! and " + B64_KEY[:-3] + ".")
    assert redact(ordinary) == ordinary
    assert redact("") == ""


def test_redact_extra_and_short_values() -> None:
    other = "Only+Here/Once=="
    assert other not in redact(f"a {other} b", other)
    assert redact(f"a {lower_hex(quote(other, safe=''))} b", other) == f"a {MASK} b"
    assert redact(f"a {other.replace('+', ' ')} b", other) == f"a {MASK} b"
    assert redact("abc", "ab") == "abc"  # too short to be a key: not masked
    assert redact("plain text") == "plain text"


def test_secret_registers_itself() -> None:
    key = "SelfRegistering+Key/123="
    Secret(key)
    assert key not in redact(f"url/{quote(key, safe='')}/x and {key}")
    assert redact(lower_hex(quote(key, safe=""))) == MASK


@pytest.fixture
def restore_root_logging() -> object:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if handler not in handlers:
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_log_file_and_console_are_redacted(tmp_path: Path, restore_root_logging: object,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    key = "LogFile+Key/With=Equals9"
    Secret(key)
    log_file = setup_logging(tmp_path / "logs", verbose=True, console=True)
    assert log_file is not None
    log = logging.getLogger("indiamart_desktop.test")
    log.info("url %s", f"http://h/?k={quote(key, safe='')}")
    log.warning("plain %s and %r", key, key)
    log.error("in the message itself " + key)  # noqa: G003
    try:
        raise RuntimeError(f"boom {key}")
    except RuntimeError:
        log.exception("failed with %s", quote_plus(key))
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    console = capsys.readouterr().err
    for text in (written, console):
        assert "boom" in text and MASK in text
        for form in spellings(key).values():
            assert form not in text



def test_key_never_leaks_after_a_run_with_faults(
        tmp_path: Path, restore_root_logging: object, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Wrong key, dropped connection, HTTP 500, an HTML page, then leads: the key appears in
    no log line, log file, message, exception text, repr, nor the database file."""
    from indiamart_desktop.config import Config
    from indiamart_desktop.demo.faults import Fault
    from indiamart_desktop.demo.generator import LeadGenerator
    from indiamart_desktop.demo.server import SimulatedIndiaMart
    from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
    from indiamart_desktop.indiamart.times import IST
    from indiamart_desktop.store.db import Database
    from indiamart_desktop.sync.clock import FakeClock
    from indiamart_desktop.sync.engine import SyncEngine

    key = "Leak+Test/Key=ABCdef0123+/=="
    clock = FakeClock(datetime(2025, 2, 1, 12, tzinfo=IST))
    log_file = setup_logging(tmp_path / "logs", verbose=True, console=True)
    assert log_file is not None
    caplog.set_level(logging.DEBUG)
    logging.getLogger().addHandler(caplog.handler)  # setup_logging replaced the root handlers
    server = SimulatedIndiaMart(v2_key=key, clock=clock.now, min_gap=1.0)
    server.add_leads(LeadGenerator(3).leads_between(clock.now() - timedelta(days=3),
                                                    clock.now()))
    server.start()
    texts: list[str] = []
    try:
        config = Config().with_value("endpoint", server.url).with_value("interval", "1")
        db = Database.in_folder(tmp_path / "data")
        client = IndiaMartClient(server.url, Credentials("v2", Secret(key)))
        engine = SyncEngine(db, config, client, clock)
        texts += [repr(client), repr(client.credentials), str(client.credentials),
                  repr(engine.config)]
        # A real client with a key the service does not know: the wrong-key answer.
        stranger = IndiaMartClient(server.url, Credentials("v2", Secret(key + "X")))
        answer = stranger.fetch(clock.now() - timedelta(days=1), clock.now())
        texts += [repr(answer), answer.message]
        stranger.close()
        clock.advance(2)
        for trouble in ("expired", Fault.DROP_CONNECTION, Fault.HTTP_500, Fault.HTML_PAGE,
                        Fault.MALFORMED_JSON, None):
            if isinstance(trouble, Fault):
                server.inject(trouble)
            elif trouble is not None:
                server.set_key_state(trouble)
            result = engine.step()
            assert result.called, result
            texts += [repr(result), result.message, result.store_error]
            server.set_key_state("ok")
            engine.clear_key_problem()
            clock.advance(60)
        assert result.outcome is not None and result.outcome.value == "leads"
        # A request that fails before any answer: nothing listens any more.
        dead = IndiaMartClient("http://127.0.0.1:9", Credentials("v2", Secret(key)))
        refused = dead.fetch(clock.now() - timedelta(hours=1), clock.now())
        texts += [repr(refused), refused.message]
        dead.close()
        client.close()
        db.close()
    finally:
        server.stop()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert any("Calling IndiaMART" in r.getMessage() for r in caplog.records)
    texts.append(caplog.text)
    texts += [record.getMessage() for record in caplog.records]
    texts.append(log_file.read_text(encoding="utf-8"))
    out = capsys.readouterr()
    texts += [out.out, out.err]
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("leads.sqlite3*"))
    assert "network_error" in " ".join(texts) or "closed" in " ".join(texts)
    for form in spellings(key).values():
        for text in texts:
            assert form not in text
        assert form.encode() not in stored
