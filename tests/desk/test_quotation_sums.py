"""Quotation arithmetic in Decimal rupees: GST split by state, rounding to paise, numbering."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from indiamart_desktop.desk.quotation import (
    Buyer,
    Letterhead,
    Quotation,
    QuoteLine,
    TaxSplit,
    quote_sums,
    tax_split,
    today_ist,
)
from indiamart_desktop.desk.quotation_store import (
    load_letterhead,
    next_quotation_number,
    peek_quotation_number,
    quotations_folder,
    save_letterhead,
)
from indiamart_desktop.store.db import Database

D = Decimal


def _line(qty: str, rate: str, gst: str) -> QuoteLine:
    return QuoteLine(product="Steel pipe", quantity=D(qty), unit="pcs", rate=D(rate),
                     gst_rate=D(gst))


@pytest.mark.parametrize(
    ("seller", "buyer", "split"),
    [
        ("Maharashtra", "maharashtra", TaxSplit.INTRA_STATE),
        ("Tamil Nadu", " TAMIL  NADU ", TaxSplit.INTRA_STATE),
        ("Jammu & Kashmir", "Jammu and Kashmir", TaxSplit.INTRA_STATE),
        ("Maharashtra", "Gujarat", TaxSplit.INTER_STATE),
        ("Maharashtra", "", TaxSplit.ASSUMED_INTER_STATE),
        ("", "Gujarat", TaxSplit.ASSUMED_INTER_STATE),
        ("", "", TaxSplit.ASSUMED_INTER_STATE),
    ],
)
def test_tax_split_follows_the_two_states(seller: str, buyer: str, split: TaxSplit) -> None:
    assert tax_split(seller, buyer) is split


@pytest.mark.parametrize(
    ("qty", "rate", "gst", "taxable", "half", "igst"),
    [
        ("10", "1250", "0", "12500.00", "0.00", "0.00"),
        ("10", "1250", "5", "12500.00", "312.50", "625.00"),
        ("3", "333.33", "12", "999.99", "60.00", "120.00"),   # 59.9994 and 119.9988
        ("1", "100.05", "18", "100.05", "9.00", "18.01"),     # 9.0045 and 18.009
        ("2.5", "99.99", "28", "249.98", "35.00", "69.99"),   # 249.975 -> 249.98
        ("7", "0.07", "18", "0.49", "0.04", "0.09"),           # 0.0441 and 0.0882
        ("1", "0.05", "5", "0.05", "0.00", "0.00"),
    ],
)
def test_one_line_intra_and_inter_state(qty: str, rate: str, gst: str, taxable: str,
                                        half: str, igst: str) -> None:
    intra = quote_sums([_line(qty, rate, gst)], TaxSplit.INTRA_STATE)
    assert (intra.taxable, intra.cgst, intra.sgst, intra.igst) == (D(taxable), D(half),
                                                                   D(half), D("0.00"))
    assert intra.total == D(taxable) + 2 * D(half)
    inter = quote_sums([_line(qty, rate, gst)], TaxSplit.INTER_STATE)
    assert (inter.taxable, inter.cgst, inter.sgst, inter.igst) == (D(taxable), D("0.00"),
                                                                   D("0.00"), D(igst))
    assert inter.total == D(taxable) + D(igst)
    assert inter.total.as_tuple().exponent == -2


def test_totals_are_the_sum_of_the_printed_lines() -> None:
    lines = [_line("3", "333.33", "18"), _line("1", "0.07", "18"), _line("5", "19.99", "5")]
    sums = quote_sums(lines, TaxSplit.INTRA_STATE)
    assert sums.taxable == sum((s.taxable for s in sums.lines), D(0)) == D("1100.01")
    assert sums.cgst == sum((s.cgst for s in sums.lines), D(0)) == D("92.51")  # 90.00 + 0.01 + 2.50
    assert sums.total == sum((s.total for s in sums.lines), D(0)) == D("1285.03")


def test_negative_quantity_is_refused() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        quote_sums([_line("-1", "10", "18")], TaxSplit.INTER_STATE)


def test_quotation_dates_are_ist_days() -> None:
    late_utc = datetime(2026, 3, 31, 19, 0, tzinfo=timezone.utc)   # 00:30 on 1 April, IST
    assert today_ist(late_utc) == date(2026, 4, 1)
    quote = Quotation(number="Q-2026-0001", issued=date(2026, 4, 1),
                      seller=Letterhead("A", "B", "", "", "", "Gujarat"),
                      buyer=Buyer("Ram"), lines=(), validity_days=15)
    assert quote.valid_until == date(2026, 4, 16)
    assert quote.sums().split is TaxSplit.ASSUMED_INTER_STATE


def test_numbers_count_up_per_database_and_restart_each_year(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    other = Database.in_folder(tmp_path)
    try:
        day = date(2026, 12, 4)
        assert peek_quotation_number(db, day) == "Q-2026-0001"
        assert next_quotation_number(db, day) == "Q-2026-0001"
        assert next_quotation_number(other, day) == "Q-2026-0002"
        assert peek_quotation_number(db, day) == "Q-2026-0003"
        assert next_quotation_number(db, date(2027, 1, 1)) == "Q-2027-0001"
    finally:
        db.close()
        other.close()


def test_letterhead_round_trips_through_settings(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    try:
        assert load_letterhead(db) is None
        head = Letterhead("Asha Rao", "Rao & Sons <Pipes>", "Plot 4\nMIDC, Pune",
                          "27ABCDE1234F1Z5", "+91 98765 00000", "Maharashtra")
        save_letterhead(db, head)
        assert load_letterhead(db) == head
        assert quotations_folder(db) == tmp_path / "quotations"
        raw = sqlite3.connect(tmp_path / "leads.sqlite3")
        stored = raw.execute("SELECT value FROM settings WHERE name = 'desk/letterhead'")
        assert "Rao & Sons <Pipes>" in stored.fetchone()[0]
        raw.close()
    finally:
        db.close()
