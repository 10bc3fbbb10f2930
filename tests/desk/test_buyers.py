"""Repeat buyers: one mobile however written, the alternate mobile, else one e-mail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_helpers import arrive, lead_id, record

from indiamart_desktop.desk.buyers import buyer_history, buyer_keys
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def _counts(db: Database) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in
            db.conn.execute("SELECT query_id, buyer_leads FROM leads")}


def test_one_buyer_across_number_formats_and_the_alternate_mobile(db: Database) -> None:
    arrive(db, record(1, 0, SENDER_MOBILE="+91-9876543210"),
           record(2, 10, SENDER_MOBILE="09876543210"),
           record(3, 20, SENDER_MOBILE="98765 43210"),
           record(4, 30, SENDER_MOBILE="+91-9123456789"))
    assert _counts(db) == {"1": 3, "2": 3, "3": 3, "4": 1}
    # A later lead from another number, with the first number as its alternate.
    arrive(db, record(5, 40, SENDER_MOBILE="+91 91111 22222", SENDER_MOBILE_ALT="9876543210"))
    assert _counts(db) == {"1": 4, "2": 4, "3": 4, "4": 1, "5": 4}
    history = buyer_history(db, lead_id(db, 5))
    assert [h.query_id for h in history] == ["1", "2", "3"]
    assert history[0].received_at.strftime("%d-%m-%Y") == "12-09-2026"
    assert [h.query_id for h in buyer_history(db, lead_id(db, 2))] == ["1"]
    assert buyer_history(db, lead_id(db, 4)) == []


def test_without_a_mobile_the_email_case_insensitive(db: Database) -> None:
    arrive(db, record(1, 0, SENDER_MOBILE="", SENDER_EMAIL="Vinod.Das@Example.com"),
           record(2, 5, SENDER_MOBILE="", SENDER_EMAIL="vinod.das@example.COM"),
           record(3, 9, SENDER_MOBILE="", SENDER_EMAIL=""))
    assert _counts(db) == {"1": 2, "2": 2, "3": 1}
    assert buyer_keys("", "", "Vinod.Das@Example.com") == ("vinod.das@example.com", "")


def test_a_changed_number_moves_the_lead_to_its_new_buyer(db: Database) -> None:
    arrive(db, record(1, 0, SENDER_MOBILE="9876543210"), record(2, 1, SENDER_MOBILE="9876543210"),
           record(3, 2, SENDER_MOBILE="9000000003"))
    arrive(db, record(2, 1, SENDER_MOBILE="9000000003"))  # IndiaMART corrected the number
    assert _counts(db) == {"1": 1, "2": 2, "3": 2}


def test_seller_edits_keep_the_buyer(db: Database) -> None:
    arrive(db, record(1, 0, SENDER_MOBILE="9876543210"), record(2, 1, SENDER_MOBILE="9876543210"))
    LeadWriter(db).set_seller_fields(lead_id(db, 1), notes="regular customer", starred=True)
    assert _counts(db) == {"1": 2, "2": 2}


def _steps_to_add(db: Database, first: int, count: int) -> int:
    """SQLite virtual-machine steps (a count, not a time) to store ``count`` more leads of
    one buyer, in one answer."""
    steps = 0

    def tick() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.conn.set_progress_handler(tick, 100)
    try:
        arrive(db, *(record(first + i, i, SENDER_MOBILE="+91-9876543210")
                     for i in range(count)))
    finally:
        db.conn.set_progress_handler(None, 0)
    return steps


def test_a_buyer_with_thousands_of_leads_costs_linear_work(db: Database) -> None:
    """Recounting a buyer's leads once per pair of keys, not once per lead: doubling the
    leads of one answer about doubles the work (quadratic work would quadruple it)."""
    small = _steps_to_add(db, 100_000, 500)
    db.conn.execute("DELETE FROM leads")
    large = _steps_to_add(db, 200_000, 1000)
    assert large < 3 * small, (small, large)
    assert set(_counts(db).values()) == {1000}
