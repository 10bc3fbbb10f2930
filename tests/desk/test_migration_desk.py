"""Schema 3 on a schema-2 database: old notes and follow-ups become the timeline's first
events, buyers are counted, nothing is lost."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desk_helpers import at

from indiamart_desktop.desk.timeline import events, morning_of
from indiamart_desktop.store.db import DB_FILENAME, Database
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort
from indiamart_desktop.store.schema import MIGRATIONS, SCHEMA_VERSION

_COLUMNS = ("account, query_id, query_type, received_ts, api_version, sender_name, mobile, "
            "mobile_alt, email, call_duration, raw_json, first_seen_ts, updated_ts, status, "
            "notes, follow_up")
_OLD = [
    # query id, type, mobile, alt, email, duration, status, notes, follow_up
    ("1", "W", "+91-9876543210", "", "", None, "new", "Wants 2 inch pipes", "2026-09-14"),
    ("2", "B", "+91-9876543210", "", "", None, "contacted", "", None),
    ("3", "P", "+91-9000000003", "", "", 40, "new", "", None),
    ("4", "P", "+91-9000000004", "", "", 0, "new", "", ""),
    ("5", "W", "", "", "Ram@Example.com", None, "won", "पाइप चाहिए\nline two", "not a day"),
    ("6", "W", "", "+91-9876543210", "ram@example.com", None, "lost", "", "2026-09-20"),
]


def _schema_2_database(path: Path) -> list[tuple[object, ...]]:
    raw = sqlite3.connect(path)
    for version in (0, 1):
        raw.executescript(MIGRATIONS[version])
    raw.execute("PRAGMA user_version = 2")
    raw.executemany(
        f"INSERT INTO leads ({_COLUMNS}) VALUES "
        "('main', ?, ?, ?, 'v2', 'Buyer', ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
        [(qid, kind, int(at(n * 10)), mobile, alt, email, duration, int(at(n * 10 + 1)),
          int(at(n * 10 + 5)), status, notes, follow_up)
         for n, (qid, kind, mobile, alt, email, duration, status, notes, follow_up)
         in enumerate(_OLD)])
    raw.commit()
    rows = [tuple(r) for r in raw.execute("SELECT * FROM leads ORDER BY id")]
    raw.close()
    return rows


def test_old_notes_and_follow_ups_become_the_timeline(tmp_data_dir: Path) -> None:
    path = tmp_data_dir / DB_FILENAME
    before = _schema_2_database(path)
    db = Database(path)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        after = [tuple(r) for r in db.conn.execute("SELECT * FROM leads ORDER BY id")]
        width = len(before[0])
        # Every old value is still there (an empty follow-up text reads as none).
        expected = [tuple(None if (i == width - 3 and v == "") else v
                          for i, v in enumerate(row)) for row in before]
        assert [row[:width] for row in after] == expected
        query = LeadQuery(db)
        leads = {lead.query_id: lead for lead in query.page(LeadFilter(), Sort(), 0, 10)}
        one = events(db, leads["1"].id)
        assert [(e.kind, e.text, e.due_ts, e.ts) for e in one] == [
            ("note", "Wants 2 inch pipes", None, int(at(5))),
            ("follow_up_set", "", morning_of(date(2026, 9, 14)), int(at(5)))]
        assert leads["1"].follow_up_ts == morning_of(date(2026, 9, 14))
        assert [e.text for e in events(db, leads["5"].id)] == ["पाइप चाहिए\nline two"]
        assert leads["5"].follow_up_ts is None and leads["5"].follow_up == "not a day"
        assert events(db, leads["2"].id) == []
        # First contacts: the answered call, and leads the seller had moved on.
        assert {q: lead.first_contact_ts is not None for q, lead in leads.items()} == {
            "1": False, "2": True, "3": True, "4": False, "5": True, "6": False}
        assert leads["3"].first_contact_ts == int(at(20))
        # Buyers: 1, 2 and 6 share the number (6 as its alternate), 5 and 6 the e-mail.
        assert {q: lead.buyer_leads for q, lead in leads.items()} == {
            "1": 3, "2": 3, "3": 1, "4": 1, "5": 2, "6": 4}
        assert query.count(LeadFilter(search="पाइप")) == 1
        assert query.count(LeadFilter(search="inch")) == 1
    finally:
        db.close()
