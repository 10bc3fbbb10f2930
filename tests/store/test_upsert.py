"""Upsert: new versus updated, unique per account, the seller's own fields kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from store_helpers import make_lead

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.normalize import RecordStream
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.leads import BATCH, LeadStatus, LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def _row(db: Database, query_id: str, account: str = "main") -> dict[str, object]:
    row = db.conn.execute("SELECT * FROM leads WHERE account = ? AND query_id = ?",
                          (account, query_id)).fetchone()
    return dict(row)


def test_new_then_unchanged_then_updated(db: Database) -> None:
    writer = LeadWriter(db)
    first = writer.upsert("main", [make_lead(1), make_lead(2, 5)])
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    ids = {int(r[0]) for r in db.conn.execute("SELECT id FROM leads")}
    assert set(first.new_ids) == ids

    again = writer.upsert("main", [make_lead(1), make_lead(2, 5)])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)

    changed = writer.upsert("main", [make_lead(1, sender_name="Asha Traders"), make_lead(3, 9)])
    assert (changed.new, changed.updated, changed.unchanged) == (1, 1, 0)
    assert _row(db, "1")["sender_name"] == "Asha Traders"
    assert db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 3


def test_unique_per_account_and_query_id(db: Database) -> None:
    writer = LeadWriter(db)
    assert writer.upsert("main", [make_lead(7), make_lead(7, sender_name="dup")]).new == 1
    assert writer.upsert("other", [make_lead(7)]).new == 1
    assert db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 2
    with pytest.raises(Exception, match="UNIQUE"), db.transaction() as conn:
        conn.execute("INSERT INTO leads (account, query_id, query_type, received_ts, "
                     "api_version, raw_json, first_seen_ts, updated_ts) "
                     "VALUES ('main', '7', 'W', 0, 'v2', '{}', 0, 0)")


def test_upsert_never_overwrites_seller_fields(db: Database) -> None:
    writer = LeadWriter(db)
    writer.upsert("main", [make_lead(1)])
    lead_id = int(_row(db, "1")["id"])  # type: ignore[call-overload]
    writer.set_seller_fields(lead_id, status=LeadStatus.QUOTED, notes="call after 5",
                             follow_up=date(2024, 3, 9), starred=True, read=True)
    before = _row(db, "1")
    result = writer.upsert("main", [make_lead(1, sender_name="Renamed", city="Nashik",
                                              message="new text")])
    assert result.updated == 1
    after = _row(db, "1")
    assert after["sender_name"] == "Renamed" and after["city"] == "Nashik"
    for name in ("status", "notes", "follow_up", "starred", "is_read", "first_seen_ts", "id"):
        assert after[name] == before[name], name
    assert (after["status"], after["notes"], after["follow_up"], after["starred"],
            after["is_read"]) == ("quoted", "call after 5", "2024-03-09", 1, 1)


def test_seller_fields_set_and_clear(db: Database) -> None:
    writer = LeadWriter(db)
    writer.upsert("main", [make_lead(1)])
    lead_id = int(_row(db, "1")["id"])  # type: ignore[call-overload]
    fresh = _row(db, "1")
    assert (fresh["status"], fresh["notes"], fresh["follow_up"], fresh["starred"],
            fresh["is_read"]) == ("new", "", None, 0, 0)
    writer.set_seller_fields(lead_id, follow_up=date(2024, 1, 2), starred=True)
    writer.set_seller_fields(lead_id, notes="x")  # follow_up untouched when not given
    assert _row(db, "1")["follow_up"] == "2024-01-02"
    writer.set_seller_fields(lead_id, follow_up=None, starred=False)
    row = _row(db, "1")
    assert (row["follow_up"], row["starred"], row["notes"]) == (None, 0, "x")
    stored = LeadQuery(db).get(lead_id)
    assert stored is not None and stored.follow_up_date is None


def test_raw_record_kept(db: Database) -> None:
    raw = {"UNIQUE_QUERY_ID": "55", "QUERY_MESSAGE": "Quantity : 6<br>Hindi: नमस्ते",
           "EXTRA_FIELD": None, "NESTED": {"a": [1, 2]}}
    LeadWriter(db).upsert("main", [make_lead(55, raw=raw)])
    stored = json.loads(str(_row(db, "55")["raw_json"]))
    assert stored == raw


def test_received_time_and_numbers_round_trip(db: Database) -> None:
    lead = make_lead(9, 125, quantity=6.5, order_value_min=3000, order_value_max=10000,
                     call_duration=105)
    LeadWriter(db).upsert("main", [lead])
    stored = LeadQuery(db).page(LeadFilter(), Sort(), 0, 10)[0]
    assert stored.received_at == lead.received_at
    assert (stored.quantity, stored.order_value_min, stored.order_value_max,
            stored.call_duration) == (6.5, 3000, 10000, 105)


def test_empty_upsert_is_a_no_op(db: Database) -> None:
    result = LeadWriter(db).upsert("main", [])
    assert (result.new, result.updated, result.unchanged) == (0, 0, 0)


def test_large_batch_over_chunk_size(db: Database) -> None:
    writer = LeadWriter(db)
    leads = [make_lead(1000 + i, i) for i in range(1234)]
    assert writer.upsert("main", leads).new == 1234
    result = writer.upsert("main", leads[::-1])
    assert (result.new, result.unchanged) == (0, 1234)
    # FTS rows follow the table.
    assert db.conn.execute("SELECT COUNT(*) FROM leads_fts").fetchone()[0] == 1234


# ---- one answer, stored a batch at a time, all or nothing (issue 9, item 8) -----------

def _lead(number: int, **fields: object) -> Lead:
    """A lead of its own buyer (one buyer with thousands of leads is another test's job)."""
    return make_lead(number, mobile=f"+91-9{number:09d}", **fields)


def _count(db: Database, table: str = "leads") -> int:
    return int(db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_a_failure_while_reading_a_late_batch_stores_nothing(db: Database) -> None:
    writer = LeadWriter(db)
    writer.upsert("main", [_lead(1)])
    total = 3 * BATCH + 10

    def leads() -> Iterator[Lead]:
        yield _lead(1, sender_name="Changed in the first batch")
        for number in range(2, total):
            yield _lead(number)
        raise RuntimeError("the answer could not be read to its end")

    with pytest.raises(RuntimeError, match="to its end"):
        writer.upsert("main", leads())
    assert _count(db) == 1 and _count(db, "leads_fts") == 1
    assert _row(db, "1")["sender_name"] == "Buyer 1"


def test_a_database_failure_in_a_late_batch_stores_nothing(db: Database) -> None:
    poisoned = str(3 * BATCH + 5)
    db.conn.execute(f"CREATE TRIGGER poison BEFORE INSERT ON leads WHEN new.query_id = "
                    f"'{poisoned}' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END")
    writer = LeadWriter(db)
    with pytest.raises(StoreError, match="poisoned row"):
        writer.upsert("main", (_lead(number) for number in range(1, 4 * BATCH)))
    assert _count(db) == 0 and _count(db, "leads_fts") == 0
    db.conn.execute("DROP TRIGGER poison")
    assert writer.upsert("main", (_lead(n) for n in range(1, 4 * BATCH))).new == \
        4 * BATCH - 1


def test_leads_are_written_as_they_are_read_not_all_at_once(db: Database) -> None:
    """The first rows go to SQLite before the rest of the answer is read: only a batch of
    leads (and their rows) is held at a time."""
    read = [0]
    read_at_insert: list[int] = []

    def trace(statement: str) -> None:
        if statement.startswith("INSERT INTO leads "):
            read_at_insert.append(read[0])

    def leads() -> Iterator[Lead]:
        for number in range(5 * BATCH):
            read[0] += 1
            yield _lead(number)

    db.conn.set_trace_callback(trace)
    try:
        result = LeadWriter(db).upsert("main", leads())
    finally:
        db.conn.set_trace_callback(None)
    assert result.new == 5 * BATCH and len(set(result.new_ids)) == 5 * BATCH
    assert read_at_insert and read_at_insert[0] <= BATCH
    assert max(read_at_insert) == 5 * BATCH


def test_a_query_id_twice_in_one_call_is_kept_once_across_batches(db: Database) -> None:
    leads = [_lead(7, sender_name="first"), *(_lead(n) for n in range(100, 100 +
             BATCH)), _lead(7, sender_name="second")]
    result = LeadWriter(db).upsert("main", leads)
    assert (result.new, result.updated, result.unchanged) == (BATCH + 1, 0, 0)
    assert _row(db, "7")["sender_name"] == "first"


def test_the_record_stream_lets_go_of_each_raw_record() -> None:
    records: list[object] = [
        {"UNIQUE_QUERY_ID": str(n), "QUERY_TIME": "2025-01-15 10:00:00"} for n in range(10)]
    records[3] = "not a record"
    stream = RecordStream(records, "v2")
    iterator = iter(stream)
    firsts = [next(iterator) for _ in range(5)]
    assert [lead.query_id for lead in firsts] == ["0", "1", "2", "4", "5"]
    assert records[:6] == [None] * 6 and records[6] is not None
    assert [lead.query_id for lead in iterator] == ["6", "7", "8", "9"]
    assert stream.skipped == 1 and records == []
