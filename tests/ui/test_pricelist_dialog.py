"""The price list dialog: import a real file (bad rows listed), edit, save to settings; and
the quotation dialog's "Add line" choices follow what was saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.pricelist import Product, load_pricelist, save_pricelist
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadQuery
from indiamart_desktop.ui.pricelist_dialog import GST, NAME, PRICE, PriceListDialog
from indiamart_desktop.ui.quotation_dialog import QuotationDialog

D = Decimal


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_path)
    yield database
    database.close()


def test_import_merges_lists_bad_rows_and_saves(qtbot: QtBot, db: Database,
                                                tmp_path: Path) -> None:
    save_pricelist(db, [Product("GI Pipe", "pcs", D("300"), D("12")),
                        Product("Elbow", "pcs", D("40"), D("18"))])
    dialog = PriceListDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    sheet = tmp_path / "rates.csv"
    sheet.write_text("Item,UOM,Rate,GST %\r\ngi pipe,pcs,\"1,250\",18\r\nTee,pcs,abc,18\r\n"
                     "Socket,pcs,₹30,5%\r\n", encoding="utf-8")
    dialog.import_file(sheet)
    assert dialog.report.toPlainText() == ("2 products read from rates.csv.\n"
                                           "1 rows left out:\n"
                                           "row 3: price 'abc' is not a number")
    assert [dialog.table.item(r, NAME).text() for r in range(3)] == ["gi pipe", "Elbow",
                                                                     "Socket"]
    dialog.table.item(1, PRICE).setText("₹45.50")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert load_pricelist(db) == [Product("gi pipe", "pcs", D("1250"), D("18")),
                                  Product("Elbow", "pcs", D("45.50"), D("18")),
                                  Product("Socket", "pcs", D("30"), D("5"))]


def test_a_wrong_cell_or_file_is_said_and_nothing_saved(qtbot: QtBot, db: Database,
                                                        tmp_path: Path) -> None:
    save_pricelist(db, [Product("GI Pipe", "pcs", D("300"), D("12"))])
    dialog = PriceListDialog(db)
    qtbot.addWidget(dialog)
    dialog.table.item(0, GST).setText("180")
    dialog.save()
    assert dialog.problem.text() == "Line 1: GST rate '180' is not a percentage from 0 to 100"
    dialog.table.item(0, GST).setText("12")
    dialog._add_row(Product("gi pipe", "m", D(1), D(5)))
    dialog.save()
    assert dialog.problem.text() == "Line 2: 'gi pipe' is already in line 1"
    assert load_pricelist(db) == [Product("GI Pipe", "pcs", D("300"), D("12"))]
    wrong = tmp_path / "notes.csv"
    wrong.write_text("Colour,Size\r\nred,2\r\n", encoding="utf-8")
    dialog.import_file(wrong)  # the table is fixed first
    assert dialog.report.toPlainText() == ""
    dialog.table.removeRow(1)
    dialog.import_file(wrong)
    assert "has no heading row" in dialog.report.toPlainText()
    assert dialog.problem.text() == ""


def test_quotation_dialog_picks_up_a_saved_price_list(qtbot: QtBot, db: Database) -> None:
    lead = Lead(query_id="8800001", query_type="W",
                received_at=datetime(2026, 12, 4, 10, 0, tzinfo=IST), sender_name="Vinod Das",
                product="Copper wire")
    stored = LeadQuery(db).get(LeadWriter(db).upsert("main", [lead]).new_ids[0])
    assert stored is not None
    dialog = QuotationDialog(db, stored)
    qtbot.addWidget(dialog)
    assert dialog.picker.count() == 1

    def add_product() -> None:
        sub = QApplication.activeModalWidget()
        assert isinstance(sub, PriceListDialog)
        sub._add_row(Product("Copper Wire", "m", D("80"), D("18"), "7408"))
        sub.save()

    QTimer.singleShot(0, add_product)
    dialog.edit_pricelist()
    assert [dialog.picker.itemText(i) for i in range(2)] == ["Empty line", "Copper Wire"]
