"""The xlsx export read back with openpyxl and compared with the store query."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from indiamart_desktop.export import ExportResult, export_leads
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus, LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort, StoredLead

Exported = tuple[ExportResult, Any]  # (result, openpyxl workbook)
BASE = datetime(2024, 3, 1, 9, 0, tzinfo=IST)
NOW = datetime(2024, 4, 2, 18, 30, tzinfo=IST)
HEADERS = [
    "Received (IST)", "Lead ID", "Type", "Buyer name", "Company", "Mobile", "Alternate mobile",
    "Phone", "E-mail", "City", "State", "Pincode", "Country", "Product", "Category", "Subject",
    "Message", "Quantity", "Unit", "Order value", "Requirement", "Preferred location",
    "Call duration (s)", "Status", "Starred", "Follow-up", "Notes",
]
LONG = "क" * 40_000
#: Buyer messages that a spreadsheet could read as a formula, an error or a link.
HOSTILE = [
    '=HYPERLINK("http://x","y")', "@SUM(A1)", "+91 98765 43210", "-2+3", "#N/A",
    "\tTabbed =1+1", "\r=1+2", "=cmd|' /C calc'!A0", "http://example.com/offer",
]
TRICKY = [
    "नमस्ते, 50 किलो चाहिए\nकृपया कीमत बताएं",
    "bell\x07 and nul\x00 and escape\x1b removed",
    LONG,
]


def make_leads() -> list[Lead]:
    """Leads whose text, numbers and ids trip naive spreadsheet writers."""
    leads: list[Lead] = []
    messages = HOSTILE + TRICKY
    for number, message in enumerate(messages):
        leads.append(Lead(
            query_id=str(1234567890120 + number),
            query_type="WBP"[number % 3],
            received_at=BASE + timedelta(hours=7 * number, minutes=number),
            sender_name="=2*3" if number == 0 else f"Buyer {number}",
            sender_company="@Acme Traders" if number == 1 else f"Company {number}",
            mobile="+91-9876543210" if number % 2 else f"+91-98765{number:05d}",
            mobile_alt="+91-9123456789" if number == 2 else "",
            phone="+91-22-26543210",  # the store keeps one phone format
            email=f"buyer{number}@example.com",
            city=["Pune", "Surat", "Chennai"][number % 3],
            state=["Maharashtra", "Gujarat", "Tamil Nadu"][number % 3],
            pincode="012345" if number == 0 else f"4110{number:02d}",
            country_iso="IN",
            product="=Steel pipe" if number == 3 else ["Steel pipe", "Cotton yarn"][number % 2],
            category="Pipes",
            subject=f"Requirement for item {number}",
            message=message,
            quantity=[5.0, 2.5, None][number % 3],
            quantity_unit="kg",
            order_value="Rs. 10,000 to 20,000",
            requirement_type="Business use",
            preferred_location="Local",
            call_duration=37 if number % 3 == 2 else None,
        ))
    return leads


def make_store(folder: Path) -> Database:
    """A database holding :func:`make_leads`, some with the seller's own fields set."""
    db = Database.in_folder(folder)
    writer = LeadWriter(db)
    ids = writer.upsert("9999999999", make_leads()).new_ids
    writer.set_seller_fields(ids[0], status=LeadStatus.CONTACTED, notes="=1+2 call back",
                             follow_up=date(2024, 4, 5), starred=True)
    writer.set_seller_fields(ids[1], status=LeadStatus.WON, notes="-paid")
    return db


def expected_row(lead: StoredLead) -> list[object]:
    """The row an export must hold for ``lead``, built from the store independently."""
    quantity = lead.quantity
    if quantity is not None and quantity.is_integer():
        quantity = int(quantity)
    cleaned = "".join(ch for ch in lead.message if ch >= " " or ch in "\t\n\r")
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")[:32_767]
    return [
        lead.received_at.replace(tzinfo=None), lead.query_id, lead.type_label, lead.sender_name,
        lead.sender_company, lead.mobile, lead.mobile_alt, lead.phone, lead.email, lead.city,
        lead.state, lead.pincode, lead.country_iso, lead.product, lead.category, lead.subject,
        cleaned, quantity, lead.quantity_unit, lead.order_value, lead.requirement_type,
        lead.preferred_location, lead.call_duration, lead.status.capitalize(),
        "Yes" if lead.starred else "",
        None if lead.follow_up_date is None
        else datetime.combine(lead.follow_up_date, datetime.min.time()),
        lead.notes,
    ]


def _blank_to_none(values: list[object]) -> list[object]:
    return [None if v == "" else v for v in values]


@pytest.fixture
def db(tmp_data_dir: Path) -> Database:
    return make_store(tmp_data_dir)


@pytest.fixture
def exported(db: Database, tmp_path: Path) -> Exported:
    result = export_leads(tmp_path / "leads.xlsx", LeadQuery(db), LeadFilter(), Sort(), now=NOW)
    return result, openpyxl.load_workbook(result.path)


def test_rows_equal_the_store_query_in_order(db: Database, exported: Exported) -> None:
    result, book = exported
    sheet = book["Leads"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    leads = list(LeadQuery(db).iterate(LeadFilter(), Sort()))
    assert result.rows == len(leads) == len(make_leads())
    assert result.format == "xlsx"
    assert rows[0] == HEADERS
    assert rows[1:] == [_blank_to_none(expected_row(lead)) for lead in leads]


def test_cell_types_and_formats(exported: Exported) -> None:
    sheet = exported[1]["Leads"]
    col = {name: index + 1 for index, name in enumerate(HEADERS)}
    for row in range(2, sheet.max_row + 1):
        received = sheet.cell(row, col["Received (IST)"])
        assert isinstance(received.value, datetime)
        assert received.number_format == "dd-mm-yyyy hh:mm"
        for name in ("Lead ID", "Mobile", "Phone", "Pincode", "Message", "Buyer name"):
            assert sheet.cell(row, col[name]).data_type == "s", (row, name)
        quantity = sheet.cell(row, col["Quantity"]).value
        assert quantity is None or isinstance(quantity, (int, float))
        duration = sheet.cell(row, col["Call duration (s)"]).value
        assert duration is None or isinstance(duration, int)
        message = sheet.cell(row, col["Message"])
        assert message.value is None or message.alignment.wrap_text
    values = {sheet.cell(r, col["Lead ID"]).value for r in range(2, sheet.max_row + 1)}
    assert "1234567890120" in values  # a 13-digit id, not 1.23E+12
    pincodes = {sheet.cell(r, col["Pincode"]).value for r in range(2, sheet.max_row + 1)}
    assert "012345" in pincodes  # the leading zero survives
    followed = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col["Follow-up"]).value]
    assert len(followed) == 1
    follow_up = sheet.cell(followed[0], col["Follow-up"])
    assert follow_up.value == datetime(2024, 4, 5)
    assert follow_up.number_format == "dd-mm-yyyy"
    assert sheet.cell(followed[0], col["Status"]).value == "Contacted"
    assert sheet.cell(followed[0], col["Starred"]).value == "Yes"
    assert sheet.cell(followed[0], col["Notes"]).value == "=1+2 call back"


def test_header_frozen_filtered_and_sized(exported: Exported) -> None:
    result, book = exported
    sheet = book["Leads"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:AA{result.rows + 1}"
    assert sheet.column_dimensions["Q"].width == 60  # Message
    assert sheet.column_dimensions["F"].width >= 15  # Mobile fits +91-9876543210
    assert book.properties.title == "IndiaMART leads, exported 02-04-2024 18:30 IST"
    assert book.properties.created == datetime(2024, 4, 2, 13, 0)  # UTC
    assert book.sheetnames == ["Leads", "Summary"]


def test_hostile_text_arrives_as_text(exported: Exported) -> None:
    result, book = exported
    sheet = book["Leads"]
    messages = {cell.value for cell in sheet["Q"][1:]}
    for text in HOSTILE:
        assert text.replace("\r", "\n") in messages
    assert "=2*3" in {cell.value for cell in sheet["D"]}
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            assert cell.data_type != "e", cell.coordinate
            assert cell.hyperlink is None, cell.coordinate
    with zipfile.ZipFile(result.path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
                assert "hyperlink" not in xml, name


def test_illegal_characters_removed_and_long_text_cut(exported: Exported) -> None:
    messages = [cell.value for cell in exported[1]["Leads"]["Q"][1:]]
    assert "bell and nul and escape removed" in messages
    assert "नमस्ते, 50 किलो चाहिए\nकृपया कीमत बताएं" in messages
    assert LONG[:32_767] in messages


def test_summary_sheet_counts_and_filter(db: Database, tmp_path: Path) -> None:
    flt = LeadFilter(types=frozenset({"W", "B"}), state="Maharashtra")
    result = export_leads(tmp_path / "f.xlsx", LeadQuery(db), flt, Sort(), now=NOW)
    rows = [tuple(r) for r in openpyxl.load_workbook(result.path)["Summary"]
            .iter_rows(values_only=True)]
    pairs = {r[0]: r[1] for r in rows if r and r[0] is not None}
    assert pairs["Exported"] == datetime(2024, 4, 2, 18, 30)
    assert pairs["Leads"] == result.rows == LeadQuery(db).count(flt)
    assert pairs["State"] == "Maharashtra"
    assert pairs["Lead types"] == "Buy-lead, Direct enquiry"

    def section(title: str) -> dict[str, int]:
        start = next(i for i, r in enumerate(rows) if r and r[0] == title)
        out: dict[str, int] = {}
        for r in rows[start + 1:]:
            if not r or r[0] is None:
                break
            out[r[0]] = r[1]
        return out

    query = LeadQuery(db)
    assert sum(section("By lead type").values()) == result.rows
    assert section("By lead type") == {
        {"W": "Direct enquiry", "B": "Buy-lead"}[code]: n
        for code, n in query.counts_by("query_type", flt)}
    assert section("By state") == dict(query.counts_by("state", flt))
    assert section("By product") == dict(query.counts_by("product", flt))


def test_export_follows_filter_and_sort(db: Database, tmp_path: Path) -> None:
    flt = LeadFilter(types=frozenset({"P"}))
    sort = Sort("name", descending=False)
    result = export_leads(tmp_path / "p.xlsx", LeadQuery(db), flt, sort, now=NOW)
    ids = [r[1] for r in openpyxl.load_workbook(result.path)["Leads"]
           .iter_rows(min_row=2, values_only=True)]
    assert ids == [lead.query_id for lead in LeadQuery(db).iterate(flt, sort)]
    assert ids and len(ids) < len(make_leads())


def test_empty_export_still_has_header_and_summary(db: Database, tmp_path: Path) -> None:
    result = export_leads(tmp_path / "none.xlsx", LeadQuery(db),
                          LeadFilter(state="Nowhere"), Sort(), now=NOW)
    book = openpyxl.load_workbook(result.path)
    assert result.rows == 0
    assert [c.value for c in book["Leads"][1]] == HEADERS
    assert book["Leads"].max_row == 1
    assert book["Summary"]["B3"].value == 0
