"""Full-text search: every searchable column, the supported syntax, and no text that raises."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from store_helpers import make_lead

from indiamart_desktop.store.db import DB_FILENAME, Database
from indiamart_desktop.store.fts import FtsSearch, fts_search
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort
from indiamart_desktop.store.schema import FTS_COLUMNS, MIGRATIONS, SCHEMA_VERSION

PLAIN = {"query_type": "W", "sender_name": "", "sender_company": "", "product": "",
         "category": "", "message": "", "city": "", "mobile": "", "email": "", "state": ""}


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def _row_id(db: Database, query_id: str) -> int:
    return int(db.conn.execute("SELECT id FROM leads WHERE query_id = ?", (query_id,))
               .fetchone()[0])


def _ids(db: Database, search: str) -> set[str]:
    return {r.query_id for r in LeadQuery(db).page(LeadFilter(search=search), Sort(), 0, 100)}


@pytest.mark.parametrize(("column", "value", "search"), [
    ("sender_name", "Rajesh Kumar", "rajesh"),
    ("sender_company", "Shree Ganesh Polymers", "polymers"),
    ("product", "Galvanised Iron Pipe", "galvanised"),
    ("category", "Plumbing Fittings", "plumbing"),
    ("message", "Need 500 kg urgently<br>Quantity : 6", "urgently"),
    ("city", "Thiruvananthapuram", "thiruvanan"),
    ("mobile", "+91-9812345678", "9812345678"),  # through the phones column
    ("email", "buyer.one@example.in", "buyer.one@example.in"),
    ("notes", "Wants a sample first, call after Diwali", "diwali"),
])
def test_each_searchable_column(db: Database, column: str, value: str, search: str) -> None:
    assert column in FTS_COLUMNS or column == "mobile"
    writer = LeadWriter(db)
    if column == "notes":
        writer.upsert("main", [make_lead(1, **PLAIN), make_lead(2, **PLAIN)])
        writer.set_seller_fields(_row_id(db, "1"), notes=value)
    else:
        writer.upsert("main", [make_lead(1, **{**PLAIN, column: value}), make_lead(2, **PLAIN)])
    assert _ids(db, search) == {"1"}


def test_not_searched_columns(db: Database) -> None:
    LeadWriter(db).upsert("main", [make_lead(1, **{**PLAIN, "state": "Karnataka",
                                                   "address": "Hosur Road"})])
    assert _ids(db, "karnataka") == set()
    assert _ids(db, "hosur") == set()


def test_search_follows_updates(db: Database) -> None:
    writer = LeadWriter(db)
    writer.upsert("main", [make_lead(1, **{**PLAIN, "sender_name": "Old Name"})])
    writer.upsert("main", [make_lead(1, **{**PLAIN, "sender_name": "Fresh Name"})])
    assert _ids(db, "old") == set()
    assert _ids(db, "fresh") == {"1"}


def test_syntax(db: Database) -> None:
    LeadWriter(db).upsert("main", [
        make_lead(1, **{**PLAIN, "message": "red steel pipe"}),
        make_lead(2, **{**PLAIN, "message": "steel red pipe"}),
        make_lead(3, **{**PLAIN, "message": "blue pipe", "city": "Café Town"}),
    ])
    assert _ids(db, "pipe") == {"1", "2", "3"}
    assert _ids(db, "ste") == {"1", "2"}  # prefix
    assert _ids(db, '"red steel"') == {"1"}  # phrase
    assert _ids(db, "red steel") == {"1", "2"}  # all words
    assert _ids(db, "pipe -red") == {"3"}  # exclusion
    assert _ids(db, 'pipe -"steel red"') == {"1", "3"}
    assert _ids(db, "cafe") == {"3"}  # diacritics folded
    assert _ids(db, "red OR blue") == set()  # OR is a word, not an operator
    assert _ids(db, "-red") == {"3"}  # exclusions only: the leads without them
    assert _ids(db, "-red -blue") == set()
    assert _ids(db, '-"red steel"') == {"2", "3"}
    assert LeadQuery(db).count(LeadFilter(search="-red")) == 1
    assert LeadQuery(db).count(LeadFilter(search="-red", city="Café Town")) == 1
    assert _ids(db, "***") == {"1", "2", "3"}


NASTY = ['"', '""', '"unbalanced', "a\"b", "*", "a*b", "AND", "OR", "NOT", "NEAR",
         "NEAR(a b, 2)", "a AND", "OR b", "-", "--", "- -x", "(", ")", "(a", "a)", "()",
         "col:val", "sender_name:x", ":", "^", "^a", "a^b", "{a b}:c", "+", "a + b", "'",
         "\\", "%", "_", "a_b", "\x00", "\u0301", "²", "٣", "ǅ", "\u200b", "🙂", "x" * 500,
         'NEAR("a" "b")', "* OR *", "-\"\"", "\"-\"", "a - b", "\t\n", "...", "@", "#"]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_never_raises(db: Database, text: str) -> None:
    LeadWriter(db).upsert("main", [make_lead(1, message="a b c")])
    query = LeadQuery(db)
    query.count(LeadFilter(search=text))
    query.page(LeadFilter(search=text), Sort(), 0, 10)


@given(text=st.text(max_size=60) | st.lists(
    st.sampled_from(['"', "*", "AND", "OR", "NOT", "NEAR", "-", "(", ")", ":", "^", "+",
                     "a", "pipe", "_", " ", "{", "}", "NEAR(", ",", "'"]), max_size=12)
    .map("".join))
@example(text='"a" OR "b" NEAR ^c:(d*')
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_search_never_raises(db: Database, text: str) -> None:
    if not LeadQuery(db).total():
        LeadWriter(db).upsert("main", [make_lead(1, message="a pipe b"),
                                       make_lead(2, sender_name="NEAR and OR")])
    assert isinstance(fts_search(text), FtsSearch)
    query = LeadQuery(db)
    count = query.count(LeadFilter(search=text))
    assert 0 <= count <= 2
    assert len(query.page(LeadFilter(search=text), Sort(), 0, 10)) == count


def test_notes_search_follows_every_change(db: Database) -> None:
    writer = LeadWriter(db)
    writer.upsert("main", [make_lead(1, **PLAIN), make_lead(2, **PLAIN)])
    lead_id = _row_id(db, "1")
    writer.set_seller_fields(lead_id, notes="sample sent by courier")
    assert _ids(db, "courier") == {"1"}
    writer.set_seller_fields(lead_id, notes="paid in advance")
    assert _ids(db, "courier") == set()
    assert _ids(db, "advance") == {"1"}
    writer.upsert("main", [make_lead(1, **{**PLAIN, "message": "again"})])  # IndiaMART update
    assert _ids(db, "advance") == {"1"}
    writer.set_seller_fields(lead_id, notes="")
    assert _ids(db, "advance") == set()
    assert db.conn.execute(
        "INSERT INTO leads_fts (leads_fts, rank) VALUES ('integrity-check', 1)"
    ).fetchall() == []


@pytest.mark.parametrize("search", [
    "9170930180", "09170930180", "91709 30180", "+91 91709 30180", "+91-9170930180",
    "+919170930180", "919170930180", "0091 9170930180", "917-093-0180", "(917) 093 0180",
    "91709", "+91 91709", "0091-91709", "Asha 091709 30180",
])
def test_a_phone_matches_however_it_is_written(db: Database, search: str) -> None:
    LeadWriter(db).upsert("main", [
        make_lead(1, **{**PLAIN, "mobile": "+91-9170930180", "sender_name": "Asha"}),
        make_lead(2, **{**PLAIN, "mobile": "+91-9812345678", "sender_name": "Asha"}),
    ])
    assert _ids(db, search) == {"1"}
    assert LeadQuery(db).count(LeadFilter(search=search)) == 1


@pytest.mark.parametrize(("field", "value", "search"), [
    ("mobile_alt", "+91-9123456780", "09123 456780"),
    ("phone", "+91-120-2222222", "0120 2222222"),
    ("phone", "+91-120-2222222", "(0120) 222-2222"),
    ("phone_alt", "+27-611234567", "+27 61 123 4567"),
    ("phone_alt", "22222222", "2222 2222"),
])
def test_every_phone_of_a_lead_is_searchable(
    db: Database, field: str, value: str, search: str
) -> None:
    LeadWriter(db).upsert("main", [make_lead(1, **{**PLAIN, field: value}),
                                   make_lead(2, **PLAIN)])
    assert _ids(db, search) == {"1"}


def test_numbers_that_are_not_phones_still_match_as_words(db: Database) -> None:
    LeadWriter(db).upsert("main", [
        make_lead(1, **{**PLAIN, "message": "need 500 1000 pieces"}),
        make_lead(2, **{**PLAIN, "mobile": "+91-9170930180"}),
    ])
    assert _ids(db, "500 1000") == {"1"}
    assert _ids(db, "-09170930180") == {"1"}


def test_devanagari_words_keep_their_vowel_signs(db: Database) -> None:
    LeadWriter(db).upsert("main", [
        make_lead(1, **{**PLAIN, "message": "हिंदी में जानकारी चाहिए"}),
        make_lead(2, **{**PLAIN, "message": "हा दवा"}),
        make_lead(3, **{**PLAIN, "message": "தமிழ் பால் வேண்டும்", "city": "चेन्नई"}),
    ])
    assert _ids(db, "हिंदी") == {"1"}
    assert _ids(db, '"हिंदी"') == {"1"}
    assert _ids(db, "जानका") == {"1"}  # still a prefix search
    assert _ids(db, "-हिंदी") == {"2", "3"}
    assert _ids(db, "दवा") == {"2"}
    assert _ids(db, "पाल") == set()
    assert _ids(db, "பால்") == {"3"}
    assert _ids(db, "चेन्नई") == {"3"}


@pytest.mark.parametrize(("text", "match", "exclude"), [
    ("हिंदी", '"हिंदी"*', ""),
    ("-Paver", "", '"Paver"*'),
    ("-a -b", "", '"a"* OR "b"*'),
    ("pipe -red", '"pipe"* NOT "red"*', ""),
    ("91709 30180", '(phones : "9170930180"* OR ("91709"* AND "30180"*))', ""),
    ("***", "", ""),
])
def test_search_expressions(text: str, match: str, exclude: str) -> None:
    assert fts_search(text) == FtsSearch(match=match, exclude=exclude)


def _schema_1_database(path: Path, leads: int) -> None:
    raw = sqlite3.connect(path)
    raw.executescript(MIGRATIONS[0])
    raw.execute("PRAGMA user_version = 1")
    raw.executemany(
        "INSERT INTO leads (account, query_id, query_type, received_ts, api_version, "
        "sender_name, mobile, message, notes, raw_json, first_seen_ts, updated_ts) "
        "VALUES ('main', ?, 'W', ?, 'v2', ?, ?, ?, ?, '{}', 0, 0)",
        [(str(n), 1_700_000_000 + n, f"Buyer {n}", f"+91-91709{n:05d}",
          "हिंदी में जानकारी" if n % 2 else "हा दवा", f"note {n}") for n in range(leads)],
    )
    raw.commit()
    raw.close()


def test_upgrading_rebuilds_the_index_and_loses_nothing(tmp_data_dir: Path) -> None:
    path = tmp_data_dir / DB_FILENAME
    _schema_1_database(path, 300)
    before = sqlite3.connect(path)
    rows_before = before.execute("SELECT * FROM leads ORDER BY id").fetchall()
    before.close()
    database = Database(path)
    try:
        conn = database.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows_after = conn.execute("SELECT * FROM leads ORDER BY id").fetchall()
        # Later schemas add columns (schema 3: the desk's derived fields) after the old ones.
        assert [tuple(row)[:len(rows_before[0])] for row in rows_after] == rows_before
        assert conn.execute("SELECT COUNT(*) FROM leads_fts").fetchone()[0] == 300
        conn.execute("INSERT INTO leads_fts (leads_fts, rank) VALUES ('integrity-check', 1)")
        assert _ids(database, "091709 00007") == {"7"}
        assert _ids(database, '"note 12"') == {"12"}
        query = LeadQuery(database)
        assert query.count(LeadFilter(search="हिंदी")) == 150
        assert query.count(LeadFilter(search="buyer")) == 300
        LeadWriter(database).set_seller_fields(_row_id(database, "12"), notes="changed")
        assert _ids(database, "changed") == {"12"}
    finally:
        database.close()
