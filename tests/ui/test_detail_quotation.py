""""Make quotation" in the detail pane: a saved PDF goes on the lead's timeline through the
writer thread, and the lead reads quoted; a closed dialog with nothing saved records nothing.
A repeat buyer's line names the enquiry and the first one, and an earlier enquiry opens."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import Desk, open_desk, wait_for

from indiamart_desktop.desk.pricelist import Product, save_pricelist
from indiamart_desktop.desk.quotation import Letterhead
from indiamart_desktop.desk.quotation_store import save_letterhead
from indiamart_desktop.desk.timeline import events
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui.quotation_dialog import QuotationDialog

SELLER = Letterhead("Asha Rao", "Rao Pipes & Fittings", "Plot 4, MIDC, Pune",
                    "27ABCDE1234F1Z5", "+91 98765 00000", "Maharashtra")


def _store(data_dir: Path, query_id: str, received: datetime, **fields: object) -> int:
    db = Database.in_folder(data_dir)
    values: dict[str, object] = {
        "query_id": query_id, "query_type": "W", "received_at": received,
        "sender_name": "Asha", "city": "Surat", "state": "Gujarat",
        "product": "GI Pipe", "quantity": 10.0, "quantity_unit": "pcs",
        "mobile": "+91-9876543210", **fields}
    lead_id = LeadWriter(db).upsert("main", [Lead(**values)]).new_ids[0]  # type: ignore[arg-type]
    db.close()
    return lead_id


def _status(desk: Desk, lead_id: int) -> str:
    return str(desk.db.conn.execute("SELECT status FROM leads WHERE id = ?",
                                    (lead_id,)).fetchone()[0])


def test_make_quotation_records_the_pdf_and_the_lead_reads_quoted(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    lead_id = _store(tmp_data_dir, "8800001", datetime(2026, 12, 4, 10, 0, tzinfo=IST))
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        save_letterhead(desk.db, SELLER)
        save_pricelist(desk.db, [Product("GI Pipe", "pcs", Decimal("300"), Decimal("12"), "7306")])
        desk.window.show_lead(lead_id)
        saved: list[Path] = []

        def save_and_close() -> None:
            shown = QApplication.activeModalWidget()
            assert isinstance(shown, QuotationDialog)
            try:
                path = shown.save_pdf()
                if path is not None:
                    saved.append(path)
            finally:
                shown.accept()

        QTimer.singleShot(0, save_and_close)
        desk.window.detail.quote_button.click()
        assert saved and saved[0].is_file()
        wait_for(qtbot, lambda: _status(desk, lead_id) == "quoted")
        quotes = [e for e in events(desk.db, lead_id) if e.kind == "quotation"]
        assert [e.text for e in quotes] == [saved[0].name]
    finally:
        desk.close()


def test_closing_without_saving_records_nothing(qtbot: QtBot, tmp_data_dir: Path) -> None:
    lead_id = _store(tmp_data_dir, "8800002", datetime(2026, 12, 4, 10, 0, tzinfo=IST))
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window.show_lead(lead_id)

        def close() -> None:
            shown = QApplication.activeModalWidget()
            assert shown is not None
            shown.accept()

        QTimer.singleShot(0, close)
        desk.window.detail.quote_button.click()
        wait_for(qtbot, lambda: desk.window.writer.pending() == 0)
        assert not [e for e in events(desk.db, lead_id) if e.kind == "quotation"]
        assert _status(desk, lead_id) == "new"
    finally:
        desk.close()


def test_a_repeat_buyer_is_named_and_an_earlier_enquiry_opens(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    first = _store(tmp_data_dir, "8800010", datetime(2026, 9, 12, 11, 0, tzinfo=IST),
                   mobile="+91-9876500000")
    _store(tmp_data_dir, "8800011", datetime(2026, 10, 1, 11, 0, tzinfo=IST),
           mobile="+91-9111100000", mobile_alt="+91-9876500000", product="MS Pipe")
    third = _store(tmp_data_dir, "8800012", datetime(2026, 12, 4, 11, 0, tzinfo=IST),
                   mobile="+91-9876500000", product="Steel Pipes")
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        pane = desk.window.detail
        desk.window.show_lead(first)
        assert pane.same_buyer_label.text() == "First enquiry from this buyer."
        assert pane.same_buyer.isHidden()
        desk.window.show_lead(third)
        assert pane.same_buyer_label.text() == "Enquiry 3 from this buyer, first on 12-09-2026"
        rows = [pane.same_buyer.item(i).text() for i in range(pane.same_buyer.count())]
        assert rows == ["12-09-2026 · GI Pipe · New", "01-10-2026 · MS Pipe · New"]
        item = pane.same_buyer.item(0)
        qtbot.mouseClick(pane.same_buyer.viewport(), Qt.MouseButton.LeftButton,
                         pos=pane.same_buyer.visualItemRect(item).center())
        assert pane.lead is not None and pane.lead.id == first
    finally:
        desk.close()
