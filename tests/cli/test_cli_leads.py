"""``leads list|set|show`` through the real CLI (a subprocess) on a real database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Cli

from indiamart_desktop.indiamart.normalize import normalize_v2
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter

BASE = datetime(2026, 9, 12, 9, 0, tzinfo=IST)


def _record(query_id: str, minutes: int, **fields: str) -> dict[str, Any]:
    return {"UNIQUE_QUERY_ID": query_id, "QUERY_TYPE": "W",
            "QUERY_TIME": (BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S"),
            "SENDER_NAME": f"Buyer {query_id}", "SENDER_COMPANY": "Das Traders",
            "SENDER_MOBILE": f"98765{int(query_id):05d}", "QUERY_PRODUCT_NAME": "Steel Pipes",
            **fields}


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    runner = Cli(tmp_path)
    db = Database.in_folder(runner.data_dir)
    try:
        LeadWriter(db).upsert("main", [normalize_v2(r) for r in (
            _record("101", 0, SENDER_NAME="Vinod Das", SENDER_EMAIL="vinod@example.com"),
            _record("102", 10, QUERY_TYPE="B"),
            _record("103", 20, QUERY_TYPE="P", CALL_DURATION="0"),
            _record("104", 30, SENDER_MOBILE="+91 98765 00101"),
        )])
    finally:
        db.close()
    return runner


def _list(cli: Cli, *args: str) -> list[dict[str, Any]]:
    run = cli.run("leads", "list", "--json", *args)
    assert run.code == 0, run
    value = json.loads(run.stdout)
    assert isinstance(value, list)
    return value


def test_list_views_as_json(cli: Cli) -> None:
    everything = _list(cli)
    assert [lead["query_id"] for lead in everything] == ["104", "103", "102", "101"]
    first = everything[-1]
    assert {k: first[k] for k in ("query_id", "type", "received_at", "name", "company",
                                  "mobile", "email", "product", "status", "follow_up_at",
                                  "first_contact_at", "buyer_leads")} == {
        "query_id": "101", "type": "W", "received_at": "2026-09-12T09:00:00+05:30",
        "name": "Vinod Das", "company": "Das Traders", "mobile": "+91-9876500101",
        "email": "vinod@example.com", "product": "Steel Pipes", "status": "new",
        "follow_up_at": None, "first_contact_at": None, "buyer_leads": 2}
    assert [x["query_id"] for x in _list(cli, "--view", "needs-reply")] == ["102", "101", "104"]
    assert [x["query_id"] for x in _list(cli, "--view", "missed-calls")] == ["103"]
    assert [x["query_id"] for x in _list(cli, "--view", "repeat-buyers")] == ["104", "101"]
    assert [x["query_id"] for x in _list(cli, "--view", "needs-reply", "--type", "B")] == ["102"]
    assert _list(cli, "--view", "follow-ups") == []
    assert _list(cli, "--view", "starred") == []
    text = cli.run("leads", "list", "--view", "missed-calls")
    assert text.code == 0 and text.stdout.splitlines()[0].startswith("103\t12-09-2026 09:20\tP")


def test_set_records_on_the_timeline_and_show_returns_it(cli: Cli) -> None:
    run = cli.run("leads", "set", "101", "--contacted", "whatsapp", "--status", "quoted",
                  "--note", "Sent price list", "--follow-up", "2026-09-14T15:30")
    assert run.code == 0, run
    shown = cli.run("leads", "show", "101", "--json")
    assert shown.code == 0, shown
    lead = json.loads(shown.stdout)
    assert (lead["status"], lead["notes"], lead["follow_up_at"]) == (
        "quoted", "Sent price list", "2026-09-14T15:30:00+05:30")
    assert lead["first_contact_at"] is not None
    assert [(e["kind"], e["channel"], e["outcome"], e["text"], e["due_at"])
            for e in lead["timeline"]] == [
        ("contact", "whatsapp", "reached", "", None), ("status", "", "quoted", "", None),
        ("note", "", "added", "Sent price list", None),
        ("follow_up_set", "", "", "", "2026-09-14T15:30:00+05:30")]
    assert all(e["at"].endswith("+05:30") for e in lead["timeline"])
    assert [x["query_id"] for x in _list(cli, "--view", "needs-reply")] == ["102", "104"]
    assert [x["query_id"] for x in _list(cli, "--view", "follow-ups")] == ["101"]
    assert cli.run("leads", "set", "101", "--follow-up", "none").code == 0
    assert _list(cli, "--view", "follow-ups") == []
    later = json.loads(cli.run("leads", "show", "104", "--json").stdout)
    assert [e["query_id"] for e in later["earlier_enquiries"]] == ["101"]
    assert cli.run("leads", "set", "102", "--status", "lost", "--lost-reason", "price").code == 0
    assert cli.rows("SELECT status, lost_reason FROM leads WHERE query_id = '102'") == [
        ("lost", "price")]


@pytest.mark.parametrize("args", [
    ("leads", "set", "999", "--status", "won"),
    ("leads", "set", "101", "--status", "hot"),
    ("leads", "set", "101", "--follow-up", "tomorrow"),
    ("leads", "set", "101", "--follow-up", "2026-02-30"),
    ("leads", "set", "101", "--follow-up", "9999-01-01T10:00"),
    ("leads", "set", "101", "--contacted", "fax"),
    ("leads", "set", "101", "--status", "lost", "--lost-reason", "weather"),
    ("leads", "set", "101"),
    ("leads", "show", "999", "--json"),
    ("leads", "list", "--view", "hot"),
    ("leads", "list", "--status", "hot"),
    ("leads", "list", "--from", "2026-13-01"),
])
def test_bad_input_is_one_line_and_exit_1(cli: Cli, args: tuple[str, ...]) -> None:
    run = cli.run(*args)
    run.assert_clean_failure()
    assert run.code == 1
    assert cli.rows("SELECT COUNT(*) FROM events") == [(0,)]
