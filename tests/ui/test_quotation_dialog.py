""""Make quotation" on a lead: pre-filled lines, live totals, the letterhead asked for once,
and Save PDF writing the file beside the database."""

from __future__ import annotations

import shutil
import stat
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.pricelist import Product, save_pricelist
from indiamart_desktop.desk.quotation import Letterhead
from indiamart_desktop.desk.quotation_store import load_letterhead, save_letterhead
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadQuery, StoredLead
from indiamart_desktop.ui.letterhead_dialog import LetterheadDialog
from indiamart_desktop.ui.quotation_dialog import QuotationDialog, open_quotation_dialog
from indiamart_desktop.ui.quotation_lines import GST, HSN, PRODUCT, QTY, RATE, UNIT

D = Decimal
NOW = datetime(2026, 12, 4, 20, 0, tzinfo=timezone.utc)  # 01:30 on 5 December in IST
SELLER = Letterhead("Asha Rao", "Rao Pipes & Fittings", "Plot 4, MIDC, Pune",
                    "27ABCDE1234F1Z5", "+91 98765 00000", "Maharashtra")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_path)
    save_pricelist(database, [Product("GI Pipe", "pcs", D("300"), D("12"), "7306"),
                              Product("MS Steel Pipe 2 inch", "m", D("1250"), D("18"), "7306")])
    yield database
    database.close()


def _lead(db: Database, **fields: object) -> StoredLead:
    values: dict[str, object] = {
        "query_id": "7700001", "query_type": "W", "received_at": NOW.astimezone(IST)
        - timedelta(hours=1), "sender_name": "Ram & Sons <b>", "sender_company": "Ram Traders",
        "city": "Surat", "state": "Gujarat", "product": "MS Steel Pipes 2 inch",
        "quantity": 25.0, "quantity_unit": "m", "mobile": "+91-9000000000"}
    values.update(fields)
    lead_id = LeadWriter(db).upsert("main", [Lead(**values)]).new_ids[0]  # type: ignore[arg-type]
    stored = LeadQuery(db).get(lead_id)
    assert stored is not None
    return stored


def _cells(dialog: QuotationDialog, row: int = 0) -> list[str]:
    return [dialog.lines.item(row, c).text() for c in (PRODUCT, HSN, QTY, UNIT, RATE, GST)]


def _dialog(qtbot: QtBot, db: Database, lead: StoredLead,
            opened: list[QUrl] | None = None) -> QuotationDialog:
    sink = opened if opened is not None else []
    dialog = QuotationDialog(db, lead, clock=lambda: NOW,
                             opener=lambda url: sink.append(url) is None)
    qtbot.addWidget(dialog)
    return dialog


def test_prefilled_from_the_price_list_and_the_buyers_quantity(qtbot: QtBot,
                                                               db: Database) -> None:
    save_letterhead(db, SELLER)
    dialog = _dialog(qtbot, db, _lead(db))
    assert _cells(dialog) == ["MS Steel Pipe 2 inch", "7306", "25", "m", "1250.00", "18"]
    assert dialog.buyer_label.text() == "For: Ram & Sons <b>, Ram Traders, Surat, Gujarat"
    assert "Q-2026-0001" in dialog.number_label.text()
    assert dialog.totals.text() == "Taxable ₹31,250.00 · IGST ₹5,625.00 · Total ₹36,875.00"
    dialog.lines.item(0, QTY).setText("2")
    assert dialog.totals.text() == "Taxable ₹2,500.00 · IGST ₹450.00 · Total ₹2,950.00"
    dialog.picker.setCurrentIndex(1)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _cells(dialog, 1) == ["GI Pipe", "7306", "1", "pcs", "300.00", "12"]
    assert dialog.totals.text() == "Taxable ₹2,800.00 · IGST ₹486.00 · Total ₹3,286.00"


def test_same_state_buyer_gets_cgst_and_sgst(qtbot: QtBot, db: Database) -> None:
    save_letterhead(db, SELLER)
    dialog = _dialog(qtbot, db, _lead(db, state="maharashtra", quantity=2.0))
    assert dialog.totals.text() == ("Taxable ₹2,500.00 · CGST ₹225.00 + SGST ₹225.00 · "
                                    "Total ₹2,950.00")


def test_unknown_product_or_unit_is_said(qtbot: QtBot, db: Database) -> None:
    other = _dialog(qtbot, db, _lead(db, product="Cement bags", quantity=None,
                                     quantity_unit=""))
    assert _cells(other) == ["Cement bags", "", "1", "", "", "18"]
    assert "No product in your price list matches" in other.hint.text()
    assert other.totals.text() == "Line 1: enter the rate."
    assert not other.save_button.isEnabled()
    other.lines.item(0, RATE).setText("abc")
    assert other.totals.text() == "Line 1: rate 'abc' is not a number from 0 up."
    other.lines.item(0, RATE).setText("₹1,000")
    assert other.save_button.isEnabled()
    assert other.totals.text() == ("Taxable ₹1,000.00 · IGST ₹180.00 (a state is not known) · "
                                   "Total ₹1,180.00")
    other.lines.selectRow(0)
    qtbot.mouseClick(other.remove_button, Qt.MouseButton.LeftButton)
    assert other.totals.text() == "Add at least one line."
    tons = _dialog(qtbot, db, _lead(db, query_id="7700002", quantity=2.0, quantity_unit="Ton"))
    assert _cells(tons)[QTY:UNIT + 1] == ["2", "Ton"]
    assert tons.hint.text() == "The buyer asked in Ton; your rate is per m: check the quantity."


def test_save_asks_for_the_letterhead_once_and_writes_the_pdf(qtbot: QtBot, db: Database,
                                                              tmp_path: Path) -> None:
    opened: list[QUrl] = []
    dialog = _dialog(qtbot, db, _lead(db), opened)
    dialog.terms.setPlainText("Payment: <advance> & 7 days")

    def fill_letterhead() -> None:
        sub = QApplication.activeModalWidget()
        assert isinstance(sub, LetterheadDialog)
        sub.company.setText(SELLER.company)
        sub.state.setText("Maharashtra")
        sub.gstin.setText("27abcde1234f1z5")
        sub._accept()

    QTimer.singleShot(0, fill_letterhead)
    path = dialog.save_pdf()
    assert path == tmp_path / "quotations" / "Q-2026-0001.pdf"
    assert dialog.saved_path == path and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = load_letterhead(db)
    assert stored is not None and stored.gstin == "27ABCDE1234F1Z5"
    assert dialog.outcome.text() == f"Saved: {path}"
    assert dialog.number_label.text() == "Quotation number: Q-2026-0001"
    assert dialog.show_button.isVisibleTo(dialog)
    dialog.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(path.parent))]
    assert dialog.save_pdf() == path  # saving again keeps the number, asks nothing
    assert sorted(p.name for p in path.parent.iterdir()) == ["Q-2026-0001.pdf"]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True, timeout=60).stdout
        assert "Ram & Sons <b>" in text and "Date: 05-12-2026" in text
        assert "Payment: <advance> & 7 days" in text
    again = _dialog(qtbot, db, _lead(db, query_id="7700003"))
    assert "Q-2026-0002" in again.number_label.text()
    assert again.terms.toPlainText() == "Payment: <advance> & 7 days"


def test_a_refused_letterhead_saves_nothing(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, db, _lead(db))

    def refuse() -> None:
        sub = QApplication.activeModalWidget()
        assert isinstance(sub, LetterheadDialog)
        sub._accept()
        assert sub.problem.text() == "Enter your name or your company."
        sub.company.setText("Rao")
        sub.gstin.setText("27-ABC")
        sub._accept()
        assert sub.problem.text().startswith("A GSTIN has 15")
        sub.reject()

    QTimer.singleShot(0, refuse)
    assert dialog.save_pdf() is None
    assert dialog.outcome.text() == "Set your letterhead first (Letterhead…)."
    assert not (tmp_path / "quotations").exists()
    assert load_letterhead(db) is None


def test_a_database_that_refuses_writes_is_said_not_raised(qtbot: QtBot, db: Database,
                                                           tmp_path: Path) -> None:
    dialog = _dialog(qtbot, db, _lead(db))
    db.conn.execute("PRAGMA query_only = ON")

    def accept_letterhead() -> None:
        sub = QApplication.activeModalWidget()
        assert isinstance(sub, LetterheadDialog)
        sub.company.setText("Rao Pipes")
        sub._accept()

    QTimer.singleShot(0, accept_letterhead)
    assert dialog.save_pdf() is None
    assert dialog.outcome.text().startswith("The letterhead was not saved: ")
    db.conn.execute("PRAGMA query_only = OFF")
    save_letterhead(db, SELLER)
    db.conn.execute("PRAGMA query_only = ON")
    assert dialog.save_pdf() is None
    assert dialog.outcome.text().startswith("The quotation was not saved: ")
    assert not (tmp_path / "quotations").exists()
    db.conn.execute("PRAGMA query_only = OFF")


def test_open_quotation_dialog_returns_the_saved_pdf(qtbot: QtBot, db: Database,
                                                     tmp_path: Path) -> None:
    save_letterhead(db, SELLER)
    lead = _lead(db)

    def save_and_close() -> None:
        shown = QApplication.activeModalWidget()
        assert isinstance(shown, QuotationDialog)
        assert shown.save_pdf() is not None
        shown.accept()

    QTimer.singleShot(0, save_and_close)
    path = open_quotation_dialog(None, db, lead)
    assert path is not None and path.parent == tmp_path / "quotations" and path.is_file()

    def close() -> None:
        shown = QApplication.activeModalWidget()
        assert isinstance(shown, QuotationDialog)
        shown.reject()

    QTimer.singleShot(0, close)
    assert open_quotation_dialog(None, db, lead) is None
