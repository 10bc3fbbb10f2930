"""The price list: read from real xlsx and csv files, stored in settings, matched to leads."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from indiamart_desktop.desk.pricelist import (
    Product,
    load_pricelist,
    match_product,
    merge_products,
    save_pricelist,
)
from indiamart_desktop.desk.pricelist_import import PriceListFileError, read_price_list
from indiamart_desktop.store.db import Database

D = Decimal


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    sheet["D4"].number_format = "0%"  # 0.18 shown as 18%
    book.save(path)
    return path


def test_xlsx_with_synonym_headings_and_bad_rows(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "rates.xlsx", [
        ["Rao Pipes price list 2026"],
        [],
        ["  Item  Name ", "UOM", "MRP", "GST %", "HSN Code"],
        ["MS Steel Pipe 2 inch", "m", 1250.5, 0.18, 7306],
        ["GI Pipe", "pcs", "₹1,25,000", "12%", "7306.90"],
        ["Elbow", "pcs", "abc", 18, None],
        ["", None, None, None, None],
        ["Tee", "pcs", "45", "", None],
        ["Flange", "pcs", "₹300", "150", None],
        ["Socket", "pcs", "30", 5, "73A"],
        ["gi pipe", "pcs", "10", 5, None],
        ["Bend", None, None, 28, None],
        ["Diamond", "ct", 5000, 0.25, 7102],
    ])
    result = read_price_list(path)
    assert result.products == [
        Product("MS Steel Pipe 2 inch", "m", D("1250.5"), D("18"), "7306"),
        Product("GI Pipe", "pcs", D("125000"), D("12"), "730690"),
        Product("Diamond", "ct", D("5000"), D("0.25"), "7102"),
    ]
    assert result.errors == [
        "row 6: price 'abc' is not a number",
        "row 8: GST rate is empty",
        "row 9: GST rate '150' is not a percentage from 0 to 100",
        "row 10: HSN code '73A' is not 2 to 8 digits",
        "row 11: 'gi pipe' is already in row 5",
        "row 12: price is empty",
    ]


def test_csv_as_sellers_save_it(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(
        "PRODUCT,Rate,Tax,HSN/SAC,Unit\r\n"
        "Steel Pipes,\"1,250.00\",18,7306 90 00,kg\r\n"
        "Copper Wire,\"Rs. 1,25,000/-\",5 %,7408,\r\n"
        "Brass Nut,12..5,18,,pcs\r\n"
        "पीतल नट,₹12,0,,pcs\r\n",
        encoding="utf-8-sig",
    )
    result = read_price_list(path)
    assert result.products == [
        Product("Steel Pipes", "kg", D("1250.00"), D("18"), "73069000"),
        Product("Copper Wire", "", D("125000"), D("5"), "7408"),
        Product("पीतल नट", "pcs", D("12"), D("0"), ""),
    ]
    assert result.errors == ["row 4: price '12..5' is not a number"]


def test_a_file_without_the_needed_headings_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("Product,Colour\r\nPipe,red\r\n", encoding="utf-8")
    with pytest.raises(PriceListFileError, match="no heading row"):
        read_price_list(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(PriceListFileError, match=r"Cannot read broken\.xlsx"):
        read_price_list(broken)


def test_price_list_is_kept_in_settings(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    try:
        assert load_pricelist(db) == []
        products = [Product("Steel Pipes", "kg", D("0.10"), D("18"), "7306"),
                    Product("पीतल नट", "pcs", D("12"), D("5"))]
        save_pricelist(db, products)
        assert load_pricelist(db) == products
        assert load_pricelist(db)[0].price == D("0.10")
    finally:
        db.close()


_PRODUCTS = [
    Product("GI Pipe", "pcs", D(1), D(18)),
    Product("MS Steel Pipe 2 inch", "m", D(1), D(18)),
    Product("Steel Pipes", "kg", D(1), D(18)),
    Product("Copper Wire", "m", D(1), D(18)),
]


@pytest.mark.parametrize(
    ("wanted", "name"),
    [
        ("steel pipes", "Steel Pipes"),
        ("Kindly send price: STEEL PIPES 2 inch", "MS Steel Pipe 2 inch"),
        ("Steel Pipes for plumbing", "Steel Pipes"),
        ("copper wire 4 sq mm", "Copper Wire"),
        ("GI pipe", "GI Pipe"),
    ],
)
def test_a_lead_finds_its_product(wanted: str, name: str) -> None:
    match = match_product(_PRODUCTS, wanted)
    assert match is not None and match.name == name


@pytest.mark.parametrize("wanted", ["", "Cement bags", "   "])
def test_no_shared_word_no_match(wanted: str) -> None:
    assert match_product(_PRODUCTS, wanted) is None


def test_an_import_replaces_same_names_in_place_and_adds_new_ones() -> None:
    old = [Product("GI Pipe", "pcs", D(1), D(18)), Product("Elbow", "pcs", D(2), D(18))]
    new = [Product("Tee", "pcs", D(3), D(5)), Product(" gi pipe ", "m", D(9), D(12))]
    assert merge_products(old, new) == [new[1], old[1], new[0]]
