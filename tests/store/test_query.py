"""LeadQuery: every filter, every sort key, counts, pages, and safe user text."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import BASE, make_lead

from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus, LeadWriter
from indiamart_desktop.store.query import SORT_COLUMNS, LeadFilter, LeadQuery, Sort, StoredLead
from indiamart_desktop.store.schema import STATUS_ORDER

CITIES = [("Pune", "Maharashtra"), ("Mumbai", "Maharashtra"), ("Surat", "Gujarat"),
          ("Ahmedabad", "Gujarat"), ("Chennai", "Tamil Nadu"), ("", "")]
PRODUCTS = [("Steel pipe", "Pipes & Tubes"), ("Cotton yarn", "Yarn"),
            ("100% Cotton_Fabric", "Fabrics"), ("LED bulb", "Lighting"), ("", "")]
TYPES = ["W", "B", "P", "BIZ", "WA"]
NAMES = ["asha", "Bharat", "chitra", "Dev", "", "Éva", "zubin", "Ishaan"]


def _dataset(count: int = 120, seed: int = 3) -> list:
    rnd = random.Random(seed)
    leads = []
    for i in range(count):
        city, state = rnd.choice(CITIES)
        product, category = rnd.choice(PRODUCTS)
        leads.append(make_lead(
            2_000_000 + i, minutes=rnd.randrange(0, 60 * 24 * 30),
            query_type=rnd.choice(TYPES), sender_name=rnd.choice(NAMES),
            sender_company=rnd.choice(["Acme Pvt Ltd", "Shree Traders", ""]),
            mobile=f"+91-98{rnd.randrange(10**8):08d}",
            email=rnd.choice(["", f"buyer{i}@example.in"]),
            city=city, state=state, product=product, category=category,
            message=rnd.choice(["Need 50 pcs urgently", "Quantity : 6<br>Unit : piece",
                                "Please send price list", ""]),
            quantity=rnd.choice([None, 1.0, 6.0, 250.0]),
            order_value_max=rnd.choice([None, 3000, 10000, 50000]),
        ))
    return leads


@pytest.fixture(scope="module")
def populated(
        tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Database, list[StoredLead]]]:
    db = Database.in_folder(tmp_path_factory.mktemp("query"))
    writer = LeadWriter(db)
    writer.upsert("main", _dataset())
    writer.upsert("other", _dataset(10, seed=9))
    rnd = random.Random(5)
    query = LeadQuery(db)
    for lead in query.iterate(LeadFilter(), Sort()):
        writer.set_seller_fields(
            lead.id, status=rnd.choice(list(LeadStatus)), starred=rnd.random() < 0.3,
            read=rnd.random() < 0.5,
            follow_up=rnd.choice([None, date(2024, 3, 5), date(2024, 4, 1)]),
        )
    every = list(query.iterate(LeadFilter(), Sort()))
    yield db, every
    db.close()


def _check(db: Database, every: list[StoredLead], flt: LeadFilter,
           expect: Callable[[StoredLead], bool]) -> None:
    query = LeadQuery(db)
    wanted = {lead.id for lead in every if expect(lead)}
    got = {lead.id for lead in query.page(flt, Sort(), 0, 10_000)}
    assert got == wanted
    assert query.count(flt) == len(wanted)
    assert 0 < len(wanted) < len(every), "the filter case must select a proper subset"


FILTER_CASES: list[tuple[str, LeadFilter, Callable[[StoredLead], bool]]] = [
    ("from", LeadFilter(received_from=BASE + timedelta(days=10)),
     lambda r: r.received_at >= BASE + timedelta(days=10)),
    ("range", LeadFilter(received_from=BASE + timedelta(days=3),
                         received_to=BASE + timedelta(days=9)),
     lambda r: BASE + timedelta(days=3) <= r.received_at < BASE + timedelta(days=9)),
    ("types", LeadFilter(types=frozenset({"B", "P"})), lambda r: r.query_type in {"B", "P"}),
    ("state", LeadFilter(state="gujarat"), lambda r: r.state == "Gujarat"),
    ("city", LeadFilter(city="PUNE"), lambda r: r.city == "Pune"),
    ("product", LeadFilter(product="cotton"),
     lambda r: "cotton" in r.product.lower() or "cotton" in r.category.lower()),
    ("category", LeadFilter(product="tubes"), lambda r: "tubes" in r.category.lower()),
    ("status", LeadFilter(statuses=frozenset({"won", "lost"})),
     lambda r: r.status in {"won", "lost"}),
    ("starred", LeadFilter(starred_only=True), lambda r: r.starred == 1),
    ("unread", LeadFilter(unread_only=True), lambda r: r.is_read == 0),
    ("account", LeadFilter(account="other"), lambda r: r.account == "other"),
    ("search", LeadFilter(search="urgently"), lambda r: "urgently" in r.message),
    ("combined", LeadFilter(types=frozenset({"W", "B"}), state="Maharashtra",
                            unread_only=True, received_from=BASE + timedelta(days=2)),
     lambda r: r.query_type in {"W", "B"} and r.state == "Maharashtra" and r.is_read == 0
     and r.received_at >= BASE + timedelta(days=2)),
]


@pytest.mark.parametrize(("name", "flt", "expect"), FILTER_CASES, ids=[c[0] for c in FILTER_CASES])
def test_filters(populated: tuple[Database, list[StoredLead]], name: str, flt: LeadFilter,
                 expect: Callable[[StoredLead], bool]) -> None:
    db, every = populated
    _check(db, every, flt, expect)


def test_mobile_filter(populated: tuple[Database, list[StoredLead]]) -> None:
    db, every = populated
    target = every[7].mobile
    _check(db, every, LeadFilter(mobile=target), lambda r: r.mobile == target)


_TEXT_KEYS = ("name", "company", "mobile", "email", "city", "state", "product", "category")
_WORKFLOW = [status.value for status in LeadStatus]


def _python_value(column: str, lead: StoredLead) -> object:
    value = {
        "received": lead.received_ts, "type": lead.query_type, "name": lead.sender_name,
        "company": lead.sender_company, "mobile": lead.mobile, "email": lead.email,
        "city": lead.city, "state": lead.state, "product": lead.product,
        "category": lead.category, "quantity": lead.quantity,
        "order_value": lead.order_value_max, "status": lead.status,
        "follow_up": lead.follow_up, "query_id": lead.query_id,
    }[column]
    if column == "status":
        return _WORKFLOW.index(lead.status)
    if isinstance(value, str) and column in _TEXT_KEYS and column != "mobile":
        # SQLite NOCASE folds ASCII only.
        value = value.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                              "abcdefghijklmnopqrstuvwxyz"))
    return value


def _expected_order(every: list[StoredLead], column: str, descending: bool) -> list[int]:
    """Leads with a value in order, then the blank ones (``''`` or NULL) in either direction."""
    def blank(lead: StoredLead) -> bool:
        return _python_value(column, lead) in ("", None)

    filled = [lead for lead in every if not blank(lead)]
    empty = [lead for lead in every if blank(lead)]
    filled.sort(key=lambda r: (_python_value(column, r), r.id), reverse=descending)
    empty.sort(key=lambda r: r.id, reverse=descending)
    return [r.id for r in filled + empty]


@pytest.mark.parametrize("column", sorted(SORT_COLUMNS))
@pytest.mark.parametrize("descending", [False, True])
def test_sort_every_column(populated: tuple[Database, list[StoredLead]], column: str,
                           descending: bool) -> None:
    db, every = populated
    got = LeadQuery(db).page(LeadFilter(), Sort(column, descending), 0, 10_000)
    assert [r.id for r in got] == _expected_order(every, column, descending)


@pytest.mark.parametrize("column", ["name", "company", "city", "product", "email"])
@pytest.mark.parametrize("descending", [False, True])
def test_blank_text_sorts_last_either_way(
        populated: tuple[Database, list[StoredLead]], column: str, descending: bool) -> None:
    db, _ = populated
    got = LeadQuery(db).page(LeadFilter(), Sort(column, descending), 0, 10_000)
    values = [_python_value(column, lead) for lead in got]
    assert "" in values
    first_blank = values.index("")
    assert first_blank > 0
    assert set(values[first_blank:]) == {""}


@pytest.mark.parametrize("descending", [False, True])
def test_status_sorts_in_workflow_order(
        populated: tuple[Database, list[StoredLead]], descending: bool) -> None:
    db, _ = populated
    got = LeadQuery(db).page(LeadFilter(), Sort("status", descending), 0, 10_000)
    statuses = list(dict.fromkeys(lead.status for lead in got))
    workflow = ["new", "contacted", "quoted", "won", "lost", "spam"]
    assert statuses == (workflow[::-1] if descending else workflow)


def test_status_order_is_the_enum_order() -> None:
    assert list(STATUS_ORDER) == _WORKFLOW


@pytest.mark.parametrize(("column", "index"), [
    ("name", "leads_name_sort"), ("product", "leads_product_sort"),
    ("status", "leads_status_sort"),
])
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_pages_walk_an_index(
        populated: tuple[Database, list[StoredLead]], column: str, index: str,
        descending: bool) -> None:
    db, _ = populated
    plan = " ".join(str(row[3]) for row in db.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM leads {Sort(column, descending).sql()} LIMIT 50"))
    assert index in plan
    assert "TEMP B-TREE" not in plan


def test_sort_covers_every_sort_key() -> None:
    names = {"received", "type", "name", "company", "mobile", "email", "city", "state",
             "product", "category", "quantity", "order_value", "status", "follow_up",
             "query_id"}
    assert set(SORT_COLUMNS) == names


def test_unknown_sort_column_falls_back_safely(
        populated: tuple[Database, list[StoredLead]]) -> None:
    db, every = populated
    got = LeadQuery(db).page(LeadFilter(), Sort("x; DROP TABLE leads; --"), 0, 5)
    assert len(got) == 5
    assert LeadQuery(db).total() == len(every)


def test_paging_is_complete_and_disjoint(populated: tuple[Database, list[StoredLead]]) -> None:
    db, _every = populated
    query = LeadQuery(db)
    flt = LeadFilter(types=frozenset({"W", "B", "P"}))
    total = query.count(flt)
    pages = []
    for offset in range(0, total + 20, 17):
        pages.extend(query.page(flt, Sort("name"), offset, 17))
    assert len(pages) == total
    assert len({p.id for p in pages}) == total
    assert [p.id for p in pages] == [p.id for p in query.page(flt, Sort("name"), 0, 10_000)]
    assert query.page(flt, Sort(), total, 10) == []
    assert [p.id for p in query.iterate(flt, Sort("name"), batch=7)] == [p.id for p in pages]


@pytest.fixture
def small_db(tmp_data_dir: Path) -> Iterator[Database]:
    db = Database.in_folder(tmp_data_dir)
    LeadWriter(db).upsert("main", [
        make_lead(1, product="100% cotton", category="Yarn", city="Pune"),
        make_lead(2, product="1000 cotton", category="Yarn", city="Pune"),
        make_lead(3, product="steel_pipe", category="Pipes", city="O'Hare"),
        make_lead(4, product="steelXpipe", category="Pipes", city="Pune"),
        make_lead(5, product=r"back\slash", category="Misc", city="Pune"),
    ])
    yield db
    db.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("100%", {"1"}),
    ("0%", {"1"}),
    ("steel_pipe", {"3"}),
    ("_", {"3"}),
    ("%", {"1"}),
    ("\\", {"5"}),
    ("k\\s", {"5"}),
    ("'; DROP TABLE leads; --", set()),
])
def test_like_wildcards_are_literal(small_db: Database, text: str, expected: set[str]) -> None:
    got = {r.query_id for r in LeadQuery(small_db).page(LeadFilter(product=text), Sort(), 0, 50)}
    assert got == expected
    assert LeadQuery(small_db).total() == 5


def test_quote_in_city_and_state_is_bound(small_db: Database) -> None:
    got = LeadQuery(small_db).page(LeadFilter(city="o'hare"), Sort(), 0, 50)
    assert [r.query_id for r in got] == ["3"]
    assert LeadQuery(small_db).count(LeadFilter(state="x' OR '1'='1")) == 0


def _fold(text: str) -> str:
    """SQLite's LIKE folds ASCII letters only."""
    return text.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                        "abcdefghijklmnopqrstuvwxyz"))


# Lone surrogates cannot be bound by sqlite3 at all, and NUL ends SQLite's LIKE pattern.
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
                max_size=12) | \
    st.sampled_from(["100", "%", "_", "\\", "cotton", "Steel_P", "0 c", "s%l"])


@given(text=_TEXT)
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_product_text_is_literal(small_db: Database, text: str) -> None:
    query = LeadQuery(small_db)
    every = query.page(LeadFilter(), Sort(), 0, 50)
    expected = {r.id for r in every
                if _fold(text) in _fold(r.product) or _fold(text) in _fold(r.category)}
    got = {r.id for r in query.page(LeadFilter(product=text), Sort(), 0, 50)}
    assert got == expected


def test_distinct_and_counts(populated: tuple[Database, list[StoredLead]]) -> None:
    db, every = populated
    query = LeadQuery(db)
    assert query.distinct("state") == sorted({r.state for r in every if r.state},
                                             key=str.lower)
    assert set(query.distinct("city", "Gujarat")) == {"Surat", "Ahmedabad"}
    assert dict(query.counts_by("query_type", LeadFilter())) == {
        t: sum(1 for r in every if r.query_type == t) for t in {r.query_type for r in every}}
    assert query.unread_count() == sum(1 for r in every if not r.is_read)
    with pytest.raises(ValueError, match="x"):
        query.distinct("x")
    with pytest.raises(ValueError, match="raw_json"):
        query.counts_by("raw_json", LeadFilter())


def test_store_is_sqlite_row_free(populated: tuple[Database, list[StoredLead]]) -> None:
    _db, every = populated
    assert not any(isinstance(getattr(every[0], f), sqlite3.Row) for f in ("id", "raw_json"))
