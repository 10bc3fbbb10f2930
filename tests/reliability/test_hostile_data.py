"""Hostile answers: random and adversarial records and bodies for the parser and the store.

Huge strings, NUL bytes, lone surrogates, invalid UTF-8, numbers where strings belong,
deep nesting, a 50 MB body: never a crash, never a lost valid lead from the same body,
and a log line that says what was wrong.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import SOAK_KEY, BodyServer

from indiamart_desktop.config import Config
from indiamart_desktop.demo.generator import V2_KEYS, LeadGenerator, to_v1_record, to_v2_record
from indiamart_desktop.indiamart.classify import MESSAGE_LIMIT, classify_v1, classify_v2
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.normalize import normalize_records
from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import SyncEngine

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=IST)
_VALID = [LeadGenerator(21).lead_at(NOW - timedelta(minutes=m)) for m in range(1, 40)]
_MARK = "\ue000BADBYTES\ue000"  # replaced by invalid UTF-8 after serialising

nasty_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(["\x00", "\ud800", "\udfff", "\u202e", "\r", "<br>", "a",
                              "\ufeff", "\x7f", "é", "😀", _MARK]), max_size=30).map("".join),
    st.sampled_from(["A" * 200_000, "\x00" * 10_000, "9" * 5000, ""]),
)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), nasty_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def hostile_records(draw: st.DrawFn) -> Any:
    """A record-ish item: a non-object, or an object of the v2 keys with hostile values,
    sometimes with a usable id and time (then it must become a lead)."""
    if draw(st.integers(0, 5)) == 0:
        return draw(json_values)
    record: dict[str, Any] = {
        key: draw(json_values) for key in draw(st.sets(st.sampled_from(V2_KEYS), max_size=10))}
    if draw(st.booleans()):
        record["UNIQUE_QUERY_ID"] = f"H{draw(st.integers(0, 10**9))}"
        record["QUERY_TIME"] = (NOW - timedelta(seconds=draw(st.integers(0, 10**6)))).strftime(
            "%Y-%m-%d %H:%M:%S")
    return record


@contextmanager
def captured(level: int = logging.DEBUG) -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _body(version: str, items: list[Any], ascii_only: bool, bad_bytes: bool) -> bytes:
    if version == "v2":
        data: Any = {"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "",
                     "TOTAL_RECORDS": len(items), "RESPONSE": items}
    else:
        data = items
    text = json.dumps(data, ensure_ascii=ascii_only)
    if bad_bytes and not ascii_only:
        raw = text.encode("utf-8", "surrogatepass")
        return raw.replace(_MARK.encode("utf-8"), b"\xff\xfe\xc3(\xa0\xe2\x82")
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    version=st.sampled_from(["v2", "v1"]),
    hostile=st.lists(hostile_records(), max_size=6),
    valid_count=st.integers(1, 8),
    positions=st.randoms(use_true_random=False),
    ascii_only=st.booleans(),
    bad_bytes=st.booleans(),
)
def test_hostile_records_never_cost_a_valid_lead(
        version: str, hostile: list[Any], valid_count: int, positions: Any,
        ascii_only: bool, bad_bytes: bool) -> None:
    valid = _VALID[:valid_count]
    valid_items: list[Any] = [
        to_v2_record(lead) if version == "v2" else to_v1_record(lead, i + 1, valid_count)
        for i, lead in enumerate(valid)]
    items = list(valid_items)
    for item in hostile:
        items.insert(positions.randint(0, len(items)), item)
    body = _body(version, items, ascii_only, bad_bytes)
    classify = classify_v2 if version == "v2" else classify_v1
    with captured() as logs:
        classified = classify(200, body)
        assert classified.outcome is Outcome.LEADS, classified
        leads, skipped = normalize_records(classified.records, version)
    ids = [lead.query_id for lead in leads]
    assert {lead.query_id for lead in valid} <= set(ids), "a valid lead was lost"
    assert len(ids) == len(set(ids))
    # Every record that did not become a lead is named in a log line.
    assert len(leads) + skipped <= len(items)
    warnings = [r.getMessage() for r in logs if r.levelno >= logging.WARNING]
    skipped_lines = [m for m in warnings if m.startswith("record #")]
    assert len(skipped_lines) == skipped
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "leads.sqlite3")
        try:
            result = LeadWriter(db).upsert("main", leads)
            assert result.new == len(leads)
            stored = {str(r[0]) for r in db.conn.execute("SELECT query_id FROM leads")}
            assert stored == set(ids)
            # Stored text is valid UTF-8 and JSON, whatever came in.
            for (raw,) in db.conn.execute("SELECT raw_json FROM leads"):
                json.loads(raw)
            assert db.integrity_ok()
        finally:
            db.close()


@settings(max_examples=300, deadline=None)
@given(status=st.sampled_from([200, 204, 400, 401, 429, 500, 502]), body=st.binary(max_size=400))
def test_any_bytes_classify_to_an_answer(status: int, body: bytes) -> None:
    for classify in (classify_v1, classify_v2):
        result = classify(status, body)
        assert isinstance(result.outcome, Outcome)
        assert len(result.message) <= MESSAGE_LIMIT
        assert "\x00" not in result.message
        result.message.encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(value=json_values, code=st.sampled_from([200, 204, 401, 429, "200", None]))
def test_any_json_classifies_to_an_answer(value: Any, code: object) -> None:
    for data in (value, {"CODE": code, "MESSAGE": value, "RESPONSE": value}, [value]):
        body = json.dumps(data).encode("utf-8", "surrogatepass")
        for classify in (classify_v1, classify_v2):
            result = classify(200, body)
            assert isinstance(result.outcome, Outcome)
            result.message.encode("utf-8")
            if result.outcome is Outcome.LEADS:
                normalize_records(result.records, "v2")
                normalize_records(result.records, "v1")


def _engine(folder: Path, url: str) -> tuple[SyncEngine, Database, IndiaMartClient]:
    db = Database.in_folder(folder)
    client = IndiaMartClient(url, Credentials("v2", Secret(SOAK_KEY)))
    config = Config().with_value("endpoint", url).with_value("interval", "1")
    return SyncEngine(db, config, client, FakeClock(NOW)), db, client


def _v2_records(count: int) -> list[dict[str, object]]:
    leads = LeadGenerator(33).leads_between(NOW - timedelta(days=2), NOW - timedelta(hours=1),
                                            count / 1.9)
    return [to_v2_record(lead) for lead in leads]


def test_a_50_mb_body_with_a_huge_lead_keeps_every_lead(tmp_path: Path) -> None:
    """Over real HTTP through the engine: 50 MB in one field, valid leads around it."""
    records = _v2_records(100)
    huge = dict(records[0], UNIQUE_QUERY_ID="99999999", QUERY_MESSAGE="Need bulk " * 5_000_000)
    body = json.dumps({"CODE": 200, "MESSAGE": "", "RESPONSE": [*records[:50], huge,
                                                               *records[50:]]}).encode()
    assert len(body) > 50_000_000
    with BodyServer() as server, captured(logging.INFO) as logs:
        server.body = body
        engine, db, client = _engine(tmp_path, server.url)
        try:
            result = engine.step()
            assert result.outcome is Outcome.LEADS and not result.store_error, result
            stored = {str(r[0]) for r in db.conn.execute("SELECT query_id FROM leads")}
            assert stored == {str(r["UNIQUE_QUERY_ID"]) for r in records} | {"99999999"}
            assert db.integrity_ok()
        finally:
            client.close()
            db.close()
    assert any("IndiaMART answered leads" in r.getMessage() for r in logs)


_UNUSABLE: dict[str, tuple[Callable[[], bytes], str]] = {
    "50 MB of garbage": (lambda: b"<html>" + b"\x00\xff" * 25_000_000, "not JSON"),
    "over 64 MB": (lambda: b"[" + b" " * 68_000_000 + b"]", "larger than 64 MB"),
    "deep nesting": (lambda: b"[" * 200_000 + b"]" * 200_000, "not JSON"),
    "truncated": (lambda: json.dumps({"CODE": 200, "RESPONSE": _v2_records(20)}).encode()[:-40],
                  "not JSON"),
    "numbers for everything": (
        lambda: b'{"CODE": 200, "MESSAGE": 5, "RESPONSE": [1, 2.5, 3]}',
        "RESPONSE holds no records"),
}


@pytest.mark.parametrize("name", list(_UNUSABLE))
def test_an_unusable_body_is_logged_and_keeps_the_frontier(tmp_path: Path, name: str) -> None:
    make, says = _UNUSABLE[name]
    body = make()
    with BodyServer() as server, captured(logging.INFO) as logs:
        server.body = body
        engine, db, client = _engine(tmp_path, server.url)
        try:
            result = engine.step()
            assert result.called and result.outcome is Outcome.MALFORMED, (name, result)
            assert result.state.covered_until is None  # the same window is asked again
            assert db.integrity_ok()
        finally:
            client.close()
            db.close()
    lines = [r.getMessage() for r in logs if r.name.startswith("indiamart_desktop")]
    assert any("malformed" in line and says in line for line in lines), lines


def test_a_record_nested_near_the_recursion_limit_costs_no_other_lead() -> None:
    records = _v2_records(10)
    deep: Any = "bottom"
    for _ in range(900):
        deep = [deep]
    hostile = dict(records[0], UNIQUE_QUERY_ID="77777777", SENDER_NAME=deep)
    body = json.dumps({"CODE": 200, "RESPONSE": [hostile, *records]}).encode()
    with captured() as logs:
        classified = classify_v2(200, body)
        leads, _skipped = normalize_records(classified.records, "v2")
    assert {str(r["UNIQUE_QUERY_ID"]) for r in records} <= {lead.query_id for lead in leads}
    assert any("SENDER_NAME is a list" in r.getMessage() for r in logs)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "leads.sqlite3")
        try:
            assert LeadWriter(db).upsert("main", leads).new == len(leads)
        finally:
            db.close()
