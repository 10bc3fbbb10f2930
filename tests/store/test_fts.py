"""Full-text search: every searchable column, the supported syntax, and no text that raises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from store_helpers import make_lead

from indiamart_desktop.store.db import Database
from indiamart_desktop.store.fts import fts_expression
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort
from indiamart_desktop.store.schema import FTS_COLUMNS

PLAIN = {"query_type": "W", "sender_name": "", "sender_company": "", "product": "",
         "category": "", "message": "", "city": "", "mobile": "", "email": "", "state": ""}


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def _ids(db: Database, search: str) -> set[str]:
    return {r.query_id for r in LeadQuery(db).page(LeadFilter(search=search), Sort(), 0, 100)}


@pytest.mark.parametrize(("column", "value", "search"), [
    ("sender_name", "Rajesh Kumar", "rajesh"),
    ("sender_company", "Shree Ganesh Polymers", "polymers"),
    ("product", "Galvanised Iron Pipe", "galvanised"),
    ("category", "Plumbing Fittings", "plumbing"),
    ("message", "Need 500 kg urgently<br>Quantity : 6", "urgently"),
    ("city", "Thiruvananthapuram", "thiruvanan"),
    ("mobile", "+91-9812345678", "9812345678"),
    ("email", "buyer.one@example.in", "buyer.one@example.in"),
])
def test_each_searchable_column(db: Database, column: str, value: str, search: str) -> None:
    assert column in FTS_COLUMNS
    LeadWriter(db).upsert("main", [make_lead(1, **{**PLAIN, column: value}),
                                   make_lead(2, **PLAIN)])
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
    assert _ids(db, "-red") == {"1", "2", "3"}  # nothing to include: no restriction
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
    expression = fts_expression(text)
    assert isinstance(expression, str)
    query = LeadQuery(db)
    count = query.count(LeadFilter(search=text))
    assert 0 <= count <= 2
    assert len(query.page(LeadFilter(search=text), Sort(), 0, 10)) == count
